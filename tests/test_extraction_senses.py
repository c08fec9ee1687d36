"""Word senses and clause structure that decide whether a sentence states an engagement, each rule on
short texts of our own: hosting verbs with and without a guest, summits named as a venue or a time,
joint calls, officials outside government, forums attended abroad, modals that are names or months,
and the reach of negation and of in-person words."""

from __future__ import annotations

from datetime import date

from tests.corpus_scoring import extractor

DAY = date(2021, 1, 27)


def found(body: str) -> list[tuple[str, str, list[str]]]:
    return [(e.engagement_type, e.status, sorted(e.codes)) for e in extractor().extract(body, DAY).engagements]


def test_welcoming_a_decision_hosts_nobody() -> None:
    assert found("The Government of Japan welcomes that the ceasefire was reached between Israel and Egypt.") == []
    assert found("The Taoiseach and the Prime Minister welcomed the collaboration between the EU and Canada.") == []


def test_hosting_a_counterpart_is_a_visit() -> None:
    body = "Prime Minister Narendra Modi hosted his Australian counterpart Anthony Albanese in New Delhi on Friday."
    assert found(body) == [("visit", "occurred", ["AUS", "IND"])]


def test_a_summit_named_as_the_venue_is_not_an_engagement_of_its_own() -> None:
    body = "Prime Minister Narendra Modi met President Barack Obama on the sidelines of the G20 summit in Hangzhou."
    assert found(body) == [("meeting", "occurred", ["IND", "USA"])]


def test_a_summit_named_as_a_time_is_not_an_engagement() -> None:
    assert found("Markets were calm one week before the G20 summit in Osaka, analysts said.") == []


def test_one_telephone_conversation_with_several_leaders_is_one_call() -> None:
    body = (
        "Vladimir Putin had a telephone conversation with Chancellor Angela Merkel, President Emmanuel Macron "
        "and President Petro Poroshenko."
    )
    assert found(body) == [("phone_call", "occurred", ["DEU", "FRA", "RUS", "UKR"])]


def test_phoning_several_leaders_is_one_call_each() -> None:
    body = "Vladimir Putin phoned Chancellor Angela Merkel and President Emmanuel Macron."
    assert found(body) == [("phone_call", "occurred", ["DEU", "RUS"]), ("phone_call", "occurred", ["FRA", "RUS"])]


def test_legislators_and_former_officials_are_not_governments() -> None:
    assert found("Senator John McCain met President Petro Poroshenko in Kyiv on Friday.") == []
    assert found("Former President Barack Obama met Prime Minister Narendra Modi in New Delhi on Friday.") == []


def test_attending_a_forum_abroad_is_a_multilateral_meeting_with_its_host() -> None:
    body = "President William Ruto attended the Africa Energy Summit in Tanzania on Monday."
    assert found(body) == [("multilateral_meeting", "occurred", ["KEN", "TZA"])]


def test_a_month_named_may_is_not_a_modal() -> None:
    body = "Prime Minister Fumio Kishida on May 7 will arrive in Seoul for a summit with President Yoon Suk Yeol."
    assert found(body) == [("visit", "planned", ["JPN", "KOR"])]


def test_a_meeting_word_elsewhere_in_the_sentence_leaves_a_call_a_call() -> None:
    body = "US President Joe Biden in a phone call with his Russian counterpart Vladimir Putin suggested a meeting."
    assert found(body) == [("phone_call", "occurred", ["RUS", "USA"])]


def test_negation_reaches_across_a_few_words_of_its_clause_only() -> None:
    body = "President Enrique Pena Nieto will not attend a planned meeting with President Donald Trump."
    assert found(body) == []
    body = "President Emmanuel Macron did not hide his anger, and he met President Joe Biden on Friday."
    assert found(body) == [("meeting", "occurred", ["FRA", "USA"])]


def test_a_title_in_apposition_describes_the_person_before_it() -> None:
    body = (
        "Mr. Fumio Kishida, Minister for Foreign Affairs, held a telephone talk with H.E. Dr. Frank-Walter "
        "Steinmeier, Federal Minister for Foreign Affairs, Germany."
    )
    assert found(body) == [("phone_call", "occurred", ["DEU", "JPN"])]


def test_cancelled_and_rejected_engagements_are_not_engagements() -> None:
    assert found("The administration scrapped Secretary of State Antony Blinken's planned visit to China.") == []
    assert found("Both leaders have rejected a call from President Joe Biden, the newspaper said.") == []


def test_a_one_word_alias_inside_a_longer_unknown_name_is_not_that_person() -> None:
    body = "Anwar Gargash, adviser to the UAE President, met Iranian Foreign Minister Abbas Araghchi."
    assert all("MYS" not in codes for _, _, codes in found(body))


def test_a_month_with_its_year_dates_a_recalled_visit() -> None:
    (visit,) = extractor().extract("Mr Modi last visited France in February 2025.", date(2026, 3, 10)).engagements
    assert (visit.engagement_date, visit.date_precision) == (date(2025, 2, 1), "month")


def test_an_invitation_after_a_call_leaves_the_call_in_the_past() -> None:
    body = "President Emmanuel Macron spoke by phone with Prime Minister Narendra Modi on Monday and invited him."
    engagements = extractor().extract(body, date(2026, 3, 10)).engagements
    call = next(e for e in engagements if e.engagement_type == "phone_call")
    assert (call.status, call.engagement_date) == ("occurred", date(2026, 3, 9))


def test_a_past_call_is_not_dated_by_an_expression_pointing_ahead() -> None:
    body = (
        "President Emmanuel Macron on Wednesday ordered the ambassador to return to Washington next week after a "
        "phone call with President Joe Biden."
    )
    (call,) = extractor().extract(body, date(2021, 9, 22)).engagements
    assert (call.status, call.engagement_date, call.date_precision) == ("occurred", date(2021, 9, 22), "day")


def test_calling_someone_names_is_not_a_phone_call() -> None:
    assert found("President Donald Trump called Prime Minister Justin Trudeau a very dishonest and weak man.") == []
    assert found("President Donald Trump called Prime Minister Justin Trudeau on Monday.") == [
        ("phone_call", "occurred", ["CAN", "USA"])
    ]


def test_a_forum_that_decides_is_not_a_meeting() -> None:
    assert found("The UN General Assembly condemned the annexation, with India and Brazil abstaining.") == []


def test_non_state_groups_are_never_participants() -> None:
    result = extractor().extract("The Taliban delegation visited Russia, China and Iran last month.", DAY)
    assert result.engagements == []
    assert {d.reason for d in result.diagnostics} == {"non_state"}


def test_meeting_a_goal_is_not_a_meeting() -> None:
    assert found("Japan will help Ukraine to meet the needs of its people, Prime Minister Fumio Kishida said.") == []
    assert found("President Joe Biden urged NATO members to meet the target of spending 2% of GDP.") == []


def test_a_visit_to_a_countrys_own_territory_is_domestic() -> None:
    assert found("President Joe Biden visited Puerto Rico on Monday.") == []


def test_on_the_way_to_a_summit_is_planned() -> None:
    body = "President Vladimir Putin is on his way to the G20 summit in Argentina, with President Xi Jinping."
    assert {status for _, status, _ in found(body)} == {"planned"}


def test_an_attribution_after_a_comma_is_not_a_counterpart() -> None:
    body = (
        "Turkish President Tayyip Erdogan and U.S. President Donald Trump discussed Syria during a phone call on "
        "Friday, sources in Erdogan's office said."
    )
    assert found(body) == [("phone_call", "occurred", ["TUR", "USA"])]


def test_officials_travelling_together_each_visit_the_destination() -> None:
    body = "Prime Minister Narendra Modi and Secretary of State Antony Blinken have arrived in Papua New Guinea."
    assert sorted(found(body)) == [("visit", "occurred", ["IND", "PNG"]), ("visit", "occurred", ["PNG", "USA"])]


def test_destinations_of_one_traveller_are_not_a_pair() -> None:
    body = (
        "Under Secretary Victoria Nuland will travel to Jamaica, Ecuador, and Colombia from November 14-18, to lead "
        "strategic dialogues and bilateral engagements, along with State Department colleagues."
    )
    assert {tuple(codes) for _, _, codes in found(body)} <= {("JAM", "USA"), ("ECU", "USA"), ("COL", "USA")}


def test_a_later_mention_by_one_name_is_the_person_named_in_full_before() -> None:
    body = (
        "Chinese Foreign Minister Wang Yi met Japanese Foreign Minister Takeshi Iwaya in Beijing on Wednesday. "
        "Wang agreed to visit Japan next year."
    )
    assert ("visit", "planned", ["CHN", "JPN"]) in found(body)


def test_a_name_shared_by_two_people_is_left_alone() -> None:
    body = (
        "Kim Jong Un sent Kim Yong Chol to New York, where he met Secretary of State Mike Pompeo. "
        "Kim later visited Moscow."
    )
    assert all(codes != ["PRK", "RUS"] for _, _, codes in found(body))
    unknown = "Kim Jong Un sent his aide Kim Tae Sok to Hanoi on Monday. Kim later visited Moscow."
    assert all(codes != ["PRK", "RUS"] for _, _, codes in found(unknown))


def test_who_makes_the_person_before_it_the_subject() -> None:
    body = (
        "Mr Cleverly follows US counterpart Antony Blinken, who visited Beijing in June. Foreign Secretary "
        "James Cleverly will visit China on Wednesday."
    )
    assert ("visit", "occurred", ["CHN", "USA"]) in found(body)


def test_a_known_title_before_a_one_word_name_leaves_it_that_person() -> None:
    assert found("Indian PM Modi met Chinese President Xi on Monday.") == [("meeting", "occurred", ["CHN", "IND"])]


def test_speculation_in_another_clause_leaves_an_engagement_standing() -> None:
    body = (
        "Asked whether the sanctions would be lifted soon, the spokesman said that President Joe Biden met "
        "President Emmanuel Macron on Monday."
    )
    assert found(body) == [("meeting", "occurred", ["FRA", "USA"])]


def test_a_cancelling_verb_does_not_reach_into_the_next_clause() -> None:
    body = "India rejected the claims and Prime Minister Narendra Modi met President Xi Jinping on Monday."
    assert found(body) == [("meeting", "occurred", ["CHN", "IND"])]


def test_an_official_introduced_with_title_is_later_called_by_last_name() -> None:
    body = (
        "Somali Foreign Minister Ahmed Moallim Fiqi met Kenyan President William Ruto in Nairobi on Monday. "
        "Fiqi later met Ethiopian Prime Minister Abiy Ahmed in Addis Ababa."
    )
    assert ("visit", "occurred", ["ETH", "SOM"]) in found(body)


def test_who_reports_an_engagement_is_not_its_participant() -> None:
    body = "Press Secretary Sarah Sanders said the U.S. and Russian governments had exchanged phone calls."
    assert found(body) == [("phone_call", "occurred", ["RUS", "USA"])]


def test_two_meetings_months_apart_are_two_engagements() -> None:
    body = (
        "President Donald Trump met South Korean President Moon Jae-in in Washington in June 2018. "
        "The two leaders met again in Seoul in February 2019."
    )
    dates = sorted(e.engagement_date for e in extractor().extract(body, date(2019, 7, 1)).engagements)
    assert dates == [date(2018, 6, 1), date(2019, 2, 1)]
