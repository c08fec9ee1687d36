"""The benchmark harness: a deterministic synthetic corpus and stage timings through Dagster.

`python -m tools.bench` (or `make bench`) generates N raw articles, materializes the
ingest, the full build and an incremental refresh in child processes, measures the floors (reading
the raw files, a dbt no-op, the dictionary scan) and writes every figure to a JSON file.
"""
