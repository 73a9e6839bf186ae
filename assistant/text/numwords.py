"""Figures written in words or odd digits rewritten as ASCII numerals, so they can be checked like numerals.

"twelve point nine million" -> "12900000", "twenty twenty-nine" -> "2029", "the thirty-first of
February" -> "the 31 of February", "£⁹⁹ m" -> "£99 m", "٢٠١٥" -> "2015". A lone small number word
("one of the reports", "two options") is left alone: it is phrasing as often as a figure.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9}
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)} | {"thirtieth": 30}
LONE_FIGURE = 11  # a single number word from here up ("twelve", "forty") is a figure; below, often phrasing

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b")
_UNIT = "|".join(_UNITS)
_TEN = "|".join(_TENS)
_CARD = rf"(?:(?:{_TEN})(?:[\s-]+(?:{_UNIT}))?|{_UNIT}|hundred|{'|'.join(_SCALES)})"
_RUN = re.compile(rf"\b{_CARD}(?:(?:\s*-\s*|\s+(?:and\s+)?){_CARD})*(?:\s+point(?:\s+(?:{_UNIT}))+(?:\s+(?:"
                  rf"{'|'.join(_SCALES)}))?)?\b", re.I)
_YEAR = re.compile(rf"\b(nineteen|twenty)[\s-]+(?:oh[\s-]+({_UNIT})|({_TEN})(?:[\s-]+({_UNIT}))?|({_UNIT}))\b", re.I)
_UNIT_AFTER = re.compile(r"\s*(?:per\s?cent|percent|%|pounds?|pence)\b", re.I)  # "seven per cent" is a figure
# "• Nine are rated Red", "Three were approved": a number word opening a sentence as its subject is a count
_COUNTED = re.compile(r"\s+(?:are|were)\b", re.I)
_OPENS = re.compile(r"(?:^|[.:;!?•●▪◦\-–]\s*|\n\s*)$")
_ORD_WORD = (rf"(?:(?:twenty|thirty)[\s-]+(?:{'|'.join(list(_ORDINALS)[:9])})|{'|'.join(_ORDINALS)})")
_ORD_BEFORE = re.compile(rf"\b({_ORD_WORD})(\s+(?:of\s+)?{_MONTH})", re.I)
_ORD_AFTER = re.compile(rf"\b({_MONTH}\s+(?:the\s+)?)({_ORD_WORD})\b", re.I)


def ascii_digits(text: str) -> str:
    """Superscript, full-width and other scripts' digits as 0-9 (NFKC, then any decimal digit left)."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if not ch.isascii() and unicodedata.decimal(ch, None) is not None
                   else ch for ch in text)


def to_numerals(text: str) -> str:
    """The text with its figures in words as numerals (see the module's docstring)."""
    text = ascii_digits(text)
    if not re.search(rf"\b(?:{_UNIT}|{_TEN}|hundred|thousand|million|billion|{'|'.join(_ORDINALS)})", text, re.I):
        return text
    text = _YEAR.sub(_year, text)
    text = _ORD_BEFORE.sub(lambda m: f"{_ordinal(m[1])}{m[2]}", text)
    text = _ORD_AFTER.sub(lambda m: f"{m[1].split()[0]} {_ordinal(m[2])}", text)  # "March the first": "March 1"
    return _RUN.sub(_cardinal, text)


def _year(m: re.Match) -> str:
    century = 1900 if m[1].lower() == "nineteen" else 2000
    if m[2]:
        return str(century + _UNITS[m[2].lower()])
    if m[3]:
        return str(century + _TENS[m[3].lower()] + (_UNITS[m[4].lower()] if m[4] else 0))
    return str(century + _UNITS[m[5].lower()]) if _UNITS[m[5].lower()] >= 10 else m[0]  # "twenty one" is 21


def _ordinal(words: str) -> str:
    parts = re.split(r"[\s-]+", words.lower())
    return str(sum(_TENS.get(p, 0) for p in parts[:-1]) + _ORDINALS[parts[-1]])


def _cardinal(m: re.Match) -> str:
    words = [w for w in re.split(r"[\s-]+", m[0].lower()) if w != "and"]
    if "point" in words:
        at = words.index("point")
        whole, rest = words[:at], words[at + 1:]
        digits = [w for w in rest if w in _UNITS]
        scale = next((_SCALES[w] for w in rest if w in _SCALES), 1)
        value = (Decimal(_integer(whole)) + Decimal("0." + "".join(str(_UNITS[d] % 10) for d in digits))) * scale
    else:
        if len(words) == 1 and words[0] in _UNITS and _UNITS[words[0]] < LONE_FIGURE \
                and not _UNIT_AFTER.match(m.string, m.end()) \
                and not (_COUNTED.match(m.string, m.end()) and _OPENS.search(m.string[max(0, m.start() - 3):m.start()])):
            return m[0]
        if words[0] in _SCALES or words[0] == "hundred":
            return m[0]  # "hundreds", "a million": no figure to read
        value = Decimal(_integer(words))
    return format(value.normalize(), "f")


def _integer(words: list[str]) -> int:
    total = current = 0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
    return total + current
