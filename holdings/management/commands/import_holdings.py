"""`python manage.py import_holdings FILE --archive CODE [--dry-run] [--user NAME]`: checks and loads
an inventory file (CSV or XLSX, columns in README.md) all or nothing, and prints the report."""
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from holdings import importer
from holdings.models import Archive


class Command(BaseCommand):
    help = "Import units (with their fonds and inventories) from a CSV or XLSX file into one archive."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--archive", required=True, help="Archive code")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing")
        parser.add_argument("--user", help="Username recorded as the author (default: none)")

    def handle(self, *args, **options):
        archive = Archive.objects.filter(code=options["archive"]).first()
        if archive is None:
            raise CommandError(f"No archive with code {options['archive']!r}.")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']!r}.")
        started = time.perf_counter()
        report = importer.import_file(actor=actor, archive=archive, path=options["file"],
                                      dry_run=options["dry_run"],
                                      progress=lambda phase, n: self.stderr.write(f"{phase}: {n} rows"))
        elapsed = time.perf_counter() - started
        for entry in report.warnings:
            self.stdout.write(f"warning: {importer.message(entry)}")
        for entry in report.errors:
            where = f"row {entry['row']}" if entry["row"] else "file"
            column = f" [{entry['column']}]" if entry["column"] else ""
            self.stdout.write(f"{where}{column}: {importer.message(entry)}")
        if report.error_count > len(report.errors):
            self.stdout.write(f"... and {report.error_count - len(report.errors)} more errors")
        summary = (f"{report.rows} rows; new fonds: {len(report.fonds_new)}, new inventories: "
                   f"{len(report.inventories_new)}")
        if not report.ok:
            raise CommandError(f"{report.error_count} errors; nothing was written. {summary}")
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(f"Check passed, nothing written (dry run). {summary}"))
            return
        rate = report.units_created / elapsed if elapsed else 0
        self.stdout.write(self.style.SUCCESS(
            f"Imported {report.units_created} units in {elapsed:.1f} s ({rate:,.0f} units/s). {summary}"))
