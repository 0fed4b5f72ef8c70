"""Benchmarks on generated data: each module here has a `main(argv)`; `python -m bench` runs them all."""
