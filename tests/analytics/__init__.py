"""Tests of dagster_project.analytics: publishing, the report, the SQL prompt, export and the dbt glue; the README."""
