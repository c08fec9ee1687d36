"""Score the extractor's own output on a folder of the labelled corpus (../shared/corpus/<set>).

The corpus's matching rule on the extractor's output directly, each document with the publisher its
`sources.tsv` names, as `make eval` feeds it: the warehouse's cross-article
clustering is left out (`make eval` scores the same folders through the whole pipeline).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.publisher import Publisher
from dagster_project.ingest.articles import RawArticle, parse_raw_file
from dagster_project.settings import SEEDS_DIR
from tools.evaluation.scoring import LabelledEngagement, Scores, load_gold, score
from tools.evaluation.sources import corpus_publishers


@cache
def extractor() -> Extractor:
    return Extractor(Gazetteer.from_seeds(SEEDS_DIR))


def _parent_topics() -> dict[str, str]:
    with (SEEDS_DIR / "topics.csv").open(encoding="utf-8") as handle:
        return {r["topic"]: r["parent_topic"] or r["topic"] for r in csv.DictReader(handle)}


def document_path(corpus: Path, doc: str) -> Path:
    if doc == "seed":
        return next((corpus.parent / "seed").glob("*.txt"))
    return corpus / f"{doc}.txt"


def predicted(corpus: Path) -> list[LabelledEngagement]:
    """The extractor's engagements for every labelled document of `corpus`."""
    parents = _parent_topics()
    publishers = corpus_publishers(corpus)
    rows = []
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)["doc"]
        path = document_path(corpus, doc)
        (article,) = list(parse_raw_file(path, path.parent))
        assert isinstance(article, RawArticle), article
        publisher = publishers.get(doc, Publisher())
        result = extractor().extract(article.body, article.published_date, article.dateline, article.title, publisher)
        for e in result.engagements:
            topics = frozenset(parents[t] for t in e.topics)
            kind = (e.engagement_type, e.status)
            rows.append(LabelledEngagement(doc, *kind, e.codes, e.engagement_date, e.date_precision, topics))
    return rows


def corpus_scores(corpus: Path) -> Scores:
    return score(load_gold(corpus / "gold.jsonl"), predicted(corpus))
