"""The refresh job: ingest, extraction and every dbt projection downstream."""

import dagster as dg

refresh_warehouse_job = dg.define_asset_job(
    name="refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Ingest new raw articles into the log, extract engagements, and rebuild the projections.",
)
