"""Score time expressions on TempEval-3 (TimeBank and AQUAINT in TimeML).

Each .tml file is one news document. Its text is the content of the <TEXT>
element with the tags stripped and entities unescaped; gold expressions are
the TIMEX3 elements inside it. Only DATE and TIME expressions are scored
(DURATION and SET are not what crosswire extracts); the document creation
time (functionInDocument="CREATION_TIME", outside <TEXT>) is the anchor
passed to `extract_times` as the publication date and is not scored.

Matching, as in TempEval-3's "relaxed" setting: a system expression matches
a gold DATE/TIME expression when their character spans overlap. Pairs are
made one to one, greedily in text order, so one long system span cannot
match two gold expressions. A system expression that matches no gold
DATE/TIME expression (including one that overlaps a gold DURATION or SET)
is a false positive.

- span_f1: precision = matched system / all system, recall = matched gold /
  all gold.
- value_f1: the same, counting only matched pairs whose normalised value is
  equal to the gold value (TempEval-3's value F1, on relaxed matches).

`n` is the number of gold DATE/TIME expressions.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from crosswire.errors import InputError
from crosswire.understand.records import TimeExpression

SCORED_TYPES = frozenset({"DATE", "TIME"})


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimemlDocument:
    """One TimeML document: its text, creation date and gold DATE/TIME expressions."""

    name: str
    text: str
    created: dt.date
    gold: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimemlDocument | None:
    """The document in `path`, or None when it is not TimeML with a <TEXT>
    and a creation time (such a file has no gold to score against)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise InputError(f"cannot read {path} as XML: {error}") from error
    text_element = root.find("TEXT")
    created = _creation_date(root)
    if text_element is None or created is None:
        return None
    pieces: list[str] = []
    gold: list[GoldTimex] = []
    _walk(text_element, pieces, gold)
    scored = tuple(timex for timex in gold if timex.type in SCORED_TYPES)
    return TimemlDocument(name=path.name, text="".join(pieces), created=created, gold=scored)


def _creation_date(root: ET.Element) -> dt.date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            try:
                return dt.date.fromisoformat((timex.get("value") or "")[:10])
            except ValueError:
                return None
    return None


def _walk(element: ET.Element, pieces: list[str], gold: list[GoldTimex], offset: int = 0) -> int:
    """Append the text under `element` to `pieces`, recording TIMEX3 offsets;
    returns the offset after it."""
    pieces.append(element.text or "")
    offset += len(element.text or "")
    for child in element:
        start = offset
        offset = _walk(child, pieces, gold, offset)
        if child.tag == "TIMEX3":
            text = "".join(pieces)[start:offset]
            gold.append(GoldTimex(start, offset, text, child.get("type", ""), child.get("value", "")))
        pieces.append(child.tail or "")
        offset += len(child.tail or "")
    return offset


def match_pairs(
    gold: Sequence[GoldTimex], system: Sequence[TimeExpression]
) -> list[tuple[GoldTimex, TimeExpression]]:
    """One-to-one pairs of overlapping gold and system expressions, greedily in text order."""
    pairs: list[tuple[GoldTimex, TimeExpression]] = []
    used: set[int] = set()
    for expected in sorted(gold, key=lambda timex: timex.start):
        for index, found in enumerate(system):
            if index not in used and found.start < expected.end and expected.start < found.end:
                pairs.append((expected, found))
                used.add(index)
                break
    return pairs


def _f1(correct: int, n_system: int, n_gold: int) -> float:
    precision = correct / n_system if n_system else 0.0
    recall = correct / n_gold if n_gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_predictions(
    documents: Sequence[TimemlDocument], predictions: Sequence[Sequence[TimeExpression]]
) -> dict[str, float | int]:
    """Relaxed span F1 and value F1 of `predictions` (one sequence per document)."""
    n_gold = n_system = span_correct = value_correct = 0
    for document, system in zip(documents, predictions, strict=True):
        pairs = match_pairs(document.gold, system)
        n_gold += len(document.gold)
        n_system += len(system)
        span_correct += len(pairs)
        value_correct += sum(1 for expected, found in pairs if expected.value == found.value)
    return {
        "n": n_gold,
        "n_system": n_system,
        "span_f1": round(_f1(span_correct, n_system, n_gold), 4),
        "value_f1": round(_f1(value_correct, n_system, n_gold), 4),
    }


def load_corpus(directory: Path) -> list[TimemlDocument]:
    """Every TimeML document with gold under `directory` (searched recursively)."""
    if not directory.is_dir():
        raise InputError(f"{directory} is not a folder of TempEval-3 .tml files")
    documents = [read_timeml(path) for path in sorted(directory.rglob("*.tml"))]
    found = [document for document in documents if document is not None]
    if not found:
        raise InputError(f"{directory} holds no TimeML documents with <TEXT> and a creation time")
    return found


def predict(documents: Iterable[TimemlDocument], *, nlp: Any = None) -> list[tuple[TimeExpression, ...]]:
    """crosswire's time expressions for each document, anchored on its creation date."""
    from crosswire.understand.nlp import load_pipeline
    from crosswire.understand.timex import extract_times

    documents = list(documents)
    pipeline = nlp or load_pipeline()
    docs = pipeline.pipe((document.text for document in documents), batch_size=16)
    return [extract_times(doc, published=document.created) for doc, document in zip(docs, documents)]


def score_tempeval(directory: Path) -> dict[str, float | int]:
    """{"n", "n_system", "span_f1", "value_f1"} over all documents under `directory`."""
    documents = load_corpus(directory)
    return score_predictions(documents, predict(documents))


def main(argv: list[str] | None = None) -> int:
    """`python -m crosswire.evaluate.tempeval DIRECTORY` prints the scores as JSON."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m crosswire.evaluate.tempeval DIRECTORY", file=sys.stderr)
        return 2
    print(json.dumps(score_tempeval(Path(args[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
