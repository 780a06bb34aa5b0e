"""Format identification: PRONOM identifiers with opf-fido where it works, else the file signature
(magic bytes) table below. Each result says which method produced it."""
from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path

from ..choices import IdentificationMethod

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Identification:
    """What a file is, and how that was decided."""

    puid: str
    name: str
    mime: str
    method: str
    detail: str = ""


# (offset, bytes, MIME type, name). Checked in order; the first match wins.
SIGNATURES: list[tuple[int, bytes, str, str]] = [
    (0, b"%PDF-", "application/pdf", "PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png", "PNG image"),
    (0, b"\xff\xd8\xff", "image/jpeg", "JPEG image"),
    (0, b"GIF87a", "image/gif", "GIF image"),
    (0, b"GIF89a", "image/gif", "GIF image"),
    (0, b"II*\x00", "image/tiff", "TIFF image"),
    (0, b"MM\x00*", "image/tiff", "TIFF image"),
    (0, b"\x00\x00\x00\x0cjP  \r\n\x87\n", "image/jp2", "JPEG 2000 image"),
    (0, b"BM", "image/bmp", "BMP image"),
    (0, b"AT&TFORM", "image/vnd.djvu", "DjVu document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", "OLE2 compound document (MS Office 97-2003)"),
    (0, b"PK\x03\x04", "application/zip", "ZIP container (OOXML, ODF or ZIP)"),
    (0, b"{\\rtf", "application/rtf", "Rich Text Format"),
    (0, b"<?xml", "application/xml", "XML document"),
    (0, b"\xef\xbb\xbf<?xml", "application/xml", "XML document"),
    (0, b"<!DOCTYPE html", "text/html", "HTML document"),
    (0, b"<html", "text/html", "HTML document"),
    (4, b"ftyp", "video/mp4", "MPEG-4 / QuickTime media"),
    (0, b"\x1aE\xdf\xa3", "video/x-matroska", "Matroska / WebM media"),
    (0, b"\x00\x00\x01\xba", "video/mpeg", "MPEG program stream"),
    (0, b"OggS", "audio/ogg", "Ogg media"),
    (0, b"fLaC", "audio/flac", "FLAC audio"),
    (0, b"ID3", "audio/mpeg", "MP3 audio"),
    (0, b"\xff\xfb", "audio/mpeg", "MP3 audio"),
    (0, b"\x1f\x8b", "application/gzip", "GZIP archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed", "7-Zip archive"),
    (0, b"Rar!", "application/vnd.rar", "RAR archive"),
]
# RIFF containers are told apart by the form type at offset 8.
RIFF_TYPES = {b"WAVE": ("audio/wav", "WAVE audio"), b"AVI ": ("video/x-msvideo", "AVI video"),
              b"WEBP": ("image/webp", "WebP image")}


def by_signature(path: Path) -> Identification | None:
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head[:4] == b"RIFF" and head[8:12] in RIFF_TYPES:
        mime, name = RIFF_TYPES[head[8:12]]
        return Identification("", name, mime, IdentificationMethod.SIGNATURE, "RIFF " + head[8:12].decode())
    for offset, magic, mime, name in SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            return Identification("", name, mime, IdentificationMethod.SIGNATURE, f"magic bytes at {offset}")
    return None


# fido reads this much of the start and of the end of each file. PRONOM's signatures sit near the
# ends; 32 KB instead of fido's default 128 KB identifies the same formats about 1.5x faster.
BUFSIZE = 32 * 1024


class _ParseOnce:
    """fido parses its container-signature XML again for every zip or OLE file it looks into;
    this stand-in for its ElementTree module parses each file once per process."""

    def __init__(self, module):
        self._module = module
        self._trees = {}

    def parse(self, source, *args, **kwargs):
        if isinstance(source, str) and not args and not kwargs:
            if source not in self._trees:
                self._trees[source] = self._module.parse(source)
            return self._trees[source]
        return self._module.parse(source, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._module, name)


def _cache_container_signatures() -> None:
    import fido.fido as fido_module

    if not isinstance(fido_module.ET, _ParseOnce):
        fido_module.ET = _ParseOnce(fido_module.ET)


def _memoize_container_signatures(fido) -> None:
    """...and compiles the container signatures out of it again each time: once is enough."""
    original = fido.extract_signatures
    compiled: dict = {}

    def extract_signatures(doc, signature_type="ZIP"):
        key = (id(doc), signature_type)
        if key not in compiled:
            compiled[key] = original(doc, signature_type=signature_type)
        return compiled[key]

    fido.extract_signatures = extract_signatures


class _Fido:
    """One opf-fido instance per process (loading the PRONOM signatures takes a moment)."""

    _lock = threading.Lock()
    use_lock = threading.Lock()  # the instance keeps per-file state
    _instance = None
    _failed: str | None = None

    @classmethod
    def get(cls):
        if cls._instance is None and cls._failed is None:
            with cls._lock:
                if cls._instance is None and cls._failed is None:
                    try:
                        from fido import CONFIG_DIR, __version__
                        from fido.fido import Fido
                        from fido.versions import get_local_versions

                        versions = get_local_versions(CONFIG_DIR)
                        holder = {}

                        def handle(_name, matches, _delta, matchtype):
                            holder["result"] = (matches, matchtype)

                        _cache_container_signatures()
                        fido = Fido(quiet=True, handle_matches=handle, bufsize=BUFSIZE,
                                    format_files=[versions.pronom_signature, versions.fido_extension_signature])
                        _memoize_container_signatures(fido)
                        cls._instance = (fido, holder, f"opf-fido {__version__} (PRONOM {versions.pronom_signature})")
                    except Exception as exc:  # noqa: BLE001 - fido missing or its signature files unusable
                        cls._failed = f"{exc.__class__.__name__}: {exc}"
                        logger.warning("opf-fido is not usable, falling back to file signatures: %s", exc)
        return cls._instance

    @classmethod
    def unavailable_reason(cls) -> str:
        return cls._failed or ""


def agent() -> str:
    fido = _Fido.get()
    return fido[2] if fido else "file signature table"


def _with_fido(path: Path) -> tuple[Identification | None, Identification | None]:
    """(a signature or container match, an extension-only match) from fido."""
    fido = _Fido.get()
    if fido is None:
        return None, None
    instance, holder, _agent = fido
    with _Fido.use_lock, contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        holder.clear()
        instance.identify_file(str(path))
        matches, matchtype = holder.get("result", ([], "fail"))
    if not matches or matchtype == "fail":
        return None, None
    fmt, _sig = matches[0]

    def text(tag: str) -> str:
        el = fmt.find(tag)
        return el.text if el is not None and el.text else ""

    more = f", {len(matches) - 1} other candidates" if len(matches) > 1 else ""
    found = Identification(text("puid"), text("name")[:300],
                           text("mime") or mimetypes.guess_type(path.name)[0] or "", IdentificationMethod.FIDO,
                           f"{matchtype} match{more}")
    if matchtype == "extension":
        return None, found
    return found, None


def identify(path: Path) -> Identification:
    """PRONOM via fido (signature or container match); else the magic-bytes table; else fido's match
    by the file name's extension (weak, said so in the detail); else unknown."""
    try:
        found, by_extension = _with_fido(path)
    except Exception as exc:  # noqa: BLE001 - a fido crash on one odd file must not stop the transfer
        logger.warning("opf-fido failed on %s: %s", path.name, exc)
        found = by_extension = None
    if found is not None:
        return found
    signature = by_signature(path)
    if signature is not None:
        reason = _Fido.unavailable_reason()
        detail = signature.detail + (f"; fido unavailable: {reason}" if reason else "; no PRONOM signature matched")
        return Identification(signature.puid, signature.name, signature.mime, signature.method, detail[:300])
    if by_extension is not None:
        return Identification(by_extension.puid, by_extension.name, by_extension.mime, by_extension.method,
                              "extension match only: no signature in the file")
    guess = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Identification("", "", guess, IdentificationMethod.NONE, "no signature matched; MIME type from the name")


def is_weak(detail: str) -> bool:
    """An identification by the name's extension only (recorded as a warning)."""
    return detail.startswith("extension match only")
