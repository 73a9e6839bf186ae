"""A figure a merged cell printed beside its own column, put back.

A total row often spans two columns with one cell ("TOTAL | 533" under "Level 3 | %"), so the figure
lands in the column of shares; `settled` moves it back when the columns' other rows say which it is.
"""
from __future__ import annotations

from .tables import Row, value


def _cell_kind(cell: str) -> str:
    """'%' for a share, '#' for another figure, '' for words or a blank."""
    if value(cell) is None:
        return ""
    return "%" if cell.rstrip(")").endswith("%") else "#"


def settled(rows: list[Row]) -> list[Row]:
    """Rows with each figure in its own column: a cell whose kind (share or count) is not its column's,
    beside a blank cell of a column of its kind, belongs to that column. Columns are judged by their
    other rows, and only when at least three of them agree without exception."""
    width = max((len(r.cells) for r in rows), default=0)

    def kind_of(k: int, skip: Row) -> str:
        kinds = {_cell_kind(r.cells[k]) for r in rows if r is not skip and k < len(r.cells) and r.cells[k]}
        n = sum(1 for r in rows if r is not skip and k < len(r.cells) and r.cells[k])
        return kinds.pop() if n >= 3 and len(kinds) == 1 else ""

    out = []
    for row in rows:
        cells = list(row.cells)
        for k, cell in enumerate(row.cells):
            kind = _cell_kind(cell)
            if not kind or kind_of(k, row) in ("", kind):
                continue
            for j in (k - 1, k + 1):
                if 0 <= j < width and j < len(cells) and not cells[j] and kind_of(j, row) == kind:
                    cells[j], cells[k] = cell, ""
                    break
        out.append(row if tuple(cells) == row.cells else Row(row.label, row.group, tuple(cells), row.is_total,
                                                              row.page, row.page_end))
    return out
