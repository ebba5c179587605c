"""The static HTML report: self-contained, every figure linked to its sentence, article text escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.present.html.render import article_text
from crosswire.present.html.report import render_report
from crosswire.present.html.views import figure_groups
from crosswire.present.site_data import build_site_data
from tests.browser.hostile import ARTICLE_ID, EVENT_ID, MARKERS, hostile_export


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory, seeds_db: str) -> str:
    folder = tmp_path_factory.mktemp("report")
    db = seeds_db
    runner = CliRunner()
    out = folder / "report.html"
    result = runner.invoke(app, ["report", "--db", db, "--html", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_report_needs_nothing_from_outside(seeds_report: str) -> None:
    assert "<script" not in seeds_report.lower()
    assert not re.search(r'(src|href)="(https?:)?//', seeds_report)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', seeds_report)
    assert policy and html.unescape(policy.group(1)).startswith("default-src 'none'; style-src 'sha256-")
    assert seeds_report.count('<svg class="map"') >= 1  # the vendored outlines, drawn inline


def test_every_figure_of_the_seeds_is_charted_and_links_to_its_sentence(seeds_report: str) -> None:
    for words in ("25 (25)", "about 100 (90\u2013110)", "More than 200 (201+)", "200 to 300 (200\u2013300)",
                  "several dozen (36\u201399)", "more than 100 (101+)"):
        assert words in seeds_report, words
    anchors = set(re.findall(r'id="(claim-[^"]+)"', seeds_report))
    targets = set(re.findall(r'href="#(claim-[^"]+)"', seeds_report))
    assert targets and targets <= anchors
    sentence = re.search(r'<span id="claim-[^"]+" class="claim k-attributed"[^>]*>([^<]*)<mark[^>]*>25</mark>', seeds_report)
    assert sentence and "Russia\u2019s Defense Ministry didn\u2019t mention mercenaries" not in sentence.group(1)
    assert "it did say " in sentence.group(1)


def test_the_claim_matrix_shows_the_russian_denial(seeds_report: str) -> None:
    denials = re.findall(r'<td class="m-deny" title="deny: ([^"]+)">', seeds_report)
    assert any("nothing to do with the attack" in denial for denial in denials)


class _Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(page: str, markers: tuple[str, ...] = MARKERS) -> None:
    """No element or attribute from the article's markup: no script, handler, frame, image, javascript: URL."""
    parser = _Tags()
    parser.feed(page)
    names = [tag for tag, _ in parser.tags]
    assert not {"script", "iframe", "img", "object", "embed", "base"} & set(names)
    assert names.count("style") == 1 and names.count("meta") <= 4
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
            assert name != "style", (tag, value)
    text = "".join(parser.text)
    for marker in markers:
        assert marker in text  # shown to the reader as the words it is


def test_hostile_article_text_is_shown_as_text_not_markup() -> None:
    assert_inert(render_report(hostile_export()))


def test_claims_and_figures_nest_in_the_article_text() -> None:
    text = "He said 25 <b>fighters</b> died. It is a shame."
    split = text.index(" It")
    claims = [
        {"id": "a:c0", "kind": "attributed", "source": {"name": "He", "type": "person"},
         "evidence": {"start": 0, "end": split}},
        {"id": "a:c1", "kind": "opinion", "evidence": {"start": split + 1, "end": len(text)}},
    ]
    figures = [{"id": "a:f0", "category": "killed", "low": 25, "high": 25, "evidence": {"start": 8, "end": 10}}]
    html = str(article_text(text, claims, figures))
    assert html == (
        '<span id="claim-a:c0" class="claim k-attributed" title="attributed · source: He (person)">He said '
        '<mark id="figure-a:f0" class="figure fig-killed" title="killed: 25">25</mark> &lt;b&gt;fighters&lt;/b&gt; '
        'died.</span> <span id="claim-a:c1" class="claim k-opinion" title="author&#39;s opinion">It is a shame.</span>'
    )


def test_two_outlets_relaying_one_origin_make_one_bar() -> None:
    export = hostile_export()
    copy = dict(export["articles"][0], id="b" * 16, outlet="Second outlet")
    export["articles"].append(copy)
    export["events"][0]["article_ids"].append(copy["id"])
    for record_type in ("claims", "figures"):
        for record in list(export[record_type]):
            if record_type == "claims" or record["id"].endswith(":f0"):
                clone = dict(record, id=record["id"].replace(ARTICLE_ID, copy["id"]), article_id=copy["id"])
                if "claim_id" in clone:
                    clone["claim_id"] = clone["claim_id"].replace(ARTICLE_ID, copy["id"])
                export[record_type].append(clone)
    site = build_site_data(export)
    groups = figure_groups(site, site.events[EVENT_ID])
    assert [len(group["rows"]) for group in groups] == [1]
    assert len(groups[0]["rows"][0]["mentions"]) == 2


def test_report_of_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.sqlite"), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "no store" in result.output


def test_a_story_row_leads_with_its_most_reported_event_not_its_earliest() -> None:
    """A story about a gas attack reported by three outlets that also recalls a
    bombing a month earlier (one outlet) shows the attack's place and toll."""
    from crosswire.present.site_data import story_summary

    def event(eid: str, date: str, articles: list[str], place: str, killed: int) -> dict[str, object]:
        return {"id": eid, "date": date, "article_ids": articles, "origins": len(articles),
                "location": {"name": place, "country": "Syria"},
                "figures": {"killed": {"low": killed, "high": None, "best": killed}}}

    earlier = event("ev:b", "2017-03-15", ["a1"], "Hama", 32)
    attack = event("ev:a", "2017-04-04", ["a1", "a2", "a3"], "Khan Shaykhun", 58)
    articles = [{"id": a, "outlet": a, "published": "2017-04-05"} for a in ("a1", "a2", "a3")]
    story = {"id": "st:1", "title": "Gas attack", "event_ids": ["ev:b", "ev:a"], "article_ids": ["a1", "a2", "a3"]}
    site = build_site_data({"articles": articles, "events": [earlier, attack], "stories": [story]})
    summary = story_summary(site, story)
    assert summary["lead"]["id"] == "ev:a"
    assert summary["places"][0].startswith("Khan Shaykhun")
    assert summary["figures"][0][1]["low"] == 58
    assert (summary["first_date"], summary["last_date"]) == ("2017-03-15", "2017-04-04")


def test_a_story_row_gives_dates_as_precisely_as_they_are_known() -> None:
    """The demo showed "2014-01-01" for an event dated "in 2014" (exported as its first day, precision year)."""
    from crosswire.present.html.render import environment
    from crosswire.present.site_data import story_summary

    events = [
        {"id": "ev:y", "date": "2014-01-01", "date_precision": "year", "article_ids": ["a1"], "type": "Battles"},
        {"id": "ev:m", "date": "2014-03-01", "date_precision": "month", "article_ids": ["a1"], "type": "Battles"},
    ]
    story = {"id": "st:1", "title": "Battles", "event_ids": ["ev:y", "ev:m"], "article_ids": ["a1"]}
    site = build_site_data({"articles": [{"id": "a1", "outlet": "x"}], "events": events, "stories": [story]})
    summary = story_summary(site, story)
    assert (summary["first_when"], summary["last_when"]) == ("2014", "March 2014")
    assert (summary["first_date"], summary["last_date"]) == ("2014-01-01", "2014-03-01")  # the export's, for sorting
    assert environment().globals["event_when"](events[1]) == "March 2014"  # event pages and story tables


def test_an_unknown_outlet_is_never_shown_as_a_relay(tmp_path: Path) -> None:
    """Plain text files name no outlet: ingest stores "unknown". The report
    must not say "via unknown" (a relay through someone called unknown)."""
    from tests.paths import REPO

    db = str(tmp_path / "store.sqlite")
    runner = CliRunner()
    folder = tmp_path / "texts"
    folder.mkdir()
    for path in sorted((REPO / "samples" / "corpus" / "seeds").glob("*.txt")):  # without their .meta.json
        (folder / path.name).write_bytes(path.read_bytes())
    result = runner.invoke(app, ["run", str(folder), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", db, "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "via Bloomberg" in page
    assert "via unknown" not in page and "in unknown" not in page
    assert "unattributed" in page
