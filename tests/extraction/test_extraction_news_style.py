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
    """The protagonist named first, not the last holder of a like title named: "she" is Truss, not Trudeau."""
    body = (
        "Prime Minister Liz Truss will meet world leaders including Canadian premier Justin Trudeau this weekend. "
        "Downing Street detailed the meetings confirmed so far for the Prime Minister. "
        "She will meet Polish President Andrzej Duda on Sunday."
    )
    rows = found(extractor, body, date(2022, 9, 16))
    assert ("meeting", "planned", pair("GBR", "POL")) in rows, rows
    assert all("CAN" not in codes or codes == pair("CAN", "GBR") for _, _, codes in rows), rows


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
        "President Emmanuel Macron on Wednesday ordered the French ambassador to return to Washington after a "
        "phone call with US counterpart Joe Biden aimed at calming tensions in a row over a ditched submarine "
        "contract for Australia."
    )
    assert found(extractor, body, date(2021, 9, 22)) == [("phone_call", "occurred", pair("FRA", "USA"))]


def test_an_organisations_leader_is_visited_and_called(extractor: Extractor) -> None:
    body = "Prime Minister Keir Starmer hosted NATO Secretary General Mark Rutte at Downing Street this morning."
    assert found(extractor, body, date(2024, 10, 10)) == [("visit", "occurred", pair("GBR", "NATO"))]


def test_an_organisations_seat_named_as_the_venue_is_no_member(extractor: Extractor) -> None:
    body = "NATO foreign ministers met in Brussels on Tuesday."
    assert found(extractor, body, date(2023, 4, 6)) == [("multilateral_meeting", "occurred", pair("NATO"))]


def test_the_country_a_visitor_is_in_is_the_one_visited(extractor: Extractor) -> None:
    body = "Kenyan President William Ruto was in Washington this week for a state visit."
    assert found(extractor, body, date(2024, 5, 23)) == [("visit", "occurred", pair("KEN", "USA"))]


def test_both_the_host_and_the_invited_attend_the_summit_of_an_invitation(extractor: Extractor) -> None:
    body = "Boris Johnson invited President Erdogan to attend the UK-hosted Global Vaccine Summit on 4 June."
    summit = only(extractor, body, date(2020, 5, 29))
    assert (summit.engagement_type, summit.status, summit.codes) == (
        "multilateral_meeting",
        "planned",
        pair("GBR", "TUR"),
    )
    assert summit.engagement_date == date(2020, 6, 4)


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
        "On Monday, 4 September, Secretary-General Antonio Guterres arrived in Nairobi from New York.\n\n"
        "That evening, the Secretary-General met with the African Union Chairperson, Moussa Faki.\n\n"
        "The next day, he met with President Samia Suluhu Hassan of Tanzania."
    )
    rows = extractor.extract(body, date(2023, 9, 14)).engagements
    dates = {frozenset(e.codes): e.engagement_date for e in rows}
    assert dates[pair("AU", "UN")] == date(2023, 9, 4)
    assert dates[pair("TZA", "UN")] == date(2023, 9, 5)


def test_a_day_without_its_year_shortly_ahead_is_still_to_come(extractor: Extractor) -> None:
    body = "On November 11, Secretary Pompeo attends a working lunch hosted by French Foreign Minister Le Drian."
    lunch = only(extractor, body, date(2018, 11, 9))
    assert (lunch.status, lunch.engagement_date) == ("planned", date(2018, 11, 11))


def test_the_day_of_an_earlier_saying_does_not_date_a_planned_visit(extractor: Extractor) -> None:
    body = (
        "Russian President Vladimir Putin said on July 27 that he was ready to meet Donald Trump. "
        "Putin has already extended an invitation to Trump to visit the Russian capital."
    )
    visit = only(extractor, body, date(2018, 8, 9))
    assert (visit.status, visit.engagement_date) == ("planned", None)


def test_a_day_after_after_or_since_bounds_an_engagement_without_dating_it(extractor: Extractor) -> None:
    body = "Donald Trump hopes to meet Vladimir Putin in Washington after January 1, 2019."
    meeting = only(extractor, body, date(2018, 8, 9))
    assert (meeting.status, meeting.engagement_date) == ("planned", None)


# ---- about what ------------------------------------------------------------------------------
def test_kinds_of_aid_and_relief_take_their_own_topic(extractor: Extractor) -> None:
    body = "Zelensky thanked Sunak for the new package of military aid during their meeting in Kyiv on Monday."
    assert only(extractor, body, date(2024, 1, 15)).topics == {"defence"}
    body = "President Joe Biden hosted President William Ruto at the White House on Thursday to discuss debt relief."
    assert only(extractor, body, date(2024, 5, 24)).topics == {"economy"}


def test_the_lead_engagement_takes_the_topics_the_article_dwells_on(extractor: Extractor) -> None:
    body = (
        "President Recep Tayyip Erdogan spoke by phone this evening with President Donald Trump.\n\n"
        "The latest developments in the war in Syria were discussed. Joint fight against terrorism was discussed "
        "and the need for a ceasefire was underscored."
    )
    call = only(extractor, body, date(2017, 4, 17))
    assert call.topics == {"security"}
    quiet = "President Recep Tayyip Erdogan spoke by phone this evening with President Donald Trump."
    assert only(extractor, quiet, date(2017, 4, 17)).topics == set()


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
    body = "During his trip, the Special Envoy will meet with Sudanese civil society leaders and officials."
    assert found(extractor, body, date(2024, 10, 31)) == []


def test_a_name_particle_needs_a_name_after_it(extractor: Extractor) -> None:
    body = "The Taoiseach's phone call with Prime Minister May last night focused on the border."
    call = only(extractor, body, date(2019, 3, 15))
    assert (call.codes, call.engagement_date) == (pair("GBR", "IRL"), date(2019, 3, 14))


def test_a_planned_weekday_that_is_the_publications_is_that_day(extractor: Extractor) -> None:
    body = "Prime Minister Narendra Modi will hold a bilateral meeting with Prime Minister James Marape on Monday."
    assert only(extractor, body, date(2023, 5, 22)).engagement_date == date(2023, 5, 22)


def test_a_date_before_a_coordinated_verb_dates_that_verb(extractor: Extractor) -> None:
    body = (
        "Xi Jinping has spent only six days abroad this year, visiting Moscow in March and attending a summit "
        "of the BRICS in South Africa earlier this month."
    )
    dates = {e.engagement_type: e.engagement_date for e in extractor.extract(body, date(2023, 8, 31)).engagements}
    assert dates == {"visit": date(2023, 3, 1), "multilateral_meeting": date(2023, 8, 1)}


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
    body = "Pompeo will participate in a meeting with Israeli, Cypriot, and Greek leaders in Jerusalem."
    rows = found(extractor, body, date(2019, 3, 15))
    assert rows == [("meeting", "planned", pair("CYP", "GRC", "ISR", "USA"))], rows


def test_counterparts_end_where_another_clause_begins(extractor: Extractor) -> None:
    body = (
        "Mr Cleverly follows US counterpart Antony Blinken, who visited Beijing in June, and his trip will be "
        "the first by a UK foreign secretary since 2018."
    )
    assert found(extractor, body, date(2023, 8, 29)) == [("visit", "occurred", pair("CHN", "USA"))]


def test_an_invitation_to_a_seat_of_government_is_a_planned_visit(extractor: Extractor) -> None:
    visit = only(
        extractor, "Trump invited Philippines President Rodrigo Duterte to the White House.", date(2017, 4, 30)
    )
    assert (visit.engagement_type, visit.status, visit.is_invitation) == ("visit", "planned", True)
    roles = {p.role: p.country_code for p in visit.participants}
    assert roles == {"initiator": "PHL", "recipient": "USA"}
    assert found(extractor, "The ministry invited bids for the new embassy.", date(2017, 4, 30)) == []


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
    body = "Bishkek hosted the 22nd meeting of the SCO Council of Heads of Government on 26 October 2023."
    meeting = only(extractor, body, date(2023, 10, 27))
    assert (meeting.engagement_type, meeting.codes) == ("multilateral_meeting", pair("KGZ", "SCO"))
    assert meeting.engagement_date == date(2023, 10, 26)
