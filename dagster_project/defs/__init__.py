"""The Dagster layer, the only modules that import `dagster` or `dagster_dbt`; `definitions.py` assembles them."""
