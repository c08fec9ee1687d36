"""Score predicted engagements against hand labels, with the labelled corpus's matching rule.

Per document and status, each gold engagement is matched to at most one predicted engagement
mentioned in that document: participants must agree (equal country sets, and equal organisation
codes where the gold lists one; for multilateral meetings an organisation or two countries in
common), types must be equal or visit/meeting; among candidates the same type wins, then an
acceptable date, then the closest date.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dagster_project.settings import SEEDS_DIR


def _organisation_codes() -> frozenset[str]:
    with (SEEDS_DIR / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["org_code"] for row in csv.DictReader(handle))


ORGANISATIONS = _organisation_codes()


def _top_level_topics() -> frozenset[str]:
    """The ten topics that engagements are scored on: those of seeds/topics.csv without a parent."""
    with (SEEDS_DIR / "topics.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["topic"] for row in csv.DictReader(handle) if not row["parent_topic"])


TOP_LEVEL_TOPICS = _top_level_topics()
DATE_TOLERANCE_DAYS = {"day": 1, "approx": 2, "week": 7}


@dataclass(frozen=True)
class LabelledEngagement:
    doc: str
    engagement_type: str
    status: str
    participants: frozenset[str]
    day: date | None
    precision: str
    topics: frozenset[str]

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(p for p in self.participants if not _is_org(p))

    @property
    def orgs(self) -> frozenset[str]:
        return frozenset(p for p in self.participants if _is_org(p))


@dataclass
class Scores:
    matched: dict[str, int] = field(default_factory=lambda: {"occurred": 0, "planned": 0})
    gold: dict[str, int] = field(default_factory=lambda: {"occurred": 0, "planned": 0})
    predicted: dict[str, int] = field(default_factory=lambda: {"occurred": 0, "planned": 0})
    type_correct: int = 0
    dated_matches: int = 0
    date_correct: int = 0
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    misses: list[LabelledEngagement] = field(default_factory=list)
    extras: list[LabelledEngagement] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def precision(self, status: str) -> float:
        return _ratio(self.matched[status], self.predicted[status])

    def recall(self, status: str) -> float:
        return _ratio(self.matched[status], self.gold[status])

    def f1(self, status: str) -> float:
        p, r = self.precision(status), self.recall(status)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def matches(self) -> int:
        return sum(self.matched.values())

    @property
    def type_accuracy(self) -> float:
        return _ratio(self.type_correct, self.matches)

    @property
    def date_accuracy(self) -> float:
        return _ratio(self.date_correct, self.dated_matches)

    @property
    def topic_f1(self) -> float:
        p = _ratio(self.topic_tp, self.topic_tp + self.topic_fp)
        r = _ratio(self.topic_tp, self.topic_tp + self.topic_fn)
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {}
        for status in ("occurred", "planned"):
            out[f"{status}_precision"] = round(self.precision(status), 3)
            out[f"{status}_recall"] = round(self.recall(status), 3)
            out[f"{status}_f1"] = round(self.f1(status), 3)
            out[f"{status}_gold"] = self.gold[status]
            out[f"{status}_predicted"] = self.predicted[status]
            out[f"{status}_matched"] = self.matched[status]
        out["type_accuracy"] = round(self.type_accuracy, 3)
        out["date_accuracy"] = round(self.date_accuracy, 3)
        out["topic_f1"] = round(self.topic_f1, 3)
        return out


def load_gold(path: Path) -> list[LabelledEngagement]:
    labelled = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for item in record["engagements"]:
            labelled.append(
                LabelledEngagement(
                    doc=record["doc"],
                    engagement_type=item["type"],
                    status=item["status"],
                    participants=frozenset(item["participants"]),
                    day=date.fromisoformat(item["date"]) if item.get("date") else None,
                    precision=item.get("date_precision") or "unknown",
                    topics=frozenset(item.get("topics") or []) & TOP_LEVEL_TOPICS,
                )
            )
    return labelled


def score(gold: Iterable[LabelledEngagement], predicted: Iterable[LabelledEngagement]) -> Scores:
    scores = Scores()
    gold_list, predicted_list = list(gold), list(predicted)
    for item in predicted_list:
        scores.predicted[item.status] += 1
    for item in gold_list:
        scores.gold[item.status] += 1
    keys = {(g.doc, g.status) for g in gold_list} | {(p.doc, p.status) for p in predicted_list}
    for doc, status in sorted(keys):
        golds = [g for g in gold_list if g.doc == doc and g.status == status]
        candidates = [p for p in predicted_list if p.doc == doc and p.status == status]
        for g in golds:
            best = _best_candidate(g, candidates)
            if best is None:
                scores.misses.append(g)
                continue
            candidates.remove(best)
            _score_match(g, best, scores)
        scores.extras.extend(candidates)
    return scores


def _best_candidate(gold: LabelledEngagement, candidates: list[LabelledEngagement]) -> LabelledEngagement | None:
    eligible = [c for c in candidates if _participants_agree(gold, c) and _types_compatible(gold, c)]
    if not eligible:
        return None
    return min(
        eligible,
        key=lambda c: (
            c.engagement_type != gold.engagement_type,
            not date_acceptable(gold, c.day),
            _date_distance(gold.day, c.day),
        ),
    )


def _participants_agree(gold: LabelledEngagement, predicted: LabelledEngagement) -> bool:
    if gold.engagement_type == "multilateral_meeting":
        return bool(gold.orgs & predicted.orgs) or len(gold.countries & predicted.countries) >= 2
    if gold.countries != predicted.countries:
        return False
    return not gold.orgs or gold.orgs == predicted.orgs


def _types_compatible(gold: LabelledEngagement, predicted: LabelledEngagement) -> bool:
    if gold.engagement_type == predicted.engagement_type:
        return True
    return {gold.engagement_type, predicted.engagement_type} == {"visit", "meeting"}


def date_acceptable(gold: LabelledEngagement, day: date | None) -> bool:
    if gold.day is None or gold.precision == "unknown":
        return True
    if day is None:
        return False
    if gold.precision == "month":
        return (day.year, day.month) == (gold.day.year, gold.day.month)
    return abs((day - gold.day).days) <= DATE_TOLERANCE_DAYS.get(gold.precision, 1)


def _date_distance(a: date | None, b: date | None) -> int:
    if a is None or b is None:
        return 10**6
    return abs((a - b).days)


def _score_match(gold: LabelledEngagement, predicted: LabelledEngagement, scores: Scores) -> None:
    scores.matched[gold.status] += 1
    if gold.engagement_type == predicted.engagement_type:
        scores.type_correct += 1
    else:
        scores.errors.append(f"type {gold.doc}: gold {gold.engagement_type}, predicted {predicted.engagement_type}")
    if gold.day is not None and gold.precision != "unknown":
        scores.dated_matches += 1
        if date_acceptable(gold, predicted.day):
            scores.date_correct += 1
        else:
            scores.errors.append(f"date {gold.doc} {gold.engagement_type}: gold {gold.day}, predicted {predicted.day}")
    if gold.topics != predicted.topics:
        gold_topics, predicted_topics = sorted(gold.topics), sorted(predicted.topics)
        scores.errors.append(f"topics {gold.doc} {gold.engagement_type}: gold {gold_topics}, got {predicted_topics}")
    scores.topic_tp += len(gold.topics & predicted.topics)
    scores.topic_fp += len(predicted.topics - gold.topics)
    scores.topic_fn += len(gold.topics - predicted.topics)


def _is_org(code: str) -> bool:
    return code in ORGANISATIONS


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0
