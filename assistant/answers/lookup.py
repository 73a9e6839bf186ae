"""Figure questions answered by lookup in a ruled table: the row and column asked for, or a sum over a column.

The row is the one whose label (with its group) holds the question's words, read through the
thesaurus and the abbreviations the passage defines; the column the one whose label holds its
period and measure words. The cell is quoted with its headings, marked as read from a table:
"Table 6.2 … — Sevenoaks — 2025-26 Final Band D Equivalent Taxbase: 53,008.33 [1]". Over a column,
highest/lowest and the change between two years are computed from the cells, which are named; actual against
budget, the largest of a bracketed (negative) kind and tables beside a passage are in tablemath.py; how each
cell is read and scored, and how the chosen row is quoted, in tablecells.py. Only a confident reading is
returned; otherwise the usual path answers.
"""
from __future__ import annotations

import re

from ..papers.tables import Table, full_years, value
from ..records import Answer, Passage
from ..text.abbreviations import defined
from ..text.normalise import named_years, tokens
from ..text.synonyms import held
from .abstain import before_the_year
from .countlists import count_lists
from .evidence import names_asked, run_initials
from .kpis import read_indicator
from .query import Query
from .tablecells import (CHANGE_COLUMN, MORE, PASSAGES_READ, Cell, Found, is_period, row_heading, row_name, score_cells,
                         table_answer, tables_in, with_unit)
from .tablemath import compared, coordinated, in_group, ordered, places, tables_near, versus, versus_rows

MIN_COVER = 0.6  # the table (row, column, caption) must hold this share of the question's weighted words
COLUMN_COVER = 0.35  # "which … most": the column, caption and row kind hold this share (tune: right tables 0.47+, wrong ones 0.12 at most)
MIN_MARGIN = 0.15  # the best cell must beat a different row's or column's best by this (share of the question)
ROW_RATIO = 2.0  # a row whose label holds this many times the question's weight another's does is the row asked
RUNNERS_UP = 4  # rows named after the highest/lowest, so the reader sees what it was compared with
SPECIFIC_MARGIN = 0.5  # a row named by the question's words alone beats one with a word more by this much at most
WIDER = 1.5  # of the columns tied for "which … highest", one whose heading holds this many times the others' weight
_HIGH = re.compile(r"\b(?:highest|largest|biggest|greatest|most|top|maximum|max)\b", re.I)
_LOW = re.compile(r"\b(?:lowest|smallest|fewest|least|minimum|min)\b", re.I)
_WHICH = re.compile(r"\b(?:which|what|who)\b", re.I)
_WHICH_PERIOD = re.compile(r"\b(?:which|what)\s+(?:month|year|quarter|period|week)s?\b|\bwhen\s+(?:was|were|did)\b", re.I)
_CHANGE = re.compile(r"\b(?:by how much|how much (?:did|has|have|was|were)\b.*\b(?:fall|rise|grow|increase|decrease|drop|change)|"
                     r"change|difference|increase|decrease|compared? (?:with|to)|how did (?:that|it|this) compare)\b", re.I)
_TOTAL_COLUMN = re.compile(r"\s*(?:grand\s+)?totals?\b", re.I)
_PERIOD_FIRST = re.compile(r"^(?:\S*\d\S*\s+)+")  # "2027-28 " of "2027-28 Total"
_SHARE = re.compile(r"%|percent(?:age)?|share|proportion", re.I)  # a column of shares beside its figures


def lookup(q: Query, passages: list[Passage], index=None) -> Answer | None:
    """The answer read from a table in the passages, or None when no table gives a confident one.

    With the `index`, a question no table among the passages answers is tried on the ruled tables
    printed on the best passages' pages (a paragraph introducing "table 6.2" ranks above the table).
    """
    extreme_when = q.kind == "when" and (_HIGH.search(q.text) or _LOW.search(q.text))  # "when was it highest"
    if q.kind not in ("figure", "text", "who") and not extreme_when or not passages:
        return None
    found = tables_in(passages)
    if (_HIGH.search(q.text) or _LOW.search(q.text)) and _WHICH.search(q.text):  # "the most common reason given"
        found += [Found(t, lines, rank) for t, lines, rank in count_lists(passages, PASSAGES_READ)]
    aliases = {a: set(tokens(long)) for p in passages[:PASSAGES_READ] for a, long in defined(p.text).items()}
    got = _best(q, found, passages, aliases) if found else None
    # only a question over a column (which is largest, the change, one figure against another) needs
    # the whole table; a single figure is read from what ranks (measured: the tables beside passages
    # answered single-figure questions from the wrong table)
    over_column = (_HIGH.search(q.text) or _LOW.search(q.text)) and _WHICH.search(q.text) or compared(q) \
        or (_CHANGE.search(q.text) is not None and len(q.years) >= 2)
    if got is None and index is not None and over_column:
        have = {(passages[f.passage].chunk.source, f.table.caption, f.table.first_page, f.table.columns) for f in found}
        near = [Found(t, lines, rank) for t, lines, rank in tables_near(index, passages, have)]
        got = _best(q, near, passages, aliases) if near else None
    return got or read_indicator(q, passages)  # a performance report's KPI boxes are rows too


def _best(q: Query, found: list[Found], passages: list[Passage], aliases: dict[str, set[str]]) -> Answer | None:
    """The most confident answer any of these tables gives."""
    extreme = "high" if _HIGH.search(q.text) else "low" if _LOW.search(q.text) else None
    change = _CHANGE.search(q.text) is not None and (len(q.years) >= 2 or len(q.years) == 1 and MORE.search(q.text))
    scored: list[tuple[float, Answer, frozenset[str], frozenset[str]]] = []  # score, answer, row label, words
    names = set(names_asked(q))  # "West Midlands Fire Service": each name's words, rare in the papers
    for f in found:
        if _undated(f.table) and before_the_year(q, passages[f.passage].chunk.meeting_date):
            continue  # a table naming no year, for a meeting before the year asked: not that year's figures
        cells, cover = score_cells(q, f, aliases, passages)
        if not cells or cover < MIN_COVER:
            continue
        if not extreme and not change:
            cells = _row_total(f.table, cells)
        # a name the question gives must be the row's or the table's ("West Midlands Police" is not the fire service);
        # over a column the names may be what is left out ("after Central, which library …")
        chunk = passages[f.passage].chunk if f.passage < len(passages) else None
        if not extreme and not change and names - _naming(q, f.table, cells[0], chunk):
            continue
        pair = versus_rows(f.table, cells[0].col) if compared(q) and not extreme and not change else None
        if pair:  # "the budget and the actual spend in 2010/11": the plan and outturn rows of that column
            said, rows = pair
            got = (cells[0].score, table_answer(q, f, rows, f"{f.table.caption + ' — ' if f.table.caption else ''}{said}",
                                            passages))
        elif not scored and not extreme and not change and not coordinated(q, f.table, cells) \
                and not _margin_ok(cells, len(q.parts) > 1) and cells[0].row_hit > 0:
            return None  # the best-placed table that holds the question cannot tell which cell: no lookup
        elif extreme and _WHICH_PERIOD.search(q.text):  # "which month had the most …": across the row's periods,
            # or down the column when the rows are the periods ("Mar-15", "Apr-15" …)
            got = _over_periods(q, f, cells, extreme, passages) or (
                _extreme(q, f, cells, extreme, passages) if _periods_down(f.table) else None)
        elif extreme and _WHICH.search(q.text):
            got = _extreme(q, f, cells, extreme, passages)
        elif change:  # one year asked ("go up in 2025-26"): the change from the year before, else the cell
            got = _change(q, f, cells, passages) or (_cell(q, f, cells, passages) if len(q.years) == 1 else None)
        else:
            got = _cell(q, f, cells, passages)
        if got:
            # what names the row (its reference number is no name: "119" against "104")
            label = frozenset(t for t in tokens(row_name(f.table, f.table.rows[cells[0].row])) if not t.isdigit())
            scored.append((got[0], got[1], label, cells[0].row_words))
    if not scored:
        return None
    top = max(scored, key=lambda g: g[0])
    # the row the question names, not a row named by the same words and one more it does not say: "the Chief
    # Executive's Department" is not "Total - Deputy Chief Executive's Department Budget", another table's best
    plainer = [g for g in scored if g[2] < top[2] and g[3] >= top[3] and not (top[2] - g[2]) & set(q.terms)
               and top[0] - g[0] < SPECIFIC_MARGIN]
    return max(plainer, key=lambda g: g[0])[1] if plainer else top[1]


def _second_row(q: Query, t: Table, top: Cell) -> int | None:
    """The row the second part of a two-part question names when the first part's row does not ("the actual
    principal invested with no fixed date, and what is the limit?": the "Limit on principal …" row)."""
    words = {w for w in tokens(q.parts[-1]) if w in q.weights}
    if not words or words & set(tokens(row_name(t, t.rows[top.row]))):
        return None
    held_by = [(sum(q.weights[w] for w in words & set(tokens(row_name(t, r)))), i) for i, r in enumerate(t.rows)
               if i != top.row and top.col < len(r.cells) and r.cells[top.col]]
    best = max(held_by, default=(0.0, None))
    return best[1] if best[0] > 0 else None


def _naming(q: Query, t: Table, top: Cell, chunk) -> set[str]:
    """The words that name what the best cell is of: its row (its cells too: "… pressures across ASCH operations"),
    the table (caption, the text introducing it, the headings) and the paper it is printed in (its title, part and
    headings), with the initials of their capitalised names, read through the question's alternatives."""
    paper = [chunk.title, chunk.part, chunk.section] if chunk is not None else []
    row = t.rows[top.row]
    text = " ".join([row_name(t, row), *row.cells, t.caption, t.intro, *t.columns, *paper])
    return held(set(tokens(text)) | run_initials(text), q.alternatives)  # "ASCH" is "Adult Social Care & Health"


def _shares(t: Table, k: int) -> bool:
    """Column k holds per cents only (its heading may be blank)."""
    cells = [r.cells[k] for r in t.rows if k < len(r.cells) and r.cells[k]]
    return len(cells) >= 3 and all(c.rstrip(")").endswith("%") for c in cells)


def _periods_down(t: Table) -> bool:
    """Most of the table's rows are named by a period alone (a month, a quarter, a year)."""
    return len(t.rows) >= 3 and sum(is_period(r.label) for r in t.rows) >= 0.8 * len(t.rows)


def _undated(t: Table) -> bool:
    """Neither the table's caption, the text introducing it, its column labels nor its row labels name a year."""
    text = " ".join([t.caption, t.intro, *t.columns, *(t.label(r) for r in t.rows)])
    return not any(named_years(text))


def _is_total(t: Table, k: int) -> bool:
    """Column k sums the row: "Total", "Grand total", "2027-28 Total"."""
    return _TOTAL_COLUMN.match(_PERIOD_FIRST.sub("", t.heading(k))) is not None


def _row_total(t: Table, cells: list[Cell]) -> list[Cell]:
    """No column named and the row's cells tied: the row's total column answers ("how many admissions in
    CV6"), as "which area had the most" compares the rows' totals; else the cells as they were."""
    top = cells[0]
    tied = [c for c in cells if c.row == top.row and top.score - c.score < MIN_MARGIN and not c.col_words]
    totals = [c for c in tied if _is_total(t, c.col)]
    if top.col_words or len(tied) < 2 or len(totals) != 1:
        return cells
    return totals + [c for c in cells if c.row != top.row]


def _margin_ok(cells: list[Cell], whole_row: bool = False) -> bool:
    """The best cell is clearly the one asked for: every other row's best and every other column's best
    either scores clearly less or holds only some of the question words the best one's row (column) holds.
    With `whole_row` (a question in two parts, answered with the row's cells), only the row must be clear."""
    top = cells[0]
    other_col = next((c for c in cells[1:] if c.row == top.row and c.col != top.col), None)
    other_row = next((c for c in cells[1:] if c.row != top.row), None)
    col_ok = whole_row or other_col is None or top.score - other_col.score >= MIN_MARGIN \
        or top.col_words > other_col.col_words
    row_ok = other_row is None or top.score - other_row.score >= MIN_MARGIN or (
        (top.row_words > other_row.row_words or top.row_hit >= ROW_RATIO * other_row.row_hit)
        and top.col_words >= other_row.col_words)
    return col_ok and row_ok


def _cell(q: Query, f: Found, cells: list[Cell], passages: list[Passage]) -> tuple[float, Answer] | None:
    top, t = cells[0], f.table
    if top.row_hit == 0:  # no row named: the column's total answers ("how many … in total")
        total = next((c for c in cells if t.rows[c.row].is_total and c.col == top.col), None)
        if total is None:
            return None
        top, cells = total, [total] + [c for c in cells if c.col != top.col]
    both = coordinated(q, t, cells)
    if not _margin_ok(cells, len(q.parts) > 1 or bool(both)):
        return None
    row = t.rows[top.row]
    if both:  # "the budget and forecast for …": each column the question joins, in the table's order
        said = "; ".join(f"{t.heading(k)}: {with_unit(t, k, row.cells[k])}" for k in sorted(both))
        return top.score, table_answer(q, f, [top.row], f"{row_heading(t, row)} — {said}", passages)
    if len(q.parts) > 1:  # "…, and what was the target?": the row's cells with their headings
        other = _second_row(q, t, top)  # "…, and what is the limit?": the row the second part names, too
        keep = [top.col] if other is not None and top.col_words else range(len(row.cells))

        def said(r) -> str:
            return "; ".join(f"{t.heading(k)}: {with_unit(t, k, r.cells[k])}" for k in keep if r.cells[k])
        text = f"{row_heading(t, row)} — {said(row)}"
        if other is not None:
            text += f" | {t.label(t.rows[other])} — {said(t.rows[other])}"
        return top.score, table_answer(q, f, [top.row] + ([other] if other is not None else []), text, passages)
    said = versus(q, t, row, top.col) if compared(q) else None  # "actual against budget": both, and the difference
    text = f"{row_heading(t, row)} — {said or t.heading(top.col) + ': ' + with_unit(t, top.col, row.cells[top.col])}"
    return top.score, table_answer(q, f, [top.row], text, passages)


def _extreme(q: Query, f: Found, cells: list[Cell], which: str,
             passages: list[Passage]) -> tuple[float, Answer] | None:
    """The row with the highest (lowest) figure in the column asked about, the cells compared named."""
    t = f.table
    by_col: dict[int, float] = {}
    for c in cells:
        by_col.setdefault(c.col, c.score)
    ranked = sorted(by_col.items(), key=lambda kv: -kv[1])
    changes = [k for k, _ in ranked if "change asked" in next(c for c in cells if c.col == k).col_words]
    if changes:  # "grew the most": the largest of the column of changes, not of the year's figures
        ranked = [kv for kv in ranked if kv[0] in changes]
    if any(w.startswith("code ") for w in cells[0].row_words):
        return None  # the question names its row by its code ("grade KS P"): one row's figure is asked for
    tied = sorted(k for k, s in ranked if ranked[0][1] - s < MIN_MARGIN / 2)
    # the words of a column's heading that say what it measures: not the rows' kind ("which ward": the label
    # column is "Ward", so "Rank (out of 290 Kent wards)" does not measure wards more than "Score" does)
    kind = set(tokens(t.columns[0])) if t.columns else set()
    words = {k: next(c.col_words for c in cells if c.col == k) - kind for k in tied}
    weight = {k: sum(q.weights.get(w, 1.0) for w in words[k] if " " not in w) for k in tied}
    widest = [k for k in tied if all(words[k] > words[j] or weight[k] >= WIDER * max(weight[j], 1e-9)
                                     for j in tied if j != k)]
    totals = [k for k in tied if _is_total(t, k)]
    if len(tied) > 1 and widest:
        tied = widest  # "the highest total return": "6 months return Total", not "… Income"
    elif len(tied) > 1 and len(totals) == 1:
        tied = totals  # no column named: "which area had the most admissions" compares the rows' totals
    if next(c for c in cells if c.col == ranked[0][0]).col_cover < COLUMN_COVER:
        return None  # "which district …" names the column and the table; the rows are what is asked for
    within = in_group(q, t)  # "which partnership library": the rows of that group only
    tops = {k: ordered(q, t, k, which, within) for k in tied}
    # a figure and its share ("Count", "%") rank the rows alike: either answers, the figure first printed
    alike = len(tied) == 2 and any(_SHARE.fullmatch(t.heading(k).strip()) or _shares(t, k) for k in tied)
    if len(tied) > 1 and not (alike and len({o[0][0] if o else None for o, _, _ in tops.values()}) == 1):
        return None  # the question does not say which column
    col = tied[0]
    order, negative, which = tops[col]
    if len(order) < 2:
        return None
    i = order[0][0]
    word = f"largest {negative} (most negative)" if negative else "highest" if which == "high" else "lowest"
    runners = "; ".join(f"{t.label(t.rows[j])} {t.rows[j].cells[col]}" for j, _ in order[1:1 + RUNNERS_UP])
    text = (f"{t.caption + ' — ' if t.caption else ''}{word} {t.heading(col)}: {t.label(t.rows[i])} "
            f"{with_unit(t, col, t.rows[i].cells[col])} (of {len(order)} rows compared; next: {runners})")
    return ranked[0][1], table_answer(q, f, [i], text, passages)


def _over_periods(q: Query, f: Found, cells: list[Cell], which: str,
                  passages: list[Passage]) -> tuple[float, Answer] | None:
    """The period (a column) with the highest (lowest) figure in the row asked about, or the total row when
    the question names none: "which month had the most CAF outcomes" reads the Total row across the months."""
    t, top = f.table, cells[0]
    row = top.row if top.row_hit > 0 else next((i for i, r in enumerate(t.rows) if r.is_total), None)
    if row is None:
        return None
    cells_of = t.rows[row].cells
    figures = [(k, value(cells_of[k])) for k in range(min(len(cells_of), len(t.columns) - 1))
               if is_period(t.columns[k + 1])]
    figures = sorted(((k, v) for k, v in figures if v is not None), key=lambda kv: -kv[1] if which == "high" else kv[1])
    if len(figures) < 3:
        return None
    k = figures[0][0]
    runners = "; ".join(f"{t.heading(j)} {cells_of[j]}" for j, _ in figures[1:1 + RUNNERS_UP])
    text = (f"{t.caption + ' — ' if t.caption else ''}{t.label(t.rows[row])} — {'highest' if which == 'high' else 'lowest'}: "
            f"{t.heading(k)} {with_unit(t, k, cells_of[k])} (of {len(figures)} periods compared; next: {runners})")
    return top.score, table_answer(q, f, [row], text, passages)


def _change(q: Query, f: Found, cells: list[Cell], passages: list[Passage]) -> tuple[float, Answer] | None:
    """The change between the two years asked about: two columns of one row, or two rows of one column."""
    t = f.table
    spans = sorted(y for y in q.fys) or sorted(q.calendar)
    if len(spans) == 1:  # "how much does it go up in 2025-26": from the year before
        y = int(spans[0][2:6]) if spans[0].startswith("fy") else int(spans[0])
        spans = [f"fy{y - 1}_{y % 100:02d}" if spans[0].startswith("fy") else str(y - 1)] + spans
    if len(spans) < 2:
        return None
    first, last = spans[0], spans[-1]

    def names(i: int, k: int, year: str) -> bool:
        fy, cal = named_years(f"{t.rows[i].label} {full_years(t.columns[k + 1])}")
        return year in fy or year in cal

    def measure(k: int) -> set[str]:  # a column's words besides its year ("Net Cost" of "2025-26 Net Cost")
        return {x for x in tokens(full_years(t.columns[k + 1])) if not x.startswith("fy") and not x.isdigit()}

    asked = set(q.terms)
    for c in cells[:10]:
        same_row = [k for k in range(len(t.rows[c.row].cells)) if value(t.rows[c.row].cells[k]) is not None]
        lasts = [k for k in same_row if names(c.row, k, last)]
        # of the later year's columns, the one measuring what the best cell's does or the question asks
        # ("2025-26 Net Cost", not "2025-26 Staffing", against "2024-25 Base Budget (Net Cost)")
        b = c.col if c.col in lasts else max(lasts, key=lambda k: (len(measure(k) & (measure(c.col) | asked)),
                                                                  -abs(k - c.col))) if lasts else None
        firsts = [k for k in same_row if names(c.row, k, first)]
        # of the earlier year's columns, the one measuring what the later one does
        a = max(firsts, key=lambda k: (len(measure(k) & measure(b)), -abs(k - b))) if firsts and b is not None else None
        if a is not None and b is not None and a != b:
            pair = [(c.row, a), (c.row, b)]
            break
        rows_a = [x for x in cells if x.col == c.col and names(x.row, x.col, first)]
        rows_b = [x for x in cells if x.col == c.col and names(x.row, x.col, last)]
        if rows_a and rows_b and rows_a[0].row != rows_b[0].row:
            pair = [(rows_a[0].row, c.col), (rows_b[0].row, c.col)]
            break
    else:
        return None
    (ra, ka), (rb, kb) = pair
    va, vb = value(t.rows[ra].cells[ka]), value(t.rows[rb].cells[kb])
    digits = max(places(t.rows[ra].cells[ka]), places(t.rows[rb].cells[kb]))
    diff = vb - va
    said = f"{'+' if diff > 0 else '-' if diff < 0 else ''}{abs(diff):,.{digits}f}{' ' + t.unit(ka) if t.unit(ka) else ''}"
    if va and va > 0 and "%" not in t.rows[ra].cells[ka] + t.rows[rb].cells[kb] + (t.unit(ka) or ""):
        said += f" ({100 * diff / va:+.1f}%)"
    a_name = f"{t.label(t.rows[ra])}, {t.heading(ka)}" if ra != rb else t.heading(ka)
    b_name = f"{t.label(t.rows[rb])}, {t.heading(kb)}" if ra != rb else t.heading(kb)
    head = row_heading(t, t.rows[ra]) if ra == rb else t.caption
    printed = next((k for k, c in enumerate(t.rows[ra].cells) if ra == rb and c and k not in (ka, kb)
                    and CHANGE_COLUMN.search(t.heading(k))), None)  # the table's own change, rounded as printed
    text = (f"{head + ' — ' if head else ''}{a_name}: {t.rows[ra].cells[ka]}; {b_name}: {t.rows[rb].cells[kb]}; "
            f"change {said} (computed from those two cells)"
            + (f"; {t.heading(printed)} as printed: {t.rows[ra].cells[printed]}" if printed is not None else ""))
    return cells[0].score, table_answer(q, f, sorted({ra, rb}), text, passages)
