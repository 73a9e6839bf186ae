"""A question of two parts ("how many … and how much did it cost?"): each part answered, or named as not covered."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..records import Answer, Citation
from ..text.normalise import tokens
from .query import Query, read
from .question import holds, kind

if TYPE_CHECKING:
    from .candidates import Candidate

PART_COVERED = 0.5  # a unit answers a part when it holds this share of the part's (idf-weighted) terms
PART_POOL = 30  # the best units searched for a part the answer leaves out



def other_parts(q: Query, ranked: list["Candidate"], chosen: list["Candidate"]) -> tuple[list["Candidate"], list[str]]:
    """Units that answer the parts of the question the chosen ones do not, and the parts nothing answers."""
    pieces = q.parts
    if len(pieces) < 2:
        return [], []
    more: list[Candidate] = []
    missing: list[str] = []
    for piece in pieces:
        weights = {t: q.weights.get(t, 1.0) for t in set(tokens(piece))}
        total = sum(weights.values()) or 1.0
        asked = kind(piece)

        def answers(c: "Candidate") -> bool:
            held = set(tokens(c.text))
            share = sum(w for t, w in weights.items() if t in held) / total
            return share >= PART_COVERED and (asked in ("text", "decision") or holds(asked, c.text, q))

        if any(answers(c) for c in chosen + more):
            continue
        found = [c for c in ranked[:PART_POOL] if c not in chosen and answers(c)]
        if found:
            more.append(found[0])
        else:
            missing.append(piece)
    if len(missing) == len(pieces):
        return more, []  # no part is met by its own words: the answer stands as chosen, unqualified
    return more, missing


_CITED = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"\s*\u201c([^\u201d]*)\u201d \[\d+\]")


def _once(text: str) -> str:
    """The text with a quote that two parts both rest on given once."""
    seen: set[str] = set()

    def one(m: re.Match) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)

    return _QUOTED.sub(one, text).strip()


def by_parts(q: Query, answer_part: Callable[[Query], Answer]) -> Answer | None:
    """A compound question the papers do not answer whole, answered part by part from the same
    passages: each part's quotes under one set of citations, and the parts nothing answers named.
    None when no part is answered (the abstention stands)."""
    pieces = q.parts
    if len(pieces) < 2:
        return None
    answers = [answer_part(read(piece, {t: q.weights.get(t, 1.0) for t in tokens(piece)})) for piece in pieces]
    return joined(q, pieces, answers)


def joined(q: Query, pieces: tuple[str, ...], answers: list[Answer | None]) -> Answer | None:
    """The parts' answers as one: each part's quotes under one set of citations, the parts not answered
    (None, or not found) named; None when no part is answered."""
    if not any(a is not None and a.found for a in answers):
        return None
    keys: list[tuple[str, int]] = []
    citations: list[Citation] = []
    texts, missing = [], []
    for piece, a in zip(pieces, answers):
        if a is None or not a.found:
            missing.append(piece)
            continue
        renumber = {}
        for c in a.citations:
            if (c.source, c.page) not in keys:
                keys.append((c.source, c.page))
                citations.append(replace(c, n=len(keys)))
            renumber[c.n] = keys.index((c.source, c.page)) + 1
        texts.append(_CITED.sub(lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", a.answer))
    text = _once(" ".join(texts))
    if missing:
        text += " The papers found don't say " + " or ".join(f"\u201c{m}\u201d" for m in missing) + "."
    found = next(a for a in answers if a is not None and a.found)
    return Answer(question=q.text, found=True, answer=text, passages=found.passages, citations=tuple(citations))
