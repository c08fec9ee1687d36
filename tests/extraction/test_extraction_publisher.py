"""The publisher's government: a bare title ("the Prime Minister") belongs to the government that the
article says published it (a government web address or a government body as source), never to a
newspaper's country; through the real ingest and extraction store for a JSON Lines feed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.publisher import Publisher, publisher_country
from dagster_project.extraction.store import extract_new_events
from dagster_project.ingest.pipeline import ingest_raw_folder
from dagster_project.settings import SEEDS_DIR
from tests.corpus_scoring import extractor

BARE_TITLE_CALL = "The Prime Minister spoke with President Emmanuel Macron of France this evening."
DAY = date(2024, 1, 5)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://www.mea.gov.in/bilateral-documents.htm", "IND"),  # a government label before a country code
        ("https://mofa.go.kr/eng/brd/m_5676/view.do", "KOR"),
        ("https://www.state.gov/secretary-blinkens-call", "USA"),
        ("https://www.gov.uk/government/news/pm-call", "GBR"),  # uk is not an ISO code: listed by name
        ("https://www.kremlin.ru/events/president/news", "RUS"),  # a government site outside a government label
        ("https://www.reuters.com/world/europe/", None),  # a news outlet
        ("https://www.gov.example/", None),  # an unknown country code
        ("http://[::1", None),  # malformed
        (None, None),
    ],
)
def test_a_government_web_address_names_the_publisher(url: str | None, code: str | None) -> None:
    assert publisher_country(url, None, extractor().g) == code


def test_a_source_names_a_government_only_as_a_government_body() -> None:
    g = extractor().g
    assert publisher_country(None, "Ministry of Foreign Affairs of Japan", g) == "JPN"
    assert publisher_country(None, "The Japan Times", g) is None  # a newspaper, not a government
    assert publisher_country(None, "Ministry of Foreign Affairs", g) is None  # names no country


def test_a_source_may_name_the_publisher_by_its_address() -> None:
    g = extractor().g
    assert publisher_country(None, "GOV.UK", g) == "GBR"
    assert publisher_country(None, "NZ Government release (beehive.govt.nz)", g) == "NZL"
    assert publisher_country(None, "Reuters.com", g) is None  # a news outlet's address
    assert publisher_country(None, "GOV.UK and whitehouse.gov joint statement", g) is None  # two governments


def test_a_bare_title_belongs_to_the_publishing_government() -> None:
    def codes(publisher: Publisher | None) -> list[list[str]]:
        return [sorted(e.codes) for e in extractor().extract(BARE_TITLE_CALL, DAY, publisher=publisher).engagements]

    assert codes(None) == []  # who "the Prime Minister" is, the text alone does not say
    assert codes(Publisher("https://www.gov.uk/government/news/pm-call")) == [["FRA", "GBR"]]
    assert codes(Publisher(None, "Prime Minister's Office, Japan")) == [["FRA", "JPN"]]
    assert codes(Publisher("https://www.lemonde.fr/international/", "Le Monde")) == []


def test_a_feed_record_s_address_reaches_the_extractor(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "feeds").mkdir(parents=True)
    records = [
        {"id": "1", "url": "https://www.gov.uk/government/news/pm-call", "published_at": "2024-01-05T09:00:00Z"},
        {"id": "2", "url": "https://www.example-news.com/pm-call", "published_at": "2024-01-05T09:00:00Z"},
    ]
    lines = [json.dumps({**r, "title": "Call", "body": BARE_TITLE_CALL}) for r in records]
    (raw / "feeds" / "readouts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_raw_folder(con, raw)
    extract_new_events(con, Extractor(Gazetteer.from_seeds(SEEDS_DIR)))
    pairs = con.execute(
        """
        select string_agg(p.country_code, '-' order by p.country_code)
        from extraction.mention_participants as p
        group by p.mention_id
        """
    ).fetchall()
    assert pairs == [("FRA-GBR",)]
