"""Extract diplomatic engagements (who engaged whom, how, when, about what) from one article.

The extractor is rule-based and driven by the seed dictionaries (see `gazetteer.py`):
1. find places, office holders, titles, triggers, modality cues and topic keywords in one scan;
2. resolve actors: named office holders by date, titled officials by the country next to them,
   bare titles ("the Prime Minister", "the Secretary") and later mentions ("Mr Modi", "the two
   leaders", "she") by context, officials unknown to the seeds by the colleague or place named
   with them;
3. per sentence, group trigger words into engagements with a subject and counterparts (one per
   listed country), a type, a status (occurred or planned; hypotheticals, negations, generic and
   back-referring mentions are dropped) and a date;
4. give each engagement the topics of its own words and of the sentences continuing its account
   (see `topics.py`);
5. merge mentions of the same engagement within the article, then let the headline confirm, date
   or supply engagements.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from dagster_project.extraction.dates import DateExpression, find_dates, fixed_date
from dagster_project.extraction.gazetteer import Gazetteer, Match, OfficeTerm
from dagster_project.extraction.text import Sentence, split_sentences, word_positions
from dagster_project.extraction.topics import SentenceRefs, assign_topics, topic_evidence

EXTRACTOR_VERSION = "1.3.0"
# Extraction time grows linearly with the text; news articles stay far below this bound (a wire story
# is 2-10k characters). Past it (a feed record holding a whole book), the rest is not read and a
# `truncated` diagnostic says so, so that one record never holds the writer for minutes.
MAX_BODY_CHARS = 300_000

TYPE_PRIORITY = ("letter", "phone_call", "visit", "meeting", "multilateral_meeting")
IN_PERSON_CUES = re.compile(
    r"\b(met|meeting|in person|sidelines|margins|visit|visiting|hosted|talks in|arrived)\b", re.I
)
OBJECT_STOP = re.compile(
    r"\b(to discuss|discussed|about|regarding|concerning|to address|on the situation|on issues|"
    r"on ways|to review|to congratulate|to express|who|which|where|after|since|as|discussing)\b|[;:(]"
    r"|,\s+with\s+(?:the|both|each)\b"  # ", with the two discussing Iran"
    r"|\bto\s+(?!(?:the|a|an|our|their|his|her|its|both|all|each)\b)[a-z]+\b"  # purpose: "to advance"
    r"|,\s+(?!including\b)[a-z]+ing\b"  # ", thanking him for"
    # ", sources in his office said": a lowercase word after a comma starts another clause, where lists of
    # parties go on with names, "and" or an apposition ("Rouhani, the Iranian president")
    r"|,\s+(?!(?:and|or|including|as|both|the|his|her|their|its|a|an|of|along|together|plus|de|von|van|al|bin|el)\b)"
    r"[a-z]"
)
CLAUSE_BREAK = re.compile(
    r"[;:.]|,\s*(?:which|who|where|when|after|since|as|but|and)\b|\b(?:after|when|since|because|but|while|that)\b"
)
INFINITIVE_BEFORE = re.compile(r"\bto\s+\Z")
PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|He|She)\b")
POSSESSIVE_GAP = re.compile(r"\A['’]s\s+(?:[\w\-]+\s+){0,2}\Z")
VISIT_OF = re.compile(r"\s+(?:of|by)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}")
BETWEEN = re.compile(r"\bbetween\b")
ATTEND_PURPOSE = re.compile(r"\b(?:to attend|to participate in|to take part in|for the)\b", re.I)
WITH_GAP = re.compile(r"\s*(?:with|and)?\s*(?:the\s+)?(?:leaders?\s+of\s+(?:the\s+)?)?\Z")
VENUE_GAP = re.compile(r"\A\s*(?:at|in|during)\b", re.I)
PLURAL_TRIGGERS = {"visits", "meetings", "calls", "phone calls", "trips", "summits", "talks"}
GENERIC_BEFORE = re.compile(
    r"\b(?:past|previous|earlier|several|many|numerous|frequent|regular|repeated|multiple|various|high-level|"
    r"reciprocal|mutual|future|such)\s+"
    r"(?:[\w\-]+\s+)?\Z",
    re.I,
)
REFERRING_NOUNS = {"meeting", "call", "phone call", "conversation", "visit", "trip", "summit", "talks", "letter"}
DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that)\s+\Z", re.I)
PARTICIPANTS_AFTER = re.compile(r"\s+(?:with|between|of|to|by|from)\b")
BODY_DATELINE = re.compile(r"(?m)^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}(?:, [A-Z][a-z]+)?) ?[–—-]{1,2} ")
HEADLINE_INFINITIVE = re.compile(r"\bto\s+\S*\s*\Z")
HOSTING_WORDS = {"hosted", "hosts", "host", "hosting", "received", "receives", "welcomed", "welcomes"}
NEGATION_WORDS = 5
HEADLINE = -1  # the sentence index of evidence that is the article's headline
# How far apart two dated mentions of one engagement may lie, by the coarser precision of the two: "met in
# June 2018" and "met in February 2019" are two meetings.
SAME_ENGAGEMENT_DAYS = {"day": 3, "approx": 3, "week": 7, "month": 31, "unknown": 10**6}
REPORTING_VERB = re.compile(
    r"\b(?:said|says|told\s+(?:reporters|journalists|the\s+press|parliament|lawmakers)|told\s+(?:\w+\s+){1,3}?(?=that\b)|"
    r"added|announced|stated|noted|confirmed|reported|according\s+to)\b(?:,)?\s+(?:that\s+)?"
)
HYPOTHETICAL_WORDS = 8
COORDINATION = re.compile(r"\b(?:and|but|or|then)\b")
RELATIVE_WHO = re.compile(r",?\s+who\s+(?:[a-z]+\s+){0,3}")
MEET_WORDS = {"meet", "meets", "met", "meeting"}
MEET_A_GOAL = re.compile(
    r"\s+(?:the\s+|its\s+|their\s+|our\s+|his\s+|her\s+|a\s+|an\s+|all\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:target|targets|need|needs|demand|demands|goal|goals|obligation|obligations|commitment|commitments|"
    r"expectation|expectations|deadline|deadlines|criteria|criterion|standard|standards|requirement|requirements|"
    r"challenge|challenges|threshold|conditions|costs|cost|aspirations|objectives|objective)\b",
    re.I,
)
NON_STATE = "NON_STATE"  # the code of armed and political groups that are not governments (seeds/actor_aliases.csv)
NAMING_AFTER = re.compile(r",?\s+(?:a|an|very|so|too|one of)\s", re.I)
FORUM_DECISION_AFTER = re.compile(
    r"\s+(?:has\s+|had\s+|on\s+\w+\s+)?(?:condemned|condemns|adopted|adopts|voted|votes|passed|approved|approves|"
    r"demanded|demands|urged|urges|resolved|decided|endorsed|elected|rejected|declared)\b",
    re.I,
)
OBJECT_NEGATION_WORDS = 10
CANCELLING_VERBS = {
    "cancelled", "canceled", "cancel", "cancels", "cancelling", "canceling", "called off", "scrapped", "scraps",
    "scrap",
    "shelved", "postponed", "postpone", "postpones", "postponing", "put off", "rejected", "rejects", "refused",
    "turned down", "declined",
}  # fmt: skip
# "attended the Africa Energy Summit in Tanzania": one government at a forum held in another's country.
ATTENDS_BEFORE = re.compile(
    r"\b(?:attend(?:s|ed|ing)?|t(?:ook|ake|aking) part in|participat(?:e|es|ed|ing) in)\b[^.;:]{0,70}\Z", re.I
)
APPOSITION_GAP = re.compile(r",\s*(?:the\s+)?(?:[A-Z][a-z]+\s+)?")
IN_PERSON_REACH = 30  # characters either side of a call's trigger words where "met", "in person" make it a meeting
NON_GOVERNMENT = "non_government"  # the role of titles outside national government (seeds/office_titles.csv)
FORMER_BEFORE = re.compile(r"\b(?:former|ex-|then-former|erstwhile)\s*\Z", re.I)
JOINT_CALL_NOUNS = {
    "telephone conversation", "phone conversation", "telephonic conversation", "video call", "video conference",
    "videoconference", "video-conference", "teleconference", "telephone talk", "phone talk", "virtual meeting",
}  # fmt: skip
GUEST_WORDS = 4  # "welcomed the visiting Prime Minister of", "will receive his British counterpart"
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
    r"(?:[A-Z0-9][\w\-’']*\s+){0,4})\Z"
)
VENUE_TRIGGERS = {"on the sidelines", "on the margins"}
LOCATION_BEFORE = re.compile(r"\b(in|at|near)\s+(the\s+)?$", re.I)
DESTINATION_BEFORE = re.compile(
    r"\b(to|visited|visiting|visit|visits|toured|tour of|trip to|arrived in|arrives in|arrive in|arriving in|landed in|"
    r"reached)\s+(the\s+)?$",
    re.I,
)
TOPIC_CONTEXT_BEFORE = re.compile(
    r"\b(situation|war|crisis|conflict|border|issue|issues|affairs|relations|ties|about|regarding|"
    r"on|over|against|with respect to|concerning|including|such as)\s+(in\s+|of\s+|the\s+|and\s+)*$",
    re.I,
)
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
HONORIFIC = r"(?:(?:H\.\s?E\.|His Excellency|Her Excellency|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Madam)\s+)*"
NAME_AFTER_TITLE = re.compile(
    rf"\A,?\s*{HONORIFIC}(?P<name>(?:[{_UPPER}][\w'’\-]+|[{_UPPER}]\.)"
    rf"(?:\s+(?:[{_UPPER}][\w'’\-]+|[{_UPPER}]\.|de|da|del|van|von|bin|al|le|la|dos)){{0,4}})"
)
TITLE_PERSON_GAP = re.compile(rf"\A,?\s?{HONORIFIC}\Z")
COORDINATION_GAP = re.compile(r"\A\s*(?:,\s*)?(?:and\s+)?(?:the\s+)?\Z")
OF_PLACE_AFTER = re.compile(r"\A,?\s+of\s+(the\s+)?$")
ANCHOR_BEFORE_DATE = re.compile(r"(?:\b(?P<a>[A-Za-z]+)\s+)?\b(?P<b>[A-Za-z]+)\s+(?:on|of)\s+$")
DAY_AFTER_ANCHOR = re.compile(
    r"\b(?:on\s+)?the day (?P<dir>after|before)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?"
    r"(?:\w+['’]s\s+)?(?P<noun>[a-z]+)\b",
    re.I,
)
SAME_DAY = re.compile(r"\b(?:(?:earlier|later)\s+)?(?:the same day|that day|that same day)\b", re.I)
ANCHOR_STOPWORDS = {"the", "a", "an", "and", "his", "her", "their", "its", "was", "were", "is", "held", "in"}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "approx": 3, "unknown": 4}
SENTENCE_KINDS = frozenset({"place", "person", "title", "anaphor", "trigger", "modality"})  # see _kinds_by_sentence
_START = operator.attrgetter("start")
GENERIC_WORDS = {"President", "Prime", "Minister", "Secretary", "The", "He", "She", "His", "Her"}


class Actor(NamedTuple):
    """A resolved mention of a government, organisation or official (a named tuple: cheap to create and
    to copy with `_replace`)."""

    code: str
    start: int
    end: int
    person_id: str | None = None
    name: str | None = None
    title: str | None = None
    is_person: bool = False
    role_kind: str = "place"  # place | person | location | destination


@dataclass(frozen=True)
class Participant:
    country_code: str
    role: str
    actor_id: str | None = None
    actor_name: str | None = None
    actor_title: str | None = None


@dataclass
class Engagement:
    """One engagement as stated in one article."""

    engagement_type: str
    status: str
    is_invitation: bool
    engagement_date: date | None
    date_precision: str
    sentence_index: int
    char_start: int
    char_end: int
    evidence: str
    participants: list[Participant]
    topics: set[str] = field(default_factory=set)
    specificity: int = 0
    trigger_start: int = 0

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(p.country_code for p in self.participants)

    @property
    def people(self) -> frozenset[str]:
        return frozenset(p.actor_id for p in self.participants if p.actor_id)


@dataclass(frozen=True)
class Diagnostic:
    """Something the extractor left out, with its reason: `no_country`, an official who takes part in an
    engagement but cannot be placed in a country or organisation (the engagement is kept only while two
    placed sides remain); `truncated`, body text past `MAX_BODY_CHARS`, which is not read."""

    reason: str
    sentence_index: int
    evidence: str
    actor_name: str | None = None
    actor_title: str | None = None


@dataclass
class ArticleExtraction:
    engagements: list[Engagement]
    article_topics: set[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Context:
    published: date
    body: str
    home: str | None
    people_by_title: dict[str, Actor] = field(default_factory=dict)
    last_pair: list[Actor] = field(default_factory=list)
    last_subject: Actor | None = None
    anchors: dict[str, tuple[date, str]] = field(default_factory=dict)
    last_date: tuple[date, str] | None = None
    recent_people: list[Actor] = field(default_factory=list)
    sentence_refs: dict[int, SentenceRefs] = field(default_factory=dict)
    dateline_code: str | None = None
    mentioned_codes: set[str] = field(default_factory=set)
    named_by_surname: dict[str, Actor | None] = field(default_factory=dict)  # see Extractor._remember_surname


class _Mentions:
    """Who a sentence mentions (`SentenceRefs`), from its actors; worked out only when topic assignment
    asks, which it seldom does."""

    def __init__(self, actors: list[Actor]) -> None:
        self.actors = actors

    @functools.cached_property
    def people(self) -> set[str]:
        return {a.person_id for a in self.actors if a.person_id}

    @functools.cached_property
    def codes(self) -> set[str]:
        return {a.code for a in self.actors if a.code}


@dataclass(frozen=True)
class _View:
    """One sentence with what was found in it."""

    sentence: Sentence
    cues: list[Match]  # modality cues
    actors: list[Actor]
    dates: list[DateExpression]


class Extractor:
    """Turns article bodies into engagements using the seed dictionaries."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.g = gazetteer
        self.title_codes = self._title_codes()
        self.governments = frozenset(gazetteer.country_names) | frozenset(gazetteer.org_codes)

    def _title_codes(self) -> dict[str, list[str]]:
        """Each title's office-holding codes, in seed order ("Secretary-General": UN, ASEAN, ...)."""
        codes: dict[str, list[str]] = {}
        for terms in self.g.terms_by_person.values():
            for term in terms:
                listed = codes.setdefault(term.title.lower(), [])
                if term.code not in listed:
                    listed.append(term.code)
        return codes

    @functools.cache  # noqa: B019 - one extractor per process; titles are few
    def _codes_named_in(self, title: str) -> list[str]:
        """Codes of places named inside a title ("President of the European Commission": EU)."""
        without_head = title.split(" ", 1)[-1]  # so that the title itself does not match
        return [m.values[0] for m in self.g.scan(without_head) if m.kind == "place"][:1]

    def _code_for_title(self, title: str, ctx: _Context) -> str | None:
        """The country or organisation a title without a stated country belongs to: the only one whose
        office holders carry it, else the one the article mentions, else the first organisation."""
        codes = self.title_codes.get(title.lower()) or self._codes_named_in(title)
        if len(codes) == 1:
            return codes[0]
        if codes and all(self.g.is_org(c) for c in codes):
            return next((c for c in codes if c in ctx.mentioned_codes), codes[0])
        return None

    # ---- public API ------------------------------------------------------------------------
    def extract(
        self, body: str, published: date, dateline: str | None = None, title: str | None = None
    ) -> ArticleExtraction:
        """Engagements of one article (its body, completed by its title) and the article's topics."""
        body, truncated = _bounded(body)
        result = self._extract_bounded(body, published, dateline, title)
        if truncated:
            result.diagnostics.append(Diagnostic("truncated", -1, f"read {len(body)} of {truncated} characters"))
        return result

    def _extract_bounded(
        self, body: str, published: date, dateline: str | None, title: str | None
    ) -> ArticleExtraction:
        matches = self.g.scan(body)
        title_matches = self.g.scan(title) if title else []
        if not _has_trigger(matches) and not _has_trigger(title_matches):
            # Every engagement starts at a trigger word: without one, only the article's topics remain.
            return ArticleExtraction([], _topics_of(topic_evidence(matches, body, self.g.org_codes)))
        matches = self.g.with_later_mentions(matches, body)
        return self._extract_article(body, published, dateline, title, matches, title_matches)

    def _extract_article(
        self,
        body: str,
        published: date,
        dateline: str | None,
        title: str | None,
        matches: list[Match],
        title_matches: list[Match],
    ) -> ArticleExtraction:
        home = self._home_country(matches, dateline, title)
        dateline_code = self._dateline_code(dateline or _body_dateline(body))
        context = _Context(published, body, home, dateline_code=dateline_code)
        engagements, evidence = self._extract_text(body, matches, context)
        merged = _merge_within_article(engagements)
        if title and _has_trigger(title_matches):  # else the headline states no engagement
            title_context = _Context(published, title, home, mentioned_codes=context.mentioned_codes)
            found, _ = self._extract_text(title, title_matches, title_context)
            merged = _with_title_engagements(merged, _merge_within_article(found), title)
        placed, unplaced = _placed_engagements(merged, self.governments)
        return ArticleExtraction(placed, _topics_of(evidence), unplaced)

    def _extract_text(self, text: str, matches: list[Match], context: _Context) -> tuple[list[Engagement], list[Match]]:
        """Engagement mentions sentence by sentence, with their topics, and the text's topic evidence."""
        sentences = split_sentences(text)
        by_sentence = _kinds_by_sentence(matches, sentences)
        engagements: list[Engagement] = []
        previous_dates: list[DateExpression] = []
        previous_paragraph = -1
        # Dates only ever date an engagement of the same or a later sentence: none is needed after the
        # last sentence with a trigger word, where news articles usually keep their long background.
        last_trigger = _last_trigger_sentence(by_sentence)
        dates_by_sentence = _dates_by_sentence(find_dates(text[: _dates_end(sentences, last_trigger)]), sentences)
        lowered = text.lower()
        for sentence in sentences:
            kinds = by_sentence.get(sentence.index)  # None: no names, titles or triggers to resolve
            actors = self._resolve_actors(sentence, kinds, context) if kinds else []
            explicit = dates_by_sentence.get(sentence.index)
            if sentence.index <= last_trigger and (explicit or _may_mention_day(sentence, text, lowered)):
                dates = self._dates_in(sentence.text, explicit or [], context)
            else:
                dates = []
            if sentence.paragraph != previous_paragraph:
                previous_dates = []
            if kinds and "trigger" in kinds:
                found = self._engagements_in(sentence, kinds, actors, dates or previous_dates, context)
                engagements.extend(found)
                dated = [e for e in found if e.engagement_date is not None and e.date_precision != "approx"]
                if dated:
                    context.last_date = (dated[-1].engagement_date, dated[-1].date_precision)
            elif actors and _names_officials(kinds):  # no trigger words: only who is mentioned
                self._remember(actors, context)
            if dates:
                previous_dates = dates
            previous_paragraph = sentence.paragraph
        evidence = topic_evidence(matches, text, self.g.org_codes)
        if engagements:
            assign_topics(engagements, sentences, _group_by_sentence(evidence, sentences), context.sentence_refs)
        return engagements, evidence

    # ---- dates -----------------------------------------------------------------------------
    def _dates_in(self, text: str, dates: list[DateExpression], ctx: _Context) -> list[DateExpression]:
        """Explicit date expressions, plus those known from context: "the day after the
        inauguration" (an event dated earlier in the article) and "the same day"."""
        for expression in dates:
            if expression.kind in ("month_day", "day_month", "offset_day"):
                anchor = ANCHOR_BEFORE_DATE.search(text[: expression.start])
                if anchor:
                    resolved = expression.resolve(ctx.published, planned=False)
                    for noun in (anchor.group("a"), anchor.group("b")):
                        if noun and noun.lower() not in ANCHOR_STOPWORDS and resolved[0]:
                            ctx.anchors[noun.lower()] = (resolved[0], resolved[1])
        if "day" not in text.lower():  # both context patterns below need the word
            return dates
        taken = [(d.start, d.end) for d in dates]
        extra = []
        for match in DAY_AFTER_ANCHOR.finditer(text):
            anchor_date = ctx.anchors.get(match.group("noun").lower())
            if anchor_date and not any(s < match.end() and match.start() < e for s, e in taken):
                shift = timedelta(days=1 if match.group("dir").lower() == "after" else -1)
                extra.append(fixed_date(match.start(), match.end(), anchor_date[0] + shift, anchor_date[1]))
        if ctx.last_date:
            for match in SAME_DAY.finditer(text):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    extra.append(fixed_date(match.start(), match.end(), *ctx.last_date))
        return sorted(dates + extra, key=lambda d: d.start)

    # ---- actors ----------------------------------------------------------------------------
    def _dateline_code(self, dateline: str | None) -> str | None:
        """The country of a dateline ("TOKYO", "Kingston, Jamaica")."""
        if not dateline:
            return None
        for part in (dateline, dateline.split(",")[-1].strip(), dateline.title(), dateline.split(",")[0].title()):
            code = self.g.place_codes.get(part)
            if code and not self.g.is_org(code):
                return code
        return None

    def _home_country(self, matches: list[Match], dateline: str | None, title: str | None) -> str | None:
        code = self._dateline_code(dateline)
        if code:
            return code
        counts: Counter[str] = Counter()
        named: set[str] = set()
        for m in matches:
            if m.kind == "place" and not self.g.is_org(m.values[0]):
                counts[m.values[0]] += 1
            elif m.kind == "person":
                named.update(t.code for t in self.g.terms_for(m.values[0]))
        for code, count in counts.most_common():
            if code not in named and count >= 2:
                return code
        return None

    def _resolve_actors(self, sentence: Sentence, kinds: dict[str, list[Match]], ctx: _Context) -> list[Actor]:
        """Actors mentioned in one sentence, in order; modifiers attach to the person they modify."""
        body = ctx.body
        places = kinds.get("place", [])
        has_officials = _names_officials(kinds)  # most sentences name places only
        if not places and not has_officials:
            return []
        used_places: set[int] = set()
        actors = self._officials(sentence, kinds, places, used_places, ctx) if has_officials else []
        unknown_codes = has_officials and any(a.is_person and not a.code for a in actors)
        # The role of a place (location, destination, topic) matters only to engagements and to officials of
        # unknown country; most sentences have neither and skip the look-behind patterns.
        with_roles = "trigger" in kinds or unknown_codes
        for place in places:
            if place.start in used_places:
                continue
            if with_roles:
                actors.append(self._place_actor(place, body, sentence))
            else:
                actors.append(Actor(place.values[0], place.start, place.end))
        if has_officials:
            actors.sort(key=_START)  # places alone are in order already
        if unknown_codes:
            actors = self._fill_unknown_codes(actors, body)
        if with_roles and ctx.named_by_surname:
            actors = _with_surname_mentions(sentence, actors, kinds, ctx)
        ctx.sentence_refs[sentence.index] = _Mentions(actors)
        for actor in actors:
            ctx.mentioned_codes.add(actor.code)
            if actor.is_person and actor.name and actor.code:
                ctx.recent_people.append(actor)
                if actor.title:
                    ctx.people_by_title[actor.title.lower()] = actor
                self._remember_surname(actor, ctx)
        return actors

    def _remember_surname(self, actor: Actor, ctx: _Context) -> None:
        """An official the dictionaries do not hold, introduced with title and name ("Somali Foreign Minister
        Ahmed Fiqi"), is later called by the last name alone ("Fiqi later met ..."); a name two people share
        stands for neither."""
        if actor.person_id in self.g.terms_by_person or " " not in (actor.name or ""):
            return
        surname = (actor.name or "").split()[-1]
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
        ctx: _Context,
    ) -> list[Actor]:
        """Officials named by title or name, and the pair a "they" or "the two leaders" refers to."""
        people = kinds.get("person", [])
        actors: list[Actor] = []
        taken_people: set[int] = set()
        for title in kinds.get("title", []):
            if any(p.start <= title.start < p.end for p in people):
                continue
            if any(APPOSITION_GAP.fullmatch(ctx.body, p.end, title.start) for p in people if p.end <= title.start):
                continue  # "Frank-Walter Steinmeier, Federal Minister for Foreign Affairs": the title describes him
            actor = self._titled_actor(title, people, places, used_places, taken_people, sentence, ctx)
            if actor:
                actors.append(actor)
        for person in people:
            if person.start in taken_people:
                continue
            actor = self._named_actor(person, None, places, used_places, ctx)
            if actor:
                actors.append(actor)
        for m in kinds.get("anaphor", []):
            if ctx.last_pair:
                actors.extend(
                    a._replace(start=m.start, end=m.end, role_kind="person", is_person=True) for a in ctx.last_pair
                )
        return actors

    def _titled_actor(
        self,
        title: Match,
        people: list[Match],
        places: list[Match],
        used_places: set[int],
        taken_people: set[int],
        sentence: Sentence,
        ctx: _Context,
    ) -> Actor | None:
        """An official named by title: "Prime Minister X", "Turkish Foreign Minister X", "the President"."""
        body = ctx.body
        title_text = title.values[0]
        person = next(
            (p for p in people if p.start >= title.end and TITLE_PERSON_GAP.match(body[title.end : p.start])), None
        )
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

    def _bare_title_actor(self, title: Match, places: list[Match], ctx: _Context) -> Actor | None:
        """ "The Prime Minister", "the Secretary": the official of that title introduced earlier, else
        the holder of the title on the publication date (in the article's home country if needed)."""
        title_text, role = title.values[0], title.values[1]
        known = ctx.people_by_title.get(title_text.lower())
        if known is None and role == "generic":
            word = title_text.lower()
            known = next((a for a in reversed(ctx.recent_people) if word in (a.title or "").lower()), None)
        if known is not None:
            return known._replace(start=title.start, end=title.end)
        if role == "generic":
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

    def _fill_unknown_codes(self, actors: list[Actor], body: str) -> list[Actor]:
        """Officials the seeds do not know take the country of the official they are listed with
        ("Prime Minister A and Foreign Minister B"), else of the place where the sentence is set."""
        location = next((a.code for a in actors if a.role_kind == "location" and not self.g.is_org(a.code)), None)
        filled: list[Actor] = []
        for actor in actors:
            if actor.is_person and not actor.code:
                previous = filled[-1] if filled else None
                if previous and previous.is_person and COORDINATION_GAP.match(body[previous.end : actor.start]):
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
        ctx: _Context,
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

    def _place_actor(self, place: Match, body: str, sentence: Sentence) -> Actor:
        before = body[max(sentence.start, place.start - 40) : place.start]
        kind = "place"
        if DESTINATION_BEFORE.search(before):
            kind = "destination"
        elif LOCATION_BEFORE.search(before) or place.values[1] == "capital":
            kind = "location"
        elif TOPIC_CONTEXT_BEFORE.search(before):
            kind = "topic"
        return Actor(place.values[0], place.start, place.end, role_kind=kind)

    # ---- engagements -----------------------------------------------------------------------
    def _engagements_in(
        self,
        sentence: Sentence,
        kinds: dict[str, list[Match]],
        actors: list[Actor],
        dates: list[DateExpression],
        ctx: _Context,
    ) -> list[Engagement]:
        """The engagements of a sentence with trigger words."""
        triggers = [
            m
            for m in kinds["trigger"]
            if not _false_trigger(m, ctx.body)
            and not _refers_back(m, ctx.body)
            and not _venue_of_meeting(m, ctx.body)
            and not _hosts_no_guest(m, actors, ctx.body)
            and not _names_someone(m, actors, ctx.body)
            and not _forum_decides(m, ctx.body)
        ]
        if not triggers:
            self._remember(actors, ctx)
            return []
        view = _View(sentence, kinds.get("modality", []), actors, dates)
        groups = _group_triggers(triggers, actors, ctx.body)
        results: list[Engagement] = []
        subject = next((a for a in actors if a.is_person and a.start < groups[0][0].start), None)
        modality = "occurred"
        for index, group in enumerate(groups):
            following = groups[index + 1] if index + 1 < len(groups) else None
            segment_end = following[0].start if following else sentence.end
            modality = self._modality(view, group[0], segment_end, ctx.body, modality)
            if modality in ("hypothetical", "negated") or _generic_mention(group, ctx.body):
                continue
            if self._attends_forum(group, following, ctx.body):
                continue
            results.extend(self._engagements_for_group(view, group, segment_end, subject, modality, ctx))
        self._remember(actors, ctx, results)
        return results

    def _attends_forum(self, group: list[Match], following: list[Match] | None, body: str) -> bool:
        """A trip "to attend the summit" is taken for the multilateral meeting, not a bilateral visit."""
        if following is None or all(m.values[0] != "visit" for m in group):
            return False
        forum = any(m.values[0] == "multilateral_meeting" for m in following)
        return forum and ATTEND_PURPOSE.search(body, group[-1].end, following[0].start) is not None

    def _engagements_for_group(
        self, view: _View, group: list[Match], segment_end: int, subject: Actor | None, modality: str, ctx: _Context
    ) -> list[Engagement]:
        body = ctx.body
        first, last = group[0], group[-1]
        types = _group_types(group)
        strong = any(m.values[1] == "strong" for m in group)
        stop = OBJECT_STOP.search(body, last.end, segment_end)
        object_end = stop.start() if stop else segment_end
        if last.text.lower() in VENUE_TRIGGERS:
            object_end = last.end  # "they met on the sidelines of a summit in Samarkand": a venue follows
        objects = [a for a in view.actors if last.end <= a.start < object_end and a.code and a.role_kind != "topic"]
        before = [a for a in view.actors if view.sentence.start <= a.start < first.start and a.code]
        reported = _reported_from(body, view.sentence.start, first.start, before)
        if reported is not None:  # "Sanders said the U.S. and Russian governments had exchanged calls"
            before = [a for a in before if a.start >= reported]
            subject = subject if subject is not None and subject.start >= reported else None
        local_subject, objects = self._subject_for(group, before, objects, subject, view, ctx)
        objects = [
            a for a in objects if a.is_person or not self.g.is_org(a.code) or WITH_GAP.match(body, last.end, a.start)
        ]
        orgs = {a.code for a in view.actors if self.g.is_org(a.code) and a.role_kind != "topic"}
        forum = self._forum_near(view.actors, first, object_end, body) and not _at_venue(group)
        attended = ATTENDS_BEFORE.search(body, max(view.sentence.start, first.start - 80), first.start) is not None
        etype = self._engagement_type(types, orgs, _around(body, group), view.actors, forum, attended)
        if etype is None:
            return []
        if etype == "multilateral_meeting":
            return self._multilateral(view, local_subject, objects, orgs, modality, group, ctx)
        counterparts = _distinct([a for a in objects if a.is_person or a.role_kind in ("place", "destination")])
        bilateral = "bilateral" in body[max(0, first.start - 12) : last.end].lower()
        if (
            etype == "meeting"
            and not bilateral
            and len({a.code for a in counterparts if not self.g.is_org(a.code)}) >= 3
        ):
            return self._multilateral(view, local_subject, counterparts, orgs, modality, group, ctx)
        pair = _pair_before(before)
        if pair and etype != "visit":
            local_subject, counterparts = pair[0], pair[1:]
        if not counterparts:
            parties = _distinct(_coordinated_run([a for a in before if a.role_kind in ("person", "place")], body))
            if local_subject is not None and local_subject.is_person and local_subject not in parties:
                parties = []  # "Nuland will travel to Jamaica, Ecuador, and Colombia ... to lead dialogues"
            if len(parties) < 2:
                parties = _distinct([a for a in before if a.is_person])
            if len(parties) >= 3 and etype == "meeting":
                return self._multilateral(view, None, parties, orgs, modality, group, ctx)
            if len(parties) >= 2:
                local_subject, counterparts = parties[0], parties[1:]
        if not counterparts and not strong:
            return []
        if local_subject is None:
            local_subject, counterparts = self._implicit_subject(counterparts, first, etype, body, ctx)
            if local_subject is None:
                return []
        if local_subject.is_person:
            ctx.last_subject = local_subject  # "she" in the next sentence
        if self._outside_government(local_subject, body):
            return []  # a legislator, governor, former or opposition official: not a government's engagement
        counterparts = [a for a in counterparts if not self._outside_government(a, body)]
        if not counterparts:
            return []
        travellers = self._fellow_travellers(etype, local_subject, counterparts, before, body)
        if travellers:  # "Modi and Blinken have arrived in Papua New Guinea": a visit each
            return [
                e for t in travellers for e in self._bilateral(view, group, etype, t, counterparts, modality, ctx)
            ]
        if etype == "phone_call" and _one_joint_call(group, local_subject, counterparts, self.g):
            participants = [_participant(local_subject, "initiator")]
            participants += [_participant(a, "participant") for a in _distinct(counterparts)]
            return [self._engagement(etype, modality, view.sentence, group, view.dates, ctx, participants, 0)]
        return self._bilateral(view, group, etype, local_subject, counterparts, modality, ctx)

    def _fellow_travellers(
        self, etype: str, subject: Actor, counterparts: list[Actor], before: list[Actor], body: str
    ) -> list[Actor]:
        """Officials of several countries named together as the ones travelling to the same destination."""
        if etype != "visit" or not subject.is_person:
            return []
        run = _distinct(_coordinated_run([a for a in before if a.is_person], body))
        if len(run) < 2 or subject not in run or any(a.code == c.code for a in run for c in counterparts):
            return []
        return run

    def _outside_government(self, actor: Actor, body: str) -> bool:
        """An official who does not act for a national government: a title of the legislature, of a region or
        of the opposition, or a former office holder ("former President", "ex-minister")."""
        if not actor.is_person:
            return False
        if actor.title and self.g.titles.get(actor.title, ("",))[0] == NON_GOVERNMENT:
            return True
        return FORMER_BEFORE.search(body, max(0, actor.start - 12), actor.start) is not None

    def _subject_for(
        self,
        group: list[Match],
        before: list[Actor],
        objects: list[Actor],
        subject: Actor | None,
        view: _View,
        ctx: _Context,
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
        return None, objects

    def _implicit_subject(
        self, counterparts: list[Actor], trigger: Match, etype: str, body: str, ctx: _Context
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

    def _bilateral(
        self,
        view: _View,
        group: list[Match],
        etype: str,
        local_subject: Actor,
        counterparts: list[Actor],
        modality: str,
        ctx: _Context,
    ) -> list[Engagement]:
        """One engagement per counterpart country, with visitor and host for visits."""
        locations = [a.code for a in view.actors if a.role_kind == "location" and not self.g.is_org(a.code)]
        hosts_by_dateline = [] if locations or ctx.dateline_code is None else [ctx.dateline_code]
        results = []
        seen_codes: set[str] = set()
        for other in counterparts:
            if (
                other.code == local_subject.code
                or self.g.domestic(other.code, local_subject.code)
                or other.code in seen_codes
                or (self.g.is_org(other.code) and etype != "meeting")
            ):
                continue
            seen_codes.add(other.code)
            pair_type = etype
            visitor, host = local_subject, other
            if etype == "meeting" and other.code in hosts_by_dateline:
                pair_type = "visit"  # "TOKYO — the US envoy met the Japanese minister"
            if etype == "meeting" and locations:
                if other.code in locations:
                    pair_type = "visit"
                elif local_subject.code in locations:
                    pair_type, visitor, host = "visit", other, local_subject
            if etype == "visit" and any(m.values[0] == "visit" and m.text.lower() in HOSTING_WORDS for m in group):
                visitor, host = other, local_subject
            participants = [_participant(visitor, "initiator"), _participant(host, "recipient")]
            results.append(
                self._engagement(
                    pair_type, modality, view.sentence, group, view.dates, ctx, participants, -len(counterparts)
                )
            )
        return results

    def _multilateral(
        self,
        view: _View,
        subject: Actor | None,
        objects: list[Actor],
        orgs: set[str],
        modality: str,
        group: list[Match],
        ctx: _Context,
    ) -> list[Engagement]:
        """One meeting of a forum: its organisation and the countries named with it."""
        actors = view.actors
        members = []
        if subject is not None:
            members.append(subject)
        members.extend(a for a in objects if a.is_person or a.role_kind in ("place", "destination"))
        members.extend(a for a in actors if self.g.is_org(a.code) and a.role_kind != "topic")
        attended = ATTENDS_BEFORE.search(ctx.body, max(view.sentence.start, group[0].start - 80), group[0].start)
        if attended:  # the host of a forum someone attended ("attended the summit in Tanzania")
            members.extend(a for a in objects if a.role_kind == "location" and not self.g.is_org(a.code))
        participants: list[Participant] = []
        seen: set[str] = set()
        for actor in members:
            if actor.code and actor.code not in seen:
                seen.add(actor.code)
                participants.append(_participant(actor, "participant"))
        countries = [c for c in seen if not self.g.is_org(c)]
        if not (orgs and countries) and len(countries) < 3 and not (attended and len(countries) == 2):
            return []
        return [
            self._engagement("multilateral_meeting", modality, view.sentence, group, view.dates, ctx, participants, 0)
        ]

    def _engagement(
        self,
        etype: str,
        modality: str,
        sentence: Sentence,
        group: list[Match],
        dates: list[DateExpression],
        ctx: _Context,
        participants: list[Participant],
        specificity: int,
    ) -> Engagement:
        planned = modality in ("planned", "invitation")
        day, precision = self._date_for(group, sentence, dates, ctx.published, planned)
        if not planned and day is not None and precision == "day" and day > ctx.published + timedelta(days=1):
            planned = True
        status = "planned" if planned else "occurred"
        if day is None and not planned:
            day, precision = ctx.published, "approx"
        return Engagement(
            etype,
            status,
            modality == "invitation",
            day,
            precision,
            sentence.index,
            sentence.start,
            sentence.end,
            sentence.text,
            participants,
            specificity=specificity,
            trigger_start=group[0].start,
        )

    def _date_for(
        self, group: list[Match], sentence: Sentence, dates: list[DateExpression], published: date, planned: bool
    ) -> tuple[date | None, str]:
        """The date expression closest to any of the engagement's trigger words; an engagement told as past
        is not dated by an expression pointing ahead ("on Wednesday ordered ... to return next week after a
        phone call"), while one that does not point ahead is there."""
        if not dates:
            return None, "unknown"
        offsets = [m.start - sentence.start for m in group]
        in_sentence = [d for d in dates if d.end <= len(sentence.text)]
        pool = in_sentence or dates
        if not planned:
            pool = [d for d in pool if not _points_ahead(d)] or pool
        best = min(pool, key=lambda d: min(min(abs(d.start - o), abs(d.end - o)) for o in offsets))
        return best.resolve(published, planned)

    def _modality(self, view: _View, trigger: Match, segment_end: int, body: str, previous: str) -> str:
        """occurred, planned, invitation, hypothetical or negated, from the cues around the trigger;
        a trigger without cues of its own continues a planned one before it ("will meet X and join Y")."""
        cues = [m for m in view.cues if view.sentence.start <= m.start < segment_end]
        found = "occurred"
        for cue in cues:
            kind = cue.values[0]
            distance_words = len(body[min(cue.end, trigger.start) : max(cue.start, trigger.start)].split())
            if kind == "hypothetical" and cue.start < trigger.start and _in_scope(cue, trigger, distance_words, body):
                return "hypothetical"
            if kind == "negated" and cue.start < trigger.start and _negates(cue, trigger, distance_words, body):
                return "negated"
            if kind == "invitation" and cue.start < trigger.start:
                found = "invitation"
            elif kind == "planned" and found == "occurred" and _governs(cue, trigger, distance_words, body):
                found = "planned"
        if found == "occurred" and previous == "planned":
            return "planned"
        return found

    def _forum_near(self, actors: list[Actor], trigger: Match, object_end: int, body: str) -> bool:
        """An organisation named as such next to a meeting word: "a meeting of Quad foreign ministers",
        "the G20 summit", "ASEAN-related Summit Meetings" (not an official of that organisation)."""
        for actor in actors:
            if actor.is_person or not self.g.is_org(actor.code) or actor.role_kind == "topic":
                continue
            gap = body[trigger.end : actor.start]
            if trigger.end <= actor.start < object_end and len(gap.split()) <= 3 and not VENUE_GAP.match(gap):
                return True
            gap = body[actor.end : trigger.start]
            if actor.end <= trigger.start and len(gap.split()) <= 2 and "," not in gap:
                return True
        return False

    def _engagement_type(
        self, types: set[str], orgs: set[str], around: str, actors: list[Actor], forum: bool, attended: bool
    ) -> str | None:
        if "multilateral_meeting" in types or ("meeting" in types and forum):
            countries = {a.code for a in actors if a.code and not self.g.is_org(a.code)}
            if orgs or len(countries) >= 3 or (attended and len(countries) == 2):
                return "multilateral_meeting"
            types = (types - {"multilateral_meeting"}) or {"meeting"}
        if types == {"phone_call"} and IN_PERSON_CUES.search(around):
            return "meeting"
        for etype in TYPE_PRIORITY:
            if etype in types:
                return etype
        return None

    def _remember(self, actors: list[Actor], ctx: _Context, results: list[Engagement] | None = None) -> None:
        """Keep the sentence's first official ("he") and the last two parties ("the two leaders")."""
        people = [a for a in actors if a.is_person and a.code]
        if not results:
            if people:
                ctx.last_subject = people[0]
                if len({a.code for a in people if not self.g.is_org(a.code)}) == 2:
                    ctx.last_pair = _distinct(people)
            return
        pairs = [e for e in results if len([c for c in e.codes if not self.g.is_org(c)]) >= 2]
        if pairs:
            by_code: dict[str, Actor] = {}
            for actor in sorted(actors, key=lambda a: not a.is_person):
                by_code.setdefault(actor.code, actor)
            codes = [p.country_code for p in pairs[-1].participants if not self.g.is_org(p.country_code)]
            ctx.last_pair = [by_code.get(code) or Actor(code, 0, 0) for code in codes]


# ---- helpers ---------------------------------------------------------------------------------
def _dates_by_sentence(dates: list[DateExpression], sentences: list[Sentence]) -> dict[int, list[DateExpression]]:
    """Date expressions found in the whole text, per sentence, with offsets into the sentence."""
    grouped: dict[int, list[DateExpression]] = {}
    index = 0
    for expression in dates:
        while index < len(sentences) and sentences[index].end <= expression.start:
            index += 1
        if (
            index < len(sentences)
            and sentences[index].start <= expression.start
            and expression.end <= sentences[index].end
        ):
            shift = sentences[index].start
            moved = expression._replace(start=expression.start - shift, end=expression.end - shift)
            grouped.setdefault(index, []).append(moved)
    return grouped


def _names_officials(kinds: dict[str, list[Match]]) -> bool:
    """Whether a sentence names officials (by title or name) or refers to a pair of them ("they")."""
    return "title" in kinds or "person" in kinds or "anaphor" in kinds


def _last_trigger_sentence(by_sentence: dict[int, dict[str, list[Match]]]) -> int:
    """The index of the last sentence with a trigger word, or -1."""
    return max((index for index, kinds in by_sentence.items() if "trigger" in kinds), default=-1)


def _dates_end(sentences: list[Sentence], last_trigger: int) -> int:
    """Where to stop looking for dates: after the sentence that follows the last one with a trigger word,
    so that an expression running into that sentence is still seen whole (and left out) as before."""
    if last_trigger < 0 or not sentences:
        return 0
    return sentences[min(last_trigger + 1, len(sentences) - 1)].end


def _may_mention_day(sentence: Sentence, text: str, lowered: str) -> bool:
    """Whether the sentence holds "day" in any case, without which `_dates_in` infers no date from context
    ("the same day"). Tested on the text lowered once, unless lowering changed its length (and offsets)."""
    if len(lowered) != len(text):
        return True
    return lowered.find("day", sentence.start, sentence.end) >= 0


def _kinds_by_sentence(matches: list[Match], sentences: list[Sentence]) -> dict[int, dict[str, list[Match]]]:
    """The matches the sentence rules look at, per sentence and kind. Topic keywords are left out: they only
    count as topic evidence, and sentences that hold nothing else get no entry and are skipped at once."""
    grouped: dict[int, dict[str, list[Match]]] = {}
    index = 0
    count = len(sentences)
    for m in matches:
        if m.kind not in SENTENCE_KINDS:
            continue
        while index < count and sentences[index].end <= m.start:
            index += 1
        if index < count and sentences[index].start <= m.start:
            kinds = grouped.get(index)
            if kinds is None:
                kinds = grouped[index] = {}
            kinds.setdefault(m.kind, []).append(m)
    return grouped


def _group_by_sentence(matches: list[Match], sentences: list[Sentence]) -> dict[int, list[Match]]:
    grouped: dict[int, list[Match]] = {}
    index = 0
    count = len(sentences)
    for m in matches:
        while index < count and sentences[index].end <= m.start:
            index += 1
        if index < count and sentences[index].start <= m.start:
            grouped.setdefault(sentences[index].index, []).append(m)
    return grouped


def _group_triggers(triggers: list[Match], actors: list[Actor], body: str) -> list[list[Match]]:
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


def _distinct(actors: list[Actor]) -> list[Actor]:
    """Actors in order, one per country or organisation."""
    seen: set[str] = set()
    out = []
    for actor in actors:
        if actor.code not in seen:
            seen.add(actor.code)
            out.append(actor)
    return out


def _in_scope(cue: Match, trigger: Match, distance_words: int, body: str) -> bool:
    """A speculative cue governs a trigger close after it or in its own clause: "might meet", "it is possible
    that they will meet", not "asked whether sanctions would go, he said they met"."""
    return distance_words <= HYPOTHETICAL_WORDS or not CLAUSE_BREAK.search(body, cue.end, trigger.start)


def _negates(cue: Match, trigger: Match, distance_words: int, body: str) -> bool:
    """A negation before a trigger in its clause: "did not meet", "will not attend a planned meeting"; a verb
    that cancels its object reaches over the names and titles before it ("scrapped Secretary of State Antony
    Blinken's planned visit")."""
    if cue.text.lower() in CANCELLING_VERBS:  # its object: no other verb's clause in between
        between = body[cue.end : trigger.start]
        clause_ends = CLAUSE_BREAK.search(between) or COORDINATION.search(between)
        return distance_words <= OBJECT_NEGATION_WORDS and not clause_ends
    return distance_words <= NEGATION_WORDS and not CLAUSE_BREAK.search(body, cue.end, trigger.start)


def _governs(cue: Match, trigger: Match, distance_words: int, body: str) -> bool:
    """A planned cue governs a trigger in the same clause: "will travel", "will also lead the
    delegation to the dialogue", "the visit scheduled for"."""
    if cue.start > trigger.start:
        return distance_words <= 4
    return distance_words <= 12 and not CLAUSE_BREAK.search(body, cue.end, trigger.start)


def _pair_before(before: list[Actor]) -> list[Actor]:
    """ "The two leaders met": the two sides named by one expression before the trigger."""
    for actor in before:
        same = _distinct([a for a in before if a.start == actor.start])
        if len(same) >= 2:
            return same
    return []


def _group_types(group: list[Match]) -> set[str]:
    """Engagement types of adjacent triggers; "hosted the meeting" is a meeting, not a visit."""
    types = {m.values[0] for m in group}
    hosting = any(m.text.lower() in HOSTING_WORDS for m in group)
    if hosting and types & {"meeting", "multilateral_meeting", "phone_call"}:
        types.discard("visit")
    return types


def _coordinated_run(actors: list[Actor], body: str) -> list[Actor]:
    """The first run of actors joined by commas and "and" ("India and China", "A, B and C leaders")."""
    run: list[Actor] = []
    for actor in actors:
        if run and not (actor.start <= run[-1].end or COORDINATION_GAP.match(body[run[-1].end : actor.start])):
            if len({a.code for a in run}) >= 2:
                return run
            run = []
        run.append(actor)
    return run


def _generic_mention(group: list[Match], body: str) -> bool:
    """ "past visits", "regular meetings": engagements in general, not one engagement."""
    trigger = group[0]
    if trigger.text.lower() not in PLURAL_TRIGGERS:
        return False
    return GENERIC_BEFORE.search(body[max(0, trigger.start - 40) : trigger.start]) is not None


def _refers_back(trigger: Match, body: str) -> bool:
    """ "the meeting", "this call" (without "with ..."): a mention of an engagement already reported."""
    if trigger.text.lower() not in REFERRING_NOUNS:
        return False
    before = body[max(0, trigger.start - 12) : trigger.start]
    after = body[trigger.end : trigger.end + 10]
    return DEFINITE_BEFORE.search(before) is not None and PARTICIPANTS_AFTER.match(after) is None


def _false_trigger(trigger: Match, body: str) -> bool:
    text = trigger.text.lower()
    if text in MEET_WORDS and MEET_A_GOAL.match(body, trigger.end):
        return True  # "meet the target", "assistance to meet the needs of"
    after = body[trigger.end : trigger.end + 12].lower()
    before = body[max(0, trigger.start - 10) : trigger.start].lower()
    if text in ("called", "call", "calls"):
        naming = before.endswith(("so-", "so ", "it ", "what ", "was ", "is ", "be ", "been ", "are ", "were "))
        return after.startswith((" for", " on", " upon", " it")) or naming
    if text in HOSTING_WORDS and after.startswith((" a ", " an ")):
        return True  # "hosted a roundtable", "received a call": an event or a thing, not a visitor
    if text in ("received", "receives", "welcomed", "welcomes"):
        return not after.startswith((" ", ",")) or after.startswith(
            (" the news", " the decision", " the announcement", " the agreement")
        )
    return False


def _one_joint_call(group: list[Match], subject: Actor, counterparts: list[Actor], g: Gazetteer) -> bool:
    """ "Had a telephone conversation with A, B and C": one call (a noun in the singular) joined by several
    governments; "phoned A and B" or "calls with A and B" stay one call each."""
    if not all(m.text.lower() in JOINT_CALL_NOUNS for m in group):
        return False
    others = {a.code for a in counterparts if a.code != subject.code and not g.is_org(a.code)}
    return len(others) >= 2


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


def _with_surname_mentions(
    sentence: Sentence, actors: list[Actor], kinds: dict[str, list[Match]], ctx: _Context
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
    return sorted(actors + added, key=_START) if added else actors


def _reported_from(body: str, start: int, end: int, before: list[Actor]) -> int | None:
    """Where reported speech starts before a trigger, when actors follow the reporting verb: who said it is
    not who took part."""
    last = None
    for match in REPORTING_VERB.finditer(body, start, end):
        last = match.end()
    if last is None or not any(a.start >= last for a in before):
        return None
    return last


def _points_ahead(expression: DateExpression) -> bool:
    """ "Tomorrow", "next week", "next month": an expression that can only date what is still to come."""
    if expression.kind == "tomorrow":
        return True
    return (expression.groups.get("which") or "").lower() == "next"


def _around(body: str, group: list[Match]) -> str:
    """The trigger words with a few words either side ("met and spoke with", "spoke in person"): an in-person
    word elsewhere in the sentence ("in a call ..., suggested a meeting") does not make a call a meeting."""
    start = max(0, group[0].start - IN_PERSON_REACH)
    return body[start : group[-1].end + IN_PERSON_REACH]


def _venue_of_meeting(trigger: Match, body: str) -> bool:
    """A summit named as the place, occasion or time of something else ("on the sidelines of the G20 summit",
    "on the margins of the UN General Assembly", "a week before the G20 summit") is not an engagement of its own."""
    if trigger.values[0] != "multilateral_meeting":
        return False
    return VENUE_BEFORE.search(body[max(0, trigger.start - 60) : trigger.start]) is not None


def _at_venue(group: list[Match]) -> bool:
    """ "On the sidelines", "on the margins": the forum named next to the words is where the meeting was."""
    return all(m.text.lower() in VENUE_TRIGGERS for m in group)


def _hosts_no_guest(trigger: Match, actors: list[Actor], body: str) -> bool:
    """ "Welcomed the decision", "welcomes that the ceasefire was reached", "received the news": a hosting
    verb hosts someone only when a government, title or official follows within a few words, in its clause."""
    if trigger.text.lower() not in HOSTING_WORDS:
        return False
    guest = next((a for a in actors if a.start >= trigger.end), None)
    if guest is None:
        return True
    words = body[trigger.end : guest.start].split()
    if len(words) > GUEST_WORDS or any(w[-1] in ";:." for w in words):
        return True
    return any(not w[0].isupper() and w.lower() not in GUEST_GAP_WORDS for w in words)


def _term_on(terms: list[OfficeTerm], day: date, code: str | None) -> OfficeTerm:
    candidates = [t for t in terms if code is None or t.code == code] or terms
    current = [t for t in candidates if t.covers(day)]
    if current:
        return current[0]
    return min(candidates, key=lambda t: min(abs((t.start - day).days), abs(((t.end or day) - day).days)))


def _bounded(body: str) -> tuple[str, int]:
    """The body cut to at most `MAX_BODY_CHARS` at a paragraph or sentence end, and its full length
    when it was cut (else 0)."""
    if len(body) <= MAX_BODY_CHARS:
        return body, 0
    cut = max(body.rfind("\n", 0, MAX_BODY_CHARS), body.rfind(". ", 0, MAX_BODY_CHARS) + 1)
    return body[: cut if cut > 0 else MAX_BODY_CHARS], len(body)


def _placed_engagements(
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


def _participant(actor: Actor, role: str) -> Participant:
    return Participant(actor.code, role, actor.person_id, actor.name, actor.title)


def _starts_with_known(name: str, g: Gazetteer) -> bool:
    first = name.split()[0]
    return first in GENERIC_WORDS or first in g.place_codes or first in g.titles


def _slug(name: str | None, code: str | None) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", (name or "").lower()).strip("_")
    return f"{(code or 'xx').lower()}_{base}"


def _has_trigger(matches: list[Match]) -> bool:
    return any(m.kind == "trigger" for m in matches)


def _topics_of(evidence: list[Match]) -> set[str]:
    return {topic for match in evidence for topic in match.values}


def _body_dateline(body: str) -> str | None:
    """A dateline opening one of the first paragraphs ("TOKYO - ...") when none was parsed."""
    match = BODY_DATELINE.search(body, 0, 400)
    return match.group("place") if match else None


def _with_title_engagements(
    body: list[Engagement], title: list[Engagement], text: str
) -> list[Engagement]:
    """A headline confirms the body's engagement of the same parties (and may date it: "PM meeting
    with X: 25 September"); it states one of its own only when no engagement of the body shares a party
    with it. Such an engagement's evidence is the headline: sentence index -1, offsets into the title."""
    for headline in title:
        match = next((e for e in body if e.codes == headline.codes and _types_agree(e, headline)), None)
        if match is not None:
            _date_from_headline(match, headline)
        elif not any(e.codes & headline.codes for e in body):
            if HEADLINE_INFINITIVE.search(text, 0, headline.trigger_start):
                headline.status = "planned"
            headline.sentence_index = HEADLINE  # its offsets are those of its sentence in the title
            body.append(headline)
    return body


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


def _merge_within_article(engagements: list[Engagement]) -> list[Engagement]:
    """One engagement mentioned several times in an article is one engagement; a meeting with the
    side one is visiting, at the time of the visit, is part of that visit."""
    merged: list[Engagement] = []
    for engagement in engagements:
        candidates = [m for m in merged if _same_engagement(m, engagement)]
        target = next((m for m in candidates if m.engagement_type == engagement.engagement_type), None)
        target = target or next(iter(candidates), None)
        if target is None:
            merged.append(engagement)
            continue
        target.topics |= engagement.topics
        if target.engagement_type != engagement.engagement_type:
            _absorb_into_visit(target, engagement)
        elif _more_specific(engagement, target):
            target.engagement_date, target.date_precision = engagement.engagement_date, engagement.date_precision
            target.specificity = engagement.specificity
        target.is_invitation = target.is_invitation or engagement.is_invitation
    return merged


def _same_engagement(a: Engagement, b: Engagement) -> bool:
    if a.status != b.status or a.codes != b.codes:
        return False
    if a.engagement_type != b.engagement_type and not _meeting_during_visit(a, b):
        return False
    if a.engagement_date is None or b.engagement_date is None:
        return True
    tolerance = max(SAME_ENGAGEMENT_DAYS[a.date_precision], SAME_ENGAGEMENT_DAYS[b.date_precision])
    return abs((a.engagement_date - b.engagement_date).days) <= tolerance


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
    """A meeting with unnamed officials of the side being visited ("met government leaders"), or told in the
    sentence of the visit ("will travel to Seoul for a summit with President Yoon")."""
    if {a.engagement_type, b.engagement_type} != {"visit", "meeting"}:
        return False
    if a.sentence_index == b.sentence_index:
        return True
    meeting = a if a.engagement_type == "meeting" else b
    return all(p.actor_id is None for p in meeting.participants if p.role == "recipient")


def _more_specific(candidate: Engagement, current: Engagement) -> bool:
    if candidate.engagement_date is None:
        return False
    if current.engagement_date is None:
        return True
    rank_candidate = (PRECISION_RANK[candidate.date_precision], -candidate.specificity)
    rank_current = (PRECISION_RANK[current.date_precision], -current.specificity)
    return rank_candidate < rank_current
