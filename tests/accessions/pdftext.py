"""A small text extractor for the PDFs fpdf2 writes (Type0 fonts, Identity-H, ToUnicode CMaps), so
tests can read what a printed act says, Kazakh letters included."""
import re
import zlib

OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _stream(body: bytes) -> bytes:
    match = STREAM.search(body)
    if not match:
        return b""
    data = match.group(1)
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def _cmap(data: bytes) -> dict[bytes, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    return mapping


def _literal(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\\":
            nxt = raw[i + 1:i + 2]
            if nxt in ESCAPES:
                out += ESCAPES[nxt]
                i += 2
                continue
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(0), 8))
                i += 1 + len(octal.group(0))
                continue
            i += 1
            continue
        out += c
        i += 1
    return bytes(out)


def extract_text(pdf: bytes) -> str:
    objects = {int(num): body for num, body in OBJ.findall(pdf)}
    font_cmaps = {}
    for num, body in objects.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if ref:
            font_cmaps[num] = _cmap(_stream(objects[int(ref.group(1))]))
    names = {}
    for body in objects.values():
        for block in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            for name, num in re.findall(rb"/(\w+) (\d+) 0 R", block):
                names[name] = font_cmaps.get(int(num), {})
    lines = []
    for body in objects.values():
        content = _stream(body)
        if b" Tj" not in content:
            continue
        cmap = {}
        for match in re.finditer(rb"/(\w+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            if match.group(1):
                cmap = names.get(match.group(1), {})
                continue
            raw = _literal(match.group(2))
            lines.append("".join(cmap.get(raw[i:i + 2], "?") for i in range(0, len(raw) - 1, 2)))
    return "\n".join(lines)


def pdftotext_layout(pdf: bytes) -> str:
    """The page as poppler's `pdftotext -layout` lays it out (CI installs poppler-utils): spacing
    between words shows, so a line stretched by justification can be told from a flush-left one."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
