"""What a generation's documents.json holds besides chunks — documents, resolutions, meetings, questions — for every engine."""
from __future__ import annotations

import json
from pathlib import Path


class DocumentRecords:
    """What a generation's documents.json holds besides chunks — documents, resolutions, meetings,
    questions — read once (a generation never changes); shared by every engine's store."""

    folder: Path

    def documents(self) -> list[dict]:
        if getattr(self, "_docs", None) is None:
            self._docs = json.loads((self.folder / "documents.json").read_text(encoding="utf-8"))
        return self._docs

    def resolutions(self) -> list:
        """Every resolution, decision and vote recorded in the indexed documents (see resolutions.py)."""
        from ..papers.resolutions import Resolution

        return [Resolution.from_json({**r, "source": d["source"]})
                for d in self.documents() for r in d.get("resolutions", [])]

    def meetings(self) -> list:
        """Every meeting the indexed papers hold, one record per body and date (see papers/meetings.py)."""
        if getattr(self, "_meetings", None) is None:
            self._meetings = meetings_of(self.documents())
        return self._meetings

    def questions(self) -> list:
        """Every question put and answered, from the questions papers (see papers/questions.py)."""
        return questions_of(self.documents())


def meetings_of(documents: list[dict]) -> list:
    """The meeting records of documents' records, copies of one meeting merged (engine-blind)."""
    from ..papers.meetings import Meeting, merge

    return merge([Meeting.from_json(m) for d in documents for m in d.get("meetings", [])])


def questions_of(documents: list[dict]) -> list:
    """The questions put and answered in documents' records, each once (engine-blind)."""
    from ..papers.questions import Question

    seen, out = set(), []
    for d in documents:
        for q in d.get("questions", []):
            key = (q.get("asker"), q.get("meeting_date"), (q.get("question") or "")[:80])
            if key not in seen:
                seen.add(key)
                out.append(Question.from_json(q))
    return out
