"""The extractor on the sample article the product was specified from, and on our own re-telling."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.ingest.articles import RawArticle, parse_raw_file
from dagster_project.settings import SEEDS_DIR
from tests.conftest import PROJECT_ROOT, require_shared_seed
from tests.engagement_expectations import SAMPLE_ARTICLE_ENGAGEMENTS

OWN_WORDS_ARTICLE = PROJECT_ROOT / "raw" / "text" / "modi_trump_call_jan2025.txt"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Gazetteer.from_seeds(SEEDS_DIR))


def extract_file(extractor: Extractor, path: Path):
    (article,) = list(parse_raw_file(path, path.parent))
    assert isinstance(article, RawArticle)
    return extractor.extract(article.body, article.published_date, article.dateline, article.title)


def assert_sample_engagements(result) -> None:
    found = [(e.engagement_type, e.status, set(e.codes), e.engagement_date, e.topics) for e in result.engagements]
    for expected in SAMPLE_ARTICLE_ENGAGEMENTS:
        assert any(expected.matches(*row) for row in found), f"missing: {expected.label}; found {found}"
    # "might be travelling to the US ... to meet Mr Trump" is speculation, not a planned engagement
    assert not [row for row in found if row[1] == "planned"], found
    assert all(len(row[2]) >= 2 for row in found)


def test_labelled_sample_article(extractor: Extractor) -> None:
    assert_sample_engagements(extract_file(extractor, require_shared_seed()))


def test_own_words_sample_article(extractor: Extractor) -> None:
    assert_sample_engagements(extract_file(extractor, OWN_WORDS_ARTICLE))


def test_domestic_call_and_speculation_are_not_engagements(extractor: Extractor) -> None:
    body = (
        "President Biden spoke today with the governors of Texas and Florida about the storms.\n\n"
        "There is speculation that Prime Minister Modi might travel to Washington to meet President Biden."
    )
    assert extractor.extract(body, date(2023, 4, 2)).engagements == []


def test_office_holder_resolves_by_date(extractor: Extractor) -> None:
    body = "President Trump spoke by phone with Prime Minister Shinzo Abe of Japan today."
    (engagement,) = extractor.extract(body, date(2019, 5, 6)).engagements
    people = {p.actor_id for p in engagement.participants}
    assert "donald_trump" in people and engagement.codes == {"USA", "JPN"}
    body_2023 = "The President spoke by phone with Prime Minister Fumio Kishida of Japan today."
    (later,) = extractor.extract(body_2023, date(2023, 5, 6), dateline="Washington").engagements
    assert "joe_biden" in {p.actor_id for p in later.participants}
