"""`python -m bench`: runs every bench/bench_*.py module's main() in name order.

`python -m bench NAME ...` runs only the named modules (with or without the bench_ prefix)."""
import importlib
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def discover(selected: list[str]) -> list[str]:
    names = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    if not selected:
        return names
    wanted = {s if s.startswith("bench_") else f"bench_{s}" for s in selected}
    unknown = wanted - set(names)
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(names)}")
    return [n for n in names if n in wanted]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(BENCH_DIR.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    names = discover(argv)
    import django

    django.setup()  # so that benchmark modules may import models at the top
    if not names:
        print("No benchmarks yet: add bench/bench_<name>.py modules with a main() function.")
        return 0
    failed = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            module.main()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            failed.append(name)
            print(f"!! {name} failed: {exc.__class__.__name__}: {exc}", flush=True)
        print(f"== {name} done in {time.perf_counter() - started:.1f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
