"""python manage.py compile_translations: every .po file of the project into its .mo, without GNU gettext.

Django's compilemessages needs msgfmt; a fresh machine (or the slim Docker image) may not have it,
so the catalogues are compiled with polib, which is pure Python."""
import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Folders that never hold the project's own catalogues.
SKIP_DIRS = {".venv", "venv", "node_modules", "media", "staticfiles", "__pycache__", "bench"}


def find_po_files(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        if Path(dirpath).name != "LC_MESSAGES":
            continue
        found.extend(Path(dirpath) / name for name in sorted(filenames) if name.endswith(".po"))
    return found


def compile_po(po_path: Path, *, force: bool = False) -> bool:
    """Writes po_path's .mo beside it; returns False when the .mo was already up to date."""
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    catalogue = polib.pofile(str(po_path), encoding="utf-8")
    # Write beside the target and rename: a test run reading the .mo never sees half a file.
    fd, tmp_name = tempfile.mkstemp(dir=po_path.parent, prefix=".tmp-", suffix=".mo")
    os.close(fd)
    try:
        catalogue.save_as_mofile(tmp_name)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, mo_path)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return True


class Command(BaseCommand):
    help = "Compiles every .po catalogue of the project into .mo files (pure Python, no gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recompile even when the .mo is newer.")

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        po_files = find_po_files(root)
        if not po_files:
            raise CommandError(f"No .po files found under {root}.")
        compiled = 0
        for po_path in po_files:
            try:
                if compile_po(po_path, force=options["force"]):
                    compiled += 1
                    if options["verbosity"] > 1:
                        self.stdout.write(f"compiled {po_path.relative_to(root)}")
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po_path.relative_to(root)}: {exc}") from exc
        self.stdout.write(f"Translations: {compiled} compiled, {len(po_files) - compiled} up to date.")
