"""Engagements of one article made whole: mentions of the same engagement merged (a meeting during a visit
is part of the visit), the headline confirming, dating or adding engagements, and parties that are not
governments reported as diagnostics."""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import date

from dagster_project.extraction.engagement_model import (
    HEADLINE,
    NON_STATE,
    Diagnostic,
    Engagement,
    date_precision_ranks,
)
from dagster_project.extraction.gazetteer import OfficeTerm

# How far apart two dated mentions of one engagement may lie, by the coarser precision of the two: "met in
# June 2018" and "met in February 2019" are two meetings.
SAME_ENGAGEMENT_DAYS = {"day": 3, "approx": 3, "week": 7, "month": 31, "unknown": 10**6}
PRECISION_RANK = date_precision_ranks()  # the more precise, the lower
HEADLINE_INFINITIVE = re.compile(r"\bto\s+\S*\s*\Z")
BARE_TALK = re.compile(r"(?:talked|spoke|spoken|speak|speaking|talk)\b", re.I)  # the call words that name no phone
PHONE_WORDS = re.compile(r"\b(?:phone|telephone|telephonic|video|call|calls|virtual|dialled|dialed)\b", re.I)


def merge_within_article(engagements: list[Engagement], forums: AbstractSet[str] = frozenset()) -> list[Engagement]:
    """One engagement mentioned several times in an article is one engagement; a meeting with the
    side one is visiting, at the time of the visit, is part of that visit; two mentions of a meeting of
    one of the `forums` (organisation codes) at compatible dates are one meeting of all the members named."""
    merged: list[Engagement] = []
    for engagement in engagements:
        candidates = [m for m in merged if _same_engagement(m, engagement, forums)]
        target = next((m for m in candidates if m.engagement_type == engagement.engagement_type), None)
        target = target or next(iter(candidates), None)
        if target is None:
            merged.append(engagement)
            continue
        target.topics |= engagement.topics
        if target.codes != engagement.codes:  # one forum's meeting: every member named takes part
            known = target.codes
            target.participants += [p for p in engagement.participants if p.country_code not in known]
        if {target.engagement_type, engagement.engagement_type} == {"multilateral_meeting", "meeting"}:
            target.engagement_type = "multilateral_meeting"  # the ad hoc meeting was the forum's summit
        if _talks_by_phone(target, engagement):
            target.engagement_type = "phone_call"  # "held talks with X via video link": a call
        elif {target.engagement_type, engagement.engagement_type} == {"visit", "meeting"}:
            _absorb_into_visit(target, engagement)
        elif _more_specific(engagement, target):
            target.engagement_date, target.date_precision = engagement.engagement_date, engagement.date_precision
            target.specificity = engagement.specificity
        target.is_invitation = target.is_invitation or engagement.is_invitation
    return merged


def _same_engagement(a: Engagement, b: Engagement, forums: AbstractSet[str]) -> bool:
    if a.status != b.status:
        return False
    if a.codes == b.codes and _told_by_talking(a, b):
        return _dates_agree(a, b)
    if _one_summit(a, b, forums):
        return _dates_agree(a, b)
    if a.codes != b.codes and not _same_forum(a, b, forums):
        return False
    if a.engagement_type != b.engagement_type and not (_meeting_during_visit(a, b) or _talks_by_phone(a, b)):
        return False
    return _dates_agree(a, b)


def _dates_agree(a: Engagement, b: Engagement) -> bool:
    if a.engagement_date is None or b.engagement_date is None:
        return True
    tolerance = max(SAME_ENGAGEMENT_DAYS[a.date_precision], SAME_ENGAGEMENT_DAYS[b.date_precision])
    return abs((a.engagement_date - b.engagement_date).days) <= tolerance


def _one_summit(a: Engagement, b: Engagement, forums: AbstractSet[str]) -> bool:
    """A forum's meeting and, at its time, the leaders of three or more countries meeting ("Trump, Xi and Macron
    were among the leaders on the video call" of the G20's virtual summit) or an official meeting the forum's
    leaders ("met with the leaders of SCO member states"): one summit."""
    if {a.engagement_type, b.engagement_type} != {"multilateral_meeting", "meeting"}:
        return False
    summit, meeting = (a, b) if a.engagement_type == "multilateral_meeting" else (b, a)
    if not summit.codes & forums:
        return False
    if meeting.codes & forums:  # "met with the leaders of SCO member states": the forum, not one of its officials
        return all(p.actor_name is None for p in meeting.participants if p.country_code in forums) and bool(
            meeting.codes & summit.codes & forums
        )
    return len(meeting.codes) >= 3


def _same_forum(a: Engagement, b: Engagement, forums: AbstractSet[str]) -> bool:
    """Two mentions of a meeting of one forum ("the BRICS summit in South Africa next month", "the BRICS summit
    scheduled for August 22-24"): the members each names may differ."""
    both = {a.engagement_type, b.engagement_type} == {"multilateral_meeting"}
    return both and bool(a.codes & b.codes & forums)


def _absorb_into_visit(target: Engagement, other: Engagement) -> None:
    """The visit keeps its own participants and date; a meeting only adds a date the visit lacks."""
    if target.engagement_type == "meeting":
        meeting_date = (target.engagement_date, target.date_precision)
        target.engagement_type, target.participants = "visit", other.participants
        target.engagement_date, target.date_precision = other.engagement_date, other.date_precision
        if target.date_precision == "approx" and meeting_date[1] != "approx":
            target.engagement_date, target.date_precision = meeting_date
    elif target.date_precision == "approx" and other.date_precision != "approx":
        target.engagement_date, target.date_precision = other.engagement_date, other.date_precision


def _meeting_during_visit(a: Engagement, b: Engagement) -> bool:
    """A meeting with the side being visited told in the sentence of the visit ("will travel to Seoul for a
    summit with President Yoon"), on the visit's day or without a day of its own ("it will be their first
    meeting"), or with unnamed officials of the host ("met government leaders")."""
    if {a.engagement_type, b.engagement_type} != {"visit", "meeting"} or a.is_invitation != b.is_invitation:
        return False  # "agreed to meet, and Putin invited Trump to visit Moscow": an agreement and an invitation
    if a.sentence_index == b.sentence_index:
        return True
    if a.engagement_date == b.engagement_date or None in (a.engagement_date, b.engagement_date):
        return True
    if "approx" in (a.date_precision, b.date_precision):  # a readout's undated "met" during a dated visit
        return True
    meeting = a if a.engagement_type == "meeting" else b
    return all(p.actor_id is None for p in meeting.participants if p.role == "recipient")


def _told_by_talking(a: Engagement, b: Engagement) -> bool:
    """A meeting or visit and, of the same parties, told after it on its day or undated, a "talked about" or
    "spoke" with no word of a phone: the account of the meeting going on ("The two ministers also talked about
    helping Ukraine rebuild")."""
    kinds = {a.engagement_type, b.engagement_type}
    if "phone_call" not in kinds or not kinds & {"meeting", "visit"}:
        return False
    call, meeting = (a, b) if a.engagement_type == "phone_call" else (b, a)
    same_day = call.date_precision in ("approx", "unknown") or call.engagement_date == meeting.engagement_date
    return same_day and call.sentence_index > meeting.sentence_index and _bare_talk(call)


def _bare_talk(engagement: Engagement) -> bool:
    if engagement.engagement_type != "phone_call":
        return False
    words = engagement.evidence[engagement.trigger_start - engagement.char_start :]
    return BARE_TALK.match(words) is not None and not PHONE_WORDS.search(engagement.evidence)


def _talks_by_phone(a: Engagement, b: Engagement) -> bool:
    """Talks and a call of the same parties told in one sentence ("held talks with X via video link", "met by
    phone"): one conversation, by phone."""
    return a.sentence_index == b.sentence_index and {a.engagement_type, b.engagement_type} == {"meeting", "phone_call"}


def _more_specific(candidate: Engagement, current: Engagement) -> bool:
    if candidate.engagement_date is None:
        return False
    if current.engagement_date is None:
        return True
    rank_candidate = (PRECISION_RANK[candidate.date_precision], -candidate.specificity)
    rank_current = (PRECISION_RANK[current.date_precision], -current.specificity)
    return rank_candidate < rank_current


def without_called_off(engagements: list[Engagement], cancelled: list[Engagement]) -> list[Engagement]:
    """Drop the plans the article says were called off ("has postponed her March 28-31 visit to Tanzania ...
    She was to visit Tanzania from March 28-29"): a planned engagement of the same sides and kind, at the date
    of the one called off, or undated where that one was. A plan dated where the cancelled one was not
    ("rescheduling a visit that was postponed; he will meet Xi on April 14") is a new plan and stays."""
    if not cancelled:
        return engagements
    return [e for e in engagements if e.status != "planned" or not any(_called_off(e, c) for c in cancelled)]


def _called_off(plan: Engagement, cancelled: Engagement) -> bool:
    if plan.codes != cancelled.codes or not _types_agree(plan, cancelled):
        return False
    if cancelled.engagement_date is None:
        return plan.engagement_date is None
    return plan.engagement_date is not None and _dates_agree(plan, cancelled)


def without_former_officials(
    engagements: list[Engagement], former: AbstractSet[str], terms_of: Mapping[str, list[OfficeTerm]], published: date
) -> list[Engagement]:
    """An official the article calls former takes part only in what it dates within their time in office ("former
    President Obama, who met Putin in 2015"), not in what they do now ("Clinton's trip to Pyongyang")."""
    if not former:
        return engagements
    kept = []
    for engagement in engagements:
        day = engagement.engagement_date or published
        engagement.participants = [
            p
            for p in engagement.participants
            if p.actor_id not in former or any(t.covers(day) for t in terms_of.get(p.actor_id, ()))
        ]
        if len(engagement.codes) >= 2 or (engagement.engagement_type == "multilateral_meeting" and engagement.codes):
            kept.append(engagement)
    return kept


def with_title_engagements(
    body: list[Engagement], title: list[Engagement], text: str, members: Mapping[str, AbstractSet[str]]
) -> list[Engagement]:
    """A headline confirms the body's engagement of the same parties (and may date it: "PM meeting
    with X: 25 September") and names the forum whose meeting the body tells by its members ("Quad Foreign
    Ministers Meet", "The top diplomats of Japan, the United States, Australia and India met"); it states
    one of its own only when no engagement of the body shares a party with it. Such an engagement's
    evidence is the headline: sentence index -1, offsets into the title."""
    for headline in title:
        match = next((e for e in body if e.codes == headline.codes and _types_agree(e, headline)), None)
        members_meeting = None if match else next((e for e in body if _members_meet(headline, e, members)), None)
        if match is not None:
            _date_from_headline(match, headline)
        elif members_meeting is not None:
            members_meeting.engagement_type = "multilateral_meeting"
            members_meeting.participants += [p for p in headline.participants if p.country_code in members]
        elif not any(e.codes & headline.codes for e in body):
            if HEADLINE_INFINITIVE.search(text, 0, headline.trigger_start):
                headline.status = "planned"
            headline.sentence_index = HEADLINE  # its offsets are those of its sentence in the title
            body.append(headline)
    return body


def _members_meet(forum_meeting: Engagement, meeting: Engagement, members: Mapping[str, AbstractSet[str]]) -> bool:
    """A meeting of three or more countries, all members of the forum whose meeting it is told as, at its time."""
    forums = [code for code in forum_meeting.codes if code in members]
    if forum_meeting.engagement_type != "multilateral_meeting" or meeting.engagement_type != "meeting" or not forums:
        return False
    countries = meeting.codes
    same = meeting.status == forum_meeting.status and _dates_agree(meeting, forum_meeting)
    return same and len(countries) >= 3 and any(countries <= members[forum] for forum in forums)


def _types_agree(a: Engagement, b: Engagement) -> bool:
    return a.engagement_type == b.engagement_type or {a.engagement_type, b.engagement_type} == {"visit", "meeting"}


def _date_from_headline(engagement: Engagement, headline: Engagement) -> None:
    """A headline's day stands for the body's date when the body's is approximate or a day off."""
    if headline.date_precision != "day" or headline.engagement_date is None:
        return
    body_date = engagement.engagement_date
    if engagement.date_precision == "approx" or (
        engagement.date_precision == "day" and body_date and abs((body_date - headline.engagement_date).days) <= 1
    ):
        engagement.engagement_date, engagement.date_precision = headline.engagement_date, "day"


def placed_engagements(
    engagements: list[Engagement], governments: AbstractSet[str]
) -> tuple[list[Engagement], list[Diagnostic]]:
    """Only governments (countries and international organisations) are participants: any other party is
    reported with its reason (`no_country`, `non_state`), and its engagement kept only while two parties
    (or a forum and a member) remain."""
    placed: list[Engagement] = []
    unplaced: list[Diagnostic] = []
    for engagement in engagements:
        missing = [p for p in engagement.participants if p.country_code not in governments]
        if not missing:
            if engagement.participants:  # a meeting whose only named party was its venue has none left
                placed.append(engagement)
            continue
        unplaced.extend(
            Diagnostic(
                "non_state" if p.country_code == NON_STATE else "no_country",
                engagement.sentence_index,
                engagement.evidence,
                p.actor_name,
                p.actor_title,
            )
            for p in missing
        )
        engagement.participants = [p for p in engagement.participants if p.country_code in governments]
        if len(engagement.codes) >= 2:
            placed.append(engagement)
    return placed, unplaced
