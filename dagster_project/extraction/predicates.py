"""The engagement predicate of a clause: which trigger words (a verb, or a noun with its light verb) state an
engagement in their sense here, how adjacent ones group into one predicate, and the engagement type it
states (letter, phone call, visit, meeting, multilateral meeting)."""

from __future__ import annotations

import re

from dagster_project.extraction.engagement_model import Actor, SentenceView
from dagster_project.extraction.gazetteer import Gazetteer, Match

TYPE_PRIORITY = ("letter", "phone_call", "visit", "meeting", "multilateral_meeting")
# The patterns searched in long stretches open with a lookahead of the letters their matches start with: searched
# faster than with "\b" alone, the same matches.
IN_PERSON_CUES = re.compile(  # not a meeting spoken of: "discussed a possible meeting during their call"
    r"(?=[ahimstv])\b(?<!possible )(?<!potential )(?<!future )(?<!proposed )(?<!next )(?<!another )"
    r"(met|meeting|in person|sidelines|margins|visit|visiting|hosted|talks in|arrived)\b",
    re.I,
)
IN_PERSON_REACH = 30  # characters either side of a call's trigger words where "met", "in person" make it a meeting
ATTEND_PURPOSE = re.compile(r"\b(?:to attend|to participate in|to take part in|for the)\b", re.I)
# "attended the Africa Energy Summit in Tanzania": one government at a forum held in another's country.
ATTENDS_BEFORE = re.compile(
    r"(?=[apt])\b(?:attend(?:s|ed|ing)?|t(?:ook|ake|aking) part in|participat(?:e|es|ed|ing) in)\b[^.;:]{0,70}\Z", re.I
)
VENUE_GAP = re.compile(r"\b(?:at|in|during)\b", re.I)  # "meet Putin during the G20 summit": where, not who
GENERIC_BEFORE = re.compile(
    r"\b(?:past|previous|prior|earlier|several|many|numerous|frequent|regular|repeated|multiple|various|high-level|"
    r"reciprocal|mutual|future|such|similar|other|successive|exchange|three|four|five|six|seven|eight|nine|ten|"
    r"dozens\s+of|hundreds\s+of|[3-9]|\d\d+)\s+"
    r"(?:[\w\-]+\s+)?\Z",
    re.I,
)
DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that)\s+\Z", re.I)
PARTICIPANTS_AFTER = re.compile(r"\s+(?:with|between|of|to|by|from)\b")
MEET_WORDS = {"meet", "meets", "met", "meeting"}
# The parts of speech of seeds/engagement_triggers.csv that name one engagement ("the call", "this visit").
SINGULAR_NOUNS = frozenset({"noun", "verb|noun"})
MEET_A_GOAL = re.compile(
    r"\s+(?:the\s+|its\s+|their\s+|our\s+|his\s+|her\s+|a\s+|an\s+|all\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:target|targets|need|needs|demand|demands|goal|goals|obligation|obligations|commitment|commitments|"
    r"expectation|expectations|deadline|deadlines|criteria|criterion|standard|standards|requirement|requirements|"
    r"challenge|challenges|threshold|conditions|costs|cost|aspirations|objectives|objective)\b",
    re.I,
)
NAMING_AFTER = re.compile(r",?\s+(?:a|an|very|so|too|one of)\s", re.I)
FORUM_DECISION_AFTER = re.compile(
    r"\s+(?:has\s+|had\s+|on\s+\w+\s+)?(?:condemned|condemns|adopted|adopts|voted|votes|passed|approved|approves|"
    r"demanded|demands|urged|urges|resolved|decided|endorsed|elected|rejected|declared)\b",
    re.I,
)
GUEST_WORDS = 6  # "will receive his British counterpart", "received the delegation led by the Minister"
# The only lowercase words between a hosting verb and its guest: "hosted his counterpart", "received a delegation
# led by"; any other ("welcomed the decision of", "welcomes that") says the verb hosts no one.
GUEST_GAP_WORDS = {
    "the", "his", "her", "their", "its", "our", "a", "an", "visiting", "new", "newly", "incoming", "outgoing",
    "elected", "counterpart", "counterparts", "fellow", "top", "delegation", "delegations", "of", "from", "led", "by",
    "and", "two", "both", "senior", "high-level", "officials", "leaders", "leader", "in", "at", "on", "today",
    "yesterday", "here",
}  # fmt: skip
VENUE_BEFORE = re.compile(
    r"\b(?:(?:[Ss]idelines|[Mm]argins|[Ss]ide|[Oo]ccasion)\s+of\s+(?:the\s+|a\s+|an\s+)?(?:\S+\s+){0,4}"
    # "a week before the G20 summit", not "after attending the summit": only names between
    r"|\b(?:[Bb]efore|[Aa]head\s+of|[Aa]fter|[Ss]ince|[Uu]ntil|[Pp]rior\s+to)\s+(?:the\s+|a\s+|this\s+|next\s+|last\s+)?"
    r"(?:[A-Z0-9][\w\-’']*\s+){0,4}"
    # "met Xi at the APEC summit", "will meet during the G20 summit": where a meeting of two took place
    r"|\b(?:met|meet|meets|meeting)\s+(?:[^\s.,;:]+\s+){0,6}?(?:at|during)\s+(?:the\s+|a\s+|this\s+|next\s+|last\s+)?"
    r"(?:[A-Z0-9][\w\-’']*\s+){0,4})\Z"
)
VENUE_TRIGGERS = {"on the sidelines", "on the margins"}
# A thing's name before ", called": "Russia Day, called ..." (not "Zelensky, in an address, called Putin").
NAMED_THING_CALLED = re.compile(r"\b(?:Day|day|festival|holiday|operation|plan|programme|program|initiative),\s\Z")
# "visiting" before a common noun that names no one ("visiting forces agreement", "visiting hours", "visiting
# professor"), unlike "visiting China", "visiting the region", "the visiting Australian prime minister".
VISITING_ADJECTIVE = re.compile(
    r"\s+(?:forces?|hours|professor|fellow|scholar|rights|team|card|scheme|programme|program)\b"
)
# Between "on the sidelines" and the meeting it names: "of the Asia-Pacific Economic Cooperation Leaders' ".
OF_THE_EVENT = re.compile(r"\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w\-’']+\s+){0,6}")
AT_EVENT_BEFORE = re.compile(
    r"\b(?:at|during|sidelines\s+of|margins\s+of)\s+(?:the\s+|a\s+|an\s+|this\s+|last\s+)?(?:[\w\-’']+\s+){0,6}\Z"
)
# The light verb a noun of the "light" sense needs before it in its clause ("held their first security talks",
# "will hold a new round of negotiations"): without one the noun names a process, not an engagement ("nuclear
# talks are deadlocked").
LIGHT_VERB_BEFORE = re.compile(
    r"\b(?:held|hold|holds|holding|had|conducted|conduct|conducts|began|begin|begins|opened|"
    r"resumed|resume|resumes|renewed|concluded|wrapped\s+up)\b(?:\s+[\w\-’']+){0,4}\s+\Z",
    re.I,
)
LIGHT_VERB_REACH = 60
LIGHT_VERB_AFTER = re.compile(  # "talks were held between A and B", "negotiations took place in Geneva"
    r"\s+(?:were|was|have\s+been|had\s+been|will\s+be|are\s+being)\s+(?:held|conducted)\b"
    r"|\s+(?:took|take|takes|will\s+take)\s+place\b",
    re.I,
)
# A place used as a modifier of what is hosted ("hosts Ukraine peace talks", "hosted the Gaza aid conference").
ATTRIBUTIVE_PLACE = re.compile(
    r"\s+(?:[a-z\-]+\s+)?(?:talks|summit|conference|meeting|negotiations|dialogue|forum|peace|aid|reconstruction)\b"
)
APPEAL_INFINITIVE = re.compile(r"\bto\s+(?!the\b|a\b|an\b|his\b|her\b|their\b)[a-z]+")  # "called on X to end ..."
CALL_ON_A_DAY = re.compile(
    r"\s+on\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\d|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d)"
)
PASSIVE_AUXILIARY = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?\Z", re.I)


def engagement_triggers(triggers: list[Match], actors: list[Actor], body: str) -> list[Match]:
    """The trigger words of a sentence that state an engagement in the sense they have here."""
    return [
        m
        for m in triggers
        if not _false_trigger(m, body)
        and not _refers_back(m, body)
        and not _venue_of_meeting(m, body)
        and not _hosts_no_guest(m, actors, body)
        and not _names_someone(m, actors, body)
        and not _forum_decides(m, body)
    ]


def group_triggers(triggers: list[Match], actors: list[Actor], body: str) -> list[list[Match]]:
    """Adjacent trigger words with no actor or clause break between them describe one engagement."""
    groups: list[list[Match]] = []
    for trigger in triggers:
        if groups:
            previous = groups[-1][-1]
            between = [a for a in actors if previous.end <= a.start < trigger.start]
            if not between and not re.search(r"[,;:]", body[previous.end : trigger.start]):
                groups[-1].append(trigger)
                continue
        groups.append([trigger])
    return groups


def group_types(group: list[Match], body: str = "") -> set[str]:
    """Engagement types of adjacent triggers; "hosted the meeting" is a meeting, not a visit; "will meet Putin
    during the G20 summit" is a meeting at a summit."""
    venue = next((m.start for m in group if m.text.lower() in VENUE_TRIGGERS or _at_event(m, body)), None)
    if venue is not None and any(m.start < venue and m.values[0] != "multilateral_meeting" for m in group):
        # "held discussions on the sidelines of the UN General Assembly": the summit is where they met
        group = [m for m in group if m.start < venue or m.values[0] != "multilateral_meeting"]
    types = {m.values[0] for m in group}
    hosting = any(is_hosting(m) for m in group)
    if hosting and types & {"meeting", "multilateral_meeting", "phone_call"}:
        types.discard("visit")
    return types


def generic_mention(group: list[Match], body: str) -> bool:
    """ "past visits", "regular meetings": engagements in general, not one engagement; "held their first
    high-level security talks" is one."""
    trigger = group[0]
    if "plural" not in trigger.values[2]:
        return False
    if LIGHT_VERB_BEFORE.search(body, max(0, trigger.start - LIGHT_VERB_REACH), trigger.start):
        return False
    return GENERIC_BEFORE.search(body[max(0, trigger.start - 40) : trigger.start]) is not None


def attends_forum(group: list[Match], following: list[Match] | None, body: str) -> bool:
    """A trip "to attend the summit" is taken for the multilateral meeting, not a bilateral visit."""
    if following is None or all(m.values[0] != "visit" for m in group):
        return False
    forum = any(m.values[0] == "multilateral_meeting" for m in following)
    return forum and ATTEND_PURPOSE.search(body, group[-1].end, following[0].start) is not None


def forum_near(g: Gazetteer, actors: list[Actor], trigger: Match, object_end: int, body: str) -> bool:
    """An organisation named as such next to a meeting word: "a meeting of Quad foreign ministers",
    "the G20 summit", "ASEAN-related Summit Meetings" (not an official of that organisation)."""
    for actor in actors:
        if actor.is_person or not g.is_org(actor.code) or actor.role_kind == "topic":
            continue
        gap = body[trigger.end : actor.start]
        if trigger.end <= actor.start < object_end and len(gap.split()) <= 3 and not VENUE_GAP.search(gap):
            return True
        gap = body[actor.end : trigger.start]
        if actor.end <= trigger.start and len(gap.split()) <= 2 and "," not in gap:
            return True
    return False


def engagement_type(
    g: Gazetteer, types: set[str], orgs: set[str], around: str, actors: list[Actor], forum: bool, attended: bool
) -> str | None:
    if "multilateral_meeting" in types or ("meeting" in types and forum):
        countries = {a.code for a in actors if a.code and not g.is_org(a.code)}
        # the venue of a summit ("a summit with Trump in Singapore") is not one of its sides, unless attended
        sides = {a.code for a in actors if a.code in countries and a.role_kind not in ("location", "topic")}
        if orgs or len(sides) >= 3 or (attended and len(countries) >= 2):
            return "multilateral_meeting"
        types = (types - {"multilateral_meeting"}) or {"meeting"}
    if types == {"phone_call"} and IN_PERSON_CUES.search(around):
        return "meeting"
    for etype in TYPE_PRIORITY:
        if etype in types:
            return etype
    return None


def clause_type(
    g: Gazetteer, view: SentenceView, group: list[Match], object_end: int, body: str
) -> tuple[str | None, set[str]]:
    """The engagement type a predicate states in its clause, and the organisations its sentence names."""
    first = group[0]
    orgs = {a.code for a in view.actors if g.is_org(a.code) and a.role_kind != "topic"}
    forum = forum_near(g, view.actors, first, object_end, body) and not at_venue(group)
    attended = ATTENDS_BEFORE.search(body, max(view.sentence.start, first.start - 80), first.start) is not None
    return engagement_type(g, group_types(group, body), orgs, around(body, group), view.actors, forum, attended), orgs


def _at_event(trigger: Match, body: str, since: int = 0) -> bool:
    """A summit named as when or where something happened: "during the G20 summit", "at the G7 Summit" (the
    words looked at start no earlier than `since`, the end of the engagement words before)."""
    start = max(since, trigger.start - 80)
    return (
        bool(body)
        and trigger.values[0] == "multilateral_meeting"
        and AT_EVENT_BEFORE.search(body, start, trigger.start) is not None
        and ATTENDS_BEFORE.search(body, max(since, trigger.start - 80), trigger.start) is None
    )


def venue_of_previous(group: list[Match], previous: list[Match], body: str) -> bool:
    """A summit named as where the engagement before it happened: "the meeting between A and B at the G7 Summit
    in Kananaskis" (per the annotation guide, not a multilateral meeting of its own)."""
    if previous[-1].text.lower() in VENUE_TRIGGERS and OF_THE_EVENT.fullmatch(body, previous[-1].end, group[0].start):
        return True  # "met on the sidelines of the APEC Economic Leaders' Meeting": whatever the meeting's word
    return _at_event(group[0], body, previous[-1].end) and any(m.values[0] != "multilateral_meeting" for m in previous)


def around(body: str, group: list[Match]) -> str:
    """The trigger words with a few words either side ("met and spoke with", "spoke in person"): an in-person
    word elsewhere in the sentence ("in a call ..., suggested a meeting") does not make a call a meeting."""
    start = max(0, group[0].start - IN_PERSON_REACH)
    return body[start : group[-1].end + IN_PERSON_REACH]


def at_venue(group: list[Match]) -> bool:
    """ "On the sidelines", "on the margins": the forum named next to the words is where the meeting was."""
    return all(m.text.lower() in VENUE_TRIGGERS for m in group)


def _false_trigger(trigger: Match, body: str) -> bool:
    text = trigger.text.lower()
    if trigger.values[3] == "courtesy":  # "called on the President in Colombo", not "called on X to act"
        sentence_end = body.find(".", trigger.end)
        return APPEAL_INFINITIVE.search(body, trigger.end, sentence_end if sentence_end >= 0 else len(body)) is not None
    if trigger.values[3] == "light":  # "held bilateral talks", "talks were held", not "talks are deadlocked"
        before = LIGHT_VERB_BEFORE.search(body, max(0, trigger.start - LIGHT_VERB_REACH), trigger.start)
        return before is None and LIGHT_VERB_AFTER.match(body, trigger.end) is None
    if trigger.values[3] == "passive":  # "was received by B": B hosted; "a lunch hosted by B" hosts no one named
        return PASSIVE_AUXILIARY.search(body, max(0, trigger.start - 12), trigger.start) is None
    if trigger.text == "Telegram" and trigger.start > 0 and body[trigger.start - 1] == " ":
        return True  # "said on Telegram": the messaging service, not a telegram
    if text in MEET_WORDS and MEET_A_GOAL.match(body, trigger.end):
        return True  # "meet the target", "assistance to meet the needs of"
    after = body[trigger.end : trigger.end + 12].lower()
    before = body[max(0, trigger.start - 10) : trigger.start].lower()
    if text in ("called", "call", "calls"):
        naming = before.endswith(("so-", "so ", "it ", "what ", "was ", "is ", "be ", "been ", "are ", "were "))
        naming = naming or NAMED_THING_CALLED.search(before) is not None  # "Russia Day, called Day of ..."
        appeal = after.startswith((" for", " on", " upon", " it")) and not CALL_ON_A_DAY.match(body, trigger.end)
        cancelled = after.startswith(" off")  # "called off plans to visit"
        return appeal or naming or cancelled  # "called on Congress to act", not "agreed in a call on Sunday"
    if is_hosting(trigger) and after.startswith((" a ", " an ")):
        return True  # "hosted a roundtable", "received a call": an event or a thing, not a visitor
    if text == "visiting" and VISITING_ADJECTIVE.match(body, trigger.end):
        return True  # "a visiting forces agreement", "visiting hours": an adjective of a thing
    if text in ("received", "receives", "welcomed", "welcomes"):
        return not after.startswith((" ", ",")) or after.startswith(
            (" the news", " the decision", " the announcement", " the agreement")
        )
    return False


def _refers_back(trigger: Match, body: str) -> bool:
    """ "the meeting", "this call" (without "with ..."): a mention of an engagement already reported."""
    if trigger.values[2] not in SINGULAR_NOUNS:
        return False
    before = body[max(0, trigger.start - 12) : trigger.start]
    after = body[trigger.end : trigger.end + 10]
    return DEFINITE_BEFORE.search(before) is not None and PARTICIPANTS_AFTER.match(after) is None


def _venue_of_meeting(trigger: Match, body: str) -> bool:
    """A summit named as the place, occasion or time of something else ("on the sidelines of the G20 summit",
    "on the margins of the UN General Assembly", "a week before the G20 summit") is not an engagement of its own."""
    if trigger.values[0] != "multilateral_meeting":
        return False
    return VENUE_BEFORE.search(body[max(0, trigger.start - 60) : trigger.start]) is not None


def _hosts_no_guest(trigger: Match, actors: list[Actor], body: str) -> bool:
    """ "Welcomed the decision", "welcomes that the ceasefire was reached", "received the news": a hosting
    verb hosts someone only when a government, title or official follows within a few words, in its clause."""
    if not is_hosting(trigger):
        return False
    guest = next((a for a in actors if a.start >= trigger.end), None)
    if guest is None:
        return True
    words = body[trigger.end : guest.start].split()
    if len(words) > GUEST_WORDS or any(w[-1] in ";:." for w in words):
        return True
    if not guest.is_person and ATTRIBUTIVE_PLACE.match(body, guest.end):
        return True  # "hosts Ukraine peace talks": the place names what is hosted, it is no guest
    return any(not w[0].isupper() and w.lower() not in GUEST_GAP_WORDS for w in words)


def _names_someone(trigger: Match, actors: list[Actor], body: str) -> bool:
    """ "Called Prime Minister Trudeau a very dishonest man": "call" naming someone, not telephoning him."""
    if trigger.text.lower() not in ("called", "calls", "call"):
        return False
    named = next((a for a in actors if a.start >= trigger.end and a.is_person), None)
    if named is None or len(body[trigger.end : named.start].split()) > 3:
        return False
    return NAMING_AFTER.match(body, named.end) is not None


def _forum_decides(trigger: Match, body: str) -> bool:
    """ "The UN General Assembly condemned ...", "the summit adopted a declaration": a forum named as the
    one deciding, not a meeting someone is said to attend."""
    return trigger.values[0] == "multilateral_meeting" and FORUM_DECISION_AFTER.match(body, trigger.end) is not None


def is_hosting(trigger: Match) -> bool:
    """A trigger whose subject receives the other side ("hosted", "welcomed"): its sense in the lexicon."""
    return trigger.values[3] == "host"
