"""One short text of our own per extraction rule: actors, engagements, status, headlines and datelines."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.extraction.extractor import Engagement, Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.settings import SEEDS_DIR


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Gazetteer.from_seeds(SEEDS_DIR))


def found(extractor: Extractor, body: str, day: date, **kwargs: str) -> list[tuple[str, str, frozenset[str]]]:
    return [(e.engagement_type, e.status, e.codes) for e in extractor.extract(body, day, **kwargs).engagements]


def only(extractor: Extractor, body: str, day: date, **kwargs: str) -> Engagement:
    (engagement,) = extractor.extract(body, day, **kwargs).engagements
    return engagement


# ---- actors -------------------------------------------------------------------------------------
def test_bare_generic_title_is_the_official_introduced_earlier(extractor: Extractor) -> None:
    body = (
        "Secretary of State Marco Rubio arrived in Kingston on Tuesday. "
        "The Secretary will hold bilateral meetings with ministers from Barbados, Haiti and Guyana."
    )
    rows = found(extractor, body, date(2025, 3, 24))
    for code in ("BRB", "HTI", "GUY"):
        assert ("meeting", "planned", frozenset({"USA", code})) in rows, rows


def test_unplaced_official_takes_the_country_the_headline_gave_the_same_name(extractor: Extractor) -> None:
    body = "Ambassador Jane Doe will travel to Kenya, Egypt and Israel until 4 February."
    title = "US envoy Doe to tour three countries"
    rows = extractor.extract(body, date(2022, 1, 25), title=title).engagements
    assert {(e.engagement_type, e.status, e.codes) for e in rows} == {
        ("visit", "planned", frozenset({"USA", code})) for code in ("KEN", "EGY", "ISR")
    }
    assert all(e.engagement_date is None for e in rows)  # the trip lasts until then: not its date
    assert found(extractor, body, date(2022, 1, 25)) == []  # nothing says whose envoy she is
    shared = "Ambassador Jane Doe will travel to Kenya next week."
    assert found(extractor, shared, date(2022, 1, 25), title="US envoy Doe, Irish envoy Doe in the news") == []


def test_organisation_leader_title_resolves_to_its_organisation(extractor: Extractor) -> None:
    engagement = only(
        extractor, "The Secretary-General met the President of the European Council today.", date(2023, 9, 17)
    )
    assert engagement.codes == {"UN", "EU"}


def test_vice_president_is_not_the_president(extractor: Extractor) -> None:
    body = "The Vice-President of the Commission met the Secretary-General in New York on Monday."
    assert all("USA" not in e.codes for e in extractor.extract(body, date(2023, 9, 18)).engagements)


def test_official_unknown_to_the_seeds_takes_the_country_of_the_colleague_listed_before(
    extractor: Extractor,
) -> None:
    body = "Under Secretary Nuland will meet President Gustavo Petro and Foreign Minister Álvaro Mendoza in Bogotá."
    engagement = only(extractor, body, date(2022, 11, 14))
    names = {p.actor_name: p.country_code for p in engagement.participants}
    assert engagement.codes == {"USA", "COL"} and engagement.status == "planned"
    assert "Victoria Nuland" in names


def test_domestic_calls_are_not_engagements(extractor: Extractor) -> None:
    body = "President Biden spoke on Monday with Governor Maria Lopez of Arizona and the mayor of Phoenix."
    assert extractor.extract(body, date(2023, 4, 3)).engagements == []


# ---- several engagements in one sentence, and their parties ----------------------------------
def test_travel_to_a_list_of_countries_is_one_visit_each(extractor: Extractor) -> None:
    body = "British Foreign Secretary David Lammy will travel to Kenya, Ghana and Nigeria next week to promote trade."
    rows = found(extractor, body, date(2024, 10, 1))
    assert sorted(rows) == sorted(("visit", "planned", frozenset({"GBR", c})) for c in ("KEN", "GHA", "NGA"))


def test_purpose_clause_ends_the_list_of_destinations(extractor: Extractor) -> None:
    body = "Prime Minister Modi will travel to Japan and Australia to advance cooperation with the United States."
    assert {codes for _, _, codes in found(extractor, body, date(2023, 5, 1))} == {
        frozenset({"IND", "JPN"}),
        frozenset({"IND", "AUS"}),
    }


def test_possessive_names_the_visitor(extractor: Extractor) -> None:
    body = "Prime Minister Ishiba said officials would prepare for Prime Minister Modi's visit to Japan."
    assert found(extractor, body, date(2024, 10, 10)) == [("visit", "planned", frozenset({"IND", "JPN"}))]


def test_visit_of_a_leader_to_a_country(extractor: Extractor) -> None:
    body = "It was the first state visit of President Lula to China in his third term."
    assert found(extractor, body, date(2023, 4, 14)) == [("visit", "occurred", frozenset({"BRA", "CHN"}))]


def test_parties_listed_before_a_meeting_word_hold_one_meeting(extractor: Extractor) -> None:
    # three countries and no forum: an ad hoc meeting (the annotation guide's trilateral meeting)
    body = "Foreign ministers of India, Japan and Australia will convene a virtual meeting on Friday."
    (engagement,) = extractor.extract(body, date(2024, 5, 6)).engagements
    assert engagement.engagement_type == "meeting" and engagement.status == "planned"
    assert {"IND", "JPN", "AUS"} <= engagement.codes
    body = "Foreign ministers of India, Japan and Australia will convene a Quad meeting on Friday."
    (engagement,) = extractor.extract(body, date(2024, 5, 6)).engagements
    assert engagement.engagement_type == "multilateral_meeting" and "QUAD" in engagement.codes


def test_a_trip_to_attend_a_summit_is_not_a_visit_to_the_host(extractor: Extractor) -> None:
    body = (
        "Prime Minister Albanese, who is visiting Laos to attend the ASEAN summit, "
        "met President Yoon Suk Yeol of South Korea on Thursday."
    )
    rows = found(extractor, body, date(2024, 10, 10))
    assert not any("LAO" in codes for _, _, codes in rows), rows
    assert ("meeting", "occurred", frozenset({"AUS", "KOR"})) in rows


def test_meeting_at_a_forum_between_two_leaders_is_bilateral(extractor: Extractor) -> None:
    body = (
        "President Joe Biden spoke by phone with President Lula of Brazil today. "
        "The two leaders agreed to meet at the G20 in Rio de Janeiro."
    )
    rows = found(extractor, body, date(2024, 11, 7))
    assert ("meeting", "planned", frozenset({"USA", "BRA"})) in rows, rows


def test_the_two_leaders_are_the_parties_of_the_last_contact(extractor: Extractor) -> None:
    body = (
        "President Xi Jinping told President Joe Biden that Taiwan was a red line. "
        "The two leaders met for three hours at a hotel before the opening of the G20 summit."
    )
    assert ("meeting", "occurred", frozenset({"CHN", "USA"})) in found(extractor, body, date(2022, 11, 14))


# ---- status ------------------------------------------------------------------------------------
def test_a_planned_cue_carries_over_to_a_second_engagement_word(extractor: Extractor) -> None:
    body = (
        "On November 16, Under Secretary Nuland will meet President Lasso and join the strategic dialogue with Ecuador."
    )
    assert all(status == "planned" for _, status, _ in found(extractor, body, date(2022, 11, 14)))


def test_commitment_to_meet_is_planned(extractor: Extractor) -> None:
    body = (
        "Chancellor Scholz spoke with President Macron today. "
        "The two leaders expressed their commitment to meet in Brussels."
    )
    assert ("meeting", "planned", frozenset({"DEU", "FRA"})) in found(extractor, body, date(2023, 3, 1))


@pytest.mark.parametrize(
    "body",
    [
        "President Macron did not meet Chancellor Scholz on Friday.",
        "Officials said Prime Minister Modi might visit Washington later this year.",
        "The Secretary-General extends his condolences to the people of Mexico after the earthquake.",
        "Prime Minister Ishiba recalled his many past visits to India.",
        "The minister hosted a roundtable with Malaysian business leaders on Tuesday.",
    ],
)
def test_negation_speculation_condolences_and_generic_mentions_are_not_engagements(
    extractor: Extractor, body: str
) -> None:
    assert extractor.extract(body, date(2023, 6, 2)).engagements == []


# ---- one engagement, several mentions ----------------------------------------------------------
def test_a_back_reference_to_the_meeting_is_not_a_new_engagement(extractor: Extractor) -> None:
    body = (
        "External Affairs Minister S. Jaishankar met Secretary of State Marco Rubio on Tuesday. "
        "An account of the meeting said the American side raised trade with India."
    )
    assert found(extractor, body, date(2025, 1, 22)) == [("meeting", "occurred", frozenset({"IND", "USA"}))]


def test_a_meeting_with_unnamed_officials_during_a_visit_is_part_of_the_visit(extractor: Extractor) -> None:
    body = (
        "Yesterday, Secretary of Commerce Gina Raimondo ended an official visit to Malaysia. "
        "She sat down with Malaysian government leaders to talk about chips."
    )
    engagement = only(extractor, body, date(2021, 11, 18))
    assert engagement.engagement_type == "visit" and engagement.engagement_date == date(2021, 11, 17)


# ---- headlines and datelines -----------------------------------------------------------------------
def test_headline_supplies_an_engagement_the_body_does_not_state(extractor: Extractor) -> None:
    title = "A letter of President Donald Tusk to Boris Johnson about his new post"
    body = "I congratulate you on your appointment and wish you every success."
    engagement = only(extractor, body, date(2019, 7, 24), title=title)
    assert (engagement.engagement_type, engagement.codes) == ("letter", {"EU", "GBR"})
    assert (engagement.engagement_date, engagement.date_precision) == (date(2019, 7, 24), "approx")


def test_headline_day_dates_the_body_engagement(extractor: Extractor) -> None:
    title = "Prime Minister's meeting with Kenya's President Ruto: 25 September 2024"
    body = "This afternoon in New York the Prime Minister met Kenyan President William Ruto."
    engagement = only(extractor, body, date(2024, 9, 26), title=title, dateline="London")
    assert engagement.codes == {"GBR", "KEN"} and engagement.engagement_date == date(2024, 9, 25)


def test_headline_infinitive_is_planned_when_the_body_is_silent(extractor: Extractor) -> None:
    title = "Prime Minister Albanese to visit India"
    engagement = only(extractor, "More details will follow.", date(2023, 3, 1), title=title)
    assert (engagement.engagement_type, engagement.status) == ("visit", "planned")


def test_meeting_under_a_dateline_abroad_is_a_visit(extractor: Extractor) -> None:
    body = "TOKYO – US Trade Representative Katherine Tai met Chief Cabinet Secretary Hirokazu Matsuno today."
    assert found(extractor, body, date(2021, 11, 17)) == [("visit", "occurred", frozenset({"USA", "JPN"}))]


def test_an_invited_leader_is_the_visitor(extractor: Extractor) -> None:
    engagement = only(
        extractor, "Prime Minister Kishida invited President Yoon to visit Tokyo next year.", date(2023, 3, 16)
    )
    visitor = next(p for p in engagement.participants if p.role == "initiator")
    assert (engagement.status, engagement.is_invitation, engagement.codes) == ("planned", True, {"KOR", "JPN"})
    assert visitor.actor_name == "Yoon Suk Yeol"


def test_bare_title_takes_the_country_of_the_seat_named_with_it(extractor: Extractor) -> None:
    engagement = only(extractor, "The Taoiseach met the Prime Minister at Downing Street yesterday.", date(2023, 3, 2))
    assert (engagement.engagement_type, engagement.codes) == ("visit", {"IRL", "GBR"})
    assert engagement.engagement_date == date(2023, 3, 1)


def test_titles_joined_after_a_name_are_all_his(extractor: Extractor) -> None:
    body = (
        "Foreign Minister Takeshi Iwaya held a meeting with Mr. Bui Thanh Son, Deputy Prime Minister and "
        "Minister for Foreign Affairs, in Hanoi on Monday."
    )
    assert found(extractor, body, date(2024, 11, 20)) == [("visit", "occurred", frozenset({"JPN", "VNM"}))]
