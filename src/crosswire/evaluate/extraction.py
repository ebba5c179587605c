"""Score main-text extraction on the article-extraction-benchmark.

The benchmark (Scrapinghub/Zyte, MIT licence) pairs real pages
(html/ID.html.gz) with the article body a person marked as the main text
(ground-truth.json: {ID: {"articleBody", "url"}}). Its measure, reproduced
here exactly as in their evaluate.py: texts become multisets of word
4-shingles; each page's true/false positive and false negative counts are
scaled to sum to 1, so a long page weighs no more than a short one; the
scaled counts are summed over pages and give precision, recall and F1.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from crosswire.errors import InputError
from crosswire.ingest.decoding import decode_html, gunzip
from crosswire.ingest.html import extract_html
from crosswire.records import ItemError, SourceItem

# An extractor takes a page's HTML and URL and returns its main text.
Extractor = Callable[[str, str], str]

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)


class ShingleCounts(NamedTuple):
    """True positive, false positive and false negative shingle counts."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True, slots=True)
class ExtractionScores:
    """Shingle precision, recall and F1 over `n` pages."""

    n: int
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, int | float]:
        return {
            "n": self.n,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[str]:
    """Word `size`-grams of `text` as a multiset; a text of fewer words is
    one shingle, an empty text none."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    count = max(1, len(tokens) - size + 1)
    return Counter(" ".join(tokens[start : start + size]) for start in range(count))


def page_counts(true_text: str, predicted_text: str) -> ShingleCounts:
    """Shingle counts for one page, scaled to sum to 1 (all 0 when both
    texts are empty)."""
    true, predicted = shingles(true_text), shingles(predicted_text)
    tp = sum((true & predicted).values())
    fp = sum((predicted - true).values())
    fn = sum((true - predicted).values())
    total = tp + fp + fn
    if total == 0:
        return ShingleCounts(0.0, 0.0, 0.0)
    return ShingleCounts(tp / total, fp / total, fn / total)


def scores_from_counts(counts: Iterable[ShingleCounts]) -> ExtractionScores:
    """Precision, recall and F1 from per-page counts summed over pages."""
    n, tp, fp, fn = 0, 0.0, 0.0, 0.0
    for page in counts:
        n += 1
        tp, fp, fn = tp + page.tp, fp + page.fp, fn + page.fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ExtractionScores(n=n, precision=precision, recall=recall, f1=f1)


def crosswire_extractor(html: str, url: str) -> str:
    """crosswire's own HTML extraction; "" when it finds no article."""
    item = SourceItem(origin=url, item="", body=html, body_format="html", url=url)
    result = extract_html(item)
    return "" if isinstance(result, ItemError) else result.text


def score_extraction(directory: Path, *, extractor: Extractor | None = None) -> ExtractionScores:
    """Run `extractor` (crosswire's by default) on every page of a benchmark
    directory and score its output against the ground truth."""
    extract = extractor or crosswire_extractor
    truth = load_ground_truth(directory)
    counts = []
    for page_id, page in truth.items():
        html = read_page(directory, page_id)
        counts.append(page_counts(page["articleBody"], extract(html, page["url"])))
    return scores_from_counts(counts)


def load_ground_truth(directory: Path) -> dict[str, dict[str, str]]:
    """The benchmark's {ID: {"articleBody", "url"}} mapping."""
    path = directory / "ground-truth.json"
    if not path.is_file():
        raise InputError(f"{directory} is not an extraction benchmark: it has no ground-truth.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict) or not all(isinstance(page, dict) for page in data.values()):
        raise InputError(f"{path} must map each page ID to an object with articleBody and url")
    return {
        str(page_id): {"articleBody": str(page.get("articleBody") or ""), "url": str(page.get("url") or "")}
        for page_id, page in data.items()
    }


def read_page(directory: Path, page_id: str) -> str:
    """Decoded HTML of one benchmark page."""
    path = directory / "html" / f"{page_id}.html.gz"
    if not path.is_file():
        raise InputError(f"ground truth lists page {page_id} but {path} does not exist")
    return decode_html(gunzip(path.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    """`python -m crosswire.evaluate.extraction DIRECTORY` prints the scores as JSON."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m crosswire.evaluate.extraction DIRECTORY", file=sys.stderr)
        return 2
    print(json.dumps(score_extraction(Path(args[0])).as_dict()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
