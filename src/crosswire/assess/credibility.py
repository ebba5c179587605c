"""Per-article credibility signals, and a weak score learnt from them.

The signals describe how an article supports what it says, read off the
understand stage's rows: how much of it is the author's opinion, speculation
or questions; how much is attributed, to how many distinct named sources, and
how much to anonymous ones or to governments; how much is hedged; whether it
is a copy of another stored article; how many casualty figures it gives,
whether they are attributed and exact; and, once cross-article linking has
run, whether its figures agree with what the other outlets reporting the same
event say (`figure_agreement`, None without link data).

The signals are the product: they are explainable and point at sentences.
The `score` (0..1) is a logistic regression over them trained on FA-KES
(Syrian war reporting 2011-2018 by 15 outlets, each article labelled by
checking its crowd-annotated casualty report against the Violations
Documentation Center's records). It is a weak signal, and on FA-KES not even
that: cross-validated, neither the signals nor a bag of words predict the
label better than chance (AUC about 0.47-0.49, `crosswire eval credibility`),
so the regularisation chosen by cross-validation keeps the score within a few
points of FA-KES's base rate (0.54). Read it as "nothing here departs from
what FA-KES calls typical", never as a verdict on an article. Its
coefficients ship in `data/credibility-model.json` (trained by
`crosswire.evaluate.train_credibility`), so scoring needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, select

from crosswire.assess.credibility_agreement import figure_agreement
from crosswire.store import reading
from crosswire.store.schema import analyses, articles

MODEL_FILE = "credibility-model.json"
_UNDERSTAND_STAGE = "understand"
_SOURCED_KINDS = frozenset({"attributed", "denial"})
_ARTICLES = frozenset({"the", "a", "an"})
_WORD = re.compile(r"[\w'\u2019]+")

MODEL_NOTE = (
    "trained on FA-KES (Syrian war 2011-2018), a weak signal: on FA-KES it does not beat chance; "
    "read the signals, not this number"
)


@dataclass(frozen=True, slots=True)
class CredibilitySignals:
    """What an article's text shows about how it supports its claims.

    Shares are over the article's claims (its sentences and clauses);
    `anonymous_share` and `government_share` over its attributed claims and
    denials (None when it attributes nothing); the figure shares over its
    casualty figures (None when it gives none).
    """

    claims: int
    opinion_share: float
    speculation_share: float
    question_share: float
    attributed_share: float
    denial_share: float
    hedged_share: float
    relayed_share: float
    anonymous_share: float | None
    government_share: float | None
    named_sources: int
    is_copy: bool
    figures: int
    attributed_figure_share: float | None
    exact_figure_share: float | None
    figure_agreement: float | None = None


@dataclass(frozen=True, slots=True)
class ArticleCredibility:
    """An article's signals and the FA-KES-trained score (None when no model applies)."""

    article_id: str
    signals: CredibilitySignals
    score: float | None

    def as_dict(self) -> dict[str, Any]:
        """The export record: score, what the score is, then the signals (shares to 3 decimals)."""
        signals = {key: round(value, 3) if isinstance(value, float) else value for key, value in asdict(self.signals).items()}
        return {"score": self.score, "score_model": MODEL_NOTE if self.score is not None else None, **signals}


def article_signals(
    claims: Sequence[Mapping[str, Any]],
    figures: Sequence[Mapping[str, Any]],
    *,
    is_copy: bool,
    figure_agreement: float | None = None,
) -> CredibilitySignals:
    """The signals of one article from its `claims` and `figures` rows (store columns)."""
    total = len(claims)
    sourced = [c for c in claims if c["source_type"] is not None]
    by_position = {c["position"]: c for c in claims}

    def share(count: int, of: int) -> float:
        return count / of if of else 0.0

    def kind_share(kind: str) -> float:
        return share(sum(c["kind"] == kind for c in claims), total)

    return CredibilitySignals(
        claims=total,
        opinion_share=kind_share("opinion"),
        speculation_share=kind_share("speculation"),
        question_share=kind_share("question"),
        attributed_share=share(sum(c["kind"] in _SOURCED_KINDS for c in claims), total),
        denial_share=kind_share("denial"),
        hedged_share=share(sum(bool(c["hedged"]) for c in claims), total),
        relayed_share=share(sum(bool(c["via"]) for c in claims), total),
        anonymous_share=share(sum(c["source_type"] == "anonymous" for c in sourced), len(sourced)) if sourced else None,
        government_share=share(sum(c["source_type"] == "government" for c in sourced), len(sourced)) if sourced else None,
        named_sources=len(distinct_sources(c["source_name"] for c in sourced if c["source_type"] != "anonymous")),
        is_copy=is_copy,
        figures=len(figures),
        attributed_figure_share=(
            share(sum(_is_attributed(by_position.get(f["claim_position"])) for f in figures), len(figures))
            if figures else None
        ),
        exact_figure_share=share(sum(f["low"] == f["high"] for f in figures), len(figures)) if figures else None,
        figure_agreement=figure_agreement,
    )


def distinct_sources(names: Any) -> set[str]:
    """Distinct source names: "the Kremlin" is "Kremlin", and "Veale" is the same
    source as "Colonel Thomas F. Veale" when all its words occur in the longer name."""
    keys = {_source_key(name) for name in names if name}
    keys.discard("")
    words = {key: frozenset(key.split()) for key in keys}
    return {key for key in keys if not any(other != key and words[key] < words[other] for other in keys)}


def credibility_signals(connection: Connection) -> dict[str, ArticleCredibility]:
    """Signals and score of every analysed article of the store, by article id."""
    done = {str(row.article_id) for row in connection.execute(
        select(analyses.c.article_id).where(analyses.c.stage == _UNDERSTAND_STAGE)
    )}
    copies = {str(row.id): row.copy_of is not None for row in connection.execute(select(articles.c.id, articles.c.copy_of))}
    claim_rows = reading.rows_by_article(connection, "claims")
    figure_rows = reading.rows_by_article(connection, "figures")
    agreement = figure_agreement(connection)
    model = load_model()
    found = {}
    for article_id in sorted(done & copies.keys()):
        signals = article_signals(
            claim_rows.get(article_id, []), figure_rows.get(article_id, []),
            is_copy=copies[article_id], figure_agreement=agreement.get(article_id),
        )
        found[article_id] = ArticleCredibility(article_id, signals, score(signals, model=model))
    return found


def model_features(signals: CredibilitySignals) -> dict[str, float]:
    """The numbers the score is computed from: counts on a log scale, a missing
    share as 0 with an indicator, so that "no figures" is not "no attributed figures"."""
    features = {
        "log_claims": math.log1p(signals.claims),
        "log_named_sources": math.log1p(signals.named_sources),
        "log_figures": math.log1p(signals.figures),
        "is_copy": float(signals.is_copy),
        "has_sources": float(signals.anonymous_share is not None),
        "has_figures": float(signals.figures > 0),
        "has_agreement": float(signals.figure_agreement is not None),
    }
    for name in ("opinion_share", "speculation_share", "question_share", "attributed_share", "denial_share",
                 "hedged_share", "relayed_share", "anonymous_share", "government_share", "attributed_figure_share",
                 "exact_figure_share", "figure_agreement"):
        value = getattr(signals, name)
        features[name] = 0.0 if value is None else float(value)
    return features


@cache
def load_model() -> dict[str, Any] | None:
    """The shipped model (features, means, scales, coefficients), None if it is missing."""
    path = resources.files("crosswire.assess").joinpath("data", MODEL_FILE)
    if not path.is_file():
        return None
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return model


def score(signals: CredibilitySignals, *, model: Mapping[str, Any] | None) -> float | None:
    """The model's probability that the article is credible, rounded; None without a model."""
    if model is None:
        return None
    features = model_features(signals)
    z = float(model["intercept"])
    for name, mean, scale, coefficient in zip(model["features"], model["mean"], model["scale"], model["coef"]):
        z += coefficient * (features.get(name, 0.0) - mean) / scale
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def _is_attributed(claim: Mapping[str, Any] | None) -> bool:
    return claim is not None and (claim["source_type"] is not None or bool(claim["via"]))


def _source_key(name: str) -> str:
    # Possessives stay attached: "Putin" is not "Putin's spokesman".
    words = _WORD.findall(name.lower())
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)
