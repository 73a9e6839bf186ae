"""Conflicting figures: when the best passages of two papers give different figures for what was asked, say so.

"The papers differ: £8.3 m (the report to the Scrutiny Board meeting of 10 December 2015) and
£8.1 m (the annual report to the Scrutiny Board meeting of 14 July 2016)." Two units state the same
measure when each holds most of the question (`SAME_MEASURE`), the kind of figure asked, and the
year asked; they come from different papers; each states exactly one such figure; and the two are less than
an order of magnitude apart (further apart, they measure different things, or one was misread).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Passage
from ..text.normalise import long_date
from .check import _numbers
from .lead import value_of
from .query import Query
from .rows import render

if TYPE_CHECKING:
    from .candidates import Candidate

SAME_MEASURE = 0.6  # each unit holds at least this share of the question's idf-weighted terms
CONFLICT_GAP = 0.6  # and scores within this of the best (the runner-up gap of answer.py)
CONFLICT_POOL = 15  # the best units searched for a differing figure
MAGNITUDE = 10.0  # figures this many times apart are not two papers' figures for one measure


def differing(q: Query, best: "Candidate", ranked: list["Candidate"], passages: list[Passage]
              ) -> tuple["Candidate", str] | None:
    """A unit of another paper that gives a different figure for what `best` states, and the sentence saying so."""
    if q.kind != "figure" or best.own < SAME_MEASURE or (q.years and not best.year_ok):
        return None
    first = value_of(q, render(best.text, q))
    if not first:
        return None
    source = passages[best.passage].chunk.source
    for c in ranked[:CONFLICT_POOL]:
        if c.score < best.score - CONFLICT_GAP:
            break
        if passages[c.passage].chunk.source == source or not c.kind_ok or c.own < SAME_MEASURE:
            continue
        if q.years and not c.year_ok:
            continue
        other = value_of(q, render(c.text, q))
        if not other or _amount(other) == _amount(first) or _apart(_amount(other), _amount(first)):
            continue
        return c, (f"The papers differ: {first} ({where(passages[best.passage])}) and "
                   f"{other} ({where(passages[c.passage])}).")
    return None


def _apart(a, b) -> bool:
    """Two amounts an order of magnitude or more apart measure different things (or one was misread, "£0.013m"
    for "13"): two papers' figures for one measure differ by much less."""
    try:
        a, b = abs(float(a)), abs(float(b))
    except (TypeError, ValueError):
        return False
    return bool(a and b) and max(a, b) / min(a, b) >= MAGNITUDE


def where(p: Passage) -> str:
    """"the report to the Cabinet meeting of 5 November 2015": which paper, for which meeting."""
    c = p.chunk
    kind = c.doc_type if c.doc_type and c.doc_type != "pack" else "papers"
    body = f" {c.committee}" if c.committee else ""
    held = long_date(c.meeting_date)
    return f"the {kind} for the{body} meeting of {held}" if held else c.title


def _amount(written: str):
    found = _numbers(written)
    return found[0][1][1] if found else written
