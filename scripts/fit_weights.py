#!/usr/bin/env python3
"""Fit the answer-unit weights and the abstention thresholds on the TUNE questions; report them on the HOLDOUT.

    python scripts/fit_weights.py [--coventry-index /work/idx/cov7] [--kent-index /work/idx/kent7]
                                  [--with-dev ../shared/eval] [--out assistant/answers/weights.json]

1. Every sentence/row `candidates()` scores for a training question (the tune split of
   docs/eval/coventry.jsonl and kent.jsonl, and with --with-dev the shared dev sets too) is read
   with its `Features`, plus its embedding similarity to the question. A unit is a positive when
   one of the gold's answer patterns matches it as it would be quoted; the labels are made here,
   from the gold files, and never stored.
2. A pairwise logistic regression (each right unit against each wrong one of the same question,
   every question weighing the same) is fitted over the features and the hand score, so that the
   penalty pulls it towards the hand weights; its C is chosen by 5-fold cross-validation grouped
   by question, on how often the top unit is a right one. The weights are scaled so scores spread
   as the hand weights' do (the windows in answer.py are in score units).
3. The whole pipeline answers tune and holdout of both corpora with the hand weights and with the
   fitted ones. The fitted weights are used ("use": "fitted") only when holdout answer accuracy is
   higher on each corpus and false abstention rises by at most 0.02 on either (`RULE`).
4. The abstention thresholds (abstain.py) are chosen on tune the same way: with the kept weights
   the pipeline answers once with abstention by threshold turned off, recording each question's
   passage coverage, subject coverage and the best unit's own share; the grid point that gets the
   most tune questions right (fewest wrong answers on a tie, then nearest the hand values) is
   reported on holdout, and kept under the same rule.
Writes weights.json (weights, thresholds, the cross-validation and every figure) and prints a summary.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answers import abstain, candidates as cand  # noqa: E402
from assistant.answers.conversation import resolve  # noqa: E402
from assistant.answers.evaluate import matches, read_jsonl, report, run  # noqa: E402
from assistant.answers.rows import render  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402

HAND_ABSTAIN = {"MIN_PASSAGE_COVERAGE": abstain.MIN_PASSAGE_COVERAGE, "MIN_SUBJECT": abstain.MIN_SUBJECT,
                "MIN_OWN": abstain.MIN_OWN}
GRID = {"MIN_PASSAGE_COVERAGE": np.arange(0.2, 0.61, 0.05), "MIN_SUBJECT": np.arange(0.1, 0.51, 0.05),
        "MIN_OWN": np.arange(0.0, 0.31, 0.05)}
CS = (0.01, 0.1, 1.0, 10.0)
FA_SLACK = 0.02  # false abstention may rise this much on holdout for better answers


def units(assistant: Assistant, question: str) -> tuple[list, np.ndarray, object]:
    """The scored units for a question as `ask` reads them, their feature rows (similarity filled in for all)."""
    retriever = assistant.retriever()
    q = retriever.read(resolve(question, None))
    qv = assistant.embedder.embed_query(q.embed_text)
    passages = retriever.search(q, k=10, query_vec=qv)
    extra = assistant._decisions(q, None, qv) if q.kind == "decision" else []
    ranked = cand.candidates(q, list(passages) + extra, None, extra=len(extra))
    if not ranked:
        return [], np.zeros((0, len(cand.NAMES))), q
    sims = assistant.embedder.embed([c.text for c in ranked]) @ qv
    rows = np.array([[getattr(c.features, n) for n in cand.NAMES[:-1]] + [float(s)] for c, s in zip(ranked, sims)])
    return ranked, rows, q


def collect(sets: list[tuple[list[dict], Assistant]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, labels) for each answerable training question with at least one right and one wrong unit."""
    out = []
    for golds, assistant in sets:
        for g in golds:
            if not g.get("answerable", True):
                continue
            ranked, rows, q = units(assistant, g["question"])
            labels = np.array([matches(g, render(c.text, q)) for c in ranked], dtype=bool)
            if labels.any() and not labels.all():
                out.append((rows, labels))
    return out


def pairs(groups: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Right-minus-wrong feature differences (and their mirror images), each question weighing 1 in all."""
    xs, ys, ws = [], [], []
    for rows, labels in groups:
        pos, neg = rows[labels], rows[~labels]
        diff = (pos[:, None, :] - neg[None, :, :]).reshape(-1, rows.shape[1])
        w = 1.0 / len(diff)
        xs += [diff, -diff]
        ys += [np.ones(len(diff)), np.zeros(len(diff))]
        ws += [np.full(len(diff), w)] * 2
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def top1(groups, w: np.ndarray) -> float:
    """Share of questions whose best-scoring unit is a right one."""
    return float(np.mean([labels[int(np.argmax(rows @ w))] for rows, labels in groups])) if groups else 0.0


def _fit_once(groups, c: float, hand: np.ndarray) -> np.ndarray:
    """One pairwise fit. The hand score is a feature of its own, so the penalty shrinks the other
    weights towards a multiple of the hand weights, not towards nothing: with little data the fit
    stays near what was tuned by hand, and moves from it only as far as the questions show."""
    from sklearn.linear_model import LogisticRegression

    x, y, sw = pairs(groups)
    x = np.hstack([(x @ hand)[:, None], x])
    coef = LogisticRegression(C=c, fit_intercept=False, max_iter=5000).fit(x, y, sample_weight=sw).coef_[0]
    return coef[0] * hand + coef[1:]


def fit(groups) -> tuple[np.ndarray, dict]:
    """Pairwise logistic regression weights, C chosen by grouped 5-fold cross-validation."""
    from sklearn.model_selection import KFold

    hand = np.array([cand.HAND_WEIGHTS[n] for n in cand.NAMES])
    folds = list(KFold(5, shuffle=True, random_state=15).split(np.arange(len(groups))))
    cv = {}
    for c in CS:
        got, base = [], []
        for train, test in folds:
            w = _fit_once([groups[i] for i in train], c, hand)
            got.append(top1([groups[i] for i in test], w))
            base.append(top1([groups[i] for i in test], hand))
        cv[str(c)] = {"fitted_top1": round(float(np.mean(got)), 3), "hand_top1": round(float(np.mean(base)), 3)}
    best = max(CS, key=lambda c: cv[str(c)]["fitted_top1"])
    w = _fit_once(groups, best, hand)
    # the same spread of scores as the hand weights, so KIND_WINDOW, RUNNER_UP_GAP and the rest keep their meaning
    every = np.vstack([rows for rows, _ in groups])
    w = w * (np.std(every @ hand) / max(np.std(every @ w), 1e-9))
    return w, {"C": best, "cv": cv, "questions": len(groups), "units": int(len(every)),
               "train_top1_fitted": round(top1(groups, w), 3), "train_top1_hand": round(top1(groups, hand), 3)}


def pipeline(sets: dict[str, tuple[list[dict], Assistant]], weights: dict, thresholds: dict) -> dict:
    """`boardqa eval` figures per corpus (overall, by split, by type) with these weights and thresholds."""
    cand.W = dict(weights)
    for name, value in thresholds.items():
        setattr(abstain, name, float(value))
    out = {}
    for corpus, (golds, assistant) in sets.items():
        replies = run(golds, lambda question: assistant.ask(question, k=10))
        out[corpus] = {split: {"overall": report(gs, replies)["overall"], "by_type": report(gs, replies)["by_type"]}
                       for split in ("tune", "holdout") for gs in [[g for g in golds if g.get("split") == split]]}
    return out


RULE = ("kept only when holdout answer accuracy is higher on each corpus and false abstention rises by at most "
        f"{FA_SLACK} on either")


def keeps(new: dict, old: dict) -> bool:
    """Better holdout answers on each corpus, false abstention within the slack (`RULE`)."""
    better = all(new[c]["holdout"]["overall"]["answer_accuracy"] > old[c]["holdout"]["overall"]["answer_accuracy"]
                 for c in new)
    fa_ok = all(new[c]["holdout"]["overall"]["false_abstention"]
                <= old[c]["holdout"]["overall"]["false_abstention"] + FA_SLACK for c in new)
    return better and fa_ok


def thresholds_on_tune(sets, weights: dict) -> dict:
    """The abstention thresholds that get the most tune questions right, from one permissive run."""
    cand.W = dict(weights)
    seen: dict[str, tuple] = {}
    current = [""]
    real = abstain._confident

    def spy(best, coverage, subject):
        seen[current[0]] = (coverage, subject, best.own, best.year_ok is not False)
        return True

    abstain._confident = spy
    rows = []
    try:
        for golds, assistant in sets.values():
            for g in golds:
                if g.get("split") != "tune":
                    continue
                current[0] = g["id"]
                answer = assistant.ask(g["question"], k=10)
                right = g.get("answerable", True) and answer.found and matches(g, answer.answer[:800])
                rows.append((g.get("answerable", True), right, seen.get(g["id"])))
    finally:
        abstain._confident = real

    def outcome(t: tuple[float, float, float]) -> tuple[int, int]:
        correct = wrong = 0
        for answerable, right, got in rows:
            given = got is not None and got[0] >= t[0] and got[1] >= t[1] and got[2] >= t[2] and got[3]
            correct += int(bool(given and right) if answerable else not given)
            wrong += int(bool(given and not right))
        return correct, wrong

    hand = tuple(HAND_ABSTAIN.values())
    best = max(itertools.product(*GRID.values()),
               key=lambda t: (outcome(t)[0], -outcome(t)[1], -sum(abs(a - b) for a, b in zip(t, hand))))
    return {name: round(float(v), 3) for name, v in zip(GRID, best)} | {
        "tune_correct": outcome(best)[0], "tune_wrong_answers": outcome(best)[1],
        "hand_tune_correct": outcome(hand)[0], "hand_tune_wrong_answers": outcome(hand)[1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--coventry-index", default="/work/idx/cov7")
    ap.add_argument("--kent-index", default="/work/idx/kent7")
    ap.add_argument("--with-dev", help="Folder holding dev.jsonl and dev_kent.jsonl to add to the training questions.")
    ap.add_argument("--out", default=str(cand.WEIGHTS_FILE))
    args = ap.parse_args()
    gold_dir = ROOT / "docs" / "eval"
    assistants = {c: Assistant(Settings().with_(index_dir=Path(i))) for c, i in
                  (("coventry", args.coventry_index), ("kent", args.kent_index))}
    sets = {c: (read_jsonl(gold_dir / f"{c}.jsonl"), a) for c, a in assistants.items()}
    train = [([g for g in golds if g.get("split") == "tune"], a) for golds, a in sets.values()]
    training = ["docs/eval/coventry.jsonl (tune)", "docs/eval/kent.jsonl (tune)"]
    if args.with_dev:
        for name, corpus in (("dev.jsonl", "coventry"), ("dev_kent.jsonl", "kent")):
            train.append((read_jsonl(Path(args.with_dev) / name), assistants[corpus]))
            training.append(f"{name} (all)")
    groups = collect(train)
    w, fitting = fit(groups)
    fitted = {n: round(float(v), 4) for n, v in zip(cand.NAMES, w)}
    print(json.dumps(fitting), file=sys.stderr)
    hand_figs = pipeline(sets, cand.HAND_WEIGHTS, HAND_ABSTAIN)
    fit_figs = pipeline(sets, fitted, HAND_ABSTAIN)
    use = "fitted" if keeps(fit_figs, hand_figs) else "hand"
    kept = fitted if use == "fitted" else dict(cand.HAND_WEIGHTS)
    base_figs = fit_figs if use == "fitted" else hand_figs
    chosen = thresholds_on_tune(sets, kept)
    t_figs = pipeline(sets, kept, {k: chosen[k] for k in HAND_ABSTAIN})
    use_t = "fitted" if keeps(t_figs, base_figs) else "hand"
    cand.W = cand._weights()  # leave the modules as they were
    for name, value in HAND_ABSTAIN.items():
        setattr(abstain, name, value)
    out = {"use": use, "rule": RULE, "weights": fitted, "hand_weights": cand.HAND_WEIGHTS, "training": training,
           "fitting": fitting, "abstain": {"use": use_t, "chosen_on_tune": chosen, "hand": HAND_ABSTAIN},
           "figures": {"hand": hand_figs, "fitted": fit_figs, "thresholds_on_tune": t_figs}}
    Path(args.out).write_text(json.dumps(out, indent=1, default=lambda o: o.item()) + "\n", encoding="utf-8")
    for name, figs in (("hand", hand_figs), ("fitted", fit_figs), ("thresholds", t_figs)):
        for c in figs:
            for split in ("tune", "holdout"):
                m = figs[c][split]["overall"]
                print(f"{name:10s} {c:8s} {split:7s} acc={m['answer_accuracy']} fa={m['false_abstention']} "
                      f"abst={m['abstention_accuracy']} mrr={m['mrr@10']} n={m['questions']}")
    print(f"weights used: {use}; thresholds used: {use_t} ({ {k: chosen[k] for k in HAND_ABSTAIN} })")


if __name__ == "__main__":
    main()
