"""Tables as records (`Table`, `Row`: read from ruling lines by `grid.py`), and the layout-text reader for the rest.

pypdf's layout mode keeps horizontal positions, so a table's cells stand apart by runs of
spaces. A row is rendered as "Title — Row label — 2014/15: £8.3 m; 2015/16 to date: £3.8 m" so its
figures never lose the year or heading they belong to.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

_CELL = re.compile(r"\S+(?: {1,2}\S+)*")
_NUMERIC = re.compile(r"^[-–(£$€<>≤≥]*\s*[-–(]?\d[\d,. ]*(?:%|[km]|bn|m\)|\))?\)?$|^[-–]$|^n/?a$|^nil$|^\(?\d[\d,.]*\)?%?$", re.I)
_YEARISH = re.compile(r"^(?:19|20)\d\d(?:[-/]\d{2,4})?\b|^q[1-4]\b|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b", re.I)


# a figure among a line's words: "1,073.88", "-£218,780", "(24.8%)"; not part of a word, date or code
_TABULAR_TOKEN = re.compile(r"(?<![\w/.-])[-+(£]*\d[\d,]*(?:\.\d+)?(?:%|m|k)?\)?(?![\w/])")
_NUMBER = re.compile(r"^\(?[-–+]?\s?[£$€]?\s?[-–+]?(\d[\d,]*(?:\.\d+)?)\s?(%|m|k|bn|p)?\)?$")
_COUNTED = re.compile(r"^(\d[\d,]*)\s+[a-z]+$")
TABULAR_LINES = 3  # lines of figures a page needs before its geometry is read (flags about a fifth of pages)


@dataclass(frozen=True)
class Row:
    """One body row: its label, the group heading above it, its cells (one per column after the label)."""

    label: str
    group: str | None
    cells: tuple[str, ...]
    is_total: bool
    page: int
    page_end: int | None = None  # the page a row broken by the page's end finishes on (None: its own page)

    @property
    def last_page(self) -> int:
        return self.page_end or self.page


@dataclass(frozen=True)
class Table:
    """A ruled table: caption and number, the sentence before it, joined column labels, unit, rows, pages."""

    caption: str
    number: str | None  # "6.2" of "Table 6.2 – …"
    intro: str  # the text just above the table (what introduces it)
    columns: tuple[str, ...]  # the label column's heading first, then one per cell of a row
    units: str | None  # "£p", "£000s", "£m"
    rows: tuple[Row, ...]
    first_page: int
    last_page: int
    column_units: tuple[str | None, ...] = ()  # the unit over or under each column (None: not printed)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        rows = tuple(Row(r["label"], r.get("group"), tuple(r["cells"]), bool(r.get("is_total")), int(r["page"]),
                         r.get("page_end"))
                     for r in data.get("rows", ()))
        return cls(data.get("caption", ""), data.get("number"), data.get("intro", ""), tuple(data.get("columns", ())),
                   data.get("units"), rows, int(data["first_page"]), int(data["last_page"]),
                   tuple(data.get("column_units") or ()))

    def label(self, row: Row) -> str:
        """The row's label with its group ("Core Libraries › Central"), as a reader names it."""
        return " › ".join(x for x in (row.group, row.label) if x)

    def heading(self, k: int) -> str:
        """Column k (0 = the first cell after the label) by its label, with the unit when the label has none."""
        name = self.columns[k + 1] if k + 1 < len(self.columns) else ""
        return name or f"column {k + 1}"

    def unit(self, k: int) -> str | None:
        """The unit of column k (0 = the first cell after the label): its own, else the table's when it has no
        column units at all."""
        if any(self.column_units):
            return self.column_units[k + 1] if k + 1 < len(self.column_units) else None
        return self.units


_SHORT_SPAN = re.compile(r"^(\d\d)\s*[-–/]\s*(\d\d)(?=\s|$)")


def full_years(label: str) -> str:
    """A column headed by a short financial year ("24-25", "24/25") headed in full ("2024-25"), so it
    meets a question's "2024-25"; a span of numbers that is not one year ("16-19") is left as printed."""
    m = _SHORT_SPAN.match(label or "")
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        return label
    return f"20{m.group(1)}-{m.group(2)}{label[m.end():]}"


def value(cell: str) -> float | None:
    """A cell's figure ("-£218,780" -> -218780.0, "(24.8%)" -> 24.8); None for text or blanks."""
    counted = _COUNTED.match(cell.strip())  # "65 children": a count with its noun
    s = (counted.group(1) if counted else cell.strip()).replace(" ", "")
    m = _NUMBER.match(s)
    if not m:
        return None
    v = float(m.group(1).replace(",", ""))
    negative = s.startswith(("-", "–")) or "£-" in s or "£–" in s or (s.startswith("(") and s.endswith(")") and "%" not in s)
    return -v if negative else v


def looks_tabular(page_text: str) -> bool:
    """True when TABULAR_LINES lines of pypdf text are each two or more figures, at least half their words."""
    hits = (len(n) >= 2 and len(line) < 200 and 2 * len(n) >= len(line.split())
            for line in page_text.splitlines() for n in [_TABULAR_TOKEN.findall(line)])
    return sum(hits) >= TABULAR_LINES


@dataclass(frozen=True)
class LayoutTable:
    """A table read from layout text (unruled tables): title, headings and rows already rendered."""

    title: str
    header: tuple[str, ...]
    lines: tuple[str, ...]  # the raw header and row lines, spaces collapsed
    rows: tuple[str, ...]  # each row with its title and column headings
    first_line: int  # line index in the layout text where the table starts
    last_line: int
    head_lines: tuple[str, ...] = ()  # the raw header lines, spaces collapsed
    raw_rows: tuple[str, ...] = ()  # the raw line(s) of each row in `rows`, spaces collapsed


def cells(line: str) -> list[tuple[int, int, str]]:
    """Split a layout line at runs of 3+ spaces: (start, end, text) per cell."""
    return [(m.start(), m.end(), m.group(0)) for m in _CELL.finditer(line)]


def _numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell.replace(" ", "")) or _NUMERIC.match(cell))


def _is_row(cs: list[tuple[int, int, str]]) -> bool:
    if len(cs) < 2:
        return False
    values = [c[2] for c in cs[1:]]
    return sum(_numeric(v) for v in values) >= max(1, (len(values) + 1) // 2)


def _is_header(cs: list[tuple[int, int, str]]) -> bool:
    if len(cs) < 2:
        return False
    labels = [c[2] for c in cs]
    return sum(not _numeric(x) or bool(_YEARISH.match(x)) for x in labels) >= len(labels) - 1 and \
        all(len(x) <= 80 for x in labels)


def _collapse(line: str) -> str:
    return " ".join(line.split())


def find_tables(layout: str) -> list[LayoutTable]:
    """Every block of two or more figure rows in a page's layout text."""
    lines = layout.splitlines()
    split = [cells(l) for l in lines]
    tables, i = [], 0
    while i < len(lines):
        if not _is_row(split[i]):
            i += 1
            continue
        j = i
        rows = []
        while j < len(lines) and (_is_row(split[j]) or (not lines[j].strip() and j + 1 < len(lines) and _is_row(split[j + 1]))
                                  or (rows and _wrapped_label(split[j], split[i]))):
            if lines[j].strip():
                rows.append(j)
            j += 1
        if len([r for r in rows if _is_row(split[r])]) >= 2:
            found = _build(lines, split, i, rows)
            if not is_contents(found.title, found.header, [lines[r] for r in rows]):
                tables.append(found)
        i = max(j, i + 1)
    return tables


_CONTENTS_TITLE = re.compile(r"^\s*(?:table of\s+)?contents\b|^\s*index\s*$", re.I)
_ENTRY = re.compile(r"(\d{1,3})\s*$")
_FIGURE = re.compile(r"(?<![\w.,])[-+(£]?\d[\d,.]*%?\)?(?![\w])")
CONTENTS_ROWS = 6  # entries before a headerless list is taken for a contents page
CONTENTS_SHARE = 0.8  # of its rows that are entries (plain page numbers only), each no lower than the one before


def is_contents(title: str, header: tuple[str, ...], row_lines: list[str]) -> bool:
    """A contents list (entries ending in the page they start on) looks like a table but holds no data."""
    if _CONTENTS_TITLE.match(title or ""):
        return True
    if header:
        return False  # a table with column headings is data, whatever its figures
    ends = []
    for line in row_lines:
        figures = [f.rstrip(".") for f in _FIGURE.findall(line)]  # "6." numbers an item
        m = _ENTRY.search(line.rstrip())
        # an entry holds at most an item number and page numbers, all plain integers: no sums, no decimals
        if m and len(figures) <= 3 and all(f.isdigit() and len(f) <= 3 for f in figures):
            ends.append(int(m.group(1)))
    if len(ends) < CONTENTS_ROWS or len(ends) < CONTENTS_SHARE * len(row_lines):
        return False
    rising = sum(b >= a for a, b in zip(ends, ends[1:]))
    return rising >= CONTENTS_SHARE * (len(ends) - 1)


def _wrapped_label(cs: list[tuple[int, int, str]], first_row: list[tuple[int, int, str]]) -> bool:
    """A label-only line inside a table (a long row label wrapped onto a second line)."""
    return len(cs) == 1 and cs[0][0] <= first_row[0][0] + 2 and len(cs[0][2]) < 60


def _build(lines: list[str], split: list, start: int, rows: list[int]) -> LayoutTable:
    header_idx = []
    k = start - 1
    while k >= 0 and len(header_idx) < 3:
        if not lines[k].strip():
            if header_idx:
                break
            k -= 1
            continue
        if _is_header(split[k]) and not _is_row(split[k]):
            header_idx.insert(0, k)
            k -= 1
            continue
        break
    title = ""
    t = (header_idx[0] if header_idx else start) - 1
    while t >= 0 and not lines[t].strip() and t > start - 4:
        t -= 1
    if t >= 0 and _heading_like(lines[t]) and not _is_row(split[t]):
        title = _collapse(lines[t])
    elif t > 0 and lines[t].strip()[:1].islower() and _heading_like(lines[t - 1] + " " + lines[t], 200) \
            and not _is_row(split[t]) and not _is_row(split[t - 1]):
        title = _collapse(lines[t - 1] + " " + lines[t])  # a title wrapped onto a second line
    columns = _columns([split[h] for h in header_idx])
    if columns and columns[0][0] <= split[start][0][0] + 2 and not _YEARISH.match(columns[0][2]):
        # the first heading names the label column ("Children Services Agency Spend in", "Service")
        title = " — ".join(x for x in (title, columns[0][2]) if x)
        columns = columns[1:]
    header = tuple(c[2] for c in columns)
    rendered, raw_rows = [], []
    label_prefix, prefix_lines = "", []
    for r in rows:
        cs = split[r]
        if len(cs) == 1 and not _is_row(cs):
            label_prefix = " ".join(x for x in (label_prefix, cs[0][2]) if x)
            prefix_lines.append(_collapse(lines[r]))
            continue
        rendered.append(_render(title, cs, columns, label_prefix))
        raw_rows.append("\n".join(prefix_lines + [_collapse(lines[r])]))
        label_prefix, prefix_lines = "", []
    raw = tuple(_collapse(lines[x]) for x in header_idx + rows)
    first = header_idx[0] if header_idx else start
    return LayoutTable(title=title, header=header, lines=raw, rows=tuple(rendered), first_line=first, last_line=rows[-1],
                 head_lines=tuple(_collapse(lines[x]) for x in header_idx), raw_rows=tuple(raw_rows))


def _heading_like(line: str, longest: int = 90) -> bool:
    """A table's title: short, no sentence end, opening with a capital or a year ("2011/2012 Emergency …")."""
    text = _collapse(line)
    return 0 < len(text) <= longest and not text.endswith((".", ",", ";")) and (
        text[:1].isupper() or re.match(r"(?:19|20)\d\d\b", text) is not None)


def _columns(header_lines: list[list[tuple[int, int, str]]]) -> list[tuple[int, int, str]]:
    """Merge up to three header lines into one list of (start, end, label) columns."""
    if not header_lines:
        return []
    cols = [list(c) for c in max(header_lines, key=len)]
    for line in header_lines:
        if line is max(header_lines, key=len):
            continue
        for s, e, text in line:
            best = min(cols, key=lambda c: abs((c[0] + c[1]) / 2 - (s + e) / 2))
            if best[2] != text:
                best[2] = f"{text} {best[2]}" if s <= best[0] or line is header_lines[0] else f"{best[2]} {text}"
    return [(c[0], c[1], " ".join(c[2].split())) for c in cols]


def _render(title: str, cs: list[tuple[int, int, str]], columns: list[tuple[int, int, str]], prefix: str) -> str:
    label = " ".join(x for x in (prefix, cs[0][2]) if x)
    values = cs[1:]
    parts = []
    value_cols = columns
    for n, (s, e, text) in enumerate(values):
        name = ""
        if len(value_cols) == len(values):
            name = value_cols[n][2]
        elif value_cols:
            centre = (s + e) / 2
            best = min(value_cols, key=lambda c: min(abs(c[1] - e), abs((c[0] + c[1]) / 2 - centre)))
            name = best[2]
        parts.append(f"{name}: {text}" if name else text)
    head = " — ".join(x for x in (title, label) if x)
    return f"{head} — {'; '.join(parts)}" if head else "; ".join(parts)
