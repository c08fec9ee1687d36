"""Dagster assets: ingest into the log, extraction, and the dbt projections."""
