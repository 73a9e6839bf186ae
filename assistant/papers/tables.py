"""Tables as records (`Table`, `Row`: read from ruling lines by `grid.py`), and the layout-text reader for the rest.

pypdf's layout mode keeps horizontal positions, so a table's cells stand apart by runs of
spaces. A row is rendered as "Title — Row label — 2014/15: £8.3 m; 2015/16 to date: £3.8 m" so its
figures never lose the year or heading they belong to.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .wrapped import continues, share

_CELL = re.compile(r"\S+(?: {1,2}\S+)*")
_NUMERIC = re.compile(r"^[-–(£$€<>≤≥]*\s*[-–(]?\d[\d,. ]*(?:%|[km]|bn|m\)|\))?\)?$|^[-–]$|^n/?a$|^nil$|^\(?\d[\d,.]*\)?%?$", re.I)
# a ruled table's cell that is a figure ("1,073.88", "-£2m", "–", "n/a"), and one that is a year or month heading
FIGURE_CELL = re.compile(r"^[-+–(]?[£$€]?[-+–]?\d[\d,]*(\.\d+)?\s?(%|m|k|bn|p)?\)?$|^[-–]$|^n/?a$|^nil$", re.I)
YEAR_CELL = re.compile(r"^(19|20)\d\d([-/]\d\d(\d\d)?)?$|^[A-Z][a-z]{2,4}\s?-\s?\d\d$")
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
    cells: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each row's label and its cell under each heading
    # read by the rules for unruled grids (rows wrapping round their figures, a heading standing alone): only
    # these are looked up cell by cell; the other layout readings, looked up, answered three Coventry tune
    # questions worse than quoting them (a row named only through a synonym of the caption's word)
    gridded: bool = False

    def record(self, page: int) -> Table | None:
        """The table as a `Table` record (one page), so a cell is looked up as in a ruled table; None when
        its rows' cells were not read."""
        if not self.gridded or not self.cells or len(self.cells) != len(self.rows):
            return None
        width = max(len(self.header), max(len(c) for _, c in self.cells))
        rows = tuple(Row(label, None, tuple(cs) + ("",) * (width - len(cs)), bool(_TOTAL.match(label)), page)
                     for label, cs in self.cells)
        columns = ("",) + self.header + ("",) * (width - len(self.header))
        return Table(self.title, None, "", columns, None, rows, page, page)


_TOTAL = re.compile(r"^(?:grand\s+|sub[-\s]?)?totals?\b", re.I)  # a row that sums the ones above it


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


TEXT_CELL = 20  # a last cell of at least this many characters after a row's figures is a text column (a sentence)
TEXT_WORDS = 25  # a rendered row keeps this many words of its text column (about two printed lines)
HEAD_LINES = 4  # heading lines read above a table's first row ("Individual / Maintained / School Reserves")
_UNITS = re.compile(r"^\(?(?:all\s+)?figures\s+(?:are\s+)?(?:in|shown in)\b.{0,12}$", re.I)


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
        span = _text_column(split[i])  # a row's words wrap round its figures only when a text column follows them
        top = i
        while span and top > 0 and lines[top - 1].strip() and continues(split[top - 1], span):
            top -= 1
        rows.extend(range(top, i))
        while j < len(lines) and (_is_row(split[j]) or (not lines[j].strip() and j + 1 < len(lines) and _is_row(split[j + 1]))
                                  or (rows and _wrapped_label(split[j], split[i]))
                                  or (span and lines[j].strip() and continues(split[j], span))):
            if lines[j].strip():
                rows.append(j)
            j += 1
        if len([r for r in rows if _is_row(split[r])]) >= 2:
            found = _build(lines, split, i, rows, span)
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


def _text_column(cs: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The span of a row's figure cells when words follow them in a last, text column ("Details of key
    movements"), else None."""
    figures = [c for c in cs[1:] if _numeric(c[2])]
    if not figures or _numeric(cs[-1][2]) or cs[-1][0] <= figures[-1][1] or len(cs[-1][2]) < TEXT_CELL:
        return None
    return figures[0][0], figures[-1][1]


def _wrapped_label(cs: list[tuple[int, int, str]], first_row: list[tuple[int, int, str]]) -> bool:
    """A label-only line inside a table (a long row label wrapped onto a second line)."""
    return len(cs) == 1 and cs[0][0] <= first_row[0][0] + 2 and len(cs[0][2]) < 60


def _build(lines: list[str], split: list, start: int, rows: list[int],
           span: tuple[int, int] | None = None) -> LayoutTable:
    header_idx, alone = [], False
    k = min(rows) - 1
    label_end = split[start][0][1]  # a heading standing alone over the figures still heads their column
    while k >= 0 and len(header_idx) < HEAD_LINES:
        if not lines[k].strip():
            if header_idx:
                break
            k -= 1
            continue
        if _UNITS.match(lines[k].strip()):
            break  # "All figures in £m" sits over the headings: the table's unit, not a column's words
        if (_is_header(split[k]) or (len(split[k]) == 1 and split[k][0][0] > label_end)) and not _is_row(split[k]):
            alone = alone or not _is_header(split[k])
            header_idx.insert(0, k)
            k -= 1
            continue
        break
    title = ""
    t = (header_idx[0] if header_idx else start) - 1
    top = t
    while t >= 0 and (not lines[t].strip() or _UNITS.match(lines[t].strip())) and t > top - 3:
        t -= 1
    if t >= 0 and _heading_like(lines[t]) and not _is_row(split[t]):
        title = _collapse(lines[t])
    elif t > 0 and lines[t].strip()[:1].islower() and _heading_like(lines[t - 1] + " " + lines[t], 200) \
            and not _is_row(split[t]) and not _is_row(split[t - 1]):
        title = _collapse(lines[t - 1] + " " + lines[t])  # a title wrapped onto a second line
    columns = _columns([split[h] for h in header_idx])
    label_heading = columns and (columns[0][0] <= split[start][0][0] + 2 or (
        span is not None and len(columns) == len(split[start]) and columns[0][1] < span[0]))  # a right-aligned label column
    if label_heading and not _YEARISH.match(columns[0][2]):
        # the first heading names the label column ("Children Services Agency Spend in", "Service")
        title = " — ".join(x for x in (title, columns[0][2]) if x)
        columns = columns[1:]
    header = tuple(c[2] for c in columns)
    rendered, raw_rows = [], []
    if span is not None:
        rendered, raw_rows, placed = _wrapped_rows(lines, split, rows, span, title, columns)
    else:
        placed = []
    label_prefix, prefix_lines = "", []
    for r in (rows if span is None else ()):
        cs = split[r]
        if len(cs) == 1 and not _is_row(cs):
            label_prefix = " ".join(x for x in (label_prefix, cs[0][2]) if x)
            prefix_lines.append(_collapse(lines[r]))
            continue
        rendered.append(_render(title, cs, columns, label_prefix))
        placed.append(_placed(cs, columns, label_prefix))
        raw_rows.append("\n".join(prefix_lines + [_collapse(lines[r])]))
        label_prefix, prefix_lines = "", []
    raw = tuple(_collapse(lines[x]) for x in header_idx + rows)
    first = header_idx[0] if header_idx else start
    return LayoutTable(title=title, header=header, lines=raw, rows=tuple(rendered), first_line=first, last_line=rows[-1],
                 head_lines=tuple(_collapse(lines[x]) for x in header_idx), raw_rows=tuple(raw_rows), cells=tuple(placed),
                 gridded=bool(header_idx) and (span is not None or alone))


def _wrapped_rows(lines: list[str], split: list, rows: list[int], span: tuple[int, int], title: str,
                  columns: list[tuple[int, int, str]]) -> tuple[list[str], list[str], list]:
    """Rows whose label and text cells wrap round their figures (`wrapped.py`): rendered, as printed, placed."""
    figs = [r for r in rows if _is_row(split[r])]
    left = {r: " ".join(c[2] for c in split[r] if c[1] < span[0]) for r in rows}
    right = {r: " ".join(c[2] for c in split[r] if c[0] > span[1]) for r in rows}
    labels, heads = share({r: t for r, t in left.items() if t}, figs)
    texts, _ = share({r: t for r, t in right.items() if t}, figs)
    rendered, raw_rows, placed, before = [], [], [], -1
    for r in figs:
        mid = [c for c in split[r] if not (c[1] < span[0] or c[0] > span[1])]
        text = [(span[1] + 1, span[1] + 1 + len(texts[r]), texts[r])] if texts.get(r) else []
        words = texts.get(r, "").split()
        # the row as read and quoted keeps the opening of a long description (a quote is not a page of text);
        # the Table record keeps all of it
        short = [(*text[0][:2], " ".join(words[:TEXT_WORDS]) + " …")] if len(words) > TEXT_WORDS else text
        label = labels.get(r, "")
        prefix = " ".join(t for at, t in heads if before < at < r)  # a group heading over this row
        rendered.append(_render(title, [(0, 0, label)] + mid + short, columns, prefix))
        placed.append(_placed([(0, 0, label)] + mid + text, columns, prefix))
        raw_rows.append(" ".join(x for x in [label] + [c[2] for c in mid] if x))
        before = r
    return rendered, raw_rows, placed


def _heading_like(line: str, longest: int = 90) -> bool:
    """A table's title: short, no sentence end, opening with a capital or a year ("2011/2012 Emergency …")."""
    text = _collapse(line)
    return 0 < len(text) <= longest and not text.endswith((".", ",", ";")) and (
        text[:1].isupper() or re.match(r"(?:19|20)\d\d\b", text) is not None)


def _columns(header_lines: list[list[tuple[int, int, str]]]) -> list[tuple[int, int, str]]:
    """Merge up to three header lines into one list of (start, end, label) columns."""
    if not header_lines:
        return []
    base = max(range(len(header_lines)), key=lambda n: len(header_lines[n]))
    cols = [list(c) for c in header_lines[base]]
    for n, line in enumerate(header_lines):
        if n == base:
            continue
        for s, e, text in line:
            best = min(cols, key=lambda c: abs((c[0] + c[1]) / 2 - (s + e) / 2))
            if best[2] != text:  # a line above the widest one opens its labels, a line below ends them
                best[2] = f"{text} {best[2]}" if n < base else f"{best[2]} {text}"
    return [(c[0], c[1], " ".join(c[2].split())) for c in cols]


def _column_of(values: list[tuple[int, int, str]], n: int, columns: list[tuple[int, int, str]]) -> int | None:
    """The heading a row's n-th cell stands under: in order when the counts agree, else the nearest."""
    if len(columns) == len(values):
        return n
    if not columns:
        return None
    s, e, _ = values[n]
    centre = (s + e) / 2
    return min(range(len(columns)), key=lambda k: min(abs(columns[k][1] - e), abs((columns[k][0] + columns[k][1]) / 2 - centre)))


def _placed(cs: list[tuple[int, int, str]], columns: list[tuple[int, int, str]], prefix: str) -> tuple[str, tuple[str, ...]]:
    """A row's label and its cells, one under each heading (in order when the table has no headings)."""
    label = " ".join(x for x in (prefix, cs[0][2]) if x)
    values = cs[1:]
    out = [""] * (len(columns) if columns else len(values))
    for n, (_, _, text) in enumerate(values):
        k = _column_of(values, n, columns)
        k = n if k is None else k
        out[k] = f"{out[k]} {text}".strip()
    return label, tuple(out)


def _render(title: str, cs: list[tuple[int, int, str]], columns: list[tuple[int, int, str]], prefix: str) -> str:
    label = " ".join(x for x in (prefix, cs[0][2]) if x)
    values = cs[1:]
    parts = []
    for n, (_, _, text) in enumerate(values):
        k = _column_of(values, n, columns)
        name = columns[k][2] if k is not None else ""
        parts.append(f"{name}: {text}" if name else text)
    head = " — ".join(x for x in (title, label) if x)
    return f"{head} — {'; '.join(parts)}" if head else "; ".join(parts)
