"""What later sentences of an article refer back to: the last official ("he"), the last pair of parties
("the two leaders"), officials called by a last name introduced earlier ("Mr Modi", "Albanese") and
officials it calls former."""

from __future__ import annotations

import re

from dagster_project.extraction.engagement_model import START, Actor, ArticleContext, Engagement, distinct
from dagster_project.extraction.gazetteer import Gazetteer, Match
from dagster_project.extraction.text import Sentence, word_positions

FORMER_BEFORE = re.compile(r"(?=[fet])\b(?:former|ex-|then-former|erstwhile)\s*\Z", re.I)
# Every match of FORMER_BEFORE holds one of these.
FORMER_WORDS = ("ormer", "ORMER", "ex-", "Ex-", "EX-", "rstwhile", "RSTWHILE")


def remember_parties(
    g: Gazetteer, actors: list[Actor], ctx: ArticleContext, results: list[Engagement] | None = None
) -> None:
    """Keep the sentence's first official ("he") and the last two parties ("the two leaders")."""
    people = [a for a in actors if a.is_person and a.code]
    if not results:
        speakers = [a for a in people if not _quoted(a, ctx.body)]  # '"Delighted to meet FM X," he said': not X
        if speakers:
            ctx.last_subject = speakers[0]
        if len({a.code for a in people if not g.is_org(a.code)}) == 2:
            ctx.last_pair = distinct(people)
        return
    pairs = [e for e in results if len([c for c in e.codes if not g.is_org(c)]) >= 2]
    if pairs:
        by_code: dict[str, Actor] = {}
        for actor in sorted(actors, key=lambda a: not a.is_person):
            by_code.setdefault(actor.code, actor)
        codes = [p.country_code for p in pairs[-1].participants if not g.is_org(p.country_code)]
        ctx.last_pair = [by_code.get(code) or Actor(code, 0, 0) for code in codes]


def remember_former(actor: Actor, body: str, ctx: ArticleContext) -> None:
    """An official the article calls former where it names them ("former President Bill Clinton"): out of
    office for what the article tells of them today, wherever it names them ("Clinton is in Pyongyang")."""
    before = body[max(0, actor.start - 12) : actor.start]
    if not actor.person_id or not any(word in before for word in FORMER_WORDS):
        return  # most officials are named without "former"
    named = surname_of(actor.name) in body[actor.start : actor.end]  # not a bare title's holder
    if named and FORMER_BEFORE.search(before):
        ctx.former_people.add(actor.person_id)


def _quoted(actor: Actor, body: str) -> bool:
    """Named inside a quotation that opened in the same paragraph."""
    paragraph_start = body.rfind("\n", 0, actor.start) + 1
    if body.find('"', paragraph_start, actor.start) < 0 and body.find("“", paragraph_start, actor.start) < 0:
        return False  # no quotation opened before it in the paragraph
    before = body[paragraph_start : actor.start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def countries_by_surname(people: list[Actor]) -> dict[str, str | None]:
    """The country of each official by last name; None where two countries share the name."""
    codes: dict[str, str | None] = {}
    for actor in people:
        surname = surname_of(actor.name)
        if len(surname) >= 3 and surname[0].isupper():
            known = codes.get(surname, actor.code)
            codes[surname] = actor.code if known == actor.code else None
    return codes


def country_named_before(surname: str, ctx: ArticleContext) -> str | None:
    """The country the article gave an official of that last name, in its body so far or in its headline."""
    if not surname:
        return None
    named = [a for a in ctx.recent_people if surname_of(a.name) == surname]
    if ctx.headline_people is not None:
        named += ctx.headline_people()
    return countries_by_surname(named).get(surname)


def surname_of(name: str | None) -> str:
    return name.split()[-1] if name else ""


def with_surname_mentions(
    sentence: Sentence, actors: list[Actor], kinds: dict[str, list[Match]], ctx: ArticleContext
) -> list[Actor]:
    """The sentence's actors plus the officials it calls by a last name introduced earlier in the article."""
    taken = [(a.start, a.end) for a in actors] + [(m.start, m.end) for ms in kinds.values() for m in ms]
    added = []
    for surname, actor in ctx.named_by_surname.items():
        if actor is None:
            continue
        for start in word_positions(sentence.text, surname, 0):
            start += sentence.start
            end = start + len(surname)
            if not any(s < end and start < e for s, e in taken):
                added.append(actor._replace(start=start, end=end))
    return sorted(actors + added, key=START) if added else actors
