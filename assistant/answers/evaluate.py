"""Scoring answers against a gold question set, with the shared scorer's exact rules, overall and per type/split.

The rules are those of `shared/eval/score.py`, re-implemented here so the package stands alone
(tests check the two agree figure for figure):

- text is compared after normalising: NFKC, curly quotes/dashes folded, markdown markup
  (** <sup> <b> #) dropped, whitespace collapsed, lower-cased;
- a passage counts only through its first 2,000 characters, the answer through its first 800;
- retrieval: an answerable question is found at rank r when passage r holds any gold evidence
  string; recall@k and MRR@10 are over answerable questions;
- answer accuracy: an answerable question is right when found is true and any answer pattern
  matches the answer text;
- abstention: an unanswerable question is right when found is false; answerable questions
  answered found=false count as false abstentions.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PASSAGE_CHARS, ANSWER_CHARS = 2000, 800  # the scorer reads no further: returning whole documents does not help
RECALL_AT = (1, 3, 5, 10)
MISS_RANK = 5  # an answered question whose evidence is first found below this rank is listed as a miss
GROUPS = ("type", "split", "variant")  # gold fields whose values the figures are also given for
_MARKUP = re.compile(r"\*\*|</?(sup|sub|b|i|u)>|^#+\s*|`", re.M)
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " ", "\u00ad": ""})

Reply = Mapping[str, object]  # one line of `ask --batch --json`: {"id", "found", "answer", "passages": [...]}


@dataclass(frozen=True)
class Miss:
    """A question answered wrongly, abstained on, found low, or (unanswerable) answered."""

    id: str
    type: str | None
    question: str
    rank: int | None  # where the evidence was first found in the passages (None: not in the top 10)
    answer_ok: bool
    found: bool | None
    wanted: str  # the gold's reference answer
    said: str  # the start of what the system answered

    def line(self) -> str:
        verdict = "answered" if self.type == "unanswerable" else f"rank={self.rank} answer_ok={self.answer_ok}"
        return (f"{self.id} [{self.type}] {verdict} found={self.found} q={self.question!r} "
                f"want={self.wanted!r} got={self.said!r}")


def norm(text: str | None) -> str:
    """Text as the scorer compares it."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD)
    return re.sub(r"\s+", " ", _MARKUP.sub("", text)).strip().lower()


def read_jsonl(path: str | Path) -> list[dict]:
    """The JSON objects of a JSONL file, blank lines skipped."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def hit_rank(gold: Mapping, passages: Iterable[Mapping]) -> int | None:
    """The 1-based rank of the first passage holding a gold evidence string, or None."""
    evidence = [norm(e) for e in gold.get("evidence", []) if e.strip()]
    for rank, p in enumerate(passages, 1):
        text = norm((p.get("text") or "")[:PASSAGE_CHARS])
        if any(e in text for e in evidence):
            return rank
    return None


def matches(gold: Mapping, text: str) -> bool:
    """Whether any of the gold's answer patterns matches `text` (case-insensitive)."""
    return any(re.search(p, text, re.I) for p in gold["answer_patterns"])


def answer_right(gold: Mapping, reply: Reply) -> bool:
    """An answer is right when it was given (found) and a gold answer pattern matches its start."""
    return bool(reply.get("found")) and matches(gold, str(reply.get("answer") or "")[:ANSWER_CHARS])


def score(golds: list[Mapping], replies: Mapping[str, Reply]) -> tuple[dict, list[Miss]]:
    """The scorer's figures for these questions, and the questions it lists as misses."""
    answerable = [g for g in golds if g.get("answerable", True)]
    unanswerable = [g for g in golds if not g.get("answerable", True)]
    ranks: dict[str, int | None] = {}
    misses = []
    for g in answerable:
        r = replies.get(g["id"], {})
        ranks[g["id"]] = rank = hit_rank(g, r.get("passages", []))
        ok = answer_right(g, r)
        if not ok or not rank or rank > MISS_RANK:
            misses.append(_miss(g, r, rank, ok))
    for g in unanswerable:
        r = replies.get(g["id"], {})
        if r.get("found", True):
            misses.append(_miss(g, r, None, False, "unanswerable"))
    n = max(len(answerable), 1)
    m: dict = {f"recall@{k}": round(sum(1 for r in ranks.values() if r and r <= k) / n, 3) for k in RECALL_AT}
    m["mrr@10"] = round(sum(1 / r for r in ranks.values() if r and r <= 10) / n, 3)
    m["answer_accuracy"] = round(sum(answer_right(g, replies.get(g["id"], {})) for g in answerable) / n, 3)
    m["false_abstention"] = round(sum(not replies.get(g["id"], {}).get("found") for g in answerable) / n, 3)
    m["abstention_accuracy"] = round(
        sum(not replies.get(g["id"], {}).get("found", True) for g in unanswerable) / max(len(unanswerable), 1), 3)
    m["answered_ids"] = sum(1 for g in golds if g["id"] in replies)
    m["questions"] = len(golds)
    return m, misses


def _miss(g: Mapping, r: Reply, rank: int | None, ok: bool, kind: str | None = None) -> Miss:
    return Miss(id=g["id"], type=kind or g.get("type"), question=g["question"], rank=rank, answer_ok=ok,
                found=r.get("found"), wanted=str(g.get("answer", "")), said=str(r.get("answer") or "")[:160])


def report(golds: list[Mapping], replies: Mapping[str, Reply]) -> dict:
    """{"overall": figures, "by_type": {type: figures}, "by_split": …, "by_variant": …}; a group is
    present only when the gold names it."""
    out = {"overall": score(golds, replies)[0]}
    for field in GROUPS:
        values = sorted({str(g[field]) for g in golds if g.get(field)})
        if values or field == "type":
            out[f"by_{field}"] = {v: score([g for g in golds if str(g.get(field)) == v], replies)[0] for v in values}
    return out


def run(golds: Iterable[Mapping], ask: Callable[[str], object]) -> dict[str, dict]:
    """Each gold question answered by `ask` (question -> `Answer`), as `ask --batch --json` writes it."""
    replies = {}
    for g in golds:
        answer = ask(g["question"])
        # through JSON, as the batch writes it, so the figures are those of a saved answers file
        replies[g["id"]] = json.loads(json.dumps({"id": g.get("id"), **answer.to_json()}, ensure_ascii=False))
    return replies
