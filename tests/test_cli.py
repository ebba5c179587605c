"""The command line as a user runs it, on the bundled sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from crosswire.cli import app
from tests.paths import SAMPLES, SEEDS

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_run_then_export_gives_the_output_contract_for_the_seeds(db: str) -> None:
    output = " ".join(_invoke("run", str(SAMPLES), "--db", db).split())
    assert "31 new articles" in output and "31 articles from 15 outlets" in output
    assert "Syria" in output and "Most mentioned places" in output
    assert "Main events" in output and "2018-02-07" in output and "Deir ez-Zor" in output
    assert "casualty figures" in output
    exported = json.loads(_invoke("export", "--db", db, "--format", "json"))
    assert exported["schema_version"] == "1"
    for key in ("articles", "claims", "figures", "events", "stories"):
        assert isinstance(exported[key], list)
    seeds = {a["title"][:8]: a for a in exported["articles"] if a["outlet"].startswith(("US partisan", "blog repost"))}
    assert set(seeds) == {"JUST IN:", "US-Led C"}
    for article in seeds.values():
        assert set(article) >= {"id", "outlet", "url", "title", "published", "word_count", "copy_of", "removed_furniture"}
        assert article["removed_furniture"]
        for furniture in article["removed_furniture"]:
            assert furniture not in article["text"]
    assert seeds["US-Led C"]["removed_furniture"] == ["* * *", "Developing story.", "No comments:", "Post a Comment"]
    places = {e["text"] for e in exported["entities"] if e["article_id"] == seeds["JUST IN:"]["id"] and e["label"] == "GPE"}
    assert {"Syria", "Deir Ezzor"} <= places
    entity = exported["entities"][0]
    article_text = next(a["text"] for a in exported["articles"] if a["id"] == entity["article_id"])
    assert article_text[entity["evidence"]["start"] : entity["evidence"]["end"]] == entity["text"]


def test_analyze_twice_does_the_work_once(db: str) -> None:
    _invoke("ingest", str(SEEDS), "--db", db, "-q")
    assert "analysed 2 articles" in _invoke("analyze", "--db", db)
    assert "analysed 0 articles" in _invoke("analyze", "--db", db)


def test_csv_export_writes_one_file_per_record_type(db: str, tmp_path: Path) -> None:
    _invoke("ingest", str(SEEDS), "--db", db, "-q")
    _invoke("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "out"))
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == sorted(f"{n}.csv" for n in ("articles", "claims", "figures", "events", "stories", "entities", "ingest_errors"))
    header = (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,outlet,url,title,published,word_count,copy_of,removed_furniture")


def test_user_mistakes_get_a_one_line_error_and_status_2(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 2 and "no store at" in result.output
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt"), "--db", db])
    assert result.exit_code == 2 and "no such file or folder" in result.output
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", db, "--columns", "bogus=x"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    assert result.exit_code == 2 and "--out" in result.output


def test_help_of_every_command_reads_well() -> None:
    for command in (["--help"], ["ingest", "--help"], ["analyze", "--help"], ["export", "--help"], ["eval", "extraction", "--help"]):
        output = _invoke(*command)
        assert "Usage" in output
