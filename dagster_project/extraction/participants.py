"""Engagements of a clause from its sides: one per counterpart country, with visitor and host for visits
(bilateral), or one meeting of a forum with its organisation and the countries named with it."""

from __future__ import annotations

import re

from dagster_project.extraction.engagement_dates import dated_engagement
from dagster_project.extraction.engagement_model import (
    Actor,
    ArticleContext,
    Engagement,
    Participant,
    SentenceView,
    participant,
)
from dagster_project.extraction.gazetteer import Gazetteer, Match
from dagster_project.extraction.predicates import ATTENDS_BEFORE, is_hosting

# Between a forum and the meeting it names or holds: "G7 Leaders' Summit", "ASEAN foreign ministers' meeting",
# "the African Union will hold an extraordinary summit".
FORUM_BEFORE_MEETING = re.compile(
    r"\)?(?:[’']s)?(?:\s+(?:will\s+|is\s+to\s+)?(?:hold|holds|held|holding|convene|convenes|convened))?"
    r"(?:\s+[A-Za-z\-]+(?:[’']s?)?){0,3}\s+"
)
# Between a meeting and the forum it is of: "summit of the African Union", "meeting of the SCO Council".
FORUM_AFTER_MEETING = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w\-]*\s+){0,6}?(?:of\s+(?:the\s+)?)?")


SEAT_KINDS = ("capital", "metonym")
# A forum's full name before its bracketed abbreviation: "CARIBBEAN Community (CARICOM) Heads of Government".
FORUM_NAME_OPENING = re.compile(r"(?:The\s+)?[A-Z][\w\-]*(?:\s+(?:of\s+|and\s+|the\s+)*[A-Z][\w\-]*){0,5}\s*\(")
# Envoys who reside where they serve: calling on the host government is a meeting, not a visit.
RESIDENT_ENVOY = re.compile(r"(?<!special )(?:ambassador|high commissioner|charg[eé] d['’]affaires)", re.I)
# A country named as whose envoys they are: "the new Ambassadors of Panama, Singapore and Indonesia".
ENVOYS_OF_BEFORE = re.compile(
    r"(?:ambassadors?|high\s+commissioners?)\s+(?:of|from)\s+(?:the\s+)?(?:[A-Z][\w\-]*(?:,\s+|\s+and\s+|\s+)){0,6}\Z",
    re.I,
)
HOSTED_AFTER_PLACE = re.compile(r"\s+(?:hosted|hosts|will\s+host|is\s+hosting|was\s+host\s+to)\b")


def bilateral_engagements(
    g: Gazetteer,
    view: SentenceView,
    group: list[Match],
    etype: str,
    local_subject: Actor,
    counterparts: list[Actor],
    modality: str,
    ctx: ArticleContext,
) -> list[Engagement]:
    """One engagement per counterpart country, with visitor and host for visits."""
    locations = [a.code for a in view.actors if a.role_kind == "location" and not g.is_org(a.code)]
    # "will fly to Washington for talks with Biden": the counterpart's country is where the subject goes
    destinations = [
        a.code
        for a in view.actors
        if a.role_kind == "destination" and a.start < group[0].start and not g.is_org(a.code)
    ]
    hosts_by_dateline = [] if locations or ctx.dateline_code is None else [ctx.dateline_code]
    # "agreed to meet at the G20 in Rio", "on the sidelines of the summit": a meeting at a forum is no visit
    at_forum = "sidelines" in view.sentence.text or any(
        a.role_kind == "location" and g.is_org(a.code) for a in view.actors
    )
    results = []
    seen_codes: set[str] = set()
    for other in counterparts:
        if (
            other.code == local_subject.code
            or g.domestic(other.code, local_subject.code)
            or other.code in seen_codes
            or (g.is_org(other.code) and etype != "meeting" and not other.is_person)
        ):
            continue
        seen_codes.add(other.code)
        pair_type = etype
        visitor, host = local_subject, other
        if etype == "meeting" and other.code in hosts_by_dateline:
            pair_type = "visit"  # "TOKYO — the US envoy met the Japanese minister"
        if etype == "meeting" and other.code in destinations and local_subject.code not in destinations:
            pair_type = "visit"
        elif etype == "meeting" and locations:
            if other.code in locations:
                pair_type = "visit"
            elif local_subject.code in locations:
                pair_type, visitor, host = "visit", other, local_subject
        if etype == "visit" and any(m.values[0] == "visit" and is_hosting(m) for m in group):
            visitor, host = other, local_subject
        if etype == "meeting" and pair_type == "visit" and (at_forum or is_resident_envoy(visitor, ctx.body)):
            pair_type = "meeting"  # "the Czech ambassador called on the foreign minister" (no travel told)
        participants = [participant(visitor, "initiator"), participant(host, "recipient")]
        results.append(
            dated_engagement(
                pair_type, modality, view.sentence, group, view.dates, ctx, participants, -len(counterparts)
            )
        )
    return results


def is_resident_envoy(actor: Actor, body: str) -> bool:
    """An ambassador, high commissioner or chargé d'affaires (not a special envoy, who travels), or the country
    such envoys are named by."""
    if not actor.is_person:
        return ENVOYS_OF_BEFORE.search(body, max(0, actor.start - 80), actor.start) is not None
    return bool(actor.title) and RESIDENT_ENVOY.search(actor.title or "") is not None


def multilateral_engagement(
    g: Gazetteer,
    view: SentenceView,
    subject: Actor | None,
    objects: list[Actor],
    orgs: set[str],
    modality: str,
    group: list[Match],
    ctx: ArticleContext,
) -> list[Engagement]:
    """One meeting of a forum: its organisation and the countries named with it."""
    actors = view.actors
    members = []
    if subject is not None:
        members.append(subject)
    members.extend(a for a in objects if a.is_person or a.role_kind in ("place", "destination"))
    named_by = _forum_naming(g, actors, group, ctx.body)
    forums = [a for a in actors if g.is_org(a.code) and a.role_kind != "topic" and not _seat_as_venue(g, a, ctx)]
    # "Prior to attending the G20 Summit in Bali, Jokowi will attend the ASEAN Summits": each summit its forum's
    members.extend(forums if named_by is None or len({a.code for a in forums}) < 2 else [named_by])
    host = _hosting_place(view, group, ctx.body)
    if host is not None:  # "Bishkek hosted the 22nd meeting of the SCO": the host country takes part
        members.append(host)
    attended = ATTENDS_BEFORE.search(ctx.body, max(view.sentence.start, group[0].start - 80), group[0].start)
    if attended:  # the host of a forum someone attended ("attended the summit in Tanzania")
        members.extend(a for a in objects if a.role_kind == "location" and not g.is_org(a.code))
    participants: list[Participant] = []
    seen: set[str] = set()
    for actor in members:
        if actor.code and actor.code not in seen:
            seen.add(actor.code)
            participants.append(participant(actor, "participant"))
    countries = [c for c in seen if not g.is_org(c)]
    forum_alone = not countries and (
        (subject is not None and not subject.is_person and g.is_org(subject.code))
        or _names_its_forum(g, view.actors, group, ctx.body)
        or forum_opening(g, view, ctx.body) is not None
    )  # "the AU will hold a summit", "the ASEAN Summit", "ASEAN leaders gathered for their summit"
    org_leaders = not countries and len({a.code for a in members if a.is_person and g.is_org(a.code)}) >= 2
    members_named = (orgs and countries) or len(countries) >= 3 or (attended and len(countries) == 2)
    if not (members_named or forum_alone or org_leaders):
        return []
    # Three or more countries named with no forum meet ad hoc ("a trilateral summit of A, B and C"): a
    # meeting; a multilateral meeting is the meeting of a forum.
    forum_event = attended and any(m.values[0] == "multilateral_meeting" for m in group)  # "attended the summit"
    etype = "meeting" if not orgs and len(countries) >= 3 and not forum_event else "multilateral_meeting"
    if org_leaders:
        etype = "meeting"  # the leaders of two organisations meeting: not a meeting of either forum
    return [dated_engagement(etype, modality, view.sentence, group, view.dates, ctx, participants, 0)]


def _hosting_place(view: SentenceView, group: list[Match], body: str) -> Actor | None:
    """The country (or its capital) a sentence opens with as the host of the meeting it tells."""
    first = next(iter(view.actors), None)
    if first is None or first.is_person or first.start > group[0].start:
        return None
    return first if HOSTED_AFTER_PLACE.match(body, first.end, group[0].start) else None


def forum_opening(g: Gazetteer, view: SentenceView, body: str) -> Actor | None:
    """The organisation a sentence opens with ("ASEAN leaders gathered ...", "The EU's leaders held a video
    conference"): its members are the subject of what the sentence tells."""
    first = next(iter(view.actors), None)
    if first is None or first.is_person or not g.is_org(first.code) or first.role_kind == "topic":
        return None
    opening = body[view.sentence.start : first.start].strip()
    return first if opening in ("", "The", "the") or FORUM_NAME_OPENING.fullmatch(opening) else None


def _seat_as_venue(g: Gazetteer, actor: Actor, ctx: ArticleContext) -> bool:
    """An organisation named by its seat as where a meeting was ("met in Brussels"): a venue, not a member."""
    return actor.role_kind == "location" and g.place_kinds.get(ctx.body[actor.start : actor.end]) in SEAT_KINDS


def _names_its_forum(g: Gazetteer, actors: list[Actor], group: list[Match], body: str) -> bool:
    """ "The ASEAN Summit", "G7 foreign ministers' meeting", "a summit of the African Union": the meeting is named
    by its forum, so it is the forum's meeting even where the text names no member taking part."""
    return _forum_naming(g, actors, group, body) is not None


def _forum_naming(g: Gazetteer, actors: list[Actor], group: list[Match], body: str) -> Actor | None:
    first, last = group[0], group[-1]
    for actor in actors:
        if actor.is_person or not g.is_org(actor.code) or actor.role_kind == "topic":
            continue
        if actor.end <= first.start and FORUM_BEFORE_MEETING.fullmatch(body, actor.end, first.start):
            return actor
        if actor.start >= last.end and FORUM_AFTER_MEETING.fullmatch(body, last.end, actor.start):
            return actor
        trigger_ends_with_of = last.text.lower().endswith(" of the")  # "meeting of the" + "SCO Council of ..."
        if actor.start >= last.end and trigger_ends_with_of and not body[last.end : actor.start].strip():
            return actor
    return None
