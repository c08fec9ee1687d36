"""Profiles logged by dbt's post-hook are recognised among the build's JSON log events."""

from __future__ import annotations

import json

from dagster_project.analytics.table_profiles import PROFILE_PREFIX, TableProfile, profile_in_log_event
from dagster_project.settings import DBT_PROJECT_DIR


def _log_event(message: str, unique_id: str | None = "model.news_warehouse.fct_engagements") -> dict:
    data: dict = {"msg": message}
    if unique_id:
        data["node_info"] = {"unique_id": unique_id}
    return {"info": {"name": "JinjaLogInfo", "msg": message}, "data": data}


def test_a_profile_line_gives_its_node_and_profile() -> None:
    profile = {"schema": "marts", "name": "fct_engagements", "row_count": 12, "columns": ["a", "b"]}
    profile["types"] = ["VARCHAR", "DATE"]
    found = profile_in_log_event(_log_event(PROFILE_PREFIX + json.dumps(profile)))
    assert found == ("model.news_warehouse.fct_engagements", TableProfile(12, (("a", "VARCHAR"), ("b", "DATE"))))


def test_other_log_lines_are_not_profiles() -> None:
    assert profile_in_log_event(_log_event("relation profiles are logged after each model")) is None
    assert profile_in_log_event({"info": {"name": "LogModelResult", "msg": PROFILE_PREFIX + "{}"}, "data": {}}) is None
    empty = PROFILE_PREFIX + json.dumps({"row_count": None, "columns": [], "types": []})
    assert profile_in_log_event(_log_event(empty)) is None  # the relation was not found
    assert profile_in_log_event(_log_event(PROFILE_PREFIX + json.dumps({"row_count": 1}), unique_id=None)) is None


def test_the_dbt_macro_writes_the_prefix_looked_for() -> None:
    macro = (DBT_PROJECT_DIR / "macros" / "profiles" / "relation_profile.sql").read_text(encoding="utf-8")
    assert f"return('{PROFILE_PREFIX}')" in macro
