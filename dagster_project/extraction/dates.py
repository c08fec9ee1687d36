"""Find date expressions in a sentence and resolve them against the article's publication date.

Each expression resolves to a day and a precision (`day`, `week`, `month`); expressions without a
year or with a weekday resolve backwards for engagements that occurred and forwards for planned ones.
"""

from __future__ import annotations

import bisect
import calendar
import operator
import re
from datetime import date, timedelta
from typing import NamedTuple

import ahocorasick_rs

from dagster_project.extraction.text import lowered_for_tests

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_YEAR_TAIL = r"(?:,?\s+(?:of\s+)?(?P<year>(?:19|20)\d{2})\b|\s+(?P<rel_year>last year|this year|next year))?"
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_COUNTS = {"a": 1} | {word: n for n, word in enumerate(_NUMBER_WORDS, start=1)}
_COUNT = r"\d{1,2}|" + "|".join(_COUNTS)
_DAY_RANGE = r"(?:\s*(?:[-–]|and|to|&)\s*\d{1,2}(?:st|nd|rd|th)?)?"  # "24-25", "24 and 25"
# A pattern opening with a lookahead of the letters its matches start with is searched several times faster
# than one opening with "\b" (which is tried in full at every position); the matches are the same.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "offset_day",
        re.compile(
            r"(?=[Tt])\b(?i:the day) (?P<dir>after|before)\b[^.;]{0,80}?\b(?:on\s+)?"
            + _MONTH
            + r"\s+(?P<day>\d{1,2})\b"
            + _YEAR_TAIL
        ),
    ),
    (
        "month_day",
        re.compile(
            r"(?=[ADFJMNOS])\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?" + _DAY_RANGE + r"\b" + _YEAR_TAIL
        ),
    ),
    (
        "day_month",
        re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?" + _DAY_RANGE + r"\s+(?:of\s+)?" + _MONTH + _YEAR_TAIL),
    ),
    (
        "month",  # "in February", "In June 2019"; not "in February 25" (a day of the month)
        re.compile(
            r"(?=(?i:[idsofelmnt]))\b(?i:(?P<mwhich>last|next|this)|in|during|since|of|from|early|late|mid-?)\s+"
            + _MONTH
            + r"(?!\s+\d{1,2}\b)"
            + _YEAR_TAIL
        ),
    ),
    (
        "month",  # "Trump's planned November visit", "the June 2018 summit": a month naming an engagement
        re.compile(
            r"(?=[ADFJMNOS])\b"
            + _MONTH
            + r"(?:\s+(?P<year>(?:19|20)\d{2}))?(?=\s+(?:state\s+|official\s+|working\s+)?"
            + r"(?:visit|trip|summit|meeting|talks|tour)\b)"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"(?=[lnotmwfs])\b(?:(?P<which>last|this|next|on|on last)\s+)?"
            r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "today",
        re.compile(
            r"(?=[tel])\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today|later today)\b",
            re.IGNORECASE,
        ),
    ),
    ("yesterday", re.compile(r"(?=[yl])\b(?:yesterday|last (?:night|evening))\b", re.IGNORECASE)),
    ("tomorrow", re.compile(r"(?=t)\btomorrow\b", re.IGNORECASE)),
    ("week", re.compile(r"(?=[ltne])\b(?P<which>last|this|next|earlier this|later this)\s+week\b", re.IGNORECASE)),
    (
        "offset",  # "in two more weeks", "in three days", "two weeks ago", "a week ago"
        re.compile(
            rf"(?=(?i:[i0-9aotfsen]))\b(?i:in\s+(?P<ahead>{_COUNT})\s+(?:more\s+)?(?P<unit>day|days|week|weeks)"
            rf"|(?P<back>{_COUNT})\s+(?P<back_unit>day|days|week|weeks)\s+ago)\b"
        ),
    ),
    ("rel_month", re.compile(r"(?=[ltne])\b(?P<which>last|this|next|earlier this|later this)\s+month\b", re.I)),
]


# Every pattern above needs a digit or one of these words: most sentences are skipped at once.
_DATE_WORDS = ("day", "week", "month", "tonight", "morning", "evening", "afternoon", "night", *_MONTH_NAMES.split("|"))
_MAY_HOLD_DATE = re.compile(r"\d|" + "|".join(_DATE_WORDS), re.I)
_LOWER_DATE_WORDS = tuple(word.lower() for word in _DATE_WORDS)
_DIGIT = re.compile(r"\d")


CALENDAR_DAY_KINDS = frozenset({"month_day", "day_month", "fixed"})  # dates that name their month and day


class DateExpression(NamedTuple):
    """A date expression found in a text (a named tuple: cheap to copy with `_replace`)."""

    start: int
    end: int
    kind: str
    groups: dict[str, str | None]
    inherited: bool = False  # stated in an earlier sentence of the paragraph, not in the engagement's own

    def resolve(self, published: date, planned: bool) -> tuple[date | None, str]:
        """The day this expression points at and its precision."""
        g = self.groups
        if self.kind == "fixed":
            return date.fromisoformat(g["iso"] or ""), g["precision"] or "day"
        if self.kind == "today":
            return published, "day"
        if self.kind == "yesterday":
            return published - timedelta(days=1), "day"
        if self.kind == "tomorrow":
            return published + timedelta(days=1), "day"
        if self.kind == "offset":
            return _offset_day(g, published)
        if self.kind == "week":
            monday = published - timedelta(days=published.weekday())
            shift = {"last": -7, "next": 7}.get((g["which"] or "").lower(), 0)
            return monday + timedelta(days=shift), "week"
        if self.kind == "rel_month":
            which = (g["which"] or "").lower()
            month_index = published.year * 12 + published.month - 1 + {"last": -1, "next": 1}.get(which, 0)
            return date(month_index // 12, month_index % 12 + 1, 1), "month"
        if self.kind == "weekday":
            return _resolve_weekday(
                published, WEEKDAYS[g["weekday"].lower()], (g["which"] or "").lower(), planned
            ), "day"
        month = MONTHS[g["month"].lower()]
        year = _explicit_year(g, published)
        if self.kind == "month":
            which = (g.get("mwhich") or "").lower()
            if year is None and which:  # "last November", "next May", "this June"
                year = _year_of_named_month(published, month, which)
            if year is None:
                year = _nearest_year(published, month, 1, planned, month_only=True)
            return date(year, month, 1), "month"
        day = int(g["day"])
        if year is None:
            year = _nearest_year(published, month, day, planned)
        resolved = _safe_date(year, month, day)
        if resolved is None:
            return None, "unknown"
        if self.kind == "offset_day":
            resolved += timedelta(days=1 if g["dir"] == "after" else -1)
        return resolved, "day"


# Every date expression contains one of these words: most sentences contain none and skip the patterns.
# Month names count only as written ("May", not "may"); the other words in any case.
_MONTH_WORDS = frozenset(_MONTH_NAMES.split("|"))
_OTHER_HINTS = [
    *(day.lower() for day in calendar.day_name),
    *("today", "tonight", "yesterday", "tomorrow", "week", "month", "morning", "afternoon", "evening", "night", "day"),
    *("days", "weeks"),
]
_HINT_WORDS = sorted({w.lower() for w in _MONTH_WORDS} | set(_OTHER_HINTS))
_HINTS = ahocorasick_rs.AhoCorasick(_HINT_WORDS)
_CASELESS_HINTS = frozenset(_OTHER_HINTS)


def find_dates(text: str, lowered: str | None = None) -> list[DateExpression]:
    """Non-overlapping date expressions in `text`, in order of appearance (`lowered`: `text.lower()`
    where the caller has it already).

    Every expression contains a date-like word (a month, a weekday, "today", "week", ...): one pass
    finds those words, and the patterns run only in short windows around them."""
    found: list[DateExpression] = []
    for start, end in _windows(text, lowered):
        found += _find_in(text[start:end], start)
    return found


def _windows(text: str, lowered: str | None) -> list[tuple[int, int]]:
    """Merged spans around each date-like word, wide enough for every pattern, cut at word edges."""
    spans: list[tuple[int, int]] = []
    for hint_start, hint_end in _date_hints(text, lowered):
        start = _word_edge_before(text, max(0, hint_start - WINDOW_BEFORE))
        end = _word_edge_after(text, min(len(text), hint_end + WINDOW_AFTER))
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _date_hints(text: str, lowered: str | None) -> list[tuple[int, int]]:
    """Spans of whole date-like words, found in one Aho-Corasick pass over the lowered text."""
    if lowered is None:
        lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lowered
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    hints = []
    for index, start, end in _HINTS.find_matches_as_indexes(lowered, overlapping=True):
        if not _whole_word(text, start, end):
            continue
        if _HINT_WORDS[index] in _CASELESS_HINTS or text[start:end] in _MONTH_WORDS:
            hints.append((start, end))
    return sorted(hints)


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


# "the day after the inauguration on January 20" reaches furthest before its month word.
WINDOW_BEFORE = 120
WINDOW_AFTER = 40


def _word_edge_before(text: str, index: int) -> int:
    while index > 0 and (text[index - 1].isalnum() or text[index].isalnum()):
        index -= 1
    return index


def _word_edge_after(text: str, index: int) -> int:
    while index < len(text) and text[index].isalnum():
        index += 1
    return index


# Words every match of a pattern contains, to skip the patterns a window cannot match (most windows
# hold one date word). Month names are matched as written, and each starts with one of `_MONTH_PREFIXES`;
# the other patterns ignore case and are tested on the lowered text (see `lowered_for_tests`).
_MONTH_PREFIXES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_KINDS = {"offset_day", "month_day", "day_month", "month"}
_KEY_WORDS = {
    "offset_day": ("the day",),
    # the names themselves, not "day", which "today" and "days" hold too
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "today": ("today", "tonight", "morning", "afternoon", "evening"),
    "yesterday": ("yesterday", "last night", "last evening"),
    "tomorrow": ("tomorrow",),
    "week": ("week",),
    "offset": ("day", "week"),
    "rel_month": ("month",),
}
# Each pattern with whether it needs a month name and the words it needs (one of them, in the lowered text).
_GUARDED_PATTERNS = [(kind, pattern, kind in _MONTH_KINDS, _KEY_WORDS.get(kind, ())) for kind, pattern in _PATTERNS]
_START = operator.attrgetter("start")


def _may_hold_date(text: str, lowered: str | None) -> bool:
    """`_MAY_HOLD_DATE.search(text)`, with substring tests where they give the same answer."""
    if lowered is None:
        return _MAY_HOLD_DATE.search(text) is not None
    return _DIGIT.search(text) is not None or any(map(lowered.__contains__, _LOWER_DATE_WORDS))


def _patterns_that_may_match(text: str, lowered: str | None) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns, less those missing a word they need in `text`."""
    names_month = any(map(text.__contains__, _MONTH_PREFIXES))
    return [
        (kind, pattern)
        for kind, pattern, needs_month, words in _GUARDED_PATTERNS
        if (names_month or not needs_month) and (not words or lowered is None or any(map(lowered.__contains__, words)))
    ]


def _find_in(text: str, offset: int = 0) -> list[DateExpression]:
    """Non-overlapping date expressions in `text`, in order, with offsets shifted by `offset`."""
    found: list[DateExpression] = []
    lowered = lowered_for_tests(text)
    if not _may_hold_date(text, lowered):
        return found
    taken = _Spans()
    for kind, pattern in _patterns_that_may_match(text, lowered):
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            if kind in ("month_day", "day_month") and not _valid_day(match.group("day")):
                continue
            taken.add(start, end)
            found.append(DateExpression(start + offset, end + offset, kind, match.groupdict()))
    return sorted(found, key=_START) if len(found) > 1 else found


class _Spans:
    """Non-overlapping spans kept sorted, so that an overlap test costs a binary search, not a scan
    of every earlier span (a long record holds tens of thousands of dates)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end)  # spans before `index` start before `end`
        return index > 0 and self.ends[index - 1] > start

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def fixed_date(start: int, end: int, day: date, precision: str) -> DateExpression:
    """An expression whose date is known from context (an anchor event or the previous engagement)."""
    return DateExpression(start, end, "fixed", {"iso": day.isoformat(), "precision": precision})


def _valid_day(day: str | None) -> bool:
    return day is not None and 1 <= int(day) <= 31


def _offset_day(groups: dict[str, str | None], published: date) -> tuple[date, str]:
    """ "in two more weeks": the week two weeks on; "three days ago": that day."""
    count_text = (groups.get("ahead") or groups.get("back") or "1").lower()
    count = int(count_text) if count_text.isdigit() else _COUNTS[count_text]
    unit = (groups.get("unit") or groups.get("back_unit") or "day").lower()
    sign = 1 if groups.get("ahead") else -1
    if unit.startswith("week"):
        day = published + timedelta(weeks=sign * count)
        return day - timedelta(days=day.weekday()), "week"
    return published + timedelta(days=sign * count), "day"


def _explicit_year(groups: dict[str, str | None], published: date) -> int | None:
    if groups.get("year"):
        return int(groups["year"])  # type: ignore[arg-type]
    relative = groups.get("rel_year")
    if relative:
        return published.year + {"last year": -1, "next year": 1}.get(relative, 0)
    return None


NEAR_FUTURE_DAYS = 10


def _year_of_named_month(published: date, month: int, which: str) -> int:
    """The year of "last November" (the latest before this month), "next May" (the first after) or "this June"."""
    if which == "last":
        return published.year - (month >= published.month)
    if which == "next":
        return published.year + (month <= published.month)
    return published.year


def _nearest_year(published: date, month: int, day: int, planned: bool, month_only: bool = False) -> int:
    candidate = _safe_date(published.year, month, min(day, 28)) or date(published.year, month, 1)
    if planned:
        limit = published.replace(day=1) if month_only else published - timedelta(days=1)
        return published.year if candidate >= limit else published.year + 1
    # A day named without its year up to a week and a half ahead is this year's ("On November 11, the Secretary
    # will attend", published on the 9th): the engagement is still to come, not last year's.
    limit = published + timedelta(days=1 if month_only else NEAR_FUTURE_DAYS)
    return published.year if candidate <= limit else published.year - 1


def _resolve_weekday(published: date, weekday: int, which: str, planned: bool) -> date:
    if which == "next":
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if planned and which != "last":  # "will meet on Monday", published on a Monday: that day
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    delta = (published.weekday() - weekday) % 7
    if which == "last" and delta == 0:
        delta = 7
    return published - timedelta(days=delta)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
