"""From retrieved passages to an answer: the papers' own sentences (or table rows) quoted with
citation markers, or a plain "the papers don't say" when they hold no answer.

Selection scores each sentence or table row of the best passages by how much of the question
it holds (terms weighted by rarity, adjacent pairs), whether it holds the kind of thing asked
for (a figure, a date, a name, a decision), whether it names the year asked about, and how
well its passage ranked. The same figures decide abstention: see `_confident`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .normalise import named_years, tokens, year_matches, years_in
from .question import holds, kind as question_kind
from .records import Answer, Citation, Passage
from .sentences import text_units, units

MAX_ANSWER = 700  # characters; the scorer and a reader both want it short
PASSAGES_READ = 5  # answers are quoted from the best few passages only
SEMANTIC_POOL = 30  # units re-scored by embedding similarity to the question
SEMANTIC_WEIGHT = 0.5  # weight of that similarity in a unit's score

# Abstention thresholds, calibrated on the dev sets (see README "How answers are chosen").
# An answer needs the quoted sentence to hold at least this share of the question's weight...
MIN_COVERAGE = 0.45
# ...and, where the question names a year, that year (or its passage's meeting year).


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


Similarity = Callable[[list[str]], "list[float]"]


def _pieces(p: Passage) -> list[tuple[int, str, int]]:
    """(position, unit, page) for the hit chunk's units and those of its context."""
    c = p.chunk
    out = [(j, u, c.page) for j, u in enumerate(units(c))]
    if p.after:
        out += [(len(out) + j, u, p.after_page or c.page_end) for j, u in enumerate(text_units(p.after))]
    if p.before:
        before = text_units(p.before)
        out += [(j - len(before), u, p.before_page or c.page) for j, u in enumerate(before)]
    return out


def candidates(question: str, passages: list[Passage], weights: dict[str, float],
               similarity: Similarity | None = None) -> list[Candidate]:
    """Every sentence/row of the best passages, scored, best first."""
    asked = question_kind(question)
    years = years_in(question)
    total = sum(weights.values()) or 1.0
    qseq = tokens(question)
    pairs = set(zip(qseq, qseq[1:]))
    top = max((p.score for p in passages), default=1.0) or 1.0
    out = []
    for i, p in enumerate(passages[:PASSAGES_READ]):
        meeting_year = (p.chunk.meeting_date or "")[:4]
        pieces = sorted(_pieces(p))
        prev_toks: set[str] = set()
        for j, unit, page in pieces:
            seq = tokens(unit)
            toks = set(seq)
            own = sum(w for t, w in weights.items() if t in toks) / total
            # a sentence read with the one before it (often its heading: "5 Agency Spend")
            windowed = sum(w for t, w in weights.items() if t in toks | prev_toks) / total
            coverage = max(own, 0.7 * windowed + 0.3 * own)
            prev_toks = toks
            phrase = len(pairs & set(zip(seq, seq[1:]))) / len(pairs) if pairs else 0.0
            kind_ok = holds(asked, unit, question)
            year_ok = year_matches(question, unit, meeting_year) if years else None
            if year_ok is False and years and year_matches(question, p.chunk.section + " " + p.chunk.text[:300]):
                year_ok = not named_years(unit)[0] and not named_years(unit)[1]  # the passage is about that year
            score = coverage + 0.25 * phrase + 0.3 * p.score / top - (0.1 if j < 0 or j >= 100 else 0.0)
            score += 0.15 if kind_ok else -0.25
            if year_ok is not None:
                score += 0.2 if year_ok else -0.3
            if len(unit) > 450:
                score -= 0.1
            if _heading_like(unit):
                score -= 0.2
            out.append(Candidate(unit, i, j, page, score, coverage, kind_ok, year_ok))
    out.sort(key=lambda c: -c.score)
    if similarity is not None and out:
        # meaning, not just shared words: the question's embedding against the best few units
        head = out[:SEMANTIC_POOL]
        sims = similarity([c.text for c in head])
        head = [replace(c, score=c.score + SEMANTIC_WEIGHT * float(sim)) for c, sim in zip(head, sims)]
        out = sorted(head, key=lambda c: -c.score) + out[SEMANTIC_POOL:]
    return out


def _heading_like(unit: str) -> bool:
    """A title, not a statement: short, no sentence end, or ending in a colon."""
    text = unit.strip()
    return text.endswith(":") or (len(text) < 90 and not text.endswith((".", "?", "!", ")")) and " — " not in text
                                  and not any(ch.isdigit() for ch in text[-12:]))


def compose(question: str, passages: list[Passage], weights: dict[str, float] | None = None,
            similarity: Similarity | None = None) -> Answer:
    """A quoted, cited answer from the passages, or an abstention that still lists them."""
    passages = list(passages)
    if not passages:
        return Answer(question=question, found=False, answer=not_found(question), passages=())
    weights = weights or {t: 1.0 for t in set(tokens(question))}
    ranked = candidates(question, passages, weights, similarity)
    if not ranked or not _confident(ranked[0]):
        return Answer(question=question, found=False, answer=not_found(question, ranked[0] if ranked else None),
                      passages=tuple(passages))
    chosen = _choose(question, ranked)
    keys: list[tuple[int, int]] = []
    for c in chosen:
        if (c.passage, c.page) not in keys:
            keys.append((c.passage, c.page))
    parts = [f"\u201c{_render(c.text, question)}\u201d [{keys.index((c.passage, c.page)) + 1}]" for c in chosen]
    text = " ".join(parts)
    if len(text) > MAX_ANSWER:
        text = parts[0] if len(parts[0]) <= MAX_ANSWER else parts[0][:MAX_ANSWER - 6] + "…\u201d [1]"
    citations = tuple(_citation(n, passages[i], page, " ".join(c.text for c in chosen if (c.passage, c.page) == (i, page)))
                      for n, (i, page) in enumerate(keys, 1))
    return Answer(question=question, found=True, answer=text, passages=tuple(passages), citations=citations)


def _confident(best: Candidate) -> bool:
    """Answer only when the best sentence holds most of the question and the year asked about.

    A plausible but wrong figure is the worst outcome, so a figure from another year, or a
    sentence that shares only a few words with the question, is not offered as the answer.
    """
    if best.coverage < MIN_COVERAGE:
        return False
    if best.year_ok is False:
        return False
    return True


def _choose(question: str, ranked: list[Candidate]) -> list[Candidate]:
    """The best unit, plus the sentence after it when the question wants an explanation or the
    best is short, plus a close runner-up from elsewhere."""
    best = ranked[0]
    chosen = [best]
    asked = question_kind(question)
    if True:  # the sentence after the best one usually finishes its thought
        follow = [c for c in ranked if c.passage == best.passage and c.position == best.position + 1]
        if follow and len(best.text) + len(follow[0].text) < MAX_ANSWER - 40:
            chosen.append(follow[0])
    for c in ranked[1:4]:
        if len(chosen) >= 3:
            break
        if c in chosen or c.score < best.score * 0.85 or c.text == best.text:
            continue
        if sum(len(x.text) for x in chosen) + len(c.text) < MAX_ANSWER - 60:
            chosen.append(c)
    return sorted(chosen, key=lambda c: (c.passage != best.passage, c.passage, c.position))


def _render(unit: str, question: str) -> str:
    """A table row is quoted with the column the question asks about first
    ("Children Services Agency Spend in 2014/15 — Actual: £8.3 m"); sentences as they stand."""
    if " — " not in unit or ": " not in unit:
        return unit
    head, _, values = unit.rpartition(" — ")
    cells = [v.strip() for v in values.split(";")]
    years = years_in(question)
    if not years:
        return unit
    wanted = [c for c in cells if ":" in c and years & years_in(c.split(":", 1)[0])]
    if len(wanted) != 1:
        return unit
    column, value = (x.strip() for x in wanted[0].split(":", 1))
    title, _, label = head.rpartition(" — ")
    title = title or head
    return f"{title} {column} — {label}: {value}" if label else f"{head} {column}: {value}"


def _citation(n: int, p: Passage, page: int, quote: str = "") -> Citation:
    c = p.chunk
    return Citation(n=n, source=c.source, page=page, title=c.title, meeting_date=c.meeting_date,
                    committee=c.committee, printed_page=c.printed_page if page == c.page else None, quote=quote)


def not_found(question: str, nearest: Candidate | None = None) -> str:
    """The plain abstention, saying what was missing when that is clear."""
    years = sorted(y for y in years_in(question) if not y.startswith("fy"))
    fys = sorted(y for y in years_in(question) if y.startswith("fy"))
    if nearest is not None and nearest.year_ok is False and nearest.coverage >= MIN_COVERAGE:
        when = ", ".join(f"{y[2:6]}/{y[7:]}" for y in fys) or ", ".join(years)
        return (f"The papers in the index don't say — they have figures on this, but not for {when}. "
                "The nearest passages are listed below.")
    return ("The papers in the index don't say. The nearest passages are listed below, "
            "but none of them answers this question.")
