"""Tests of dagster_project.ingest: raw formats, the event log and the ingest pipeline, without Dagster."""
