#!/usr/bin/env python3
"""Fit the model that declines answers whose evidence lacks what was asked (`support.py`), on the TUNE questions of every set.

    python scripts/fit_support.py [--coventry-index /work/idx/s14-cov] [--kent-index /work/idx/s14-kent]
                                  [--dev ../shared/eval] [--cache /tmp/support-rows.jsonl] [--out assistant/answers/support.json]

1. Every question of every set (ours, the nine blind sets and the shared dev sets, both corpora) is answered by
   the whole pipeline with the model turned off; each answer that reaches it (found, cited, and past the
   period, names and target checks) has its `support.features` recorded where `evidence` would call it.
   The label is whether the gold says the question has no answer in the papers; labels are made here,
   from the gold files, and never stored. (--cache keeps the rows, so a refit need not answer again.)
2. A logistic regression over `FEATURES` (standardised, classes balanced) is fitted on the tune rows of a
   second pass with the passage thresholds of `abstain.py` turned off (more unanswerable questions are then
   answered, from passages about something else: the cases the model is for); the dev sets count as tune.
3. The threshold is the one on tune that declines the most unanswerable questions less `FA_COST` times
   the answerable ones it declines (the highest such threshold on a tie); tune and holdout figures per
   set, before and after, are printed, and written with the coefficients to support.json.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answers import abstain, support  # noqa: E402
from assistant.answers.evaluate import read_jsonl  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402

# A false abstention costs this many unanswerable questions declined: the issue allows 0.06 false abstention
# against 0.15 missed abstention, and answerable questions outnumber unanswerable ones about eight to one.
FA_COST = 2.0
HAND_ABSTAIN = ("MIN_PASSAGE_COVERAGE", "MIN_SUBJECT", "MIN_OWN")
# The features the model reads. All of `support.NAMES` were tried on tune: with every one the model declines the
# same tune questions as with these two (the heaviest known word no quote nor passage holds, and how far the
# passage quoted falls below the closest one found), so the smaller model is kept: eleven unanswerable
# answers are too few to weigh nine features.
FEATURES = ("missing_top", "dense_gap")
C = 1.0  # the usual regularisation: two features, a few hundred rows
SETS = (("coventry", "docs/eval/coventry.jsonl", "cov"), ("kent", "docs/eval/kent.jsonl", "kent"),
        ("bcov", "docs/eval/blind_coventry.jsonl", "cov"), ("bkent", "docs/eval/blind_kent.jsonl", "kent"),
        ("b2cov", "docs/eval/blind2_coventry.jsonl", "cov"), ("b2kent", "docs/eval/blind2_kent.jsonl", "kent"),
        ("b3cov", "docs/eval/blind3_coventry.jsonl", "cov"), ("b3kent", "docs/eval/blind3_kent.jsonl", "kent"),
        ("b4cov", "docs/eval/blind4_coventry.jsonl", "cov"), ("b4kent", "docs/eval/blind4_kent.jsonl", "kent"),
        ("b5cov", "docs/eval/blind5_coventry.jsonl", "cov"), ("b5kent", "docs/eval/blind5_kent.jsonl", "kent"),
        ("b6cov", "docs/eval/blind6_coventry.jsonl", "cov"), ("b6kent", "docs/eval/blind6_kent.jsonl", "kent"),
        ("b7cov", "docs/eval/blind7_coventry.jsonl", "cov"), ("b7kent", "docs/eval/blind7_kent.jsonl", "kent"),
        ("b8cov", "docs/eval/blind8_coventry.jsonl", "cov"), ("b8kent", "docs/eval/blind8_kent.jsonl", "kent"),
        ("b9cov", "docs/eval/blind9_coventry.jsonl", "cov"), ("b9kent", "docs/eval/blind9_kent.jsonl", "kent"),
        ("dev", "{dev}/dev.jsonl", "cov"), ("devk", "{dev}/dev_kent.jsonl", "kent"))


def answer_right(gold: dict, found: bool, text: str) -> bool:
    import re

    return found and any(re.search(p, text[:2000], re.I) for p in gold["answer_patterns"])


def collect(indexes: dict[str, str], dev: str, thresholds: bool = True) -> list[dict]:
    """One row per question: its set, split, label, whether it was answered (right) and, if the answer
    reached the model, its features. thresholds=False turns the passage thresholds (`abstain`) off, so
    that the questions they decline are answered too and show the model what an answer from passages
    about something else looks like."""
    seen: dict = {}
    hand = {n: getattr(abstain, n) for n in HAND_ABSTAIN}
    for n in HAND_ABSTAIN:
        setattr(abstain, n, hand[n] if thresholds else -1.0)

    def record(q, answer, unseen, fitted=None):
        if unseen is not None and answer.found and answer.citations:
            cited = support.answer_cited(answer)
            seen["features"] = support.answer_features(q, answer, unseen)
            seen["missing"] = support.missing_terms(q, cited, unseen)
        return False

    support.unsupported = record  # the model off, its inputs recorded
    rows = []
    for name, gold_path, corpus in SETS:
        assistant = Assistant(Settings().with_(index_dir=Path(indexes[corpus])))
        for g in read_jsonl(gold_path.format(dev=dev)):
            seen.clear()
            answer = assistant.ask(g["question"])
            rows.append({"set": name, "id": g["id"], "split": g.get("split", "tune"),
                         "unanswerable": not g.get("answerable", True), "found": answer.found,
                         "right": bool(g.get("answerable", True)) and answer_right(g, answer.found, answer.answer),
                         "features": seen.get("features"), "missing": seen.get("missing")})
    for n in HAND_ABSTAIN:
        setattr(abstain, n, hand[n])
    return rows


def fit(wide: list[dict], rows: list[dict]) -> dict:
    """The model fitted on the tune answers given with the thresholds off (`wide`); its threshold chosen on the
    tune answers the pipeline gives (`rows`)."""
    from sklearn.linear_model import LogisticRegression

    train = [r for r in wide if r["split"] == "tune" and r["features"]]
    x = np.array([[r["features"][n] for n in FEATURES] for r in train])
    y = np.array([r["unanswerable"] for r in train])
    mean, scale = x.mean(0), x.std(0) + 1e-9
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit((x - mean) / scale, y)
    fitted = {"coef": dict(zip(FEATURES, map(float, lr.coef_[0]))), "intercept": float(lr.intercept_[0]),
              "mean": dict(zip(FEATURES, map(float, mean))), "scale": dict(zip(FEATURES, map(float, scale)))}
    tune = [r for r in rows if r["split"] == "tune" and r["features"]]
    chances = [support.unanswered_chance(r["features"], fitted) for r in tune]
    best = (0.0, 1.0)  # declining nothing gains nothing: a threshold of 1 keeps every answer
    for t in sorted(set(chances), reverse=True):
        gain = sum(c >= t and r["unanswerable"] for c, r in zip(chances, tune)) \
            - FA_COST * sum(c >= t and not r["unanswerable"] for c, r in zip(chances, tune))
        if gain > best[0]:
            best = (gain, t)
    # halfway to the next chance below, so a question scored just under the one chosen is not declined by rounding
    below = [c for c in chances if c < best[1]]
    fitted["threshold"] = round((best[1] + max(below)) / 2, 4) if below else best[1]
    fitted["training"] = {"rows": len(train), "unanswerable": int(y.sum()), "FA_COST": FA_COST, "C": C,
                          "threshold_rows": len(tune), "threshold_unanswerable": sum(r["unanswerable"] for r in tune)}
    return fitted


def figures(rows: list[dict], fitted: dict | None) -> dict:
    """answer accuracy, false abstention and abstention accuracy with (or without) the model."""
    def found(r):
        return r["found"] and not (fitted and r["features"]
                                   and support.unanswered_chance(r["features"], fitted) >= fitted["threshold"])
    ans = [r for r in rows if not r["unanswerable"]]
    un = [r for r in rows if r["unanswerable"]]
    return {"answer_accuracy": round(sum(r["right"] and found(r) for r in ans) / max(len(ans), 1), 3),
            "false_abstention": round(sum(not found(r) for r in ans) / max(len(ans), 1), 3),
            "abstention_accuracy": round(sum(not found(r) for r in un) / max(len(un), 1), 3),
            "questions": len(rows)}


def rows_of(indexes: dict[str, str], dev: str, cache: str, thresholds: bool) -> list[dict]:
    """`collect`, or the rows it wrote to `cache` before."""
    if cache and Path(cache).exists():
        return read_jsonl(cache)
    rows = collect(indexes, dev, thresholds)
    if cache:
        Path(cache).write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--coventry-index", default="/work/idx/s14-cov")
    ap.add_argument("--kent-index", default="/work/idx/s14-kent")
    ap.add_argument("--dev", default="/work/shared/eval")
    ap.add_argument("--cache", default="")
    ap.add_argument("--out", default=str(support.MODEL_PATH))
    args = ap.parse_args()
    indexes = {"cov": args.coventry_index, "kent": args.kent_index}
    rows = rows_of(indexes, args.dev, args.cache, thresholds=True)
    wide = rows_of(indexes, args.dev, args.cache and args.cache + ".wide", thresholds=False)
    fitted = fit(wide, rows)
    report = {}
    for name, _, _ in SETS:
        for split in ("tune", "holdout"):
            part = [r for r in rows if r["set"] == name and r["split"] == split]
            if part:
                report[f"{name}/{split}"] = {"before": figures(part, None), "after": figures(part, fitted)}
                print(f"{name + '/' + split:16s} before {report[f'{name}/{split}']['before']}\n"
                      f"{'':16s} after  {report[f'{name}/{split}']['after']}")
    fitted["figures"] = report
    Path(args.out).write_text(json.dumps(fitted, indent=1) + "\n")
    print(json.dumps({k: fitted[k] for k in ("coef", "intercept", "threshold", "training")}, indent=1))


if __name__ == "__main__":
    main()
