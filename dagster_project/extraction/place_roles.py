"""The role a place plays in its sentence, from the words around it: where something happens ("in Sochi"),
where someone goes ("arrived in Beijing"), where an envoy serves ("Russia's envoy to the UN"), what is spoken of
("the situation in Gaza"), the officials a country's name stands for ("Iranian officials"), or a side."""

from __future__ import annotations

import re

from dagster_project.extraction.engagement_model import Actor
from dagster_project.extraction.gazetteer import Match
from dagster_project.extraction.text import Sentence

# Each place pattern opens with a lookahead of the letters its matches start with: searched faster, same matches.
LOCATION_BEFORE = re.compile(r"(?=[ian])\b(in|at|near)\s+(the\s+)?$", re.I)
DESTINATION_BEFORE = re.compile(
    r"(?=[tvalrdb])"
    r"\b(to|visited|visiting|visit|visits|toured|tour of|trip to|arrived in|arrives in|arrive in|arriving in|landed in|"
    r"reached|(?:left|leaves|leave|leaving|departed|departs|bound)\s+for)\s+(the\s+)?$",
    re.I,
)
POSTED_TO_BEFORE = re.compile(
    r"(?=[aedmprch])\b(?:ambassadors?|envoys?|representatives?|missions?|delegates?|consuls?|permanent\s+representatives?|"
    r"high\s+commissioners?|charg[eé]s?\s+d['’]affaires)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})?"  # "Ambassador of the Czech Republic to Pakistan"
    r"\s+(?:to|at)\s+(?:the\s+)?\Z",
    re.I,
)
# The officials a country's name or people stands for ("Iranian officials", "a Chinese delegation").
OFFICIALS_NAMED_AFTER = re.compile(
    r"\s+(?:(?:senior|top|high-level|government|military|defen[cs]e|security|foreign\s+ministry|trade|border|"
    r"intelligence|finance)\s+)?(officials|diplomats|delegation|delegations|negotiators|authorities|government|"
    r"counterparts|counterpart|representatives|envoys|commanders)\b"
)
TOPIC_CONTEXT_BEFORE = re.compile(
    r"(?=[swcbiarto])\b(situation|war|crisis|conflict|border|issue|issues|affairs|relations|ties|about|regarding|"
    r"on|over|against|with respect to|concerning|including|such as)\s+(in\s+|of\s+|the\s+|and\s+)*$",
    re.I,
)


def place_actor(place: Match, body: str, sentence: Sentence, cities: list[Actor]) -> Actor:
    """A country or organisation named in a sentence with the role the words before it give: a location
    ("in", "at"), a destination ("to", "arrived in"), an envoy's posting or a subject spoken of (a topic), or
    the officials it stands for ("Iranian officials"); else a side."""
    before = body[max(sentence.start, place.start - 40) : place.start]
    city = next((c for c in cities if c.end + 2 == place.start and c.code == place.values[0]), None)
    if city is not None and body[city.end : place.start] == ", ":  # "in Kazan, Russia": the city's country
        kind = city.role_kind
    else:
        kind = _role_before(before)
        if kind == "place" and place.values[1] == "capital":
            kind = "location"
        elif kind == "place" and TOPIC_CONTEXT_BEFORE.search(before):
            kind = "topic"
    officials = OFFICIALS_NAMED_AFTER.match(body, place.end) if kind == "place" else None
    if officials is not None:  # "Iranian officials", "a Chinese delegation": people who act for the country
        return Actor(place.values[0], place.start, officials.end(), None, None, officials.group(1), True, "person")
    return Actor(place.values[0], place.start, place.end, role_kind=kind)


def city_actors(cities: list[Match], body: str, sentence: Sentence) -> list[Actor]:
    """The cities and regions a sentence sets something in or sends someone to ("talks in Sochi", "arrived in
    Samarkand"), as the place of their country; a city named otherwise ("the Sochi summit") is no actor."""
    found = []
    for city in cities:
        kind = _role_before(body[max(sentence.start, city.start - 40) : city.start])
        if kind in ("destination", "location"):
            found.append(Actor(city.values[0], city.start, city.end, role_kind=kind))
    return found


def _role_before(before: str) -> str:
    """The role the words right before a place give it: an envoy's posting ("Russia's envoy to the UN", a topic:
    where an envoy serves is no side), a destination, a location, else a side ("place")."""
    if POSTED_TO_BEFORE.search(before):
        return "topic"
    if DESTINATION_BEFORE.search(before):
        return "destination"
    if LOCATION_BEFORE.search(before):
        return "location"
    return "place"
