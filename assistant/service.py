"""One object that answers questions over one index: loads the model once, picks up rebuilds."""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from .answers.answer import compose
from .answers.compound import joined
from .answers.conversation import resolve
from .answers.evidence import checked, of_another_time
from .answers.lookup import lookup
from .answers.tablecells import TABLES_READ
from .answers.meeting_asked import facts_asked
from .answers.meetings import follow_up_filters
from .answers.query import Query
from .answers.report_contact import answer_contact, answer_person, asks_contact, person_asked
from .answers.retrieve import Filters, Retriever
from .answers.series import answer_series
from .answers.spelling import initials_for, speller_for
from .answers.wordcells import lookup_words
from .indexing.embed import Embedder
from .indexing.engine import Store, unseen_weight
from .indexing.stores import open_store
from .papers.structure import title_of as _title
from .records import Answer, Chunk, Passage
from .settings import Settings
from .text.abbreviations import sections
from .text.initials import expand


def _votes(votes: dict | None) -> str:
    """A recorded vote in the minutes' own form: "Carried: For (39), Against (19), Abstain (1)."."""
    if not votes:
        return ""
    parts = [f"{label} ({votes[key]})" for key, label in (("for", "For"), ("against", "Against"), ("abstain", "Abstain"))
             if votes.get(key) is not None]
    outcome = votes.get("outcome")
    return (f"{outcome.capitalize()}: " if outcome else "") + ", ".join(parts) + ".\n"


class Assistant:
    """Question answering over an index folder. Thread-safe; reloads when a new generation lands."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None):
        self.settings = settings or Settings()
        self.embedder = embedder or Embedder(self.settings.model, self.settings.batch_size,
                                            self.settings.answer_backend())
        self._lock = threading.Lock()
        self._index: Store | None = None

    @property
    def index(self) -> Store:
        with self._lock:
            if self._index is None or self._index.is_stale():
                self._index = open_store(Path(self.settings.index_dir), self.settings.model, self.settings.store)
            return self._index

    def warm(self) -> None:
        """Load the model and the index, and embed the recorded resolutions (the first "what did X
        decide" question otherwise pays for that, about a second on the Kent papers)."""
        from .answers.decisions import search_resolutions

        self.embedder.embed_query("warm up")
        speller_for(self.index)  # the papers' own words, for correcting typos (a second or two)
        initials_for(self.index)  # and the initials of its bodies ("SB2")
        search_resolutions(self.index, self.embedder, "warm up", k=1)

    def retriever(self) -> Retriever:
        return Retriever(self.index, self.embedder, self.settings)

    def ask(self, question: str, history: list[Answer] | None = None, k: int = 10,
            filters: Filters | None = None) -> Answer:
        """Answer a question, resolving follow-ups against earlier answers in the conversation.

        When BOARDQA_LLM_URL and BOARDQA_LLM_MODEL are set, a model rewrites the quoted answer
        fluently; its text is shown only if every figure, date and name in it is in the passages
        it cites (see llm.py), otherwise the quoted answer stays and the note says why.
        """
        filters = follow_up_filters(question, history, filters)  # "what did they resolve?" after a meeting answer
        retriever = self.retriever()
        # misspelt words first ("wat was agncy spnd"), against the papers' own words; then the follow-up
        speller = speller_for(retriever.index)
        # a body's initials written out ("SB2": Scrutiny Board (2)), then misspelt words, then the follow-up
        resolved = resolve(speller.correct(expand(sections(question, speller.known), initials_for(retriever.index),
                                                  speller.known)), history)
        q = retriever.read(resolved)  # the question is read once; every stage takes `q`
        qv = self.embedder.embed_query(q.embed_text)
        # a table's row can rank below prose that repeats its words: tables are looked for further down
        wider = retriever.search(q, k=k, filters=filters, query_vec=qv, tables_to=TABLES_READ)
        passages = wider[:k]
        extra = self._decisions(q, filters, qv) if q.kind == "decision" else []

        def similarity(texts: list[str]):
            return self.embedder.embed(texts) @ qv

        unseen = unseen_weight(retriever.index.size)  # the weight of a word the papers never use
        # a table of words' cell (who leads a work programme's item, by when), if its quote carries the question
        answer = lookup_words(q, passages)
        if answer is not None and not checked(q, answer, unseen).found:
            answer = None
        if answer is None and asks_contact(q.text):  # whom to contact about a paper: its own sign-off block
            answer = answer_contact(q, passages, self.index)
        if answer is None and (people := person_asked(q.text)):  # "the phone number for Cath Head": hers
            answer = answer_person(q, people, passages, self.index)
        if answer is None and (q.meeting_fact or q.dates):  # from the meeting records
            answer = self._meeting(q, passages, filters)
        if answer is None:  # a table's cell, read by row and column; else the quoted sentences
            first = lookup(q, wider, self.index) or answer_series(q, passages) \
                or compose(q, passages, similarity, extra=extra)  # a year-by-year series of sentences, compared
            answer = checked(q, first, unseen)  # quotes that carry what was asked
            if not answer.found and of_another_time(q, first):  # the best passages' figures are another quarter's
                # or year's: the answer may be in the others ("Quarter 2" in the minutes, below the Q3 report)
                rest = [p for p in passages if not any(c.points_into(p.chunk) for c in first.citations)]
                again = checked(q, compose(q, rest, similarity, extra=extra), unseen) if rest else answer
                answer = again if again.found else answer
        answer = replace(answer, question=question, resolved_question=resolved)
        if answer.found and self.settings.llm_url:
            answer = self._generate(answer)
        return answer

    def _meeting(self, q: Query, passages: list[Passage], filters: Filters | None) -> Answer | None:
        """The answer to a who-chaired/where/when/apologies/contact question from the meeting records, if any."""
        from .answers.meetings import answer_meeting

        from .papers.meetings import body_key

        index = self.index
        docs = index.documents()
        printed = {d["source"]: d.get("printed_pages", {}) for d in docs}
        dated = {(body_key(d.get("committee", "")), d.get("meeting_date") or "") for d in docs}

        def one(query: Query) -> Answer | None:
            return answer_meeting(query, index.meetings(), passages, index.questions(), printed,
                                  committee=filters.committee if filters else None, dated=dated,
                                  on_date=filters.date_from if filters and filters.date_from == filters.date_to else None)

        facts = facts_asked(q.parts) if q.meeting_fact else ()
        if facts:  # "where was it held, and at what time did it start?": each fact from the records, joined
            return joined(q, q.parts, [one(replace(q, meeting_fact=fact)) for fact in facts])
        return one(q)

    def _decisions(self, q: Query, filters: Filters | None, qv=None) -> list[Passage]:
        """The recorded resolutions closest to a "what did X resolve/agree" question, as passages."""
        from .answers.decisions import search_resolutions

        f = filters or Filters()
        if f.doc_type and f.doc_type.lower() != "minutes":
            return []  # resolutions come from minutes
        # records are ranked against the question as asked; qv embeds q.embed_text, often the same text
        qv = qv if qv is not None and q.embed_text == q.text else None
        index = self.index
        if f.council:  # resolutions of that council's papers only
            councils = {d["source"]: (d.get("council") or "").lower() for d in index.documents()}
            index = [r for r in index.resolutions() if councils.get(r.source) == f.council.lower()]
        date_from, date_to = f.date_from, f.date_to
        if not (date_from or date_to) and len(q.dates) == 1:
            date_from = date_to = q.dates[0]  # "what did Cabinet decide on 4 March 2025?": that meeting's records only
        records = search_resolutions(index, self.embedder, q.text, f.committee, date_from, date_to, k=3,
                                     query_vec=qv, terms=q.terms)
        return [Passage(chunk=Chunk(id=f"resolution-{i}", text=_votes(r.votes) + r.text, source=r.source, title=_title(r.source),
                                    committee=r.committee, meeting_date=r.meeting_date, doc_type="minutes",
                                    page=r.page, page_end=r.page, printed_page=r.printed_page,
                                    section=" ".join(x for x in (r.item + ".", r.item_title) if x.strip(".")),
                                    item=r.item, kind="resolution"), score=0.0)
                for i, r in enumerate(records)]

    def _generate(self, answer: Answer) -> Answer:
        from .answers.llm import citations, generate

        text, reason = generate(answer.resolved_question or answer.question, answer, self.settings)
        if text is None:
            return replace(answer, note=reason)
        return replace(answer, answer=text, citations=citations(text, answer.passages), note=reason)
