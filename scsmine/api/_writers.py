"""Writing passage rows to JSONL, CSV or Parquet, atomically (temp file, then rename)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

__all__ = ["EXPORT_COLUMNS", "write_rows"]

EXPORT_COLUMNS = (
    "doc_id",
    "passage_id",
    "ordinal",
    "kind",
    "label",
    "heading",
    "lang",
    "text",
    "start",
    "end",
    "title",
    "doc_type",
    "origin",
    "doc_lang",
    "date",
    "year",
    "level",
    "jurisdiction",
    "issuer",
    "doc_number",
    "url",
    "source",
    "status",
    "drivers",
    "frames",
    "tone",
)


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return value


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def write_rows(rows: Iterable[dict[str, Any]], out: Path, fmt: str) -> int:
    """Write ``rows`` to ``out`` in ``fmt`` (jsonl, csv, parquet); returns the row count."""
    tmp = out.with_name(out.name + ".part")
    n = 0
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.schema(
                [
                    (
                        c,
                        pa.list_(pa.string())
                        if c in ("drivers", "frames")
                        else pa.int64()
                        if c in ("ordinal", "start", "end", "year")
                        else pa.string(),
                    )
                    for c in EXPORT_COLUMNS
                ]
            )
            with pq.ParquetWriter(tmp, schema) as writer:
                for batch in _batches(rows, 5000):
                    cols = {c: [r.get(c) for r in batch] for c in EXPORT_COLUMNS}
                    writer.write_table(pa.table(cols, schema=schema))
                    n += len(batch)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                writer = (
                    csv.DictWriter(fh, fieldnames=list(EXPORT_COLUMNS), extrasaction="ignore") if fmt == "csv" else None
                )
                if writer:
                    writer.writeheader()
                for row in rows:
                    if writer:
                        writer.writerow({k: _cell(row.get(k)) for k in EXPORT_COLUMNS})
                    else:
                        fh.write(json.dumps({k: row.get(k) for k in EXPORT_COLUMNS}, ensure_ascii=False) + "\n")
                    n += 1
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return n
