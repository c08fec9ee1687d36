"""Who a sentence mentions: places with their role (see place_roles), officials named by name or
title ("Turkish Foreign Minister X", "the Prime Minister", "Mr Modi", "the two leaders"), placed in a country
by the seeds, the place next to them, the colleague named with them or the article's home country; and what
later sentences refer back to ("he", "the two leaders", a surname)."""

from __future__ import annotations

import functools
import re
from datetime import date

from dagster_project.extraction.engagement_model import (
    START,
    Actor,
    ArticleContext,
    Mentions,
)
from dagster_project.extraction.gazetteer import ROLES_WITHOUT_FALLBACK, Gazetteer, Match, OfficeTerm
from dagster_project.extraction.place_roles import city_actors, place_actor
from dagster_project.extraction.references import (
    country_named_before,
    remember_former,
    surname_of,
    with_surname_mentions,
)
from dagster_project.extraction.text import Sentence

BODY_DATELINE = re.compile(r"(?m)^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}(?:, [A-Z][a-z]+)?) ?[–—-]{1,2} ")
APPOSITION_GAP = re.compile(r",\s*(?:the\s+)?(?:[A-Z][a-z]+\s+)?")
TITLES_JOINED = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
HONORIFIC = r"(?:(?:H\.\s?E\.|His Excellency|Her Excellency|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Madam)\s+)*"
NAME_AFTER_TITLE = re.compile(
    rf"\A,?\s*{HONORIFIC}(?P<name>(?:[{_UPPER}][\w'’\-]+|[{_UPPER}]\.)"
    rf"(?:\s+(?:[{_UPPER}][\w'’\-]+|[{_UPPER}]\.|(?:de|da|del|van|von|bin|al|le|la|dos)(?=\s+[{_UPPER}]))){{0,4}})"
)
TITLE_PERSON_GAP = re.compile(rf"\A,?\s?{HONORIFIC}\Z")
# "A, B and the C", "EU-China", "Jaishankar and his Chinese counterpart"
COORDINATION_GAP = re.compile(r"\A\s*(?:,\s*|[-–])?(?:and\s+)?(?:the\s+|his\s+|her\s+|their\s+)?\Z")
OF_PLACE_AFTER = re.compile(r"\A,?\s+of\s+(the\s+)?$")
GENERIC_WORDS = {"President", "Prime", "Minister", "Secretary", "The", "He", "She", "His", "Her"}


class ActorResolver:
    """Resolves the mentions of a sentence into actors, with the seed dictionaries."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.g = gazetteer
        self.title_codes = self._title_codes()

    def _title_codes(self) -> dict[str, list[str]]:
        """Each title's office-holding codes, in seed order ("Secretary-General": UN, ASEAN, ...)."""
        codes: dict[str, list[str]] = {}
        for terms in self.g.terms_by_person.values():
            for term in terms:
                listed = codes.setdefault(term.title.lower(), [])
                if term.code not in listed:
                    listed.append(term.code)
        return codes

    @functools.cache  # noqa: B019 - one resolver per extractor and process; titles are few
    def _codes_named_in(self, title: str) -> list[str]:
        """Codes of places named inside a title ("President of the European Commission": EU)."""
        without_head = title.split(" ", 1)[-1]  # so that the title itself does not match
        return [m.values[0] for m in self.g.scan(without_head) if m.kind == "place"][:1]

    def _code_for_title(self, title: str, ctx: ArticleContext) -> str | None:
        """The country or organisation a title without a stated country belongs to: the one government the
        seeds give that title ("Taoiseach"), the place the title names ("President of the European Commission"),
        else among organisations' office holders the one the article mentions, else the first. A title that
        only the seeds' office holders happen to share ("Minister of Defence") names no country."""
        seeded = self.g.title_country.get(title.lower())
        if seeded:
            return seeded
        named = self._codes_named_in(title)
        if named:
            return named[0]
        codes = self.title_codes.get(title.lower(), [])
        if codes and all(self.g.is_org(c) for c in codes):
            return next((c for c in codes if c in ctx.mentioned_codes), codes[0])
        return None

    def dateline_code(self, dateline: str | None) -> str | None:
        """The country of a dateline ("TOKYO", "Kingston, Jamaica")."""
        if not dateline:
            return None
        for part in (dateline, dateline.split(",")[-1].strip(), dateline.title(), dateline.split(",")[0].title()):
            code = self.g.place_codes.get(part)
            if code and not self.g.is_org(code):
                return code
        return None

    def resolve(self, sentence: Sentence, kinds: dict[str, list[Match]], ctx: ArticleContext) -> list[Actor]:
        """Actors mentioned in one sentence, in order; modifiers attach to the person they modify."""
        body = ctx.body
        places = kinds.get("place", [])
        has_officials = names_officials(kinds)  # most sentences name places only
        if not places and not has_officials:
            return []
        used_places: set[int] = set()
        actors = self._officials(sentence, kinds, places, used_places, ctx) if has_officials else []
        unknown_codes = has_officials and any(a.is_person and not a.code for a in actors)
        # The role of a place (location, destination, topic) matters only to engagements and to officials of
        # unknown country; most sentences have neither and skip the look-behind patterns.
        with_roles = "trigger" in kinds or unknown_codes
        cities = city_actors(kinds.get("city", ()), body, sentence) if with_roles else []
        for place in places:
            if place.start in used_places:
                continue
            if with_roles:
                actors.append(place_actor(place, body, sentence, cities))
            else:
                actors.append(Actor(place.values[0], place.start, place.end))
        if cities:
            actors.extend(cities)
            actors.sort(key=START)
        elif has_officials:
            actors.sort(key=START)  # places alone are in order already
        if unknown_codes:
            actors = self._fill_unknown_codes(actors, body, ctx)
        if (with_roles or has_officials) and ctx.named_by_surname:  # "Clinton" as well as "Mujica": who "she" is
            actors = with_surname_mentions(sentence, actors, kinds, ctx)
        ctx.sentence_refs[sentence.index] = Mentions(actors)
        for actor in actors:
            ctx.mentioned_codes.add(actor.code)
            if actor.is_person and actor.name and actor.code:
                ctx.recent_people.append(actor)
                if actor.title:
                    ctx.people_by_title.setdefault(_title_key(actor.title), actor)
                self._remember_surname(actor, ctx)
                remember_former(actor, body, ctx)
        return actors

    def _remember_surname(self, actor: Actor, ctx: ArticleContext) -> None:
        """An official introduced with title and name but not by the full name the dictionaries hold ("Somali
        Foreign Minister Ahmed Fiqi", "Secretary Clinton") is later called by the last name alone ("Fiqi later
        met ..."); a name two people share stands for neither. (The gazetteer finds the later mentions of a
        full name it holds.)"""
        name = actor.name or ""
        if " " not in name or (actor.person_id in self.g.terms_by_person and name in ctx.body[actor.start : actor.end]):
            return
        surname = name.split()[-1]
        if len(surname) < 3 or not surname[0].isupper() or surname in self.g.place_codes:
            return
        known = ctx.named_by_surname.get(surname)
        ctx.named_by_surname[surname] = actor if known is None or known.person_id == actor.person_id else None

    def _officials(
        self,
        sentence: Sentence,
        kinds: dict[str, list[Match]],
        places: list[Match],
        used_places: set[int],
        ctx: ArticleContext,
    ) -> list[Actor]:
        """Officials named by title or name, and the pair a "they" or "the two leaders" refers to."""
        people = kinds.get("person", [])
        actors: list[Actor] = []
        taken_people: set[int] = set()
        apposition_end = -1  # the end of the last title that describes the person before it
        for title in kinds.get("title", []):
            if any(p.start <= title.start < p.end for p in people):
                continue
            if apposition_end >= 0 and TITLES_JOINED.fullmatch(ctx.body, apposition_end, title.start):
                apposition_end = title.end
                continue  # "Bui Thanh Son, Deputy Prime Minister and Minister for Foreign Affairs": both his
            person = _person_after(title, people, ctx.body)
            # "Putin, President Erdogan and ...": a title naming the person after it is no apposition
            if person is None and any(
                APPOSITION_GAP.fullmatch(ctx.body, p.end, title.start) for p in people if p.end <= title.start
            ):
                apposition_end = title.end
                continue  # "Frank-Walter Steinmeier, Federal Minister for Foreign Affairs": the title describes him
            actor = self._titled_actor(title, person, places, used_places, taken_people, sentence, ctx)
            if actor:
                actors.append(actor)
        for person in people:
            if person.start in taken_people:
                continue
            actor = self._named_actor(person, None, places, used_places, ctx)
            if actor:
                actors.append(actor)
        for m in kinds.get("anaphor", []):
            if len({a.code for a in actors if a.end <= m.start and a.code}) >= 2:
                continue  # "X hosted Y, and the two sides signed ...": the pair is the one just named
            if ctx.last_pair:
                actors.extend(
                    a._replace(start=m.start, end=m.end, role_kind="person", is_person=True) for a in ctx.last_pair
                )
        return actors

    def _titled_actor(
        self,
        title: Match,
        person: Match | None,
        places: list[Match],
        used_places: set[int],
        taken_people: set[int],
        sentence: Sentence,
        ctx: ArticleContext,
    ) -> Actor | None:
        """An official named by title: "Prime Minister X", "Turkish Foreign Minister X", "the President"; `person`
        is the named person the title stands before, if any."""
        body = ctx.body
        title_text = title.values[0]
        modifier_match = self._modifier_before(title.start, places, body, used_places)
        modifier = modifier_match.values[0] if modifier_match else None
        start = modifier_match.start if modifier_match else title.start
        if person is not None:
            taken_people.add(person.start)
            return self._named_actor(person, title_text, places, used_places, ctx, modifier, start)
        name_match = NAME_AFTER_TITLE.match(body[title.end : title.end + 80])
        name = None
        end = title.end
        if name_match and not _starts_with_known(name_match.group("name"), self.g):
            name = name_match.group("name").strip()
            end = title.end + name_match.end()
        code = modifier or self._of_place_after(end, places, body, used_places)
        if code is None and name is None:
            return self._bare_title_actor(title, places, ctx)
        holder = self.g.titled_holder(name, title_text, ctx.published) if name and not code else None
        if holder is not None:
            return Actor(holder.code, start, end, holder.person_id, holder.name, title_text, True, "person")
        code = code or self._code_for_title(title_text, ctx)
        return Actor(code or "", start, end, _slug(name, code) if name else None, name, title_text, True, "person")

    def _bare_title_actor(self, title: Match, places: list[Match], ctx: ArticleContext) -> Actor | None:
        """ "The Prime Minister", "the Secretary": the official of that title introduced earlier, else
        the holder of the title on the publication date (in the article's home country if needed)."""
        title_text, role = title.values[0], title.values[1]
        known = ctx.people_by_title.get(_title_key(title_text))
        if known is None and role == "generic":
            word = title_text.lower()
            known = next((a for a in reversed(ctx.recent_people) if word in (a.title or "").lower()), None)
        if known is not None:
            return known._replace(start=title.start, end=title.end)
        if role in ROLES_WITHOUT_FALLBACK:  # "the envoy": whose envoy only an earlier mention can tell
            return None
        code = self._code_for_title(title_text, ctx) or ctx.home or self._seat_in(places)
        if code is None:
            return None
        term = self.g.holder_of(code, title_text, ctx.published)
        if term:
            return Actor(code, title.start, title.end, term.person_id, term.name, title_text, True, "person")
        return Actor(code, title.start, title.end, None, None, title_text, True, "person")

    def _seat_in(self, places: list[Match]) -> str | None:
        """The country whose capital or seat of government the sentence names ("at Downing Street")."""
        seats = [
            p.values[0] for p in places if p.values[1] in ("capital", "metonym") and not self.g.is_org(p.values[0])
        ]
        return seats[0] if seats else None

    def _fill_unknown_codes(self, actors: list[Actor], body: str, ctx: ArticleContext) -> list[Actor]:
        """Officials the seeds do not know take the country they were given where the article (or its
        headline) named them before ("US envoy Doe" ... "Ambassador Jane Doe"), else of the official they
        are listed with ("Prime Minister A and Foreign Minister B"), else of the place where the sentence
        is set."""
        location = next((a.code for a in actors if a.role_kind == "location" and not self.g.is_org(a.code)), None)
        filled: list[Actor] = []
        for actor in actors:
            if actor.is_person and not actor.code:
                previous = filled[-1] if filled else None
                named_before = country_named_before(surname_of(actor.name), ctx)
                if named_before:
                    actor = actor._replace(code=named_before)
                elif previous and previous.is_person and COORDINATION_GAP.match(body[previous.end : actor.start]):
                    actor = actor._replace(code=previous.code)
                elif location:
                    actor = actor._replace(code=location)
            filled.append(actor)
        return filled

    def _named_actor(
        self,
        person: Match,
        title: str | None,
        places: list[Match],
        used_places: set[int],
        ctx: ArticleContext,
        modifier: str | None = None,
        start: int | None = None,
    ) -> Actor | None:
        alias = person.values[0]
        terms = self.g.terms_for(alias)
        if not terms:
            return None
        term = _term_on(terms, ctx.published, modifier)
        code = modifier or self._of_place_after(person.end, places, ctx.body, used_places) or term.code
        return Actor(
            code,
            start if start is not None else person.start,
            person.end,
            term.person_id,
            term.name,
            title or term.title,
            True,
            "person",
        )

    def _modifier_before(self, start: int, places: list[Match], body: str, used: set[int]) -> Match | None:
        """The place right before a title: "US President", "India's Prime Minister"."""
        for place in places:
            gap = body[place.end : start]
            if place.end <= start and (gap in (" ", "'s ", "’s ", "-") or (gap.strip() == "" and len(gap) <= 2)):
                used.add(place.start)
                return place
        return None

    def _of_place_after(self, end: int, places: list[Match], body: str, used: set[int]) -> str | None:
        for place in places:
            if place.start >= end and OF_PLACE_AFTER.match(body[end : place.start]):
                used.add(place.start)
                return place.values[0]
        return None


def names_officials(kinds: dict[str, list[Match]]) -> bool:
    """Whether a sentence names officials (by title or name) or refers to a pair of them ("they")."""
    return "title" in kinds or "person" in kinds or "anaphor" in kinds


def _person_after(title: Match, people: list[Match], body: str) -> Match | None:
    """The person a title stands right before ("President Erdogan", "Foreign Minister, Dr. X")."""
    end = title.end
    return next((p for p in people if p.start >= end and TITLE_PERSON_GAP.match(body[end : p.start])), None)


def _term_on(terms: list[OfficeTerm], day: date, code: str | None) -> OfficeTerm:
    candidates = [t for t in terms if code is None or t.code == code] or terms
    current = [t for t in candidates if t.covers(day)]
    if current:
        return current[0]
    return min(candidates, key=lambda t: min(abs((t.start - day).days), abs(((t.end or day) - day).days)))


def _starts_with_known(name: str, g: Gazetteer) -> bool:
    first = name.split()[0]
    return first in GENERIC_WORDS or first in g.place_codes or first in g.titles


def _slug(name: str | None, code: str | None) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", (name or "").lower()).strip("_")
    return f"{(code or 'xx').lower()}_{base}"


def body_dateline(body: str) -> str | None:
    """A dateline opening one of the first paragraphs ("TOKYO - ...") when none was parsed."""
    match = BODY_DATELINE.search(body, 0, 400)
    return match.group("place") if match else None


# Short forms of a title that stand for the official the article introduced by the long one ("the PM").
TITLE_SHORT_FORMS = {"pm": "prime minister"}


def _title_key(title: str) -> str:
    lowered = title.lower()
    return TITLE_SHORT_FORMS.get(lowered, lowered)
