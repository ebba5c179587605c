"""The link stage on a small store whose understanding rows are written by hand
(no spaCy): three short reports of two strikes, linked, graded and relinked."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from crosswire.ingest import ingest
from crosswire.link.stage import LINK_VERSION, link
from crosswire.store import open_store
from crosswire.store import analysis as analysis_store
from crosswire.store.links import LINK_TABLES
from crosswire.understand.records import Actor, ArticleAnalysis, Claim, EventFrame, Figure, Place, Source

_MAARAT = Place(start=0, end=0, text="Maarat al-Numan", name="Maarat al-Numan", admin1="Idlib", country="Syria",
                lat=35.64, lon=36.67)
_DOUMA = Place(start=0, end=0, text="Douma", name="Douma", admin1="Rif Dimashq", country="Syria", lat=33.57, lon=36.4)

ARTICLES = {
    "reuters": ("Reuters", "2018-03-06", "Air strikes kill 12 in Maarat al-Numan market",
                "Air strikes on a crowded market in Maarat al-Numan in Idlib province killed 12 people on Monday, "
                "the Syrian Observatory for Human Rights said. Rescue workers searched the rubble of the market."),
    "afp": ("AFP", "2018-03-06", "Raids on Idlib market town",
            "At least 13 people were killed when air strikes hit the market of Maarat al-Numan in Idlib province "
            "on Monday, according to civil defence workers. The market was crowded with shoppers."),
    "douma": ("Local Coordination Committee", "2018-03-21", "Shelling of Douma",
              "Shelling of a school in Douma injured 30 people on Tuesday, activists said. "
              "The Syrian army denied that it had shelled the school."),
}


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _analysis(name: str, text: str) -> ArticleAnalysis:
    first_end = text.index(". ") + 1
    second = (first_end + 1, len(text))
    if name == "douma":
        claims = (
            Claim(0, first_end, text[:first_end], "attributed", Source("activists", "anonymous")),
            Claim(*second, text[second[0]:], "denial", Source("The Syrian army", "government")),
        )
        figure = Figure(*_span(text, "30"), "30", "injured", 30, 30, group="people")
        frame = EventFrame(0, len(text), "Explosions/Remote violence", "2018-03-20", "day", _DOUMA,
                           (Actor("Syrian government forces", "initiator"),), (figure,), main=True,
                           sub_event="Shelling/artillery/missile attack")
    else:
        source = Source("the Syrian Observatory for Human Rights", "organisation") if name == "reuters" else Source(
            "civil defence workers", "organisation")
        claims = (
            Claim(0, first_end, text[:first_end], "attributed", source),
            Claim(*second, text[second[0]:], "reported"),
        )
        words = "12" if name == "reuters" else "At least 13"
        low, high = (12, 12) if name == "reuters" else (13, None)
        figure = Figure(*_span(text, words), words, "killed", low, high, group="people")
        frame = EventFrame(0, len(text), "Explosions/Remote violence", "2018-03-05", "day", _MAARAT,
                           (Actor("Russian forces", "initiator"), Actor("civilians", "target")), (figure,), main=True,
                           sub_event="Air/drone strike")
    return ArticleAnalysis(sentences=((0, first_end), second), entities=(), claims=claims, figures=(figure,),
                           frames=(frame,))


def _store(tmp_path: Path, names: list[str]) -> str:
    db = str(tmp_path / "store.sqlite")
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name in names:
        outlet, published, title, text = ARTICLES[name]
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"outlet": outlet, "published": published,
                                                              "title": title}), encoding="utf-8")
    ingest([str(folder)], db=db)
    engine = open_store(db)
    with engine.begin() as connection:
        for row in connection.exec_driver_sql("select id, outlet, text from articles").all():
            name = next(n for n, (outlet, *_rest) in ARTICLES.items() if outlet == row.outlet)
            analysis_store.replace_analysis(connection, article_id=row.id, stage="understand", version="test",
                                            analysis=_analysis(name, row.text))
    engine.dispose()
    return db


def _tables(db: str) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        return {t.name: sorted(connection.execute(f"select * from {t.name}").fetchall(), key=repr) for t in LINK_TABLES}


def _rows(db: str, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query).fetchall()


def test_two_reports_of_one_strike_are_one_corroborated_event_with_one_range(tmp_path: Path) -> None:
    db = _store(tmp_path, ["reuters", "afp", "douma"])
    report = link(db=db)
    assert (report.articles, report.mentions, report.events, report.events_across_articles) == (3, 3, 2, 1)
    maarat = _rows(db, "select e.id, e.corroboration, e.origins, count(m.article_id) from events e "
                       "join event_mentions m on m.event_id = e.id where e.place_name = 'Maarat al-Numan' group by e.id")
    assert len(maarat) == 1 and maarat[0][1:] == ("corroborated", 2, 2)
    figures = _rows(db, "select category, low, best, high, origins, contested from event_figures "
                        f"where event_id = '{maarat[0][0]}'")
    assert figures == [("killed", 12, 12, None, 2, 0)]  # 12 and "at least 13" agree; the second is open-ended
    douma = _rows(db, "select corroboration, origins from events where place_name = 'Douma'")
    assert douma == [("denied", 1)]  # the army's denial against one anonymous origin


def test_stories_and_claim_origins_are_written(tmp_path: Path) -> None:
    db = _store(tmp_path, ["reuters", "afp", "douma"])
    link(db=db)
    stories = _rows(db, "select s.title, count(a.article_id) from stories s join story_articles a "
                        "on a.story_id = s.id group by s.id order by s.first_date")
    # each Idlib article reports the one event: the first ingested (afp.txt) gives the title
    assert stories == [("Raids on Idlib market town", 2), ("Shelling of Douma", 1)]
    origins = _rows(db, "select report, claimant from claim_origins order by report, claimant")
    assert len(origins) == 6
    assert sum(1 for report, claimant in origins if report == "Reuters" and claimant) == 1


def test_a_rerun_writes_nothing_and_a_new_article_relinks_keeping_ids(tmp_path: Path) -> None:
    db = _store(tmp_path, ["reuters", "douma"])
    first = link(db=db)
    before = _tables(db)
    again = link(db=db)
    assert again.unchanged and not first.unchanged
    assert _tables(db) == before
    assert _rows(db, "select count(*) from link_runs") == [(1,)]
    _store(tmp_path, ["reuters", "afp", "douma"])
    third = link(db=db)
    assert not third.unchanged and third.events_across_articles == 1
    assert {row[0] for row in before["events"]} == {row[0] for row in _tables(db)["events"]}
    assert _rows(db, "select version from link_runs order by id") == [(LINK_VERSION,), (LINK_VERSION,)]
