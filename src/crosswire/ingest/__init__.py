"""Ingest: sources (files, csv, jsonl, warc, url, feed), cleaning, dedupe.

`ingest` and `IngestReport` are re-exported lazily, so importing a small
helper such as `crosswire.ingest.decoding` does not load trafilatura.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crosswire.ingest.pipeline import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from crosswire.ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'crosswire.ingest' has no attribute {name!r}")
