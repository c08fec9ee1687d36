"""Names, titles, countries and topic words for the synthetic corpus, read from the dbt seeds.

Office holders carry their term dates, so an article can name people who held office on its
publication date. No Dagster here: the corpus generator is a plain module.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# Topic keywords that read badly in running text (acronyms, ambiguous words).
_AWKWARD_KEYWORDS = {"who", "ai", "wto", "lng", "5g", "opec", "icet", "gdp", "h-1b", "aukus", "nato", "data", "tech"}


@dataclass(frozen=True)
class Holder:
    """One office term from `office_holders.csv`."""

    person_id: str
    name: str
    short_name: str
    title: str
    code: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Forum:
    """An organisation with member countries, named by its short alias (`G20`, `ASEAN`)."""

    code: str
    label: str
    members: tuple[str, ...]


@dataclass
class Vocabulary:
    """Everything the generator draws from; `holders_in_month` is keyed by (year, month)."""

    country_names: dict[str, str]
    demonyms: dict[str, str]
    capitals: dict[str, str]
    forums: list[Forum]
    topic_words: dict[str, list[str]]
    topics: list[str] = field(default_factory=list)
    holders_in_month: dict[tuple[int, int], list[Holder]] = field(default_factory=dict)

    def place(self, code: str) -> str:
        return self.country_names.get(code, code)

    def capital(self, code: str) -> str:
        return self.capitals.get(code) or self.place(code)


def load_vocabulary(seeds_dir: Path, first: date, last: date) -> Vocabulary:
    """Read the seed CSVs; index office holders by the months [first, last] they fully cover."""
    countries = {r["country_code"]: r["name"] for r in _rows(seeds_dir / "countries.csv")}
    demonyms, capitals, shorts = _aliases(seeds_dir / "actor_aliases.csv")
    vocabulary = Vocabulary(
        country_names=countries,
        demonyms=demonyms,
        capitals=capitals,
        forums=_forums(seeds_dir, shorts),
        topic_words=_topic_words(seeds_dir / "topic_keywords.csv"),
    )
    holders = [h for h in _holders(seeds_dir / "office_holders.csv") if h.code in countries]
    vocabulary.topics = sorted(vocabulary.topic_words)
    vocabulary.holders_in_month = _by_month(holders, first, last)
    return vocabulary


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _aliases(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The first demonym, capital and short name of every code."""
    by_kind: dict[str, dict[str, str]] = {"demonym": {}, "capital": {}, "short": {}}
    for row in _rows(path):
        kinds = by_kind.get(row["alias_kind"])
        if kinds is not None:
            kinds.setdefault(row["code"], row["alias"])
    return by_kind["demonym"], by_kind["capital"], by_kind["short"]


def _forums(seeds_dir: Path, shorts: dict[str, str]) -> list[Forum]:
    members: dict[str, list[str]] = defaultdict(list)
    for row in _rows(seeds_dir / "organisation_members.csv"):
        members[row["org_code"]].append(row["country_code"])
    return [
        Forum(code, shorts.get(code, code), tuple(sorted(countries)))
        for code, countries in sorted(members.items())
        if len(countries) >= 3
    ]


def _topic_words(path: Path) -> dict[str, list[str]]:
    words: dict[str, list[str]] = defaultdict(list)
    for row in _rows(path):
        keyword = row["keyword"]
        if keyword not in _AWKWARD_KEYWORDS and len(keyword) > 3 and not keyword.startswith("cop"):
            words[row["topic"]].append(keyword)
    return dict(words)


def _holders(path: Path) -> list[Holder]:
    holders = []
    for row in _rows(path):
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        short = min((a for a in aliases if " " not in a), key=len, default=row["name"])
        end = date.fromisoformat(row["end_date"]) if row.get("end_date") else None
        holders.append(
            Holder(
                row["person_id"],
                row["name"],
                short,
                row["title"],
                row["country_code"],
                date.fromisoformat(row["start_date"]),
                end,
            )
        )
    return holders


def _by_month(holders: list[Holder], first: date, last: date) -> dict[tuple[int, int], list[Holder]]:
    """Holders whose term covers the whole month, for every month from `first` to `last`."""
    months: dict[tuple[int, int], list[Holder]] = {}
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        months[(year, month)] = [h for h in holders if h.start <= start and (h.end is None or h.end >= following)]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
