"""The news warehouse's code location, packaged by stage; imports point down this list, never up.

- `definitions.py`: the code location, a small explicit assembly of what `defs/` defines.
- `defs/`: the Dagster layer, the only modules that import `dagster` or `dagster_dbt` (assets, checks,
  resources, automation, the dbt assets, the launcher, run recovery).
- `analytics/`: stage 3, from the log's projections to the analyst (dbt glue in plain Python, the
  published database, the report, the SQL prompt, the summary, the export).
- `extraction/`: stage 2, engagements extracted from the logged articles.
- `ingest/`: stage 1, raw files into the append-only event log.
- `settings.py`, `seed_state.py`: shared helpers every stage may read (paths and environment, the seeds' digest).

A later stage may read an earlier one (ingest <- extraction <- analytics), never the reverse; nothing here
imports `tools/` (the benchmark and the evaluation live outside the code location).
`tests/test_architecture.py` checks these rules.
"""
