"""Benchmarks: each bench/bench_*.py module has a main() that measures one performance target of
the design and appends its figures to bench/RESULTS.md. Run them all with `make bench`."""


def load_note(load_before: str) -> str:
    """How busy the machine was, from the 1-minute load average taken before the run (of 2 cores)."""
    if float(load_before.split()[0]) < 1.0:
        return "the machine was otherwise idle"
    return "other work shared the machine, so the figures are upper bounds of what the code needs"
