"""Tests of the dbt projections on real builds: replay and as-of, old event schemas, the country-pair mart."""
