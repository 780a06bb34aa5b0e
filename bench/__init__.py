"""Benchmarks: each bench/bench_*.py module has a main() that measures one performance target of
the design and appends its figures to bench/RESULTS.md. Run them all with `make bench`."""
