"""Every sentence and table row of the best passages, scored as an answer to a read question.

A unit's score is its idf-weighted share of the question (read with the line above it and its
section), adjacent term pairs, its passage's standing, whether it holds the kind of thing asked
for (a figure, a date, a name, a decision), whether it is about the year asked, and its embedding
similarity to the question. Those values are a unit's `Features`; its score is their dot product
with the weights `W`, in one place, with their reasons (`scripts/fit_weights.py` fits weights on
the tune questions and writes them to `weights.json`, which says whether they are used).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path

from ..papers.tables import value
from ..records import Chunk, Passage
from ..text.abbreviations import defined
from ..text.normalise import long_date, named_years, tokens, year_matches
from ..text.synonyms import held
from .abstain import MIN_OWN
from .measure import holds_measure, measure_used, without_dates_asked
from .narrative import describes_process, form_field, states_reason
from .query import PERCENT, Query
from .question import holds, holds_role, holds_tally, other_role, records_decision
from .rows import MARKUP, TOTAL_ROW, Grid, focus, row_label, with_units
from .sentences import text_units, units, unquotable
from .tablecells import is_period

PASSAGES_READ = 5  # answers are quoted from the best few passages only
# units re-scored by embedding similarity to the question (30 were no better on the 70 dev questions, and a third
# slower; 16 score the same as 20 on the dev sets and our own 48 questions, and save 4 embeddings a question)
SEMANTIC_POOL = 16
SEMANTIC_WEIGHT = 1.0  # weight of that similarity in a unit's score
SEMANTIC_REACH = 0.8  # a unit further than this below the best is not re-scored: no similarity lifts it to the top

# How a unit's score is made: each of its `Features` times its weight here (tuned by hand on the dev sets).
HAND_WEIGHTS = {
    "coverage": 1.0,  # idf-weighted share of the question it holds (read with the line above it)
    "phrase": 0.25,  # share of the question's adjacent term pairs it holds
    "standing": 0.3,  # its passage's retrieval score relative to the best passage
    "context": -0.1,  # it comes from the neighbouring lines, not the hit itself
    "kind": 0.15, "wrong_kind": -0.25,  # holds / lacks the kind of thing asked for
    "role": 0.4,  # "who chairs …?": a name with that role beside it ("Councillor J Innes (Chair)")
    "tally": 0.4,  # "how did the council vote …?": a recorded vote ("Carried: For (39), Against (19)")
    "total": 0.2,  # a table's "Total" row, for a figure question
    "year": 0.2, "wrong_year": -0.3,  # is / is not about the year asked about
    "length": -1.0,  # a run of headings or a whole list is no answer
    "heading": -0.2,  # a title, not a statement
    "lead_in": 0.4,  # "what/which …?": a sentence that introduces a list ("… sets the following priorities:")
    "semantic": SEMANTIC_WEIGHT,  # embedding similarity to the question (the best few units only)
    # "why …?" / "how will … work?": it states a reason / says how it is done (`narrative.py`); on the tune
    # and dev questions 0.15 lifts too little and 0.5 gains nothing over 0.3: the least that works
    "reason": 0.3,
    "field": -0.4,  # a why/how question: a form's field ("Subject: …") or a bare recommendation item
    # "who introduced the item at the panel on 29 October 2024?": that meeting's minutes, not another's
    "held_on": 0.3,
    "done": 0.2,  # "who introduced the update?": a sentence saying someone introduced it
}
WEIGHTS_FILE = Path(__file__).with_name("weights.json")


def _weights() -> dict[str, float]:
    """The fitted weights when `weights.json` says they beat the hand weights on the holdout, else the hand weights."""
    try:
        fitted = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return dict(HAND_WEIGHTS)
    # a feature added after the last fit keeps its hand weight until the next one
    return {**HAND_WEIGHTS, **fitted["weights"]} if fitted.get("use") == "fitted" else dict(HAND_WEIGHTS)


W = _weights()


@dataclass(frozen=True)
class Features:
    """What a unit's score is made of, one value per weight in `W` (0/1 for a yes/no)."""

    coverage: float
    phrase: float
    standing: float
    context: float
    kind: float
    wrong_kind: float
    role: float
    tally: float
    total: float
    year: float
    wrong_year: float
    length: float  # characters beyond 250, in 500s, at most 0.4
    heading: float
    lead_in: float  # the unit's own share of the question, for a lead-in to a list
    reason: float = 0.0  # a why-question: it states a reason; a how-question: it says how a thing is done
    field: float = 0.0  # a why/how question: a form's field or a bare recommendation item
    held_on: float = 0.0  # it comes from the papers of the meeting held on the date the question names
    done: float = 0.0  # it says the act a who-question asks the doer of ("… introduced the report")
    semantic: float = 0.0  # set for the units re-scored by similarity (last: scripts/fit_weights.py adds it)

    def score(self, weights: Mapping[str, float]) -> float:
        """The dot product with `weights`, summed in field order."""
        total = 0.0
        for name, value in zip(NAMES, astuple(self)):
            total += weights[name] * value
        return total


NAMES = tuple(f.name for f in fields(Features))


@dataclass(frozen=True)
class Candidate:
    """A sentence or table row that might answer the question."""

    text: str
    passage: int  # index into the passages
    position: int  # order of the unit within its passage (context before the hit is negative)
    page: int  # the page to cite for it
    score: float
    coverage: float  # idf-weighted share of the question's terms it holds
    kind_ok: bool  # holds the kind of thing asked for
    year_ok: bool | None  # names the year asked about (None: no year asked)
    own: float = 0.0  # the share of the question's weight the unit holds by itself, without its neighbour
    heading: int | None = None  # for a row of bare figures: the position of the words above it, quoted with it
    features: Features | None = None  # what its score was made of
    page_end: int = 0  # the page it ends on, when it runs across a page break


Similarity = Callable[[list[str]], "list[float]"]


def unit_pages(chunk: Chunk, pieces: list[str]) -> list[tuple[int, int]]:
    """(first page, last page) of each unit of a chunk, read from the chunk's page breaks: a
    sentence printed on the page after its chunk starts cites that page."""
    if not chunk.breaks or chunk.kind != "text":
        return [(chunk.page, chunk.page)] * len(pieces)
    flat = chunk.text.replace("\n", " ")  # units join wrapped lines with a space: offsets stay the same
    out, cursor = [], 0
    for unit in pieces:
        probe = unit[:30]
        at = flat.find(probe, cursor)
        if at < 0:
            at = flat.find(probe)
        if at < 0:
            out.append((chunk.page_at(cursor), chunk.page_at(cursor)))
            continue
        end = at + max(0, len(unit) - 1)
        out.append((chunk.page_at(at), chunk.page_at(end)))
        cursor = at + 1
    return out


def _table_rows(c: Chunk) -> list[dict]:
    """The rows of the ruled table a chunk was read from (its stored record), or none."""
    return json.loads(c.table).get("rows", []) if c.table else []


def _row_pages(c: Chunk, rows: list[dict], unit: str, first: int, last: int) -> tuple[int, int]:
    """The pages of the table row a unit quotes (its label and most of its cells in the unit), else as given."""
    if len(c.rows) == 1:
        return first, max(last, c.page_end)  # a row chunk: the row is the chunk
    best, hits = None, 0
    for r in rows:
        if not r.get("label") or r["label"] not in unit:
            continue
        n = 1 + sum(1 for cell in r.get("cells", ()) if cell and cell in unit)
        if n > hits:
            best, hits = r, n
    if best is None:
        return first, last
    return int(best["page"]), int(best.get("page_end") or best["page"])


def _pieces(p: Passage) -> list[tuple[int, str, int, bool, int]]:
    """(position, unit, page, from the context, last page) for the hit chunk's units and its context's."""
    c = p.chunk
    if c.kind == "resolution":  # a recorded decision is quoted whole, its vote first
        return [(0, " ".join(c.text.split())[:400], c.page, False, c.page)]
    own = units(c)
    out = [(j, u, first, False, last) for j, (u, (first, last)) in enumerate(zip(own, unit_pages(c, own)))]
    if c.kind == "table" and c.page_end > c.page and not c.breaks:
        # a table over a page break: each row is quoted from its own pages, not the table's first
        rows = [] if len(c.rows) == 1 else _table_rows(c)  # a row's own chunk needs no look-up
        paged = []
        for j, u, first, ctx, last in out:
            first, last = _row_pages(c, rows, u, first, last)
            paged.append((j, u, first, ctx, last))
        out = paged
    if p.after:
        page = p.after_page or c.page_end
        out += [(len(out) + j, u, page, True, page) for j, u in enumerate(text_units(p.after))]
    if p.before:
        before = text_units(p.before)
        page = p.before_page or c.page
        out += [(j - len(before), u, page, True, page) for j, u in enumerate(before)]
    return out


def _rows_of_other_years(q: Query, passages: list[Passage]) -> frozenset[str]:
    """The rows, as printed, of the tables among the passages whose columns are periods, none of them the year
    asked (nor their caption's): their figures are for those years ("2020-21 … 2024-25" does not answer "in
    2025-26"), whatever else the paper says, and wherever the row is quoted from (a table chunk or its page's text)."""
    asked, out = (set(q.fys), set(q.calendar)), set()
    for p in passages:
        if not p.chunk.table:
            continue
        data = json.loads(p.chunk.table)
        periods = [c for c in data.get("columns", [])[1:] if c and is_period(c)]
        if len(periods) >= 2 and not any(year_matches(asked, c) for c in periods) \
                and not year_matches(asked, str(data.get("caption") or "")):
            out |= {" ".join(line.split()) for line in data.get("lines") or ()}
    return frozenset(out)


_BULLETS = "•●▪◦‣–-*"
_BARE_FIGURE = re.compile(r"\s*-?\d{1,3}(?:\.\d{1,2})?\s*")


def candidates(q: Query, passages: list[Passage], similarity: Similarity | None = None,
               extra: int = 0) -> list[Candidate]:
    """Every sentence/row of the best passages (and of the `extra` passages at the end of the
    list: recorded resolutions), scored, best first."""
    asked, years, weights, pairs, count_of, lists = q.kind, q.years, q.weights, q.pairs, q.counted, q.lists
    total = sum(weights.values()) or 1.0
    top = max((p.score for p in passages), default=1.0) or 1.0
    out = []
    read = list(enumerate(passages[:PASSAGES_READ]))
    if extra:
        read += list(enumerate(passages))[-extra:]
    measure = q.measured if measure_used(q, [p for _, p in read]) else frozenset()
    other_rows = _rows_of_other_years(q, [p for _, p in read]) if years else frozenset()
    for i, p in read:
        meeting_year = (p.chunk.meeting_date or "")[:4]
        pieces = sorted(_pieces(p))
        prev_toks: set[str] = set()
        before_prev: set[str] = set()
        list_head: set[str] = set()  # the words of the lead-in a run of bullets hangs from ("Of the 38 KPIs: • …")
        section_toks = set(tokens(p.chunk.section))
        # "… Revenue Support Grant (RSG) …": a later "RSG allocation is £15.7m" holds those words
        aliases = {a: set(tokens(long)) for a, long in defined(" ".join((p.before, p.chunk.text, p.after))).items()}
        alts = q.alternatives  # a sentence that says "shortfall" holds the "gap" asked about
        grid = Grid()
        prev_unit = ""
        for j, unit, page, context, last in pieces:
            unit = MARKUP.sub("", unit).strip()  # "904 426 <div><div>": markup a generator left in the text
            if unquotable(unit):
                continue  # "2.3." alone is a paragraph's number; "Conference 2024 ........ 10" a contents entry
            seq = tokens(unit)
            toks = held(_spelled(set(seq), aliases), alts)
            own = sum(w for t, w in weights.items() if t in toks) / total
            # a sentence read with the one before it (often its heading: "5 Agency Spend")
            # a table row is read under its section's heading too ("Children in Care › Status — Total — …")
            # and a recorded resolution under its item's title ("29. Y6-Y7 Transition - … Bridge Project")
            # and a sentence of minutes under its item's title ("Participation Team update" over "… introduced the report")
            around = prev_toks | section_toks if (p.chunk.kind in ("table", "resolution") or p.chunk.doc_type == "minutes") \
                and not context else prev_toks
            # a row of figures that lost its table's headings is read under the words above it
            # ("… HOSPITAL ATTENDANCES … 0-17 years" over "Total 591 2154 … 9227"), or under a line of
            # year columns as a table row ("… adopted 28 40 52" is "2013/14: 52")
            heading, table_row = grid.read(j, unit, toks | prev_toks, p.chunk.kind == "text")
            tabular = p.chunk.kind == "table"
            if heading:
                around = around | heading.tokens
            if table_row:
                unit, tabular, heading = table_row, True, None
                seq = tokens(unit)
                toks = held(_spelled(set(seq), aliases), alts)
                own = sum(w for t, w in weights.items() if t in toks) / total
            windowed = sum(w for t, w in weights.items() if t in toks | around) / total
            coverage = max(own, 0.7 * windowed + 0.3 * own)
            bullet = unit[:1] in _BULLETS
            if bullet and prev_unit[:1] not in _BULLETS:
                list_head = prev_toks
            # a split sentence ("As at" / "… this was 724."); a list's item, read with the list's lead-in
            near = toks | around | before_prev | section_toks | (list_head if bullet else set())
            before_prev, prev_toks, prev_unit = prev_toks, toks, unit
            phrase = len(pairs & set(zip(seq, seq[1:]))) / len(pairs) if pairs else 0.0
            shown = with_units(unit)
            focused = focus(shown, q)
            # a table row answers for the column of the year asked ("2014/15: -" holds no figure)
            cell = focused.rsplit(": ", 1)[-1] if focused != shown else shown
            if q.percent and cell != shown and PERCENT.search(shown) and _BARE_FIGURE.fullmatch(cell):
                cell += "%"  # a row of shares ("Proportion of net revenue stream — 2025-26: 6.78") prints no % sign
            kind_ok = holds(asked, cell, q)
            if kind_ok and asked == "figure" and tabular and cell != shown and value(cell) == 0:
                kind_ok = False  # a nil in the column asked ("Original base budget — 2027-28: £0.0k") says nothing
            if asked == "when" and kind_ok and (q.month_years or q.dates):
                kind_ok = holds(asked, without_dates_asked(q, shown), q)  # the date naming the event asked about
            if asked == "when" and not kind_ok:
                kind_ok = decided_on(p) is not None and records_decision(unit)  # the minutes' date answers it
            if count_of and kind_ok and not count_of & near:
                kind_ok = False  # "how many prosecutions" is not answered by a count of incidents
            if measure and kind_ok and asked == "figure" and not holds_measure(measure, near):
                kind_ok = False  # "how many veterans were homeless" is not answered by how many veterans there are
            role = False
            if asked == "who" and kind_ok:
                kind_ok = not other_role(q, unit)  # the vice-chair does not answer "who chairs it?"
                role = kind_ok and holds_role(q, unit)  # a name given the role asked about
            dated = f"{heading.above} {heading.text} {unit}" if heading else unit
            year_ok = year_matches((q.fys, q.calendar), dated, meeting_year) if years else None
            if year_ok and " ".join(unit.split()) in other_rows and not year_matches((q.fys, q.calendar), unit):
                year_ok = False  # a row of a table of other years: its figures are theirs, not the meeting's year's
            elif year_ok is False and years and year_matches((q.fys, q.calendar), p.chunk.header() + " " + p.text):
                # the passage is about that year; a full date ("published on 5th February 2025") says
                # when something was done, not which year a figure is for
                year_ok = not any(named_years(_FULL_DATE.sub(" ", dated)))
            # a recorded decision ranks high, in the order the resolution search found them
            standing = 1.5 - 0.2 * (i - len(passages) + extra) if p.chunk.kind == "resolution" else p.score / top
            body = unit.split(" — ", 1)[-1] if tabular else unit  # a row's title is not its length
            is_heading = heading_like(unit)
            features = Features(
                coverage=coverage, phrase=phrase, standing=standing, context=float(bool(context)),
                kind=float(bool(kind_ok)), wrong_kind=float(not kind_ok), role=float(bool(role)),
                tally=float(bool(asked == "decision" and holds_tally(q, unit))),
                # "how many …?" over a table: its total, unless the question names a row
                total=float(asked == "figure" and kind_ok
                            and TOTAL_ROW.match(row_label(unit) if tabular else unit) is not None),
                year=float(year_ok is True), wrong_year=float(year_ok is False),
                # a recorded decision is long by nature
                length=min(0.4, max(0, len(body) - 250) / 500) if p.chunk.kind != "resolution" else 0.0,
                heading=float(bool(is_heading)),
                # "which families …?": "each family must have two of the following six issues:", in proportion
                # to how much of the question it holds
                lead_in=own if not is_heading and asked == "text" and lists and lead_in(unit) and own > 0 else 0.0,
                # only for a sentence that holds enough of the question to be quoted as the answer (`abstain.MIN_OWN`):
                # a reason lifted to the top that could not be quoted would turn an answer into an abstention
                reason=(states_reason(unit) if q.explain else float(q.process and describes_process(unit)))
                if own >= MIN_OWN else 0.0,
                field=float((q.explain or q.process) and not tabular and form_field(unit)),
                held_on=float(p.chunk.source in q.held_on),
                done=float(bool(q.done) and re.search(rf"\b{q.done}\b", unit, re.I) is not None))
            out.append(Candidate(unit, i, j, page, features.score(W), coverage, kind_ok, year_ok, own,
                                 heading.position if heading else None, features, max(page, last)))
    out.sort(key=lambda c: -c.score)
    if similarity is not None and out:
        # meaning, not just shared words: the question's embedding against the best few units
        # the best few units: one further below the best than a similarity can lift is never quoted
        reach = out[0].score - SEMANTIC_REACH
        n = sum(1 for c in out[:SEMANTIC_POOL] if c.score >= reach)
        sims = similarity([c.text for c in out[:n]])
        head = [_similar(c, float(sim)) for c, sim in zip(out[:n], sims)]
        out = sorted(head, key=lambda c: -c.score) + out[n:]
    return _under_headings(out)


def _similar(c: Candidate, sim: float) -> Candidate:
    """A unit re-scored with its embedding similarity to the question."""
    features = replace(c.features, semantic=sim) if c.features else None
    return replace(c, score=features.score(W) if features else c.score + W["semantic"] * sim, features=features)


# a full date saying when something was done; not one a figure is counted at ("As at 31 December 2018 this was 724")
_FULL_DATE = re.compile(r"(?<!\bas at )(?<!\bas of )\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                        r"nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b", re.I)


def _spelled(toks: set[str], aliases: dict[str, set[str]]) -> set[str]:
    """A unit's tokens with the words of each abbreviation it uses that its passage defines."""
    for abbreviation, words in aliases.items():
        if abbreviation in toks:
            toks = toks | words
    return toks


HEADING_GAP = 0.2  # a row of figures scores this far below the words above it, at the most


def _under_headings(ranked: list[Candidate]) -> list[Candidate]:
    """A row of figures that holds what was asked is worth nearly what its heading is worth: the
    label "Average number of days … adopted" and the row "904 426" below it are one table row."""
    at = {(c.passage, c.position): c for c in ranked}
    out = []
    for c in ranked:
        above = at.get((c.passage, c.heading)) if c.heading is not None else None
        if above and c.kind_ok:
            bonus = W["total"] if TOTAL_ROW.match(c.text) else 0.0  # the table's total before its parts
            c = replace(c, score=max(c.score, above.score - HEADING_GAP + bonus), own=max(c.own, above.own))
        out.append(c)
    return sorted(out, key=lambda c: -c.score)


def lead_in(unit: str) -> bool:
    """A sentence that introduces a list ("The 2012/15 Business plan sets the following priorities:")."""
    text = unit.strip()
    return text.endswith(":") and len(text) >= 50


def heading_like(unit: str) -> bool:
    """A title, not a statement: short, no sentence end, or ending in a colon."""
    text = unit.strip()
    if lead_in(text):
        return False
    return text.endswith(":") or (len(text) < 90 and not text.endswith((".", "?", "!", ")")) and " — " not in text
                                  and not any(ch.isdigit() for ch in text[-12:]))


def decided_on(p: Passage) -> str | None:
    """The date of the meeting whose minutes a passage comes from ("5 November 2015"), if it is minutes."""
    return (long_date(p.chunk.meeting_date) or None) if p.chunk.doc_type == "minutes" else None
