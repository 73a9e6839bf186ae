"""Performance indicators printed as boxes ("… within timescale RED / Latest: 71% Target: 85%, Floor: 80% Previous: 71%
(Red)") read as one table row each: the indicator's name, its latest figure, target, floor, previous and rating.

Quarterly performance reports print each KPI as a small box rather than a ruled table; the figures
never lose their headings, so a question naming the indicator is answered with all of them:
"Percentage of complaints responded to within timescale — Latest: 71%; Target: 85%; Floor: 80%;
Previous: 71% (Red); rated RED [1]".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Answer, Citation, Passage
from ..text.normalise import tokens
from ..text.synonyms import held
from .query import Query

PASSAGES_READ = 10  # indicator boxes are looked for in this many of the best passages
MIN_SHARE = 0.6  # the indicator's name must hold this share of the question's weighted words
MIN_MARGIN = 0.15  # and beat any other indicator's name by this share (its words' share plus its pairs')
PAIR_WEIGHT = 0.5  # the share of the question's adjacent word pairs a name holds counts half (as in lookup.py)
NAME_LINES = 3  # an indicator's name runs over at most this many lines above its figures
_FIG = r"[^\s,]+(?:,\d{3})*"  # a box's figure: "33,550" keeps its thousands, "71%", "N/A"
# the headings' colons are not always printed ("Previous 5,473 (Amber)"): a box is its four headings in order
_BOX = re.compile(rf"Latest:?\s*(?P<latest>{_FIG})\s+Target:?\s*(?P<target>[^\n]+?)\s*"
                  rf"(?:,\s*Floor:?\s*(?P<floor>{_FIG}))?\s+(?:Floor:?\s*{_FIG}\s+)?Previous:?\s*(?P<previous>{_FIG})"
                  r"\s*(?:\((?P<was>\w+)\))?")
_FIELDS = frozenset(tokens("latest target floor previous"))  # what a box heads its figures with, as a table's columns
_RAG = re.compile(r"\s*\b(GREEN|AMBER|RED)\s*$")
_NOT_NAME = re.compile(r"^(?:Key Performance Indicators|Appendix \d+|\d+)$|[.:]$", re.I)


@dataclass(frozen=True)
class Indicator:
    """One KPI box: its name and the figures printed with it."""

    name: str
    rating: str | None
    latest: str
    target: str
    floor: str | None
    previous: str
    was: str | None
    printed: str  # the box's lines as the page prints them
    at: int = 0  # where the box's figures start in the text it was read from

    def said(self) -> str:
        parts = [f"Latest: {self.latest}", f"Target: {self.target}"] + ([f"Floor: {self.floor}"] if self.floor else [])
        parts.append(f"Previous: {self.previous}" + (f" ({self.was})" if self.was else ""))
        return f"{self.name} — {'; '.join(parts)}" + (f"; rated {self.rating}" if self.rating else "")


_CONNECTIVE = frozenset("of the a an and or in to by for with from at on who which than per –".split())


def _wraps(upper: str, lower: str) -> bool:
    """True when `lower` carries on a name from `upper`: it opens in lower case or with a bracket or dash
    ("(Rolling 12 months)", "service (Rolling …"), or `upper` breaks off on a connective or a comma."""
    words = upper.split()
    return bool(lower) and (not lower[0].isupper() or lower[0] in "(–-&") or (
        bool(words) and (words[-1].lower() in _CONNECTIVE or upper.endswith(",")))


def indicators(text: str) -> list[Indicator]:
    """Every KPI box in a passage's text, named by the lines above its figures.

    A box prints its name, its rating (alone or at the end of the name's last line), then its figures, and
    often a note under them ("No data for Dec-24 …"). Boxes follow one another, so the name is read upward
    from the rating only while each line carries on the one below it: the note of the box before and the
    page's headings ("Performance Indicators") start lines of their own and are never taken into the name.
    """
    out, last = [], 0
    for m in _BOX.finditer(text):
        lines = [ln.strip() for ln in text[last:m.start()].splitlines() if ln.strip()]
        name: list[str] = []
        rating = None
        for ln in reversed(lines):
            if _NOT_NAME.search(ln) or len(name) >= NAME_LINES or (name and not _wraps(ln, name[0])):
                break
            rag = _RAG.search(ln)
            if rag and not name:
                rating, ln = rating or rag.group(1), ln[:rag.start()].strip()
                if not ln:
                    continue
            name.insert(0, ln)
        last = m.end()
        if name:
            out.append(Indicator(" ".join(" ".join(name).split()), rating, m["latest"], m["target"].strip(),
                                 m["floor"], m["previous"], m["was"], " ".join(m.group(0).split()), m.start()))
    return out


def _page_of(p: Passage, at: int) -> int:
    """The page of the character at offset `at` of the passage's text (its context before, the chunk, after)."""
    before = len(p.before) + 1 if p.before else 0
    if at < before:
        return p.before_page or p.chunk.page
    if at >= before + len(p.chunk.text):
        return p.after_page or p.chunk.page_end
    return p.chunk.page_at(at - before)


def _pairs(q: Query, name: str) -> float:
    """The share of the question's adjacent word pairs that stand side by side in the name ("NHS health
    checks" is the NHS Health Check, not the "checks delivered by the health visiting service")."""
    if not q.pairs:
        return 0.0
    seq = tokens(name)
    return len(q.pairs & set(zip(seq, seq[1:]))) / len(q.pairs)


def read_indicator(q: Query, passages: list[Passage]) -> Answer | None:
    """The KPI box whose name the question names, with all its figures; None unless one clearly fits."""
    if q.kind not in ("figure", "text") or not passages:
        return None
    # the report's period ("Q3 2024/25") is the box's, never in its name: only the other words must be held
    weights = {t: w for t, w in q.weights.items() if not (t.startswith("fy") or t.isdigit() or t == "quarter")}
    total = sum(weights.values()) or 1.0
    found = []
    for rank, p in enumerate(passages[:PASSAGES_READ]):
        for ind in indicators(p.text):
            got = held(set(tokens(ind.name)) | _FIELDS, q.alternatives)  # "… against target": the box's headings
            share = sum(w for t, w in weights.items() if t in got) / total
            found.append((share + PAIR_WEIGHT * _pairs(q, ind.name), share, rank, ind))
    if not found:
        return None
    found.sort(key=lambda x: (-x[0], x[2]))
    score, share, rank, best = found[0]
    if share < MIN_SHARE or any(s > score - MIN_MARGIN and i.name != best.name for s, _, _, i in found[1:]):
        return None
    p = passages[rank]
    c = p.chunk
    text = best.said()
    page = _page_of(p, best.at)
    cite = Citation(n=1, source=c.source, page=page, title=c.title, meeting_date=c.meeting_date, committee=c.committee,
                    printed_page=c.printed_page if page == c.page else None, quote=f"{best.name}\n{best.printed}")
    ordered = [p] + [x for i, x in enumerate(passages) if i != rank]
    return Answer(question=q.text, found=True, answer=f"{text} [1]", passages=tuple(ordered), citations=(cite,),
                  note="read from a table")

