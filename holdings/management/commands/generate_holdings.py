"""`python manage.py generate_holdings --units N --seed S [--archives 231] [--batch 100000]
[--big-inventory M]`: synthetic national-scale holdings written through the bulk path."""
from django.core.management.base import BaseCommand, CommandError

from holdings.synthetic import Generator


class Command(BaseCommand):
    help = ("Generate N synthetic units (with archives, fonds and inventories) in realistic Russian and Kazakh, "
            "with the access-level shares of a national archive. Deterministic for a seed.")

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, required=True, help="How many units to generate")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (same seed, same data)")
        parser.add_argument("--archives", type=int, default=231, help="How many archives to spread them over")
        parser.add_argument("--batch", type=int, default=100_000, help="Units per transaction")
        parser.add_argument("--big-inventory", type=int, default=0,
                            help="Also put this many units in one inventory of one fonds (for benchmarks)")

    def handle(self, *args, **options):
        if options["units"] < 1 or options["batch"] < 1 or options["archives"] < 1:
            raise CommandError("--units, --batch and --archives must be positive.")
        generator = Generator(seed=options["seed"], archives=options["archives"])
        result = generator.run(units=options["units"], batch=options["batch"],
                               big_inventory=options["big_inventory"], log=lambda s: self.stdout.write(s))
        self.stdout.write(self.style.SUCCESS(
            f"Generated {result['units']:,} units in {result['inventories']:,} inventories in "
            f"{result['seconds']:.1f} s: {result['rate']:,.0f} units/s."))
