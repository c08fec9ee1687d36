"""Split article bodies into paragraphs and sentences, keeping character offsets into the body."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import NamedTuple

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "prof",
    "hon",
    "rev",
    "mt",
    "ft",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "h.e",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "approx",
    "est",
    "fig",
    "al",
    "p.m",
    "a.m",
}
# "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern that opens with a character set lets the search skip
# ahead to the next candidate character instead of trying the pattern at every position.
_BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_BOUNDARY_MARKS = (".", "!", "?", "…")  # the characters a match of `_BOUNDARY` opens with
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class Sentence(NamedTuple):
    index: int
    paragraph: int
    start: int
    end: int
    text: str


# Ignoring case, capital I with dot and dotless i match "i", and long s matches "s", without lowering to
# them; every other letter matches an ASCII letter exactly when it lowers to it.
_ODD_CASE_LETTERS = ("\u0130", "\u0131", "\u017f")


def lowered_for_tests(text: str) -> str | None:
    """`text` lowered, in which a word of ASCII letters is found exactly when a case-insensitive pattern finds
    it; None when the text holds one of the few letters for which that is not so."""
    if any(map(text.__contains__, _ODD_CASE_LETTERS)):
        return None
    return text.lower()


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of `body` in order, with offsets; paragraphs are separated by blank lines."""
    sentences: list[Sentence] = []
    for paragraph_index, (p_start, p_end) in enumerate(_paragraph_spans(body)):
        start = p_start
        for match in matches_opening_with(_BOUNDARY, _BOUNDARY_MARKS, body, p_start, p_end):
            if _is_abbreviation(body, start, match.start()):
                continue
            end = match.end()
            _append(sentences, body, paragraph_index, start, end)
            start = end
        _append(sentences, body, paragraph_index, start, p_end)
    return sentences


def matches_opening_with(
    pattern: re.Pattern[str], openings: tuple[str, ...], text: str, start: int, end: int
) -> list[re.Match[str]]:
    """`pattern.finditer(text, start, end)` as a list, for a pattern whose every match is non-empty and opens
    with one of `openings`: the pattern is tried only where `str.find` finds an opening, which reads a long text
    many times faster than a regex search trying the pattern at every position."""
    candidates = []
    for opening in openings:
        index = text.find(opening, start, end)
        while index >= 0:
            candidates.append(index)
            index = text.find(opening, index + 1, end)
    if len(openings) > 1:
        candidates.sort()
    found = []
    position = start  # where the search goes on: after the last match
    for candidate in candidates:
        if candidate >= position:
            match = pattern.match(text, candidate, end)
            if match is not None:
                found.append(match)
                position = match.end()
    return found


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def _is_abbreviation(body: str, start: int, dot: int) -> bool:
    if body[dot] != ".":
        return False
    before = body[start:dot]
    word = before[len(before.rstrip(_WORD_CHARS)) :]  # the letters and dots right before the dot
    token = word.lower().rstrip(".")
    if not token:
        return False
    # initials such as "S." in "S. Jaishankar" and abbreviations such as "U.S." or "Mr."
    return len(token) == 1 or token in _ABBREVIATIONS


_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ."


def _append(sentences: list[Sentence], body: str, paragraph: int, start: int, end: int) -> None:
    raw = body[start:end]
    left_stripped = raw.lstrip()
    if not left_stripped:
        return
    stripped = left_stripped.rstrip()
    offset = start + (len(raw) - len(left_stripped))
    sentences.append(_new_sentence((len(sentences), paragraph, offset, offset + len(stripped), stripped)))


# Builds a Sentence from a tuple of its fields in C, without the Python-level `__new__` of named tuples.
_new_sentence = functools.partial(tuple.__new__, Sentence)


def word_positions(text: str, word: str, start: int = 0) -> list[int]:
    """Where `word` stands as a whole word in `text` from `start` on (not inside a longer word or a
    hyphenated one); found with str.find, so that no pattern is compiled per word."""
    found = []
    index = text.find(word, start)
    while index >= 0:
        end = index + len(word)
        before = text[index - 1] if index else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            found.append(index)
        index = text.find(word, end)
    return found


class _WordChars(dict[str, bool]):
    """Whether a character belongs to a word (`\\w`: a letter, digit or underscore), remembered per character."""

    def __missing__(self, char: str) -> bool:
        self[char] = is_word = char.isalnum() or char == "_"
        return is_word


IS_WORD_CHAR = _WordChars()


class SpanReach:
    """Spans (in text order) with the furthest end reached so far, so that whether any of them
    overlaps a span costs a binary search, not a scan."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        self.reach = list(itertools.accumulate((end for _, end in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the spans starting before `end`
        return before > 0 and self.reach[before - 1] > start
