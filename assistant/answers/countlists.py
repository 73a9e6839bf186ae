"""Lists that are tables: a lead-in and, under it, lines that each open with a count ("8 Because of Special
Guardianship orders …", "6 Family Issues …"). Read as a table of one column, so that "what was the most common
reason …?" is answered like any question over a column: the row with the largest count, the others named.

Only a run of COUNT_LINES or more such lines straight after a lead-in ending in a colon, their counts in no
order, is read: an agenda's items ("1 Apologies", "2 Minutes", "3 …") are numbered in order.
"""
from __future__ import annotations

from ..papers.paragraphs import COUNTED_LINE, counted
from ..papers.tables import Row, Table
from ..records import Passage

COUNT_LINES = 3


def count_lists(passages: list[Passage], read: int) -> list[tuple[Table, tuple[str, ...], int]]:
    """(table, its lines as printed, the passage's rank) for each counted list in the best `read` passages."""
    out = []
    for rank, p in enumerate(passages[:read]):
        if p.chunk.kind != "text":
            continue
        lines = "\n".join((p.chunk.text, p.after)).splitlines()  # a lead-in closing a chunk: its list follows
        i = 0
        while i < len(lines):
            run = []  # the counted lines from line i, each matched once
            while i + len(run) < len(lines) and (m := COUNTED_LINE.match(lines[i + len(run)])):
                run.append(m)
            lead = lines[i - 1].strip() if i else ""
            if len(run) >= COUNT_LINES and lead.endswith(":") and counted([int(m.group(1)) for m in run]):
                rows = tuple(Row(m.group(2).strip(), None, (m.group(1),), False, p.chunk.page) for m in run)
                out.append((Table(lead, None, p.chunk.section, ("", "Number"), None, rows, p.chunk.page,
                                  p.chunk.page_end), tuple(m.group(0) for m in run), rank))
            i += max(len(run), 1)
    return out
