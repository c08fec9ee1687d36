"""Tools outside the code location: the benchmark, the evaluation harness, seed derivation (run from the repo root)."""
