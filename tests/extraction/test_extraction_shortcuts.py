"""The shortcuts taken for speed give the same results as the plain computations they replace."""

from __future__ import annotations

import random
import re
import sys

import pytest

from dagster_project.extraction import dates, extractor, sentences, text, topics
from dagster_project.extraction.gazetteer import Gazetteer, Match
from dagster_project.settings import SEEDS_DIR
from tools.bench.corpus import CorpusGenerator

WINDOWS = [
    "on Friday the two leaders met",
    "on Frıday the two leaders met",  # dotless i: the case-insensitive patterns still match
    "yeſterday, the minister said",  # long s
    "TONİGHT the President will speak",  # capital I with dot
    "the day after the summit on March 3, 2024",
    "the day before the vote on Sept. 12",
    "Talks are due later this week in Geneva",
    "12 Marching bands played last night",
    "In May the envoy visited; in may the talks resumed",
    "earlier this month and next month",
    "since June 2023 and on 3rd of July",
    "tomorrow the delegation arrives",
    "this morning, this evening and this afternoon",
    "no date words at all here",
]
WORDS = [
    "the day after",
    "on",
    "March",
    "Mar.",
    "3",
    "24-25",
    "2024",
    "last",
    "this",
    "next",
    "week",
    "month",
    "Monday",
    "FRIDAY",
    "Frıday",
    "today",
    "tonight",
    "TONİGHT",
    "yesterday",
    "yeſterday",
    "last night",
    "tomorrow",
    "in",
    "of",
    "the",
    "summit",
    ",",
    ".",
]


def _every_pattern(text: str) -> list[dates.DateExpression]:
    """`dates._find_in` without skipping any pattern."""
    found: list[dates.DateExpression] = []
    if not dates._MAY_HOLD_DATE.search(text):
        return found
    taken: list[tuple[int, int]] = []
    for kind, pattern in dates._PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            if kind in ("month_day", "day_month") and not dates._valid_day(match.group("day")):
                continue
            taken.append(span)
            found.append(dates.DateExpression(span[0], span[1], kind, match.groupdict()))
    return sorted(found, key=lambda d: d.start)


def _random_windows(count: int) -> list[str]:
    rng = random.Random(7)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))) for _ in range(count)]


@pytest.mark.parametrize("text", WINDOWS + _random_windows(3000))
def test_date_patterns_skipped_only_when_they_cannot_match(text: str) -> None:
    assert dates._find_in(text) == _every_pattern(text)


def test_not_inside_agrees_with_inside() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        spans = sorted({(s, s + rng.randint(1, 6)) for s in rng.sample(range(60), rng.randint(0, 8))})
        starts = sorted(rng.randint(0, 60) for _ in range(rng.randint(0, 10)))
        matches = [Match(s, s + rng.randint(1, 4), "x", "topic", ("t",)) for s in starts]
        expected = [m for m in matches if not topics._inside(m, spans)]
        assert topics._not_inside(matches, spans) == expected


def _abbreviation_by_walking(body: str, start: int, dot: int) -> bool:
    """`text._is_abbreviation` walking back character by character."""
    if body[dot] != ".":
        return False
    index = dot
    while index > start and body[index - 1] in text._WORD_CHARS:
        index -= 1
    token = body[index:dot].lower().rstrip(".")
    return bool(token) and (len(token) == 1 or token in text._ABBREVIATIONS)


def test_abbreviation_found_as_by_walking_back() -> None:
    rng = random.Random(5)
    pieces = [*"aZ. -1é", "Mr", "U.S", "approx", "Dr", "Sept"]
    for _ in range(20000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for dot in (i for i, c in enumerate(body) if c == "."):
            start = rng.randint(0, dot)
            assert text._is_abbreviation(body, start, dot) == _abbreviation_by_walking(body, start, dot)


def test_praise_list_spans_as_with_the_from_matched_first() -> None:
    matched_first = re.compile(r"[Ff]rom(?<=\b[Ff]rom)\s+[^,;.]{1,80}?\s+to\s+[^,;.]{1,80}?(?=,)")
    rng = random.Random(11)
    pieces = ["from", "From", "afrom", "to", "growth", "trade,", ",", ".", ";", "x" * 40, "ties"]
    for _ in range(20000):
        body = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        expected = [m.span() for m in matched_first.finditer(body)]
        assert [(m.start() - 1, m.end()) for m in topics.PRAISE_LIST.finditer(body)] == expected


def test_references_back_found_as_by_the_plain_patterns() -> None:
    refers_back = re.compile(
        r"\A[\"“]?(?:They|He|She|Both|The two|The leaders|The ministers|The sides|The parties)\b|"
        r"\b(?:the two (?:leaders|sides|ministers)|"
        r"both (?:leaders|sides|ministers)|the leaders|the call|the meeting|the conversation|the visit|the talks|"
        r"the discussions?|these engagements|the engagements)\b",
        re.I,
    )
    plural = re.compile(r"\b(?:engagements|meetings|visits|talks|discussions)\b", re.I)
    pieces = ["They", "she", "The two", "the", "these", "both", "leaders", "sides", "miniſters", "MINİSTERS", "call"]
    pieces += ["Meeting", "conversation", "vısit", "visits", "talks", "discussion", "discussions", "engagements"]
    pieces += ["met", "“", ",", "."]
    rng = random.Random(13)
    for _ in range(20000):
        sentence = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        assert topics._refers_back(sentence) == (refers_back.search(sentence) is not None), sentence
        assert topics._plural_reference(sentence) == (plural.search(sentence) is not None), sentence


# Dated background, as news articles keep it after their engagements (no trigger words).
DATED_BACKGROUND = [
    "The ministry's annual report, released on March 3, 2021, said exports rose by 4 percent.",
    "Parliament approved the budget last Tuesday after a debate that began in January.",
    "On 12 June the central bank left interest rates unchanged; it will review them next month.",
    "The same day, the statistics office published new figures, and the day after the vote it revised them.",
]


def test_dates_after_the_last_trigger_sentence_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates are looked for only up to the sentence after the last one with a trigger word; looking in
    the whole text gives the same engagements and topics."""
    generator = CorpusGenerator(SEEDS_DIR, seed=11)
    rng = random.Random(5)
    articles = [generator.article(index) for index in range(300)]
    bodies = ["\n\n".join([*a.paragraphs, " ".join(rng.sample(DATED_BACKGROUND, 2))]) for a in articles]
    rules = extractor.Extractor(Gazetteer.from_seeds(SEEDS_DIR))
    searched: list[int] = []
    find_dates = sentences.find_dates

    def counting_find_dates(text: str, lowered: str | None = None) -> list[dates.DateExpression]:
        found = find_dates(text, lowered)
        searched.append(len(found))
        return found

    def extract_all() -> list[str]:
        searched.clear()
        return [
            repr(rules.extract(body, a.published, a.dateline, a.title))
            for a, body in zip(articles, bodies, strict=True)
        ]

    monkeypatch.setattr(sentences, "find_dates", counting_find_dates)
    with_shortcut, dates_with_shortcut = extract_all(), sum(searched)
    # As if every sentence had a trigger word: dates are looked for in the whole text, in every sentence.
    monkeypatch.setattr(sentences, "last_trigger_sentence", lambda by_sentence: sys.maxsize - 1)
    whole_text, dates_in_whole_text = extract_all(), sum(searched)
    assert dates_with_shortcut < dates_in_whole_text  # the shortcut skipped dates
    assert with_shortcut == whole_text
