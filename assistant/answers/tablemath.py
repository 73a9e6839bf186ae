"""Table readings over more than one cell: tables beside a passage, actual against budget, signed superlatives, groups.

- A passage that introduces a table ("as shown in table 6.2") or holds the same table read from its
  layout text brings the ruled table printed on its page, so a question over a column is answered
  from the table even when its prose ranks above it.
- "Actual against budget", "the overspend": the row's plan and outturn cells of the year asked, and
  their difference computed from them and said to be computed (with the printed variance beside it).
- "The budget and forecast for …": the columns a question joins by "and" are each quoted from the row.
- "The largest deficit" in a column of "surplus/ (deficit)": the bracketed word names the negative
  figures, so the largest deficit is the most negative figure, not the largest surplus.
- "Which partnership library …": a word only one group heading holds keeps the comparison to that group;
  the rows a column compares are its parts (not totals or subtotals), best first (`ordered`).
"""
from __future__ import annotations

import json
import re

from ..papers.tables import Row, Table, value
from ..records import Passage
from ..text.normalise import named_years, tokens
from .query import Query

SUM_TOLERANCE = 0.005  # a figure within this share of the rows above it is their subtotal (rounding)
NEAR_PASSAGES = 3  # the best passages whose page is searched for a ruled table beside them
_AFTER = re.compile(r"\b(?i:after|apart from|other than|excluding|besides)\s+(?:the\s+)?([A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*)*)")
_VERSUS = re.compile(r"\b(?:against|versus|vs\.?|compared (?:with|to)|over ?spen[dt]s?|under ?spen[dt]s?|"
                     r"over budget|under budget|variance|variation)\b", re.I)
# what a plan column is called, and what the figure measured against it is called
_PLAN = re.compile(r"\b(?:budget|target|plan(?:ned)?|estimate[sd]?|allocation)\b", re.I)
_OUTTURN = re.compile(r"\b(?:actual|outturn|spend|spent|expenditure|latest|forecast|achieved|result)\b", re.I)
# "the budget and the actual spend", "target and actual": a plan and its outturn asked side by side
_BOTH = re.compile(r"\b(?:budget|target|plan(?:ned)?|estimate)\b.{0,25}\b(?:and|&)\b.{0,25}\b(?:actual|outturn|spend|spent|"
                   r"expenditure)\b|\b(?:actual|outturn|spend|spent|expenditure)\b.{0,25}\b(?:and|&)\b.{0,25}\b(?:budget|"
                   r"target|plan(?:ned)?)\b", re.I)
_VARIANCE = re.compile(r"\b(?:variation|variance|difference|over\s*/?\s*\(?under|under\)?\s*/\s*over)", re.I)
# a budget's variance is over (+) or under (-) it: "the biggest underspend" is a variance column's most negative figure
_UNDER = re.compile(r"\bunder\s*-?\s*spen[dt]\w*|\bunder\s+budget\b", re.I)
_OVER = re.compile(r"\bover\s*-?\s*spen[dt]\w*|\bover\s+budget\b", re.I)
_WORDS = re.compile(r"[\w'’£%-]+|[,&/]")  # a question's words and the marks that join them
_JOINS = {"and", "&", ",", "/"}
_JOINING = _JOINS | {"the", "its", "their", "a"}  # "the budget and the forecast"
_NEGATIVE = re.compile(r"\(\s*([A-Za-z][\w ]*?)\s*\)")  # "surplus/ (deficit)": the word figures in brackets are


def tables_near(index, passages: list[Passage], have: set[tuple]) -> list[tuple[Table, tuple[str, ...], int]]:
    """Ruled tables on the pages of the best passages that are not themselves ruled-table chunks:
    (table, its rows as printed, the rank of the passage that brought it); `have` keys are skipped."""
    out, seen = [], set(have)
    by_source: dict[str, list[tuple[Table, tuple[str, ...]]]] = {}
    for rank, p in enumerate(passages[:NEAR_PASSAGES]):
        c = p.chunk
        if c.table:
            continue
        if c.source not in by_source:
            by_source[c.source] = _ruled_tables(index, c.source)
        for t, lines in by_source[c.source]:
            key = (c.source, t.caption, t.first_page, t.columns)
            if key in seen or not (t.first_page <= c.page_end and c.page <= t.last_page):
                continue
            seen.add(key)
            out.append((t, lines, rank))
    return out


def _ruled_tables(index, source: str) -> list[tuple[Table, tuple[str, ...]]]:
    """A document's ruled tables, each read once from its table's own chunk (its rows' chunks repeat it)."""
    out = []
    for x in index.chunks_of(source):
        if not x.table:
            continue
        data = json.loads(x.table)
        if data.get("row") is None:
            out.append((Table.from_json(data), tuple(data.get("lines") or ())))
    return out


def spend_variance(q: Query) -> bool:
    """The question asks about an over- or underspend: a variance column answers it, as a change column does
    a rise or fall."""
    return bool(_UNDER.search(q.text) or _OVER.search(q.text))


def compared(q: Query) -> bool:
    """The question sets one figure against another ("actual against budget", "the overspend")."""
    return _VERSUS.search(q.text) is not None or _BOTH.search(q.text) is not None


def coordinated(q: Query, t: Table, cells: list) -> tuple[int, ...]:
    """The columns of the best cell's row a question joins ("the budget and forecast for …"): each named by a
    word of the question no other named column's heading holds, those words joined in the question by "and",
    "&", a comma or "/" alone. Empty when it names one column (or none), or the best cell's is not among them."""
    top = cells[0] if cells else None
    if top is None or top.row_hit == 0 or not top.col_words:
        return ()
    named: dict[int, frozenset[str]] = {}
    for c in cells:
        if c.row == top.row and c.col_words:
            named.setdefault(c.col, c.col_words)
    own = {k: {w for w in ws if " " not in w and not any(w in o for j, o in named.items() if j != k)}
           for k, ws in named.items()}
    own = {k: ws for k, ws in own.items() if ws}
    if len(own) < 2 or top.col not in own:
        return ()
    words = _WORDS.findall(q.text.lower())
    at = {k: [i for i, w in enumerate(words) if set(tokens(w)) & ws] for k, ws in own.items()}
    joined: set[int] = set()
    for a in own:
        for b in own:
            if any(i < j and all(words[x] in _JOINING for x in range(i + 1, j))
                   and any(words[x] in _JOINS for x in range(i + 1, j)) for i in at[a] for j in at[b]):
                joined |= {a, b}
    return tuple(sorted(joined)) if top.col in joined else ()


def versus_rows(t: Table, col: int) -> tuple[str, list[int]] | None:
    """A table whose rows are the plan and the outturn ("Budget", "Expenditure", "Overspend" down, years
    across): both rows' cells in the asked column with their difference computed, and the rows used."""
    def row(pattern: re.Pattern, unlike: re.Pattern) -> int | None:
        return next((i for i, r in enumerate(t.rows) if pattern.search(r.label) and not unlike.search(r.label)
                     and not _VARIANCE.search(r.label) and col < len(r.cells) and value(r.cells[col]) is not None), None)

    plan, done = row(_PLAN, _OUTTURN), row(_OUTTURN, _PLAN)
    if plan is None or done is None:
        return None
    done_name, plan_name = t.label(t.rows[done]), t.label(t.rows[plan])
    said = _against(done_name, t.rows[done].cells[col], plan_name, t.rows[plan].cells[col], t.unit(col),
                    done_name.lower(), plan_name.lower())
    return f"{t.heading(col)} — {said}", [done, plan]


def _against(done_name: str, done: str, plan_name: str, plan: str, unit: str | None, done_word: str,
             plan_word: str) -> str:
    """"Actual: 22,302; Budget: 16,889; difference +5,413 (computed: actual minus budget)": both cells, with
    their unit, and the outturn less the plan given as precisely as the cells are printed."""
    diff = value(done) - value(plan)
    digits = max(places(done), places(plan))
    sign = "+" if diff > 0 else "-" if diff < 0 else ""
    unit = f" ({unit})" if unit and unit not in ("£", "%") else ""
    return (f"{done_name}: {done}{unit}; {plan_name}: {plan}{unit}; difference {sign}{abs(diff):,.{digits}f}{unit} "
            f"(computed: {done_word} minus {plan_word})")


def versus(q: Query, t: Table, row: Row, col: int) -> str | None:
    """The row's outturn and plan cells of the asked column's year, with their difference computed
    ("2011/12 Actual: 22,302; 2011/12 Budget: 16,889; difference +5,413, computed: actual minus budget"),
    and the printed variance cell when the table has one; None when the row has no such pair."""
    year = set().union(*named_years(t.heading(col)))

    def group(k: int) -> bool:
        return not year or bool(set().union(*named_years(t.heading(k))) & year)

    filled = [k for k, c in enumerate(row.cells) if c and value(c) is not None and group(k)]
    plan = next((k for k in filled if _PLAN.search(t.heading(k)) and not _VARIANCE.search(t.heading(k))), None)
    done = next((k for k in filled if _OUTTURN.search(t.heading(k)) and not _PLAN.search(t.heading(k))
                 and not _VARIANCE.search(t.heading(k))), None)
    if plan is None or done is None:
        return None
    said = _against(t.heading(done), row.cells[done], t.heading(plan), row.cells[plan], t.unit(done),
                    _word(t.heading(done), _OUTTURN), _word(t.heading(plan), _PLAN))
    printed = next((k for k in filled if _VARIANCE.search(t.heading(k))), None)
    if printed is not None:
        said += f"; {t.heading(printed)}: {row.cells[printed]}"
    return said


def _word(heading: str, pattern: re.Pattern) -> str:
    m = pattern.search(heading)
    return m.group(0).lower() if m else heading


def places(cell: str) -> int:
    """Decimal places a cell is printed with, so a computed figure is given as precisely as its cells."""
    m = re.search(r"\.(\d+)", cell)
    return len(m.group(1)) if m else 0


def negative_word(t: Table, col: int, q: Query) -> str | None:
    """The bracketed word of a "surplus/ (deficit)" column when the question asks for it: the
    superlative is then over the negative figures, the most negative first."""
    if _UNDER.search(q.text) and not _OVER.search(q.text) and _VARIANCE.search(t.heading(col)):
        return "underspend"
    m = _NEGATIVE.search(t.heading(col))
    if not m:
        return None
    asked = set(tokens(q.text))
    return m.group(1) if set(tokens(m.group(1))) & asked else None


def in_group(q: Query, t: Table) -> set[int] | None:
    """The rows of the one group heading the question names ("which partnership library": the rows under
    "Partnership Libraries"), or None. A word counts when exactly one of the table's group headings holds
    it ("libraries" is in "Core Libraries" and "Partnership Libraries", so it names no group)."""
    groups = {g: set(tokens(g)) for g in {r.group for r in t.rows if r.group}}
    if len(groups) < 2:
        return None
    asked = set(q.terms)
    named = [g for g, words in groups.items()
             if any(w in asked and sum(w in other for other in groups.values()) == 1 for w in words)]
    if len(named) != 1:
        return None
    rows = {i for i, r in enumerate(t.rows) if r.group == named[0]}
    return rows if len(rows) >= 2 else None


def ordered(q: Query, t: Table, col: int, which: str, within: set[int] | None) -> tuple[list, str | None, str]:
    """The rows a column compares, best first: its parts (not totals), less those the question sets
    aside ("after Central"), within the group it names; with the bracketed kind asked ("deficit")."""
    skip = {m.group(1).lower() for m in _AFTER.finditer(q.text)}
    pool = [(i, v) for i, v in parts(t, col) if not any(x in t.rows[i].label.lower() for x in skip)
            and (within is None or i in within)]
    negative = negative_word(t, col, q)  # "the largest deficit" in a "surplus/ (deficit)" column
    if negative:
        pool, which = [(i, v) for i, v in pool if v < 0], "low"
    return sorted(pool, key=lambda x: -x[1] if which == "high" else x[1]), negative, which


def parts(t: Table, col: int) -> list[tuple[int, float]]:
    """The rows of a column that are parts, not sums: total rows, and rows whose figure is the sum of
    the rows since the last such row (a group's subtotal), are left out."""
    out, run, since = [], 0.0, 0
    for i, r in enumerate(t.rows):
        v = value(r.cells[col]) if col < len(r.cells) else None
        if v is None:
            continue
        if r.is_total or (since >= 2 and abs(v - run) <= SUM_TOLERANCE * max(abs(run), 1.0)):
            run, since = 0.0, 0
            continue
        out.append((i, v))
        run, since = run + v, since + 1
    return out
