"""Benchmarks (`nox -s bench`): they print tables and assert nothing."""
