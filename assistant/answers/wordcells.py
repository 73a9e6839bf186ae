"""Questions answered from a table of words (a work programme, an action plan, a framework of powers): the row
the question names and the column it asks for.

"Who is the lead officer for the Library Review item?" names a row by its words ("Library Review") and a
column by its heading ("Cabinet Member/ Lead Officer"); "by when should … be on the dashboard?" asks the
column a plan headed "By When". A question that names no heading asks by its kind: who → the one column
headed for the people who lead or answer for the row, when → the one headed for its date. The cell is quoted
with its row and heading, marked as read from a table. Only a row clearly named, with one column asked,
is answered; otherwise the usual path answers.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..papers.tables import Table, value
from ..records import Answer, Passage
from ..text.normalise import MONTH_TOKENS, tokens
from .query import Query
from .question import kind as kind_of
from .tablecells import PASSAGES_READ, RANK_PENALTY, Found, row_heading, table_answer, tables_in

LONG_WORD = 8  # a word this long may differ from another in its last letter and still be the same word
PREFIX = 4  # a word this long that begins another is the same word ("complet", "completion")
ROW_COVER = 0.5  # the row holds at least this share of the question's words (its column's heading words aside)
ROW_MARGIN = 0.15  # and beats every other row by this share
CODE_CHARS = 5  # a row label this short ("1.1", "4.3") is a number the question may name it by
HEADING_WORDS = 6  # a column is named by a heading of at most this many words
UNSEEN = 0.5  # a question word neither the table nor the text around it holds counts this much of its weight
CONTEXT = 0.5  # a question word the table's caption or the text above it holds counts this much of its weight
WORDS_SHARE = 0.2  # a table whose cells are at most this share figures is a table of words
# the heading of a column of people (who leads, answers for, delivers a row) and of a column of dates
_PEOPLE = re.compile(r"\b(?:lead|led|leads|officers?|responsib\w*|owners?|members?|contacts?|champions?|delivery|"
                     r"accountable|names?|who)\b", re.I)
_DATES = re.compile(r"\b(?:dates?|when|completion|complete by|timescales?|deadlines?|due|timing|target date)\b", re.I)
_DATED = re.compile(r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october|"
                    r"november|december)\b|\bdate\b", re.I)
_WHEN = re.compile(r"\bwhen\b|\b(?:which|what)(?:['’]s|\s+is|\s+was)?(?:\s+the)?(?:\s+(?:target|due|completion|end|"
                   r"agreed|planned))?\s+(?:date|day|month|deadline|timescale)\b", re.I)
_ORDINAL = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)\b", re.I)
_ASKING = frozenset(tokens("who what which when where whom whose is was are were does do did will would should "
                           "the item report on for of in at by programme plan table list according date"))


def _cells_of_words(t: Table) -> bool:
    """Cells that are words, hardly ever figures, under two headings or more. Wider than the index's own test
    (`wordgrid.words_table`, which counts dates and years as figures): an action plan's "By When" dates are cells
    this lookup reads."""
    cells = [c for r in t.rows for c in r.cells if c]
    return len(cells) >= 2 and sum(1 for c in cells if value(c) is not None) <= WORDS_SHARE * len(cells) \
        and sum(1 for c in t.columns[1:] if c) >= 2


def lookup_words(q: Query, passages: list[Passage]) -> Answer | None:
    """The cell of a table of words that answers the question, or None when no table clearly does."""
    if q.kind not in ("who", "when", "text") or not passages:
        return None
    # the question read once: its words, and each part's kind and words ("by when, and who is the delivery lead?")
    asked = _asked(q.text)
    parts = [(_kind(part), _asked(part)) for part in q.parts] if len(q.parts) > 1 else \
        [(_kind(q.text) if q.kind == "text" else q.kind, asked)]
    best: tuple[float, Answer] | None = None
    for f in tables_in(passages[:PASSAGES_READ]):  # the best passages only: a work programme repeats every item
        if not _cells_of_words(f.table):
            continue
        got = _read(q, asked, parts, f, passages)
        if got and (best is None or got[0] > best[0]):
            best = got
    return best[1] if best else None


def _alike(a: str, b: str) -> bool:
    """The same word, or the shorter (four letters or more) begins the longer ("complet", "completion"); a long
    one but for its last letter ("responsibl", "responsibility"), not a short one ("respond")."""
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= PREFIX and long.startswith(short)) or (
        len(short) >= LONG_WORD and long.startswith(short[:-1]))


def _holds(words: set[str], toks: set[str]) -> set[str]:
    return {w for w in words if any(_alike(w, t) for t in toks)}


GROUP = -1  # the column asked is the rows' group: the date down the left of a work programme


def _column(kind: str, t: Table, asked: set[str], meeting_fact: str = "") -> tuple[int, set[str]] | None:
    """The one column a question (or a part of one) asks for, with the question's words its heading holds: the
    one column of people a who-question asks (of dates a when-question), else the column its heading's words
    name (half of them or more, so "leading to" names no "Cabinet Member/ Lead Officer")."""
    # a heading names its column in a few words; a long one is a row misread as headings
    heads = [set(tokens(c)) if len(c.split()) <= HEADING_WORDS else set() for c in t.columns[1:]]
    pattern = _PEOPLE if kind == "who" else _DATES if kind == "when" else None
    if pattern is not None and not meeting_fact:  # who chaired, who sent apologies: a meeting's record, no column
        fits = [k for k, c in enumerate(t.columns[1:]) if pattern.search(c) and len(c.split()) <= HEADING_WORDS]
        if len(fits) == 1:
            return fits[0], _holds(asked, heads[fits[0]])
        if kind == "when" and not fits and t.rows and all(r.group and _DATED.search(r.group) for r in t.rows):
            return GROUP, set()
    named = [(k, _holds(asked, h)) for k, h in enumerate(heads)]
    named = [(k, w) for k, w in named if w and 2 * len({h for h in heads[k] if _holds(w, {h})}) >= len(heads[k])]
    if named:
        top = max(len(w) for _, w in named)
        named = [(k, w) for k, w in named if len(w) == top]
        return named[0] if len(named) == 1 else None
    return None


def _kind(text: str) -> str:
    """What a question (or a part of one) asks for; "…: by when", "on which date" ask when."""
    return "when" if _WHEN.search(text) else kind_of(text)


def _asked(text: str) -> set[str]:
    """The question's words that can name a row or a column: not its asking words, figures or dates."""
    text = _ORDINAL.sub(" ", text)  # "3rd October": a date, no word of a row
    return {w for w in tokens(text) if w not in _ASKING and not any(ch.isdigit() for ch in w) and w not in MONTH_TOKENS}


def _read(q: Query, asked: set[str], parts: list[tuple[str, set[str]]], f: Found,
          passages: list[Passage]) -> tuple[float, Answer] | None:
    """The row and column(s) of one table the question asks, scored, and the answer quoting them."""
    t = f.table
    cols = [_column(kind, t, words, q.meeting_fact) for kind, words in parts]  # a column for each part
    if any(c is None for c in cols) or len({c[0] for c in cols}) < len(cols):
        return None
    heading_words = set().union(*(w for _, w in cols))
    words = {w: q.weights.get(w, 1.0) for w in asked - heading_words}
    around = set(tokens(f"{t.caption} {t.intro[-200:]} {passages[f.passage].chunk.title}"))
    asked_k = {k for k, _ in cols}
    held = [set(tokens(" ".join([r.group or "", r.label, *(c for j, c in enumerate(r.cells) if j not in asked_k)])))
            for r in t.rows]
    # a word no row and nothing around the table holds ("agenda") tells no row from another: it weighs half
    nowhere = {x for x in words if not _holds({x}, around) and not any(_holds({x}, h) for h in held)}
    total = sum(w * (UNSEEN if x in nowhere else 1.0) for x, w in words.items())
    if total <= 0 or len(nowhere) == len(words):
        return None
    scores = []
    for i, (r, toks) in enumerate(zip(t.rows, held)):
        got = sum(w if _holds({x}, toks) else CONTEXT * w if _holds({x}, around) else 0.0 for x, w in words.items())
        # a row known by its number ("action 1.1", "4.3"), as the question writes it
        coded = 0 < len(r.label) <= CODE_CHARS and re.search(rf"(?<![\w.]){re.escape(r.label)}(?![\w.]|\.\d)",
                                                             q.text)
        scores.append(got / total + (1.0 if coded else 0.0))
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    i = order[0]
    if scores[i] < ROW_COVER or (len(order) > 1 and scores[i] - scores[order[1]] < ROW_MARGIN):
        return None
    row = t.rows[i]
    said = [("Date", row.group) if k == GROUP else (t.heading(k), row.cells[k] if k < len(row.cells) else "")
            for k, _ in cols]
    if not all(cell for _, cell in said):
        return None
    name = row_heading(t, replace(row, group=None)) if any(k == GROUP for k, _ in cols) else row_heading(t, row)
    text = f"{name} — " + "; ".join(f"{h}: {cell}" for h, cell in said)
    return min(scores[i], 1.0) - RANK_PENALTY * f.passage, table_answer(q, f, [i], text, passages)
