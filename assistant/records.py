"""The small frozen records that carry data from ingestion to the answer."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Page:
    """One page of a document as text, already cleaned."""

    number: int  # 1-based PDF page
    text: str
    printed: int | None = None  # the page's own "Page N" stamp, where it has one
    layout: str = ""  # the same page with horizontal positions kept (tables are read from this)


@dataclass(frozen=True)
class Document:
    """A file of the corpus with its pages and what we know about its meeting."""

    source: str  # path relative to the corpus root
    sha256: str
    title: str
    committee: str
    meeting_date: str | None  # ISO date of the meeting the file was published for
    doc_type: str  # agenda, minutes, report, briefing note, appendix, questions, decision, pack
    pages: tuple[Page, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a document with everything a citation needs."""

    id: str
    text: str  # what a person reads, in the papers' words
    source: str
    title: str
    committee: str
    meeting_date: str | None  # the date of the meeting the passage belongs to (minutes: the earlier meeting)
    doc_type: str
    page: int  # first 1-based PDF page
    page_end: int
    printed_page: int | None = None
    section: str = ""  # "item › heading" path
    item: str = ""  # agenda item / minute number, e.g. "29"
    kind: str = "text"  # text | table
    rows: tuple[str, ...] = ()  # table rows read with their column headings ("2014/15: £8.3 m")
    also: tuple[str, ...] = ()  # other file names holding the same document
    council: str = ""  # the council whose papers these are (`boardqa index --council`, or the corpus folder)
    part: str = ""  # the display title of the paper within the document ("Libraries Update — briefing note, …")
    breaks: tuple[tuple[int, int], ...] = ()  # (character offset in text, page) where a new page starts
    table: str = ""  # a ruled table's record as JSON, with "row": the row this chunk is (papers/tablechunks.py)
    version: str = ""  # JSON {"later": {…}, "earlier": {…}}: other versions of its paper (indexing/versions.py)

    def header(self) -> str:
        """The short context line embedded in front of the text."""
        parts = [self.title, self.section]
        return " › ".join(p for p in parts if p)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Chunk":
        data = dict(data)
        for key in ("rows", "also"):
            data[key] = tuple(data.get(key) or ())
        data["breaks"] = tuple(tuple(b) for b in data.get("breaks") or ())
        return cls(**data)

    def page_at(self, offset: int) -> int:
        """The PDF page the character at offset of the text is printed on."""
        page = self.page
        for at, p in self.breaks:
            if offset >= at:
                page = p
        return page


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its score, as shown and cited."""

    chunk: Chunk
    score: float
    dense: float = 0.0  # cosine similarity to the question
    lexical: float = 0.0  # BM25 score
    before: str = ""  # the end of the chunk before it in the same item, for context
    after: str = ""  # the start of the chunk after it in the same item
    before_page: int | None = None  # the pages those neighbours start on
    after_page: int | None = None

    @property
    def text(self) -> str:
        """The chunk with its neighbouring context, as a person reads the passage."""
        return "\n".join(t for t in (self.before, self.chunk.text, self.after) if t)

    def to_json(self) -> dict:
        c = self.chunk
        return {"text": self.text, "source": c.source, "page": c.page, "score": round(self.score, 4),
                "title": c.title, "committee": c.committee, "meeting_date": c.meeting_date,
                "section": c.section, "page_end": c.page_end, "printed_page": c.printed_page,
                "doc_type": c.doc_type, "item": c.item, "council": c.council, "part": c.part,
                **table_view(c)}


def table_view(chunk: Chunk) -> dict:
    """{"table": {caption, columns, rows, row}} for a chunk read from a ruled table, else {}."""
    if not chunk.table:
        return {}
    import json

    t = json.loads(chunk.table)
    rows = [[r["label"], *r["cells"]] for r in t.get("rows", ())]
    return {"table": {"caption": t.get("caption", ""), "columns": t.get("columns", []), "rows": rows,
                      "row": t.get("row"), "units": t.get("units")}}


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    page: int
    title: str
    meeting_date: str | None
    committee: str = ""
    printed_page: int | None = None
    quote: str = ""  # the sentences or rows quoted from this page, one a line
    council: str = ""  # the council whose paper it is, where the index records one
    part: str = ""  # the paper quoted, as a person reads its title
    page_end: int | None = None  # the page a quote crossing a page break ends on ("pp. 5–6")

    def points_into(self, chunk: "Chunk") -> bool:
        """The cited page is one of the chunk's pages, in the chunk's paper."""
        return chunk.source == self.source and chunk.page <= self.page <= max(chunk.page, chunk.page_end)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    question: str
    found: bool
    answer: str
    passages: tuple[Passage, ...] = ()
    citations: tuple[Citation, ...] = ()
    note: str = ""  # why the answer is what it is (abstained, fell back from the model, ...)
    resolved_question: str = ""  # the question after follow-up resolution

    def to_json(self) -> dict:
        out = {"question": self.question, "found": self.found, "answer": self.answer,
               "passages": [p.to_json() for p in self.passages],
               "citations": [c.to_json() for c in self.citations]}
        if self.note:
            out["note"] = self.note
        if self.resolved_question and self.resolved_question != self.question:
            out["resolved_question"] = self.resolved_question
        return out
