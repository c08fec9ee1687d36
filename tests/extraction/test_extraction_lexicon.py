"""Coverage that grows by data: trigger phrases, word senses next to names, and officials placed by
the dictionary derived from an open event coder's actor list (seeds/phoenix_government_actors.csv)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.settings import SEEDS_DIR
from tests.corpus_scoring import extractor
from tools import derive_phoenix_places as derive_places

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


def test_the_derived_places_are_the_reference_dictionarys_as_the_script_derives_them(tmp_path: Path) -> None:
    """seeds/phoenix_places.csv is what tools/derive_phoenix_places.py makes of the reference dictionary, and
    it holds no curated alias, no official's name and no word of the lexicons."""
    source = derive_places.DEFAULT_SOURCE  # ../shared/reference/petrarch2/Phoenix.Countries.actors.txt
    if not source.exists():
        pytest.skip(f"the reference dictionary is not beside the project ({source})")
    derive_places.main(["derive", str(source), str(tmp_path / "places.csv")])
    assert (tmp_path / "places.csv").read_text(encoding="utf-8") == (SEEDS_DIR / "phoenix_places.csv").read_text(
        encoding="utf-8"
    )
    with (SEEDS_DIR / "phoenix_places.csv").open(encoding="utf-8") as handle:
        places = {row["place"]: row["country_code"] for row in csv.DictReader(handle)}
    assert places["Sochi"] == "RUS" and places["Samara"] == "RUS" and "Moscow" not in places
    assert not {"Trump", "Clinton", "Summit", "Minister"} & set(places)


def _trigger_rows() -> list[dict[str, str]]:
    with (SEEDS_DIR / "engagement_triggers.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_trigger_has_a_part_of_speech_and_only_verbs_host() -> None:
    parts = {"verb", "noun", "noun plural", "verb|noun", "verb|noun plural", "verb phrase", "noun phrase", "adverbial"}
    rows = _trigger_rows()
    assert {r["part_of_speech"] for r in rows} <= parts
    assert {r["sense"] for r in rows} <= {"", "host", "passive", "light", "courtesy"}
    assert all(r["part_of_speech"] == "verb" for r in rows if r["sense"] == "host")
    assert all(r["part_of_speech"].startswith("noun") for r in rows if r["sense"] == "light")
    passive = [r for r in rows if r["sense"] == "passive"]
    assert passive and all(r["part_of_speech"] == "verb phrase" and r["phrase"].endswith(" by") for r in passive)


def test_a_hosting_verb_added_as_data_makes_its_object_the_visitor() -> None:
    """The lexicon's columns, not code, say that a verb hosts: a new row is enough."""
    g = Gazetteer.from_seeds(SEEDS_DIR)
    body = "President Emmanuel Macron entertained Chancellor Olaf Scholz at the Elysee on Friday."
    assert Extractor(g).extract(body, DAY).engagements == []
    g.triggers["entertained"] = ("visit", "weak", "verb", "host")
    g.build()
    (visit,) = Extractor(g).extract(body, DAY).engagements
    roles = {p.country_code: p.role for p in visit.participants}
    assert (visit.engagement_type, roles) == ("visit", {"DEU": "initiator", "FRA": "recipient"})
    assert Extractor(g).extract("President Emmanuel Macron entertained a proposal on Friday.", DAY).engagements == []


def test_a_noun_of_the_light_sense_states_an_engagement_only_after_its_light_verb() -> None:
    """ "Held their first security talks" is a meeting; "nuclear talks are deadlocked" names a process."""
    (meeting,) = (
        Extractor(Gazetteer.from_seeds(SEEDS_DIR))
        .extract("Japan and South Korea held their first security talks in five years in Tokyo on Friday.", DAY)
        .engagements
    )
    assert (meeting.engagement_type, meeting.codes) == ("visit", frozenset({"JPN", "KOR"}))
    assert found("Nuclear talks between Washington and Pyongyang are deadlocked.") == []
    g = Gazetteer.from_seeds(SEEDS_DIR)
    body = "Foreign Minister Wang Yi held parleys with Russian Foreign Minister Sergei Lavrov in Beijing."
    assert Extractor(g).extract(body, DAY).engagements == []
    g.triggers["parleys"] = ("meeting", "weak", "noun plural", "light")
    g.build()
    assert [e.codes for e in Extractor(g).extract(body, DAY).engagements] == [frozenset({"CHN", "RUS"})]
    assert Extractor(g).extract("The parleys with Russia went on for days.", DAY).engagements == []


def test_a_plural_noun_in_the_lexicon_can_be_a_general_mention() -> None:
    body = "Regular telephone conversations between Chancellor Angela Merkel and President Vladimir Putin became rare."
    assert found(body) == []
    assert found("Past state visits by President Xi Jinping to Russia were short.") == []


def test_telegrams_and_exchanged_messages_are_letters() -> None:
    body = "President Vladimir Putin sent a telegram of condolences to Turkish President Recep Tayyip Erdogan."
    assert found(body) == [("letter", "occurred", ["RUS", "TUR"])]
    body = "Foreign Minister Ararat Mirzoyan and Foreign Minister Jeyhun Bayramov exchanged messages on Monday."
    assert found(body) == [("letter", "occurred", ["ARM", "AZE"])]
