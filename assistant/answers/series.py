"""Figures a paper gives year by year in sentences of one shape, read as a series and compared.

Annual reports list a measure a sentence a year: "Between April 2005 and March 2006, 24 families became looked
after under Police Protection (38 children)." … "Between April 2011 and March 2012, 27 families …". No table
holds them, so "which year saw the most families become looked after under police protection?" is answered by
comparing the sentences' figures: sentences of one passage whose words are the same once their years and
figures are set aside, each naming one year, are a series; the year with the highest (lowest) first figure is
the answer, quoted with the sentence that gives it and the runners-up named.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..records import Answer, Citation, Passage
from ..text.normalise import fold_numbers, tokens
from .candidates import unit_pages
from .query import Query

PASSAGES_READ = 4  # series are looked for in this many of the best passages
MIN_SERIES = 3  # sentences of one shape, each a year, before they are read as a series
MIN_SHARE = 0.5  # of the question's words (years and the asking words aside) the series' shape must hold
RUNNERS_UP = 3
_HIGH = re.compile(r"\b(?:highest|largest|biggest|greatest|most|peak(?:ed)?)\b", re.I)
_LOW = re.compile(r"\b(?:lowest|smallest|fewest|least)\b", re.I)
_WHEN = re.compile(r"\b(?:which|what) (?:year|period)\b|\bwhen\b|\bin which\b", re.I)
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z0-9£])|\n+")
_BULLET = re.compile(r"^\s*(?:[-•●▪◦*]|\d{1,2}[.)])\s+")
_YEAR = re.compile(r"\bfy(\d{4})_(\d\d)\b|\b((?:19|20)\d\d)\b")
_FIGURE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_ASKING = frozenset(tokens("which what year period when saw see was were had most highest largest biggest greatest "
                           "lowest smallest fewest least how many much the in of and did peak peaked number"))


@dataclass(frozen=True)
class _Point:
    period: str  # "2008/09" or "2011"
    value: float
    figure: str  # as printed
    sentence: str
    passage: int


def _shape(sentence: str) -> tuple[str, str, str, float] | None:
    """(shape, period, figure, value) of a sentence naming one year and a figure after it; None otherwise."""
    folded = fold_numbers(_BULLET.sub("", sentence))
    years = list(_YEAR.finditer(folded))
    if len(years) != 1:
        return None
    y = years[0]
    period = f"{y.group(1)}/{y.group(2)}" if y.group(1) else y.group(3)
    rest = folded[:y.start()] + " <year> " + folded[y.end():]
    figures = list(_FIGURE.finditer(rest))
    if not figures:
        return None
    shape = _FIGURE.sub("<n>", rest)
    return " ".join(shape.split()), period, figures[0].group(0), float(figures[0].group(0))


def asks_series(q: Query) -> str | None:
    """"high" or "low" when the question asks which year a measure was highest or lowest, else None."""
    if not _WHEN.search(q.text) or len(q.years) > 1:
        return None
    return "high" if _HIGH.search(q.text) else "low" if _LOW.search(q.text) else None


def answer_series(q: Query, passages: list[Passage]) -> Answer | None:
    """The year a series of sentences in the best passages puts highest (lowest), or None when none fits."""
    which = asks_series(q)
    if which is None:
        return None
    asked = {t: w for t, w in q.weights.items() if t not in _ASKING and not re.fullmatch(r"fy\d{4}_\d\d|\d+", t)}
    total = sum(asked.values()) or 1.0
    best: tuple[float, list[_Point]] | None = None
    # one paper's series may run over two chunks: sentences are grouped by paper and shape
    groups: dict[tuple[str, str], dict[str, _Point]] = defaultdict(dict)
    for i, p in enumerate(passages[:PASSAGES_READ]):
        for sentence in _SENTENCE.split(p.chunk.text):
            sentence = " ".join(sentence.split())
            got = _shape(sentence)
            if got:
                shape, period, figure, value = got
                groups[(p.chunk.source, shape)].setdefault(period, _Point(period, value, figure, sentence, i))
    for (_, shape), by_period in groups.items():
        if len(by_period) < MIN_SERIES:
            continue
        share = sum(w for t, w in asked.items() if t in set(tokens(shape))) / total
        if share >= MIN_SHARE and (best is None or share > best[0]):
            best = (share, list(by_period.values()))
    if best is None:
        return None
    points = sorted(best[1], key=lambda x: -x.value if which == "high" else x.value)
    top = points[0]
    if len(points) > 1 and points[1].value == top.value:
        return None  # two years tie: the question has no one answer
    p = passages[top.passage]
    page, _ = unit_pages(p.chunk, [top.sentence])[0]
    word = "Highest" if which == "high" else "Lowest"
    runners = "; ".join(f"{x.period}: {x.figure}" for x in points[1:1 + RUNNERS_UP])
    text = (f"{word}: {top.period} — {top.figure} (of {len(points)} years the paper gives; next: {runners}). "
            f"\u201c{top.sentence}\u201d [1]")
    c = p.chunk
    cite = Citation(n=1, source=c.source, page=page, title=c.title, meeting_date=c.meeting_date, committee=c.committee,
                    printed_page=c.printed_page if page == c.page else None, quote=top.sentence)
    ordered = [p] + [x for j, x in enumerate(passages) if j != top.passage]
    return Answer(question=q.text, found=True, answer=text, passages=tuple(ordered), citations=(cite,),
                  note="compared across the years the paper gives")
