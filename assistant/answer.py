"""From retrieved passages to an answer: quoted sentences with citation markers, or a plain
"the papers don't say" when they hold no answer."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import tokens, years_in
from .records import Answer, Citation, Passage

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£\d\"'•])|\n(?=\s*(?:[•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s|[a-z]\)|\([a-z]\)))")
MAX_ANSWER = 700


@dataclass(frozen=True)
class Unit:
    """A sentence or a table row of a passage, the thing an answer quotes."""

    text: str
    passage: int  # index into the passages
    score: float


def units(passage: Passage) -> list[str]:
    """The quotable pieces of a passage: its table rows read with headings, and its sentences."""
    c = passage.chunk
    if c.kind == "table" and c.rows:
        return list(c.rows)
    text = re.sub(r"(?<![.!?:;])\n(?![•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s)", " ", c.text)
    return [u.strip() for u in _SENT.split(text) if len(u.strip()) > 3]


def _overlap(q: set[str], unit: str) -> float:
    toks = set(tokens(unit))
    return len(q & toks) / max(len(q), 1)


def select(question: str, passages: list[Passage], limit: int = 3) -> list[Unit]:
    """The sentences or rows that best answer the question, best first."""
    q = set(tokens(question))
    qyears = years_in(question)
    scored = []
    for i, p in enumerate(passages[:5]):
        rank_weight = 1.0 / (1 + 0.35 * i)
        for u in units(p):
            s = _overlap(q, u) * rank_weight
            if qyears and qyears & years_in(u):
                s += 0.15
            scored.append(Unit(u, i, s))
    scored.sort(key=lambda u: -u.score)
    return scored[:limit]


def compose(question: str, passages: list[Passage]) -> Answer:
    """A quoted, cited answer from the passages (found is false when there are none)."""
    if not passages:
        return Answer(question=question, found=False, answer=not_found(question), passages=())
    chosen = select(question, passages, limit=2)
    order: list[int] = []
    for u in chosen:
        if u.passage not in order:
            order.append(u.passage)
    parts = []
    for u in chosen:
        n = order.index(u.passage) + 1
        parts.append(f"\u201c{u.text}\u201d [{n}]")
    text = " ".join(parts)[:MAX_ANSWER]
    citations = tuple(_citation(n, passages[i]) for n, i in enumerate(order, 1))
    return Answer(question=question, found=True, answer=text, passages=tuple(passages), citations=citations)


def _citation(n: int, p: Passage) -> Citation:
    c = p.chunk
    return Citation(n=n, source=c.source, page=c.page, title=c.title, meeting_date=c.meeting_date,
                    committee=c.committee, printed_page=c.printed_page)


def not_found(question: str) -> str:
    return ("The papers in the index don't say. The nearest passages are listed below, "
            "but none of them answers this question.")
