"""One article whose analysis fails must not stop `crosswire analyze`: the
failure is recorded in ingest_errors and the other articles are analysed."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from crosswire.ingest import ingest
from crosswire.understand import stage

TEXTS = {
    "a.txt": "Shelling killed at least 12 civilians in the town on Tuesday, officials said.",
    "b.txt": "POISON: rebels said they captured the bridge near the airport last week.",
    "c.txt": "Aid convoys reached the camp on Monday, the United Nations said in a statement.",
}


def test_a_failing_article_is_recorded_and_the_run_goes_on(tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert ingest([str(folder)], db=db).added == 3
    real = stage.analyse_doc

    def failing(doc: Any, **options: Any) -> Any:
        if doc.text.startswith("POISON"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, **options)

    monkeypatch.setattr(stage, "analyse_doc", failing)
    report = stage.analyze(db=db)
    assert (report.analysed, report.failed) == (2, 1)
    with sqlite3.connect(db) as connection:
        errors = connection.execute("SELECT origin, item, reason FROM ingest_errors").fetchall()
        analysed = connection.execute("SELECT count(*) FROM analyses").fetchone()[0]
    assert analysed == 2
    assert len(errors) == 1 and errors[0][0].startswith("article ") and errors[0][1] == "analyze"
    assert errors[0][2] == "analysis failed: RecursionError: maximum recursion depth exceeded"
