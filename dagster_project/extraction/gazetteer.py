"""Load the seed dictionaries and find their entries in text with Aho-Corasick automata.

Matching cost grows with the length of the text, not with the number of dictionary entries:
each automaton is built once and scans a text in one pass.
"""

from __future__ import annotations

import contextlib
import csv
import gc
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import ahocorasick_rs

from dagster_project.extraction.dictionary_scan import (
    KIND_AT,
    NAME_KINDS,
    NAME_PREFIX_WORDS,
    START_AND_KIND,
    Entry,
    Match,
    family_matches,
    new_match,
    part_of_longer_name_at,
    with_families,
    without_words_of_names,
)
from dagster_project.extraction.text import SpanReach, word_positions

__all__ = ["Gazetteer", "Match", "OfficeTerm"]

ANAPHORA = {
    "the two leaders": "pair",
    "both leaders": "pair",
    "the leaders": "pair",
    "the two sides": "pair",
    "both sides": "pair",
    "the two ministers": "pair",
    "they": "pair",
    "They": "pair",
    "The two leaders": "pair",
    "Both leaders": "pair",
    "The leaders": "pair",
    "The two sides": "pair",
    "Both sides": "pair",
    "The two ministers": "pair",
}
# The same for the other plural nouns news uses for a pair of officials ("the two men last met in July").
for _noun in ("men", "women", "presidents", "prime ministers", "heads of state", "foreign ministers", "counterparts"):
    ANAPHORA[f"the two {_noun}"] = ANAPHORA[f"The two {_noun}"] = "pair"
# Titles too unspecific to stand for the holder of a similar office ("the envoy", "the Secretary").
ROLES_WITHOUT_FALLBACK = {"other_official", "generic"}
PHOENIX_ACTORS = "phoenix_government_actors.csv"
PHOENIX_PLACES = "phoenix_places.csv"  # cities and regions (see tools/derive_phoenix_places.py)
PLURAL_BY_S = frozenset("in")  # the last letters of demonyms whose people take an -s ("Saudis", "Iranians")


@dataclass(frozen=True)
class OfficeTerm:
    person_id: str
    name: str
    title: str
    role: str
    code: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Gazetteer:
    """Every dictionary the extractor uses, with automata built over their surface forms."""

    place_codes: dict[str, str] = field(default_factory=dict)  # alias -> country/org code
    place_kinds: dict[str, str] = field(default_factory=dict)  # alias -> alias_kind
    city_codes: dict[str, str] = field(default_factory=dict)  # city or region -> its country's code
    org_codes: set[str] = field(default_factory=set)
    org_members: dict[str, set[str]] = field(default_factory=dict)
    terms_by_alias: dict[str, list[OfficeTerm]] = field(default_factory=dict)
    terms_by_person: dict[str, list[OfficeTerm]] = field(default_factory=dict)
    terms_by_code: dict[str, list[OfficeTerm]] = field(default_factory=dict)
    terms_by_token: dict[str, list[OfficeTerm]] = field(default_factory=dict)  # first or last name part
    titles: dict[str, tuple[str, bool]] = field(default_factory=dict)  # title -> (role, is_head)
    title_country: dict[str, str] = field(default_factory=dict)  # lowercased title -> its only government
    # phrase -> (type, strength, part of speech, sense): the values of its matches
    triggers: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    modality: dict[str, str] = field(default_factory=dict)
    topic_keywords: dict[str, set[str]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    sovereign_of: dict[str, str] = field(default_factory=dict)  # dependent territory -> its sovereign country
    country_by_iso2: dict[str, str] = field(default_factory=dict)
    government_domains: dict[str, str] = field(default_factory=dict)  # domain suffix -> country code, or "*"

    def __post_init__(self) -> None:
        self._cased: ahocorasick_rs.AhoCorasick | None = None
        self._lower: ahocorasick_rs.AhoCorasick | None = None
        self._cased_patterns: list[list[Entry]] = []  # each pattern's entries, by pattern index
        self._lower_patterns: list[list[Entry]] = []

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> Gazetteer:
        """The dictionaries of the seed folder, with their automata built. Loading creates some hundred
        thousand objects and no garbage, so the cyclic collector, which would walk them all again and
        again as they pile up, is paused meanwhile. They live as long as the process, so they are then
        frozen out of its reach: each full collection (one every thousand or so articles) would otherwise
        walk them all again, at some tens of milliseconds."""
        with _collector_paused():
            gazetteer = cls._read_seeds(seeds_dir)
        gc.freeze()
        return gazetteer

    @classmethod
    def _read_seeds(cls, seeds_dir: Path) -> Gazetteer:
        g = cls()
        for row in _rows(seeds_dir / "countries.csv"):
            g.country_names[row["country_code"]] = row["name"]
            g.country_by_iso2[row["iso2"]] = row["country_code"]
            g._add_place(row["name"], row["country_code"], "name")
        for row in _rows(seeds_dir / "territories.csv"):
            g.sovereign_of[row["territory_code"]] = row["sovereign_code"]
        for row in _rows(seeds_dir / "organisations.csv"):
            g.org_codes.add(row["org_code"])
        for row in _rows(seeds_dir / "organisation_members.csv"):
            g.org_members.setdefault(row["org_code"], set()).add(row["country_code"])
        for row in _rows(seeds_dir / "actor_aliases.csv"):
            g._add_place(row["alias"], row["code"], row["alias_kind"])
            if row["alias_kind"] == "demonym" and row["alias"][-1:] in PLURAL_BY_S:
                for article in ("the", "The"):  # "talks with the Saudis": a side named by its people
                    g._add_place(f"{article} {row['alias']}s", row["code"], "name")
        curated = _rows(seeds_dir / "office_holders.csv")
        curated_names = {row["name"] for row in curated}
        # Officials from an open event coder's dictionary (see tools/derive_phoenix_actors.py) place people the
        # curated seed does not list; a curated entry of the same name wins.
        derived = [r for r in _rows(seeds_dir / PHOENIX_ACTORS) if r["name"] not in curated_names]
        for row in curated + derived:
            term = OfficeTerm(
                person_id=row["person_id"],
                name=row["name"],
                title=row["title"],
                role=row["role"],
                code=row["country_code"],
                start=date.fromisoformat(row["start_date"]),
                end=date.fromisoformat(row["end_date"]) if row.get("end_date") else None,
            )
            g.terms_by_person.setdefault(term.person_id, []).append(term)
            g.terms_by_code.setdefault(term.code, []).append(term)
            for token in {term.name.split()[0], term.name.split()[-1]}:
                g.terms_by_token.setdefault(token, []).append(term)
            aliases = {term.name, *(a.strip() for a in (row.get("aliases") or "").split("|"))}
            for alias in aliases | {_hyphen_variant(a) for a in aliases}:
                if alias and term not in g.terms_by_alias.get(alias, []):
                    g.terms_by_alias.setdefault(alias, []).append(term)
        if (seeds_dir / PHOENIX_PLACES).exists():
            for row in _rows(seeds_dir / PHOENIX_PLACES):
                g.city_codes[row["place"]] = row["country_code"]
        for row in _rows(seeds_dir / "government_domains.csv"):
            g.government_domains[row["domain"]] = row["code"]
        for row in _rows(seeds_dir / "office_titles.csv"):
            g.titles[row["title"]] = (row["role"], row["is_head"].strip().lower() == "true")
            if (row.get("country") or "").strip():  # a title only one government has ("Taoiseach")
                g.title_country[row["title"].lower()] = row["country"].strip()
        for row in _rows(seeds_dir / "engagement_triggers.csv"):
            g.triggers[row["phrase"].lower()] = (
                row["engagement_type"],
                row["strength"],
                row["part_of_speech"],
                row["sense"] or "",
            )
        for row in _rows(seeds_dir / "modality_cues.csv"):
            g.modality[row["cue"].lower()] = row["modality"]
        for row in _rows(seeds_dir / "topic_keywords.csv"):
            g.topic_keywords.setdefault(_topic_key(row["keyword"]), set()).add(row["topic"])
        g.build()
        return g

    def _add_place(self, alias: str, code: str, kind: str) -> None:
        alias = alias.strip()
        if alias and alias not in self.place_codes:
            self.place_codes[alias] = code
            self.place_kinds[alias] = kind
            if alias.startswith("the ") and alias[4:5].isupper():
                self._add_place("The " + alias[4:], code, kind)

    # ---- automata ------------------------------------------------------------------------
    def build(self) -> None:
        cased: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for alias, code in self.place_codes.items():
            cased[alias].append(("place", (code, self.place_kinds[alias])))
        for alias in self.terms_by_alias:
            cased[alias].append(("person", (alias,)))
        for title, (role, is_head) in self.titles.items():
            singular, plural = _title_forms(title)
            for form in singular:
                cased[form].append(("title", (title, role, str(is_head))))
            for form in plural - singular:
                cased[form].append(("title_plural", (title, role, str(is_head))))
        for phrase in ANAPHORA:
            cased[phrase].append(("anaphor", (ANAPHORA[phrase],)))
        for city, code in self.city_codes.items():
            if city not in cased:  # a curated alias, a person's name or a title of that spelling wins
                cased[city].append(("city", (code,)))
        lower: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for phrase, values in self.triggers.items():
            lower[phrase].append(("trigger", values))
        for cue, modality in self.modality.items():
            lower[cue].append(("modality", (modality,)))
        for keyword, topics in self.topic_keywords.items():
            family = lower if keyword == keyword.lower() else cased
            family[keyword].append(("topic", tuple(sorted(topics))))
        self._cased_patterns = with_families(cased)
        self._lower_patterns = with_families(lower)
        self._cased = ahocorasick_rs.AhoCorasick(list(cased))
        # A DFA searches fastest; for the few hundred lowercase phrases it takes milliseconds to build (for the
        # tens of thousands of names it would take a quarter of a second, for a small gain).
        self._lower = ahocorasick_rs.AhoCorasick(list(lower), implementation=ahocorasick_rs.Implementation.DFA)

    def scan(self, text: str, lowered: str | None = None) -> list[Match]:
        """All dictionary entries found in `text` on word boundaries, longest first, no overlaps within a
        family (names and titles; triggers; modality cues; topic keywords). `lowered` is `text.lower()`
        where the caller has it already."""
        assert self._cased is not None and self._lower is not None
        if lowered is None:
            lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowered
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found = family_matches(self._cased, self._cased_patterns, text, text)
        found += family_matches(self._lower, self._lower_patterns, lowered, text)
        found.sort(key=START_AND_KIND)
        return without_words_of_names(found, text)

    def with_later_mentions(self, found: list[Match], text: str) -> list[Match]:
        """News names an official in full once, then by one name ("Wang Yi ... Wang agreed", "Viktor Orban
        ... Orban also visited"): each later standalone use of the first or last name of one person already
        found in the text is a mention of that person (a name shared with another person, known or not, is
        left alone)."""
        people = [m for m in found if m[KIND_AT] == "person" and " " in m.values[0]]
        if not people:
            return found
        first_use: dict[str, tuple[str, int]] = {}
        shared: set[str] = set()
        for person in people:
            parts = person.values[0].split()
            for token in {parts[0], parts[-1]}:
                if len(token) < 3 or not token[0].isupper() or token in self.place_codes or token in self.titles:
                    continue
                known = first_use.get(token)
                if known and known[0] != person.values[0]:
                    shared.add(token)
                elif not known:
                    first_use[token] = (person.values[0], person.end)
        taken = SpanReach([m[:2] for m in found if m[KIND_AT] in NAME_KINDS])  # (start, end) of each name
        added = []
        for token, (alias, after) in first_use.items():
            if token in shared or token in NAME_PREFIX_WORDS:
                continue
            alone, in_other_names = [], False
            for start in word_positions(text, token, 0):
                end = start + len(token)
                if taken.overlaps(start, end):
                    continue
                if part_of_longer_name_at(text, start, end):
                    in_other_names = True  # "Kim Yong Chol": someone else the dictionaries do not hold
                    break
                if start >= after:
                    alone.append(start)
            if not in_other_names:
                added.extend(new_match((start, start + len(token), token, "person", (alias,))) for start in alone)
        if not added:
            return found
        return sorted(found + added, key=START_AND_KIND)

    # ---- look-ups ------------------------------------------------------------------------
    def terms_for(self, alias: str) -> list[OfficeTerm]:
        return self.terms_by_alias.get(alias, [])

    def holder_of(self, code: str, title: str, day: date) -> OfficeTerm | None:
        """The person who held `title` (or the same role) for `code` on `day`, if the seeds know."""
        role = self.titles.get(title, ("", False))[0]
        if role in ROLES_WITHOUT_FALLBACK:
            role = ""
        best = None
        for term in self.terms_by_code.get(code, []):
            if not term.covers(day):
                continue
            if term.title.lower() == title.lower():
                return term
            if role and term.role == role and best is None:
                best = term
        return best

    def titled_holder(self, name: str, title: str, day: date) -> OfficeTerm | None:
        """The one office holder on `day` with that title whose name starts or ends with `name`
        ("President Yoon" for Yoon Suk Yeol), else the one in office then with that surname, if exactly one fits."""
        terms = [t for t in self.terms_by_token.get(name, []) if t.covers(day)]
        fitting = {t.person_id: t for t in terms if t.title.lower() == title.lower()}
        if not fitting:  # "Secretary Clinton" in 2010: the one official in office then with that surname
            fitting = {t.person_id: t for t in terms if t.name.rsplit(" ", 1)[-1] == name}
        return next(iter(fitting.values())) if len(fitting) == 1 else None

    def domestic(self, a: str, b: str) -> bool:
        """Whether a and b are one country and its own dependent territory (Puerto Rico and the United States)."""
        return self.sovereign_of.get(a) == b or self.sovereign_of.get(b) == a

    def is_org(self, code: str) -> bool:
        return code in self.org_codes


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector in the block (if it runs), and let it run again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _topic_key(keyword: str) -> str:
    """Keywords written with capitals in the seeds ("WHO", "AI") match case-sensitively."""
    keyword = keyword.strip()
    return keyword if any(c.isupper() for c in keyword) else keyword.lower()


def _hyphen_variant(alias: str) -> str:
    """The same name with hyphens and spaces between its last two parts swapped ("Johnson-Smith")."""
    if "-" in alias:
        return alias.replace("-", " ")
    parts = alias.rsplit(" ", 2)
    return f"{parts[0]} {parts[1]}-{parts[2]}" if len(parts) == 3 and parts[1][:1].isupper() else alias


def _title_forms(title: str) -> tuple[set[str], set[str]]:
    """A title as written and capitalised, and its plural forms ("Defense Ministers", "heads of state")."""
    singular = {title, title[:1].upper() + title[1:]}
    head, sep, tail = title.partition(" of ")
    if " for " in head or head.endswith("s"):
        return singular, set()
    plural = (head[:-1] + "ies" if head.endswith("ry") else head + "s") + sep + tail
    return singular, {plural, plural[:1].upper() + plural[1:], plural.lower()}
