"""Engagements of a sentence, clause by clause: its trigger words grouped into predicates, each governing
the words up to the next (its clause), with the modality of that clause, its subject and counterparts."""

from __future__ import annotations

import re
from dataclasses import replace

from dagster_project.extraction.dates import DateExpression
from dagster_project.extraction.engagement_dates import dated_engagement
from dagster_project.extraction.engagement_model import (
    Actor,
    ArticleContext,
    Engagement,
    SentenceView,
    distinct,
    participant,
)
from dagster_project.extraction.gazetteer import Gazetteer, Match
from dagster_project.extraction.modality import CANCELLED, clause_modality, speculates
from dagster_project.extraction.participants import bilateral_engagements, forum_opening, multilateral_engagement
from dagster_project.extraction.predicates import (
    SINGULAR_NOUNS,
    attends_forum,
    clause_type,
    engagement_triggers,
    generic_mention,
    group_triggers,
    venue_of_previous,
)
from dagster_project.extraction.references import remember_parties
from dagster_project.extraction.roles import (
    clause_sides,
    co_subjects,
    coordinated_run,
    fellow_travellers,
    implicit_subject,
    one_joint_call,
    outside_government,
    pair_before,
)
from dagster_project.extraction.text import Sentence

# Officials of no stated country right after a meeting's words: the host's ("met senior officials in India").
HOSTS_AFTER = re.compile(
    r"\s+(?:with\s+)?(?:the\s+)?(?:(?:senior|top|government|political|local|host|national|country's)\s+){0,2}"
    r"(?:officials|leaders|authorities|ministers)\b"
)
HOST_PLACE_REACH = 20  # characters after "senior officials" where the place they are in is named
# A clause joined to the one before with a subject of its own: ", and the U.S. looks forward to welcoming".
NEW_CLAUSE = re.compile(
    r"(?:,\s*|\s+)(?:and|but|while|whereas)\s+(?=(?:the\s+)?[A-Z][\w\-.’']*(?:\s+[A-Z][\w\-.’']*){0,4}\s+"
    r"(?:is|are|was|were|has|have|had|will|would|looks?|looked|said|says|agreed|plans?|planned|expects?|expected|"
    r"hopes?|hoped|wants?|wanted|intends?|intended)\b)"
)
# "meetings with ...", "talks with each other" (reciprocal: the parties named before)
WITH_AFTER = re.compile(r"\s+with\s+(each\s+other|one\s+another)?")


def engagements_in_sentence(
    g: Gazetteer,
    sentence: Sentence,
    kinds: dict[str, list[Match]],
    actors: list[Actor],
    dates: list[DateExpression],
    ctx: ArticleContext,
) -> list[Engagement]:
    """The engagements of a sentence with trigger words."""
    triggers = engagement_triggers(kinds["trigger"], actors, ctx.body)
    if not triggers:
        remember_parties(g, actors, ctx)
        return []
    view = SentenceView(sentence, kinds.get("modality", []), actors, dates)
    groups = group_triggers(triggers, actors, ctx.body)
    results: list[Engagement] = []
    subject = next((a for a in actors if a.is_person and a.start < groups[0][0].start), None)
    modality = "occurred"
    for index, group in enumerate(groups):
        group = _without_speculated(group, view.cues, ctx.body)
        following = groups[index + 1] if index + 1 < len(groups) else None
        segment_end = following[0].start if following else sentence.end
        modality = clause_modality(view, group[0], segment_end, ctx.body, modality)
        if modality in ("hypothetical", "negated") or generic_mention(group, ctx.body):
            continue
        previous = groups[index - 1] if index else None
        if modality != CANCELLED:
            if attends_forum(group, following, ctx.body):
                continue
            if previous and venue_of_previous(group, previous, ctx.body):
                # the summit is a venue ("on the sidelines of the APEC Economic Leaders' Meeting" too)
                group = [m for m in group[1:] if m.values[0] != "multilateral_meeting"]
                if not group:
                    continue
        clause_view, clause_subject = _own_clause(view, group, previous, subject, ctx.body)
        told = "planned" if modality == CANCELLED else modality
        found = _engagements_of_clause(g, clause_view, group, segment_end, clause_subject, told, ctx)
        # a plan told as called off is remembered, so that its other mentions go with it
        (ctx.cancelled if modality == CANCELLED else results).extend(found)
    remember_parties(g, actors, ctx, results)
    return results


def _engagements_of_clause(
    g: Gazetteer,
    view: SentenceView,
    group: list[Match],
    segment_end: int,
    subject: Actor | None,
    modality: str,
    ctx: ArticleContext,
) -> list[Engagement]:
    """The engagements one predicate (a group of trigger words) states in its clause, which runs from the
    sentence start to `segment_end`: its type, subject and counterparts, one engagement per pair of sides
    or one per forum."""
    body = ctx.body
    first, last = group[0], group[-1]
    strong = any(m.values[1] == "strong" for m in group)
    local_subject, objects, before, object_end = clause_sides(g, view, group, segment_end, subject, ctx)
    etype, orgs = clause_type(g, view, group, object_end, body)
    if etype is None:
        return []
    sides_after = [a for a in objects if a.is_person or a.role_kind in ("place", "destination")]
    if etype in ("phone_call", "meeting") and not sides_after and forum_opening(g, view, body) is not None:
        etype = "multilateral_meeting"  # "EU leaders held a video conference", "ASEAN foreign ministers will meet"
    if etype == "multilateral_meeting":
        listed = distinct(coordinated_run([a for a in before if a.role_kind in ("person", "place")], body))
        if len(listed) >= 2 and (local_subject is None or local_subject.code in {a.code for a in listed}):
            local_subject, objects = listed[0], [*listed[1:], *objects]  # "A, B and C held a summit"
        if modality == "invitation":  # "A invited B to attend the summit": both are to take part
            invited = [a for a in before if a.is_person]
            objects = [*([subject] if subject is not None else []), *invited, *objects]
        return multilateral_engagement(g, view, local_subject, objects, orgs, modality, group, ctx)
    counterparts = distinct([a for a in objects if a.is_person or a.role_kind in ("place", "destination")])
    if local_subject is not None and all(a.code == local_subject.code for a in counterparts):
        counterparts = []  # "A and B spoke by phone, Turkish officials said": the subject's own side is no counterpart
    bilateral = "bilateral" in body[max(0, first.start - 12) : last.end].lower()
    if (
        etype == "meeting"
        and not bilateral
        and len({a.code for a in counterparts if not g.is_org(a.code)}) >= 3
        and _one_event(group)
    ):
        return multilateral_engagement(g, view, local_subject, counterparts, orgs, modality, group, ctx)
    pair = pair_before(before)
    if pair and etype != "visit":
        local_subject, counterparts = pair[0], pair[1:]
    arrive = etype == "visit" and all(m.values[2] == "verb" for m in group)
    if not counterparts and not arrive and not _with_others(body, last.end):
        # "A, B and C met": each other's counterparts; "A, B and C arrived in Addis": visitors, not hosts
        parties = _parties_before(before, local_subject, body)
        if len(parties) >= 3 and etype == "meeting":
            return multilateral_engagement(g, view, None, parties, orgs, modality, group, ctx)
        if len(parties) >= 2:
            local_subject, counterparts = parties[0], parties[1:]
    if not counterparts and etype == "visit" and local_subject is not None:
        counterparts = _where_the_visitor_is(g, before, local_subject)  # "Ruto was in Washington for a state visit"
    hosts = HOSTS_AFTER.match(body, last.end) if not counterparts and etype == "meeting" else None
    if hosts is not None and local_subject is not None:  # "met senior officials in India", "will be in the UAE to meet"
        counterparts = _where_the_visitor_is(g, view.actors, local_subject, hosts.end() + HOST_PLACE_REACH)
    if not counterparts and not strong:
        return []
    if local_subject is None:
        local_subject, counterparts = implicit_subject(counterparts, first, etype, body, ctx)
        if local_subject is None:
            return []
    if local_subject.is_person:
        ctx.last_subject = local_subject  # "she" in the next sentence
    if outside_government(g, local_subject, body):
        return []  # a legislator, governor, former or opposition official: not a government's engagement
    counterparts = [a for a in counterparts if not outside_government(g, a, body)]
    if not counterparts:
        return []
    travellers = fellow_travellers(etype, local_subject, counterparts, before, body)
    if travellers:  # "two ministers of A and B arrived in C": a visit each
        return [
            e for t in travellers for e in bilateral_engagements(g, view, group, etype, t, counterparts, modality, ctx)
        ]
    subjects = co_subjects(local_subject, counterparts, before, body) if etype in ("meeting", "phone_call") else []
    if subjects:  # "A and B met with C": one meeting of the three
        participants = [participant(a, "participant") for a in [*subjects, *distinct(counterparts)]]
        return [dated_engagement(etype, modality, view.sentence, group, view.dates, ctx, participants, 0)]
    if etype == "phone_call" and one_joint_call(group, local_subject, counterparts, g):
        participants = [participant(local_subject, "initiator")]
        participants += [participant(a, "participant") for a in distinct(counterparts)]
        return [dated_engagement(etype, modality, view.sentence, group, view.dates, ctx, participants, 0)]
    return bilateral_engagements(g, view, group, etype, local_subject, counterparts, modality, ctx)


def _own_clause(
    view: SentenceView, group: list[Match], previous: list[Match] | None, subject: Actor | None, body: str
) -> tuple[SentenceView, Actor | None]:
    """The sentence as the predicate's own clause sees it: where a clause with a subject of its own is joined
    after the previous predicate ("Abe has been invited for a state visit and the U.S. looks forward to
    welcoming Park"), the actors before that clause are not its sides."""
    if previous is None:
        return view, subject
    clauses = list(NEW_CLAUSE.finditer(body, previous[-1].end, group[0].start))
    joined = clauses[-1] if clauses else None
    if joined is None or not any(joined.start() <= a.start < group[0].start for a in view.actors):
        return view, subject
    actors = [a for a in view.actors if a.start >= joined.start()]
    named = [a for a in actors if a.start < group[0].start and a.role_kind in ("person", "place")]
    own_subject = next((a for a in named if a.is_person), named[0] if named else None)  # "and the U.S. looks"
    return replace(view, actors=actors), own_subject


def _without_speculated(group: list[Match], cues: list[Match], body: str) -> list[Match]:
    """The predicate less an engagement noun a speculative adjective qualifies, where it names another ("discussed
    a possible summit during their phone call": the call took place)."""
    if len(group) < 2:
        return group
    speculated = [m for m in group if any(speculates(cue, m, body) for cue in cues)]
    kept = [m for m in group if m not in speculated]
    return kept if speculated and kept else group


def _with_others(body: str, trigger_end: int) -> bool:
    """ "A and B arrived ahead of meetings with Pacific leaders": the predicate names its counterparts after
    "with" (none of them a government the seeds know), so A and B are not each other's; "with each other"
    names them."""
    found = WITH_AFTER.match(body, trigger_end)
    return found is not None and found.group(1) is None


def _one_event(group: list[Match]) -> bool:
    """ "A meeting with A, B and C" names one event (a noun in the singular); "will meet A, B and C" may be
    several meetings, one with each: several counterparts make several engagements unless the text joins them."""
    return all(m.values[2] in SINGULAR_NOUNS for m in group)


def _where_the_visitor_is(g: Gazetteer, actors: list[Actor], visitor: Actor, reach: int | None = None) -> list[Actor]:
    """The country a visitor is said to be in or to go to, named after them (and before `reach`): "Ruto was in
    Washington this week for a state visit", "Modi, who arrived in Moscow, ... on his visit", "met senior
    officials in India" (not "to promote civilian rule in Sudan")."""
    return [
        a
        for a in actors
        if visitor.end <= a.start
        and (reach is None or a.start < reach)
        and a.role_kind in ("location", "destination")
        and a.code != visitor.code
        and not g.is_org(a.code)
    ][:1]


def _parties_before(before: list[Actor], subject: Actor | None, body: str) -> list[Actor]:
    """The sides named together before a predicate: a run joined by commas and "and" that holds its
    subject ("India, Japan and Australia will meet"), else every official named before it."""
    parties = distinct(coordinated_run([a for a in before if a.role_kind in ("person", "place")], body))
    if subject is not None and subject.is_person and subject not in parties:
        parties = []  # "the envoy will travel to Chile, Peru and Bolivia ... to lead dialogues"
    if len(parties) < 2:
        parties = distinct([a for a in before if a.is_person])
    return parties
