"""Engagements of a text, sentence by sentence: the scanner's matches and the date expressions grouped per
sentence, actors resolved where there are any, the clause stage run on sentences with trigger words, and
topics given to the engagements found."""

from __future__ import annotations

from dagster_project.extraction.actors import ActorResolver, names_officials
from dagster_project.extraction.clauses import engagements_in_sentence
from dagster_project.extraction.dates import CALENDAR_DAY_KINDS, DateExpression, find_dates
from dagster_project.extraction.engagement_dates import dates_in, mentions_day
from dagster_project.extraction.engagement_model import Actor, ArticleContext, Engagement
from dagster_project.extraction.gazetteer import Match
from dagster_project.extraction.recalls import recalled_engagement, recalls_engagement
from dagster_project.extraction.references import remember_parties
from dagster_project.extraction.text import Sentence, split_sentences
from dagster_project.extraction.topics import assign_topics, topic_evidence

RECALL_OPENINGS = "TH"  # the first letters of the openings `recalls.ORDINAL_RECALL` matches ("The", "Their", "His")
# The kinds of match the sentence rules read (see _kinds_by_sentence).
SENTENCE_KINDS = frozenset({"place", "city", "person", "title", "anaphor", "trigger", "modality"})


def engagements_of_text(
    resolver: ActorResolver, text: str, matches: list[Match], context: ArticleContext, lowered: str | None = None
) -> tuple[list[Engagement], list[Match]]:
    """Engagement mentions sentence by sentence, with their topics, and the text's topic evidence.
    `lowered` is `text.lower()` where the caller has it already."""
    g = resolver.g
    sentences = split_sentences(text)
    by_sentence = _kinds_by_sentence(matches, sentences)
    engagements: list[Engagement] = []
    previous_dates: list[DateExpression] = []
    previous_paragraph = -1
    # Dates only ever date an engagement of the same or a later sentence: none is needed after the
    # last sentence with a trigger word, where news articles usually keep their long background.
    last_trigger = last_trigger_sentence(by_sentence)
    recalls = _recalling_sentences(sentences, last_trigger)
    last_trigger = max(recalls, default=last_trigger)
    if lowered is None:
        lowered = text.lower()
    dates_end = _dates_end(sentences, last_trigger)
    found_dates = find_dates(text[:dates_end], _lowered_prefix(text, lowered, dates_end))
    dates_by_sentence = _dates_by_sentence(found_dates, sentences)
    for sentence in sentences:
        kinds = by_sentence.get(sentence.index)  # None: no names, titles or triggers to resolve
        actors = resolver.resolve(sentence, kinds, context) if kinds else []
        explicit = dates_by_sentence.get(sentence.index)
        if sentence.index <= last_trigger and (explicit or _may_mention_day(sentence, text, lowered)):
            dates = dates_in(sentence.text, explicit or [], context)
        else:
            dates = []
        if sentence.paragraph != previous_paragraph:
            previous_dates = []
        if kinds and "trigger" in kinds:
            found = engagements_in_sentence(g, sentence, kinds, actors, dates or _inherited(previous_dates), context)
            engagements.extend(found)
            dated = [e for e in found if e.engagement_date is not None and e.date_precision != "approx"]
            if dated:
                context.last_date = (dated[-1].engagement_date, dated[-1].date_precision)
            elif dates:
                _remember_calendar_day(dates, context)
        elif sentence.index in recalls and _follows_engagement(sentence.index, by_sentence, recalls):
            recalled = recalled_engagement(sentence, dates, engagements, context)  # "The first was in June 2018"
            engagements.extend([recalled] if recalled else [])
        else:
            if actors and names_officials(kinds):  # no trigger words: only who is mentioned
                remember_parties(g, actors, context)
            if dates:
                _remember_calendar_day(dates, context)
        if dates:
            previous_dates = dates
        previous_paragraph = sentence.paragraph
    evidence = topic_evidence(matches, text, g.org_codes)
    if engagements:
        assign_topics(engagements, sentences, _group_by_sentence(evidence, sentences), context.sentence_refs)
    return engagements, evidence


def _inherited(dates: list[DateExpression]) -> list[DateExpression]:
    return [d._replace(inherited=True) for d in dates]


def _remember_calendar_day(dates: list[DateExpression], context: ArticleContext) -> None:
    """A calendar day the text states outside any engagement ("On Monday, 4 September, the Secretary-General
    arrived in Nairobi") is the day "later that day" and "the same day" refer to."""
    last = dates[-1]
    if last.kind in CALENDAR_DAY_KINDS:
        day, precision = last.resolve(context.published, planned=False)
        if day is not None and precision == "day":
            context.last_date = (day, precision)


def officials_of_headline(
    resolver: ActorResolver, title: str, matches: list[Match], context: ArticleContext
) -> list[Actor]:
    """The officials a headline names with their country ("US envoy Doe to visit ..."), so that the body can
    place the same official where it names them without a country."""
    if not any(m.kind in ("person", "title") for m in matches):
        return []
    headline = ArticleContext(context.published, title, context.home)
    sentences = split_sentences(title)
    for index, kinds in _kinds_by_sentence(matches, sentences).items():
        resolver.resolve(sentences[index], kinds, headline)
    return headline.recent_people


def _kinds_by_sentence(matches: list[Match], sentences: list[Sentence]) -> dict[int, dict[str, list[Match]]]:
    """The matches the sentence rules look at, per sentence and kind. Topic keywords are left out: they only
    count as topic evidence, and sentences that hold nothing else get no entry and are skipped at once."""
    grouped: dict[int, dict[str, list[Match]]] = {}
    index = 0
    count = len(sentences)
    starts, ends = _bounds(sentences)
    for m in matches:
        start, _, _, kind, _ = m  # unpacked: a named tuple's fields cost a look-up each
        if kind not in SENTENCE_KINDS:
            continue
        while index < count and ends[index] <= start:
            index += 1
        if index < count and starts[index] <= start:
            kinds = grouped.get(index)
            if kinds is None:
                kinds = grouped[index] = {}
            kinds.setdefault(kind, []).append(m)
    return grouped


def _bounds(sentences: list[Sentence]) -> tuple[list[int], list[int]]:
    """The start and end offsets of the sentences, read once (a named tuple's fields cost a look-up each)."""
    return [start for _, _, start, _, _ in sentences], [end for _, _, _, end, _ in sentences]


def _group_by_sentence(matches: list[Match], sentences: list[Sentence]) -> dict[int, list[Match]]:
    grouped: dict[int, list[Match]] = {}
    index = 0
    count = len(sentences)
    starts, ends = _bounds(sentences)
    for m in matches:
        start = m[0]  # its start, read by position (see `_kinds_by_sentence`)
        while index < count and ends[index] <= start:
            index += 1
        if index < count and starts[index] <= start:
            grouped.setdefault(sentences[index].index, []).append(m)
    return grouped


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


def _recalling_sentences(sentences: list[Sentence], last_trigger: int) -> set[int]:
    """The sentences after one with a trigger word that recall an engagement by an ordinal."""
    if last_trigger < 0:
        return set()
    return {s.index for s in sentences[1:] if s.text[:1] in RECALL_OPENINGS and recalls_engagement(s)}


def _follows_engagement(index: int, by_sentence: dict[int, dict[str, list[Match]]], recalls: set[int]) -> bool:
    """Whether the sentence before names an engagement (a trigger word) or recalls one itself."""
    return "trigger" in by_sentence.get(index - 1, {}) or index - 1 in recalls


def last_trigger_sentence(by_sentence: dict[int, dict[str, list[Match]]]) -> int:
    """The index of the last sentence with a trigger word, or -1."""
    return max((index for index, kinds in by_sentence.items() if "trigger" in kinds), default=-1)


def _dates_end(sentences: list[Sentence], last_trigger: int) -> int:
    """Where to stop looking for dates: after the sentence that follows the last one with a trigger word,
    so that an expression running into that sentence is still seen whole (and left out) as before."""
    if last_trigger < 0 or not sentences:
        return 0
    return sentences[min(last_trigger + 1, len(sentences) - 1)].end


def _lowered_prefix(text: str, lowered: str, end: int) -> str | None:
    """`text[:end].lower()` cut from the whole text lowered, where that is the same: each character lowered
    on its own to one character (only a capital sigma lowers by its context), else None."""
    if len(lowered) != len(text) or "\u03a3" in text:
        return None
    return lowered[:end]


def _may_mention_day(sentence: Sentence, text: str, lowered: str) -> bool:
    """Whether the sentence holds "day" (or "evening", ...) in any case, without which `dates_in` infers no
    date from context ("the same day", "that evening"). Tested on the text lowered once, unless lowering
    changed its length (and offsets)."""
    if len(lowered) != len(text):
        return True
    return mentions_day(lowered, sentence.start, sentence.end)
