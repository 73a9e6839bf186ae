"""A ruled grid's words read as a table: each band into rows of cells, then headings, units, group rows, totals.

`grid.py` finds the grid on the page (ruling lines, or rules across and the white space between columns,
`across.py`) and the words in it; this reads them, and needs no PDF library.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from .captions import CAPTION as _CAPTION, caption_of
from .merged import settled
from .runs import mend as _mend
from .runs import split_figure as _split_figure
from .tables import FIGURE_CELL as _NUM, YEAR_CELL as _YEAR, Row, Table, full_years
from .wordgrid import filled as fills, of_words, text_head

_UNIT = re.compile(r"^(£p|£000s?|£'000s?|£m|£k|£bn|£|%|all figures in £(m|000s?|k)|£ ?millions?)$", re.I)
_TOTAL = re.compile(r"^(grand\s+|net\s+)?totals?\b", re.I)
_TAG = re.compile(r"</?(?:i|b|u|em|strong|div|p|span|br|sup|sub|li|ul|ol)\b[^>]*>", re.I)
_REF = re.compile(r"^\d{1,3}$")  # a row's reference number in a "ROW REF" column


class Word(NamedTuple):
    """A run of characters on one line, top-down page coordinates."""
    x0: float; x1: float; top: float; bottom: float; text: str  # noqa: E702


@dataclass(frozen=True)
class Grid:
    """A ruled region: column and row boundaries and which internal boundaries are drawn per band."""
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    drawn: tuple[tuple[bool, ...], ...]  # drawn[band][k]: a line at xs[k+1] crosses that band
    open_top: bool = False  # no horizontal line closes the top (a row carried over from the page before)


def join_lines(parts: list[str]) -> str:
    """Cell lines joined with spaces; a line-end hyphen joins without one."""
    out = ""
    for p in parts:
        # "Revenu" / "e": a word a narrow column broke before its last letter
        broken = re.fullmatch(r"[b-hj-z]", p) and out[-1:].isalpha() and out[-1:].islower()
        out = out + p if out.endswith("-") and out[-2:-1].isalnum() or broken else (out + " " + p if out else p)
    return " ".join(out.split())


def unit_line(text: str) -> bool:
    """A line giving the table's unit ("All figures in £m", "£000s"), not a heading."""
    return _UNIT.match(text.strip()) is not None


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines by vertical overlap, top to bottom, left to right; a small glyph (the hyphen
    of "2025-26", a bullet) is measured against the line's height, not its own."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom, w.x0)):
        first = lines[-1][0] if lines else None
        if first and abs((w.top + w.bottom) / 2 - (first.top + first.bottom) / 2) \
                < 0.5 * max(w.bottom - w.top, first.bottom - first.top):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def is_data(cells: list[str]) -> bool:
    """A body row: at least a third of the filled cells after the label are figures."""
    vals = [c for c in cells[1:] if c]
    nums = sum(1 for v in vals if _NUM.match(v.replace(" ", "")) and not _YEAR.match(v.replace(" ", "")))
    return bool(vals) and nums >= max(1, len(vals) / 3)


def band_rows(grid: Grid, band: int, words: list[Word]) -> list[list[str]]:
    """One grid band as one or more logical rows of cell texts (several when value lines stack unruled)."""
    ncol, inner, lines = len(grid.xs) - 1, grid.xs[1:-1], text_lines(words)

    def col(w: Word) -> int:
        return min(ncol - 1, bisect.bisect_left(inner, (w.x0 + w.x1) / 2))

    def line_cells(ln: list[Word]) -> list[str]:
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
    data = {i for i, c in enumerate(cells) if is_data(c)}
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
    return [[_mend(_TAG.sub("", join_lines([c[k] for c in g if c[k]])).strip()) for k in range(ncol)] for g in per_line]


def _fills(above: list[str], cells: list[str]) -> bool:
    """The line's figures go in the blank cells of the figure line above it, and in no other."""
    return is_data(above) and any(cells[1:]) and all(not a for a, c in zip(above[1:], cells[1:]) if c)


def _spread(grid: Grid, band: int, cells: list[str]) -> list[str]:
    """A header cell spanning columns (no line drawn between them) is given to each column it spans."""
    out, k = list(cells), 0
    while k < len(out):
        j = k
        while j < len(out) - 1 and not grid.drawn[band][j]:
            j += 1
        if j > k and sum(1 for c in out[k:j + 1] if c) == 1:
            out[k:j + 1] = [join_lines([c for c in out[k:j + 1] if c])] * (j + 1 - k)
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


def read_table(grid: Grid, words: list[Word], lines_above: list[str], page: int,
           figures: bool = True) -> tuple[Table, tuple] | None:
    """Words inside one grid become header rows, unit row and body rows (a table of figures only when `figures`)."""
    inside = [w for w in words if grid.xs[0] - 2 <= (w.x0 + w.x1) / 2 <= grid.xs[-1] + 2
              and grid.ys[0] - 2 <= (w.top + w.bottom) / 2 <= grid.ys[-1] + 2]
    bands: list[tuple[int, list[str]]] = []
    for b, (y0, y1) in enumerate(zip(grid.ys, grid.ys[1:])):
        ws = [w for w in inside if y0 <= (w.top + w.bottom) / 2 < y1]
        if ws:
            bands += [(b, r) for r in band_rows(grid, b, ws)]
    keep = [k for k in range(len(grid.xs) - 1) if any(r[k] for _, r in bands) or grid.xs[k + 1] - grid.xs[k] > 8]
    if not bands or len(keep) < 2:
        return None
    texts, caption_in = [[r[k] for k in keep] for _, r in bands], ""
    text_table = of_words(texts)
    if text_table:  # a table of words (a work programme, an action plan) under a row of headings; without
        # one it may carry on the table of words on the page before (kept only then)
        at = text_head(texts)
        if at:  # a title bar or two above the headings (the plan's area) is the table's caption
            caption_in = join_lines([c for r in texts[:at] for c in r if c])
            bands = bands[at:]
        head_n = 1 if at is not None else 0 if fills(texts) else len(bands)
    elif not figures:
        return None
    else:
        head_n = next((i for i, (_, r) in enumerate(bands) if is_data(r)), len(bands))
    def lead(b: int, r: list[str]) -> str:  # the text of a row that is only a heading in the label span
        span = next((k + 1 for k, d in enumerate(grid.drawn[b]) if d), len(r))
        return "" if any(r[span:]) or is_data(r) else join_lines([c for c in r[:span] if c])

    while head_n > 1 and lead(*bands[head_n - 1]):
        head_n -= 1  # a group heading just above the first figures belongs to the body
    units, head = [], []
    col_units: list[str | None] = [None] * len(keep)  # the unit printed over or under each column
    for b, r in bands[:head_n]:
        if not head and not units and not any(grid.drawn[b]) and len(grid.drawn[b]) > 1 \
                and sum(1 for c in r if c) == 1:
            # a title bar across the whole table; a second one names its part ("Growth, Environment &
            # Transport (GET)" under the appendix's title), and is no column's heading
            caption_in = " — ".join(x for x in (caption_in, join_lines([c for c in r if c])) if x)
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
    split = [_strip_unit(join_lines([r[k] for r in head if r[k]]).rstrip("*")) for k in keep]
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
