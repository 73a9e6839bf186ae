"""Assign tune/holdout splits to eval question sets: random (fixed seed), stratified by type, keeping existing splits."""
from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter, defaultdict
from pathlib import Path

SEED = 15
HOLDOUT_SHARE = 0.35


def assign(questions: list[dict], rng: random.Random) -> None:
    """Give every question without a split one, so each type's holdout is at least HOLDOUT_SHARE of it."""
    by_type: dict[str, list[dict]] = defaultdict(list)
    for q in questions:
        by_type[q["type"]].append(q)
    for qtype in sorted(by_type):
        group = by_type[qtype]
        target = math.ceil(HOLDOUT_SHARE * len(group))
        have = sum(1 for q in group if q.get("split") == "holdout")
        todo = sorted((q for q in group if q.get("split") not in ("tune", "holdout")), key=lambda q: q["id"])
        rng.shuffle(todo)
        for i, q in enumerate(todo):
            q["split"] = "holdout" if i < target - have else "tune"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    for path in args.files:
        questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assign(questions, random.Random(SEED))
        path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
        counts = Counter((q["type"], q["split"]) for q in questions)
        holdout = sum(1 for q in questions if q["split"] == "holdout")
        print(f"{path}: {len(questions)} questions, holdout {holdout} ({holdout / len(questions):.0%})")
        for qtype in sorted({t for t, _ in counts}):
            print(f"  {qtype:15} tune {counts[qtype, 'tune']:3}  holdout {counts[qtype, 'holdout']:3}")


if __name__ == "__main__":
    main()
