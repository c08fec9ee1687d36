"""Tests of dagster_project.extraction: the extractor's rules, its store and its scores on the labelled corpus."""
