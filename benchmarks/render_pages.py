"""Page render times of the web app on a 10k-article store, and the HTML report's size.

The large store is synthetic: the demo corpus's export (analysed and linked
by the real pipeline) copied with new ids, shifted dates and varied outlets
until it holds --articles articles, so no spaCy runs on 10k texts. One event
is made to span --event-articles copies of the seeds' 7 February event, the
worst case of an event page. Prints JSON.

    .venv/bin/python benchmarks/render_pages.py --db /tmp/f/demo.sqlite
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from crosswire.present.html.app import create_app, load_export
from crosswire.present.html.report import render_report

warnings.filterwarnings("ignore", category=DeprecationWarning)


def _shift(value: str | None, days: int) -> str | None:
    if not value or len(value) < 10 or value[4] != "-" or value[7] != "-":
        return value
    try:
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() + value[10:]
    except ValueError:
        return value


def _copy_export(export: dict[str, Any], copy_number: int) -> dict[str, Any]:
    """The export again, every id suffixed, dates shifted by a week per copy, outlets renamed."""
    suffix = f"x{copy_number}"

    def rid(value: str | None) -> str | None:
        if value is None:
            return None
        head, sep, tail = value.partition(":")
        return f"{head}{suffix}{sep}{tail}" if not value.startswith(("ev:", "st:")) else f"{value}{suffix}"

    days = 7 * (copy_number % 150)
    out: dict[str, Any] = {"articles": [], "claims": [], "figures": [], "events": [], "stories": []}
    for article in export["articles"]:
        out["articles"].append({**article, "id": rid(article["id"]), "copy_of": rid(article.get("copy_of")),
                                "outlet": f"{article['outlet']} {copy_number % 40}",
                                "published": _shift(article.get("published"), days)})
    for claim in export["claims"]:
        evidence = {**claim["evidence"], "article_id": rid(claim["article_id"])}
        out["claims"].append({**claim, "id": rid(claim["id"]), "article_id": rid(claim["article_id"]),
                              "event_id": rid(claim.get("event_id")), "evidence": evidence})
    for figure in export["figures"]:
        evidence = {**figure["evidence"], "article_id": rid(figure["article_id"])}
        out["figures"].append({**figure, "id": rid(figure["id"]), "article_id": rid(figure["article_id"]),
                               "claim_id": rid(figure.get("claim_id")), "event_id": rid(figure.get("event_id")),
                               "evidence": evidence})
    for event in export["events"]:
        out["events"].append({**copy.deepcopy(event), "id": rid(event["id"]), "date": _shift(event.get("date"), days),
                              "article_ids": [rid(a) for a in event["article_ids"]]})
    for story in export["stories"]:
        out["stories"].append({**story, "id": rid(story["id"]), "event_ids": [rid(e) for e in story["event_ids"]],
                               "article_ids": [rid(a) for a in story["article_ids"]]})
    return out


def synthetic_export(export: dict[str, Any], *, articles: int, event_articles: int) -> tuple[dict[str, Any], str]:
    """A store of about `articles` articles and the id of one event spanning `event_articles` of them."""
    copies = max(1, -(-articles // len(export["articles"])))
    big: dict[str, Any] = {"schema_version": "1", "articles": [], "claims": [], "figures": [], "events": [], "stories": []}
    for number in range(copies):
        part = _copy_export(export, number)
        for key in part:
            big[key].extend(part[key])
    seed_event = next(e for e in export["events"] if e.get("date") == "2018-02-07" and len(e["article_ids"]) >= 1)
    target = seed_event["id"] + "x0"
    merged = {f"{seed_event['id']}x{n}" for n in range(1, min(copies, max(1, event_articles // len(seed_event["article_ids"]))))}
    events = {e["id"]: e for e in big["events"]}
    for event_id in merged:
        events[target]["article_ids"].extend(events[event_id]["article_ids"])
        del events[event_id]
    big["events"] = list(events.values())
    for record in big["claims"] + big["figures"]:
        if record.get("event_id") in merged:
            record["event_id"] = target
    for story in big["stories"]:
        story["event_ids"] = [target if e in merged else e for e in story["event_ids"]]
        story["event_ids"] = list(dict.fromkeys(story["event_ids"]))
    return big, target


def _time(client: Any, path: str, repeats: int) -> dict[str, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return {"median_ms": round(statistics.median(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1),
            "bytes": len(response.content)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the demo store (crosswire run samples/corpus --db ...)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--event-articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    demo = load_export(args.db)
    report_bytes = len(render_report(demo, source_name=Path(args.db).name).encode("utf-8"))
    big, event_id = synthetic_export(demo, articles=args.articles, event_articles=args.event_articles)
    started = time.perf_counter()
    client = TestClient(create_app(export=big))
    startup = time.perf_counter() - started
    event = next(e for e in big["events"] if e["id"] == event_id)
    results = {
        "demo_report_bytes": report_bytes,
        "articles": len(big["articles"]), "claims": len(big["claims"]), "events": len(big["events"]),
        "stories": len(big["stories"]), "big_event_articles": len(event["article_ids"]),
        "startup_index_s": round(startup, 2),
        "list_page": _time(client, "/", args.repeats),
        "list_page_search": _time(client, "/?q=mercenaries", args.repeats),
        "list_page_filtered": _time(client, "/?grade=contested&date_from=2018-01-01", args.repeats),
        "event_page_big": _time(client, f"/events/{event_id}", args.repeats),
        "article_page": _time(client, f"/articles/{event['article_ids'][0]}", args.repeats),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
