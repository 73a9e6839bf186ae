"""Ruled tables as chunks: one per table (its caption, column labels and rows as printed) and one per row.

A row chunk opens with the row as the PDF prints it ("Sevenoaks 53,008.33 …"), then the table's
caption, then the row read with its column labels, so a question naming a row and a column lands on
it and the passage shows the line a reader would find on the page. Both kinds are `kind="table"`
(every later stage reads their `rows`); `Chunk.table` carries the table as plain JSON.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace

from ..records import Chunk, Document
from .tables import Row, Table, is_contents, value
from .wordgrid import words_table

TABLE_CHARS = 900  # a table chunk holds rows up to about this many characters (about 240 word pieces)
OVERLAP = 0.5  # a layout-text table chunk whose figures are at least this share of a ruled table's is the same table
CONTENTS_ROWS = 3  # page numbers down at least this many rows make a table a list of contents
_FIGURE = re.compile(r"\d[\d,.]*")


def render(table: Table, row: Row) -> str:
    """A row read with its headings: "Caption — Label — column: cell; column: cell"."""
    cells = [f"{table.heading(k)}: {c}" for k, c in enumerate(row.cells) if c]
    head = " — ".join(x for x in (table.caption, table.label(row)) if x)
    return f"{head} — {'; '.join(cells)}" if head else "; ".join(cells)


def as_printed(row: Row, page_text: str) -> str:
    """The row as the page's text prints it (the line holding its label and first and last figures)."""
    filled = [c for c in row.cells if c]
    first = row.label.split()[0] if row.label.split() else ""
    for line in page_text.splitlines():
        line = " ".join(line.split())
        if filled and filled[0] in line and filled[-1] in line and first in line:
            return line
    return " ".join([row.label] + filled)


def table_json(table: Table, lines: list[str], row: int | None = None, layout: bool = False) -> str:
    """The table as stored with a chunk: the record, its rows as printed, which row the chunk is (None: the
    table), and whether it was read from layout text (an unruled table) rather than ruling lines."""
    data = {**table.to_json(), "lines": lines, "row": row}
    return json.dumps({**data, "layout": True} if layout else data, ensure_ascii=False)


def _ruled(chunk: Chunk) -> bool:
    """A chunk of a table read from ruling lines (a layout-text table's chunk carries `"layout": true`)."""
    return bool(chunk.table) and '"layout": true' not in chunk.table


def _id(source: str, n: int, text: str) -> str:
    return hashlib.sha1(f"{source}\x00grid{n}\x00{text}".encode("utf-8")).hexdigest()[:16]


def _figures(text: str) -> set[str]:
    return set(_FIGURE.findall(text))


def _contents(table: Table) -> bool:
    """A table of contents: titled so, or each row one whole number at most and those numbers never go down
    (or, for entries that also carry an item number, rise in most rows: `tables.is_contents`)."""
    if is_contents(table.caption, tuple(c for c in table.columns[1:] if c),
                   [" ".join((r.label,) + r.cells) for r in table.rows]):
        return True
    figures = []
    for r in table.rows:
        got = [value(c) for c in r.cells if c and value(c) is not None]
        if len(got) > 1 or any(v != int(v) or v < 0 for v in got):
            return False
        figures += got
    return len(figures) >= CONTENTS_ROWS and figures == sorted(figures)


def _host(chunks: list[Chunk], table: Table) -> int | None:
    """Index of the chunk a table sits in: a layout-text table chunk of the same figures, else the
    last text chunk running over its first page."""
    figs = {f for r in table.rows for c in r.cells if c for f in _FIGURE.findall(c)}  # "-£58,283" is "58,283"
    best, share = None, 0.0
    for i, c in enumerate(chunks):
        if c.kind == "table" and c.page <= table.last_page and c.page_end >= table.first_page:
            got = _figures(c.text)
            s = len(got & figs) / len(got) if got else 0.0
            if s > share:
                best, share = i, s
    if best is not None and share >= OVERLAP:
        return best
    over = [i for i, c in enumerate(chunks) if c.kind == "text" and c.page <= table.first_page <= c.page_end]
    return over[-1] if over else (len(chunks) - 1 if chunks else None)


def with_tables(doc: Document, chunks: list[Chunk], tables: list[Table]) -> list[Chunk]:
    """The document's chunks with each ruled table added (table chunk, then a chunk per row) after the
    chunk it sits in; a layout-text chunk of the same table is replaced."""
    texts = {p.number: p.text for p in doc.pages}
    printed_pages = {p.number: p.printed for p in doc.pages}
    out = list(chunks)
    for n, table in enumerate(tables):
        if _contents(table):
            continue  # a ruled list of contents: its figures are page numbers, not answers
        at = _host(out, table)
        if at is None:
            continue
        host = out[at]
        base = replace(host, kind="table", page=table.first_page, page_end=table.last_page, also=(),
                       printed_page=printed_pages.get(table.first_page))
        made = _chunks(doc, table, base, texts, printed_pages, n)
        if host.kind == "table":
            out[at:at + 1] = made  # the same table read from layout text: the ruled reading replaces it
        else:
            out[at + 1:at + 1] = made
        if words_table(table):
            continue  # no figures to know its layout-text reading by (a page's KPI boxes share its labels' figures)
        # a long table's layout-text reading runs over several chunks: each is the same table, and would
        # otherwise outrank the ruled rows it repeats
        printed = [c for r in table.rows for c in (r.label,) + r.cells if c] + list(table.columns) + [table.caption]
        figs = {f for c in printed for f in _FIGURE.findall(c)}  # its labels' and headings' figures too ("School 48")
        out = [c for c in out if _ruled(c) or not _same_table(c, table, figs)]
    return out


def _same_table(chunk: Chunk, table: Table, figs: set[str]) -> bool:
    """A layout-text table chunk on the table's pages whose figures are mostly the ruled table's `figs`."""
    if chunk.kind != "table" or chunk.page > table.last_page or chunk.page_end < table.first_page:
        return False
    got = _figures(chunk.text)
    return bool(got) and len(got & figs) / len(got) >= OVERLAP


def _chunks(doc: Document, table: Table, base: Chunk, texts: dict[int, str], printed: dict[int, int | None],
            n: int) -> list[Chunk]:
    """The table's chunks: the whole table in pieces of about TABLE_CHARS, then one per row."""
    lines = [as_printed(r, texts.get(r.page, "")) for r in table.rows]
    rendered = [render(table, r) for r in table.rows]
    head = "\n".join(x for x in (table.caption, " | ".join(c for c in table.columns if c)) if x)
    unit = f"({table.units})" if table.units else ""
    out: list[Chunk] = []
    start = 0
    while start < len(lines):
        end, size = start, len(head)
        while end < len(lines) and (end == start or size + len(lines[end]) <= TABLE_CHARS):
            size += len(lines[end]) + 1
            end += 1
        text = "\n".join(x for x in (head, unit, *lines[start:end]) if x)
        page = table.rows[start].page
        out.append(replace(base, id=_id(doc.source, n * 1000 + start, text), text=text, rows=tuple(rendered[start:end]),
                           page=page, page_end=table.rows[end - 1].last_page, printed_page=printed.get(page),
                           table=table_json(table, lines)))
        start = end
    if words_table(table):
        return out  # a table of words is read whole: a chunk a row would repeat its headings' words in every one
    for k, (row, line) in enumerate(zip(table.rows, lines)):
        text = "\n".join(x for x in (line, table.caption, rendered[k]) if x)
        out.append(replace(base, id=_id(doc.source, n * 1000 + 500 + k, text), text=text, rows=(rendered[k],),
                           page=row.page, page_end=row.last_page, printed_page=printed.get(row.page),
                           table=table_json(table, lines, k)))
    return out


def read_ruled(path: str, data: bytes | None, doc: Document, chunks: list[Chunk]) -> tuple[list[Chunk], list[Table]]:
    """The ruled tables of a PDF's tabular-looking pages, and the chunks with them added.

    Only pages `looks_tabular` flags are opened for their geometry. A table that cannot be read
    costs only itself: the layout-text reading stays.
    """
    from .tables import looks_tabular

    # and the page before each: a table's headings can sit at the foot of it, its figures overleaf
    tabular = {p.number for p in doc.pages if looks_tabular(p.text)}
    flagged = tabular | {n - 1 for n in tabular if n > 1}
    head = data[:5] if data is not None else open(path, "rb").read(5)
    if head != b"%PDF-":
        return chunks, []
    from .grid import extract_tables

    try:
        tables = extract_tables(data if data is not None else path, None, flagged)
    except Exception:  # pdfium refusing a page must not cost the document its text
        return chunks, []
    return with_tables(doc, chunks, tables), tables
