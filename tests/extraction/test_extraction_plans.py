"""Plans and their fate as news tells them: a plan told with "'ll" or an accepted invitation, a plan that was
called off, skipped or cancelled afterwards, a day that dates the telling and not the plan, an invitation
already taken up, and how forward and backward dates decide what is still to come. One short text of our own
per rule."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.extraction.extractor import Extractor
from tests.extraction.found import found


def test_a_contracted_will_is_a_plan(extractor: Extractor) -> None:
    body = '"I\'ll go to Ottawa and meet Prime Minister Mark Carney soon," Mexican President Claudia Sheinbaum said.'
    assert [e[:3] for e in found(extractor, body, date(2025, 6, 3))] == [("visit", "planned", ["CAN", "MEX"])]


def test_an_invitation_accepted_far_from_its_visit_is_a_plan(extractor: Extractor) -> None:
    body = (
        "President Lula has accepted the invitation of King Charles III, the head of state of the United Kingdom "
        "and the Commonwealth, to visit London later this year."
    )
    assert [e[:2] for e in found(extractor, body, date(2025, 3, 3))] == [("visit", "planned")]


@pytest.mark.parametrize(
    "body",
    [
        "In 2019 President Obama called off plans to visit Kenya and Ghana.",
        "Macron ended his tour early, skipping the ASEAN summit in Jakarta.",
        "Sanchez was scheduled to visit Chile in March, but cancelled after a flood at home.",
        "Prime Minister Keir Starmer will skip the Commonwealth summit in Samoa.",
    ],
)
def test_plans_called_off_or_skipped_are_no_engagements(extractor: Extractor, body: str) -> None:
    assert found(extractor, body, date(2025, 3, 3)) == []


def test_the_day_a_plan_was_told_does_not_date_it(extractor: Extractor) -> None:
    body = "On Tuesday, a spokeswoman said Colombian President Gustavo Petro would travel to Lima to meet Boluarte."
    assert found(extractor, body, date(2025, 3, 6)) == [("visit", "planned", ["COL", "PER"], None)]
    told = "Earlier this month, the palace announced President Prabowo Subianto would travel to Tokyo."
    assert found(extractor, told, date(2025, 3, 20)) == [("visit", "planned", ["IDN", "JPN"], None)]


def test_what_is_dated_ahead_is_still_to_come(extractor: Extractor) -> None:
    body = "Finnish President Alexander Stubb visits Estonia later this month."
    assert [e[:2] for e in found(extractor, body, date(2025, 3, 3))] == [("visit", "planned")]


def test_an_invitation_to_a_visit_already_past_was_taken_up(extractor: Extractor) -> None:
    body = "Lula invited Chilean President Gabriel Boric to visit Brazil in January this year."
    assert found(extractor, body, date(2025, 5, 3)) == [("visit", "occurred", ["BRA", "CHL"], date(2025, 1, 1))]


@pytest.mark.parametrize(
    ("phrase", "day"),
    [("last November", date(2024, 11, 1)), ("next May", date(2026, 5, 1)), ("last evening", date(2025, 5, 2))],
)
def test_named_months_and_evenings_before_and_after(extractor: Extractor, phrase: str, day: date) -> None:
    body = f"Indian Prime Minister Narendra Modi spoke with Japanese Prime Minister Shigeru Ishiba {phrase}."
    (engagement,) = found(extractor, body, date(2025, 5, 3))
    assert engagement[3] == day


def test_a_possible_meeting_leaves_the_call_it_was_discussed_in(extractor: Extractor) -> None:
    body = "Xi and Lula discussed trade and a possible summit during their phone call on Monday."
    engagements = found(
        extractor, "Chinese President Xi Jinping spoke with Brazilian President Lula. " + body, date(2025, 5, 7)
    )
    assert ("phone_call", "occurred", ["BRA", "CHN"], date(2025, 5, 5)) in engagements


def test_a_counted_number_of_summits_is_no_one_summit(extractor: Extractor) -> None:
    body = "Seoul and Tokyo said relations had normalised through close contact, including seven summits last year."
    assert found(extractor, body, date(2025, 5, 3)) == []


def test_a_forum_named_with_its_abbreviation_in_brackets_meets(extractor: Extractor) -> None:
    body = "The 46th Association of Southeast Asian Nations (ASEAN) Summit opened in Kuala Lumpur on Monday."
    assert [e[:3] for e in found(extractor, body, date(2025, 5, 27))] == [
        ("multilateral_meeting", "occurred", ["ASEAN"])
    ]


def test_an_engagement_asked_for_is_no_engagement(extractor: Extractor) -> None:
    body = "A newspaper said Washington had made a request to Moscow for Trump to meet with Putin."
    assert found(extractor, body, date(2019, 5, 13)) == []


def test_the_day_an_official_said_it_does_not_date_the_plan(extractor: Extractor) -> None:
    body = (
        "Obama has invited Kenyan President Uhuru Kenyatta for an official visit, a White House official said Sunday."
    )
    assert [e[3] for e in found(extractor, body, date(2015, 2, 9))] == [None]


def test_a_plan_called_off_goes_with_its_other_mentions(extractor: Extractor) -> None:
    body = (
        "Indian Foreign Minister S Jaishankar has postponed his visit to Kenya on March 28. "
        "Jaishankar had been set to meet Kenyan President William Ruto in Nairobi on March 28, officials said."
    )
    assert found(extractor, body, date(2025, 3, 21)) == []
    rescheduled = (
        "Brazilian President Lula will meet Chinese President Xi Jinping on April 14 in Beijing, rescheduling a "
        "visit that was postponed last week."
    )
    assert [e[:2] for e in found(extractor, rescheduled, date(2023, 4, 1))] == [("visit", "planned")]


def test_what_was_supposed_to_happen_on_a_cancelled_trip_did_not(extractor: Extractor) -> None:
    body = "George W. Bush is canceling a scheduled trip to Tokyo, where he was supposed to meet Shinzo Abe."
    assert found(extractor, body, date(2007, 8, 14)) == []


def test_a_range_of_days_dates_its_first(extractor: Extractor) -> None:
    body = (
        "Mexican Foreign Minister Marcelo Ebrard will be in India from March 30-April 1 for meetings with Indian "
        "ministers."
    )
    assert [e[3] for e in found(extractor, body, date(2022, 3, 23))] == [date(2022, 3, 30)]


def test_discussed_on_the_telephone_is_a_call(extractor: Extractor) -> None:
    body = (
        "King Abdullah II and Egyptian President Abdel Fattah el-Sisi on Tuesday discussed on the telephone the region."
    )
    assert [e[:3] for e in found(extractor, body, date(2018, 1, 9))] == [("phone_call", "occurred", ["EGY", "JOR"])]
