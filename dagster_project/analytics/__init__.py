"""Stage 3, analytics (no Dagster): dbt glue, the published database, the report, `make sql`, the summary, export."""
