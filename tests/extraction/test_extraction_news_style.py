"""Rules for how news (not only official readouts) tells engagements: lowercase titles, who a bare title or a
pronoun is, where counterparts end, days told by other days, denials and cancellations, summits one is invited
to, and the topics of an article's lead engagement. One short text of our own per rule."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.extraction.extractor import Engagement, Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.publisher import Publisher
from dagster_project.settings import SEEDS_DIR


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Gazetteer.from_seeds(SEEDS_DIR))


def found(extractor: Extractor, body: str, day: date, **kwargs: object) -> list[tuple[str, str, frozenset[str]]]:
    return [(e.engagement_type, e.status, e.codes) for e in extractor.extract(body, day, **kwargs).engagements]


def only(extractor: Extractor, body: str, day: date) -> Engagement:
    (engagement,) = extractor.extract(body, day).engagements
    return engagement


def pair(*codes: str) -> frozenset[str]:
    return frozenset(codes)


# ---- who takes part ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        "The Chinese premier met the visiting Australian prime minister in Beijing.",
        "Li Qiang, the Chinese premier, met the visiting Australian prime minister in Beijing.",
    ],
)
def test_titles_written_in_lowercase_place_officials(extractor: Extractor, body: str) -> None:
    assert found(extractor, body, date(2023, 4, 10)) == [("visit", "occurred", pair("AUS", "CHN"))]


def test_a_leader_and_a_top_diplomat_are_titles(extractor: Extractor) -> None:
    day = date(2023, 4, 10)
    assert found(extractor, "The Chinese leader met the Russian leader in Moscow on Monday.", day) == [
        ("visit", "occurred", pair("CHN", "RUS"))
    ]
    assert found(extractor, "Russia's top diplomat met his Chinese counterpart in Beijing on Monday.", day) == [
        ("visit", "occurred", pair("CHN", "RUS"))
    ]


def test_a_bare_title_is_the_first_official_the_article_gave_it(extractor: Extractor) -> None:
    """The protagonist named first, not the last holder of a like title named: "she" is Meloni, not Sanchez."""
    body = (
        "Prime Minister Giorgia Meloni will host European leaders including Spanish premier Pedro Sanchez in Rome. "
        "Palazzo Chigi listed the talks arranged so far for the Prime Minister. "
        "She will meet Czech President Petr Pavel on Friday."
    )
    rows = found(extractor, body, date(2024, 3, 4))
    assert ("meeting", "planned", pair("CZE", "ITA")) in rows, rows
    assert all("ESP" not in codes or codes == pair("ESP", "ITA") for _, _, codes in rows), rows


def test_the_home_government_is_never_guessed_from_the_places_an_article_names(extractor: Extractor) -> None:
    body = (
        "The Prime Minister spoke to President Emmanuel Macron of France. "
        "They discussed trade between Britain and France and Britain's role in Europe."
    )
    day = date(2024, 11, 6)
    assert found(extractor, body, day) == []
    published = Publisher("https://www.gov.uk/government/news/pm-call", None)
    assert found(extractor, body, day, publisher=published) == [("phone_call", "occurred", pair("FRA", "GBR"))]


def test_counterparts_end_where_a_phrase_of_another_kind_begins(extractor: Extractor) -> None:
    body = (
        "Chancellor Olaf Scholz on Tuesday named a new envoy to Beijing after a phone call with Chinese President "
        "Xi Jinping aimed at easing a dispute over electric car tariffs for Hungary."
    )
    assert found(extractor, body, date(2024, 6, 11)) == [("phone_call", "occurred", pair("CHN", "DEU"))]


def test_an_organisations_leader_is_visited_and_called(extractor: Extractor) -> None:
    body = "Chancellor Olaf Scholz received NATO Secretary General Mark Rutte at the Chancellery in Berlin today."
    assert found(extractor, body, date(2024, 11, 4)) == [("visit", "occurred", pair("DEU", "NATO"))]


def test_an_organisations_seat_named_as_the_venue_is_no_member(extractor: Extractor) -> None:
    body = "NATO foreign ministers met in Brussels on Tuesday."
    assert found(extractor, body, date(2023, 4, 6)) == [("multilateral_meeting", "occurred", pair("NATO"))]


def test_the_country_a_visitor_is_in_is_the_one_visited(extractor: Extractor) -> None:
    body = "Kenyan President William Ruto was in Washington this week for a state visit."
    assert found(extractor, body, date(2024, 5, 23)) == [("visit", "occurred", pair("KEN", "USA"))]


def test_both_the_host_and_the_invited_attend_the_summit_of_an_invitation(extractor: Extractor) -> None:
    body = "Emmanuel Macron invited President Lula to attend the French-hosted Ocean Summit on 9 June."
    summit = only(extractor, body, date(2025, 5, 30))
    assert (summit.engagement_type, summit.status, summit.codes) == (
        "multilateral_meeting",
        "planned",
        pair("BRA", "FRA"),
    )
    assert summit.engagement_date == date(2025, 6, 9)


# ---- what took place --------------------------------------------------------------------------------
def test_talks_by_video_link_are_one_call(extractor: Extractor) -> None:
    body = "Foreign Minister Wang Yi held talks with Egyptian Foreign Minister Sameh Shoukry via video link on Monday."
    assert found(extractor, body, date(2024, 5, 15)) == [("phone_call", "occurred", pair("CHN", "EGY"))]


def test_telegram_with_a_capital_is_the_messaging_service(extractor: Extractor) -> None:
    body = "Ukrainian President Volodymyr Zelensky said on Telegram that he had spoken with Erdogan."
    assert found(extractor, body, date(2024, 11, 10)) == [("phone_call", "occurred", pair("TUR", "UKR"))]


@pytest.mark.parametrize(
    "body",
    [
        "The White House denied reports that Biden would meet Putin.",
        "Macron's planned visit to Algeria was postponed.",
        "Modi had been scheduled to visit Washington in June but the trip was cancelled.",
    ],
)
def test_denied_postponed_and_cancelled_engagements_are_not_planned(extractor: Extractor, body: str) -> None:
    assert found(extractor, body, date(2024, 11, 13)) == []


# ---- when --------------------------------------------------------------------------------------
def test_that_evening_and_the_next_day_follow_the_day_stated_before(extractor: Extractor) -> None:
    body = (
        "On Tuesday, 12 March, Chancellor Olaf Scholz landed in Lisbon after a stop in Madrid.\n\n"
        "That evening, the Chancellor dined with Prime Minister Pedro Sanchez of Spain.\n\n"
        "The next day, he met with President Emmanuel Macron of France."
    )
    rows = extractor.extract(body, date(2024, 3, 20)).engagements
    dates = {frozenset(e.codes): e.engagement_date for e in rows}
    assert dates[pair("DEU", "ESP")] == date(2024, 3, 12)
    assert dates[pair("DEU", "FRA")] == date(2024, 3, 13)


def test_a_day_without_its_year_shortly_ahead_is_still_to_come(extractor: Extractor) -> None:
    body = "On March 18, Secretary Blinken attends a working dinner hosted by Egyptian Foreign Minister Sameh Shoukry."
    lunch = only(extractor, body, date(2024, 3, 15))
    assert (lunch.status, lunch.engagement_date) == ("planned", date(2024, 3, 18))


def test_the_day_of_an_earlier_saying_does_not_date_a_planned_visit(extractor: Extractor) -> None:
    body = (
        "Chinese President Xi Jinping said on March 2 that he was ready to meet Lula. "
        "Xi has already extended an invitation to Lula to visit the Chinese capital."
    )
    visit = only(extractor, body, date(2023, 3, 20))
    assert (visit.status, visit.engagement_date) == ("planned", None)


def test_a_day_after_after_or_since_bounds_an_engagement_without_dating_it(extractor: Extractor) -> None:
    body = "Olaf Scholz hopes to meet Xi Jinping in Beijing after March 1, 2024."
    meeting = only(extractor, body, date(2023, 10, 9))
    assert (meeting.status, meeting.engagement_date) == ("planned", None)


# ---- about what ------------------------------------------------------------------------------
def test_kinds_of_aid_and_relief_take_their_own_topic(extractor: Extractor) -> None:
    body = "Zelensky thanked Sunak for the new package of military aid during their meeting in Kyiv on Monday."
    assert only(extractor, body, date(2024, 1, 15)).topics == {"defence"}
    body = "President Joe Biden hosted President William Ruto at the White House on Thursday to discuss debt relief."
    assert only(extractor, body, date(2024, 5, 24)).topics == {"economy"}


def test_the_lead_engagement_takes_the_topics_the_article_dwells_on(extractor: Extractor) -> None:
    body = (
        "President Emmanuel Macron spoke by phone today with President Cyril Ramaphosa.\n\n"
        "The situation in Sudan was reviewed. Efforts against terrorism in the Sahel were reviewed "
        "and support for a ceasefire was reaffirmed."
    )
    call = only(extractor, body, date(2024, 2, 7))
    assert call.topics == {"security"}
    quiet = "President Emmanuel Macron spoke by phone today with President Cyril Ramaphosa."
    assert only(extractor, quiet, date(2024, 2, 7)).topics == set()


# ---- more of the same kinds --------------------------------------------------------------------
def test_talks_held_in_the_passive_are_a_meeting(extractor: Extractor) -> None:
    body = "Talks were held between Chinese Foreign Minister Wang Yi and his Indian counterpart in Beijing on Monday."
    assert found(extractor, body, date(2024, 5, 10)) == [("visit", "occurred", pair("CHN", "IND"))]


def test_a_forum_the_sentence_opens_with_meets_also_by_video(extractor: Extractor) -> None:
    day = date(2024, 7, 10)
    body = "ASEAN leaders gathered in Jakarta on Tuesday for their annual summit."
    assert found(extractor, body, day) == [("multilateral_meeting", "occurred", pair("ASEAN"))]
    body = "European Union leaders held a video conference on Thursday."
    assert found(extractor, body, day) == [("multilateral_meeting", "occurred", pair("EU"))]


def test_a_hyphenated_pair_names_both_sides_of_a_summit(extractor: Extractor) -> None:
    body = "The EU-China summit will take place in Beijing next month."
    assert found(extractor, body, date(2024, 7, 10)) == [("multilateral_meeting", "planned", pair("CHN", "EU"))]


def test_a_bare_envoy_takes_no_country_from_the_one_envoy_the_seeds_know(extractor: Extractor) -> None:
    body = "On this tour, the Special Envoy will meet with Libyan civil society leaders and officials."
    assert found(extractor, body, date(2024, 4, 2)) == []


def test_a_name_particle_needs_a_name_after_it(extractor: Extractor) -> None:
    body = "The Taoiseach's phone call with Prime Minister May last night focused on the border."
    call = only(extractor, body, date(2019, 3, 15))
    assert (call.codes, call.engagement_date) == (pair("GBR", "IRL"), date(2019, 3, 14))


def test_a_planned_weekday_that_is_the_publications_is_that_day(extractor: Extractor) -> None:
    body = "Anthony Albanese will hold a bilateral meeting with Prime Minister Christopher Luxon on Thursday."
    assert only(extractor, body, date(2024, 10, 24)).engagement_date == date(2024, 10, 24)


def test_a_date_before_a_coordinated_verb_dates_that_verb(extractor: Extractor) -> None:
    body = (
        "Narendra Modi has travelled little this year, visiting France in February and joining a summit "
        "of the G7 in Italy earlier this month."
    )
    dates = {e.engagement_type: e.engagement_date for e in extractor.extract(body, date(2024, 6, 28)).engagements}
    assert dates == {"visit": date(2024, 2, 1), "multilateral_meeting": date(2024, 6, 1)}


def test_topic_words_in_the_name_of_something_else_are_no_evidence(extractor: Extractor) -> None:
    body = (
        "Prime Minister Shehbaz Sharif met President Xi Jinping in Beijing on Monday, "
        "the Financial Express reported, a day after the World War II commemoration."
    )
    assert only(extractor, body, date(2024, 6, 10)).topics == set()
    body = "Prime Minister Shehbaz Sharif met President Xi Jinping in Beijing on Monday to discuss financial support."
    assert only(extractor, body, date(2024, 6, 10)).topics == {"economy"}


def test_the_i_of_a_quotation_is_its_speaker(extractor: Extractor) -> None:
    body = '"I spoke to President Xi this morning and we agreed to keep talking," Biden told reporters.'
    assert found(extractor, body, date(2024, 5, 15)) == [("phone_call", "occurred", pair("CHN", "USA"))]


def test_a_meeting_of_three_without_a_forum_is_a_meeting(extractor: Extractor) -> None:
    body = "Blinken will take part in a meeting with Egyptian, Jordanian, and Saudi leaders in Cairo."
    rows = found(extractor, body, date(2024, 3, 15))
    assert rows == [("meeting", "planned", pair("EGY", "JOR", "SAU", "USA"))], rows


def test_counterparts_end_where_another_clause_begins(extractor: Extractor) -> None:
    body = (
        "Ms Baerbock follows French counterpart Stephane Sejourne, who visited Kyiv in February, and her trip "
        "will be the first by a German foreign minister since the spring."
    )
    assert found(extractor, body, date(2024, 5, 21)) == [("visit", "occurred", pair("FRA", "UKR"))]


def test_an_invitation_to_a_seat_of_government_is_a_planned_visit(extractor: Extractor) -> None:
    visit = only(extractor, "Biden invited Kenyan President William Ruto to the White House.", date(2024, 1, 10))
    assert (visit.engagement_type, visit.status, visit.is_invitation) == ("visit", "planned", True)
    roles = {p.role: p.country_code for p in visit.participants}
    assert roles == {"initiator": "KEN", "recipient": "USA"}
    assert found(extractor, "The ministry invited bids for the new embassy.", date(2024, 1, 10)) == []


def test_a_call_on_a_day_is_a_call_and_a_call_on_someone_an_appeal(extractor: Extractor) -> None:
    day = date(2024, 5, 15)
    body = "Biden and Mexican President Andres Manuel Lopez Obrador agreed in a call on Sunday to work together."
    assert found(extractor, body, day) == [("phone_call", "occurred", pair("MEX", "USA"))]
    assert found(extractor, "Biden called on President Xi Jinping to restrain North Korea.", day) == []


def test_calling_on_an_official_is_a_courtesy_call_unless_it_urges(extractor: Extractor) -> None:
    day = date(2024, 6, 18)
    body = "External Affairs Minister S. Jaishankar called on Sri Lankan President Ranil Wickremesinghe in Colombo."
    assert found(extractor, body, day) == [("visit", "occurred", pair("IND", "LKA"))]
    body = "India's External Affairs Minister S. Jaishankar called on Sri Lanka to release the fishermen."
    assert found(extractor, body, day) == []


def test_a_city_that_hosts_a_forums_meeting_takes_part_in_it(extractor: Extractor) -> None:
    body = "Vientiane hosted the 44th meeting of the ASEAN Council of Foreign Ministers on 8 October 2024."
    meeting = only(extractor, body, date(2024, 10, 9))
    assert (meeting.engagement_type, meeting.codes) == ("multilateral_meeting", pair("ASEAN", "LAO"))
    assert meeting.engagement_date == date(2024, 10, 8)
