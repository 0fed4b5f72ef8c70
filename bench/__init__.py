"""Benchmarks on generated data at a large council's scale and ten times that: `make bench` or
`python -m bench`. Every figure is a ratio against a baseline run in the same process."""
