"""Who takes part and where: cities and regions of the open event coder's dictionary, an official named by
title and surname, officials an article calls former, envoys who reside where they serve, forums named as
venues or by their members, and the cues of absence, refusal and plans seen from the past. One short text of
our own per rule."""

from __future__ import annotations

from datetime import date

from dagster_project.extraction.extractor import Extractor
from tests.extraction.found import found


def test_talks_in_a_city_of_the_counterparts_country_are_a_visit(extractor: Extractor) -> None:
    body = "Turkish President Recep Tayyip Erdogan held talks with Russian President Vladimir Putin in Sochi on Monday."
    assert found(extractor, body, date(2021, 9, 30)) == [("visit", "occurred", ["RUS", "TUR"], date(2021, 9, 27))]


def test_a_city_named_otherwise_is_no_side(extractor: Extractor) -> None:
    body = "Prime Minister Narendra Modi spoke by phone with President Emmanuel Macron about the Sochi talks."
    assert found(extractor, body, date(2021, 9, 30)) == [("phone_call", "occurred", ["FRA", "IND"], date(2021, 9, 30))]


def test_a_title_and_surname_name_the_one_official_of_that_surname_in_office(extractor: Extractor) -> None:
    body = "Secretary Clinton arrived in Montevideo today to meet President Jose Mujica."
    assert [e[2] for e in found(extractor, body, date(2010, 3, 1))] == [["URY", "USA"]]


def test_she_is_the_official_named_by_surname_not_the_last_name_mentioned(extractor: Extractor) -> None:
    body = (
        "Secretary Clinton arrived in Montevideo today. "
        "Clinton will attend the inauguration of Jose Mujica. "
        "Later today she will meet with Argentine President Cristina Fernandez de Kirchner in Buenos Aires."
    )
    assert ["ARG", "USA"] in [e[2] for e in found(extractor, body, date(2010, 3, 1))]


def test_an_official_the_article_calls_former_takes_no_part_in_what_they_do_now(extractor: Extractor) -> None:
    body = (
        "Bill Clinton met North Korean leader Kim Jong Il in Pyongyang on Tuesday. "
        "The former President Bill Clinton travelled as a private citizen."
    )
    assert found(extractor, body, date(2009, 8, 5)) == []


def test_a_former_official_takes_part_in_what_is_dated_within_their_term(extractor: Extractor) -> None:
    body = "Former President Barack Obama recalled that he met Russian President Vladimir Putin in Moscow in July 2009."
    assert [(e[0], e[2]) for e in found(extractor, body, date(2024, 5, 24))] == [("visit", ["RUS", "USA"])]


def test_a_resident_ambassador_calling_on_a_minister_meets_and_does_not_visit(extractor: Extractor) -> None:
    body = (
        "Ambassador of Norway to Kenya Gerd Hansen called on Kenyan Foreign Minister Musalia Mudavadi "
        "in Nairobi on Monday."
    )
    assert [(e[0], e[2]) for e in found(extractor, body, date(2024, 3, 6))] == [("meeting", ["KEN", "NOR"])]


def test_ambassadors_presenting_credentials_each_meet_the_head_of_state(extractor: Extractor) -> None:
    body = (
        "President Cyril Ramaphosa received the letters of credence of the new Ambassadors of Chile and Peru "
        "at a ceremony in Pretoria on Thursday."
    )
    engagements = found(extractor, body, date(2023, 6, 9))
    assert sorted((e[0], tuple(e[2])) for e in engagements) == [
        ("meeting", ("CHL", "ZAF")),
        ("meeting", ("PER", "ZAF")),
    ]


def test_missing_a_forums_meeting_is_no_part_in_it(extractor: Extractor) -> None:
    body = "Japanese Foreign Minister Yoshimasa Hayashi missed the G20 foreign ministers' meeting in New Delhi."
    assert found(extractor, body, date(2023, 3, 3)) == []


def test_a_meeting_that_was_to_happen_is_planned(extractor: Extractor) -> None:
    body = "Japanese Foreign Minister Yoshimasa Hayashi was to hold talks with Indian Foreign Minister S. Jaishankar."
    assert [(e[0], e[1]) for e in found(extractor, body, date(2023, 3, 3))] == [("meeting", "planned")]


def test_a_request_rebuffed_is_no_meeting_whatever_initials_stand_between(extractor: Extractor) -> None:
    body = "Iranian President Hassan Rouhani rebuffed a request from U.S. President Donald Trump to meet in New York."
    assert found(extractor, body, date(2017, 10, 29)) == []


def test_heading_to_a_country_is_a_visit_still_to_come(extractor: Extractor) -> None:
    body = "Next, Secretary of State Antony Blinken heads to Egypt for talks with President Abdel Fattah el-Sisi."
    assert [(e[0], e[1]) for e in found(extractor, body, date(2023, 1, 29))] == [("visit", "planned")]


def test_a_meeting_discussed_during_a_call_leaves_the_call_a_call(extractor: Extractor) -> None:
    body = "Vladimir Putin and Recep Tayyip Erdogan discussed a possible meeting during their telephone conversation."
    assert [e[0] for e in found(extractor, body, date(2021, 9, 1))] == ["phone_call"]


def test_two_forums_in_one_sentence_are_two_summits(extractor: Extractor) -> None:
    body = "Before attending the G20 Summit in Rome, President Joko Widodo will attend the ASEAN Summit in Brunei."
    forums = sorted(
        tuple(code for code in e[2] if code in ("ASEAN", "G20")) for e in found(extractor, body, date(2021, 10, 1))
    )
    assert forums == [("ASEAN",), ("G20",)]


def test_leaders_arriving_for_a_summit_have_the_summit_ahead(extractor: Extractor) -> None:
    body = "African heads of state are arriving in Addis Ababa for the African Union Summit."
    assert [(e[0], e[1]) for e in found(extractor, body, date(2022, 2, 3))] == [("multilateral_meeting", "planned")]


def test_a_summit_named_after_on_the_sidelines_of_is_only_the_venue(extractor: Extractor) -> None:
    body = (
        "Xi Jinping met Vietnamese President Tran Dai Quang last November on the sidelines of the "
        "Asia-Pacific Economic Cooperation Economic Leaders' Meeting in Lima."
    )
    assert [e[0] for e in found(extractor, body, date(2017, 5, 11))] == ["meeting"]


def test_a_headline_forum_names_the_bodys_meeting_of_its_members(extractor: Extractor) -> None:
    body = "The foreign ministers of Japan, the United States, Australia and India met in New Delhi on Friday."
    result = extractor.extract(body, date(2023, 3, 3), None, "Quad foreign ministers meet in New Delhi")
    assert [(e.engagement_type, sorted(e.codes)) for e in result.engagements] == [
        ("multilateral_meeting", ["AUS", "IND", "JPN", "QUAD", "USA"])
    ]


def test_a_date_of_another_event_named_after_the_engagement_does_not_date_it(extractor: Extractor) -> None:
    body = (
        "President Salva Kiir met President William Ruto in Nairobi on Wednesday. "
        "The two leaders held talks following his narrow election win last month."
    )
    assert found(extractor, body, date(2022, 9, 14)) == [("visit", "occurred", ["KEN", "SSD"], date(2022, 9, 14))]


def test_a_readout_goes_back_to_its_call_after_a_paragraph_on_other_matters(extractor: Extractor) -> None:
    body = (
        "President Shavkat Mirziyoyev and President Sadyr Japarov spoke over the phone.\n\n"
        "The election was held on July 9 and the turnout was high.\n\n"
        "During the phone conversation, the sides discussed increasing mutual trade."
    )
    (call,) = extractor.extract(body, date(2023, 7, 10)).engagements
    assert (call.engagement_type, call.topics) == ("phone_call", {"trade"})


def test_officials_of_two_countries_meeting_a_third_together_is_one_meeting(extractor: Extractor) -> None:
    body = (
        "German Chancellor Olaf Scholz and French President Emmanuel Macron held a video conference with "
        "Ukrainian President Volodymyr Zelenskyy on Tuesday."
    )
    assert [(e[0], e[2]) for e in found(extractor, body, date(2023, 5, 10))] == [("phone_call", ["DEU", "FRA", "UKR"])]


def test_he_is_not_an_official_named_inside_a_quotation(extractor: Extractor) -> None:
    body = (
        "Indian Foreign Minister S Jaishankar met Dutch Foreign Minister Stef Blok in New York.\n\n"
        '"Always a pleasure to see President Emomali Rahmon," Mr Jaishankar wrote.\n\n'
        "He also met his counterpart from Ghana on Tuesday."
    )
    assert ["GHA", "IND"] in [e[2] for e in found(extractor, body, date(2019, 9, 25))]


def test_a_date_in_a_clause_of_an_irregular_past_verb_is_that_clauses(extractor: Extractor) -> None:
    body = (
        "Foreign Minister S Jaishankar met US special envoy Zalmay Khalilzad in New York, "
        "after peace talks broke down earlier this month."
    )
    assert [e[3] for e in found(extractor, body, date(2019, 9, 24))] == [date(2019, 9, 24)]


def test_a_countrys_officials_named_by_its_people_are_a_side(extractor: Extractor) -> None:
    body = "Iranian officials met with Saudi officials in Baghdad on Sunday."
    assert found(extractor, body, date(2021, 4, 20)) == [("meeting", "occurred", ["IRN", "SAU"], date(2021, 4, 18))]


def test_a_forums_officials_meeting_is_the_forums_meeting(extractor: Extractor) -> None:
    body = "ASEAN foreign ministers will meet in Jakarta next week."
    assert [(e[0], e[1], e[2]) for e in found(extractor, body, date(2022, 2, 3))] == [
        ("multilateral_meeting", "planned", ["ASEAN"])
    ]


def test_a_forum_named_in_full_before_its_abbreviation_opens_its_meeting(extractor: Extractor) -> None:
    body = "Caribbean Community (CARICOM) Heads of Government will meet in Barbados next week."
    assert [(e[0], e[2]) for e in found(extractor, body, date(2020, 2, 10))] == [("multilateral_meeting", ["CARICOM"])]


def test_a_calendar_day_after_publication_is_still_to_come(extractor: Extractor) -> None:
    body = "Chancellor Olaf Scholz meets President Emmanuel Macron in Paris on 10 March."
    assert found(extractor, body, date(2022, 3, 9)) == [("visit", "planned", ["DEU", "FRA"], date(2022, 3, 10))]


def test_a_plan_named_by_its_month_and_called_off_takes_its_dated_mention_with_it(extractor: Extractor) -> None:
    body = (
        "President Donald Trump's planned November visit to Ireland has been postponed. "
        "Earlier this month, the White House announced Trump would travel to Ireland on Nov. 12."
    )
    assert found(extractor, body, date(2018, 9, 12)) == []


def test_a_minister_and_his_counterpart_named_by_country_are_the_two_sides(extractor: Extractor) -> None:
    body = "Indian Foreign Minister S Jaishankar and his Chinese counterpart held bilateral talks in Moscow."
    assert [(e[0], e[2]) for e in found(extractor, body, date(2020, 9, 11))] == [("meeting", ["CHN", "IND"])]


def test_a_paragraph_naming_the_talks_and_one_side_goes_on_with_their_account(extractor: Extractor) -> None:
    body = (
        "New Zealand Foreign Minister Winston Peters met Fijian Prime Minister Sitiveni Rabuka in Suva on Friday.\n\n"
        "Talks with Fiji covered climate action and trade."
    )
    (visit,) = extractor.extract(body, date(2023, 12, 18)).engagements
    assert visit.topics == {"climate", "trade"}


def test_officials_of_no_stated_country_met_in_a_country_are_its_hosts(extractor: Extractor) -> None:
    body = "Mexican Foreign Minister Marcelo Ebrard met senior officials in India on Monday."
    assert found(extractor, body, date(2022, 3, 23)) == [("visit", "occurred", ["IND", "MEX"], date(2022, 3, 21))]


def test_a_place_spoken_of_after_the_officials_is_no_host(extractor: Extractor) -> None:
    body = "US envoy David Satterfield is set to meet with officials to promote civilian rule in Sudan."
    assert found(extractor, body, date(2022, 1, 25)) == []
