"""The dbt project as Dagster assets: the one DbtProject, its translator, the build and how its events are read."""
