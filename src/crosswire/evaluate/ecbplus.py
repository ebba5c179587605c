"""`crosswire eval ecbplus`: grouping ECB+ documents into the events they report.

ECB+ (Cybulska and Vossen, LREC 2014; CC BY 3.0) holds news documents in
topic folders; N/N_Mecb.xml reports the first event of topic N and
N/N_Mecbplus.xml a second, look-alike one (two police shootings, two rehab
check-ins). The gold event of a document is its topic plus that suffix.

Every document of the folder is turned into text (its tokens, detokenised)
and goes through the same steps as an article in `crosswire analyze` (spaCy,
extractors, event frames); its frames become `EventMention`s and
`link_event_mentions` groups all of them at once, with the whole texts as
article texts. Neither the topic folder nor the file name is seen. A
document's predicted event is the group of its main mention. ECB+ documents
carry no publication date: they are analysed with none, so only absolute
dates ("June 13, 2013", "in 2008") date a frame, and an undated frame has no
date gate. B-cubed precision and recall are averaged over documents.

Honest numbers need held-out topics: `python -m crosswire.evaluate.ecbplus
PATH --cv 2` (or `score_ecbplus(path, folds=2)`) re-chooses the linker's
threshold, weights and date and participant penalties from `GRID` on odd
topics and scores even ones, and the reverse (`cross_validate`). ECB+ documents rarely carry a
publication date, so their frame dates are unanchored and only the date
penalty, never the date gate, acts on them here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from crosswire.errors import InputError
from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem
from crosswire.evaluate.event_mentions import analyse_texts, main_mention
from crosswire.link.events import link_event_mentions
from crosswire.link.records import EventMention

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|''|'s|'re|'ve|'ll|'d|'m|n't)$", re.IGNORECASE)
_SPLIT_NUMBER = re.compile(r"(\d)([.:]) (\d)")  # "6. 1" and "1: 12" were one token in the original
_NO_SPACE_AFTER = {"(", "[", "{", "``", "$"}


@dataclass(frozen=True, slots=True)
class EcbDocument:
    name: str  # file name, e.g. 1_10ecb.xml (never shown to the linker)
    event: str  # gold: topic + "ecb" / "ecbplus"
    topic: int
    text: str  # one paragraph per ECB+ sentence
    published: date | None  # from a dateline, as ingest finds it


def read_ecbplus(folder: Path) -> list[EcbDocument]:
    """Every N/N_M(ecb|ecbplus).xml under `folder`, sorted by topic and file name."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder (expected the ECB+ topics folder)")
    documents = []
    for path in sorted(folder.glob("*/*.xml")):
        match = re.fullmatch(r"(\d+)_\d+(ecb|ecbplus)\.xml", path.name)
        if match is None:
            continue
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as error:
            raise InputError(f"{path}: not well-formed XML ({error})") from error
        text = _document_text(root)
        documents.append(EcbDocument(path.name, f"{match[1]}{match[2]}", int(match[1]), text, _published(path, text)))
    if not documents:
        raise InputError(f"{folder}: no ECB+ documents (N/N_Mecb.xml, N/N_Mecbplus.xml)")
    return sorted(documents, key=lambda d: (d.topic, d.name))


def _document_text(root: ET.Element) -> str:
    sentences: dict[str, list[str]] = defaultdict(list)
    for token in root.iter("token"):
        sentences[token.get("sentence", "0")].append(token.text or "")
    return "\n\n".join(detokenise(sentences[key]) for key in sorted(sentences, key=_sentence_number))


def _sentence_number(key: str) -> int:
    return int(key) if key.isdigit() else 0


def _published(path: Path, text: str) -> date | None:
    """The publication date a dateline gives (ECB+ has no metadata; most documents have none)."""
    paragraphs = text.split("\n\n")
    while paragraphs and paragraphs[0].startswith("http"):
        paragraphs.pop(0)  # the source URL some documents open with
    cleaned = clean_plain_text(SourceItem(str(path), "", "\n\n".join(paragraphs), "text"))
    if not isinstance(cleaned, CleanArticle) or not cleaned.published:
        return None
    try:
        return date.fromisoformat(cleaned.published[:10])
    except ValueError:
        return None


def detokenise(tokens: Iterable[str]) -> str:
    """Tokens joined with the spaces a writer would have used ("U.S. , ''x''" -> "U.S., ''x''")."""
    out: list[str] = []
    glue = True
    for token in tokens:
        if not token:
            continue
        if out and not glue and not _NO_SPACE_BEFORE.match(token):
            out.append(" ")
        out.append(token)
        glue = token in _NO_SPACE_AFTER
    return _SPLIT_NUMBER.sub(r"\1\2\3", "".join(out))


def document_mentions(documents: Sequence[EcbDocument]) -> list[list[EventMention]]:
    """Each document's event mentions (article id = its position, so names stay hidden)."""
    items = [(f"doc{i:04d}", d.text, d.published) for i, d in enumerate(documents)]
    return list(analyse_texts(items, outlet="ecbplus"))


def predict_events(mentions: Sequence[Sequence[EventMention]], texts: Sequence[str], **options: Any) -> list[int]:
    """The predicted group number of each document's main mention."""
    flat = [m for doc in mentions for m in doc]
    article_texts = {doc[0].article_id: text for doc, text in zip(mentions, texts)}
    groups = link_event_mentions(flat, article_texts=article_texts, **options)
    group_of = {key: number for number, group in enumerate(groups) for key in group}
    return [group_of[main_mention(doc).key] for doc in mentions]


def b_cubed(predicted: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over items (Bagga and Baldwin 1998)."""
    if not gold:
        return 0.0, 0.0, 0.0
    by_predicted: Mapping[object, set[int]] = _members(predicted)
    by_gold: Mapping[object, set[int]] = _members(gold)
    precision = recall = 0.0
    for item, (p, g) in enumerate(zip(predicted, gold)):
        shared = len(by_predicted[p] & by_gold[g])
        precision += shared / len(by_predicted[p])
        recall += shared / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _members(labels: Sequence[object]) -> dict[object, set[int]]:
    members: dict[object, set[int]] = defaultdict(set)
    for item, label in enumerate(labels):
        members[label].add(item)
    return members


def score_ecbplus(path: Path, *, folds: int = 0) -> dict[str, float | int]:
    """{"n_docs", "b3_precision", "b3_recall", "b3_f1"} over every document of the
    folder with the shipped constants; with `folds` >= 2 also the cross-validated
    `cv_*` scores of `cross_validate` (the threshold and weights re-chosen on the
    other folds' topics, measured on each held-out fold's)."""
    documents = read_ecbplus(path)
    mentions = document_mentions(documents)
    predicted = predict_events(mentions, [d.text for d in documents])
    precision, recall, f1 = b_cubed(predicted, [d.event for d in documents])
    scores: dict[str, float | int] = {"n_docs": len(documents), "b3_precision": round(precision, 4),
                                      "b3_recall": round(recall, 4), "b3_f1": round(f1, 4)}
    if folds >= 2:
        scores.update(cross_validate(documents, mentions, folds=folds))
    return scores


def cross_validate(
    documents: Sequence[EcbDocument], mentions: Sequence[Sequence[EventMention]], *, folds: int = 2
) -> dict[str, float | int]:
    """Topic folds (topic % folds; 2 folds = odd and even topics): for each fold,
    the `GRID` point with the best B-cubed F1 on the other folds' documents is
    scored on the fold's own. `cv_b3_*` are the means over folds; `cv_fold<k>_*`
    give each fold's held-out F1 and the point chosen without it. Each subset
    is linked on its own (IDF over that subset), as a collection would be."""
    scores: dict[str, float | int] = {"cv_folds": folds}
    totals = [0.0, 0.0, 0.0]
    for fold in range(folds):
        held = [i for i, d in enumerate(documents) if d.topic % folds == fold]
        rest = [i for i, d in enumerate(documents) if d.topic % folds != fold]
        best = max(GRID, key=lambda point: _subset_scores(documents, mentions, rest, point)[2])
        result = _subset_scores(documents, mentions, held, best)
        totals = [t + r / folds for t, r in zip(totals, result)]
        scores[f"cv_fold{fold}_b3_f1"] = round(result[2], 4)
        scores.update({f"cv_fold{fold}_{name}": value for name, value in best.items()})
    scores.update({"cv_b3_precision": round(totals[0], 4), "cv_b3_recall": round(totals[1], 4),
                   "cv_b3_f1": round(totals[2], 4)})
    return scores


GRID = [
    {"threshold": threshold, "article_weight": article_weight, "agreement_weight": agreement_weight,
     "date_penalty": date_penalty, "participant_penalty": participant_penalty}
    for threshold in (0.16, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28)
    for article_weight in (3.0, 10.0, 30.0)
    for agreement_weight in (0.0, 0.05)
    for date_penalty in (0.0, 0.1)
    for participant_penalty in (0.0, 0.2)
]


def _subset_scores(
    documents: Sequence[EcbDocument], mentions: Sequence[Sequence[EventMention]], subset: Sequence[int],
    options: Mapping[str, float],
) -> tuple[float, float, float]:
    predicted = predict_events([mentions[i] for i in subset], [documents[i].text for i in subset], **options)
    return b_cubed(predicted, [documents[i].event for i in subset])


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m crosswire.evaluate.ecbplus PATH [--cv N]`: the scores as JSON, cross-validated with --cv."""
    parser = argparse.ArgumentParser(description="ECB+ document-to-event grouping, B-cubed.")
    parser.add_argument("path", type=Path, help="the ECB+ topics folder")
    parser.add_argument("--cv", type=int, default=2, help="topic folds for cross-validation (0: none)")
    args = parser.parse_args(argv)
    try:
        scores = score_ecbplus(args.path, folds=args.cv)
    except InputError as error:
        sys.exit(f"error: {error}")
    print(json.dumps(scores))


if __name__ == "__main__":
    main()
