"""Ruled tables of words: work programmes (Date | Title | Detail | Lead Officer), action plans (Actions | By When |
Delivery Lead), frameworks of powers. `grid.py` reads their cells; this module says which grids are tables of
words, which row heads them, how one carries on over a page, and how a left column of dates groups the rows.

A table of words has no figures to tell its headings from its body, so its headings are the first row (of
the first few) whose cells are all short and capitalised, over rows that fill their cells. A grid of boxed
text without such a row is kept only when it carries on the table of words on the page before.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .tables import FIGURE_CELL, YEAR_CELL, Table

WORDS_SHARE = 0.15  # a table whose cells after the first column are at most this share figures is a table of words
HEAD_WORDS = 10  # a column heading of a table of words runs to at most this many words
HEAD_AT = 3  # the row of headings of a table of words is one of its first this many rows
FILLED = 1 / 3  # the body of a table of words fills at least this share of its cells
BROKEN_HEAD = 3  # the words a heading's line carried over the page's end runs to at most
_YEARS = re.compile(r"\b(?:19|20)\d\d(?:[-/]\d\d(?:\d\d)?)?\b")


def of_words(rows: list[list[str]]) -> bool:
    """Cells (after the first column) that are words, hardly ever figures or years."""
    cells = [c for r in rows for c in r[1:] if c]
    figures = sum(1 for c in cells if FIGURE_CELL.match(c.replace(" ", "")) or YEAR_CELL.match(c.replace(" ", "")))
    return len(cells) >= 4 and figures <= WORDS_SHARE * len(cells)


def words_table(t: Table) -> bool:
    """A table read as a table of words (`of_words` over its rows, labels first)."""
    return of_words([[r.label, *r.cells] for r in t.rows])


def _heading(cell: str) -> bool:
    """A column heading: short and capitalised, no figure but a year's; "No." heads a column, a sentence does not."""
    return len(cell.split()) <= HEAD_WORDS and cell[:1].isupper() and not (cell.endswith(".") and " " in cell) \
        and not re.search(r"\d", _YEARS.sub("", cell))


def text_head(rows: list[list[str]]) -> int | None:
    """Which of the first rows names the columns of a table of words: three or more headings over rows that
    fill the table (four headings or more may head a single row: an action plan prints them over every action)."""
    for i, row in enumerate(rows[:HEAD_AT]):
        head = [c for c in row if c]
        if len(head) >= 3 and all(_heading(c) for c in head) and filled(rows[i + 1:], 1 if len(head) >= 4 else 2):
            return i
    return None


def filled(body: list[list[str]], least: int = 2) -> bool:
    """Rows of words that fill their table: `least` rows or more of two cells or more, FILLED of the cells."""
    full = sum(1 for r in body if sum(1 for c in r if c) >= 2)
    return full >= least and sum(1 for r in body for c in r if c) >= FILLED * sum(len(r) for r in body)


def carried_on(prev: Table, nxt: Table) -> tuple[Table, Table]:
    """A table of words carried over a page: the words of a heading the page's end broke ("Cabinet Member/" then
    "Lead Officer") joined to it, and the headings printed again over the rest dropped from its rows."""
    heads = tuple(prev.columns)
    rows = [r for r in nxt.rows if (r.label, *r.cells) != heads]
    if rows and any(heads) and of_words([[r.label, *r.cells] for r in rows]):
        first = (rows[0].label, *rows[0].cells)
        broken = [k for k, c in enumerate(first) if c]
        if broken and len(first) == len(heads) and all(heads[k] and len(first[k].split()) <= BROKEN_HEAD
                                                       and first[k][:1].isupper() for k in broken) \
                and len(broken) < len([h for h in heads if h]):
            heads = tuple(f"{h} {c}".strip() if c else h for h, c in zip(heads, first))
            rows = rows[1:]
    return replace(prev, columns=heads), replace(nxt, rows=tuple(rows))


def grouped(t: Table) -> Table:
    """A table of words whose left column is filled only now and then while the next is filled in nearly every
    row: the left column names groups of rows ("7 January 2016" over the items of that meeting), the next names
    the rows."""
    rows = t.rows
    first, second = sum(1 for r in rows if r.label), sum(1 for r in rows if r.cells and r.cells[0])
    if len(t.columns) < 3 or not words_table(t) \
            or not (first <= len(rows) / 2 and second >= 0.8 * len(rows) and (first or any(r.group for r in rows))):
        return t
    out, group, heading = [], None, None
    for r in rows:
        if r.label:
            group = r.label
        elif r.group != heading:  # a date printed on a row of its own (grid.py made it the rows' group)
            group = r.group or group
        heading = r.group
        if any(r.cells):
            out.append(replace(r, label=r.cells[0], group=group, cells=r.cells[1:]))
    return replace(t, columns=t.columns[1:], rows=tuple(out), column_units=t.column_units[1:])
