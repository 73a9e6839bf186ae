"""From retrieved passages to an answer: the papers' own sentences (or table rows) quoted with
citation markers, or a plain "the papers don't say" when they hold no answer.

Selection scores each sentence or table row of the best passages by how much of the question
it holds (terms weighted by rarity, adjacent pairs), whether it holds the kind of thing asked
for (a figure, a date, a name, a decision), whether it names the year asked about, and how
well its passage ranked. The same figures decide abstention: see `abstain.py`.
"""
from __future__ import annotations

from dataclasses import replace

from ..records import Answer, Citation, Passage
from .abstain import MIN_PASSAGE_COVERAGE, not_found, passage_coverage, withheld
from .candidates import Candidate, Similarity, candidates, decided_on, heading_like, lead_in
from .compound import by_parts, other_parts
from .conflict import differing
from .evidence import planned_for_outcome
from .lead import lead
from .narrative import states_reason
from .overview import overview
from .query import Query
from .question import holds, holds_role
from .rows import render, with_units
from . import versions

MAX_ANSWER = 700  # characters; the scorer and a reader both want it short
KIND_WINDOW = 0.5  # the answer is the best unit holding what was asked for, if it scores within this of the top
RUNNER_UP_GAP = 0.6  # a second or third unit is quoted when it scores within this of the best
MAX_UNITS = 3  # units quoted besides a list's items: more reads as a pile of fragments
LIST_ITEMS = 8  # a list is quoted with its lead-in and up to this many items, within MAX_ANSWER
RESOLUTION_CHARS = 650  # a resolution with its sub-resolutions, within MAX_ANSWER
SHORT_QUOTE = 40  # characters: a shorter sentence ("Caribbean child.") is quoted with the one before it


def compose(q: Query, passages: list[Passage], similarity: Similarity | None = None,
            extra: list[Passage] | None = None, whole: bool = False) -> Answer:
    """A quoted, cited answer from the passages, or an abstention that still lists them.

    `extra` passages (recorded resolutions for a decision question) are read for the answer and
    listed after the retrieved passages. `whole`: answer the question as it stands, not part by part.
    """
    extra = list(extra or [])
    passages = list(passages) + extra
    if not passages:
        return Answer(question=q.text, found=False, answer=not_found(q), passages=())
    ranked = candidates(q, passages, similarity, extra=len(extra))
    if q.vague and ranked and passage_coverage(passages[ranked[0].passage], q) >= MIN_PASSAGE_COVERAGE:
        listed = overview(q, ranked, passages)  # "tell me about money": what the papers hold, not fragments
        if listed:
            return listed
    best = _best(ranked)
    if best is not None and q.role and not holds_role(q, best.text):
        best = None  # "who is the Leader?" is not answered by a name beside the word "Leader"
    why_not = withheld(q, best, passages[best.passage] if best else None, nearest=ranked[0] if ranked else None)
    if why_not and not whole:  # "who chairs the panel and who is vice-chair?": each part on its own
        parted = by_parts(q, lambda part: compose(part, passages[:len(passages) - len(extra)], similarity, extra,
                                                  whole=True))
        if parted:
            return parted
    if why_not:
        return Answer(question=q.text, found=False, answer=why_not, passages=tuple(passages))
    ranked = [best] + [c for c in ranked if c is not best]
    chosen = _choose(q, ranked, passages)
    missing: list[str] = []
    more, missing = other_parts(q, ranked, chosen)  # "how many … and how much did it cost?": both parts
    differ = differing(q, best, ranked, passages)  # two papers, two figures for one measure and year
    if differ and differ[0] not in chosen + more:
        more = [differ[0]] + more
    chosen = _in_order(chosen + more, best)
    chosen = _fit(_unique([_whole(c, passages) for c in chosen]), q)
    # one citation per page of a document, whichever passages the quotes came from
    keys: list[tuple[str, int]] = []
    for c in chosen:
        if (passages[c.passage].chunk.source, c.page) not in keys:
            keys.append((passages[c.passage].chunk.source, c.page))

    def marker(c: Candidate) -> int:
        return keys.index((passages[c.passage].chunk.source, c.page)) + 1

    quotes, title = [], None
    for c in chosen:
        shown = render(c.text, q)
        head, sep, rest = shown.partition(" — ")
        if sep and head == title:
            shown = rest  # the next row of the same table: its title is already quoted
        title = head if sep else None
        quotes.append(f"\u201c{shown}\u201d [{marker(c)}]")
    text = " ".join(quotes)
    held_on = decided_on(passages[chosen[0].passage])
    if q.kind == "when" and held_on and not holds("when", chosen[0].text):
        text = f"At the meeting of {held_on}: {text}"  # a decision with no date of its own, dated by its minutes
    if len(text) > MAX_ANSWER:  # one very long sentence: cut it, keeping its marker
        text = text[:MAX_ANSWER - 10] + f"…\u201d [{marker(chosen[0])}]"
    # a table row cut to the year asked states the figure most exactly; else the best unit
    exact = [c for c in chosen if c.kind_ok and c.year_ok and render(c.text, q) != with_units(c.text)]
    # the best of them, not the first printed ("Forecast" above "Average monthly costs"); for what happened, not
    # a row of what was planned
    exact.sort(key=lambda c: (planned_for_outcome(q, c.text), c is not best))
    said = differ[1] if differ and differ[0] in chosen else \
        lead(q, render((exact or [best])[0].text, q), [render(c.text, q) for c in chosen])
    if said:
        text = f"{said} {text}"
    told = versions.note(passages[chosen[0].passage].chunk, chosen[0].text)
    if told:  # a paper in two versions (a draft and the final): which one is quoted
        text = f"{text} {told}"
    if missing:
        text += " The papers found don't say " + " or ".join(f"\u201c{m}\u201d" for m in missing) + "."
    citations = tuple(_citation(n, passages[next(c.passage for c in chosen if marker(c) == n)], page,
                                "\n".join(c.text for c in chosen if marker(c) == n),
                                max(c.page_end for c in chosen if marker(c) == n))
                      for n, (_, page) in enumerate(keys, 1))
    return Answer(question=q.text, found=True, answer=text, passages=tuple(passages), citations=citations)


def _fit(chosen: list[Candidate], q: Query) -> list[Candidate]:
    """The chosen units that fit in the answer's length, the first always."""
    kept, size = chosen[:1], len(render(chosen[0].text, q)) + 8
    for c in chosen[1:]:
        size += len(render(c.text, q)) + 9
        if size <= MAX_ANSWER:
            kept.append(c)
    return kept


def _best(ranked: list[Candidate]) -> Candidate | None:
    """The best unit that holds what was asked for (a figure for "how many"), when one comes close
    to the top; a sentence without the figure asked for is never the answer."""
    if not ranked:
        return None
    top = ranked[0].score
    for c in ranked[:10]:
        if c.kind_ok and c.score >= top - KIND_WINDOW:
            return c
    return None


def _choose(q: Query, ranked: list[Candidate], passages: list[Passage]) -> list[Candidate]:
    """The best unit; the sentence after it when the best is a heading or a lead-in ("...the
    following priorities:"); then close runners-up, up to three units in all."""
    best = ranked[0]
    chosen = [best]
    follow = [c for c in ranked if c.passage == best.passage and c.position == best.position + 1]
    explain = q.explain or q.process  # the reason, or how it is done, often follows the fact
    if follow and (heading_like(best.text) or len(best.text) < 120 or explain or lead_in(best.text)):
        chosen.append(follow[0])
        after = [c for c in ranked if c.passage == best.passage and c.position == best.position + 2]
        if q.explain and after and not states_reason(best.text) and not states_reason(follow[0].text) \
                and states_reason(after[0].text):
            chosen.append(after[0])  # "… 724." then "The pressures concern … as a result of …": the reason two on
        if _opens_list(best.text):
            chosen += _items(ranked, best, best.position + 2)  # a list is quoted with its items, not its lead-in alone
        elif _opens_list(follow[0].text):  # "… applied in any context. Our definition is to:" and the list after
            chosen += _items(ranked, best, follow[0].position + 1)
    if len(best.text) < SHORT_QUOTE and " — " not in best.text:
        before = [c for c in ranked if c.passage == best.passage and c.position == best.position - 1]
        if before and not heading_like(before[0].text):
            chosen.append(before[0])  # "Caribbean child." is no answer without the sentence it ends
    label = [c for c in ranked if c.passage == best.passage and c.position == best.heading]
    if label and label[0] not in chosen:
        chosen.append(label[0])  # a row of figures ("Total 591 … 9227") is quoted after the heading it sits under
    meeting = passages[best.passage].chunk.meeting_date
    for c in ranked[1:]:
        if len(chosen) >= MAX_UNITS or c.score < best.score - RUNNER_UP_GAP:
            break
        if any(c.text == x.text for x in chosen) or sum(len(x.text) for x in chosen) + len(c.text) > MAX_ANSWER - 60:
            continue
        if heading_like(c.text) or c.features is not None and c.features.field:
            continue  # a title, a form's field or a bare recommendation item adds nothing beside the answer
        if passages[c.passage].chunk.meeting_date != meeting and c.score < best.score - 0.1:
            continue  # another meeting's sentence only when it is nearly as good (a chair is of one meeting)
        chosen.append(c)
    if all(heading_like(c.text) for c in chosen):  # a heading alone is no answer: the best statement with it
        statement = next((c for c in ranked[1:] if not heading_like(c.text) and c.kind_ok), None)
        if statement is not None:
            chosen.append(statement)
    return _in_order(chosen, best)


def _opens_list(text: str) -> bool:
    return lead_in(text) or heading_like(text) and text.rstrip().endswith(":")


def _items(ranked: list[Candidate], best: Candidate, first: int) -> list[Candidate]:
    """The entries of the list a lead-in introduces: the units of its passage from position `first`, while they fit."""
    at = {c.position: c for c in ranked if c.passage == best.passage}
    out, size = [], len(best.text)
    for pos in range(first, first + LIST_ITEMS - 1):
        c = at.get(pos)
        if c is None or lead_in(c.text) or size + len(c.text) > MAX_ANSWER - 80:
            break
        if heading_like(c.text) and not c.text.lstrip()[:1] in "•●▪-–" and len(c.text) > 60:
            break  # the next heading: the list has ended
        out.append(c)
        size += len(c.text) + 4
    return out


def _whole(c: Candidate, passages: list[Passage]) -> Candidate:
    """A recorded resolution quoted with its sub-resolutions, though only its opening was scored
    (scoring it whole let a long amendment outscore the motion it amends)."""
    chunk = passages[c.passage].chunk
    return replace(c, text=" ".join(chunk.text.split())[:RESOLUTION_CHARS]) if chunk.kind == "resolution" else c


def _unique(chosen: list[Candidate]) -> list[Candidate]:
    """The chosen units with none quoted twice (the same sentence from a passage and its neighbour's context)."""
    seen, out = set(), []
    for c in chosen:
        key = " ".join(c.text.lower().split())
        if key in seen or any(key in s for s in seen if len(key) > 30):
            continue
        seen.add(key)
        out.append(c)
    return out


def _in_order(chosen: list[Candidate], best: Candidate) -> list[Candidate]:
    """Passage by passage, the best's first, each in the papers' order."""
    return sorted(chosen, key=lambda c: (c.passage != best.passage, c.passage, c.position))


def _citation(n: int, p: Passage, page: int, quote: str = "", last: int = 0) -> Citation:
    c = p.chunk
    return Citation(n=n, source=c.source, page=page, title=c.title, meeting_date=c.meeting_date,
                    committee=c.committee, council=c.council, printed_page=c.printed_page if page == c.page else None,
                    quote=quote, part=c.part, page_end=last if last > page else None)


def pages_label(c: Citation) -> str:
    """"p. 6", or "pp. 5–6" for a quote across a page break."""
    return f"pp. {c.page}\u2013{c.page_end}" if c.page_end and c.page_end > c.page else f"p. {c.page}"
