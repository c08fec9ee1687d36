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
    assert found("Canada welcomes that a truce was agreed between Armenia and Azerbaijan last night.") == []
    assert found("The two prime ministers welcomed the cooperation of the EU and Canada on tariffs.") == []


def test_hosting_a_counterpart_is_a_visit() -> None:
    body = "Prime Minister Narendra Modi hosted his Australian counterpart Anthony Albanese in New Delhi on Friday."
    assert found(body) == [("visit", "occurred", ["AUS", "IND"])]


def test_a_summit_named_as_the_venue_is_not_an_engagement_of_its_own() -> None:
    body = "Prime Minister Narendra Modi met President Joe Biden on the margins of the G20 summit in Rome."
    assert found(body) == [("meeting", "occurred", ["IND", "USA"])]


def test_a_summit_named_as_a_time_is_not_an_engagement() -> None:
    assert found("Markets were calm two days before the G20 summit in Rio, analysts said.") == []


def test_one_telephone_conversation_with_several_leaders_is_one_call() -> None:
    body = (
        "President Emmanuel Macron held a video conference with Chancellor Olaf Scholz, President Volodymyr "
        "Zelensky and Prime Minister Giorgia Meloni."
    )
    assert found(body) == [("phone_call", "occurred", ["DEU", "FRA", "ITA", "UKR"])]


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
    body = "Prime Minister Shigeru Ishiba on May 12 will land in Seoul for talks with President Lee Jae-myung."
    assert found(body) == [("visit", "planned", ["JPN", "KOR"])]


def test_a_meeting_word_elsewhere_in_the_sentence_leaves_a_call_a_call() -> None:
    body = "President Emmanuel Macron in a call with Chinese leader Xi Jinping suggested a meeting."
    assert found(body) == [("phone_call", "occurred", ["CHN", "FRA"])]


def test_negation_reaches_across_a_few_words_of_its_clause_only() -> None:
    body = "President Enrique Pena Nieto will not attend a planned meeting with President Donald Trump."
    assert found(body) == []
    body = "President Emmanuel Macron did not hide his anger, and he met President Joe Biden on Friday."
    assert found(body) == [("meeting", "occurred", ["FRA", "USA"])]


def test_a_title_in_apposition_describes_the_person_before_it() -> None:
    body = (
        "Ms. Yoko Kamikawa, Minister for Foreign Affairs, had a telephone talk on Tuesday with Ms. Annalena "
        "Baerbock, Federal Minister for Foreign Affairs."
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
        "President Emmanuel Macron on Wednesday told his envoy to go back to Canberra next week after a "
        "phone call with Prime Minister Anthony Albanese."
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
    assert found("President Joe Biden urged Chancellor Olaf Scholz to meet the goal of higher defence budgets.") == []


def test_a_visit_to_a_countrys_own_territory_is_domestic() -> None:
    assert found("President Joe Biden visited Puerto Rico on Monday.") == []


def test_on_the_way_to_a_summit_is_planned() -> None:
    body = "President Vladimir Putin is on his way to the G20 summit in Argentina, with President Xi Jinping."
    assert {status for _, status, _ in found(body)} == {"planned"}


def test_an_attribution_after_a_comma_is_not_a_counterpart() -> None:
    body = (
        "Brazilian President Lula da Silva and Argentine President Javier Milei talked trade in a phone call on "
        "Tuesday, aides in Lula's office said."
    )
    assert found(body) == [("phone_call", "occurred", ["ARG", "BRA"])]


def test_officials_travelling_together_each_visit_the_destination() -> None:
    body = "Chancellor Olaf Scholz and Prime Minister Giorgia Meloni have arrived in Kenya for the forum."
    assert sorted(found(body)) == [("visit", "occurred", ["DEU", "KEN"]), ("visit", "occurred", ["ITA", "KEN"])]


def test_destinations_of_one_traveller_are_not_a_pair() -> None:
    body = (
        "Foreign Secretary David Lammy will travel to Ghana, Nigeria, and Senegal from March 3-7, to hold "
        "strategic dialogues and bilateral meetings, along with officials of his department."
    )
    assert {tuple(codes) for _, _, codes in found(body)} <= {("GBR", "GHA"), ("GBR", "NGA"), ("GBR", "SEN")}


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
        "Ms Wong follows German counterpart Annalena Baerbock, who visited Tokyo in May. Foreign Minister "
        "Penny Wong will visit India on Friday."
    )
    assert ("visit", "occurred", ["DEU", "JPN"]) in found(body)


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
    body = "Spokesman Dmitry Peskov said the Russian and French governments had exchanged phone calls."
    assert found(body) == [("phone_call", "occurred", ["FRA", "RUS"])]


def test_two_meetings_months_apart_are_two_engagements() -> None:
    body = (
        "President Donald Trump met South Korean President Moon Jae-in in Washington in June 2018. "
        "The two leaders met again in Seoul in February 2019."
    )
    dates = sorted(e.engagement_date for e in extractor().extract(body, date(2019, 7, 1)).engagements)
    assert dates == [date(2018, 6, 1), date(2019, 2, 1)]


def test_the_two_sides_named_in_the_same_sentence_are_the_pair_just_named() -> None:
    body = (
        "Chancellor Olaf Scholz telephoned Prime Minister Justin Trudeau on Monday.\n\n"
        "President Emmanuel Macron received Prime Minister Pedro Sánchez in Paris on Tuesday, and the two sides "
        "signed a treaty on rail links."
    )
    assert sorted(found(body)) == [("phone_call", "occurred", ["CAN", "DEU"]), ("visit", "occurred", ["ESP", "FRA"])]
    # without a pair in its own sentence, "the two leaders" still refers to the last pair named
    assert found("Olaf Scholz telephoned Justin Trudeau on Monday. The two leaders met again on Friday.") == [
        ("phone_call", "occurred", ["CAN", "DEU"]),
        ("meeting", "occurred", ["CAN", "DEU"]),
    ]


def test_visits_in_general_are_not_engagements() -> None:
    body = "Foreign Minister Sergey Lavrov arrived in Lima on Monday, after similar official visits to Chile and Peru."
    assert found(body) == [("visit", "occurred", ["PER", "RUS"])]
    assert found("President Xi Jinping recalled prior state visits to Brazil and Argentina.") == []


def test_sub_national_leaders_and_members_of_parliament_are_not_governments() -> None:
    assert found("Scottish First Minister Nicola Sturgeon met Irish Prime Minister Leo Varadkar in Dublin.") == []
    body = "Member of the European Parliament Guy Verhofstadt met President Volodymyr Zelensky in Kyiv."
    assert found(body) == []


def test_three_countries_meeting_without_a_forum_is_an_ad_hoc_meeting() -> None:
    body = (
        "President Vladimir Putin, President Recep Tayyip Erdogan and President Hassan Rouhani held a trilateral "
        "summit in Sochi on Wednesday."
    )
    assert found(body) == [("meeting", "occurred", ["IRN", "RUS", "TUR"])]
    body = "President Vladimir Putin and President Xi Jinping attended the BRICS summit in Johannesburg on Wednesday."
    assert found(body)[0][:2] == ("multilateral_meeting", "occurred")


def test_meeting_several_counterparts_is_one_meeting_each_unless_one_event_is_named() -> None:
    guests = (
        "German Chancellor Olaf Scholz, Italian Prime Minister Giorgia Meloni and Spanish Prime Minister "
        "Pedro Sanchez on Friday."
    )
    each = found(f"French President Emmanuel Macron will meet {guests}")
    assert each == [("meeting", "planned", sorted(["FRA", code])) for code in ("DEU", "ITA", "ESP")]
    joint = found(f"French President Emmanuel Macron will hold a meeting with {guests}")
    assert joint == [("meeting", "planned", ["DEU", "ESP", "FRA", "ITA"])]


def test_a_call_that_carries_an_invitation_took_place() -> None:
    """The call or letter took place; the visit it invites to is planned."""
    body = "President Joe Biden invited President Lula to Washington during a phone call on Tuesday."
    assert sorted(found(body)) == [("phone_call", "occurred", ["BRA", "USA"]), ("visit", "planned", ["BRA", "USA"])]
    body = "Chancellor Olaf Scholz invited Prime Minister Fumio Kishida to Berlin in a letter sent on Monday."
    assert sorted(found(body)) == [("letter", "occurred", ["DEU", "JPN"]), ("visit", "planned", ["DEU", "JPN"])]


def test_the_one_received_by_a_host_is_the_visitor() -> None:
    body = "Prime Minister Anthony Albanese was warmly received by Premier Li Qiang in Beijing on Monday."
    (visit,) = extractor().extract(body, DAY).engagements
    roles = {p.role: p.country_code for p in visit.participants}
    assert (visit.engagement_type, roles) == ("visit", {"initiator": "AUS", "recipient": "CHN"})
    assert found("Prime Minister Albanese will attend a dinner hosted by Premier Li Qiang in Beijing.") == []


def test_readiness_to_meet_is_no_engagement() -> None:
    assert found("President Zelensky said he was ready to meet President Putin after a ceasefire.") == []
    assert found("Chancellor Scholz is willing to travel to Beijing to meet President Xi.") == []


def test_a_summit_where_two_leaders_meet_is_their_venue_not_a_meeting_of_its_own() -> None:
    body = "President Joe Biden and President Xi Jinping will meet at the APEC summit in Lima next month."
    assert found(body) == [("meeting", "planned", ["CHN", "USA"])]
    body = "President Joe Biden met President Xi Jinping during the G20 summit in Rio de Janeiro on Monday."
    assert found(body) == [("meeting", "occurred", ["CHN", "USA"])]


def test_a_reporting_clause_of_the_subjects_side_names_no_counterpart() -> None:
    body = "President Erdogan and President Putin discussed grain exports in a phone call, Turkish officials said."
    assert found(body) == [("phone_call", "occurred", ["RUS", "TUR"])]


def test_a_courtesy_call_is_paid_in_person() -> None:
    body = "Prime Minister Anwar Ibrahim paid a courtesy call on President Prabowo Subianto in Jakarta on Monday."
    assert found(body) == [("visit", "occurred", ["IDN", "MYS"])]


def test_leaving_for_a_capital_is_travelling_there() -> None:
    body = "Prime Minister Shehbaz Sharif left for Beijing on Tuesday."
    assert found(body) == [("visit", "occurred", ["CHN", "PAK"])]
    assert found("The prime minister left for home on Tuesday.") == []


def test_a_meeting_named_by_its_forum_is_the_forums_meeting_even_with_no_member_named() -> None:
    assert found("The G7 Foreign Ministers' Meeting opened in Tokyo on Tuesday.") == [
        ("multilateral_meeting", "occurred", ["G7"])
    ]
    assert found("The African Union will hold an extraordinary summit in Addis Ababa next month.") == [
        ("multilateral_meeting", "planned", ["AU"])
    ]
    assert found("The Secretary-General held an internal meeting with his UN envoys on Tuesday.") == []
    body = "UN Secretary-General Antonio Guterres met African Union Commission Chairperson Moussa Faki on Monday."
    assert found(body) == [("meeting", "occurred", ["AU", "UN"])]  # two organisations' leaders


def test_an_engagement_opening_its_sentence_takes_the_mood_of_the_verb_after_it() -> None:
    assert found("A visit by President Macron to Algeria remains unlikely, officials said.") == []
    assert found("Analysts said a meeting between President Xi and President Biden would be needed.") == []
    assert found("A summit of the African Union will be held in Addis Ababa next month.") == [
        ("multilateral_meeting", "planned", ["AU"])
    ]
    body = "The meeting between President Xi and President Biden took place in Woodside on Wednesday."
    assert found(body) == [("meeting", "occurred", ["CHN", "USA"])]


def test_a_headline_in_capitals_keeps_its_cues_and_a_capital_may_is_a_name() -> None:
    title = "Prime Minister Netanyahu Cancels Delegation to Washington"
    assert extractor().extract("No details were given.", DAY, title=title).engagements == []
    body = "Prime Minister Theresa May will meet Chancellor Angela Merkel in Berlin on Friday."
    assert found(body) == [("visit", "planned", ["DEU", "GBR"])]


def test_having_a_conversation_is_meeting_unless_by_phone() -> None:
    body = "President Vladimir Putin and President Donald Trump had a conversation on the sidelines of the APEC summit."
    assert found(body) == [("meeting", "occurred", ["RUS", "USA"])]
    body = "President Vladimir Putin and President Donald Trump had a phone conversation on Monday."
    assert found(body) == [("phone_call", "occurred", ["RUS", "USA"])]


def test_a_negation_reaches_the_verbs_joined_by_or() -> None:
    body = "President Joe Biden will not attend the summit in Lima or travel to Bogota as planned."
    assert found(body) == []
    body = "President Joe Biden will not attend the summit in Lima, but he will travel to Bogota on Friday."
    assert found(body) == [("visit", "planned", ["COL", "USA"])]
