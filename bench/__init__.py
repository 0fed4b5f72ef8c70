"""Benchmarks on generated data at realistic scale: run one with `python -m bench.NAME`, or all with `make bench`."""
