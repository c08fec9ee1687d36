"""The records the extraction stages pass along and return: actors found in a sentence, participants and
engagements of an article, diagnostics, and the per-article context that later sentences read."""

from __future__ import annotations

import csv
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from dagster_project.extraction.dates import DateExpression
from dagster_project.extraction.gazetteer import Match
from dagster_project.extraction.text import Sentence
from dagster_project.extraction.topics import SentenceRefs
from dagster_project.settings import SEEDS_DIR

HEADLINE = -1  # the sentence index of evidence that is the article's headline
NON_STATE = "NON_STATE"  # the code of armed and political groups that are not governments (seeds/actor_aliases.csv)
START = operator.attrgetter("start")


def date_precision_ranks(seeds_dir: Path = SEEDS_DIR) -> dict[str, int]:
    """The date precisions in order, the most precise first (seeds/date_precisions.csv, which the warehouse's
    int_engagements reads too to pick the best-dated report of an engagement)."""
    with (seeds_dir / "date_precisions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["date_precision"]: int(row["precision_rank"]) for row in csv.DictReader(handle)}


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
    role_kind: str = "place"  # place | person | location | destination | topic (spoken of, or an envoy's posting)


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
class ArticleContext:
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
    named_by_surname: dict[str, Actor | None] = field(default_factory=dict)  # see ActorResolver._remember_surname
    cancelled: list[Engagement] = field(default_factory=list)  # plans the article says were called off
    former_people: set[str] = field(default_factory=set)  # person ids of officials the article calls former
    # The officials the headline names, worked out when an official of unknown country asks (seldom).
    headline_people: Callable[[], list[Actor]] | None = None


class Mentions:
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
class SentenceView:
    """One sentence with what was found in it."""

    sentence: Sentence
    cues: list[Match]  # modality cues
    actors: list[Actor]
    dates: list[DateExpression]


def participant(actor: Actor, role: str) -> Participant:
    return Participant(actor.code, role, actor.person_id, actor.name, actor.title)


def distinct(actors: list[Actor]) -> list[Actor]:
    """Actors in order, one per country or organisation."""
    seen: set[str] = set()
    out = []
    for actor in actors:
        if actor.code not in seen:
            seen.add(actor.code)
            out.append(actor)
    return out
