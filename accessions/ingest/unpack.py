"""Safe unpacking of a transfer package (zip, or tar with any compression).

Refused before a byte is written: absolute paths, `..` components, backslashes, symbolic and hard
links, devices and other special members, more members than allowed, a declared total above the
size limit, and archives that expand far more than data does (zip bombs: by total size and by
compression ratio, overall and per member). While writing, the bytes actually produced are counted
again, because a zip header can lie about the size."""
from __future__ import annotations

import os
import re
import stat
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from ..i18n import gettext as _
from .errors import PackageError

CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    """How much a package may expand; from settings, with defaults for the embedded setup."""

    max_bytes: int
    max_ratio: int
    ratio_floor: int
    max_members: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.TRANSFER_MAX_BYTES,
            max_ratio=getattr(settings, "TRANSFER_MAX_RATIO", 100),
            # Below this many expanded bytes the ratio is not judged (small text compresses well).
            ratio_floor=getattr(settings, "TRANSFER_RATIO_FLOOR_BYTES", 10 * 1024 * 1024),
            max_members=getattr(settings, "TRANSFER_MAX_FILES", 100_000),
        )


def safe_member_name(name: str, *, directory: bool = False) -> str:
    """The member's relative POSIX path, or PackageError for anything that could escape the folder.
    A directory member naming the package root itself ("./", which `tar -C bag .` writes first)
    gives "": there is nothing to make for it."""
    if not name or "\x00" in name:
        raise PackageError(_("The package holds a member with an empty or invalid name."), name)
    if "\\" in name:
        raise PackageError(_("%(path)s: backslashes are not allowed in paths.") % {"path": name}, name)
    if name.startswith("/") or _DRIVE.match(name):
        raise PackageError(_("%(path)s: absolute paths are not allowed.") % {"path": name}, name)
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise PackageError(_("%(path)s: “..” in a path is not allowed.") % {"path": name}, name)
    if not parts:
        if directory:
            return ""
        raise PackageError(_("The package holds a member with an empty or invalid name."), name)
    return "/".join(parts)


def _target(dest: Path, rel: str) -> Path:
    target = (dest / rel).resolve()
    if dest.resolve() not in target.parents:
        raise PackageError(_("%(path)s: the path leaves the package folder.") % {"path": rel}, rel)
    return target


def _too_big(limits: Limits) -> str:
    return _("The package expands to more than %(size)s MB, the limit for one transfer.") % {
        "size": limits.max_bytes // (1024 * 1024)}


def _bomb(rel: str) -> PackageError:
    return PackageError(_("%(path)s expands far more than real data does: the package looks like a zip bomb "
                          "and is refused.") % {"path": rel or _("The package")}, rel)


def _make_dir(folder: Path, rel: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:  # a file of the package sits where this folder goes
        raise PackageError(_("%(path)s: a file and a folder of the same name are in the package.")
                           % {"path": rel}, rel) from exc
    except OSError as exc:  # a name too long for the file system, and the like
        raise _unwritable(rel, exc) from exc


def _unwritable(rel: str, exc: OSError) -> PackageError:
    return PackageError(_("%(path)s cannot be unpacked: %(error)s") % {"path": rel, "error": exc.strerror or exc},
                        rel)


def _write(source, target: Path, rel: str, declared: int, limits: Limits, written_total: int) -> int:
    """Copies one member, counting the bytes really produced; returns the new running total."""
    _make_dir(target.parent, rel)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise PackageError(_("%(path)s appears twice in the package.") % {"path": rel}, rel) from exc
    except OSError as exc:
        raise _unwritable(rel, exc) from exc
    written = 0
    with os.fdopen(fd, "wb") as out:
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                break
            written += len(chunk)
            written_total += len(chunk)
            if written > declared:
                raise _bomb(rel)
            if written_total > limits.max_bytes:
                raise PackageError(_too_big(limits), rel)
            out.write(chunk)
    return written_total


def _unzip(package: Path, dest: Path, limits: Limits) -> None:
    try:
        zf = zipfile.ZipFile(package)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(_("The package is not a readable zip file.")) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise PackageError(_("The package holds more than %(n)s files.") % {"n": limits.max_members})
        total = 0
        members = []
        for info in infos:
            rel = safe_member_name(info.filename, directory=info.is_dir())
            if not rel:
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise PackageError(_("%(path)s is a symbolic link; links are not allowed.") % {"path": rel}, rel)
            if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise PackageError(_("%(path)s is a device or special file; only plain files are allowed.")
                                   % {"path": rel}, rel)
            if info.flag_bits & 0x1:
                raise PackageError(_("%(path)s is encrypted; send the package unencrypted.") % {"path": rel}, rel)
            total += info.file_size
            if total > limits.max_bytes:
                raise PackageError(_too_big(limits), rel)
            if (info.file_size > limits.ratio_floor
                    and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
                raise _bomb(rel)
            members.append((info, rel))
        if total > limits.ratio_floor and total > limits.max_ratio * max(package.stat().st_size, 1):
            raise _bomb("")
        written_total = 0
        for info, rel in members:
            target = _target(dest, rel)
            if info.is_dir():
                _make_dir(target, rel)
                continue
            try:
                with zf.open(info) as source:
                    written_total = _write(source, target, rel, info.file_size, limits, written_total)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError) as exc:
                raise PackageError(_("%(path)s cannot be read from the zip file.") % {"path": rel}, rel) from exc


def _untar(package: Path, dest: Path, limits: Limits) -> None:
    try:
        tf = tarfile.open(package, "r:*")
    except (tarfile.TarError, OSError) as exc:
        raise PackageError(_("The package is not a readable tar file.")) from exc
    package_size = max(package.stat().st_size, 1)
    with tf:
        total = 0
        count = 0
        try:
            for member in tf:
                count += 1
                if count > limits.max_members:
                    raise PackageError(_("The package holds more than %(n)s files.") % {"n": limits.max_members})
                rel = safe_member_name(member.name, directory=member.isdir())
                if not rel:
                    continue
                if member.issym() or member.islnk():
                    raise PackageError(_("%(path)s is a link; links are not allowed.") % {"path": rel}, rel)
                if not (member.isfile() or member.isdir()):
                    raise PackageError(_("%(path)s is a device or special file; only plain files are allowed.")
                                       % {"path": rel}, rel)
                target = _target(dest, rel)
                if member.isdir():
                    _make_dir(target, rel)
                    continue
                total += member.size
                if total > limits.max_bytes:
                    raise PackageError(_too_big(limits), rel)
                if total > limits.ratio_floor and total > limits.max_ratio * package_size:
                    raise _bomb(rel)
                source = tf.extractfile(member)
                if source is None:
                    raise PackageError(_("%(path)s cannot be read from the tar file.") % {"path": rel}, rel)
                with source:
                    _write(source, target, rel, member.size, limits, total - member.size)
        except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
            if isinstance(exc, PackageError):
                raise
            raise PackageError(_("The tar file is damaged: %(error)s") % {"error": exc}) from exc


def package_kind(package: Path) -> str:
    with open(package, "rb") as fh:
        head = fh.read(4)
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if tarfile.is_tarfile(package):
        return "tar"
    raise PackageError(_("The package must be a zip or tar file holding a BagIt bag."))


def unpack(package: Path, dest: Path, limits: Limits | None = None) -> Path:
    """Unpacks into `dest` (which must be empty) and returns the bag's root folder: `dest` itself,
    or the one folder the package holds when the bag was packed inside a folder."""
    limits = limits or Limits.from_settings()
    if package.stat().st_size > limits.max_bytes:
        raise PackageError(_too_big(limits))
    dest.mkdir(parents=True, exist_ok=True)
    if package_kind(package) == "zip":
        _unzip(package, dest, limits)
    else:
        _untar(package, dest, limits)
    if (dest / "bagit.txt").is_file():
        return dest
    entries = [p for p in dest.iterdir() if not p.name.startswith("__MACOSX")]
    if len(entries) == 1 and entries[0].is_dir() and (entries[0] / "bagit.txt").is_file():
        return entries[0]
    raise PackageError(_("The package is not a BagIt bag: bagit.txt is missing at its root."), "bagit.txt")
