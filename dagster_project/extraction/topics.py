"""Give each engagement the topics the text says it was about, and each article its topics.

Topic keywords count as evidence unless they are part of a name or title ("Secretary of Defense",
"Minister for Foreign Affairs and Trade"), generic praise of a relationship ("from security to
growth, our ties are strong") or boilerplate values in a list
("peace, prosperity and security"), which are weak on their own.

An engagement gets the evidence that follows its trigger in its own sentence and the evidence of
the sentences that continue it: the rest of its paragraph and later sentences that refer back to
it ("the two leaders", "they", "the call"), name both its sides or go on with what one of its officials
said or did in it ("The Prime Minister also raised ..."). Engagements mentioned inside
the account of another one (an invitation during a call, a visit recalled in a readout) do not
take over that account. The article's lead engagement (the first it reports) is what the article is about:
when its own account names no topic, it takes the topics the article dwells on.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from dagster_project.extraction.gazetteer import Match
from dagster_project.extraction.text import Sentence, lowered_for_tests, matches_opening_with

GENERIC_VALUES = {"peace", "prosperity", "security", "stability", "growth", "development", "welfare", "progress"}
LIST_GAP = re.compile(r"\A(?:,\s*|\s+and\s+|,\s*and\s+|\s+&\s+)\Z")
QUOTED = re.compile(r"[“\"][^”\"]{1,400}[”\"]")
QUOTE_OPENINGS = ("“", '"')  # the characters a match of `QUOTED` opens with
# "from" at a word start. The pattern begins with the literal "rom" (the "F" or "f" is checked behind it) so
# that the search skips ahead to candidates; a match starts one character after the "from" it stands for.
PRAISE_LIST = re.compile(r"rom(?<=\b[Ff]rom)\s+[^,;.]{1,80}?\s+to\s+[^,;.]{1,80}?(?=,)")
RELATIONSHIP = re.compile(r"\b(?:relationship|relations|partnership|ties|friendship)\b", re.I)
# A sentence refers back to the engagement reported before it when it opens with a pronoun or names the
# engagement or its parties. The second pattern runs only on sentences with one of `REFERRING_WORDS`, which
# each of its matches holds (most sentences hold none).
REFERS_BACK_OPENING = re.compile(
    r"[\"“]?(?:They|He|She|Both|The two|The leaders|The ministers|The sides|The parties)\b", re.I
)
REFERS_BACK = re.compile(
    r"\b(?:the two (?:leaders|sides|ministers)|both (?:leaders|sides|ministers)|the leaders|"
    r"the (?:phone |telephone |video )?(?:call|conversation|talks?)|the meeting|the visit|"
    r"the discussions?|the conference|the exchange|the dialogue|the summit|these engagements|the engagements)\b",
    re.I,
)
REFERRING_WORDS = {
    "leaders", "sides", "ministers", "call", "meeting", "conversation", "visit", "talk", "discussion", "engagements",
    "conference", "exchange", "dialogue", "summit",
}  # fmt: skip
LEFT_PARAGRAPHS = 5  # paragraphs after the one that left an account within which a sentence may take it up again
# An engagement named in a sentence that names one of its sides: "Talks with Fiji covered ...".
ENGAGEMENT_NAMED = re.compile(r"\b(?:talks|meeting|call|conversation|visit|discussions)\b", re.I)
PLURAL_WORDS = ("engagements", "meetings", "visits", "talks", "discussions")
PLURAL_REFERENCE = re.compile(r"\b(?:" + "|".join(PLURAL_WORDS) + r")\b", re.I)
# The verbs an account of a call or meeting goes on with, near the start of a sentence about one of its sides.
ACCOUNT_VERB = re.compile(
    r"\b(?:raised|discussed|agreed|welcomed|stressed|underlined|underscored|emphasi[sz]ed|reiterated|expressed|"
    r"thanked|briefed|reaffirmed|conveyed|highlighted|noted|outlined|invited|urged|congratulated|updated)\b"
)
ACCOUNT_VERB_REACH = 80  # characters from the sentence start
NAME_GAP = 12  # characters between a topic word and the trigger it names: "Climate Summit", "energy ministers' meeting"
WORDS = re.compile(r"[^\W\d_]{3,}")
_END = 1 << 62
NAME_KINDS = {"title", "title_plural", "person"}
NOT_A_TOPIC = ("none",)  # seeds/topic_keywords.csv: a phrase whose topic word says nothing ("the largest economies")
CAPITALISED_BEFORE = re.compile(r"(?<![.!?]\s)\b[A-Z][\w\-]*\s+\Z")
CAPITALISED_AFTER = re.compile(r"(?:\s+(?:of\s+the\s+|of\s+|and\s+)?[A-Z][\w\-]*)+")
MEETING_NAME_END = re.compile(r"\b(?:Summit|Conference|Forum|Dialogue|Talks|Meeting|Congress|Assembly)\b")
# A topic the article dwells on: at least this many evidence words, and this share of all its evidence words.
DWELT_MIN_WORDS = 3
DWELT_MIN_SHARE = 0.2


class EngagementLike(Protocol):
    """What topic assignment needs to know of an engagement."""

    engagement_type: str
    status: str
    engagement_date: date | None
    date_precision: str
    sentence_index: int
    trigger_start: int
    topics: set[str]

    @property
    def people(self) -> frozenset[str]: ...

    @property
    def codes(self) -> frozenset[str]: ...


class SentenceRefs(Protocol):
    """Who a sentence mentions: officials (by id) and countries or organisations."""

    @property
    def people(self) -> AbstractSet[str]: ...

    @property
    def codes(self) -> AbstractSet[str]: ...


@dataclass(frozen=True)
class NoRefs:
    """A sentence that mentions no one."""

    people: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()


_NO_REFS = NoRefs()


def topic_evidence(matches: list[Match], body: str, is_org: set[str]) -> list[Match]:
    """Topic keywords that are evidence: not inside a name or title, praise or boilerplate (generic
    values quoted or listed by three)."""
    topics = _outside_names(matches, is_org)
    if topics:  # most topic words are lowercase: only a capitalised one may be part of a name
        topics = [m for m in topics if not (m.text[0].isupper() and _in_proper_name(m, body))]
    if not topics:
        return topics  # praise and boilerplate below would only filter topic keywords
    praise = [(p.start() - 1, p.end()) for p in PRAISE_LIST.finditer(body) if _about_relationship(body, p.end())]
    topics = _not_inside(topics, praise)
    generic = [m for m in topics if m.text.lower() in GENERIC_VALUES]
    if not generic:
        return topics
    quoted = [q.span() for q in matches_opening_with(QUOTED, QUOTE_OPENINGS, body, 0, len(body))]
    weak = {id(m) for m in _boilerplate_lists(generic, body)}
    weak.update(id(m) for m in generic if _inside(m, quoted))
    return [m for m in topics if id(m) not in weak]


def _outside_names(matches: list[Match], is_org: AbstractSet[str]) -> list[Match]:
    """The topic keywords that say something and lie inside no title, person's name or place (other than an
    organisation), in one pass over the matches: in order of start and kind, every name that could hold a
    keyword comes before it, so a keyword is inside one where it ends no later than the furthest they reach."""
    kept = []
    reach = -1  # the furthest end of the names so far
    for m in matches:
        _, end, _, kind, values = m  # unpacked: a named tuple's fields cost a look-up each
        if kind == "topic":
            if values != NOT_A_TOPIC and end > reach:
                kept.append(m)
        elif kind in NAME_KINDS or (kind == "place" and values[0] not in is_org):
            reach = max(reach, end)
    return kept


def _in_proper_name(match: Match, body: str) -> bool:
    """A capitalised topic word inside the name of something that is no meeting ("the Financial Express", "the
    Federal Security Service"): a name, not what an engagement was about. A meeting's own name keeps its words
    ("the Global Vaccine Summit")."""
    if not match.text[:1].isupper() or match.start == 0 or body[match.start - 2 : match.start] in (". ", "\n"):
        return False
    before = CAPITALISED_BEFORE.search(body, max(0, match.start - 40), match.start)
    after = CAPITALISED_AFTER.match(body, match.end)
    if not before and not after:
        return False
    name_end = after.end() if after else match.end
    return MEETING_NAME_END.search(body, match.start, name_end) is None


def assign_topics(
    engagements: list[EngagementLike],
    sentences: list[Sentence],
    evidence: dict[int, list[Match]],
    refs: dict[int, SentenceRefs],
) -> None:
    """Add to each engagement the topics of its own words and of the sentences continuing it."""
    by_sentence: dict[int, list[EngagementLike]] = {}
    for engagement in engagements:
        by_sentence.setdefault(engagement.sentence_index, []).append(engagement)
    state = _Account()
    for sentence in sentences:
        words = evidence.get(sentence.index, [])
        found = by_sentence.get(sentence.index)
        if found:
            state.report(sentence, sorted(found, key=lambda e: e.trigger_start), words)
        elif state.recent or state.left:  # otherwise there is no account to continue
            state.continue_with(sentence, words, refs.get(sentence.index, _NO_REFS))


def give_lead_topics(engagements: list[EngagementLike], evidence: list[Match]) -> None:
    """The lead engagement (of the first sentence reporting one, the headline first) takes the topics the
    article dwells on when its own account names none: a report of one call or visit goes on about what it
    was about in sentences that do not refer back to it."""
    if len(evidence) < DWELT_MIN_WORDS or not engagements:
        return
    lead = min(e.sentence_index for e in engagements)
    without_topics = [e for e in engagements if e.sentence_index == lead and not e.topics]
    if not without_topics:
        return
    counts = Counter(topic for match in evidence for topic in match.values)
    total = sum(counts.values())
    dwelt = {t for t, n in counts.items() if n >= DWELT_MIN_WORDS and n >= DWELT_MIN_SHARE * total}
    for engagement in without_topics:
        engagement.topics.update(dwelt)


@dataclass
class _Account:
    """The engagements the text is currently giving an account of."""

    recent: list[EngagementLike] = field(default_factory=list)
    chain: list[EngagementLike] = field(default_factory=list)
    paragraph: int = -1
    # The account the text left for other matters, which a sentence naming it takes up again ("During the
    # phone conversation, ..." after a paragraph on the election the call was about).
    left: list[EngagementLike] = field(default_factory=list)

    def report(self, sentence: Sentence, found: list[EngagementLike], words: list[Match]) -> None:
        own = [e for e in found if not self._embedded(e, found)]
        for word in words:
            named = [e for e in found if _names_the_engagement(word, e, sentence)]
            if named:  # "the Africa Energy Summit", "a climate summit": the word names what it was about
                _add(word, named)
                continue
            owners = [e for e in found if e.trigger_start <= word.start]
            if owners:
                last = owners[-1].trigger_start
                _add(word, [e for e in owners if e.trigger_start == last])
            else:
                _add(word, own if own and own[0] is found[0] else self.recent or found)
        if own:
            shares = self.recent and any(_shares_people(e, self.recent[0]) for e in own)
            self.chain = [*self.chain, *own] if shares else list(own)
            self.recent = own
        self.paragraph = sentence.paragraph

    def continue_with(self, sentence: Sentence, words: list[Match], refs: SentenceRefs) -> None:
        if not self.recent and self.left:
            if sentence.paragraph - self.paragraph > LEFT_PARAGRAPHS:
                self.left = []  # an account left that long ago is not taken up again
            elif _takes_up(sentence.text, self.left[0]):
                self.recent, self.chain, self.left = self.left, self.left, []
                self.paragraph = sentence.paragraph
        if not self.recent or not WORDS.search(sentence.text):
            return  # nothing to continue, or a list marker such as "2."
        if sentence.paragraph != self.paragraph and not self._refers(sentence, refs):
            if _introduces_list(sentence.text):  # "An overview of the talk is as follows:"
                self.paragraph = sentence.paragraph
                return
            self.left, self.recent, self.chain = self.recent, [], []
            return
        if words:
            targets = self.chain if _plural_reference(sentence.text) else self.recent
            for word in words:
                _add(word, targets)
        self.paragraph = sentence.paragraph

    def _embedded(self, engagement: EngagementLike, found: list[EngagementLike]) -> bool:
        """Mentioned within the account of another engagement: a forum meeting next to a bilateral
        one, or a planned or earlier engagement of the same people."""
        if engagement.engagement_type == "multilateral_meeting" and any(
            e.engagement_type != "multilateral_meeting" for e in found
        ):
            return True
        if not self.recent or not _shares_people(engagement, self.recent[0]):
            return False
        frame = self.recent[0]
        forum_within = engagement.engagement_type == "multilateral_meeting" != frame.engagement_type
        return forum_within or engagement.status != frame.status or _dates_differ(engagement, frame)

    def _refers(self, sentence: Sentence, refs: SentenceRefs) -> bool:
        """A later paragraph goes on with the account when it refers back to the engagement ("the two leaders",
        "the call", "they") or names both its sides; one of its officials named again is not enough (news goes
        on about a leader long after the engagement)."""
        frame = self.recent[0]
        if _refers_back(sentence.text) or len(refs.codes & frame.codes) >= 2:
            return True
        if refs.codes & frame.codes and ENGAGEMENT_NAMED.search(sentence.text):
            return True  # "Talks with Fiji covered economic resilience, climate action, trade"
        # "The Prime Minister also raised ...": one of its officials goes on with what was said in it
        return (
            bool(refs.people & frame.people) and ACCOUNT_VERB.search(sentence.text, 0, ACCOUNT_VERB_REACH) is not None
        )


def _refers_back(text: str) -> bool:
    """ "They", "the two leaders", "the call": the sentence goes on about the engagement reported before."""
    if REFERS_BACK_OPENING.match(text):
        return True
    lowered = lowered_for_tests(text)
    if lowered is not None and not any(map(lowered.__contains__, REFERRING_WORDS)):
        return False
    return REFERS_BACK.search(text) is not None


# The words by which a later sentence names an engagement of each type ("During the phone conversation").
NAMED_BY_TYPE = {
    "phone_call": re.compile(r"\bthe (?:phone |telephone |video )?(?:call|conversation)\b", re.I),
    "visit": re.compile(r"\bthe (?:visit|talks|meeting)\b", re.I),
    "meeting": re.compile(r"\bthe (?:meeting|talks|discussions?)\b", re.I),
    "multilateral_meeting": re.compile(r"\bthe (?:summit|conference|meeting)\b", re.I),
    "letter": re.compile(r"\bthe (?:letter|message)\b", re.I),
}
PAIR_OPENING = re.compile(r"[\"“]?(?:Both sides|The two sides|The sides|The parties|The two leaders|Both leaders)\b")
PAIR_OPENING_LETTERS = ("B", "T", '"', "“")  # the first characters of every match of PAIR_OPENING
# Words every match of NAMED_BY_TYPE holds, by type (a substring test skips most sentences).
TYPE_WORDS = {
    "phone_call": ("call", "conversation"),
    "visit": ("visit", "talks", "meeting"),
    "meeting": ("meeting", "talks", "discussion"),
    "multilateral_meeting": ("summit", "conference", "meeting"),
    "letter": ("letter", "message"),
}


def _takes_up(text: str, engagement: EngagementLike) -> bool:
    """A sentence after other matters that goes back to the account left ("During the phone conversation, ...",
    "The sides discussed ..."): it names the engagement by its kind or its two sides as such."""
    if text.startswith(PAIR_OPENING_LETTERS) and PAIR_OPENING.match(text) is not None:
        return True
    if not any(word in text for word in TYPE_WORDS.get(engagement.engagement_type, ())):
        return False  # most sentences name no engagement
    return NAMED_BY_TYPE[engagement.engagement_type].search(text) is not None


def _introduces_list(text: str) -> bool:
    """A sentence that announces what follows ("as follows:"): the account goes on below it."""
    return text.rstrip().endswith(":")


def _plural_reference(text: str) -> bool:
    """ "The meetings", "both visits": the account goes on about all the engagements of the chain."""
    lowered = lowered_for_tests(text)
    if lowered is not None and not any(map(lowered.__contains__, PLURAL_WORDS)):
        return False
    return PLURAL_REFERENCE.search(text) is not None


def _names_the_engagement(word: Match, engagement: EngagementLike, sentence: Sentence) -> bool:
    """A topic word right before the engagement's trigger word, in one name or phrase ("Energy Summit")."""
    gap_start, gap_end = word.end - sentence.start, engagement.trigger_start - sentence.start
    if not 0 <= gap_end - gap_start <= NAME_GAP:
        return False
    return not any(c in ",.;:" for c in sentence.text[gap_start:gap_end])


def _add(word: Match, targets: list[EngagementLike]) -> None:
    for engagement in targets:
        engagement.topics.update(word.values)


def _shares_people(a: EngagementLike, b: EngagementLike) -> bool:
    if a.people and b.people:
        return bool(a.people & b.people)
    return a.codes <= b.codes or b.codes <= a.codes


def _dates_differ(a: EngagementLike, b: EngagementLike) -> bool:
    if a.engagement_date is None or b.engagement_date is None or "approx" in (a.date_precision, b.date_precision):
        return False
    if "month" in (a.date_precision, b.date_precision):
        return (a.engagement_date.year, a.engagement_date.month) != (b.engagement_date.year, b.engagement_date.month)
    limit = 7 if "week" in (a.date_precision, b.date_precision) else 1
    return abs((a.engagement_date - b.engagement_date).days) > limit


def _inside(match: Match, spans: list[tuple[int, int]]) -> bool:
    """Whether a span of `spans` (in text order) covers the match; a binary search, not a scan."""
    index = bisect.bisect_right(spans, (match.start, _END)) - 1
    return any(start <= match.start and match.end <= end for start, end in spans[max(0, index - 2) : index + 1])


def _not_inside(matches: list[Match], spans: list[tuple[int, int]]) -> list[Match]:
    """The matches no span covers, as `_inside` decides, in one pass: both lists are in text order, so
    the spans starting at or before a match are counted with a pointer instead of a binary search."""
    if not spans:
        return matches
    ends = [end for _, end in spans]
    kept = []
    count = 0  # spans starting at or before the match
    reach = -1  # the furthest end of the last three of them
    for match in matches:
        if count < len(spans) and spans[count][0] <= match.start:
            while count < len(spans) and spans[count][0] <= match.start:
                count += 1
            reach = max(ends[max(0, count - 3) : count])
        if match.end > reach:
            kept.append(match)
    return kept


def _about_relationship(body: str, end: int) -> bool:
    clause_end = body.find(".", end)
    return RELATIONSHIP.search(body, end, clause_end if clause_end >= 0 else len(body)) is not None


def _boilerplate_lists(generic: list[Match], body: str) -> list[Match]:
    """Generic values listed together by three or more ("peace, prosperity and security")."""
    listed: list[Match] = []
    run: list[Match] = []
    for match in generic:
        if run and not LIST_GAP.match(body[run[-1].end : match.start]):
            if len(run) >= 3:
                listed.extend(run)
            run = []
        run.append(match)
    if len(run) >= 3:
        listed.extend(run)
    return listed
