"""python manage.py import_retention_schedule FILE --order-number N --order-date YYYY-MM-DD --title-ru ...

Loads a version of the retention schedule from a CSV file (format in README.md, sample in
docs/samples/retention_schedule.csv). With --dry-run, or when any row is wrong, nothing is written and
the errors are listed with their row numbers."""
import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from appraisal import services


class Command(BaseCommand):
    help = "Imports a retention schedule version from CSV (article, document_type_ru, document_type_kk, retention, notes)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--order-number", required=True)
        parser.add_argument("--order-date", required=True, type=dt.date.fromisoformat)
        parser.add_argument("--title-ru", required=True)
        parser.add_argument("--title-kk", default="")
        parser.add_argument("--issued-by", default="")
        parser.add_argument("--not-current", action="store_true", help="Load it without making it the current one.")
        parser.add_argument("--dry-run", action="store_true", help="Only check the file.")

    def handle(self, *args, **options):
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            report = services.retention_schedule_import(
                actor=None, data=data, title_ru=options["title_ru"], title_kk=options["title_kk"],
                order_number=options["order_number"], order_date=options["order_date"],
                issued_by=options["issued_by"], make_current=not options["not_current"], dry_run=options["dry_run"])
        except services.AppraisalError as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            self.stderr.write(f"row {error.row}: {error.message}" if error.row else str(error.message))
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s); nothing was loaded.")
        if report.dry_run:
            self.stdout.write(f"The file is correct: {len(report.articles)} articles (dry run, nothing loaded).")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Loaded {len(report.articles)} articles as schedule #{report.schedule.pk}"
                f"{' (current)' if report.schedule.is_current else ''}."))
