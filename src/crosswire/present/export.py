"""Exports of the store: JSON per docs/OUTPUT.md, and one CSV per record type.

Every contract key is present even in a store not linked yet (stories are
then an empty list); a linked store adds provenance edges, shared passages
and claim groups as extra record types.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from crosswire.assess.credibility import credibility_signals
from crosswire.store import open_store
from crosswire.present.records_export import build_records
from crosswire.store import reading
from crosswire.store.schema import article_leads

SCHEMA_VERSION = "1"
CONTRACT_FIELDS: dict[str, list[str]] = {
    "articles": ["id", "outlet", "url", "title", "published", "word_count", "copy_of", "removed_furniture"],
    "claims": ["id", "article_id", "text", "kind", "source", "via", "cue", "hedged", "event_id", "evidence"],
    "figures": ["id", "article_id", "claim_id", "event_id", "category", "group", "low", "high", "text", "evidence"],
    "events": ["id", "type", "date", "date_precision", "location", "actors", "article_ids", "figures", "corroboration"],
    "stories": ["id", "title", "event_ids", "article_ids"],
}
_LINK_EXTRAS = ("provenance_edges", "shared_passages", "claim_groups", "claim_stances")


def build_export(connection: Connection) -> dict[str, Any]:
    """The whole store as one JSON-ready object (the OUTPUT.md contract plus extras)."""
    furniture = reading.furniture_by_article(connection)
    sources = reading.sources_by_article(connection)
    credibility = credibility_signals(connection)
    leads = _leads(connection)
    article_records = [
        {
            "id": row["id"],
            "outlet": row["outlet"],
            "url": row["url"],
            "title": row["title"],
            "published": row["published"],
            "word_count": row["word_count"],
            "copy_of": row["copy_of"],
            "removed_furniture": furniture.get(row["id"], []),
            "author": row["author"],
            "copy_similarity": None if row["copy_similarity"] is None else row["copy_similarity"] / 1000,
            "sources": sources.get(row["id"], []),
            "extra": row["extra"],
            "text": row["text"],
            "credibility": credibility[row["id"]].as_dict() if row["id"] in credibility else None,
            "lead": leads.get(row["id"]),
        }
        for row in reading.iter_articles(connection)
    ]
    entity_records = [
        {
            "id": f"{row['article_id']}:e{row['position']}",
            "article_id": row["article_id"],
            "label": row["label"],
            "text": row["text"],
            "evidence": {"article_id": row["article_id"], "start": row["start"], "end": row["end"]},
        }
        for row in reading.iter_entities(connection)
    ]
    errors = [{"origin": row["origin"], "item": row["item"], "reason": row["reason"]} for row in reading.iter_errors(connection)]
    understood = build_records(connection, {record["id"]: record["text"] for record in article_records})
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": article_records,
        "claims": understood["claims"],
        "figures": understood["figures"],
        "events": understood["events"],
        "stories": understood["stories"],
        "entities": entity_records,
        "ingest_errors": errors,
        **{key: understood[key] for key in _LINK_EXTRAS if key in understood},
    }


def _leads(connection: Connection) -> dict[str, dict[str, Any]]:
    """Each analysed article's lead summary: {"death_toll", "attacker_class", "cause", "place"}."""
    rows = connection.execute(select(article_leads)).mappings()
    return {
        row["article_id"]: {
            "death_toll": row["death_toll"], "attacker_class": row["attacker_class"], "cause": row["cause"],
            "place": None if row["place_name"] is None and row["country"] is None else {
                "name": row["place_name"], "admin1": row["admin1"], "country": row["country"], "lat": row["lat"],
                "lon": row["lon"]},
        }
        for row in rows
    }


def export_json(*, db: str, out: Path | None) -> str | None:
    """Write the JSON export to `out`, or return it as a string when `out` is None."""
    engine = open_store(db)
    with engine.connect() as connection:
        data = build_export(connection)
    engine.dispose()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out is None:
        return text
    out.write_text(text + "\n", encoding="utf-8")
    return None


def export_csv(*, db: str, out_dir: Path) -> list[Path]:
    """Write one CSV per record type into `out_dir`; nested values as JSON."""
    engine = open_store(db)
    with engine.connect() as connection:
        data = build_export(connection)
    engine.dispose()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("articles", "claims", "figures", "events", "stories", "entities", "ingest_errors", *_LINK_EXTRAS):
        if name not in data:
            continue
        records: list[dict[str, Any]] = data[name]
        columns = _columns(name, records)
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for record in records:
                writer.writerow({key: _cell(record.get(key)) for key in columns})
        written.append(path)
    return written


def export_events(*, db: str, format: str, out: Path | None) -> str | None:
    """Events as GeoJSON (`format` "geojson") or ACLED-style CSV ("acled"), written
    to `out` or returned as a string when `out` is None."""
    from crosswire.present.acled import acled_csv
    from crosswire.present.event_views import event_views
    from crosswire.present.geojson import event_features

    engine = open_store(db)
    with engine.connect() as connection:
        views = event_views(build_export(connection))
    engine.dispose()
    text = json.dumps(event_features(views), ensure_ascii=False, indent=2) if format == "geojson" else acled_csv(views)
    if out is None:
        return text
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return None


def export_parquet(*, db: str, out_dir: Path) -> list[Path]:
    """Write one Parquet file per store table into `out_dir` (pyarrow is imported only here)."""
    from crosswire.present.parquet import export_tables

    engine = open_store(db)
    with engine.connect() as connection:
        written = export_tables(connection, out_dir=out_dir)
    engine.dispose()
    return written


def _columns(name: str, records: list[dict[str, Any]]) -> list[str]:
    columns = list(CONTRACT_FIELDS.get(name, []))
    for record in records:
        columns.extend(key for key in record if key not in columns)
    return columns


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value
