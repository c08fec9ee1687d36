"""Coverage that grows by data: trigger phrases, word senses next to names, and officials placed by
the dictionary derived from an open event coder's actor list (seeds/phoenix_government_actors.csv)."""

from __future__ import annotations

import csv
from datetime import date

from dagster_project.settings import SEEDS_DIR
from tests.corpus_scoring import extractor

DAY = date(2017, 3, 6)


def found(body: str) -> list[tuple[str, str, list[str]]]:
    return [(e.engagement_type, e.status, sorted(e.codes)) for e in extractor().extract(body, DAY).engagements]


def test_a_telephone_talk_is_a_phone_call() -> None:
    body = "Foreign Minister Fumio Kishida held a telephone talk with Foreign Minister Frank-Walter Steinmeier."
    assert found(body) == [("phone_call", "occurred", ["DEU", "JPN"])]


def test_a_surname_that_is_a_modal_verb_is_a_name() -> None:
    body = "Prime Minister Theresa May will hold talks with Chancellor Angela Merkel on Friday."
    assert found(body) == [("meeting", "planned", ["DEU", "GBR"])]


def test_a_modal_verb_still_counts_where_no_name_holds_it() -> None:
    assert found("Chancellor Angela Merkel may hold talks with Prime Minister Theresa May on Friday.") == []


def test_an_official_known_only_to_the_derived_dictionary_is_placed() -> None:
    with (SEEDS_DIR / "office_holders.csv").open(encoding="utf-8") as handle:
        assert "Viktor Orban" not in {row["name"] for row in csv.DictReader(handle)}
    assert found("Viktor Orban met President Vladimir Putin on Friday.")[0][2] == ["HUN", "RUS"]


def test_the_derived_dictionary_holds_government_terms_only() -> None:
    with (SEEDS_DIR / "phoenix_government_actors.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 10_000
    assert {row["role"] for row in rows} <= {"government", "military"}
    assert all(len(row["country_code"]) == 3 and row["name"].count(" ") >= 1 for row in rows)
