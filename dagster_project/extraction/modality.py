"""The modifiers that govern a trigger within its clause: negation and cancellation ("did not meet",
"scrapped the planned visit"), speculation ("might meet"), plans ("will travel") and invitations."""

from __future__ import annotations

import re

from dagster_project.extraction.engagement_model import SentenceView
from dagster_project.extraction.gazetteer import Match

CLAUSE_BREAK = re.compile(  # the lookahead of the characters a match starts with speeds the search up;
    # a full stop of an initial or a title ("U.S. President", "Mr. Biden") ends no clause
    r"(?=[;:.,abstw])"
    r"(?:[;:]|(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)\.(?!\s*[a-z0-9])|,\s*(?:which|who|where|when|after|since|as|but|and)\b|\b(?:after|when|since|because|but|while|that)\b)"
)
NEGATION_WORDS = 5
NOUN_FORMS = frozenset({"noun", "verb|noun", "noun phrase"})
# The sentence, or the clause a reporting verb opens ("Analysts said a meeting ..."), starts with the engagement.
SUBJECT_OPENING = re.compile(
    r"(?:[^.;:]{0,80}?\b(?:said|says|say|added|noted|warned|believes?|thinks?|expects?|argued?)\s+(?:that\s+)?)?"
    r"[\"“‘']?(?:a|an|the|this|that|any|such\s+a|(?-i:(?:[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*)['’]s)\s+"
    r"(?:[\w\-’']+\s+){0,2}",
    re.I,
)
# A later clause of the sentence that cancels the engagement by referring back to it ("Modi had been scheduled
# to visit Washington in June, but the trip was cancelled").
CANCELLED_LATER = re.compile(
    r"\b(?:the|this|that|his|her|their)\s+(?:planned\s+|scheduled\s+)?(?:trip|visit|meeting|call|summit|talks|tour)\s+"
    r"(?:was|were|has\s+been|had\s+been|have\s+been|is\s+being|will\s+be)\s+(?:\w+\s+)?"
    r"(?:cancell?ed|canceled|called\s+off|postponed|scrapped|shelved|put\s+off|delayed|suspended)\b"
    r"|,?\s+but\s+(?:later\s+|then\s+)?(?:cancell?ed|canceled|called\s+(?:it\s+)?off|postponed|scrapped)\b",
    re.I,
)
# A departure whose purpose is the engagement: "departed to visit", "left Washington on Friday to meet".
DEPARTED_TO = re.compile(
    r"\b(?:departed|departs|left|leaves|set\s+off|sets\s+off|set\s+out|sets\s+out|embarked|embarks)"
    r"(?:\s+(?:for\s+)?[\w\-.]+){0,4}?\s+to\s+\Z"
)
# An arrival for a forum's meeting: "arrived in Bali for the G20 summit" (the summit is still to come).
ARRIVED_FOR = re.compile(
    r"\b(?:arriv(?:e|es|ed|ing)|land(?:s|ed|ing)|touch(?:es|ed)\s+down)\b[^.;:]{0,60}?"
    r"\bfor\s+(?:the\s+|a\s+|an\s+|this\s+)?(?:[\w\-’'.]+\s+){0,6}\Z"
)
SPECULATIVE_ADJECTIVES = {"possible", "purported", "rumoured", "rumored"}
# An engagement asked or pushed for ("the request for Trump to meet with Putin", "calls for Modi to visit").
REQUESTED_FOR = re.compile(
    r"\b(?:request|requests|requested|call|calls|called|push|pushed|pressure|appeal|asked|plea)\b[^.;:]{0,40}?"
    r"\bfor\s+(?:the\s+)?(?:[A-Z][\w\-.’']*\s+){1,4}to\s+\Z"
)
CANCELLED = "cancelled"  # a negation that calls a plan off: other mentions of that plan in the article go with it
SUBJECT_CUE_WORDS = 10
HYPOTHETICAL_WORDS = 8
COORDINATION = re.compile(r"\b(?:and|but|or|then)\b")
ALTERNATIVE = re.compile(r"\s(?:or|nor)\s")
OBJECT_NEGATION_WORDS = 10
# "invited him to Washington during a phone call", "in a letter inviting ...": the call or letter is the
# medium of the invitation, and it took place.
MEDIUM_BEFORE = re.compile(
    r"\b(?:during|in|on|over|through|via)\s+(?:a|an|the|their|his|her|its)\s+(?:[\w\-]+\s+){0,2}\Z", re.I
)
INFINITIVE_BEFORE_TRIGGER = re.compile(r"\bto\s+\Z")
INVITATION_INFINITIVE_WORDS = 25
MEDIUM_TYPES = frozenset({"phone_call", "letter"})
CANCELLING_VERBS = {
    "cancelled", "canceled", "cancel", "cancels", "cancelling", "canceling", "called off", "scrapped", "scraps",
    "scrap",
    "shelved", "postponed", "postpone", "postpones", "postponing", "put off", "rejected", "rejects", "refused",
    "rebuffed", "rebuffs", "rebuff",
    "turned down", "declined", "skipped", "skip", "skips", "skipping",
}  # fmt: skip


# Verbs of staying away from an engagement ("after missing the G20 foreign ministers' meeting"): like the
# cancelling verbs they reach over the names before their object, but they call nothing off.
ABSENCE_VERBS = {"missed", "missing", "miss", "misses"}

# Verbs that deny what the clause after them says ("denied reports that Biden would meet Putin", "ruled out
# a meeting"): they reach into a "that" clause, unlike other negations.
DENYING_VERBS = {"denied", "denies", "deny", "ruled out", "rules out", "rule out", "dismissed", "dismisses"}
DENIAL_WORDS = 8


def clause_modality(view: SentenceView, trigger: Match, segment_end: int, body: str, previous: str) -> str:
    """occurred, planned, invitation, hypothetical, negated or cancelled (a plan called off, postponed or
    turned down), from the cues around the trigger; a trigger without cues of its own continues a planned
    one before it ("will meet X and join Y")."""
    start = view.sentence.start  # read once, not per cue
    cues = [m for m in view.cues if start <= m.start < segment_end]
    found = "occurred"
    after = any(cue.start > trigger.start for cue in cues)  # seldom: most cues stand before their trigger
    subject = after and _noun_subject(view, trigger, body)
    for cue in cues:
        kind = cue.values[0]
        distance_words = len(body[min(cue.end, trigger.start) : max(cue.start, trigger.start)].split())
        if subject and cue.start > trigger.start and kind in ("hypothetical", "negated", "planned"):
            if _predicates_subject(cue, trigger, body):  # "Macron's planned visit ... was postponed"
                return CANCELLED if cue.text.lower() in CANCELLING_VERBS else kind
            continue
        if kind == "hypothetical" and cue.start < trigger.start and _in_scope(cue, trigger, distance_words, body):
            return "hypothetical"
        if kind == "negated" and cue.start < trigger.start and _negates(cue, trigger, distance_words, body):
            return CANCELLED if cue.text.lower() in CANCELLING_VERBS else "negated"
        if kind == "invitation" and _invites(cue, trigger, distance_words, body):
            found = "invitation"
        elif kind == "planned" and found == "occurred" and _governs(cue, trigger, distance_words, body):
            found = "planned"
    if found == "planned" and CANCELLED_LATER.search(body, trigger.end, view.sentence.end):
        return CANCELLED
    if found == "occurred" and REQUESTED_FOR.search(body, max(view.sentence.start, trigger.start - 60), trigger.start):
        return "hypothetical"  # "made the request to the Kremlin for Trump to meet with Putin": asked, not done
    if found == "occurred" and DEPARTED_TO.search(body, max(view.sentence.start, trigger.start - 80), trigger.start):
        return "planned"  # "departed to visit Senegal, Angola and Ethiopia": the visits lie ahead
    if (
        found == "occurred"
        and trigger.values[0] == "multilateral_meeting"
        and ARRIVED_FOR.search(body, max(view.sentence.start, trigger.start - 100), trigger.start)
    ):
        return "planned"  # "leaders are arriving in Addis Ababa for the African Union Summit": it lies ahead
    if found == "occurred" and previous == "planned":
        return "planned"
    return found


def _noun_subject(view: SentenceView, trigger: Match, body: str) -> bool:
    """A sentence that opens with the engagement as its subject ("A visit by the pope to Ukraine remains
    unlikely", "A summit of the AU will be held in May"): what its verb says after it governs it."""
    if trigger.values[2] not in NOUN_FORMS:
        return False
    return SUBJECT_OPENING.fullmatch(body, view.sentence.start, trigger.start) is not None


def _predicates_subject(cue: Match, trigger: Match, body: str) -> bool:
    """A cue in the clause the engagement opens, within a few words of its name and attributes."""
    between = body[trigger.end : cue.start]
    return len(between.split()) <= SUBJECT_CUE_WORDS and not CLAUSE_BREAK.search(between)


def speculates(cue: Match, trigger: Match, body: str) -> bool:
    """A speculative adjective right before an engagement noun: "a possible summit", "the rumoured visit"."""
    if cue.text.lower() not in SPECULATIVE_ADJECTIVES or cue.end > trigger.start:
        return False
    return len(body[cue.end : trigger.start].split()) <= 2


def _in_scope(cue: Match, trigger: Match, distance_words: int, body: str) -> bool:
    """A speculative cue governs a trigger close after it or in its own clause: "might meet", "it is possible
    that they will meet", not "asked whether sanctions would go, he said they met"; an adjective only the noun
    it qualifies ("discussed a possible meeting during their telephone conversation": the call took place)."""
    if cue.text.lower() in SPECULATIVE_ADJECTIVES and not body.startswith(" that", cue.end):
        return distance_words <= 2
    return distance_words <= HYPOTHETICAL_WORDS or not CLAUSE_BREAK.search(body, cue.end, trigger.start)


def _negates(cue: Match, trigger: Match, distance_words: int, body: str) -> bool:
    """A negation before a trigger in its clause: "did not meet", "will not attend a planned meeting"; a verb
    that cancels its object reaches over the names and titles before it ("scrapped Secretary of State Antony
    Blinken's planned visit")."""
    if cue.text.lower() in DENYING_VERBS:  # "denied reports that they met": the denied clause
        return distance_words <= DENIAL_WORDS and not re.search(r"[.;:]", body[cue.end : trigger.start])
    if cue.text.lower() in CANCELLING_VERBS or cue.text.lower() in ABSENCE_VERBS:  # its object, in its clause
        between = body[cue.end : trigger.start]
        clause_ends = CLAUSE_BREAK.search(between) or COORDINATION.search(between)
        return distance_words <= OBJECT_NEGATION_WORDS and not clause_ends
    if CLAUSE_BREAK.search(body, cue.end, trigger.start):
        return False
    # "will not attend the summit or travel to Bogota": a negation reaches the verbs joined by "or"
    return distance_words <= NEGATION_WORDS or (
        distance_words <= OBJECT_NEGATION_WORDS + 5 and ALTERNATIVE.search(body, cue.end, trigger.start) is not None
    )


def _governs(cue: Match, trigger: Match, distance_words: int, body: str) -> bool:
    """A planned cue governs a trigger in the same clause: "will travel", "will also lead the
    delegation to the dialogue", "the visit scheduled for"."""
    if cue.start > trigger.start:  # "the visit scheduled for", not "on a visit to Malaysia and will join"
        return distance_words <= 4 and not COORDINATION.search(body, trigger.end, cue.start)
    return distance_words <= 12 and not CLAUSE_BREAK.search(body, cue.end, trigger.start)


def _invites(cue: Match, trigger: Match, distance_words: int, body: str) -> bool:
    """An invitation governs a trigger after it in its clause ("invited Trump to visit Moscow"), unless the
    trigger is its medium ("invited him during a phone call"); "Putin's invitation ... comes after the Kremlin
    released a readout of a phone call" is another clause."""
    if cue.start > trigger.start or _is_medium(trigger, body):
        return False
    # "accepted the invitation of King Salman, the Custodian of the Two Holy Mosques, to visit"
    if INFINITIVE_BEFORE_TRIGGER.search(body, max(0, trigger.start - 4), trigger.start):
        return distance_words <= INVITATION_INFINITIVE_WORDS and not re.search(r"[.;:]", body[cue.end : trigger.start])
    return _governs(cue, trigger, distance_words, body)


def _is_medium(trigger: Match, body: str) -> bool:
    """A call or letter named as the means of something else ("during a phone call on Saturday")."""
    return (
        trigger.values[0] in MEDIUM_TYPES
        and MEDIUM_BEFORE.search(body, max(0, trigger.start - 40), trigger.start) is not None
    )
