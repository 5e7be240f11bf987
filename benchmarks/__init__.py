"""Benchmarks of the portal: run with `make bench`; results go to docs/BENCHMARKS.md."""
