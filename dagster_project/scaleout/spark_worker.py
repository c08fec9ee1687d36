"""The extraction inside a Spark Python worker: Arrow batches of log events in, one tagged Arrow batch per table out.

No pyspark here: Spark calls `extract_arrow` through `mapInArrow`. Every output batch has the schema
`tagged_schema()`: a `table` tag and one struct column per extraction table, only the tagged one set,
so a single pass over the log yields all six tables. The extractor is built once per worker process
(Spark reuses its Python workers) from the seeds shipped beside this code.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.store import extract_batch
from dagster_project.extraction.store_schema import ARROW_SCHEMAS, TABLES
from dagster_project.settings import SEEDS_DIR

TAG = "table"
_extractor: Extractor | None = None


def tagged_schema() -> pa.Schema:
    """The tag, then a nullable struct per extraction table with that table's Arrow schema."""
    return pa.schema([(TAG, pa.string()), *((table, pa.struct(list(ARROW_SCHEMAS[table]))) for table in TABLES)])


def worker_extractor() -> Extractor:
    """This worker's extractor, built at its first batch."""
    global _extractor
    if _extractor is None:
        _extractor = Extractor(Gazetteer.from_seeds(SEEDS_DIR))
    return _extractor


def extract_arrow(batches: Iterator[pa.RecordBatch], version: str) -> Iterator[pa.RecordBatch]:
    """Extract each batch of `(event_id, position, payload)` rows, as `store.extract_batch` does on DuckDB."""
    extractor = worker_extractor()
    for batch in batches:
        rows = list(zip(*(batch.column(name).to_pylist() for name in ("event_id", "position", "payload")), strict=True))
        if not rows:
            continue
        for table, result in extract_batch(rows, extractor, version).items():
            if result.num_rows:
                yield tagged_batch(table, result)


def tagged_batch(table: str, result: pa.Table) -> pa.RecordBatch:
    """One table's rows in the tagged schema: its struct column set, the others null."""
    schema = tagged_schema()
    n = result.num_rows
    columns: list[pa.Array] = [pa.array([table] * n, pa.string())]
    for name in TABLES:
        struct_type = schema.field(name).type
        if name == table:
            arrays = [column.combine_chunks() for column in result.columns]
            columns.append(pa.StructArray.from_arrays(arrays, fields=list(struct_type)))
        else:
            columns.append(pa.nulls(n, struct_type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)
