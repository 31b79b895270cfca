"""Benchmarks kept with the code (issue 9). Run with `make bench`; not part of `make test`, which runs
only a small smoke run of this code (tests/test_benchmarks.py). The machines are shared and noisy:
figures are medians, and comparisons are ratios measured in the same run."""
