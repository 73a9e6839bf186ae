"""Ruled tables read from a PDF's geometry: pdfium text runs placed into the grid drawn by the page's own lines.

Only pages that `looks_tabular` flags pay for it (about 18 ms a flagged page); unruled tables are left
to the layout-text reader in `tables.py`. See docs/tables.md for the libraries compared.
"""
from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

import pypdfium2 as pdfium  # imported only by the parse worker, on documents with tabular pages
import pypdfium2.raw as pdfc

from .across import columns, regions
from .captions import CAPTION as _CAPTION, caption_of, titled as _titled
from .merged import settled
from .runs import mend as _mend
from .runs import split_figure as _split_figure
from .tables import FIGURE_CELL as _NUM, YEAR_CELL as _YEAR, Row, Table, full_years
from .wordgrid import carried_on, filled as fills, grouped, of_words, text_head, words_table

_UNIT = re.compile(r"^(£p|£000s?|£'000s?|£m|£k|£bn|£|%|all figures in £(m|000s?|k)|£ ?millions?)$", re.I)
_TOTAL = re.compile(r"^(grand\s+|net\s+)?totals?\b", re.I)
_TAG = re.compile(r"</?(?:i|b|u|em|strong|div|p|span|br|sup|sub|li|ul|ol)\b[^>]*>", re.I)
_REF = re.compile(r"^\d{1,3}$")  # a row's reference number in a "ROW REF" column
_FOOTMARK = set("0123456789*†‡¹²³⁴⁵⁶⁷⁸⁹⁰")


class _Word(NamedTuple):
    """A run of characters on one line, top-down page coordinates."""
    x0: float; x1: float; top: float; bottom: float; text: str  # noqa: E702


@dataclass(frozen=True)
class _Grid:
    """A ruled region: column and row boundaries and which internal boundaries are drawn per band."""
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    drawn: tuple[tuple[bool, ...], ...]  # drawn[band][k]: a line at xs[k+1] crosses that band
    open_top: bool = False  # no horizontal line closes the top (a row carried over from the page before)


def _words(tp: object, height: float, boxes: list[tuple[float, float, float, float]]) -> list[_Word]:
    """pdfium's text runs near the ruled regions, dropping small footnote marks set apart from the text."""
    n = pdfc.FPDFText_CountChars(tp)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    buf = ctypes.create_string_buffer(8192)
    nrect = pdfc.FPDFText_CountRects(tp, 0, n)
    if nrect > n / 3:  # glyph-by-glyph placement (HTML-made packs): build words from characters
        return _char_words(tp, n, height, boxes)
    runs: list[_Word] = []
    out = ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))  # cast once: it was a tenth of this loop's time
    for i in range(nrect):
        pdfc.FPDFText_GetRect(tp, i, left, top, right, bottom)
        y0, y1 = height - top.value, height - bottom.value
        if not any(a <= left.value <= c and b <= y0 <= d for a, b, c, d in boxes):
            continue
        m = pdfc.FPDFText_GetBoundedText(tp, left, top, right, bottom, out, 4000)
        text = buf.raw[: max(0, m - 1) * 2].decode("utf-16-le", "replace").replace("\x02", "-").replace("\ufffe", "-")
        text = " ".join(text.split())
        if text:
            runs.append(_Word(left.value, right.value, y0, y1, text))
    heights = sorted(w.bottom - w.top for w in runs) or [10.0]
    med = heights[len(heights) // 2]
    return [w for i, w in enumerate(runs) if not (i and set(w.text) <= _FOOTMARK and w.bottom - w.top < 0.8 * med
            and abs(runs[i - 1].x1 - w.x0) < 2 and w.bottom < runs[i - 1].bottom - 1)]  # raised mark after text


def _char_words(tp: object, n: int, height: float, boxes: list) -> list[_Word]:
    """Characters to words by gaps; small digits or asterisks beside larger text are footnote marks."""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    pdfc.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    rect, words, cur, chars = pdfc.FS_RECTF(), [], [], []
    for i, ch in enumerate(buf.raw[: n * 2].decode("utf-16-le", "replace")):
        ch = "-" if ch in "\x02\ufffe" else ch
        if not ch.isspace():
            pdfc.FPDFText_GetLooseCharBox(tp, i, rect)
            y = height - rect.top
            if any(a <= rect.left <= c and b <= y <= d for a, b, c, d in boxes):
                chars.append((ch, rect.left, rect.right, y, height - rect.bottom, rect.top - rect.bottom))
                continue
        chars.append((" ", 0, 0, 0, 0, 0))
    for c in chars + [(" ", 0, 0, 0, 0, 0)]:
        p = cur[-1] if cur else None
        if p and (c[0] == " " or abs(c[3] + c[4] - p[3] - p[4]) > p[5] and c[5] >= 0.8 * p[5]
                  or c[1] - p[2] > 0.25 * p[5] or c[1] < p[1] - 1):
            big = max(x[5] for x in cur)
            kept = [x for x in cur if not (x[0] in _FOOTMARK and x[5] < 0.8 * big)]
            if kept:
                words.append(_Word(kept[0][1], max(x[2] for x in kept), min(x[3] for x in kept),
                                   max(x[4] for x in kept), "".join(x[0] for x in kept)))
            cur = []
        if c[0] != " ":
            cur.append(c)
    return words


def _merge(segs: list[tuple[float, float, float]], tol: float = 1.5) -> list[tuple[float, float, float]]:
    """Collinear segments (pos, start, end) that overlap or nearly touch become one."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / tol), s[1])):
        if out and abs(out[-1][0] - pos) <= tol and a <= out[-1][2] + 3:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def _rules(page: pdfium.PdfPage, width: float, height: float) -> tuple[list, list]:
    """Horizontal and vertical segments from path objects: thin paths and the edges of rectangles."""
    hs: list[tuple[float, float, float]] = []; vs: list[tuple[float, float, float]] = []  # noqa: E702
    l, btm, r, t = (ctypes.c_float() for _ in range(4))
    objs = [pdfc.FPDFPage_GetObject(page, i) for i in range(pdfc.FPDFPage_CountObjects(page))]
    objs += [pdfc.FPDFFormObj_GetObject(o, j) for o in objs if pdfc.FPDFPageObj_GetType(o) == pdfc.FPDF_PAGEOBJ_FORM
             for j in range(pdfc.FPDFFormObj_CountObjects(o))]
    for obj in objs:
        if pdfc.FPDFPageObj_GetType(obj) != pdfc.FPDF_PAGEOBJ_PATH or not pdfc.FPDFPageObj_GetBounds(obj, l, btm, r, t):
            continue
        x0, x1, top, bottom = l.value, r.value, height - t.value, height - btm.value
        w, h = x1 - x0, bottom - top
        if h <= 3 and w > 3:
            hs.append(((top + bottom) / 2, x0, x1))
        elif w <= 3 and h > 3:
            vs.append(((x0 + x1) / 2, top, bottom))
        elif w > 3 and h > 3 and w * h < 0.5 * width * height:
            hs += [(top, x0, x1), (bottom, x0, x1)]
            vs += [(x0, top, bottom), (x1, top, bottom)]
    return _merge(hs), _merge(vs)


def _cluster(vals: list[float], tol: float = 2.0) -> list[float]:
    """Sorted positions with near-equal ones collapsed to their mean."""
    out: list[list[float]] = []
    for v in sorted(vals):
        out[-1].append(v) if out and v - out[-1][-1] <= tol else out.append([v])
    return [sum(g) / len(g) for g in out]


def _grids(hs: list, vs: list) -> list[_Grid]:
    """Connected groups of crossing lines, each with at least two rows and two columns of cells."""
    segs = [("h", s) for s in hs] + [("v", s) for s in vs]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, a, b) in enumerate(hs):
        for j, (x, c, d) in enumerate(vs, len(hs)):
            if a - 2 <= x <= b + 2 and c - 2 <= y <= d + 2:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segs)):
        groups.setdefault(find(i), []).append(i)
    grids = []
    for idx in groups.values():
        h, v = [segs[i][1] for i in idx if segs[i][0] == "h"], [segs[i][1] for i in idx if segs[i][0] == "v"]
        xs, ys = _cluster([s[0] for s in v]), _cluster([s[0] for s in h])
        if len(xs) < 3 or not ys:
            continue
        low, high = max(s[2] for s in v), min(s[1] for s in v)  # lines running on past the last rule
        open_top = high < ys[0] - 3
        ys = ([high] if open_top else []) + ys + ([low] if low > ys[-1] + 3 else [])
        if len(ys) < 2:
            continue
        drawn = tuple(tuple(any(abs(s[0] - x) <= 2 and s[1] <= (y0 + y1) / 2 <= s[2] for s in v) for x in xs[1:-1])
                      for y0, y1 in zip(ys, ys[1:]))
        grids.append(_Grid(tuple(xs), tuple(ys), drawn, open_top))
    return sorted(grids, key=lambda g: g.ys[0])


def _join(parts: list[str]) -> str:
    """Cell lines joined with spaces; a line-end hyphen joins without one."""
    out = ""
    for p in parts:
        # "Revenu" / "e": a word a narrow column broke before its last letter
        broken = re.fullmatch(r"[b-hj-z]", p) and out[-1:].isalpha() and out[-1:].islower()
        out = out + p if out.endswith("-") and out[-2:-1].isalnum() or broken else (out + " " + p if out else p)
    return " ".join(out.split())


def _lines(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into text lines by vertical overlap, top to bottom, left to right; a small glyph (the hyphen
    of "2025-26", a bullet) is measured against the line's height, not its own."""
    lines: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom, w.x0)):
        first = lines[-1][0] if lines else None
        if first and abs((w.top + w.bottom) / 2 - (first.top + first.bottom) / 2) \
                < 0.5 * max(w.bottom - w.top, first.bottom - first.top):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _is_data(cells: list[str]) -> bool:
    """A body row: at least a third of the filled cells after the label are figures."""
    vals = [c for c in cells[1:] if c]
    nums = sum(1 for v in vals if _NUM.match(v.replace(" ", "")) and not _YEAR.match(v.replace(" ", "")))
    return bool(vals) and nums >= max(1, len(vals) / 3)


def _band_rows(grid: _Grid, band: int, words: list[_Word]) -> list[list[str]]:
    """One grid band as one or more logical rows of cell texts (several when value lines stack unruled)."""
    ncol, inner, lines = len(grid.xs) - 1, grid.xs[1:-1], _lines(words)

    def col(w: _Word) -> int:
        return min(ncol - 1, bisect.bisect_left(inner, (w.x0 + w.x1) / 2))

    def line_cells(ln: list[_Word]) -> list[str]:
        parts, prev = [""] * ncol, [None] * ncol
        for w in ln:  # a small raised run (an ordinal's "st") joins the text before it without a space
            k, p = col(w), prev[col(w)]
            raised = p is not None and w.bottom < p.bottom - 1 and w.bottom - w.top < p.bottom - p.top
            # the cell so far, not its last run: "2025" "-" "26" (a hyphen pdfium sets apart) is one span
            joined = _split_figure(p._replace(text=parts[k]) if p is not None else None, w)
            parts[k] += ("" if raised or not parts[k] or joined else " ") + w.text
            prev[k] = w
        return parts

    cells = [line_cells(ln) for ln in lines]  # each line's cells, read once
    data = {i for i, c in enumerate(cells) if _is_data(c)}
    groups: list[list[int]] = []  # the lines of each logical row, by index
    if len(data) <= 1:
        groups = [list(range(len(lines)))]
    else:  # figures stacked in one unruled band: a row per figure line, wrapped text attached
        pending: list[int] = []
        for i, c in enumerate(cells):
            if i in data and groups and not c[0] and _fills(cells[groups[-1][-1]], c):
                groups[-1].append(i)  # a figure set a little lower than its row's others ("39.3 | | -29.3", "10.0")
            elif i in data:
                groups, pending = groups + [pending + [i]], []
            elif not groups or c[0].endswith(":"):
                pending.append(i)
            elif c[0] and not any(c[1:]) and c[0][:1].isupper() and i + 1 in data:
                groups.append([i])  # a heading line between figure lines
            else:
                groups[-1].append(i)
        groups += [pending] if pending else []
    per_line = [[cells[i] for i in g] for g in groups]
    return [[_mend(_TAG.sub("", _join([c[k] for c in g if c[k]])).strip()) for k in range(ncol)] for g in per_line]


def _fills(above: list[str], cells: list[str]) -> bool:
    """The line's figures go in the blank cells of the figure line above it, and in no other."""
    return _is_data(above) and any(cells[1:]) and all(not a for a, c in zip(above[1:], cells[1:]) if c)


def _spread(grid: _Grid, band: int, cells: list[str]) -> list[str]:
    """A header cell spanning columns (no line drawn between them) is given to each column it spans."""
    out, k = list(cells), 0
    while k < len(out):
        j = k
        while j < len(out) - 1 and not grid.drawn[band][j]:
            j += 1
        if j > k and sum(1 for c in out[k:j + 1] if c) == 1:
            out[k:j + 1] = [_join([c for c in out[k:j + 1] if c])] * (j + 1 - k)
        k = j + 1
    return out


_YEAR_HEAD = re.compile(r"^((?:19|20)\d\d(?:[-/]\d\d(?:\d\d)?)?)\s+(\S.*)$")


def _year_groups(columns: list[str]) -> list[str]:
    """A year printed once over a group of columns ("Budget | 2009/10 Actual | Variation", repeated) is
    given to every column of its group: years in every p-th column (p odd, 3 or more), none between."""
    at = [k for k, c in enumerate(columns) if _YEAR_HEAD.match(c)]
    if len(at) < 2 or any(re.search(r"(?:19|20)\d\d", c) for k, c in enumerate(columns) if k not in at):
        return columns
    period = at[1] - at[0]
    if period < 3 or period % 2 == 0 or any(b - a != period for a, b in zip(at, at[1:])) or at[0] < period // 2:
        return columns
    out = list(columns)
    for k in at:
        year = _YEAR_HEAD.match(columns[k]).group(1)
        out[k] = _YEAR_HEAD.match(columns[k]).group(2)
        for j in range(k - period // 2, min(len(out), k + period // 2 + 1)):
            out[j] = f"{year} {out[j]}".strip()
    return out


def _strip_unit(s: str) -> tuple[str, str | None]:
    """A header's trailing unit line (£p, £000s, %) split off."""
    m = re.search(r"(?:^| )(£000s|£'000s|£000|£p|£m|£k|£bn)$", s)
    return (s[: m.start()].strip(), m.group(1)) if m else (s, None)


def _table(grid: _Grid, words: list[_Word], lines_above: list[str], page: int,
           figures: bool = True) -> tuple[Table, tuple] | None:
    """Words inside one grid become header rows, unit row and body rows (a table of figures only when `figures`)."""
    inside = [w for w in words if grid.xs[0] - 2 <= (w.x0 + w.x1) / 2 <= grid.xs[-1] + 2
              and grid.ys[0] - 2 <= (w.top + w.bottom) / 2 <= grid.ys[-1] + 2]
    bands: list[tuple[int, list[str]]] = []
    for b, (y0, y1) in enumerate(zip(grid.ys, grid.ys[1:])):
        ws = [w for w in inside if y0 <= (w.top + w.bottom) / 2 < y1]
        if ws:
            bands += [(b, r) for r in _band_rows(grid, b, ws)]
    keep = [k for k in range(len(grid.xs) - 1) if any(r[k] for _, r in bands) or grid.xs[k + 1] - grid.xs[k] > 8]
    if not bands or len(keep) < 2:
        return None
    texts, caption_in = [[r[k] for k in keep] for _, r in bands], ""
    text_table = of_words(texts)
    if text_table:  # a table of words (a work programme, an action plan) under a row of headings; without
        # one it may carry on the table of words on the page before (kept only then)
        at = text_head(texts)
        if at:  # a title bar or two above the headings (the plan's area) is the table's caption
            caption_in = _join([c for r in texts[:at] for c in r if c])
            bands = bands[at:]
        head_n = 1 if at is not None else 0 if fills(texts) else len(bands)
    elif not figures:
        return None
    else:
        head_n = next((i for i, (_, r) in enumerate(bands) if _is_data(r)), len(bands))
    def lead(b: int, r: list[str]) -> str:  # the text of a row that is only a heading in the label span
        span = next((k + 1 for k, d in enumerate(grid.drawn[b]) if d), len(r))
        return "" if any(r[span:]) or _is_data(r) else _join([c for c in r[:span] if c])

    while head_n > 1 and lead(*bands[head_n - 1]):
        head_n -= 1  # a group heading just above the first figures belongs to the body
    units, head = [], []
    col_units: list[str | None] = [None] * len(keep)  # the unit printed over or under each column
    for b, r in bands[:head_n]:
        if not head and not units and not any(grid.drawn[b]) and len(grid.drawn[b]) > 1 \
                and sum(1 for c in r if c) == 1:
            # a title bar across the whole table; a second one names its part ("Growth, Environment &
            # Transport (GET)" under the appendix's title), and is no column's heading
            caption_in = " — ".join(x for x in (caption_in, _join([c for c in r if c])) if x)
            continue
        r = _spread(grid, b, r)
        filled = [c for c in r if c]
        if filled and all(_UNIT.match(c) for c in filled):
            units += filled
            col_units = [r[k] or u for k, u in zip(keep, col_units)]
        else:
            head.append(r)
    while lines_above and _UNIT.match(lines_above[-1].strip()):  # "All figures in £m" over the table
        units.append(lines_above[-1].strip())
        lines_above = lines_above[:-1]
    fragment: tuple[str, ...] = ()
    if len(head) == 1 and len(bands) > 1 and grid.open_top and sum(1 for k in keep if head[0][k]) <= len(keep) // 2:
        fragment, head = tuple(head[0][k] for k in keep), []
    split = [_strip_unit(_join([r[k] for r in head if r[k]]).rstrip("*")) for k in keep]
    columns, units = [full_years(c) for c in _year_groups([c for c, _ in split])], units + [u for _, u in split if u]
    col_units = [u or v for (_, u), v in zip(split, col_units)]
    rows, group = [], None
    for b, r in bands[head_n:]:
        cells = [r[k].rstrip("*") if k == keep[0] else r[k] for k in keep]
        filled = [c for c in cells if c]
        if lead(b, r):
            group = lead(b, r)
            continue
        if filled and all(_UNIT.match(c) for c in filled):
            units += filled
            col_units = [c or u for c, u in zip(cells, col_units)]
        else:
            # a row numbered by a reference ("59") is a total when its first words say so ("Total - GET")
            name = cells[1] if _REF.match(cells[0]) and len(cells) > 1 else cells[0]
            rows.append(Row(cells[0], group, tuple(cells[1:]), bool(_TOTAL.match(cells[0]) or _TOTAL.match(name.strip("'\" "))), page))
    rows = settled(rows)
    caption, intro = caption_of(lines_above, caption_in)
    m = _CAPTION.match(caption)
    # the unit printed most often; of two printed as often, the first (a set's order changes from run to run)
    unit = re.sub(r"(?i)^all figures in ", "", max(units, key=units.count)) if units else None
    table = Table(caption, m.group(2) if m else None, intro[-400:], tuple(columns), unit, tuple(rows), page, page,
                  tuple(re.sub(r"(?i)^all figures in ", "", u) if u else None for u in col_units))
    return table, fragment


def _continues(prev: Table, nxt: Table, prev_x: tuple, nxt_x: tuple) -> bool:
    """The next page's first table carries on the previous page's last one: same columns, no new caption."""
    if nxt.first_page not in (prev.last_page, prev.last_page + 1) or len(prev.columns) != len(nxt.columns):
        return False
    same_x = len(prev_x) == len(nxt_x) and all(abs(a - b) < 6 for a, b in zip(prev_x, nxt_x))
    header_ok = not any(nxt.columns[1:]) or nxt.columns == prev.columns
    return (same_x or header_ok) and (not nxt.number or nxt.number == prev.number) and header_ok


def extract_tables(pdf: str | bytes, pages: list[int] | None = None, figure_pages: set[int] | None = None) -> list[Table]:
    """Every ruled table on the given 1-based pages (all pages when None), page-continued tables joined;
    tables of figures only on `figure_pages` when given (elsewhere tables of words alone).

    `pdf` is a path or the file's bytes (the parse worker passes the bytes it hashed).
    """
    doc = pdfium.PdfDocument(pdf)
    try:
        wanted = pages or list(range(1, len(doc) + 1))
        found: list[tuple[Table, tuple, tuple, bool, bool]] = []  # table, carried fragment, xs, first, last
        for p in wanted:
            page = doc[p - 1]
            width, height = page.get_size()
            hs, vs = _rules(page, width, height)
            grids = _grids(hs, vs) if len(hs) >= 2 and len(vs) >= 2 else []
            figures = figure_pages is None or p in figure_pages
            if not figures:  # a table of words: three columns, two rows
                grids = [g for g in grids if len(g.xs) >= 4 and len(g.ys) >= 3]
            # a table of figures ruled only across, its columns found from its words below
            across = regions(hs, vs, [(g.xs[0], g.ys[0], g.xs[-1], g.ys[-1]) for g in grids], width) if figures else []
            if not grids and not across:
                continue
            # the grid, and the lines above it across the page (a title runs wider than its table)
            spans = [(g.xs[0], g.ys[0], g.xs[-1], g.ys[-1]) for g in grids] + [(r.x0, r.ys[0], r.x1, r.ys[-1]) for r in across]
            boxes = [(x0 - 3, y0 - 3, x1 + 3, y1 + 3) for x0, y0, x1, y1 in spans] \
                + [(0, y0 - 90, width, y0 + 1) for _, y0, _, _ in spans]
            words = _words(page.get_textpage(), height, boxes)
            found_across = []
            for r in across:
                xs = columns(r, words)
                if xs:
                    found_across.append(_Grid(xs, r.ys, tuple((True,) * (len(xs) - 2) for _ in r.ys[1:]), r.open_top))
            grids = sorted(grids + found_across, key=lambda g: g.ys[0])
            per_page = []
            for g in grids:
                above = [w for w in words if w.bottom <= g.ys[0] + 1 and w.top > g.ys[0] - 90
                         and not any(o.ys[0] - 2 <= (w.top + w.bottom) / 2 <= o.ys[-1] + 2 for o in grids)]
                got = _table(g, words, [" ".join(x.text for x in ln) for ln in _lines(above)], p, figures)
                if got and g in found_across and sum(1 for r in got[0].rows if _is_data([r.label, *r.cells])) < 2:
                    got = None  # rules under lines of text: no table of figures
                if got:
                    per_page.append((got, g.xs))
            found += [(t, frag, xs, i == 0, i == len(per_page) - 1) for i, ((t, frag), xs) in enumerate(per_page)]
        out, last_flag = [], False
        for t, frag, xs, first, last in found:
            adjacent = (first and last_flag) or (out and out[-1][0].last_page == t.first_page and not any(t.columns[1:]))
            if out and adjacent and _continues(out[-1][0], t, out[-1][1], xs):
                prev = out[-1][0]
                if frag and prev.rows and len(frag) == len(prev.columns):  # the row broken by the page end
                    r = prev.rows[-1]
                    cells = tuple(_join([x, y]) for x, y in zip((r.label,) + r.cells, frag))
                    prev = replace(prev, rows=prev.rows[:-1] + (replace(r, label=cells[0], cells=cells[1:], page_end=t.first_page),))
                prev, t = carried_on(prev, t)  # a heading broken by the page's end, headings printed again
                group = prev.rows[-1].group if prev.rows else None
                rows = tuple(replace(r, group=r.group or group) for r in t.rows)
                out[-1] = (replace(prev, units=prev.units or t.units, rows=prev.rows + rows, last_page=t.last_page), xs)
            else:
                out.append((t, xs))
            last_flag = last
        # a table of words with no headings carried on no table: text in boxes, not a table
        return _titled([grouped(t) for t, _ in out
                        if t.rows and (any(t.columns) or not words_table(t))])
    finally:
        doc.close()

