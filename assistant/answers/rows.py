"""Table rows: how one is shown (the column the question asks about first, units on the figures),
and how rows are read back from a PDF that lost the table's grid (`Grid`).

Rows come from `tables.py` as "Title — Row label — 2014/15: £8.3 m; 2015/16: £3.8 m".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text.normalise import fold_numbers, named_years, tokens
from .sentences import row_like

if TYPE_CHECKING:
    from .query import Query

# markup a generator left in a PDF's text ("904 426 <div><div>"): never quoted
MARKUP = re.compile(r"</?(?:div|span|p|br|b|i|u|sup|sub|td|tr|table)\b[^>]*>", re.I)
# a table's total row ("Total", "Grand total"), not "total of …"
TOTAL_ROW = re.compile(r"\s*(?:grand\s+)?total\b(?!\s+(?:of|for)\b)", re.I)
_MONTH = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b")
_UNIT_COLUMN = re.compile(r"\s*\(?£\s*'?\s*(m|000s?|k|bn)\)?\s*", re.I)
_PLAIN_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# a column heading that is a year: "2013/14", "2013-2014", "2019"
_YEAR_COLUMN = re.compile(r"(?<![\d/£.,])(?:19|20)\d\d(?:\s*[/\-\u2013]\s*(?:19|20)?\d\d)?(?![\d/%])")
_CELL = re.compile(r"\(?-?£?\d[\d,]*(?:\.\d+)?%?[km]?\)?|-(?=\s|$)")


def _cells_with_units(cells: str) -> str:
    """Table cells whose column names the unit carry it on the figure: "Kent £'m: 1.9" -> "Kent: £1.9m"."""
    out = []
    for cell in cells.split("; "):
        column, sep, value = cell.partition(": ")
        unit = _UNIT_COLUMN.search(column)
        if sep and unit and _PLAIN_FIGURE.fullmatch(value.strip()):
            suffix = {"m": "m", "bn": "bn"}.get(unit.group(1).lower(), "k")
            value = value.strip()
            sign, value = ("-", value[1:]) if value.startswith("-") else ("", value)
            column = (column[:unit.start()] + " " + column[unit.end():]).strip() or column
            cell = f"{column}: {sign}£{value}{suffix}"
        out.append(cell)
    return "; ".join(out)


def year_columns(line: str) -> list[str]:
    """The years a table's heading line ends with, in order ("Number of children Adopted 2011/12
    2012/13 2013/14" -> ["2011/12", "2012/13", "2013/14"]); [] when it is not such a line."""
    years = list(_YEAR_COLUMN.finditer(line))
    if len(years) < 2 or _YEAR_COLUMN.sub(" ", line[years[0].start():]).strip():
        return []
    return [m.group(0) for m in years]


def money_unit(line: str) -> str:
    """The unit a table's heading line gives its sums in ("£000s" -> "k", "£m" -> "m"), or ""."""
    unit = _UNIT_COLUMN.search(line)
    return {"m": "m", "bn": "bn"}.get(unit.group(1).lower(), "k") if unit else ""


def aligned(heading: str, row: str, unit: str = "") -> str | None:
    """A row of figures under a heading line of years, read as a table row: "Number of children
    adopted 28 40 52" under "… 2011/12 2012/13 2013/14" -> "Number of children adopted — 2011/12:
    28; 2012/13: 40; 2013/14: 52". The years are the table's last columns, so a row with more
    figures than years ("Total Cost", "Prior Years" first) gives them its last figures. None unless
    the row holds a run of figures for every year."""
    years = year_columns(heading)
    if not years:
        return None
    words = row.split()
    run_start = run_end = None
    for i, word in enumerate(words + [""]):
        if word and _CELL.fullmatch(word):
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None and i - run_start >= len(years):
            run_end = i
            break
        run_start = None
    if run_end is None:
        return None
    values = words[run_end - len(years):run_end]
    if unit:  # the sums are in £000s: "105,761" is £105,761k
        values = [_with_unit(v, unit) for v in values]
    label = _ROW_REF.sub("", " ".join(words[:run_start])).strip(" :–-")
    label = label or heading[:heading.find(years[0])].strip()
    cells = "; ".join(f"{y}: {v}" for y, v in zip(years, values))
    return f"{label} — {cells}" if label else None


def _with_unit(value: str, unit: str) -> str:
    if not _PLAIN_FIGURE.fullmatch(value):
        return value
    sign, value = ("-", value[1:]) if value.startswith("-") else ("", value)
    return f"{sign}£{value}{unit}"


_ROW_REF = re.compile(r"^\d{1,3}\s+(?=[A-Za-z])")  # "2 Children, Young People & Education": the row's number


@dataclass(frozen=True)
class Heading:
    """The last line of words above a run of figure rows."""

    position: int
    text: str
    tokens: set[str]  # its tokens and the line's before it
    above: str  # the line before it: often the table's title ("Library Performance 2018-2019")


class Grid:
    """Follows the lines of one passage in order, remembering what a row of bare figures sits
    under: the words above it, and the last line of year columns and the unit its sums are in."""

    def __init__(self) -> None:
        self.heading: Heading | None = None
        self.previous = ""
        self.years: str | None = None  # "2025-26 2026-27 2027-28 2028-29"
        self.money = ""  # "£000s £000s …" under it: "k"

    def read(self, position: int, line: str, tokens: set[str], text: bool) -> tuple[Heading | None, str | None]:
        """(the heading a row of figures sits under, the row read as a table row) for the next line;
        (None, None) for a line of words. `text`: the passage is running text, not a parsed table."""
        years_here = year_columns(line)
        row = text and row_like(line) and not years_here
        heading = self.heading if row and self.heading and self.heading.position < position else None
        if not row:
            self.heading = Heading(position, line, tokens, self.previous)
        if years_here:
            self.years, self.money = line, money_unit(line) or money_unit(self.previous)
        elif not row and (len(line) > 100 or line.endswith(".")):
            self.years = None  # running text: the table above has ended
        elif self.years:
            self.money = self.money or money_unit(line)
        self.previous = line
        return heading, (aligned(self.years, line, self.money) if row and self.years else None)


def render(unit: str, q: Query) -> str:
    """A table row is quoted with the column the question asks about first
    ("Children Services Agency Spend in 2014/15 — Actual: £8.3 m"), and a column that names its
    unit ("£'m", "£000s") puts it on the figure ("Kent: £1.9m"); sentences as they stand."""
    return focus(with_units(unit), q)


def row_label(unit: str) -> str:
    """The row label of a table row read with its headings ("Title — Total — 2024: 5" -> "Total")."""
    parts = unit.split(" — ")
    return parts[-2] if len(parts) >= 3 else (parts[0] if len(parts) == 2 else "")


def with_units(unit: str) -> str:
    """A table row whose columns name their unit, with the unit put on each figure."""
    if " — " not in unit or ": " not in unit:
        return unit
    head, _, values = unit.rpartition(" — ")
    return f"{head} — {_cells_with_units(values)}"


def focus(unit: str, q: Query) -> str:
    """A table row cut to the one column of the year the question names, that column first."""
    if " — " not in unit or ": " not in unit:
        return unit
    head, _, values = unit.rpartition(" — ")
    cells = [v.strip() for v in values.split(";")]
    q_fy, q_cal = q.fys, q.calendar
    if not q_fy and not q_cal:
        return unit

    def names_year(column: str) -> bool:
        c_fy, c_cal = named_years(column)
        return bool(q_fy & c_fy) if q_fy else bool(q_cal & c_cal)

    wanted = [c for c in cells if ":" in c and names_year(c.split(":", 1)[0])]
    if len(wanted) > 1:  # "Sep-24" and "Dec-24" both name 2024: the month asked for decides
        months = q.months
        wanted = [c for c in wanted if set(_MONTH.findall(fold_numbers(c.split(":", 1)[0]))) & set(months)] or wanted
    if len(wanted) != 1:
        return unit
    column, value = (x.strip() for x in wanted[0].split(":", 1))
    title, sep, label = head.rpartition(" — ")
    return f"{title} {column} — {label}: {value}" if sep else f"{head} {column}: {value}"


def one_cell(q: Query, shown: str) -> str | None:
    """A table row as quoted, cut to the one cell whose column label shares most of the question's
    words ("… — Approved Households: 147; Vacant places: 42" asked about vacant places); the quote
    itself when it is not a row of several cells; None when no one column is meant."""
    if q.kind != "figure" or " — " not in shown:
        return shown
    head, _, values = shown.rpartition(" — ")
    cells = [c for c in values.split("; ") if ": " in c]
    if len(cells) < 2:
        return shown
    terms = set(q.terms)
    scored = [(len(terms & set(tokens(c.split(": ", 1)[0]))), c) for c in cells]
    best = max(n for n, _ in scored)
    chosen = [c for n, c in scored if n == best]
    return f"{head} — {chosen[0]}" if best and len(chosen) == 1 else None
