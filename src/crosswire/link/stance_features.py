"""Features of a (claim, article) pair for the stance model, in numpy only.

Two kinds, following what worked on FNC-1:
- term frequencies of the claim and of the article over a fixed vocabulary
  (Riedel et al. 2017), which the model's first layer turns into a dense
  vector per text; an article paired with many claims is projected once;
- a few dozen pair features (Baird et al.'s FNC-1 baseline and more): TF-IDF
  cosines of claim and article, of claim and the article's opening and of
  claim and its closest sentence, over every word (not the vocabulary only), word
  overlap, claim words and n-grams found in the article or its opening,
  refuting, hedging and confirming words near the claim's words and
  refuting, negation and hedging words in the article's sentences closest
  to the claim.

The same functions build the training matrix and the prediction input, so
the two cannot drift apart.
"""

from __future__ import annotations

import re

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import sqrt

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that mark a denial or a debunking; the article's use of them is what
# separates "disagree" from the rest (Baird et al. list plus a few).
REFUTING = (
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "not", "despite", "nope", "doubt", "doubts",
    "bogus", "debunk", "debunked", "pranks", "retract", "retracted", "untrue", "rumor", "rumour", "myth",
    "satire", "satirical", "no", "never", "isn't", "wasn't", "didn't", "dismissed", "refuted", "misleading",
)
HEDGING = (
    "reportedly", "allegedly", "claims", "claimed", "according", "unconfirmed", "unverified", "rumors", "rumours",
    "may", "might", "could", "apparently", "purportedly", "supposedly", "suggests", "believed", "reports",
)
_REFUTING_SET = frozenset(REFUTING)
# Wider nets for the cues near the claim's words: a "discuss" article hedges where it reports the claim, an
# "agree" one asserts (the auxiliaries of a plain statement count as asserting).
HEDGING_NEAR = (
    *HEDGING, "rumored", "rumoured", "reported", "alleged", "speculation", "unclear", "if", "whether", "possibly",
    "possible", "report", "sources", "source",
)
CONFIRMING = (
    "confirmed", "confirms", "confirm", "officially", "announced", "announces", "revealed", "reveals", "shows",
    "showed", "proof", "indeed", "actually", "finally", "has", "have", "will",
)
# Debunking words beyond the baseline's list, and plain negation: counted in the sentences closest to the claim
# (where an article says what it makes of the claim) and in the opening.
REFUTING_WIDE = (
    *REFUTING, "fabricated", "photoshopped", "doctored", "parody", "prank", "spoof", "baseless", "scam", "denial",
    "debunks", "erroneous", "falsely", "clarified", "insisted", "insists", "rejected", "dismisses", "fiction",
    "fictional", "hoaxes", "unfounded", "incorrect", "wrong", "contrary", "rumours", "rumors", "fakes", "faked",
)
NEGATION = (
    "not", "no", "never", "nothing", "nobody", "neither", "nor", "none", "without", "isn't", "wasn't", "didn't",
    "doesn't", "don't", "aren't", "weren't", "won't", "hasn't", "haven't", "hadn't", "can't", "couldn't",
)
CLOSEST_SENTENCES = 3
_HEDGING_SET = frozenset(HEDGING)
_REFUTING_WIDE_SET = frozenset(REFUTING_WIDE)
_NEGATION_SET = frozenset(NEGATION)
_HEDGING_NEAR_SET = frozenset(HEDGING_NEAR)
_CONFIRMING_SET = frozenset(CONFIRMING)
_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been being by with from as that this these those it its"
    " he she they them his her their we you i me my our your has have had do does did will would shall should can"
    " there here which who whom what when where why how than then so if into over after before about up down out"
    " s said says say".split()
)
INTRO_CHARS = 255
_CHAR_GRAMS = (2, 4, 8, 16)
_WORD_GRAMS = (2, 3, 4, 5)
FloatArray = npt.NDArray[np.float32]


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophe suffixes kept: "isn't")."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word -> column, with an IDF weight per column for the cosine features."""

    index: dict[str, int]
    idf: FloatArray

    def __len__(self) -> int:
        return len(self.index)

    def term_frequencies(self, texts: Sequence[Sequence[str]]) -> FloatArray:
        """L2-normalised counts of vocabulary words, one row per token list."""
        matrix = np.zeros((len(texts), len(self.index)), dtype=np.float32)
        for row, words in enumerate(texts):
            ids = [self.index[w] for w in words if w in self.index]
            if ids:
                np.add.at(matrix[row], ids, 1.0)
        return _l2_rows(matrix)

    def weights(self, words: Iterable[str], *, unseen_idf: float) -> dict[str, float]:
        """L2-normalised TF-IDF of every non-stop word, for cosines.

        Words outside the vocabulary weigh `unseen_idf` instead of being
        dropped: a claim about a new topic is recognised by names the
        training texts never had. On held-out FNC-1 topics, cosines over the
        vocabulary only let the model take 10% of related pairs for unrelated,
        these 4%."""
        counts = Counter(w for w in words if w not in _STOP)
        idf, index = self.idf, self.index
        raw = {w: c * (float(idf[index[w]]) if w in index else unseen_idf) for w, c in counts.items()}
        norm = sqrt(sum(v * v for v in raw.values())) or 1.0
        return {w: v / norm for w, v in raw.items()}

    def unseen_idf(self) -> float:
        """The IDF given to words outside the vocabulary: that of the rarest vocabulary word."""
        return float(self.idf.max()) if len(self.idf) else 1.0


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two L2-normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _l2_rows(matrix: FloatArray) -> FloatArray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    normalised: FloatArray = matrix / np.maximum(norms, 1e-9)
    return normalised


def build_vocabulary(documents: Iterable[Sequence[str]], *, size: int, min_df: int = 2) -> Vocabulary:
    """The `size` most frequent non-stop words of the documents, with smoothed IDF."""
    term_counts: Counter[str] = Counter()
    document_counts: Counter[str] = Counter()
    n = 0
    for words in documents:
        n += 1
        term_counts.update(w for w in words if w not in _STOP)
        document_counts.update(set(words))
    kept = [w for w, _ in sorted(term_counts.items(), key=lambda kv: (-kv[1], kv[0])) if document_counts[w] >= min_df]
    chosen = kept[:size]
    idf = np.array([np.log((1 + n) / (1 + document_counts[w])) + 1.0 for w in chosen], dtype=np.float32)
    return Vocabulary(index={w: i for i, w in enumerate(chosen)}, idf=idf)


PAIR_FEATURE_NAMES: tuple[str, ...] = (
    "cos_words_body", "cos_words_intro", "cos_words_best_sentence", "jaccard", "overlap_share", "overlap_share_content",
    "overlap_intro_share", "overlap_content_intro_share", "char_gram_hits", "char_gram_intro_hits",
    "word_gram_hits", "word_gram_intro_hits", "claim_refuting", "body_refuting", "body_refuting_near",
    "intro_refuting", "claim_hedging", "body_hedging", "polarity_claim", "polarity_body", "body_length",
    "claim_length", "question_claim", "quote_body",
    *(f"claim_has_{w}" for w in REFUTING[:16]),
    "body_hedging_near", "body_confirming_near", "intro_hedging", "intro_confirming", "body_confirming",
    "body_hedging_wide", "question_intro",
    "closest_refuting", "closest_refuting_wide", "closest_negation", "closest_hedging", "closest_question",
    "intro_refuting_wide", "body_refuting_wide_near", "polarity_closest",
)


@dataclass(frozen=True, slots=True)
class ClaimText:
    """What the pair features need of a claim, computed once per distinct claim."""

    lower: str
    words: tuple[str, ...]
    word_set: frozenset[str]
    content: frozenset[str]
    char_grams: tuple[str, ...]
    word_grams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BodyText:
    """What the pair features need of an article body, computed once per distinct body."""

    lower: str
    words: tuple[str, ...]
    word_set: frozenset[str]
    intro_set: frozenset[str]
    joined: str  # " w1 w2 ... " so that a word n-gram is a substring test
    intro_joined: str
    positions: dict[str, list[int]]
    refuting_at: npt.NDArray[np.intp]
    hedging_at: npt.NDArray[np.intp]
    confirming_at: npt.NDArray[np.intp]
    refuting_wide_at: npt.NDArray[np.intp]
    sentence_cues: npt.NDArray[np.float32]  # per sentence of `sentences`: refuting, wide, negation, hedging, "?"
    summary: tuple[float, ...]  # the body-only features
    cues: tuple[float, ...]  # the body-only hedging and confirming features


def describe_claim(text: str) -> ClaimText:
    lower = text.lower()
    words = tuple(tokens(text))
    char_grams = tuple(lower[i : i + n] for n in _CHAR_GRAMS for i in range(0, max(0, len(lower) - n + 1), max(1, n // 2)))
    word_set = frozenset(words)
    return ClaimText(lower, words, word_set, word_set - _STOP, char_grams, _word_grams(words))


def describe_body(text: str) -> BodyText:
    lower = text.lower()
    words = tuple(tokens(text))
    intro_words = tokens(lower[:INTRO_CHARS])
    refuting = sum(w in _REFUTING_SET for w in words)
    n = max(1, len(words))
    summary = (
        float(np.log1p(1000.0 * refuting / n)),
        float(sum(w in _REFUTING_SET for w in intro_words)),
        float(np.log1p(1000.0 * sum(w in _HEDGING_SET for w in words) / n)),
        float(refuting % 2),
        float(np.log1p(len(words))),
        float(np.log1p(text.count('"') + text.count("\u201c"))),
    )
    return BodyText(
        lower=lower,
        words=words,
        word_set=frozenset(words),
        intro_set=frozenset(intro_words),
        joined=_joined(words),
        intro_joined=_joined(intro_words),
        positions=_positions(words),
        refuting_at=_at(words, _REFUTING_SET),
        hedging_at=_at(words, _HEDGING_NEAR_SET),
        confirming_at=_at(words, _CONFIRMING_SET),
        refuting_wide_at=_at(words, _REFUTING_WIDE_SET),
        sentence_cues=_sentence_cues(text),
        summary=summary,
        cues=(
            float(sum(w in _HEDGING_NEAR_SET for w in intro_words)),
            float(sum(w in _CONFIRMING_SET for w in intro_words)),
            float(np.log1p(1000.0 * sum(w in _CONFIRMING_SET for w in words) / n)),
            float(np.log1p(1000.0 * sum(w in _HEDGING_NEAR_SET for w in words) / n)),
            float("?" in text[:INTRO_CHARS]),
            float(sum(w in _REFUTING_WIDE_SET for w in intro_words)),
        ),
    )


def _sentence_cues(text: str) -> npt.NDArray[np.float32]:
    parts = sentences(text)
    rows = np.zeros((len(parts), 5), dtype=np.float32)
    for row, sentence in enumerate(parts):
        for word in tokens(sentence):
            for column in _SENTENCE_CUE_COLUMNS.get(word, ()):
                rows[row, column] += 1.0
        rows[row, 4] = "?" in sentence
    return rows


# Word -> the `sentence_cues` columns it counts in (one look-up per word).
_SENTENCE_CUE_COLUMNS: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, cue in enumerate((_REFUTING_SET, _REFUTING_WIDE_SET, _NEGATION_SET, _HEDGING_NEAR_SET)) if word in cue)
    for word in (*REFUTING_WIDE, *NEGATION, *HEDGING_NEAR)
}


def _at(words: Sequence[str], cue: frozenset[str]) -> npt.NDArray[np.intp]:
    return np.array([i for i, w in enumerate(words) if w in cue], dtype=np.intp)


def _joined(words: Sequence[str]) -> str:
    return " " + " ".join(words) + " "


def _positions(words: Sequence[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        positions.setdefault(word, []).append(i)
    return positions


def _word_grams(words: Sequence[str]) -> tuple[str, ...]:
    """Distinct word n-grams as " w1 w2 " strings."""
    grams = {_joined(words[i : i + n]) for n in _WORD_GRAMS for i in range(len(words) - n + 1)}
    return tuple(sorted(grams))


def pair_features(
    claim: ClaimText, body: BodyText, cosines: tuple[float, float, float], closest: Sequence[int] = ()
) -> list[float]:
    """Hand features of one pair (order as PAIR_FEATURE_NAMES); cosines come from the batch, and so do the
    indices (into `sentences(body)`) of the body's sentences closest to the claim, closest first."""
    overlap = len(claim.word_set & body.word_set)
    union = len(claim.word_set | body.word_set)
    n_claim, n_content = max(1, len(claim.word_set)), max(1, len(claim.content))
    refuting_in_claim = sum(w in _REFUTING_SET for w in claim.words)
    body_refuting, intro_refuting, body_hedging, body_polarity, body_length, quotes = body.summary
    return [
        *cosines,
        overlap / union if union else 0.0,
        overlap / n_claim,
        len(claim.content & body.word_set) / n_content,
        len(claim.word_set & body.intro_set) / n_claim,
        len(claim.content & body.intro_set) / n_content,
        *_char_gram_hits(claim.char_grams, body),
        *_word_gram_hits(claim.word_grams, body),
        float(refuting_in_claim),
        body_refuting,
        _near_claim(body.refuting_at, body, claim.content),
        intro_refuting,
        float(sum(w in _HEDGING_SET for w in claim.words)),
        body_hedging,
        float(refuting_in_claim % 2),
        body_polarity,
        body_length,
        float(np.log1p(len(claim.words))),
        float("?" in claim.lower),
        quotes,
        *(float(w in claim.word_set) for w in REFUTING[:16]),
        _near_claim(body.hedging_at, body, claim.content),
        _near_claim(body.confirming_at, body, claim.content),
        *body.cues[:5],
        *_closest_cues(body, closest),
        body.cues[5],
        _near_claim(body.refuting_wide_at, body, claim.content),
        float((refuting_in_claim + sum(int(body.sentence_cues[i, 2]) for i in closest[:1])) % 2),
    ]


def _closest_cues(body: BodyText, closest: Sequence[int]) -> list[float]:
    """Refuting, wide refuting, negation and hedging words, and questions, in the closest sentences (log scale)."""
    chosen = [i for i in closest[:CLOSEST_SENTENCES] if i < len(body.sentence_cues)]
    if not chosen:
        return [0.0] * 5
    return [float(v) for v in np.log1p(body.sentence_cues[chosen].sum(axis=0))]


def _char_gram_hits(grams: Sequence[str], body: BodyText) -> tuple[float, float]:
    if not grams:
        return 0.0, 0.0
    intro = body.lower[:INTRO_CHARS]
    return sum(g in body.lower for g in grams) / len(grams), sum(g in intro for g in grams) / len(grams)


def _word_gram_hits(grams: Sequence[str], body: BodyText) -> tuple[float, float]:
    if not grams:
        return 0.0, 0.0
    in_body = sum(g in body.joined for g in grams)
    return in_body / len(grams), sum(g in body.intro_joined for g in grams) / len(grams)


def _near_claim(cue_at: npt.NDArray[np.intp], body: BodyText, content: frozenset[str], *, window: int = 8) -> float:
    """How many cue words (at positions `cue_at`) stand within `window` words of a claim word (log scale)."""
    if not content or not len(cue_at):
        return 0.0
    hits = np.array(sorted(i for w in content for i in body.positions.get(w, ())), dtype=np.intp)
    if not len(hits):
        return 0.0
    position = np.searchsorted(hits, cue_at)
    before = np.abs(cue_at - hits[np.maximum(position - 1, 0)])
    after = np.abs(hits[np.minimum(position, len(hits) - 1)] - cue_at)
    return float(np.log1p(np.count_nonzero(np.minimum(before, after) <= window)))


def sentences(text: str) -> list[str]:
    """A rough sentence split (for the best-matching-sentence cosine)."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p for p in parts if p.strip()]
