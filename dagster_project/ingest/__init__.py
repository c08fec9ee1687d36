"""Stage 1, ingest: raw files and their formats into the append-only event log (no Dagster)."""
