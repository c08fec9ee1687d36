"""One engagement told more than once in an article is counted once, and the cues, dates and words of one
clause stay in it: a meeting on the day of a visit, a forum's summit told twice, an invitation or a past
date in another clause, abbreviations inside a clause, possibility, and topic words with other senses.
One short text of our own per rule."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.extraction.extractor import Extractor
from tests.extraction.found import found


def test_a_meeting_with_the_host_on_the_day_of_a_visit_is_part_of_the_visit(extractor: Extractor) -> None:
    body = (
        "Chilean President Gabriel Boric arrived in Lima on Tuesday for a one-day visit. "
        "Boric held talks with Peruvian President Dina Boluarte on Tuesday."
    )
    assert found(extractor, body, date(2024, 2, 14)) == [("visit", "occurred", ["CHL", "PER"], date(2024, 2, 13))]


def test_a_meeting_on_another_day_of_a_trip_stays_a_meeting_of_its_own(extractor: Extractor) -> None:
    body = (
        "Chilean President Gabriel Boric arrived in Lima on Monday for a three-day visit. "
        "Boric held talks with Peruvian President Dina Boluarte on Wednesday."
    )
    assert [e[0] for e in found(extractor, body, date(2024, 2, 15))] == ["visit", "meeting"]


def test_a_forums_summit_told_twice_is_one_summit_of_every_member_named(extractor: Extractor) -> None:
    body = (
        "Brazilian President Lula will attend the BRICS summit in India next month, his office said. "
        "The BRICS summit is scheduled to take place in New Delhi on June 9."
    )
    engagements = found(extractor, body, date(2026, 5, 20))
    assert engagements == [("multilateral_meeting", "planned", ["BRA", "BRICS", "IND"], date(2026, 6, 9))]


def test_an_invitation_in_another_clause_does_not_make_a_past_call_planned(extractor: Extractor) -> None:
    body = (
        "Macron's invitation and good wishes follow the release by the Elysee on Saturday of an account of a "
        "phone call between President Emmanuel Macron and Kenyan President William Ruto."
    )
    (engagement,) = found(extractor, body, date(2025, 3, 10))
    assert engagement[:3] == ("phone_call", "occurred", ["FRA", "KEN"])


def test_an_abbreviation_does_not_end_the_clause_of_a_negation(extractor: Extractor) -> None:
    body = "Colombian President Gustavo Petro said he will not attend a planned Feb. 12 meeting with Javier Milei."
    assert found(extractor, body, date(2025, 2, 5)) == []


def test_an_undated_meeting_and_a_dated_visit_of_the_same_plan_are_one(extractor: Extractor) -> None:
    body = (
        "Canadian Prime Minister Mark Carney will travel to Tokyo on Friday to meet Japanese Prime Minister "
        "Shigeru Ishiba. It will be their first meeting since Carney took office."
    )
    assert found(extractor, body, date(2025, 4, 8)) == [("visit", "planned", ["CAN", "JPN"], date(2025, 4, 11))]


def test_a_past_day_in_the_sentence_does_not_date_a_plan(extractor: Extractor) -> None:
    body = (
        "Argentine President Javier Milei will meet Italian Prime Minister Giorgia Meloni in Rome on May 18, "
        "his spokesman said yesterday, after a visit that was postponed last week."
    )
    assert found(extractor, body, date(2025, 5, 6)) == [("visit", "planned", ["ARG", "ITA"], date(2025, 5, 18))]


def test_what_can_happen_is_not_a_plan(extractor: Extractor) -> None:
    body = "Officials said Prime Minister Keir Starmer can meet French President Emmanuel Macron at any time."
    assert found(extractor, body, date(2025, 5, 6)) == []


@pytest.mark.parametrize(
    ("phrase", "topics"),
    [
        ("amid growing tensions between their parties", set()),
        ("on the development of the new stadium", set()),
        ("on official business", set()),
        ("on economic development and the war in Sudan", {"economy", "security"}),
    ],
)
def test_words_with_another_sense_are_no_topic(extractor: Extractor, phrase: str, topics: set[str]) -> None:
    body = f"Kenyan President William Ruto spoke by phone with Ethiopian Prime Minister Abiy Ahmed {phrase}."
    (engagement,) = extractor.extract(body, date(2025, 5, 6)).engagements
    assert engagement.topics == topics


def test_officials_arriving_together_for_meetings_with_others_do_not_meet_each_other(extractor: Extractor) -> None:
    body = (
        "Japanese Prime Minister Shigeru Ishiba and Canadian Foreign Minister Melanie Joly arrived in Fiji on "
        "Monday ahead of meetings with island leaders."
    )
    assert sorted(e[2] for e in found(extractor, body, date(2025, 7, 8))) == [["CAN", "FJI"], ["FJI", "JPN"]]
    arrived = body.split(" ahead of")[0] + "."
    reciprocal = f"{arrived} Ishiba and Joly held talks with each other in Suva on Monday."
    assert ("meeting", "occurred", ["CAN", "JPN"], date(2025, 7, 7)) in found(extractor, reciprocal, date(2025, 7, 8))


def test_visits_that_a_departure_sets_out_for_lie_ahead(extractor: Extractor) -> None:
    body = "Secretary of State Marco Rubio departed on Sunday to visit Kenya and Ghana over four days."
    assert {(e[0], e[1]) for e in found(extractor, body, date(2025, 9, 7))} == {("visit", "planned")}


def test_the_pm_is_the_prime_minister_the_article_introduced(extractor: Extractor) -> None:
    body = (
        "Prime Minister Keir Starmer will fly to Ottawa on Monday for the G7 summit. "
        "The PM will also travel to Mexico City on Wednesday to meet President Claudia Sheinbaum."
    )
    visits = [e for e in found(extractor, body, date(2025, 6, 1)) if e[0] == "visit"]
    assert visits == [("visit", "planned", ["GBR", "MEX"], date(2025, 6, 4))]


def test_an_agreement_to_meet_and_an_invitation_to_visit_are_two_plans(extractor: Extractor) -> None:
    body = "The two leaders agreed to meet, and Ishiba invited Lee to visit Tokyo."
    engagements = extractor.extract(
        f"Japanese Prime Minister Shigeru Ishiba spoke to South Korean President Lee Jae-myung on Monday. {body}",
        date(2025, 6, 10),
    ).engagements
    plans = sorted((e.engagement_type, e.is_invitation) for e in engagements if e.status == "planned")
    assert plans == [("meeting", False), ("visit", True)]


def test_the_venue_of_a_summit_of_two_leaders_is_not_a_third_side(extractor: Extractor) -> None:
    body = "Japanese Prime Minister Shigeru Ishiba held a summit with Chinese President Xi Jinping in Lima."
    assert found(extractor, body, date(2024, 11, 16)) == [("meeting", "occurred", ["CHN", "JPN"], date(2024, 11, 16))]
    attended = "Kenyan President William Ruto attended an energy summit in Tanzania's Dar es Salaam."
    assert [e[:3] for e in found(extractor, attended, date(2025, 1, 29))] == [
        ("multilateral_meeting", "occurred", ["KEN", "TZA"])
    ]


def test_earlier_engagements_counted_by_ordinals_are_engagements_of_their_own(extractor: Extractor) -> None:
    body = (
        "Their meeting in Brasilia on Monday was the third between Lula and Argentine President Javier Milei. "
        "The first took place in Buenos Aires in March of 2024. "
        "The second, held in Montevideo, in November, ended without a statement."
    )
    days = sorted(
        e[3]
        for e in found(
            extractor,
            "Brazilian President Lula met Argentine President Javier Milei in Brasilia on Monday. " + body,
            date(2025, 6, 4),
        )
    )
    assert days == [date(2024, 3, 1), date(2024, 11, 1), date(2025, 6, 2)]
    unrelated = "Two plans were tabled. The first was rejected in March."
    assert found(extractor, unrelated, date(2025, 6, 4)) == []


def test_an_organisations_assembly_is_its_summit(extractor: Extractor) -> None:
    body = "The next AU Assembly of Heads of State and Government will be held in Addis Ababa in February."
    assert [e[:3] for e in found(extractor, body, date(2025, 11, 4))] == [("multilateral_meeting", "planned", ["AU"])]
    assert found(extractor, "Ruto addressed the National Assembly on Tuesday.", date(2025, 11, 4)) == []


def test_a_readouts_undated_meeting_with_the_host_is_part_of_the_visit_it_reports(extractor: Extractor) -> None:
    body = (
        "Indonesian President Prabowo Subianto arrived in Canberra on Monday for a state visit.\n\n"
        "Prabowo met Australian Prime Minister Anthony Albanese and discussed maritime security."
    )
    engagements = found(extractor, body, date(2025, 11, 12))
    assert [e[:3] for e in engagements] == [("visit", "occurred", ["AUS", "IDN"])]


def test_a_day_in_a_clause_of_another_event_does_not_date_the_engagement(extractor: Extractor) -> None:
    body = (
        "Chinese Foreign Minister Wang Yi was the first foreign minister to visit Chile after the new "
        "government took office on 11 March."
    )
    (engagement,) = found(extractor, body, date(2026, 4, 2))
    assert engagement[:3] == ("visit", "occurred", ["CHL", "CHN"]) and engagement[3] == date(2026, 4, 2)


def test_talks_in_the_counterparts_country_one_travels_to_are_a_visit(extractor: Extractor) -> None:
    body = "Chilean President Gabriel Boric will fly to Brasilia for talks with Brazilian President Lula next week."
    assert [e[:3] for e in found(extractor, body, date(2024, 3, 13))] == [("visit", "planned", ["BRA", "CHL"])]
    elsewhere = "Boric will fly to Madrid for talks with Brazilian President Lula next week."
    assert [
        e[0] for e in found(extractor, "Chilean President Gabriel Boric spoke. " + elsewhere, date(2024, 3, 13))
    ] == ["meeting"]


def test_a_cable_of_congratulations_is_a_letter(extractor: Extractor) -> None:
    body = "Algerian President Abdelmadjid Tebboune sent a cable of congratulations to the King of Morocco on Friday."
    assert [e[:3] for e in found(extractor, body, date(2024, 3, 13))] == [("letter", "occurred", ["DZA", "MAR"])]


def test_an_ambassador_to_a_country_does_not_travel_there(extractor: Extractor) -> None:
    body = "The Brazilian ambassador to Chile, Paulo Pacheco, met Chilean Foreign Minister Alberto van Klaveren."
    assert [e[:3] for e in found(extractor, body, date(2024, 3, 13))] == [("meeting", "occurred", ["BRA", "CHL"])]


def test_due_in_a_capital_is_a_plan(extractor: Extractor) -> None:
    body = "Spanish Prime Minister Pedro Sanchez is due in Rabat on Thursday for a two-day visit."
    assert [e[:3] for e in found(extractor, body, date(2024, 3, 11))] == [("visit", "planned", ["ESP", "MAR"])]


def test_a_relative_clauses_engagement_is_not_dated_by_the_main_clause(extractor: Extractor) -> None:
    body = "Scholz, who met Modi in Berlin last year, will travel to New Delhi in October."
    context = "German Chancellor Olaf Scholz spoke to Indian Prime Minister Narendra Modi on Monday. "
    dated = {(e[0], e[1]): e[3] for e in found(extractor, context + body, date(2024, 3, 13))}
    assert dated[("visit", "planned")] == date(2024, 10, 1)
    assert dated[("visit", "occurred")] != date(2023, 10, 1)


def test_a_title_many_governments_use_names_no_country_of_its_own(extractor: Extractor) -> None:
    generic = "Kenyan President William Ruto received the Minister of Defence in Nairobi on Monday."
    assert found(extractor, generic, date(2024, 3, 13)) == []
    unique = "Kenyan President William Ruto received the Taoiseach in Nairobi on Monday."
    assert [e[:3] for e in found(extractor, unique, date(2024, 3, 13))] == [("visit", "occurred", ["IRL", "KEN"])]


def test_a_summit_named_as_where_a_meeting_was_is_its_venue(extractor: Extractor) -> None:
    body = "Canadian Prime Minister Mark Carney and Mexican President Claudia Sheinbaum met at the G7 summit in June."
    assert [e[0] for e in found(extractor, body, date(2025, 9, 16))] == ["meeting"]
    earlier = (
        "Modi received Bangladeshi Prime Minister Sheikh Hasina, a week after the two leaders Narendra Modi and "
        "Sheikh Hasina held discussions on the sidelines of the UN General Assembly."
    )
    assert "multilateral_meeting" not in {e[0] for e in found(extractor, earlier, date(2019, 10, 5))}


def test_a_forums_summit_and_the_leaders_meeting_at_it_are_one_summit(extractor: Extractor) -> None:
    body = (
        "G20 leaders held a virtual summit on Thursday. Photos showed US President Donald Trump, Chinese President "
        "Xi Jinping and French President Emmanuel Macron among the leaders present on the virtual conference call."
    )
    (summit,) = found(extractor, body, date(2020, 3, 27))
    assert summit[0] == "multilateral_meeting" and {"G20", "USA", "CHN", "FRA"} <= set(summit[2])


def test_visiting_before_a_thing_is_no_visit(extractor: Extractor) -> None:
    body = "Australia and Japan signed a visiting forces agreement in Tokyo on Thursday."
    assert found(extractor, body, date(2022, 1, 7)) == []


def test_the_two_men_are_the_pair_just_named(extractor: Extractor) -> None:
    body = "Lula will not meet Javier Milei in Rio. The two men last met in Montevideo in March 2024."
    context = "Brazilian President Lula and Argentine President Javier Milei are at odds over trade. "
    assert ("meeting", "occurred", ["ARG", "BRA"], date(2024, 3, 1)) in found(
        extractor, context + body, date(2025, 6, 4)
    )


def test_a_clause_joined_with_a_subject_of_its_own_has_its_own_sides(extractor: Extractor) -> None:
    body = (
        "Officials said Japanese Prime Minister Shigeru Ishiba has been invited for a state visit and the U.S. "
        "looks forward to welcoming South Korean President Lee Jae-myung to the White House this year."
    )
    pairs = sorted(e[2] for e in found(extractor, body, date(2025, 7, 1)))
    assert ["KOR", "USA"] in pairs and ["JPN", "KOR"] not in pairs


def test_a_side_named_by_its_people_is_its_government(extractor: Extractor) -> None:
    body = "Iranian Foreign Minister Abbas Araghchi travelled to Muscat on Saturday for talks with the Americans."
    assert ["IRN", "USA"] in [e[2] for e in found(extractor, body, date(2025, 4, 14))]


def test_a_meeting_during_a_summit_is_a_meeting(extractor: Extractor) -> None:
    body = "Brazilian President Lula will meet Indian Prime Minister Narendra Modi during the BRICS summit in Kazan."
    assert [e[:3] for e in found(extractor, body, date(2024, 10, 20))] == [("meeting", "planned", ["BRA", "IND"])]
    attended = "Brazilian President Lula will attend the BRICS summit in Kazan."
    assert [e[0] for e in found(extractor, attended, date(2024, 10, 20))] == ["multilateral_meeting"]


def test_called_after_a_comma_names_a_thing(extractor: Extractor) -> None:
    body = "Iranian President Masoud Pezeshkian greeted Russia on its national day, called Russia Day, on Thursday."
    assert found(extractor, body, date(2025, 6, 12)) == []


def test_who_arrives_after_a_meeting_does_not_take_part_in_it(extractor: Extractor) -> None:
    body = "CARICOM leaders met in Kingston on Friday before the arrival of U.S. Secretary of State Marco Rubio."
    (summit,) = found(extractor, body, date(2025, 3, 23))
    assert summit[0] == "multilateral_meeting" and "USA" not in summit[2]


def test_leaders_arriving_together_do_not_visit_each_other(extractor: Extractor) -> None:
    body = "Kenyan President William Ruto and Ghanaian President John Mahama arrived in Addis on Saturday."
    assert found(extractor, body, date(2025, 2, 16)) == []
    hosted = "Kim recently played host to Chinese President Xi Jinping, who wrapped up a visit to the North on Friday."
    context = "North Korean leader Kim Jong Un received a letter. "
    assert ("visit", "occurred", ["CHN", "PRK"], date(2019, 6, 21)) in found(
        extractor, context + hosted, date(2019, 6, 23)
    )


def test_former_officials_named_by_their_country_take_no_part(extractor: Extractor) -> None:
    body = "President Donald Trump privately met with two former Colombian presidents last week in Florida."
    assert found(extractor, body, date(2017, 4, 21)) == []


def test_a_news_agency_named_after_a_country_is_no_side(extractor: Extractor) -> None:
    body = (
        "Kenyan President William Ruto will meet a delegation from the North Korean embassy, "
        "his spokeswoman told Agence France-Presse."
    )
    assert all("FRA" not in e[2] for e in found(extractor, body, date(2024, 5, 1)))


def test_where_an_envoy_serves_is_no_side(extractor: Extractor) -> None:
    body = "Russia's envoy to the UN met the Ukrainian ambassador behind closed doors on Monday."
    assert [e[:3] for e in found(extractor, body, date(2024, 3, 13))] == [("meeting", "occurred", ["RUS", "UKR"])]


def test_talks_held_are_talks_however_high_level(extractor: Extractor) -> None:
    body = "Japan and South Korea held their first high-level security talks in five years in Seoul on Monday."
    assert [e[2] for e in found(extractor, body, date(2024, 3, 13))] == [["JPN", "KOR"]]
    generic = "The two countries agreed to promote exchanges of high-level visits."
    assert found(extractor, generic, date(2024, 3, 13)) == []


def test_a_written_message_is_a_letter(extractor: Extractor) -> None:
    body = "Saudi Arabia's crown prince received a written message from the Emir of Kuwait on Sunday."
    assert [e[:3] for e in found(extractor, body, date(2024, 3, 13))] == [("letter", "occurred", ["KWT", "SAU"])]


def test_talking_about_something_after_a_meeting_goes_on_with_that_meeting(extractor: Extractor) -> None:
    body = (
        "Estonian Foreign Minister Margus Tsahkna met Finnish Foreign Minister Elina Valtonen in Tallinn on Thursday. "
        "The two ministers also talked about helping Ukraine rebuild."
    )
    assert [e[0] for e in found(extractor, body, date(2023, 6, 22))] == ["visit"]
