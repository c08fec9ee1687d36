"""The extractor against the hand-labelled development corpus in ../shared/corpus/dev (read at test time).

The corpus is scored with the corpus's matching rule on the extractor's output directly (the
warehouse's cross-article clustering is left out); `make eval` scores it through the pipeline.
"""

from __future__ import annotations

import csv
import json

import pytest

from dagster_project.articles import RawArticle, parse_raw_file
from dagster_project.evaluation import LabelledEngagement, Scores, load_gold, score
from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.settings import SEEDS_DIR
from tests.conftest import SHARED_CORPUS

DEV = SHARED_CORPUS / "dev"


@pytest.fixture(scope="module")
def dev_scores() -> Scores:
    if not (DEV / "gold.jsonl").exists():
        pytest.skip(f"the labelled development corpus is not present at {DEV} (../shared is absent)")
    parents = {r["topic"]: r["parent_topic"] or r["topic"] for r in csv.DictReader((SEEDS_DIR / "topics.csv").open())}
    extractor = Extractor(Gazetteer.from_seeds(SEEDS_DIR))
    predicted = []
    for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)["doc"]
        path = DEV / f"{doc}.txt" if doc != "seed" else next((SHARED_CORPUS / "seed").glob("*.txt"))
        (article,) = list(parse_raw_file(path, path.parent))
        assert isinstance(article, RawArticle)
        result = extractor.extract(article.body, article.published_date, article.dateline, article.title)
        for e in result.engagements:
            topics = frozenset(parents[t] for t in e.topics)
            predicted.append(
                LabelledEngagement(
                    doc, e.engagement_type, e.status, e.codes, e.engagement_date, e.date_precision, topics
                )
            )
    return score(load_gold(DEV / "gold.jsonl"), predicted)


def test_occurred_engagements_meet_the_targets(dev_scores: Scores) -> None:
    assert dev_scores.precision("occurred") >= 0.90, dev_scores.extras
    assert dev_scores.recall("occurred") >= 0.85, dev_scores.misses


def test_planned_engagements_meet_the_target(dev_scores: Scores) -> None:
    assert dev_scores.f1("planned") >= 0.70, (dev_scores.misses, dev_scores.extras)


def test_dates_and_topics_meet_the_targets(dev_scores: Scores) -> None:
    assert dev_scores.date_accuracy >= 0.90, dev_scores.errors
    assert dev_scores.topic_f1 >= 0.80
