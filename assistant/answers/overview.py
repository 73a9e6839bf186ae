"""A vague question ("Tell me about money", "potholes") answered with what the papers hold on it.

Instead of a few fragments, a short list: each paper found (up to `ITEMS`), what of it was found
(a table, a section, the minutes of a meeting) and its best sentence on the topic, quoted and cited.
"""
from __future__ import annotations

import re

from ..records import Answer, Citation, Passage
from ..text.normalise import long_date
from .candidates import Candidate, heading_like
from .query import Query
from .rows import render

ITEMS = 4  # papers listed: a reader scans four; more is a search results page
MIN_QUOTE = 60  # characters: a shorter unit is a heading or a fragment, not a sentence on the topic
_ENDED = re.compile(r"[.!?:;]\s*$| — ")  # a sentence, a list's lead-in or a table row, not a title
MAX_ITEM = 220  # characters of each quoted sentence



def overview(q: Query, ranked: list[Candidate], passages: list[Passage]) -> Answer | None:
    """The list of papers that hold the topic, each with its best sentence; None when none has one."""
    items: list[tuple[Candidate, Passage]] = []
    for c in ranked:
        p = passages[c.passage]
        if any(p.chunk.source == x.chunk.source or c.text == y.text for y, x in items):
            continue  # one sentence a paper (the same paper filed twice says it twice)
        if len(c.text) < MIN_QUOTE or heading_like(c.text) or not _ENDED.search(c.text) or c.own <= 0:
            continue
        items.append((c, p))
        if len(items) == ITEMS:
            break
    if not items:
        return None
    lines = [f"The papers hold this on {q.topic}:"]
    citations = []
    for n, (c, p) in enumerate(items, 1):
        ch = p.chunk
        what = "a table" if ch.kind == "table" else "the minutes" if ch.doc_type == "minutes" else f"the {ch.doc_type or 'paper'}"
        held = long_date(ch.meeting_date)
        where = f"{what} for the {ch.committee} meeting of {held}" if held and ch.committee else ch.title
        section = f", {ch.section.split(' › ')[-1]}" if ch.section else ""
        shown = render(c.text, q)
        shown = shown if len(shown) <= MAX_ITEM else shown[:MAX_ITEM - 1] + "…"
        lines.append(f"• {where}{section}: \u201c{shown}\u201d [{n}]")
        citations.append(Citation(n=n, source=ch.source, page=c.page, title=ch.title, meeting_date=ch.meeting_date,
                                  committee=ch.committee, printed_page=ch.printed_page if c.page == ch.page else None,
                                  quote=c.text))
    return Answer(question=q.text, found=True, answer="\n".join(lines), passages=tuple(passages),
                  citations=tuple(citations))
