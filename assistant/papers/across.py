"""Tables ruled only across: rows between horizontal rules, columns from the white space their words leave.

Many reports set a table with a rule under each row and none between the columns (Kent's finance monitoring
report: "Key Service | Revenue Budget | Revenue Forecast | Revenue Variance | Summary | Detail"). The page's
lines give the rows; the columns are the runs of x that no word of (nearly) any row covers. `grid.py` reads the
result as it reads a fully ruled grid.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

from .bands import unit_line

MIN_RULES = 3  # rules a table's rows need: two bands at least
MIN_WIDTH = 0.35  # of the page's width: shorter rules underline a heading or a signature
SAME_END = 6.0  # points: rules of one table end together
MIN_GAP = 4.0  # points of white space between two columns
STRAY = 0.1  # share of the rows a column's gap may be crossed in (a group heading across the table)
HEADING_GAP = 12.0  # points between a heading line and the rule (or heading line) under it
OVERHANG = 8.0  # points a heading's word may run into the next column (wider than the figures under it)


class Region(NamedTuple):
    """Where a table ruled only across lies: its left and right, the y of each row boundary, and whether its
    first row carries on from the page before (a vertical mark runs above the first rule)."""
    x0: float; x1: float; ys: tuple[float, ...]; open_top: bool  # noqa: E702


def regions(hs: Sequence[tuple[float, float, float]], vs: Sequence[tuple[float, float, float]],
            taken: Sequence[tuple[float, float, float, float]], width: float) -> list[Region]:
    """Groups of at least MIN_RULES long horizontal rules ending together, outside the grids already found
    (`taken`: x0, top, x1, bottom). A shorter rule with the same right end, starting inside, parts rows too
    (a label cell spanning two rows). A vertical mark crossing the rules (a coloured bar) carries the first
    and last rows past the first and last rules."""
    def free(y: float, a: float, b: float) -> bool:
        return not any(t - 2 <= y <= btm + 2 and a < x1 and b > x0 for x0, t, x1, btm in taken)

    long_ = sorted((r for r in hs if r[2] - r[1] >= MIN_WIDTH * width and free(*r)), key=lambda r: (r[2], r[0]))
    groups: list[list[tuple[float, float, float]]] = []
    for r in long_:
        g = next((g for g in groups if abs(g[0][2] - r[2]) <= SAME_END and abs(g[0][1] - r[1]) <= SAME_END), None)
        g.append(r) if g is not None else groups.append([r])
    out = []
    for g in groups:
        if len(g) < MIN_RULES:
            continue
        x0, x1 = min(r[1] for r in g), max(r[2] for r in g)
        inner = sorted(r[0] for r in g)
        ys = sorted({r[0] for r in g} | {y for y, a, b in hs
                                         if abs(b - x1) <= SAME_END and x0 < a < x1 and inner[0] < y < inner[-1]})
        ys = [y for k, y in enumerate(ys) if k == 0 or y - ys[k - 1] > 2]
        if len(ys) < MIN_RULES or any(x0 + 3 < x < x1 - 3 and top < ys[-1] and bottom > ys[0]
                                      and not _mark(x, top, bottom, vs) for x, top, bottom in vs):
            continue  # lines drawn between the columns: a grid, not this
        crossing = [(top, bottom) for x, top, bottom in vs if x0 < x < x1 and top <= ys[1] + 3 and bottom >= ys[-2] - 3]
        top = min([ys[0]] + [t for t, _ in crossing])
        bottom = max([ys[-1]] + [b for _, b in crossing])
        open_top = top < ys[0] - 3
        ys = ([top] if open_top else []) + ys + ([bottom] if bottom > ys[-1] + 3 else [])
        out.append(Region(x0, x1, tuple(ys), open_top))
    return out


def _mark(x: float, top: float, bottom: float, vs: Sequence[tuple[float, float, float]]) -> bool:
    """A filled bar's edge (two verticals a few points apart, the same height), not a column line."""
    return any(0 < abs(x - x2) <= 16 and abs(top - t2) <= 2 and abs(bottom - b2) <= 2 for x2, t2, b2 in vs)


def columns(region: Region, words: Sequence) -> tuple[float, ...] | None:
    """The column boundaries of a region from its words (each with x0, x1, top, bottom): a boundary in the
    middle of every run of x, MIN_GAP wide or more, that the words of at most STRAY of its rows cover."""
    lo, hi = int(region.x0), int(region.x1) + 1
    bands = list(zip(region.ys, region.ys[1:]))
    covered = [0] * (hi - lo + 1)
    rows = 0
    for y0, y1 in bands:
        ws = [w for w in words if y0 <= (w.top + w.bottom) / 2 < y1 and region.x0 - 2 <= (w.x0 + w.x1) / 2 <= region.x1 + 2]
        if not ws:
            continue
        rows += 1
        seen = set()
        for w in ws:
            seen.update(range(max(lo, int(w.x0)), min(hi, int(w.x1) + 1) + 1))
        for x in seen:
            covered[x - lo] += 1
    if rows < 2:
        return None
    free = [c <= STRAY * rows for c in covered]
    cuts, k = [], 0
    first = next((i for i, c in enumerate(covered) if c), None)
    last = max((i for i, c in enumerate(covered) if c), default=None)
    if first is None:
        return None
    while k < len(free):
        if free[k]:
            j = k
            while j < len(free) and free[j]:
                j += 1
            if first < k and j <= last and j - k >= MIN_GAP:
                cuts.append(lo + (k + j) / 2)
            k = j
        else:
            k += 1
    if len(cuts) < 2:
        return None  # two columns are a list, not a table of figures
    return (region.x0, *cuts, region.x1)


def headed(xs: Sequence[float], ys: Sequence[float], lines: Sequence[Sequence], most: int = 8) -> tuple[float, ...]:
    """The row boundaries with the headings above the first rule taken in ("Budget Forecast Variance" printed over
    a table whose first rule is under them, not over them): the text lines (of words with x0, x1, top, bottom, top
    to bottom) just above it, each word within one column (a few points over its edges at most), and the block
    in two columns or more. Headings set to the foot of their cells ("Revenu / e / Budget") are one block; a line
    giving the table's unit ("All figures in £m", `bands.unit_line`) ends it."""
    def column(w) -> int | None:
        least = min(OVERHANG, (w.x1 - w.x0) / 2)  # a letter alone ("t") lies in one column by half its width
        over = [k for k, (a, b) in enumerate(zip(xs, xs[1:])) if min(w.x1, b) - max(w.x0, a) > least]
        return over[0] if len(over) == 1 else None

    top, edge, used = None, ys[0], set()
    for line in reversed(list(lines)[-most:]):
        cols = [column(w) for w in line]
        if edge - max(w.bottom for w in line) > HEADING_GAP or None in cols or unit_line(" ".join(w.text for w in line)):
            break
        used |= set(cols)
        edge = min(w.top for w in line)
        top = edge - 1
    return tuple(ys) if top is None or len(used) < 2 else (top, *ys)
