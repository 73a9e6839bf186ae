"""Whether an answer's quotes and their passages hold what the question is about: a small fitted model that declines.

The thresholds in `abstain.py` judge the best passage found; `evidence.py` checks the period and the
names asked. A quote can pass both and still be about something else: "how many pupils are eligible
for free school meals?" answered from an Early Years budget row, "what was the turnout at the May 2025
elections?" from a paper that mentions the elections. What gives it away is a word of the question
the papers do use elsewhere (so not a typo and not a word the index lacks) that is rare in them
(so it says what is asked, not how) and that neither the quotes nor the passages they come from,
nor their papers' titles and headings, hold.

The features (`features`) are read from the answer as shown: the quotes, the titles and headings
of the papers quoted, and the passages the quotes come from. A logistic model over them, fitted on
the tune questions of every question set by scripts/fit_support.py (labels from the gold files, never
stored), gives the chance the question has no answer in the papers; above the threshold chosen on
tune the answer is withheld. The coefficients are plain JSON (support.json) beside weights.json, and
name the features the model reads (now `missing_top` and `dense_gap`: a missing rare word alone is as
often a verb the papers put another way, so the model also asks whether the passage quoted is the one
closest in meaning to the question).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from ..records import Answer
from ..text.normalise import tokens
from ..text.synonyms import held
from .query import Query

MODEL_PATH = Path(__file__).with_name("support.json")
# A term is what the question is about, not how it is asked, when the index weighs it at least this
# (idf): log(1/0.1) ≈ 2.3, a word in fewer than a tenth of the chunks. "Kent" in Kent's papers (1.4),
# "council" (1.1) and "school" (2.2) say where, not what; "foster" (4.9) and "turnout" (8.7) say what.
RARE = 2.3
# A word the index holds nowhere weighs `unseen`; the passage-coverage thresholds already count
# against it, and a word within this of it is treated as unseen (floating point of the idf).
UNSEEN_SLACK = 1e-6
# The question's years, months, quarters and bare numbers are the period check's (`evidence`), not the subject's.
_PERIOD = re.compile(r"fy\d{4}_\d\d$|(?:19|20)\d\d$|\d+$|q[1-4]$|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|"
                     r"nov|dec)[a-z]*$")
NAMES = ("missing_top", "missing_share", "missing_rare", "head_missing", "quote_share", "single_share", "unknown_share",
         "cited_dense", "dense_gap")


def subject(q: Query) -> dict[str, float]:
    """The question's weighted terms without its period (years, months, quarters, numbers)."""
    return {t: w for t, w in q.weights.items() if not _PERIOD.match(t)}


def features(q: Query, cited: Sequence[tuple[str, Sequence[str]]], unseen: float) -> dict[str, float]:
    """What the answer's evidence holds of the question.

    cited: each citation's quote, with the texts around it (the passages it comes from, their papers'
    titles and headings); unseen: the weight of a term the index does not hold (`engine.unseen_weight`).

    - missing_top: the weight of the heaviest known term that no quote nor its passage holds, over `unseen`;
    - missing_share: the share of the subject's known weight that no quote nor passage holds;
    - missing_rare: how many rare (`RARE`) known terms none holds;
    - head_missing: 1 when the question's heaviest known term is one of those;
    - quote_share: the share of the subject's weight the quotes themselves hold;
    - single_share: the largest share of the subject's known weight one citation (quote and passage) holds
      alone: quotes that each hold a part ("Household Support Fund" for "foster households") are not one answer;
    - unknown_share: the share of the subject's weight in terms the index does not hold at all.
    """
    weights, known, quoted, each = _held(q, cited, unseen)
    evidence = quoted.union(*each)
    total = sum(weights.values()) or 1.0
    known_total = sum(known.values()) or 1.0
    missing = {t: w for t, w in known.items() if t not in evidence}
    return {"missing_top": max(missing.values(), default=0.0) / unseen,
            "missing_share": sum(missing.values()) / known_total,
            "missing_rare": float(sum(w >= RARE for w in missing.values())),
            "head_missing": float(bool(known) and max(known, key=known.__getitem__) in missing),
            "quote_share": sum(w for t, w in weights.items() if t in quoted) / total,
            "single_share": max((sum(w for t, w in known.items() if t in toks) / known_total for toks in each),
                                default=0.0),
            "unknown_share": sum(w for t, w in weights.items() if t not in known) / total}


def missing_terms(q: Query, cited: Sequence[tuple[str, Sequence[str]]], unseen: float) -> list[str]:
    """The known subject terms no quote nor passage holds, heaviest first (for reports)."""
    _, known, quoted, each = _held(q, cited, unseen)
    evidence = quoted.union(*each)
    return sorted((t for t in known if t not in evidence), key=lambda t: -known[t])


def missing_words(q: Query, answer: Answer, unseen: float | None) -> list[str]:
    """The question's words (as written) for the rare terms the answer's evidence lacks, heaviest first."""
    if unseen is None:
        return []
    words = {t: w for w in re.findall(r"[\w'’-]+", q.text) for t in tokens(w)}
    missing = missing_terms(q, answer_cited(answer), unseen)
    return [words[t] for t in missing if t in words and q.weights.get(t, 0.0) >= RARE]


def _held(q: Query, cited: Sequence[tuple[str, Sequence[str]]], unseen: float):
    """(subject weights, its known terms, the tokens the quotes hold, the tokens each citation holds)."""
    weights = subject(q)
    alts = {t: a for t, a in q.alternatives.items() if t in weights}
    known = {t: w for t, w in weights.items() if w < unseen - UNSEEN_SLACK}
    quoted = held(set(tokens(" ".join(quote for quote, _ in cited))), alts)
    each = [held(set(tokens(" ".join([quote, *around]))), alts) for quote, around in cited]
    return weights, known, quoted, each


def answer_cited(answer: Answer) -> list[tuple[str, list[str]]]:
    """Each citation's quote with its paper's title and the passages (heading and text) it points into."""
    out = []
    for c in answer.citations:
        around = [c.title, c.part]
        for p in answer.passages:
            if c.points_into(p.chunk):
                around += [p.chunk.title, p.chunk.section, p.text]
        out.append((c.quote, around))
    return out


def dense_features(answer: Answer) -> dict[str, float]:
    """How close in meaning the passages quoted are to the question (their retrieval cosine, `Passage.dense`):
    cited_dense, the closest quoted passage; dense_gap, how far that falls below the closest passage found.
    A recorded resolution has no cosine of its own (it is found by its own search), so it is left out."""
    searched = [p for p in answer.passages if p.chunk.kind != "resolution"]
    best = max((p.dense for p in searched), default=0.0)
    cited = [p.dense for p in searched if any(c.points_into(p.chunk) for c in answer.citations)]
    near = max(cited, default=best)
    return {"cited_dense": near, "dense_gap": best - near}


def answer_features(q: Query, answer: Answer, unseen: float) -> dict[str, float]:
    """Every feature the model reads, of an answer as composed."""
    return {**features(q, answer_cited(answer), unseen), **dense_features(answer)}


@lru_cache(maxsize=1)
def model(path: str = str(MODEL_PATH)) -> dict | None:
    """The fitted coefficients ({"coef": {name: w}, "intercept", "mean", "scale", "threshold"}), or None
    when none has been fitted (then nothing is declined here)."""
    p = Path(path)
    return json.loads(p.read_text()) if p.exists() else None


def unanswered_chance(feats: Mapping[str, float], fitted: Mapping) -> float:
    """The model's chance that the question has no answer in the papers."""
    z = float(fitted["intercept"])
    for name, w in fitted["coef"].items():
        z += w * (feats[name] - fitted["mean"][name]) / (fitted["scale"][name] or 1.0)
    return 1.0 / (1.0 + math.exp(-z))


def unsupported(q: Query, answer: Answer, unseen: float | None, fitted: Mapping | None = None) -> bool:
    """Whether the answer's evidence lacks a name the question asks about, or the model judges it not to hold
    what was asked."""
    if unseen is None or not answer.found or not answer.citations:
        return False
    cited = answer_cited(answer)  # read once for the name and the model
    if missing_name(q, cited, unseen):
        return True
    fitted = fitted if fitted is not None else model()
    if not fitted:
        return False
    return unanswered_chance({**features(q, cited, unseen), **dense_features(answer)}, fitted) >= fitted["threshold"]


# a name the question writes: capitalised words, not its first, run together (with "and", "of" inside)
_NAME = re.compile(r"(?<=[\w,)] )[A-Z][a-z][\w'’-]*(?:\s+(?:(?:and|of|for|&)\s+)?[A-Z][\w'’-]*)*")


def missing_name(q: Query, cited: Sequence[tuple[str, Sequence[str]]], unseen: float) -> str | None:
    """The first word of a name the question asks about ("Warwickshire" of "Warwickshire County Council", "Swale"),
    a word the papers use, and rarely (`RARE`), that neither the quotes nor the passages and titles they come from
    hold: the answer is about somewhere or someone else. The word as the question writes it, or None. Only a
    name's first word, which tells it from its like ("Coventry City Council"): a later one ("Scheme" of "Kent
    Scheme") is as often a word the papers leave out. `evidence.missing_names` checks every capitalised word against
    wider evidence (the text around the passages too, which holds "Warwickshire" near Coventry's minutes); this reads
    the evidence as the model does, `answer_cited`."""
    names = {t: m.split()[0] for m in _NAME.findall(q.text) for t in tokens(m.split()[0])}
    if not names:
        return None
    missing = set(missing_terms(q, cited, unseen))
    return next((names[t] for t in names if t in missing and q.weights.get(t, 0.0) >= RARE), None)
