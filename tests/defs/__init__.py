"""Tests that run Dagster: the code location, the whole pipeline, automation, launch, pools and run recovery."""
