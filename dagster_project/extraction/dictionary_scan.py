"""Turn an automaton's raw hits into matches: whole words, longest first, no overlap in a family, none inside a name."""

from __future__ import annotations

import functools
import operator
import re
from typing import NamedTuple

import ahocorasick_rs

from dagster_project.extraction.text import IS_WORD_CHAR

# Kinds that compete for the same words: a longer match of one hides shorter ones of the others.
_FAMILY = dict.fromkeys(("place", "city", "person", "title", "title_plural", "anaphor"), "name")
_FAMILIES = ("name", "trigger", "modality", "topic")  # a family's place in the list of last kept ends
# Fields of a Match by position: a named tuple's fields read by name cost an attribute look-up each.
START_AND_KIND = operator.itemgetter(0, 3)
KIND = operator.itemgetter(3)
KIND_AT = 3  # the position of a Match's kind, for reads by position in loops over many matches
_HIT_START = operator.itemgetter(1)  # of a hit (pattern index, start, end)


class Match(NamedTuple):
    """One dictionary entry found in a text (a named tuple: scans create thousands of them)."""

    start: int
    end: int
    text: str
    kind: str  # place | city | person | title | title_plural | anaphor | trigger | modality | topic
    values: tuple[str, ...]


Entry = tuple[str, tuple[str, ...], int]  # kind, values, family (its place in `_FAMILIES`)
# Builds a Match from a tuple of its fields in C, without the Python-level `__new__` of named tuples.
new_match = functools.partial(tuple.__new__, Match)


def with_families(patterns: dict[str, list[tuple[str, tuple[str, ...]]]]) -> list[list[Entry]]:
    """Each pattern's entries, in pattern order, with the family whose matches may not overlap."""
    return [
        [(kind, values, _FAMILIES.index(_FAMILY.get(kind, kind))) for kind, values in entries]
        for entries in patterns.values()
    ]


def family_matches(
    automaton: ahocorasick_rs.AhoCorasick, entries_of: list[list[Entry]], haystack: str, text: str
) -> list[Match]:
    """The automaton's hits in `haystack` that are whole words of `text`, from left to right and longest first
    at each start, less those overlapping the last kept match of their family. The loop runs for every raw
    hit (some in the middle of longer words), so it looks names up in locals."""
    hits = automaton.find_matches_as_indexes(haystack, overlapping=True)
    # The automaton reports hits in order of their ends; reversed and sorted by start (a stable sort), the
    # longest hit comes first at each start (one pattern fits a span).
    hits.reverse()
    hits.sort(key=_HIT_START)
    found: list[Match] = []
    append, make_match, is_word = found.append, new_match, IS_WORD_CHAR
    last_end = [-1] * len(_FAMILIES)
    last = len(text) - 1
    for index, start, end in hits:
        if (start and is_word[text[start - 1]]) or (end <= last and is_word[text[end]]):
            continue
        for kind, values, family in entries_of[index]:
            if start < last_end[family]:
                continue
            last_end[family] = end
            append(make_match((start, end, text[start:end], kind, values)))
    return found


def without_words_of_names(found: list[Match], text: str) -> list[Match]:
    """A word inside a person's name is the name, not a cue or a trigger: "Theresa May will" holds no
    modal "may", "Mr Call" no call. A modal that is also a name or a month, written with a capital inside a
    sentence, is the name or the month ("on May 7 will arrive", "Will Smith"); other cues keep their sense
    in a headline written in capitals ("Minister Cancels Visit")."""
    people = [m for m in found if m[KIND_AT] == "person"]
    one_word = [m for m in people if " " not in m.text]
    if one_word:
        ends = {m.end for m in found}
        starts = {m.start for m in found}
        longer = {id(m) for m in one_word if _part_of_longer_name(m, text, starts, ends)}
        if longer:
            found = [m for m in found if id(m) not in longer]
            people = [m for m in people if id(m) not in longer]
    words = [m for m in found if m[KIND_AT] in _WORD_KINDS]
    dropped = _inside_names(words, people) if people and words else set()
    dropped.update(
        id(m)
        for m in words
        if m.kind == "modality"
        and m.text[:1].isupper()
        and m.text.lower() in MODALS_ALSO_NAMES
        and not _starts_sentence(text, m.start)
    )
    return [m for m in found if id(m) not in dropped] if dropped else found


def _inside_names(words: list[Match], people: list[Match]) -> set[int]:
    """Ids of the words (in text order) that lie within a person's name (`people`, in text order): a name
    covers a word when it starts at or before it and reaches the word's end."""
    inside = set()
    reach = -1  # the furthest end of the names starting at or before the word
    count = 0
    for word in words:
        while count < len(people) and people[count].start <= word.start:
            reach = max(reach, people[count].end)
            count += 1
        if word.end <= reach:
            inside.add(id(word))
    return inside


def _part_of_longer_name(person: Match, text: str, starts: set[int], ends: set[int]) -> bool:
    """A one-word alias written next to another capitalised word that no dictionary knows ("Anwar Gargash"
    is not Anwar Ibrahim; "PM Modi", "Indian Modi" are Modi): part of the name of someone else."""
    if " " in person.text:
        return False
    after = NAME_WORD_AFTER.match(text, person.end)
    if after is not None and person.end + 1 not in starts:
        return True
    before = NAME_WORD_BEFORE.search(text, max(0, person.start - 30), person.start)
    return before is not None and before.group(1) not in NAME_PREFIX_WORDS and person.start - 1 not in ends


def part_of_longer_name_at(text: str, start: int, end: int) -> bool:
    after = NAME_WORD_AFTER.match(text, end)
    before = NAME_WORD_BEFORE.search(text, max(0, start - 30), start)
    return after is not None or (before is not None and before.group(1) not in NAME_PREFIX_WORDS)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \"“‘'(")
    return not before or before[-1] in ".!?:\n"


MODALS_ALSO_NAMES = frozenset({"may", "will", "march"})
_WORD_KINDS = frozenset({"modality", "trigger"})
NAME_KINDS = frozenset({"person", "place", "city", "title", "title_plural", "anaphor"})
NAME_WORD_AFTER = re.compile(r" (?:bin |al-|el-|van |de )?[A-Z][a-zà-ÿ]+\b(?![’']s\b)")
NAME_WORD_BEFORE = re.compile(r"(?=[A-Z])\b([A-Z][a-zà-ÿ]+) \Z")  # the lookahead speeds the search up
# Capitalised words that stand before a surname without being part of the name.
NAME_PREFIX_WORDS = {
    "Mr", "Ms", "Mrs", "Dr", "President", "Minister", "Premier", "Chancellor", "King", "Queen", "Prince", "Sheikh",
    "Emir", "Secretary", "Ambassador", "General", "Envoy", "Leader", "Senator", "Governor", "Counterpart", "The",
    "When", "While", "But", "And", "As", "After", "Before", "If", "Then", "Both", "His", "Her", "Their",
}  # fmt: skip
