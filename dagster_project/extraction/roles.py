"""The sides of a clause's engagement: its subject (a possessor, the official before the trigger, a "he" of
the last sentence, the article's home country) and its counterparts (after "with", "to", "between", in a
list joined by "and"), leaving out reporters of the news and officials outside national government."""

from __future__ import annotations

import re

from dagster_project.extraction.actors import COORDINATION_GAP
from dagster_project.extraction.engagement_model import NON_STATE, Actor, ArticleContext, SentenceView, distinct
from dagster_project.extraction.gazetteer import Gazetteer, Match
from dagster_project.extraction.predicates import VENUE_TRIGGERS
from dagster_project.extraction.references import FORMER_BEFORE

# A pattern opening with a lookahead of the characters its matches start with is searched faster than one
# opening with "\b" (tried in full at every position); the matches are the same.
OBJECT_STOP = re.compile(
    r"(?=[abcdorstw;:(,])(?:"
    r"\b(to discuss|discussed|about|regarding|concerning|to address|on the situation|on issues|"
    r"on ways|to review|to congratulate|to express|who|which|where|after|since|as|discussing|before|ahead\s+of)\b|[;:(]"
    r"|,\s+with\s+(?:the|both|each)\b"  # ", with the two discussing Iran"
    r"|\bto\s+(?!(?:the|a|an|our|their|his|her|its|both|all|each)\b)[a-z]+\b"  # purpose: "to advance"
    r"|,\s+(?!including\b)[a-z]+ing\b"  # ", thanking him for"
    # ", sources in his office said": a lowercase word after a comma starts another clause, where lists of
    # parties go on with names, "and" or an apposition ("Rouhani, the Iranian president")
    r"|,\s+(?!(?:and|or|including|as|both|the|his|her|their|its|a|an|of|along|together|plus|de|von|van|al|bin|el)\b)"
    r"[a-z])"
)
# Words that open a phrase of another kind inside a clause's objects ("a call with Joe Biden aimed at calming a
# row over a contract for Australia"): parties after one of them are not counterparts.
OTHER_PHRASE = re.compile(
    r"\b(?:for|over|about|against|amid|aimed|regarding|concerning|despite|because|than|without|excluding|except|"
    r"will|would|was|were|is|are|has|have|had|said|says)\b"  # a verb: another clause ("and his trip will be")
)
QUOTE_OPEN = re.compile(r"[\"“]")
QUOTE_CLOSE = re.compile(r"[,.!?]?[\"”]")
FIRST_PERSON = re.compile(r"\b(?:I|we|We)\b")
SPEAKER_GAP = re.compile(r"\s*(?:(?:said|says|told|wrote|added|recalled)\s+)?(?:the\s+)?\Z")
INFINITIVE_BEFORE = re.compile(r"(?=t)\bto\s+\Z")
# "he", "she", and "His talks with Kim lasted an hour" (not the honorific "His Highness").
PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|He|She|(?:His|Her)(?!\s+(?:Highness|Majesty|Excellency|Royal|Holiness)))\b")
POSSESSIVE_GAP = re.compile(r"\A['’]s\s+(?:[\w\-]+\s+){0,2}\Z")
VISIT_OF = re.compile(r"\s+(?:of|by)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}")
BETWEEN = re.compile(r"\bbetween\b")
WITH_GAP = re.compile(r"\s*(?:with|and)?\s*(?:the\s+)?(?:leaders?\s+of\s+(?:the\s+)?)?\Z")
REPORTING_VERB = re.compile(
    r"(?=[acnrst])\b(?:said|says|told\s+(?:reporters|journalists|the\s+press|parliament|lawmakers)|told\s+(?:\w+\s+){1,3}?(?=that\b)|"
    r"added|announced|stated|noted|confirmed|reported|according\s+to)\b(?:,)?\s+(?:that\s+)?"
)
RELATIVE_WHO = re.compile(r",?\s+who\s+(?:[a-z]+\s+){0,3}")
NON_GOVERNMENT = "non_government"  # the role of titles outside national government (seeds/office_titles.csv)
OFFICIALS_AFTER = re.compile(
    r"\s+(?:presidents?|leaders?|ministers?|prime\s+ministers?|officials?|heads\s+of\s+state|diplomats?)\b", re.I
)
JOINT_CALL_NOUNS = {
    "telephone conversation", "phone conversation", "telephonic conversation", "video call", "video conference",
    "videoconference", "video-conference", "teleconference", "telephone talk", "phone talk", "virtual meeting",
}  # fmt: skip


def clause_sides(
    g: Gazetteer,
    view: SentenceView,
    group: list[Match],
    segment_end: int,
    subject: Actor | None,
    ctx: ArticleContext,
) -> tuple[Actor | None, list[Actor], list[Actor], int]:
    """The sides a clause names: its subject, the counterparts after its trigger words (up to where its
    objects stop), the actors before them (from where reported speech starts) and where the objects stop."""
    body = ctx.body
    first, last = group[0], group[-1]
    stop = OBJECT_STOP.search(body, last.end, segment_end)
    object_end = stop.start() if stop else segment_end
    if last.text.lower() in VENUE_TRIGGERS:
        object_end = last.end  # "they met on the sidelines of a summit in Samarkand": a venue follows
    start, trigger_start, trigger_end = view.sentence.start, first.start, last.end  # read once, not per actor
    objects = [a for a in view.actors if trigger_end <= a.start < object_end and a.code and a.role_kind != "topic"]
    objects = _listed(objects, body)
    before = [a for a in view.actors if start <= a.start < trigger_start and a.code]
    reported = reported_from(body, start, trigger_start, before)
    if reported is not None:  # "a spokesman said the two governments had exchanged calls"
        before = [a for a in before if a.start >= reported]
        subject = subject if subject is not None and subject.start >= reported else None
    local_subject, objects = subject_for(group, before, objects, subject, view, ctx)
    objects = [a for a in objects if a.is_person or not g.is_org(a.code) or WITH_GAP.match(body, last.end, a.start)]
    return local_subject, objects, before, object_end


def subject_for(
    group: list[Match],
    before: list[Actor],
    objects: list[Actor],
    subject: Actor | None,
    view: SentenceView,
    ctx: ArticleContext,
) -> tuple[Actor | None, list[Actor]]:
    """Who takes part from the initiating side: "X's visit", "the visit of X to Y", else the first
    official before the trigger, else the sentence's subject or the "he"/"she" of the last sentence."""
    body = ctx.body
    first, last = group[0], group[-1]
    possessor = next((a for a in reversed(before) if POSSESSIVE_GAP.match(body[a.end : first.start])), None)
    if possessor is not None:
        return possessor, objects
    is_visit = "visit" in {m.values[0] for m in group}
    if is_visit and objects and objects[0].is_person and VISIT_OF.fullmatch(body, last.end, objects[0].start):
        return objects[0], objects[1:]
    persons_before = [a for a in before if a.is_person]
    if persons_before and RELATIVE_WHO.fullmatch(body, persons_before[-1].end, first.start):
        return persons_before[-1], objects  # "Antony Blinken, who visited Beijing in June"
    if persons_before and INFINITIVE_BEFORE.search(body, view.sentence.start, first.start):
        return persons_before[-1], objects  # "invited President Yoon to visit Tokyo"
    if persons_before:
        return persons_before[0], objects
    if before and before[-1].code == NON_STATE:
        return before[-1], objects  # "the Taliban visit to Pakistan": not a government's visit
    if subject is not None:
        return subject, objects
    if ctx.last_subject and PRONOUN_SUBJECT.search(body, view.sentence.start, first.start):
        return ctx.last_subject, objects
    speaker = quoted_speaker(view, first.start, body)
    if speaker is not None:  # "'I spoke to President Xi this morning,' Biden told reporters"
        return speaker, [a for a in objects if a is not speaker]
    return None, objects


def quoted_speaker(view: SentenceView, trigger_start: int, body: str) -> Actor | None:
    """The official who says "I" or "we" in a quotation holding the trigger: named after the closing quote
    with a reporting verb ("..., Biden told reporters", "..., said Prime Minister Modi")."""
    opening = QUOTE_OPEN.search(body, view.sentence.start, trigger_start)
    if opening is None or not FIRST_PERSON.search(body, opening.end(), trigger_start):
        return None
    closing = QUOTE_CLOSE.search(body, trigger_start, view.sentence.end)
    if closing is None:
        return None
    after = closing.end()
    for actor in view.actors:
        if actor.is_person and actor.start >= after and SPEAKER_GAP.match(body, after, actor.start):
            return actor
    return None


def implicit_subject(
    counterparts: list[Actor], trigger: Match, etype: str, body: str, ctx: ArticleContext
) -> tuple[Actor | None, list[Actor]]:
    """No side is named before the trigger: "talks between A and B", a list of partners of the
    official last mentioned, or the article's home country."""
    codes = {a.code for a in counterparts}
    between = BETWEEN.search(body, trigger.end, counterparts[0].start) if counterparts else None
    if between or len(codes) == 2:
        return counterparts[0], counterparts[1:]
    if len(codes) >= 3:
        return ctx.last_subject, counterparts
    if ctx.home and counterparts and counterparts[0].code != ctx.home and etype != "visit":
        return Actor(ctx.home, trigger.start, trigger.start), counterparts
    return None, counterparts


def pair_before(before: list[Actor]) -> list[Actor]:
    """ "The two leaders met": the two sides named by one expression before the trigger."""
    for actor in before:
        same = distinct([a for a in before if a.start == actor.start])
        if len(same) >= 2:
            return same
    return []


def coordinated_run(actors: list[Actor], body: str) -> list[Actor]:
    """The first run of actors joined by commas and "and" ("India and China", "A, B and C leaders")."""
    run: list[Actor] = []
    for actor in actors:
        if run and not (actor.start <= run[-1].end or COORDINATION_GAP.match(body[run[-1].end : actor.start])):
            if len({a.code for a in run}) >= 2:
                return run
            run = []
        run.append(actor)
    return run


def _listed(objects: list[Actor], body: str) -> list[Actor]:
    """The counterparts named after the trigger words up to a phrase of another kind (`OTHER_PHRASE`)."""
    for index in range(1, len(objects)):
        if OTHER_PHRASE.search(body, objects[index - 1].end, objects[index].start):
            return objects[:index]
    return objects


def fellow_travellers(
    etype: str, subject: Actor, counterparts: list[Actor], before: list[Actor], body: str
) -> list[Actor]:
    """Officials of several countries named together as the ones travelling to the same destination."""
    return co_subjects(subject, counterparts, before, body) if etype == "visit" else []


def co_subjects(subject: Actor, counterparts: list[Actor], before: list[Actor], body: str) -> list[Actor]:
    """Officials of several countries named together as the subject ("Pashinyan and Aliyev met with Michel",
    "Scholz and Macron held a video conference with Zelensky"), none of them a counterpart's."""
    if not subject.is_person:
        return []
    run = distinct(coordinated_run([a for a in before if a.is_person], body))
    if len(run) < 2 or subject not in run or any(a.code == c.code for a in run for c in counterparts):
        return []
    return run


def outside_government(g: Gazetteer, actor: Actor, body: str) -> bool:
    """An official who does not act for a national government: a title of the legislature, of a region or
    of the opposition, or a former office holder ("former President", "ex-minister")."""
    if not actor.is_person:  # "two former Colombian presidents": the officials a demonym stands for
        return FORMER_BEFORE.search(body, max(0, actor.start - 12), actor.start) is not None and (
            OFFICIALS_AFTER.match(body, actor.end) is not None
        )
    if actor.title and g.titles.get(actor.title, ("",))[0] == NON_GOVERNMENT:
        return True
    if actor.person_id in g.terms_by_person:  # the dates of their terms decide (merging.without_former_officials)
        return False
    return FORMER_BEFORE.search(body, max(0, actor.start - 12), actor.start) is not None


def reported_from(body: str, start: int, end: int, before: list[Actor]) -> int | None:
    """Where reported speech starts before a trigger, when actors follow the reporting verb: who said it is
    not who took part."""
    if not before:  # no actor can follow a reporting verb
        return None
    last = None
    for match in REPORTING_VERB.finditer(body, start, end):
        last = match.end()
    if last is None or not any(a.start >= last for a in before):
        return None
    return last


def one_joint_call(group: list[Match], subject: Actor, counterparts: list[Actor], g: Gazetteer) -> bool:
    """ "Had a telephone conversation with A, B and C": one call (a noun in the singular) joined by several
    governments; "phoned A and B" or "calls with A and B" stay one call each."""
    if not all(m.text.lower() in JOINT_CALL_NOUNS for m in group):
        return False
    others = {a.code for a in counterparts if a.code != subject.code and not g.is_org(a.code)}
    return len(others) >= 2
