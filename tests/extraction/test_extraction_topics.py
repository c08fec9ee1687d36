"""Topics of engagements and articles, from texts of our own."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.settings import SEEDS_DIR

DAY = date(2024, 11, 6)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Gazetteer.from_seeds(SEEDS_DIR))


def topics_by_type(extractor: Extractor, body: str) -> dict[str, set[str]]:
    return {e.engagement_type: e.topics for e in extractor.extract(body, DAY).engagements}


def test_words_of_a_title_are_not_topics(extractor: Extractor) -> None:
    body = "Secretary of Defense Lloyd Austin spoke with Defense Ministers from Canada and France about Ukraine."
    result = extractor.extract(body, date(2023, 6, 24))
    assert result.engagements and all("defence" not in e.topics for e in result.engagements)
    assert "defence" not in result.article_topics


def test_quoted_boilerplate_values_are_weak(extractor: Extractor) -> None:
    body = 'President Biden spoke with Prime Minister Modi today, pledging "peace, prosperity and security" for all.'
    assert topics_by_type(extractor, body) == {"phone_call": set()}


def test_generic_praise_of_the_relationship_does_not_count(extractor: Extractor) -> None:
    body = (
        "Prime Minister Keir Starmer spoke with President-elect Donald Trump this evening.\n\n"
        "From trade and defence to science and culture, the partnership was thriving, the two leaders noted.\n\n"
        "The Prime Minister also raised the importance of regional stability in the Middle East."
    )
    assert topics_by_type(extractor, body) == {"phone_call": {"security"}}


def test_later_paragraphs_that_refer_back_continue_the_engagement(extractor: Extractor) -> None:
    body = (
        "Today in New York the Prime Minister met Kenyan President William Ruto.\n\n"
        "Both leaders agreed to accelerate the clean energy transition.\n\n"
        "Separately, the central bank raised interest rates, citing inflation and debt."
    )
    result = extractor.extract(body, date(2024, 9, 25), dateline="London")
    (meeting,) = result.engagements
    assert {"energy", "climate"} <= meeting.topics and "economy" not in meeting.topics
    assert "economy" in result.article_topics


def test_an_invitation_within_a_call_does_not_take_over_its_account(extractor: Extractor) -> None:
    body = (
        "Today President Donald Trump and Prime Minister Narendra Modi held a phone call.\n\n"
        "Mr Trump invited the Indian leader to come to the G7 summit that America hosts this year.\n\n"
        "They went on to discuss the COVID-19 pandemic and vaccines."
    )
    topics = {(e.engagement_type, e.status): e.topics for e in extractor.extract(body, date(2020, 6, 2)).engagements}
    assert topics[("phone_call", "occurred")] == {"health"}
    assert topics[("multilateral_meeting", "planned")] == set()


def test_words_after_a_second_engagement_belong_to_it(extractor: Extractor) -> None:
    body = (
        "Under Secretary Nuland will travel to Jamaica and Ecuador next week.\n\n"
        "In Kingston, she will meet Prime Minister Andrew Holness to discuss climate change.\n\n"
        "In Quito, she will meet President Guillermo Lasso to discuss migration."
    )
    topics = {e.codes: e.topics for e in extractor.extract(body, date(2022, 11, 10)).engagements}
    assert topics[frozenset({"USA", "JAM"})] == {"climate"}
    assert topics[frozenset({"USA", "ECU"})] == {"migration"}


def test_acronyms_match_only_in_capitals(extractor: Extractor) -> None:
    body = "President Biden spoke with President Lopez Obrador about people who cross the border irregularly."
    assert "health" not in extractor.extract(body, date(2022, 10, 18)).article_topics
    assert "health" in extractor.extract("They discussed reform of the WHO.", DAY).article_topics


def test_the_situation_in_a_country_is_security(extractor: Extractor) -> None:
    body = "President Tayyip Erdogan and President Donald Trump discussed developments in Syria during a phone call."
    (call,) = extractor.extract(body, DAY).engagements
    assert "security" in call.topics


def test_a_topic_word_in_the_name_of_a_summit_belongs_to_that_summit(extractor: Extractor) -> None:
    body = (
        "President William Ruto met the Egyptian envoy on Monday. The President left Nairobi a day after he "
        "attended the Africa Energy Summit in Tanzania."
    )
    summit = next(e for e in extractor.extract(body, DAY).engagements if e.engagement_type == "multilateral_meeting")
    assert summit.topics == {"energy"}
