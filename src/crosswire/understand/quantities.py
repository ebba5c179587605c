"""Number phrases as integer ranges: "1,200", "twenty-five", "more than 200", "dozens".

A count in the news is rarely one exact number. Each phrase becomes the range
of true values a careful reader would accept as consistent with it, so that
figures from different sources can be compared by overlap.

Vague quantities (the head words and the range each stands for):

| phrase                     | low     | high    |
|----------------------------|---------|---------|
| a couple (of)              | 2       | 3       |
| a few                      | 2       | 5       |
| a handful (of)             | 2       | 6       |
| several                    | 3       | 9       |
| a dozen / dozen            | 12      | 12      |
| N dozen ("two dozen")      | 12*N    | 12*N    |
| a few dozen                | 24      | 60      |
| several dozen              | 36      | 99      |
| dozens (of)                | 24      | 99      |
| scores (of)                | 40      | 199     |
| a hundred                  | 100     | 100     |
| a few hundred              | 200     | 500     |
| several hundred            | 300     | 999     |
| hundreds (of)              | 200     | 999     |
| a few thousand             | 2000    | 5000    |
| several thousand           | 3000    | 9999    |
| thousands (of)             | 2000    | 9999    |
| tens of thousands          | 20000   | 99999   |
| hundreds of thousands      | 200000  | 999999  |

Modifiers turn a stated number N (or a vague range [L, H]) into a range:

| modifier                                    | exact N        | vague [L, H]  |
|---------------------------------------------|----------------|---------------|
| at least, no fewer/less than, a minimum of  | [N, None]      | [L, None]     |
| more than, over, above, upwards of, ...     | [N+1, None]    | [L+1, None]   |
| about, around, approximately, some, ...     | [N-10%, N+10%] | [L, H]        |
| nearly, almost, close to, just under        | [N-10%, N-1]   | [L, H]        |
| up to, as many as, at most, no more than    | [1, N]         | [1, H]        |
| fewer than, less than, under                | [0, N-1]       | [0, L-1]      |
| N to M, N-M, between N and M                | [N, M]         |               |

Approximation rule: "about 100" is [90, 110], not [100, 100]. A reader
takes "about 100" to be consistent with a source that says 96 or 105, and
with ranges the cross-checker finds that overlap directly; an exact [100,
100] would make every approximate figure contradict every precise one.
Ten per cent (at least 1 either side) matches the rounding reporters apply to
counts of this size. "nearly 100" keeps the same lower bound but excludes the
number itself. "up to 300" starts at 1, not 0: a count that is reported is a
count of someone.

`Quantity.value` keeps the number as stated (100 for "about 100", 200 for
"more than 200") because data sets such as FA-KES record that number; it is
None for vague phrases ("dozens").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_HYPHENS = {"-", "\u2013", "\u2014"}

# Vague heads: (words, low, high). Longest first so "several dozen" beats "several".
_VAGUE: tuple[tuple[tuple[str, ...], int, int], ...] = (
    (("hundreds", "of", "thousands"), 200_000, 999_999),
    (("tens", "of", "thousands"), 20_000, 99_999),
    (("a", "few", "thousand"), 2000, 5000),
    (("several", "thousand"), 3000, 9999),
    (("a", "few", "hundred"), 200, 500),
    (("several", "hundred"), 300, 999),
    (("a", "few", "dozen"), 24, 60),
    (("several", "dozen"), 36, 99),
    (("a", "couple"), 2, 3),
    (("a", "handful"), 2, 6),
    (("a", "few"), 2, 5),
    (("thousands",), 2000, 9999),
    (("hundreds",), 200, 999),
    (("scores",), 40, 199),
    (("dozens",), 24, 99),
    (("several",), 3, 9),
)
# Vague phrases that name one number: ("a dozen" is 12 exactly).
_EXACT_PHRASES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("a", "dozen"), 12),
    (("a", "hundred"), 100),
    (("a", "thousand"), 1000),
    (("dozen",), 12),
)
# The first words of those phrases: most words start none, and need no phrase tried.
_PHRASE_STARTS = frozenset([phrase[0] for phrase, _, _ in _VAGUE] + [phrase[0] for phrase, _ in _EXACT_PHRASES])

_AT_LEAST = (("at", "least"), ("no", "fewer", "than"), ("no", "less", "than"), ("a", "minimum", "of"), ("not", "less", "than"))
_MORE_THAN = (
    ("more", "than"), ("over",), ("above",), ("upwards", "of"), ("in", "excess", "of"), ("exceeding",),
    ("greater", "than"),
)
_ABOUT = (
    ("about",), ("around",), ("approximately",), ("roughly",), ("some",), ("approx",), ("an", "estimated"),
    ("estimated",), ("or", "so"), ("circa",), ("nearly", "about"),
)
_NEARLY = (("nearly",), ("almost",), ("close", "to"), ("just", "under"), ("just", "short", "of"))
_UP_TO = (("up", "to"), ("as", "many", "as"), ("at", "most"), ("no", "more", "than"), ("a", "maximum", "of"))
_FEWER = (("fewer", "than"), ("less", "than"), ("under",), ("below",))
_MODIFIERS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("at_least", _AT_LEAST), ("more_than", _MORE_THAN), ("up_to", _UP_TO), ("nearly", _NEARLY),
    ("fewer", _FEWER), ("about", _ABOUT),
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number phrase as a range; `value` is the stated number (None when vague)."""

    low: int
    high: int | None
    value: int | None


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """Where a quantity sits in a word sequence: words[start:end]; `core` is the
    index of the word the count hangs on ("200" in "more than 200", "dozens")."""

    start: int
    end: int
    core: int
    quantity: Quantity


def parse_quantity(text: str) -> Quantity | None:
    """The quantity a short phrase states ("more than 200", "twenty-five"), or None."""
    words = [w for w in re.findall(r"\d[\d,.]*\d|\d|[A-Za-z]+|[-\u2013\u2014]", text.lower())]
    for match in find_quantities(words):
        return match.quantity
    return None


def find_quantities(words: Sequence[str]) -> list[QuantityMatch]:
    """Every quantity in a sequence of lower-cased words (tokens), left to right."""
    found: list[QuantityMatch] = []
    i = 0
    while i < len(words):
        core = _core_at(words, i)
        if core is None:
            i += 1
            continue
        end, low, high, value = core
        found.append(_complete(words, i, end, low, high, value))
        i = found[-1].end
    return found


def _complete(words: Sequence[str], start: int, end: int, low: int, high: int, value: int | None) -> QuantityMatch:
    core_index = _core_index(words, start, end)
    ranged = _range_tail(words, start, end, low, value)
    if ranged is not None:
        new_start, new_end, rlow, rhigh = ranged
        return QuantityMatch(new_start, new_end, core_index, Quantity(rlow, rhigh, None))
    modifier, mod_start = _modifier_before(words, start)
    quantity = _apply(modifier, low, high, value)
    return QuantityMatch(mod_start, end, core_index, quantity)


def _core_index(words: Sequence[str], start: int, end: int) -> int:
    # The word that names the count: the last number word, or "dozens" in "several dozen".
    for index in range(end - 1, start - 1, -1):
        if words[index] not in ("of", "and", "-") and words[index] not in _HYPHENS:
            return index
    return start


def _core_at(words: Sequence[str], i: int) -> tuple[int, int, int, int | None] | None:
    """(end, low, high, value) of a number or vague head starting at word i."""
    number = _number_at(words, i)
    if number is not None:
        end, value = number
        if end < len(words) and words[end] == "dozen":
            return end + 1, value * 12, value * 12, value * 12
        return end, value, value, value
    if words[i] not in _PHRASE_STARTS:
        return None
    for phrase, value in _EXACT_PHRASES:
        if _starts(words, i, phrase) and not _starts(words, i + len(phrase), ("of", "thousands")):
            return i + len(phrase), value, value, value
    for phrase, low, high in _VAGUE:
        if _starts(words, i, phrase):
            return i + len(phrase), low, high, None
    return None


def _number_at(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """(end, value) of digits ("1,200", "1.5 million") or number words ("twenty-five")."""
    word = words[i]
    if _DIGITS.match(word):
        amount = float(word.replace(",", ""))
        end = i + 1
        if end < len(words) and words[end] in _SCALES:
            amount *= _SCALES[words[end]]
            end += 1
        if amount != int(amount):
            return None
        return end, int(amount)
    if word in _UNITS or word in _TENS:
        return _number_words(words, i)
    return None


def _number_words(words: Sequence[str], i: int) -> tuple[int, int]:
    """(end, value) of spelled-out numbers: "six", "twenty - five", "one hundred and twenty"."""
    total, current, last, j, end = 0, 0, "", i, i
    while j < len(words):
        word, kind = words[j], _word_kind(words[j])
        if kind == "unit" and (last in ("", "hundred", "scale") or (last == "ten" and _UNITS[word] < 10)):
            current += _UNITS[word]
        elif kind == "ten" and last in ("", "hundred", "scale"):
            current += _TENS[word]
        elif kind == "hundred" and last in ("unit", "ten") and current < 100:
            current *= 100
        elif kind == "scale" and last in ("unit", "ten", "hundred"):
            total, current = total + current * _SCALES[word], 0
        elif kind == "join" and _joins(words, j, last):
            j += 1
            continue
        else:
            break
        last, j, end = kind, j + 1, j + 1
    return end, total + current


def _word_kind(word: str) -> str:
    if word in _UNITS:
        return "unit"
    if word in _TENS:
        return "ten"
    if word == "hundred":
        return "hundred"
    if word in _SCALES:
        return "scale"
    return "join" if word == "and" or word in _HYPHENS else ""


def _joins(words: Sequence[str], j: int, last: str) -> bool:
    # "twenty-five" (hyphen after tens), "two hundred and ten" ("and" after a scale).
    if j + 1 >= len(words):
        return False
    following = _word_kind(words[j + 1])
    if words[j] == "and":
        return last in ("hundred", "scale") and following in ("unit", "ten")
    return last == "ten" and following == "unit"


def _range_tail(
    words: Sequence[str], start: int, end: int, low: int, value: int | None
) -> tuple[int, int, int, int] | None:
    """(start, end, low, high) of "200 to 300", "200-300", "between 200 and 300"."""
    if value is None or end + 1 >= len(words):
        return None
    joiner = words[end]
    between = start > 0 and words[start - 1] == "between"
    if not (joiner in ("to", "-", "or") or joiner in _HYPHENS or (between and joiner == "and")):
        return None
    other = _number_at(words, end + 1)
    if other is None:
        return None
    other_end, other_value = other
    if other_value <= value:
        return None
    return (start - 1 if between else start), other_end, low, other_value


def _modifier_before(words: Sequence[str], start: int) -> tuple[str | None, int]:
    for name, phrases in _MODIFIERS:
        for phrase in phrases:
            begin = start - len(phrase)
            if begin >= 0 and tuple(words[begin:start]) == phrase:
                return name, begin
    return None, start


def _apply(modifier: str | None, low: int, high: int, value: int | None) -> Quantity:
    exact = value is not None
    if modifier == "at_least":
        return Quantity(low, None, value)
    if modifier == "more_than":
        return Quantity(low + 1, None, value)
    if modifier == "up_to":
        return Quantity(min(1, high), high, value)
    if modifier == "fewer":
        return Quantity(0, max(low - 1, 0), value)
    if modifier == "about" and exact:
        spread = max(1, round(low * 0.1))
        return Quantity(max(low - spread, 0), high + spread, value)
    if modifier == "nearly" and exact:
        spread = max(1, math.ceil(low * 0.1))
        return Quantity(max(low - spread, 0), max(high - 1, 0), value)
    return Quantity(low, high, value)


def _starts(words: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[i:i + len(phrase)]) == phrase
