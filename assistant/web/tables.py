"""A citation from a ruled table shown as the table itself, the row and cell the answer used highlighted."""
from __future__ import annotations

import json

from ..records import Passage
from .safe import md

HIGHLIGHT = "background-color: #fff3b0; font-weight: 600"  # the cell quoted
ROW_SHADE = "background-color: #fffbe6"  # the rest of its row


def grid(p: Passage, quotes: list[str]) -> tuple[list[str], list[list[str]], int | None, set[int]] | None:
    """(column labels, rows of cells, the row used, the columns used) of a table passage, or None.

    The row is the one the chunk is, else the one whose label a quote holds; a column is used when
    a quote holds "its label: its cell" (the way a lookup answer names it).
    """
    if not p.chunk.table:
        return None
    t = json.loads(p.chunk.table)
    rows = [[r["label"], *r["cells"]] for r in t.get("rows", ())]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    cols = list(t.get("columns") or [])[:width]
    cols += [f"column {k + 1}" for k in range(len(cols), width)]
    cols = [c or f"column {k + 1}" for k, c in enumerate(cols)]
    cols = [c if cols.index(c) == k else f"{c} ({k + 1})" for k, c in enumerate(cols)]  # unique for a frame
    rows = [r + [""] * (width - len(r)) for r in rows]
    said = "\n".join(quotes)
    used = t.get("row")
    if used is None:
        used = next((i for i, r in enumerate(rows) if r[0] and f"— {r[0]} —" in said), None)
    if used is None:
        lines = t.get("lines") or []
        used = next((i for i, line in enumerate(lines) if line and line in said), None)
    cells = {k for k in range(1, width) if used is not None and rows[used][k]
             and f"{t['columns'][k] if k < len(t.get('columns', [])) else ''}: {rows[used][k]}" in said}
    return cols, rows, used, cells


def show(p: Passage | None, quotes: list[str]) -> None:
    """Under a citation card: the table as a dataframe, the used row shaded and the quoted cell marked."""
    if p is None:
        return
    got = grid(p, quotes)
    if got is None:
        return
    import pandas as pd
    import streamlit as st

    cols, rows, used, cells = got
    frame = pd.DataFrame(rows, columns=cols)

    def paint(row: "pd.Series") -> list[str]:
        if row.name != used:
            return [""] * len(row)
        return [HIGHLIGHT if k in cells else ROW_SHADE for k in range(len(row))]

    t = json.loads(p.chunk.table)
    with st.expander(f"Show the table{': ' + md(t['caption']) if t.get('caption') else ''}", expanded=used is not None):
        st.dataframe(frame.style.apply(paint, axis=1), hide_index=True, use_container_width=True)
