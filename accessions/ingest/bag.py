"""Validation of an unpacked BagIt bag with the `bagit` library; errors name the bad file."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import bagit

from ..i18n import gettext as _
from .errors import PackageError

logging.getLogger("bagit").setLevel(logging.ERROR)  # it logs every file it hashes

AGENT = f"bagit-python {getattr(bagit, 'VERSION', '')}".strip()


@dataclass(frozen=True)
class ValidBag:
    """A bag whose manifests matched its files: the payload paths with their checksums."""

    root: Path
    algorithms: tuple[str, ...]
    checksums: dict[str, dict[str, str]]  # "data/x.pdf" -> {"sha256": "..."}

    @property
    def payload(self) -> list[str]:
        return sorted(p for p in self.checksums if p.startswith("data/"))


def _detail_message(detail) -> tuple[str, str]:
    path = str(getattr(detail, "path", "") or "").replace("\\", "/")
    if isinstance(detail, bagit.ChecksumMismatch):
        return (_("Checksum mismatch in %(path)s: the %(algorithm)s in the manifest is %(expected)s, the file "
                  "gives %(found)s.") % {"path": path, "algorithm": detail.algorithm, "expected": detail.expected,
                                         "found": detail.found}, path)
    if isinstance(detail, bagit.FileMissing):
        return _("%(path)s is listed in the manifest but missing from the package.") % {"path": path}, path
    if isinstance(detail, bagit.UnexpectedFile):
        return _("%(path)s is in the package but not in the manifest.") % {"path": path}, path
    return str(detail), path


def validate(root: Path) -> ValidBag:
    """Checks structure, Payload-Oxum, completeness and every checksum; refuses fetch.txt."""
    try:
        bag = bagit.Bag(str(root))
    except bagit.BagError as exc:
        raise PackageError(_("The package is not a valid BagIt bag: %(error)s") % {"error": exc}) from exc
    if list(bag.files_to_be_fetched()):
        raise PackageError(_("The bag lists files to fetch (fetch.txt); send every file inside the package."),
                           "fetch.txt")
    try:
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        if exc.details:
            message, path = _detail_message(exc.details[0])
            more = len(exc.details) - 1
            if more:
                message += " " + _("(and %(n)s more problems)") % {"n": more}
            raise PackageError(message, path) from exc
        raise PackageError(_("The bag is not valid: %(error)s") % {"error": exc.message}) from exc
    except bagit.BagError as exc:
        raise PackageError(_("The bag is not valid: %(error)s") % {"error": exc}) from exc
    checksums = {path.replace("\\", "/"): dict(hashes) for path, hashes in bag.entries.items()}
    if not any(p.startswith("data/") for p in checksums):
        raise PackageError(_("The bag holds no files in data/."))
    return ValidBag(root=root, algorithms=tuple(bag.algorithms), checksums=checksums)
