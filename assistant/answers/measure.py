"""The word a figure question's measure turns on, which the figure's sentence or row must hold; and the dates a
"when" question names to say which event it means, which are not its answer.

"How many veterans were homeless in 2023?" counts veterans (`question.counted`), but only the homeless
ones: "The Kent veteran population make up over 52,000" holds veterans and a figure, and answers
another question. "How big an overspend was adult social care forecasting?" asks for an overspend,
not the 24 of a table of calls about adult social care. The word the measure turns on is read from
the question's structure, not from a list of phrases:

- a "how many" question's predicate: the word after "were/are/was/is/had been" ("were homeless",
  "are currently eligible", "were actually filled"), not a phrasal verb ("were lined up"); each word of a
  predicate joined by commas and "and" ("were red, amber and green"), any of which the unit may hold;
- the noun after "how big/large/high … a(n)/the" ("how big an overspend").

The word is required only where the papers found use it: "how many organisations were lined up" is a way
of asking, not a distinction the papers draw, when no passage says "lined" (`measure_used`).

A unit holds it when one of its words (or of its heading and the line above it) begins with the word's
stem, at most `PREFIX` letters of it, so "adopted" is met by "adoption" and "homeless" by "homelessness".
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..text.normalise import STOPWORDS, tokens

if TYPE_CHECKING:
    from ..papers.tables import Table
    from ..records import Passage
    from .query import Query

PREFIX = 5  # letters two words must share at the start to be the same word ("adopted", "adoption")
_ADVERBS = r"(?:(?:currently|now|still|actually|being|also|already|ever|newly|then)\s+)*"
# "how many <what is counted> were <predicate>": the counted words hold no clause break (",", "and", "?")
_PREDICATE = re.compile(r"\bhow many\b(?:(?![,?]|\band\b)[^,?])*?\b(?:were|are|was|is|had been|have been|has been)\s+"
                        + _ADVERBS + r"([a-z][a-z-]+)\b(?!\s+(?:up|out|off|down|away|back|over)\b)"
                        # "were red, amber and green": each word the predicate joins
                        r"((?:\s*,\s*[a-z][a-z-]+)*(?:\s*,?\s+(?:and|or)\s+[a-z][a-z-]+)?)", re.I)
_SIZE = re.compile(r"\bhow (?:big|large|small|high|low|great|much of) (?:an?|the) ([a-z][a-z-]+)", re.I)


def measured(question: str) -> frozenset[str]:
    """The tokens of the word a figure question's measure turns on (see the module's docstring); empty if none."""
    out: set[str] = set()
    for pattern in (_PREDICATE, _SIZE):
        for m in pattern.finditer(question):
            word = m.group(1).lower()
            if word in STOPWORDS or word in ("there", "here", "left"):
                continue  # "how many were there": no predicate; "left" is as often "remaining" as "departed"
            joined = re.findall(r"[a-z][a-z-]+", m.group(2).lower()) if pattern is _PREDICATE else []
            out.update(t for w in [word] + [w for w in joined if w not in ("and", "or")] for t in tokens(w) if t.isalpha())
    return frozenset(out)


def holds_measure(measure: frozenset[str], toks: set[str]) -> bool:
    """Whether the tokens hold the measure's word, or a word beginning with the same `PREFIX` letters."""
    if not measure:
        return True
    return any(t.startswith(m[:PREFIX]) for m in measure for t in toks)


def measure_used(q: "Query", passages: "list[Passage]", table: "Table | None" = None) -> bool:
    """Whether any of these passages (or the table) holds the question's measure word, so that it must be met."""
    if not q.measured:
        return False
    texts = [" ".join([p.chunk.header(), p.before, p.chunk.text, p.after, " ".join(p.chunk.rows)]) for p in passages]
    if table is not None:
        texts.append(" ".join([table.caption, table.intro, *table.columns, *(table.label(r) for r in table.rows)]))
    return any(holds_measure(q.measured, set(tokens(t))) for t in texts)


_MONTH_NAMES = ("January February March April May June July August September October November December").split()
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"


def without_dates_asked(q: "Query", text: str) -> str:
    """The text without the months and dates the question itself names: "When did Ofsted publish its letter on the
    May 2021 visit?" names the visit by its month, so "the visit was undertaken on 12 and 13 May 2021" holds no
    date that answers it, and "the letter was published on 25th June 2021" does."""
    for ym in (*q.month_years, *(d[:7] for d in q.dates)):
        year, month = ym[:4], _MONTH_NAMES[int(ym[5:7]) - 1]
        days = rf"(?:{_DAY}(?:\s*(?:,|and|&|-|–|to)\s*{_DAY})*\s+)?"
        text = re.sub(rf"\b{days}{month[:3]}\w*\.?,?\s+{year}\b", " ", text, flags=re.I)
    return text
