"""Questions put and answers given: each member's question as a record (who asked, to whom, the answer).

Kent prints them one to a page: "Question by Mike Sole to Neil Baker, / Cabinet Member for Highways
and Transport", the question, "Answer", the answer, sometimes a "Supplementary" question and answer.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..records import Document

_HEAD = re.compile(r"^\s*Question (?:by|from) (.+?) to (.+?),?\s*$", re.I)
_ROLE = re.compile(r"^\s*(?:Cabinet|Chair|Vice|Leader|Deputy|Member|Lead|Portfolio|Spokes)", re.I)
_ANSWER = re.compile(r"^\s*(?:Answer|Response|Reply)\s*:?\s*$", re.I)
_SUPPLEMENTARY = re.compile(r"^\s*Supplementary(?: question)?\s*:?\s*(.*)$", re.I)
_NOISE = re.compile(r"^\s*(?:Agenda Item \d+|Page \d+|(?:monday|tuesday|wednesday|thursday|friday),? \d{1,2} \w+ \d{4})\s*$",
                    re.I)


@dataclass(frozen=True)
class Question:
    """One question put at a meeting, with its answer."""

    asker: str
    to: str  # the member it was put to
    role: str  # their role as printed ("Cabinet Member for Highways and Transport")
    question: str
    answer: str
    supplementary: str | None
    committee: str
    meeting_date: str | None
    source: str
    page: int
    page_end: int
    quote: str  # the heading as printed: "Question by Mike Sole to Neil Baker, Cabinet Member for …"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Question":
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})

    def text(self) -> str:
        """The record as one passage: heading, question, answer."""
        parts = [self.quote, self.question, "Answer", self.answer]
        if self.supplementary:
            parts += ["Supplementary", self.supplementary]
        return "\n".join(parts)


def extract(doc: Document) -> list[Question]:
    """Every question in a 'Questions put and answers given' paper (none from other documents)."""
    lines = [(p.number, t) for p in doc.pages for t in p.text.splitlines() if not _NOISE.match(t)]
    heads = [i for i, (_, t) in enumerate(lines) if _HEAD.match(t)]
    out: list[Question] = []
    for n, i in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        block = lines[i:end]
        m = _HEAD.match(block[0][1])
        role, k = "", 1
        # the role line under the heading ("Cabinet Member for Highways and Transport"), wrapped at most once
        while k < len(block) and k <= 2 and _ROLE.match(block[k][1]) if k == 1 else \
                k < len(block) and re.search(r"\b(?:and|of|for|the)$", role):
            role = (role + " " + block[k][1].strip()).strip()
            k += 1
        question, answer, supplementary, part = [], [], [], "question"
        for _, t in block[k:]:
            if _ANSWER.match(t) and part == "question":
                part = "answer"
                continue
            s = _SUPPLEMENTARY.match(t)
            if s and part == "answer":
                part = "supplementary"
                t = s.group(1)
            {"question": question, "answer": answer, "supplementary": supplementary}[part].append(t)

        def flat(x: list[str]) -> str:
            return re.sub(r"[ \t]+", " ", "\n".join(x)).strip()

        quote = " ".join(f"{block[0][1].strip()} {role}".split())
        out.append(Question(asker=m.group(1).strip(), to=m.group(2).strip(" ,"), role=role, question=flat(question),
                            answer=flat(answer), supplementary=flat(supplementary) or None,
                            committee=doc.committee, meeting_date=doc.meeting_date, source=doc.source,
                            page=block[0][0], page_end=block[-1][0], quote=quote))
    return out
