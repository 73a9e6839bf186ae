"""A table's cells read for a question: the words each row and column holds, each cell's score, and the cell quoted.

A row is named by its label, its group and its short text cells ("Call Account — Lloyds Bank plc"), read
through the thesaurus and the abbreviations the passage defines, a short code ("CV6") as the question writes
it; a column by its label's period and measure words. Each filled cell scores the share of the question its
row and column hold, with the table's caption around them, and the year asked (a cell of another year is no
candidate). `lookup.py` chooses among them; `table_answer` quotes the chosen row as printed, marked as read
from a table.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from ..papers.tables import Row, Table, full_years, value
from ..records import Answer, Citation, Passage
from ..text.normalise import named_years, tokens, year_matches
from ..text.synonyms import held
from .measure import holds_measure, measure_used
from .query import Query
from .tablemath import spend_variance

PASSAGES_READ = 6  # tables are looked for in this many of the best passages
TABLES_READ = 20  # and a table's own chunks (kind "table") in this many
_ROW_FIELD = re.compile(r', "row": (?:\d+|null)')  # which row a table chunk is (`tablechunks.table_json`)
RANK_PENALTY = 0.03  # a table from a lower-ranked passage scores this much less per rank
NAME_WORDS = 10  # a text cell this short names its row (a project); a longer one describes it ("Planned and …")
CODE_CHARS = 4  # a row label this short is a code ("A", "CV6"), matched as the question writes it
CODE_WEIGHT = 3.0  # weight of a row's code written in the question (about a rare word's idf)
CHANGE_WEIGHT = 2.0  # a question about a rise or fall meeting a column of changes ("Increase", "% change")
PAIR_WEIGHT = 0.5  # weight of two question words found side by side in a label (as a share, against idf weights)
PREFIX = 5  # a question word and a label word this long that begin alike are the same word ("member", "membership")
YEAR_BONUS = 0.3  # the cell's row or column names the year asked about
YEAR_UNSAID = 0.1  # neither the cell's headings nor the table's caption name a year
MORE = re.compile(r"\b(?:how much more|how much less|grew|grow|rise|rose|increase[sd]?|(?:went|gone|go) (?:up|down)|fell|fall|drop(?:ped)?)\b", re.I)
CHANGE_COLUMN = re.compile(r"^(?:%\s*)?(?:increase|decrease|change|difference|variation|variance|movement|growth)\b|"
                            r"\b(?:change|difference|variation|variance)\b", re.I)
_INCLUDING = re.compile(r"\b(?:including|includes|include)\s+(?:the\s+)?([\w&' -]+)", re.I)  # a part of the total asked
_MONEY_UNIT = re.compile(r"£\s*['’]?\s*(m|bn|k|000s?)\b", re.I)
_RATE = re.compile(r"%|\b(?:percent(?:age)?|rate|ratio|proportion|share)\b", re.I)
RATE_UNASKED = 0.2  # "how much was invested": a percentage cell scores this much less than the row's sums
_MARK = re.compile(r"\s*(?:\[\d{1,2}\]|\(\d\))")  # a footnote mark after a project's name: "… Programme [1][2]"
_OPERATOR_WORDS = frozenset(tokens("highest largest biggest greatest most top lowest smallest fewest least which "
                                   "change difference increase decrease grow grew fall fell rise rose gone went much many"))


@dataclass(frozen=True)
class Found:
    """A table read from one of the passages."""

    table: Table
    lines: tuple[str, ...]  # each row as the page prints it
    passage: int  # the best-ranked passage holding it


def tables_in(passages: list[Passage]) -> list[Found]:
    """The ruled tables behind the best passages, each once, in passage order; further down the list, the
    tables whose own chunks rank there."""
    out: dict[tuple, Found] = {}
    seen: set[tuple[str, str]] = set()
    for i, p in enumerate(passages[:TABLES_READ]):
        if not p.chunk.table or i >= PASSAGES_READ and p.chunk.kind != "table":
            continue
        same = (p.chunk.source, _ROW_FIELD.sub("", p.chunk.table, count=1))  # a table's chunks differ in their row
        if same in seen:
            continue  # read already: not parsed again
        seen.add(same)
        data = json.loads(p.chunk.table)
        t = Table.from_json(data)
        key = (p.chunk.source, t.caption, t.first_page, t.columns)
        if key not in out:
            out[key] = Found(t, tuple(data.get("lines") or ()), i)
    return list(out.values())


def _toks(text: str) -> set[str]:
    """Tokens of a label, with adjacent words also joined ("Tax base" meets "Taxbase")."""
    words = re.findall(r"[A-Za-z]+", text)
    return set(tokens(text)) | {t for a, b in zip(words, words[1:]) for t in tokens(a + b)}


def _names_row(cell: str) -> bool:
    """A short text cell, which names its row ("Lloyds Bank plc", "LGIM GBP Liquidity Class 4", "A229 Bluebell Hill
    M2 & M20 Interchange Upgrades"), not a figure, a date or a count with its noun ("2863 children"). What a
    bracket adds ("Children & Family Assessment Timeliness (45 working days)") is not counted."""
    words = (re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", cell) if re.search(r"[A-Za-z]{3}.*[(\[]", cell) else cell).split()
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
class Cell:
    score: float
    row: int
    col: int  # index into row.cells
    row_hit: float = 0.0  # the share of the question its row's label holds
    row_words: frozenset[str] = frozenset()  # the question words its row's label holds
    col_words: frozenset[str] = frozenset()  # the question words its column's label holds
    col_cover: float = 0.0  # the share of the question its column's label and the table's caption hold


def _reading(q: Query, f: Found, aliases: dict[str, set[str]], section: str = "") -> tuple[
        dict[str, float], list[set[str]], list[set[str]], set[str], set[str], dict[tuple[int, int], set[str]]]:
    """The question's content words and weights, and the tokens of each row label, column label, the caption
    with the text around it and the numbered heading it sits under (`section`), and the numbered caption alone; and
    the tokens of the name a figure has of its own in its row (`_own_name`), by (row, column)."""
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
    rows = [read(row_name(t, r)) for r in t.rows]
    beside: dict[tuple[int, int], set[str]] = {}
    for r, got in zip(t.rows, rows):
        if 0 < len(r.label) <= CODE_CHARS and re.search(rf"(?<=\s){re.escape(r.label)}(?![\w-])", _INCLUDING.sub("", q.text)):
            got.add(f"code {r.label}")
            qw[f"code {r.label}"] = CODE_WEIGHT
    # two tables printed side by side in one grid ("Care Trust £ 40,881 | CDOP | £ 26,300"): a figure after
    # a figure and then a name of its own is that name's, not the row label's
    for i, r in enumerate(t.rows):
        for k, c in enumerate(r.cells):
            j = _own_name(r.cells, k) if _named(r.label) else None
            if j is not None:
                beside[(i, k)] = read(r.cells[j])
    cols = [read(full_years(c)) for c in t.columns[1:]]
    if MORE.search(q.text) or spend_variance(q):  # "grew the most", "the biggest underspend": a column of changes
        qw["change asked"] = CHANGE_WEIGHT
        for c, got in zip(t.columns[1:], cols):
            if CHANGE_COLUMN.search(c):
                got.add("change asked")
    ctx = read(" ".join((t.caption, t.intro[-200:], t.columns[0] if t.columns else "", t.units or "", section)))
    # a table whose columns are only periods says what it measures in its caption ("Average cost of pupils"):
    # a numbered caption, not a paragraph standing above the table
    captioned = read(f"{t.caption} {t.units or ''}") if t.number else set()
    return qw, rows, cols, ctx, captioned, beside


def numbered_heading(section: str) -> str:
    """The last numbered heading among a chunk's headings ("8. Interagency Training Statistics …"): the part of
    the paper a table sits in. A heading of no number may be a page's last line of prose or a chart's title."""
    return next((h for h in reversed(section.split(" › ")) if _NUMBERED.match(h)), "")


_NUMBERED = re.compile(r"^\d{1,3}\.?\s+[A-Z]")


def _named(label: str) -> bool:
    """A row label that is a name ("Probation"), not a reference number ("67") whose name is a cell."""
    return re.search(r"[A-Za-z]{2}", label) is not None


def row_name(t: Table, row: Row) -> str:
    """What names a row: its label (with its group) and the text cells that name it (`_row_names`)."""
    return " ".join([t.label(row)] + _row_names(row))


def _row_names(row: Row) -> list[str]:
    """The text cells naming a row: a row known by a reference number is named by its text cells ("67 |
    429,934.0 | Total - Children, Young People & Education | …"); a row with a name of its own by those
    before its first figure, as a name after a figure names the figures after it (`_own_name`)."""
    out = []
    for c in map(_unmarked, row.cells):
        if c and value(c) is not None and _named(row.label):
            break
        if _names_row(c):
            out.append(c)
    return out


def _own_name(cells: tuple[str, ...], k: int) -> int | None:
    """The cell naming figure k when a figure and then a name stand between it and the row's label."""
    if not cells[k] or value(cells[k]) is None:
        return None
    for j in range(k - 1, 0, -1):
        if cells[j] and value(cells[j]) is None and _names_row(cells[j]) and not re.search(r"\d", cells[j]):
            return j if any(re.search(r"\d", c) for c in cells[:j]) else None
        if cells[j] and value(cells[j]) is not None:
            return None
    return None


def score_cells(q: Query, f: Found, aliases: dict[str, set[str]], passages: list[Passage] = ()) -> tuple[list[Cell], float]:
    """Every filled cell scored by the question words its row and column hold and the year they name;
    with the share of the question the table holds at best."""
    passages = list(passages)
    section = numbered_heading(passages[f.passage].chunk.section) if f.passage < len(passages) else ""
    qw, rows, cols, ctx, captioned, beside = _reading(q, f, aliases, section)
    periods = [is_period(c) for c in f.table.columns[1:]]
    # words half the rows hold ("Libraries" of "Core Libraries", "Partnership Libraries") name the kind of row
    kind = {t for t in qw if 2 * sum(1 for r in rows if t in r) >= len(rows)} if len(rows) >= 2 else set()
    total = sum(w for t, w in qw.items() if " " not in t) or 1.0  # side-by-side pairs are a bonus, not asked words
    years = (set(q.fys), set(q.calendar))
    measure = q.measured if q.measured and measure_used(q, passages[:PASSAGES_READ], f.table) else frozenset()
    asked = {n.replace(",", "").strip("£") for n in q.asked_numbers}
    # the caption names only other years and no heading names the one asked: the whole table is of another year
    headings = " ".join([*f.table.columns, *(f.table.label(r) for r in f.table.rows)])
    other_year = (years[0] or years[1]) and any(named_years(f.table.caption)) and not year_matches(
        years, f.table.caption) and not year_matches(years, headings)
    out, cover = [], 0.0
    for i, row in enumerate(f.table.rows):
        for k, cell in enumerate(row.cells):
            if k >= len(cols) or not cell or not value(cell):
                continue  # no figure, or a nil: a zero reports nothing to look up (on tune, every zero quoted was wrong)
            if cell.replace(",", "").strip("£ ") in asked:
                continue  # a figure the question itself names is not its answer
            if q.count and not q.money and ("£" in cell or (f.table.unit(k) or "").startswith("£")):
                continue  # "how many pupils": a sum of money counts nothing
            named_by = beside.get((i, k), rows[i])
            here = named_by | cols[k] | (captioned if periods[k] else set())
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
            out.append(Cell(score, i, k, sum(w for t, w in qw.items() if t in named_by - cols[k]) / total,
                             frozenset(t for t in qw if t in named_by), frozenset(t for t in qw if t in cols[k]),
                             sum(w for t, w in qw.items() if t in cols[k] | ctx | kind) / total))
    return sorted(out, key=lambda c: -c.score), cover


def is_period(label: str) -> bool:
    """A column label that is only a period: "2024-25", "24-25", "Sep-14", "Q3 2023/24"."""
    toks = tokens(full_years(label))
    return bool(toks) and all(t.startswith("fy") or t.isdigit() or t in _MONTHS or t[:3] in _MONTH3 or
                              re.fullmatch(r"q[1-4]|quarter", t) for t in toks)


_MONTH3 = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_MONTHS = frozenset("january february march april may june july august september october november december".split())


def row_heading(t: Table, row: Row) -> str:
    """Caption and row; a row known by its reference number ("4") is named by its first words too."""
    name = t.label(row)
    shared = sum(1 for r in t.rows if r.label == row.label) > 1  # "Call Account" twice: named by its counterparty
    words = next((c for c in row.cells if c and value(c) is None), None) \
        if re.fullmatch(r"\d{1,3}", row.label) or shared else None
    if words:  # "2 — 429,934.0 — Children, Young People & Education …": named by its first words
        name = f"{name} {words}"
    return " — ".join(x for x in (t.caption, name) if x)


def with_unit(t: Table, k: int, cell: str) -> str:
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


def table_answer(q: Query, f: Found, rows: list[int], text: str, passages: list[Passage]) -> Answer:
    """The answer with the row's passage first (a passage holding the row as printed), then the rest."""
    t = f.table
    lines = [f.lines[i] for i in rows if i < len(f.lines)]
    holding = [i for i, p in enumerate(passages) if lines and all(x in p.text for x in lines)]
    # the table's own chunk first (the app shows it as the table): a table of words' page text holds its lines too
    holder = next((i for i in holding if passages[i].chunk.table), holding[0] if holding else None)
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
