"""Figure questions answered by lookup in a ruled table: the row and column asked for, or a sum over a column.

The row is the one whose label (with its group) holds the question's words, read through the
thesaurus and the abbreviations the passage defines; the column the one whose label holds its
period and measure words. The cell is quoted with its headings, marked as read from a table:
"Table 6.2 … — Sevenoaks — 2025-26 Final Band D Equivalent Taxbase: 53,008.33 [1]". Over a column,
highest/lowest and the change between two years are computed from the cells, which are named; actual against
budget, the largest of a bracketed (negative) kind and tables beside a passage are in tablemath.py.
Only a confident reading is returned; otherwise the usual path answers.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from ..papers.tables import Row, Table, full_years, value
from ..records import Answer, Citation, Passage
from ..text.abbreviations import defined
from ..text.normalise import named_years, tokens, year_matches
from ..text.synonyms import held
from .abstain import before_the_year
from .measure import holds_measure, measure_used
from .query import Query
from .countlists import count_lists
from .kpis import read_indicator
from .tablemath import compared, in_group, ordered, places, spend_variance, tables_near, versus, versus_rows

PASSAGES_READ = 6  # tables are looked for in this many of the best passages
MIN_COVER = 0.6  # the table (row, column, caption) must hold this share of the question's weighted words
COLUMN_COVER = 0.35  # "which … most": the column, caption and row kind hold this share (tune: right tables 0.47+, wrong ones 0.12 at most)
MIN_MARGIN = 0.15  # the best cell must beat a different row's or column's best by this (share of the question)
RANK_PENALTY = 0.03  # a table from a lower-ranked passage scores this much less per rank
ROW_RATIO = 2.0  # a row whose label holds this many times the question's weight another's does is the row asked
NAME_WORDS = 10  # a text cell this short names its row (a project); a longer one describes it ("Planned and …")
CODE_CHARS = 4  # a row label this short is a code ("A", "CV6"), matched as the question writes it
CODE_WEIGHT = 3.0  # weight of a row's code written in the question (about a rare word's idf)
CHANGE_WEIGHT = 2.0  # a question about a rise or fall meeting a column of changes ("Increase", "% change")
PAIR_WEIGHT = 0.5  # weight of two question words found side by side in a label (as a share, against idf weights)
RUNNERS_UP = 4  # rows named after the highest/lowest, so the reader sees what it was compared with
WIDER = 1.5  # of the columns tied for "which … highest", one whose heading holds this many times the others' weight
PREFIX = 5  # a question word and a label word this long that begin alike are the same word ("member", "membership")
YEAR_BONUS = 0.3  # the cell's row or column names the year asked about
YEAR_UNSAID = 0.1  # neither the cell's headings nor the table's caption name a year
_HIGH = re.compile(r"\b(?:highest|largest|biggest|greatest|most|top|maximum|max)\b", re.I)
_LOW = re.compile(r"\b(?:lowest|smallest|fewest|least|minimum|min)\b", re.I)
_WHICH = re.compile(r"\b(?:which|what|who)\b", re.I)
_WHICH_PERIOD = re.compile(r"\b(?:which|what)\s+(?:month|year|quarter|period|week)s?\b|\bwhen\s+(?:was|were|did)\b", re.I)
_CHANGE = re.compile(r"\b(?:by how much|how much (?:did|has|have|was|were)\b.*\b(?:fall|rise|grow|increase|decrease|drop|change)|"
                     r"change|difference|increase|decrease|compared? (?:with|to)|how did (?:that|it|this) compare)\b", re.I)
_MORE = re.compile(r"\b(?:how much more|how much less|grew|grow|rise|rose|increase[sd]?|(?:went|gone|go) (?:up|down)|fell|fall|drop(?:ped)?)\b", re.I)
_CHANGE_COLUMN = re.compile(r"^(?:%\s*)?(?:increase|decrease|change|difference|variation|variance|movement|growth)\b|"
                            r"\b(?:change|difference|variation|variance)\b", re.I)
_INCLUDING = re.compile(r"\b(?:including|includes|include)\s+(?:the\s+)?([\w&' -]+)", re.I)  # a part of the total asked
_MONEY_UNIT = re.compile(r"£\s*['’]?\s*(m|bn|k|000s?)\b", re.I)
_TWO_PART = re.compile(r",?\s+and\s+(?:(?:at|in|on|for|by|to|from)\s+)?(?:what|how|which|who|when)\b", re.I)
_RATE = re.compile(r"%|\b(?:percent(?:age)?|rate|ratio|proportion|share)\b", re.I)
RATE_UNASKED = 0.2  # "how much was invested": a percentage cell scores this much less than the row's sums
_TOTAL_COLUMN = re.compile(r"\s*(?:grand\s+)?totals?\b", re.I)
_PERIOD_FIRST = re.compile(r"^(?:\S*\d\S*\s+)+")  # "2027-28 " of "2027-28 Total"
_SHARE = re.compile(r"%|percent(?:age)?|share|proportion", re.I)  # a column of shares beside its figures
_MARK = re.compile(r"\s*(?:\[\d{1,2}\]|\(\d\))")  # a footnote mark after a project's name: "… Programme [1][2]"
_OPERATOR_WORDS = frozenset(tokens("highest largest biggest greatest most top lowest smallest fewest least which "
                                   "change difference increase decrease grow grew fall fell rise rose gone went much many"))


@dataclass(frozen=True)
class _Found:
    """A table read from one of the passages."""

    table: Table
    lines: tuple[str, ...]  # each row as the page prints it
    passage: int  # the best-ranked passage holding it


def tables_in(passages: list[Passage]) -> list[_Found]:
    """The ruled tables behind the best passages, each once, in passage order."""
    out: dict[tuple, _Found] = {}
    for i, p in enumerate(passages[:PASSAGES_READ]):
        if not p.chunk.table:
            continue
        data = json.loads(p.chunk.table)
        t = Table.from_json(data)
        key = (p.chunk.source, t.caption, t.first_page, t.columns)
        if key not in out:
            out[key] = _Found(t, tuple(data.get("lines") or ()), i)
    return list(out.values())


def _toks(text: str) -> set[str]:
    """Tokens of a label, with adjacent words also joined ("Tax base" meets "Taxbase")."""
    words = re.findall(r"[A-Za-z]+", text)
    return set(tokens(text)) | {t for a, b in zip(words, words[1:]) for t in tokens(a + b)}


def _names_row(cell: str) -> bool:
    """A short text cell, which names its row ("Lloyds Bank plc", "LGIM GBP Liquidity Class 4", "A229 Bluebell Hill
    M2 & M20 Interchange Upgrades"), not a figure, a date or a count with its noun ("2863 children")."""
    words = cell.split()
    figures = [i for i, w in enumerate(words) if re.search(r"\d", w) and not re.search(r"[A-Za-z]", w)]  # not "A229"
    return 0 < len(words) <= NAME_WORDS and len(re.findall(r"[A-Za-z]", cell)) >= 3 and (
        not figures or figures == [len(words) - 1] and re.fullmatch(r"\d{1,2}", words[-1]) is not None)


def _unmarked(cell: str) -> str:
    return _MARK.sub("", cell) if cell else cell


def _alike(a: str, b: str) -> bool:
    """Two words that begin alike for all but perhaps their last letter ("divert", "diversion")."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= PREFIX and n >= min(len(a), len(b)) - 1


@dataclass(frozen=True)
class _Cell:
    score: float
    row: int
    col: int  # index into row.cells
    row_hit: float = 0.0  # the share of the question its row's label holds
    row_words: frozenset[str] = frozenset()  # the question words its row's label holds
    col_words: frozenset[str] = frozenset()  # the question words its column's label holds
    col_cover: float = 0.0  # the share of the question its column's label and the table's caption hold


def _reading(q: Query, f: _Found, aliases: dict[str, set[str]]) -> tuple[dict[str, float], list[set[str]], list[set[str]],
                                                                        set[str], set[str]]:
    """The question's content words and weights, and the tokens of each row label, column label, the caption
    with the text around it, and the numbered caption alone."""
    part = {t for m in _INCLUDING.finditer(q.text) for t in tokens(m.group(1))}  # "total … including UASC"
    qw = {t: w for t, w in q.weights.items() if t not in _OPERATOR_WORDS and not t.startswith("fy")
          and not (t.isdigit() and len(t) == 4) and t not in part}
    # the question's adjacent words side by side in a label ("people over 19" is not "people aged 16-19")
    qw.update({f"{a} {b}": PAIR_WEIGHT for a, b in q.pairs})
    for a, b in zip(q.terms, q.terms[1:]):  # "tax base" meets "Taxbase"
        for t in tokens(a + b):
            if t not in qw and t.isalpha():
                qw.setdefault(t, 0.0)

    def read(text: str) -> set[str]:
        seq = tokens(text)
        toks = _toks(text) | {f"{a} {b}" for a, b in zip(seq, seq[1:]) if (a, b) in q.pairs}
        for abbreviation, words in aliases.items():
            if abbreviation in toks:
                toks |= words
        # a question word that begins a label's word ("members" of "Membership"), or the other way round
        toks |= {t for t in qw if len(t) >= PREFIX and t.isalpha() and any(_alike(t, u) for u in toks)}
        for a, b in zip(q.terms, q.terms[1:]):  # "Taxbase" holds the question's "tax" and "base"
            joined = tokens(a + b)
            if len(joined) == 1 and joined[0] not in (a, b) and joined[0] in seq:  # one printed word
                toks |= {a, b}
        toks |= {t for t in qw if " " in t and all(x in toks for x in t.split())} & {
            f"{a} {b}" for a, b in zip(seq, seq[1:])}
        return held(toks, q.alternatives)

    t = f.table
    # a row is named by its label and its text cells (a "Row ref" number's project name); a short code
    # ("A", "KS P", "CV6") by the question writing it as a word of its own, case and all
    rows = [read(" ".join([t.label(r)] + [c for c in map(_unmarked, r.cells) if _names_row(c)])) for r in t.rows]
    for r, got in zip(t.rows, rows):
        if 0 < len(r.label) <= CODE_CHARS and re.search(rf"(?<=\s){re.escape(r.label)}(?![\w-])", _INCLUDING.sub("", q.text)):
            got.add(f"code {r.label}")
            qw[f"code {r.label}"] = CODE_WEIGHT
    cols = [read(full_years(c)) for c in t.columns[1:]]
    if _MORE.search(q.text) or spend_variance(q):  # "grew the most", "the biggest underspend": a column of changes
        qw["change asked"] = CHANGE_WEIGHT
        for c, got in zip(t.columns[1:], cols):
            if _CHANGE_COLUMN.search(c):
                got.add("change asked")
    ctx = read(" ".join((t.caption, t.intro[-200:], t.columns[0] if t.columns else "", t.units or "")))
    # a table whose columns are only periods says what it measures in its caption ("Average cost of pupils"):
    # a numbered caption, not a paragraph standing above the table
    captioned = read(f"{t.caption} {t.units or ''}") if t.number else set()
    return qw, rows, cols, ctx, captioned


def _cells(q: Query, f: _Found, aliases: dict[str, set[str]], passages: list[Passage] = ()) -> tuple[list[_Cell], float]:
    """Every filled cell scored by the question words its row and column hold and the year they name;
    with the share of the question the table holds at best."""
    qw, rows, cols, ctx, captioned = _reading(q, f, aliases)
    periods = [_period(c) for c in f.table.columns[1:]]
    # words half the rows hold ("Libraries" of "Core Libraries", "Partnership Libraries") name the kind of row
    kind = {t for t in qw if 2 * sum(1 for r in rows if t in r) >= len(rows)} if len(rows) >= 2 else set()
    total = sum(w for t, w in qw.items() if " " not in t) or 1.0  # side-by-side pairs are a bonus, not asked words
    years = (set(q.fys), set(q.calendar))
    measure = q.measured if q.measured and measure_used(q, list(passages)[:PASSAGES_READ], f.table) else frozenset()
    asked = {n.replace(",", "").strip("£") for n in q.asked_numbers}
    # the caption names only other years and no heading names the one asked: the whole table is of another year
    headings = " ".join([*f.table.columns, *(f.table.label(r) for r in f.table.rows)])
    other_year = (years[0] or years[1]) and any(named_years(f.table.caption)) and not year_matches(
        years, f.table.caption) and not year_matches(years, headings)
    out, cover = [], 0.0
    for i, row in enumerate(f.table.rows):
        for k, cell in enumerate(row.cells):
            if k >= len(cols) or not cell or value(cell) is None:
                continue
            if cell.replace(",", "").strip("£ ") in asked:
                continue  # a figure the question itself names is not its answer
            if q.count and not q.money and ("£" in cell or (f.table.unit(k) or "").startswith("£")):
                continue  # "how many pupils": a sum of money counts nothing
            here = rows[i] | cols[k] | (captioned if periods[k] else set())
            if measure and not holds_measure(measure, here | ctx):
                continue  # "how big an overspend": a cell of a table of calls is no overspend
            got = sum(w for t, w in qw.items() if t in here) / total
            seen = sum(w for t, w in qw.items() if t in here | ctx) / total
            named = f"{row.label} {full_years(f.table.columns[k + 1])}"
            score = got + 0.5 * (seen - got) - RANK_PENALTY * f.passage
            if q.money and not _RATE.search(q.text) and ("%" in cell or f.table.unit(k) == "%"):
                score -= RATE_UNASKED
            if (years[0] or years[1]) and "change asked" in cols[k] and not any(named_years(named)):
                score += YEAR_BONUS  # a column of changes is the change into the year the table is of
            elif years[0] or years[1]:
                ok = year_matches(years, named)
                if ok is False and any(named_years(named)):
                    continue  # the row or column of another year
                if ok is False and other_year:
                    continue  # a table of another year ("2010/11 Emergency admissions …"), its cells naming none
                if ok is False and not year_matches(years, f.table.caption + " " + f.table.intro):
                    score -= YEAR_UNSAID  # neither the cell nor the table says which year it is
                score += YEAR_BONUS if ok else 0.0
            if q.months and any(m in _toks(named) for m in _MONTHS) and not set(q.months) & _toks(named):
                continue  # another month's row ("Mar-14" for a question about June)
            cover = max(cover, seen)
            out.append(_Cell(score, i, k, sum(w for t, w in qw.items() if t in rows[i] - cols[k]) / total,
                             frozenset(t for t in qw if t in rows[i]), frozenset(t for t in qw if t in cols[k]),
                             sum(w for t, w in qw.items() if t in cols[k] | ctx | kind) / total))
    return sorted(out, key=lambda c: -c.score), cover


def _period(label: str) -> bool:
    """A column label that is only a period: "2024-25", "24-25", "Sep-14", "Q3 2023/24"."""
    toks = tokens(full_years(label))
    return bool(toks) and all(t.startswith("fy") or t.isdigit() or t in _MONTHS or t[:3] in _MONTH3 or
                              re.fullmatch(r"q[1-4]|quarter", t) for t in toks)


_MONTH3 = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_MONTHS = frozenset("january february march april may june july august september october november december".split())


def lookup(q: Query, passages: list[Passage], index=None) -> Answer | None:
    """The answer read from a table in the passages, or None when no table gives a confident one.

    With the `index`, a question no table among the passages answers is tried on the ruled tables
    printed on the best passages' pages (a paragraph introducing "table 6.2" ranks above the table).
    """
    if q.kind not in ("figure", "text", "who") or not passages:
        return None
    found = tables_in(passages)
    if (_HIGH.search(q.text) or _LOW.search(q.text)) and _WHICH.search(q.text):  # "the most common reason given"
        found += [_Found(t, lines, rank) for t, lines, rank in count_lists(passages, PASSAGES_READ)]
    aliases = {a: set(tokens(long)) for p in passages[:PASSAGES_READ] for a, long in defined(p.text).items()}
    got = _best(q, found, passages, aliases) if found else None
    # only a question over a column (which is largest, the change, one figure against another) needs
    # the whole table; a single figure is read from what ranks (measured: the tables beside passages
    # answered single-figure questions from the wrong table)
    over_column = (_HIGH.search(q.text) or _LOW.search(q.text)) and _WHICH.search(q.text) or compared(q) \
        or (_CHANGE.search(q.text) is not None and len(q.years) >= 2)
    if got is None and index is not None and over_column:
        have = {(passages[f.passage].chunk.source, f.table.caption, f.table.first_page, f.table.columns) for f in found}
        near = [_Found(t, lines, rank) for t, lines, rank in tables_near(index, passages, have)]
        got = _best(q, near, passages, aliases) if near else None
    return got or read_indicator(q, passages)  # a performance report's KPI boxes are rows too


def _best(q: Query, found: list[_Found], passages: list[Passage], aliases: dict[str, set[str]]) -> Answer | None:
    """The most confident answer any of these tables gives."""
    extreme = "high" if _HIGH.search(q.text) else "low" if _LOW.search(q.text) else None
    change = _CHANGE.search(q.text) is not None and (len(q.years) >= 2 or len(q.years) == 1 and _MORE.search(q.text))
    best: tuple[float, Answer] | None = None
    for f in found:
        if _undated(f.table) and before_the_year(q, passages[f.passage].chunk.meeting_date):
            continue  # a table naming no year, for a meeting before the year asked: not that year's figures
        cells, cover = _cells(q, f, aliases, passages)
        if not cells or cover < MIN_COVER:
            continue
        if not extreme and not change:
            cells = _row_total(f.table, cells)
        pair = versus_rows(f.table, cells[0].col) if compared(q) and not extreme and not change else None
        if pair:  # "the budget and the actual spend in 2010/11": the plan and outturn rows of that column
            said, rows = pair
            got = (cells[0].score, _answer(q, f, rows, f"{f.table.caption + ' — ' if f.table.caption else ''}{said}",
                                            passages))
        elif best is None and not extreme and not change and not _margin_ok(cells) and cells[0].row_hit > 0:
            return None  # the best-placed table that holds the question cannot tell which cell: no lookup
        elif extreme and _WHICH_PERIOD.search(q.text):  # "which month had the most …": across the row's periods
            got = _over_periods(q, f, cells, extreme, passages)
        elif extreme and _WHICH.search(q.text):
            got = _extreme(q, f, cells, extreme, passages)
        elif change:  # one year asked ("go up in 2025-26"): the change from the year before, else the cell
            got = _change(q, f, cells, passages) or (_cell(q, f, cells, passages) if len(q.years) == 1 else None)
        else:
            got = _cell(q, f, cells, passages)
        if got and (best is None or got[0] > best[0]):
            best = got
    return best[1] if best else None


def _undated(t: Table) -> bool:
    """Neither the table's caption, the text introducing it, its column labels nor its row labels name a year."""
    text = " ".join([t.caption, t.intro, *t.columns, *(t.label(r) for r in t.rows)])
    return not any(named_years(text))


def _row_total(t: Table, cells: list[_Cell]) -> list[_Cell]:
    """No column named and the row's cells tied: the row's total column answers ("how many admissions in
    CV6"), as "which area had the most" compares the rows' totals; else the cells as they were."""
    top = cells[0]
    tied = [c for c in cells if c.row == top.row and top.score - c.score < MIN_MARGIN and not c.col_words]
    totals = [c for c in tied if _TOTAL_COLUMN.match(_PERIOD_FIRST.sub("", t.heading(c.col)))]
    if top.col_words or len(tied) < 2 or len(totals) != 1:
        return cells
    return totals + [c for c in cells if c.row != top.row]


def _margin_ok(cells: list[_Cell]) -> bool:
    """The best cell is clearly the one asked for: every other row's best and every other column's best
    either scores clearly less or holds only some of the question words the best one's row (column) holds."""
    top = cells[0]
    other_col = next((c for c in cells[1:] if c.row == top.row and c.col != top.col), None)
    other_row = next((c for c in cells[1:] if c.row != top.row), None)
    col_ok = other_col is None or top.score - other_col.score >= MIN_MARGIN or top.col_words > other_col.col_words
    row_ok = other_row is None or top.score - other_row.score >= MIN_MARGIN or (
        (top.row_words > other_row.row_words or top.row_hit >= ROW_RATIO * other_row.row_hit)
        and top.col_words >= other_row.col_words)
    return col_ok and row_ok


def _cell(q: Query, f: _Found, cells: list[_Cell], passages: list[Passage]) -> tuple[float, Answer] | None:
    top, t = cells[0], f.table
    if top.row_hit == 0:  # no row named: the column's total answers ("how many … in total")
        total = next((c for c in cells if t.rows[c.row].is_total and c.col == top.col), None)
        if total is None:
            return None
        top, cells = total, [total] + [c for c in cells if c.col != top.col]
    if not _margin_ok(cells):
        return None
    row = t.rows[top.row]
    if _TWO_PART.search(q.text):  # "…, and what was the target?": the row's cells with their headings
        said = "; ".join(f"{t.heading(k)}: {_with_unit(t, k, c)}" for k, c in enumerate(row.cells) if c)
        return top.score, _answer(q, f, [top.row], f"{_head(t, row)} — {said}", passages)
    said = versus(q, t, row, top.col) if compared(q) else None  # "actual against budget": both, and the difference
    text = f"{_head(t, row)} — {said or t.heading(top.col) + ': ' + _with_unit(t, top.col, row.cells[top.col])}"
    return top.score, _answer(q, f, [top.row], text, passages)


def _extreme(q: Query, f: _Found, cells: list[_Cell], which: str,
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
    totals = [k for k in tied if _TOTAL_COLUMN.match(t.heading(k))]
    if len(tied) > 1 and widest:
        tied = widest  # "the highest total return": "6 months return Total", not "… Income"
    elif len(tied) > 1 and len(totals) == 1:
        tied = totals  # no column named: "which area had the most admissions" compares the rows' totals
    if next(c for c in cells if c.col == ranked[0][0]).col_cover < COLUMN_COVER:
        return None  # "which district …" names the column and the table; the rows are what is asked for
    within = in_group(q, t)  # "which partnership library": the rows of that group only
    tops = {k: ordered(q, t, k, which, within) for k in tied}
    # a figure and its share ("Count", "%") rank the rows alike: either answers, the figure first printed
    alike = len(tied) == 2 and any(_SHARE.fullmatch(t.heading(k).strip()) for k in tied)
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
            f"{_with_unit(t, col, t.rows[i].cells[col])} (of {len(order)} rows compared; next: {runners})")
    return ranked[0][1], _answer(q, f, [i], text, passages)


def _over_periods(q: Query, f: _Found, cells: list[_Cell], which: str,
                  passages: list[Passage]) -> tuple[float, Answer] | None:
    """The period (a column) with the highest (lowest) figure in the row asked about, or the total row when
    the question names none: "which month had the most CAF outcomes" reads the Total row across the months."""
    t, top = f.table, cells[0]
    row = top.row if top.row_hit > 0 else next((i for i, r in enumerate(t.rows) if r.is_total), None)
    if row is None:
        return None
    cells_of = t.rows[row].cells
    figures = [(k, value(cells_of[k])) for k in range(min(len(cells_of), len(t.columns) - 1))
               if _period(t.columns[k + 1]) and not _TOTAL_COLUMN.search(t.columns[k + 1])]
    figures = sorted(((k, v) for k, v in figures if v is not None), key=lambda kv: -kv[1] if which == "high" else kv[1])
    if len(figures) < 3:
        return None
    k = figures[0][0]
    runners = "; ".join(f"{t.heading(j)} {cells_of[j]}" for j, _ in figures[1:1 + RUNNERS_UP])
    text = (f"{t.caption + ' — ' if t.caption else ''}{t.label(t.rows[row])} — {'highest' if which == 'high' else 'lowest'}: "
            f"{t.heading(k)} {_with_unit(t, k, cells_of[k])} (of {len(figures)} periods compared; next: {runners})")
    return top.score, _answer(q, f, [row], text, passages)


def _change(q: Query, f: _Found, cells: list[_Cell], passages: list[Passage]) -> tuple[float, Answer] | None:
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

    for c in cells[:10]:
        same_row = [k for k in range(len(t.rows[c.row].cells)) if value(t.rows[c.row].cells[k]) is not None]
        b = c.col if names(c.row, c.col, last) else next((k for k in same_row if names(c.row, k, last)), None)
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
    head = _head(t, t.rows[ra]) if ra == rb else t.caption
    printed = next((k for k, c in enumerate(t.rows[ra].cells) if ra == rb and c and k not in (ka, kb)
                    and _CHANGE_COLUMN.search(t.heading(k))), None)  # the table's own change, rounded as printed
    text = (f"{head + ' — ' if head else ''}{a_name}: {t.rows[ra].cells[ka]}; {b_name}: {t.rows[rb].cells[kb]}; "
            f"change {said} (computed from those two cells)"
            + (f"; {t.heading(printed)} as printed: {t.rows[ra].cells[printed]}" if printed is not None else ""))
    return cells[0].score, _answer(q, f, sorted({ra, rb}), text, passages)


def _head(t: Table, row: Row) -> str:
    """Caption and row; a row known by its reference number ("4") is named by its first words too."""
    name = t.label(row)
    shared = sum(1 for r in t.rows if r.label == row.label) > 1  # "Call Account" twice: named by its counterparty
    words = next((c for c in row.cells if c and value(c) is None), None) \
        if re.fullmatch(r"\d{1,3}", row.label) or shared else None
    if words:  # "2 — 429,934.0 — Children, Young People & Education …": named by its first words
        name = f"{name} {words}"
    return " — ".join(x for x in (t.caption, name) if x)


def _with_unit(t: Table, k: int, cell: str) -> str:
    """A cell with its column's unit when the cell does not carry one ("93,106.7 (£000s)")."""
    unit = t.unit(k)
    if not unit:  # "2025-26 Kent £’m": the unit in the column's label
        m = _MONEY_UNIT.search(t.columns[k + 1] if k + 1 < len(t.columns) else "")
        unit = f"£{m.group(1)}" if m else None
    if not unit or unit in ("£", "%") or re.search(r"[£%]", cell):
        return cell
    m = _MONEY_UNIT.fullmatch(unit.replace("’", "").replace("'", ""))
    if m and m.group(1).lower() in ("m", "bn") and value(cell) is not None and not cell.startswith(("-", "(")):
        return f"£{cell}{m.group(1).lower()}"  # "£1.9m", as a reader says it
    return f"{cell} ({unit})"


def _answer(q: Query, f: _Found, rows: list[int], text: str, passages: list[Passage]) -> Answer:
    """The answer with the row's passage first (a passage holding the row as printed), then the rest."""
    t = f.table
    lines = [f.lines[i] for i in rows if i < len(f.lines)]
    holder = next((i for i, p in enumerate(passages) if lines and all(x in p.text for x in lines)), None)
    if holder is None:
        base = passages[f.passage]
        row = t.rows[rows[0]]
        shown = "\n".join(lines + [t.caption]) if lines else base.chunk.text
        holder_p = replace(base, chunk=replace(base.chunk, id=base.chunk.id + f"-row{rows[0]}", text=shown,
                                               page=row.page, page_end=row.page), before="", after="")
        ordered = [holder_p] + list(passages)
    else:
        ordered = [passages[holder]] + [p for i, p in enumerate(passages) if i != holder]
    first = ordered[0].chunk
    page = t.rows[rows[0]].page
    cite = Citation(n=1, source=first.source, page=page, title=first.title, meeting_date=first.meeting_date,
                    committee=first.committee, printed_page=first.printed_page if page == first.page else None,
                    quote="\n".join(lines + [text]))
    return Answer(question=q.text, found=True, answer=f"{text} [1]", passages=tuple(ordered), citations=(cite,),
                  note="read from a table")
