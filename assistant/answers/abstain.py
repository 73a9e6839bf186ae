"""When the papers don't say: the answer is withheld, and the reason worded for the reader.

A plausible but wrong figure is the worst outcome, so the best sentence found is offered only
when its passage is about what was asked (`MIN_PASSAGE_COVERAGE`, `MIN_SUBJECT`), the sentence
itself shares the question's words (`MIN_OWN`) and is about the year asked, and the question does
not ask what happened after the meeting the passage comes from.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..records import Passage
from ..text.normalise import long_date, tokens
from ..text.synonyms import share
from .query import Query

if TYPE_CHECKING:
    from .candidates import Candidate

# Abstention, calibrated on the dev sets. The best passage must hold at least this share of the
# question's idf-weighted terms: below it, what the question is about (a word the papers never
# use, like "gritters" or "mermaids") is not in the papers. On the dev sets answerable questions
# sit at 0.45 and above; off-topic ones at 0.2-0.3.
MIN_PASSAGE_COVERAGE = 0.4
# Of the question's terms other than its years, the passage must hold at least this share: a
# passage that shares only the year ("TOTAL 2018-19 …" for "children adopted in 2018/19") is about
# something else. Answered dev questions hold 0.38 and more; one that only matched its year, 0.
MIN_SUBJECT = 0.25
# The quoted sentence itself must share at least this much of the question: a figure beside none
# of the question's words ("£12.21 per hour" for a councillor's allowance) answers something else.
MIN_OWN = 0.1
# Where the question names a year, the quoted sentence (or its passage) must be about that year,
# and a figure/date/name question needs a sentence that holds one (`question.holds`).


def withheld(q: Query, best: "Candidate | None", passage: Passage | None,
             nearest: "Candidate | None" = None) -> str | None:
    """What to say instead of answering with `best` (from `passage`), or None when it may be given."""
    if best is not None and passage is not None and best.year_ok is not False \
            and before_the_year(q, passage.chunk.meeting_date):
        return not_found(q, best, before=True)
    if best is None or passage is None or not _confident(best, passage_coverage(passage, q),
                                                          passage_coverage(passage, q, _subject(q.weights))):
        return not_found(q, best or nearest)
    return None


def passage_coverage(p: Passage, q: Query, weights: dict[str, float] | None = None) -> float:
    """Share of the question's idf-weighted terms that the passage (with its context) holds; the
    date of its meeting counts ("in November 2019" is met by the minutes of 28 November 2019), and
    a word the papers put another way ("shortfall" for "gap": `synonyms`) counts in part."""
    toks = set(tokens(" ".join([p.chunk.header(), p.text, " ".join(p.chunk.rows), long_date(p.chunk.meeting_date)])))
    weights = q.weights if weights is None else weights
    return share(weights, toks, {t: a for t, a in q.alternatives.items() if t in weights})


def before_the_year(q: Query, meeting_date: str | None) -> bool:
    """A question about what happened in a year ("what rating did Ofsted give at its 2022
    inspection?") cannot be answered by a paper for a meeting held before that year began: it can
    only say what was planned. Financial years are left alone: budget papers are about the years ahead."""
    if q.fys or not q.calendar or not q.past or q.planned or not meeting_date:
        return False
    return all(meeting_date[:10] < f"{year}-01-01" for year in q.calendar)


def _subject(weights: dict[str, float]) -> dict[str, float]:
    """The question's terms without its years: what it is about, not when."""
    return {t: w for t, w in weights.items() if not _YEAR_TOKEN.match(t)}


_YEAR_TOKEN = re.compile(r"fy\d{4}_\d\d$|(?:19|20)\d\d$")


def _confident(best: "Candidate", coverage: float, subject: float) -> bool:
    """Answer only when the papers are about what was asked and the sentence is about the year asked.

    A plausible but wrong figure is the worst outcome, so a figure from another year, or a
    passage that lacks what the question is about (whatever year it names), is not offered as
    the answer.
    """
    return (coverage >= MIN_PASSAGE_COVERAGE and subject >= MIN_SUBJECT and best.year_ok is not False
            and best.own >= MIN_OWN)


def not_found(q: Query, nearest: "Candidate | None" = None, before: bool = False) -> str:
    """The plain abstention, saying what was missing when that is clear."""
    years = sorted(y for y in q.years if not y.startswith("fy"))
    fys = sorted(y for y in q.years if y.startswith("fy"))
    when = ", ".join(f"{y[2:6]}/{y[7:]}" for y in fys) or ", ".join(years)
    if before:
        return (f"The papers in the index don't say — the nearest passages come from meetings held before {when}, "
                "so they can say what was planned, not what happened. They are listed below.")
    if nearest is not None and nearest.year_ok is False:
        return (f"The papers in the index don't say — they have figures on this, but not for {when}. "
                "The nearest passages are listed below.")
    return ("The papers in the index don't say. The nearest passages are listed below, "
            "but none of them answers this question.")
