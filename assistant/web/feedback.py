"""Readers' 👍/👎 and comments on answers, kept in a SQLite file beside the index (rebuilds keep it)."""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

from ..records import Answer

FILE = "feedback.sqlite"  # in the index folder, next to the generations, never inside one
COMMENT_CHARS = 2000  # a comment longer than this is cut: it is a note, not a document
_SCHEMA = """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, question TEXT NOT NULL, read_as TEXT NOT NULL,
    answer TEXT NOT NULL, found INTEGER NOT NULL, citations TEXT NOT NULL,
    vote INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '')"""


def _open(index_dir: Path) -> sqlite3.Connection:
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(Path(index_dir) / FILE, timeout=10)
    con.execute(_SCHEMA)
    return con


def record(index_dir: Path, answer: Answer, vote: int, comment: str = "", row_id: int | None = None) -> int:
    """Store (or, given row_id, update) one reader's verdict: vote +1 or -1. Returns the row id."""
    vote = 1 if vote > 0 else -1
    comment = (comment or "").strip()[:COMMENT_CHARS]
    con = _open(index_dir)
    try:
        with con:
            if row_id is not None:
                con.execute("UPDATE feedback SET vote = ?, comment = ? WHERE id = ?", (vote, comment, row_id))
                return row_id
            cites = json.dumps([{"n": c.n, "source": c.source, "page": c.page, "quote": c.quote}
                                for c in answer.citations], ensure_ascii=False)
            cur = con.execute(
                "INSERT INTO feedback (at, question, read_as, answer, found, citations, vote, comment) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (dt.datetime.now().isoformat(timespec="seconds"), answer.question,
                 answer.resolved_question or answer.question, answer.answer, int(answer.found), cites, vote,
                 comment))
            return int(cur.lastrowid)
    finally:
        con.close()


def listing(index_dir: Path) -> list[dict]:
    """Every verdict, newest first (empty when none was given yet)."""
    if not (Path(index_dir) / FILE).exists():
        return []
    con = _open(index_dir)
    try:
        con.row_factory = sqlite3.Row
        rows = con.execute("SELECT * FROM feedback ORDER BY id DESC").fetchall()
    finally:
        con.close()
    return [{**dict(r), "found": bool(r["found"]), "citations": json.loads(r["citations"])} for r in rows]


def draft_gold(rows: list[dict]) -> list[dict]:
    """The verdicts as draft questions in the `boardqa eval` format, for an officer to finish.

    A 👍 answer drafts its quoted text as the evidence and its figures as answer patterns; a 👎 one
    is left for the officer to fill (the comment says what was wrong). Every draft is marked so.
    """
    out = []
    for r in rows:
        cites = r["citations"]
        good = r["vote"] > 0
        evidence = [q for c in cites for q in (c.get("quote") or "").split("\n") if q.strip()][:3] if good else []
        figures = sorted(set(re.findall(r"£?\d[\d,.]*\s?(?:m|bn|k|%)?", " ".join(evidence))))[:3]
        item = {"id": f"fb{r['id']:04d}", "question": r["question"], "answerable": bool(good and r["found"]),
                "answer_patterns": [re.escape(f.strip()) for f in figures if f.strip()],
                "evidence": evidence, "type": "feedback", "split": "tune", "draft": True,
                "feedback": {"vote": r["vote"], "comment": r["comment"], "at": r["at"], "answer": r["answer"]}}
        if cites:
            item["source"], item["page"] = cites[0]["source"], cites[0]["page"]
        out.append(item)
    return out


def draft_gold_jsonl(index_dir: Path) -> str:
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in draft_gold(listing(index_dir)))
