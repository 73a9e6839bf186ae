"""Who asked a question put at a meeting, and who answered it, from the questions-and-answers records.

The record whose question (and asker, and the member it was put to) holds most of the question's
idf-weighted terms is the one asked about; it must hold a fair share of them, else nothing is said.
"""
from __future__ import annotations

from ..papers.questions import Question
from ..papers.structure import title_of
from ..records import Answer, Chunk, Citation, Passage
from ..text.normalise import tokens
from .query import Query

MIN_SHARE = 0.35  # weighted share of the question's terms a record must hold to be the one asked about
_ASKING_WORDS = frozenset(tokens("who asked answered which cabinet member question questions about put raised replied"))


def term_share(q: Query, terms: set[str], words: set[str]) -> float:
    """The idf-weighted share of `terms` (some of the question's) that `words` hold; 0 when there are none."""
    total = sum(q.weights.get(t, 1.0) for t in terms)
    return sum(q.weights.get(t, 1.0) for t in terms if t in words) / total if total else 0.0


def search_questions(q: Query, records: list[Question], k: int = 3) -> list[tuple[float, Question]]:
    """The records best matching the question, with the weighted share of its terms each holds."""
    terms = {t for t in q.terms if t not in _ASKING_WORDS}
    scored = [(term_share(q, terms, set(tokens(" ".join((r.asker, r.to, r.role, r.question))))), r) for r in records]
    scored.sort(key=lambda x: -x[0])
    return scored[:k]


def answer_question(q: Query, records: list[Question], printed: dict[str, dict[str, int]]) -> Answer | None:
    """'Antony Hook asked Rob Thomas, Cabinet Member for Environment …' with the heading quoted, or None."""
    best = search_questions(q, records, k=1)
    if not best or best[0][0] < MIN_SHARE:
        return None
    r = best[0][1]
    to = f"{r.to}, {r.role}" if r.role else r.to
    if q.meeting_fact == "answerer":
        lead = f"{to}, answered the question put by {r.asker}."
    else:
        lead = f"{r.asker} asked the question, put to {to}."
    pp = printed.get(r.source, {}).get(str(r.page))
    citation = Citation(n=1, source=r.source, page=r.page, title=title_of(r.source), meeting_date=r.meeting_date,
                        committee=r.committee, printed_page=pp, quote=r.quote)
    passage = Passage(chunk=Chunk(id=f"question-{r.source}-{r.page}", text=r.text()[:1800], source=r.source,
                                  title=title_of(r.source), committee=r.committee, meeting_date=r.meeting_date,
                                  doc_type="questions", page=r.page, page_end=r.page_end, printed_page=pp,
                                  section="Questions put and answers given", kind="question"), score=1.0)
    return Answer(question=q.text, found=True, answer=f"{lead} \u201c{r.quote}\u201d [1]", passages=(passage,),
                  citations=(citation,), note="question record")
