"""Tests of the tools outside the code location: the benchmark harness."""
