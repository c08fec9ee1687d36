"""`make eval CORPUS=path`: build a warehouse from a labelled corpus through Dagster and score it.

The corpus folder holds `NNN.txt` documents and `gold.jsonl` (see ../shared/corpus/README.md);
a document `seed` is found through `sources.tsv`. Each document goes into the raw folder as a news
feed would deliver it: a JSON record with the text's title, dateline and body, and the publisher
that `sources.tsv` names (see `sources.py`). Prints precision, recall and F1 for occurred and
planned engagements, type, date and topic scores, and writes them as JSON (`--json`).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.extraction.publisher import Publisher
from dagster_project.ingest.articles import RawArticle, parse_text
from tools.evaluation.scoring import LabelledEngagement, Scores, load_gold, score
from tools.evaluation.sources import corpus_publishers


def corpus_documents(corpus: Path, doc_ids: set[str]) -> dict[str, Path]:
    """Map each labelled document id to its text file."""
    documents = {p.stem: p for p in corpus.glob("*.txt")}
    sources = corpus / "sources.tsv"
    if sources.exists():
        for row in csv.reader(sources.open(encoding="utf-8"), delimiter="\t"):
            if len(row) >= 2 and row[0] in doc_ids and row[0] not in documents:
                candidate = (corpus / row[1]).resolve()
                if candidate.is_file():
                    documents[row[0]] = candidate
    return {doc: path for doc, path in documents.items() if doc in doc_ids}


def feed_record(path: Path, publisher: Publisher) -> dict[str, str | None]:
    """A labelled text as a feed record: its date line, title and dateline parsed as the text format
    has them, and what the corpus says about its publisher."""
    article = parse_text(path.read_bytes(), path.name)
    if not isinstance(article, RawArticle):
        raise ValueError(f"{path}: {article.reason}: {article.detail}")
    return {
        "id": path.stem,
        "url": publisher.url,
        "source": publisher.source,
        "published_at": article.published_date.isoformat(),
        "title": article.title,
        "dateline": article.dateline,
        "body": article.body,
    }


def build_warehouse(documents: dict[str, Path], publishers: dict[str, Publisher], workdir: Path) -> Path:
    """Materialize every asset through Dagster over a raw folder holding the documents as feed records."""
    from dagster_project.definitions import defs
    from dagster_project.defs.resources import build_resources

    raw = workdir / "raw"
    raw.mkdir()
    for doc, path in documents.items():
        record = feed_record(path, publishers.get(doc, Publisher()))
        (raw / f"{doc}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    warehouse = workdir / "warehouse.duckdb"
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance,
            resources=build_resources(raw, warehouse),
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
    if not result.success:
        raise RuntimeError("the pipeline run failed")
    return warehouse


def predicted_engagements(warehouse: Path) -> list[LabelledEngagement]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """
            with docs as (
                select distinct m.engagement_id, regexp_replace(a.source_uri, '\\.json$', '') as doc
                from marts.fct_engagement_mentions m
                join marts.dim_article a using (article_id)
            )
            select docs.doc, e.engagement_type, e.status, e.engagement_date, e.date_precision,
                   (select list(distinct p.country_code) from marts.fct_engagement_participants p
                    where p.engagement_id = e.engagement_id) as participants,
                   coalesce((select list(distinct t.topic) from marts.fct_engagement_topics t
                             where t.engagement_id = e.engagement_id), []) as topics
            from docs join marts.fct_engagements e using (engagement_id)
            order by docs.doc, e.engagement_date, e.engagement_id
            """
        ).fetchall()
    finally:
        con.close()
    return [
        LabelledEngagement(doc, etype, status, frozenset(parts), day, precision, frozenset(topics))
        for doc, etype, status, day, precision, parts, topics in rows
    ]


def report(scores: Scores, verbose: bool) -> str:
    lines = [
        "",
        "Extraction scores",
        f"  {'status':<9} {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for status in ("occurred", "planned"):
        lines.append(
            f"  {status:<9} {scores.gold[status]:>5} {scores.predicted[status]:>5} {scores.matched[status]:>5} "
            f"{scores.precision(status):>6.3f} {scores.recall(status):>6.3f} {scores.f1(status):>6.3f}"
        )
    lines.append(f"  type accuracy {scores.type_accuracy:.3f} over {scores.matches} matches")
    lines.append(f"  date accuracy {scores.date_accuracy:.3f} over {scores.dated_matches} dated matches")
    lines.append(f"  topic micro-F1 {scores.topic_f1:.3f}")
    if verbose:
        lines += ["", "Missed:"] + [f"  {_describe(g)}" for g in scores.misses]
        lines += ["Extra:"] + [f"  {_describe(p)}" for p in scores.extras]
        lines += ["Errors:"] + [f"  {e}" for e in scores.errors]
    return "\n".join(lines)


def _describe(e: LabelledEngagement) -> str:
    day = e.day.isoformat() if isinstance(e.day, date) else "-"
    return f"{e.doc} {e.status} {e.engagement_type} {'-'.join(sorted(e.participants))} {day} {e.precision}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.evaluation", description=__doc__)
    parser.add_argument("corpora", type=Path, nargs="+", help="folders with NNN.txt documents and gold.jsonl")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--verbose", action="store_true", help="list misses, extras and errors")
    args = parser.parse_args(argv)
    figures: dict[str, dict] = {}
    for corpus in args.corpora:
        gold_path = corpus / "gold.jsonl"
        if not gold_path.exists():
            print(f"no gold.jsonl in {corpus}", file=sys.stderr)
            return 2
        gold = load_gold(gold_path)
        documents = corpus_documents(corpus, {g.doc for g in gold} | _all_docs(gold_path))
        with tempfile.TemporaryDirectory(prefix="news-eval-") as workdir:
            warehouse = build_warehouse(documents, corpus_publishers(corpus), Path(workdir))
            scores = score(gold, predicted_engagements(warehouse))
        print(f"{corpus.name}: {len(documents)} documents, {len(gold)} labelled engagements")
        print(report(scores, args.verbose))
        figures[corpus.name] = scores.as_dict() | {"documents": len(documents)}
    print(summary_table(figures))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = figures if len(figures) > 1 else next(iter(figures.values()))
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


def summary_table(figures: dict[str, dict]) -> str:
    """One line per corpus folder: occurred P / R / F1, planned F1, date and type accuracy, topic F1."""
    lines = [
        "",
        f"{'set':<8} {'docs':>5} {'occ P':>6} {'occ R':>6} {'occ F1':>6} {'pln F1':>6} {'date':>6} {'type':>6} "
        f"{'topic':>6}",
    ]
    for name, f in figures.items():
        lines.append(
            f"{name:<8} {f['documents']:>5} {f['occurred_precision']:>6.3f} {f['occurred_recall']:>6.3f} "
            f"{f['occurred_f1']:>6.3f} {f['planned_f1']:>6.3f} {f['date_accuracy']:>6.3f} {f['type_accuracy']:>6.3f} "
            f"{f['topic_f1']:>6.3f}"
        )
    return "\n".join(lines)


def _all_docs(gold_path: Path) -> set[str]:
    return {json.loads(line)["doc"] for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()}


if __name__ == "__main__":
    raise SystemExit(main())
