from __future__ import annotations

import gzip
import json
import random
import time
from pathlib import Path

import pytest

from crosswire.ingest.html import MAX_PAGE_CHARS, extract_html
from crosswire.records import CleanArticle, ItemError, SourceItem

HTML_DATA = Path(__file__).resolve().parents[1] / "data" / "html"
POLYGRAPH = "1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432"
JPOST = "e372e42c0a3df7b86e1c0bacf7bc14d042144a01e88833bc5a643d61b3547090"
BLOG = HTML_DATA / "blog-aid-convoy.html"


def benchmark_page(page_id: str) -> tuple[str, dict[str, str]]:
    html = gzip.decompress((HTML_DATA / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
    truth = json.loads((HTML_DATA / "ground-truth.json").read_text(encoding="utf-8"))[page_id]
    return html, truth


def html_item(body: str, *, url: str | None = None, title: str | None = None, outlet: str | None = None,
              author: str | None = None, published: str | None = None) -> SourceItem:
    return SourceItem(origin="test.html", item="", body=body, body_format="html", url=url, title=title,
                      outlet=outlet, author=author, published=published)


def extracted(item: SourceItem) -> CleanArticle:
    result = extract_html(item)
    assert isinstance(result, CleanArticle), result
    return result


def test_polygraph_fact_check_keeps_the_article_and_drops_the_page_chrome() -> None:
    html, truth = benchmark_page(POLYGRAPH)
    article = extracted(html_item(html, url=truth["url"]))
    sentence = "The Pentagon rejected these accusations as \u201cpatently false,\u201d"
    assert sentence in truth["articleBody"] and sentence in article.text
    assert article.text.endswith("dignified movements of internally displaced persons within Syria.\u201d")
    for chrome in ["Skip to main content", "Print Options", "Vacancies", "Share"]:
        assert chrome not in article.text
    assert article.title == "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"
    assert article.outlet == "POLYGRAPH.info"
    assert article.url == truth["url"]
    assert article.published == "2019-11-18"


def test_jpost_breaking_news_has_text_title_and_outlet() -> None:
    html, truth = benchmark_page(JPOST)
    article = extracted(html_item(html, url=truth["url"]))
    sentence = "Police arrested a 57-year-old man suspect of committing the assassination."
    assert sentence in truth["articleBody"] and sentence in article.text
    assert article.text.startswith("The son of former German President Richard von Weizs\u00e4cker")
    for chrome in ["Log Out", "Subscribe", "Privacy Policy", "Liberman: Both parties are to blame", "By REUTERS"]:
        assert chrome not in article.text
    assert article.title == "Son of former German president stabbed to death in Berlin"
    assert article.outlet == "jpost.com"
    assert article.published == "2019-11-20"


def test_paragraphs_are_separated_by_blank_lines() -> None:
    html, truth = benchmark_page(POLYGRAPH)
    paragraphs = extracted(html_item(html, url=truth["url"])).text.split("\n\n")
    assert paragraphs[2] == "The al-Tanf base"
    assert all(paragraph.strip() == paragraph and "\n" not in paragraph for paragraph in paragraphs)


def test_item_metadata_wins_over_what_the_page_says() -> None:
    html, truth = benchmark_page(JPOST)
    item = html_item(
        html,
        url=truth["url"],
        title="Berlin doctor killed",
        outlet="Jerusalem Post",
        author="Staff",
        published="Wednesday, November 20, 2019 14:05",
    )
    article = extracted(item)
    assert (article.title, article.outlet, article.author) == ("Berlin doctor killed", "Jerusalem Post", "Staff")
    assert article.published == "2019-11-20T14:05:00"


def test_blog_comment_section_and_share_prompts_are_furniture() -> None:
    article = extracted(html_item(BLOG.read_text(encoding="utf-8")))
    assert article.removed_furniture == ("Share this:", "Read our comment policy before posting.")
    assert article.text.startswith("A convoy of 42 trucks carrying food, medicine and winter supplies")
    assert article.text.endswith("according to the council.")
    for furniture in ["No comments", "Post a Comment", "Share to Twitter", "BlogThis", "Newer Post",
                      "comment policy", "Share this", "Posted by", "Labels:", "Powered by Blogger"]:
        assert furniture not in article.text
    assert article.title == "Aid convoy reaches northern villages after three-day delay"
    assert article.outlet == "Frontline Notes"
    assert article.author == "Samira Haddad"
    assert article.published == "2018-02-27"
    assert article.url == "https://frontline-notes.blogspot.com/2018/02/aid-convoy-reaches-northern-villages.html"


def test_comment_prompts_inside_a_copied_post_are_removed() -> None:
    body = "<p>Shelling hit the eastern district overnight, local officials said on Friday.</p>"
    page = f"<html><head><title>Copy</title></head><body><article>{body}<p>No comments:<br>Post a Comment</p></article></body></html>"
    article = extracted(html_item(page, url="https://www.example.org/2018/copy.html"))
    assert article.text == "Shelling hit the eastern district overnight, local officials said on Friday."
    assert article.removed_furniture == ("No comments:", "Post a Comment")
    assert article.outlet == "example.org"


@pytest.mark.parametrize(
    "body",
    ["", "   \n", "<html></html>", "<html><body><p>Too short.</p></body></html>"],
    ids=["empty", "blank", "empty-html", "too-short"],
)
def test_pages_without_article_text_are_item_errors(body: str) -> None:
    result = extract_html(html_item(body))
    assert result == ItemError("test.html", "", "no article text found in HTML")


def test_binary_garbage_decoded_as_text_is_an_item_error() -> None:
    garbage = random.Random(7).randbytes(50_000).decode("cp1252", errors="replace")
    assert isinstance(extract_html(html_item(garbage)), ItemError)


def test_deeply_nested_markup_never_raises_and_is_fast() -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "<p>" + "A sentence deep inside the page. " * 5 + "</p>" + "</div>" * depth
    started = time.perf_counter()
    result = extract_html(html_item(page + "</body></html>"))
    assert isinstance(result, (ItemError, CleanArticle))
    assert time.perf_counter() - started < 10


def test_absurdly_large_pages_are_refused_unread() -> None:
    result = extract_html(html_item("x" * (MAX_PAGE_CHARS + 1)))
    assert isinstance(result, ItemError) and result.reason.startswith("page too large")


def test_a_parser_crash_becomes_an_item_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("crosswire.ingest.html.trafilatura.bare_extraction", crash)
    result = extract_html(html_item(BLOG.read_text(encoding="utf-8")))
    assert result == ItemError("test.html", "", "HTML could not be parsed: RecursionError: maximum recursion depth exceeded")
