"""From retrieved passages to an answer: the papers' own sentences (or table rows) quoted with
citation markers, or a plain "the papers don't say" when they hold no answer.

Selection scores each sentence or table row of the best passages by how much of the question
it holds (terms weighted by rarity, adjacent pairs), whether it holds the kind of thing asked
for (a figure, a date, a name, a decision), whether it names the year asked about, and how
well its passage ranked. The same figures decide abstention: see `abstain.py`.
"""
from __future__ import annotations

from ..records import Answer, Citation, Passage
from .abstain import not_found, withheld
from .candidates import Candidate, Similarity, candidates, decided_on, heading_like, lead_in
from .query import Query
from .question import holds, holds_role
from .rows import render

MAX_ANSWER = 700  # characters; the scorer and a reader both want it short
KIND_WINDOW = 0.5  # the answer is the best unit holding what was asked for, if it scores within this of the top
RUNNER_UP_GAP = 0.6  # a second or third unit is quoted when it scores within this of the best


def compose(q: Query, passages: list[Passage], similarity: Similarity | None = None,
            extra: list[Passage] | None = None) -> Answer:
    """A quoted, cited answer from the passages, or an abstention that still lists them.

    `extra` passages (recorded resolutions for a decision question) are read for the answer and
    listed after the retrieved passages.
    """
    extra = list(extra or [])
    passages = list(passages) + extra
    if not passages:
        return Answer(question=q.text, found=False, answer=not_found(q), passages=())
    ranked = candidates(q, passages, similarity, extra=len(extra))
    best = _best(ranked)
    if best is not None and q.role and not holds_role(q, best.text):
        best = None  # "who is the Leader?" is not answered by a name beside the word "Leader"
    why_not = withheld(q, best, passages[best.passage] if best else None, nearest=ranked[0] if ranked else None)
    if why_not:
        return Answer(question=q.text, found=False, answer=why_not, passages=tuple(passages))
    ranked = [best] + [c for c in ranked if c is not best]
    chosen = _fit(_choose(q, ranked, passages), q)
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
    explain = q.explain  # the reason often follows the fact
    if follow and (heading_like(best.text) or len(best.text) < 120 or explain or lead_in(best.text)):
        chosen.append(follow[0])
        after = [c for c in ranked if c.passage == best.passage and c.position == best.position + 2]
        if lead_in(best.text) and after:
            chosen.append(after[0])  # a list is quoted from its first two entries
    label = [c for c in ranked if c.passage == best.passage and c.position == best.heading]
    if label and label[0] not in chosen:
        chosen.append(label[0])  # a row of figures ("Total 591 … 9227") is quoted after the heading it sits under
    meeting = passages[best.passage].chunk.meeting_date
    for c in ranked[1:]:
        if len(chosen) >= 3 or c.score < best.score - RUNNER_UP_GAP:
            break
        if any(c.text == x.text for x in chosen) or sum(len(x.text) for x in chosen) + len(c.text) > MAX_ANSWER - 60:
            continue
        if heading_like(c.text):
            continue
        if passages[c.passage].chunk.meeting_date != meeting and c.score < best.score - 0.1:
            continue  # another meeting's sentence only when it is nearly as good (a chair is of one meeting)
        chosen.append(c)
    return sorted(chosen, key=lambda c: (c.passage != best.passage, c.passage, c.position))


def _citation(n: int, p: Passage, page: int, quote: str = "", last: int = 0) -> Citation:
    c = p.chunk
    return Citation(n=n, source=c.source, page=page, title=c.title, meeting_date=c.meeting_date,
                    committee=c.committee, printed_page=c.printed_page if page == c.page else None, quote=quote,
                    part=c.part, page_end=last if last > page else None)


def pages_label(c: Citation) -> str:
    """"p. 6", or "pp. 5–6" for a quote across a page break."""
    return f"pp. {c.page}\u2013{c.page_end}" if c.page_end and c.page_end > c.page else f"p. {c.page}"
