"""python manage.py seed_demo: idempotent demo data for every app; refuses to run with DEBUG off."""
import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Order matters: apps depend downward.
DEMO_MODULES = ["accounts.demo", "holdings.demo", "staff.demo", "accessions.demo", "appraisal.demo",
                "readingroom.demo"]


class Command(BaseCommand):
    help = "Creates (or refreshes) the demo data and prints the demo logins."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: demo logins have known passwords.")
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    continue
                raise
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
