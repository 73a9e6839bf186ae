"""A question of two parts ("how many … and how much did it cost?"): each part answered, or named as not covered."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..text.normalise import tokens
from .query import Query
from .question import holds, kind

if TYPE_CHECKING:
    from .candidates import Candidate

# "…, and how many …" / "… and who is …" / "…? What …": a second question joined to the first
_JOIN = re.compile(r",?\s+and\s+(?=(?:how|what|which|who|whom|when|where|why|is|are|was|were|did|does|do)\b)"
                   r"|\?\s+(?=[A-Z])", re.I)
PART_COVERED = 0.5  # a unit answers a part when it holds this share of the part's (idf-weighted) terms
PART_POOL = 30  # the best units searched for a part the answer leaves out


def parts(question: str) -> list[str]:
    """The questions a compound question joins (one, when it is not compound)."""
    pieces = [p.strip(" ,?") for p in _JOIN.split(question)]
    pieces = [p for p in pieces if tokens(p)]
    return pieces if len(pieces) > 1 else [question]


def other_parts(q: Query, ranked: list["Candidate"], chosen: list["Candidate"]) -> tuple[list["Candidate"], list[str]]:
    """Units that answer the parts of the question the chosen ones do not, and the parts nothing answers."""
    pieces = parts(q.text)
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
