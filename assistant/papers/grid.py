"""Ruled tables read from a PDF's geometry: pdfium text runs placed into the grid drawn by the page's own lines.

Only pages that `looks_tabular` flags pay for it (about 18 ms a flagged page); unruled tables are left
to the layout-text reader in `tables.py`. The grid's words are read as a table in `bands.py`. See
docs/tables.md for the libraries compared.
"""
from __future__ import annotations

import ctypes
from dataclasses import replace

import pypdfium2 as pdfium  # imported only by the parse worker, on documents with tabular pages
import pypdfium2.raw as pdfc

from .across import columns, headed, regions
from .bands import Grid as _Grid, Word as _Word, is_data, join_lines, read_table, text_lines
from .captions import titled as _titled
from .tables import Table
from .wordgrid import carried_on, grouped, words_table

_FOOTMARK = set("0123456789*†‡¹²³⁴⁵⁶⁷⁸⁹⁰")


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
            # a table of figures ruled only across, its columns found from its words below; on any page, as its
            # wrapped labels and detail paragraphs can leave too few lines of figures to look tabular
            across = regions(hs, vs, [(g.xs[0], g.ys[0], g.xs[-1], g.ys[-1]) for g in grids], width)
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
                    # headings printed over the first rule ("Budget Forecast Variance") are the table's heading row
                    ys = r.ys if r.open_top else headed(xs, r.ys, text_lines([w for w in words if w.bottom <= r.ys[0] + 1
                                                                              and w.top > r.ys[0] - 60]))
                    found_across.append(_Grid(xs, ys, tuple((True,) * (len(xs) - 2) for _ in ys[1:]), r.open_top))
            grids = sorted(grids + found_across, key=lambda g: g.ys[0])
            per_page = []
            for g in grids:
                above = [w for w in words if w.bottom <= g.ys[0] + 1 and w.top > g.ys[0] - 90
                         and not any(o.ys[0] - 2 <= (w.top + w.bottom) / 2 <= o.ys[-1] + 2 for o in grids)]
                got = read_table(g, words, [" ".join(x.text for x in ln) for ln in text_lines(above)], p,
                                 figures or g in found_across)
                if got and g in found_across and sum(1 for r in got[0].rows if is_data([r.label, *r.cells])) < 2:
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
                    cells = tuple(join_lines([x, y]) for x, y in zip((r.label,) + r.cells, frag))
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

