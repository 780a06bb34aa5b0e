"""Data for the accessions tests: sources with valid BINs, agency accounts, and BagIt packages built
with the `bagit` library (zip or tar), plus hostile packages built by hand."""
import io
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import bagit

from accessions import services
from accessions.models import Source
from accounts.validators import control_digit

# A tiny valid PDF and PNG, so that format identification has something real to recognise.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def make_bin(prefix: str) -> str:
    """A 12-digit BIN with a valid check digit, from 11 digits (varies the 11th when needed)."""
    for last in range(10):
        base = prefix[:10] + str((int(prefix[10]) + last) % 10)
        check = control_digit(base)
        if check is not None:
            return base + str(check)
    raise ValueError(prefix)


_bin_counter = [0]


def next_bin() -> str:
    _bin_counter[0] += 1
    return make_bin(f"0404{_bin_counter[0]:07d}")


def make_source(archive, actor=None, **data) -> Source:
    data.setdefault("name", "ГУ «Аппарат акима города»")
    data.setdefault("kind", "state_agency")
    data.setdefault("bin", next_bin())
    return services.source_create(actor=actor, archive=archive, **data)


def make_agency(source, username="agency1"):
    account, token = services.agency_account_create(actor=None, source=source, username=username,
                                                    email=f"{username}@gov.kz")
    return account, token


def default_metadata(files: dict[str, bytes], fonds="1", inventory="1", **extra) -> dict:
    units = []
    for n, name in enumerate(sorted(files), start=1):
        units.append({"number": str(n), "title": f"Документ {n}: {name}", "date_start": "2023-01-01",
                      "date_end": "2023-12-31", "access_level": "open", "files": [f"data/{name}"]})
    return {"fonds": fonds, "inventory": inventory, "fonds_title": "Аппарат акима",
            "inventory_title": "Электронные документы 2023", "units": units, **extra}


def build_bag(folder: Path, files: dict[str, bytes], metadata: dict | None = None, *, fmt: str = "zip",
              wrap: str = "", checksums=("sha256",), tamper=None) -> Path:
    """A bag made by `bagit.make_bag` with archive-metadata.json as a tag file, packed as zip, tar
    or tar.gz. `tamper(bag_dir)` may change files after bagging (to corrupt the bag)."""
    bag_dir = folder / "bag-src" / (wrap or "bag")
    if bag_dir.exists():
        shutil.rmtree(bag_dir)
    bag_dir.mkdir(parents=True)
    for name, content in files.items():
        path = bag_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    bag = bagit.make_bag(str(bag_dir), {"Source-Organization": "Test agency"}, checksums=list(checksums))
    meta = metadata if metadata is not None else default_metadata(files)
    (bag_dir / "archive-metadata.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    bag.save(manifests=True)  # the tag manifest now covers archive-metadata.json
    if tamper:
        tamper(bag_dir)
    top = bag_dir.parent if wrap else bag_dir
    out = folder / f"package.{ 'zip' if fmt == 'zip' else fmt}"
    if fmt == "zip":
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(top.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(top).as_posix())
    else:
        mode = {"tar": "w", "tar.gz": "w:gz"}[fmt]
        with tarfile.open(out, mode) as tf:
            for path in sorted(top.iterdir()):
                tf.add(path, arcname=path.relative_to(top).as_posix())
    return out


def zip_with(entries: list[tuple[str, bytes]], path: Path, *, mode: int | None = None) -> Path:
    """A zip written member by member (for hostile names and modes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                info.external_attr = mode << 16
            zf.writestr(info, data)
    return path


def tar_with(members: list[tarfile.TarInfo], path: Path, data: dict[str, bytes] | None = None) -> Path:
    with tarfile.open(path, "w") as tf:
        for member in members:
            content = (data or {}).get(member.name)
            tf.addfile(member, io.BytesIO(content) if content is not None else None)
    return path
