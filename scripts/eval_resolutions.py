"""Precision and recall of the resolution extractor against hand-labelled gold, and a count over Kent minutes.

    python scripts/eval_resolutions.py [--corpus corpus] [--gold tests/gold/resolutions.jsonl] [--kent DIR]

Each gold line names a file, the meeting date, the minute item and the start of the resolution's text
(`includes` lists later passages — sub-resolutions, text over a line or page break — that the record must
hold to count as complete). Precision is over every record extracted from the gold-labelled files.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.papers.ingest import read_pages  # noqa: E402
from assistant.papers.resolutions import Resolution, extract  # noqa: E402
from assistant.papers.structure import describe  # noqa: E402
from assistant.records import Document  # noqa: E402

DEFAULT_KENT = Path("/work/shared/corpus/kent")


def norm(text: str) -> str:
    return " ".join(re.sub(r"[*_]", "", text).split()).lower()


def load_document(path: Path, rel: str) -> Document:
    pages = read_pages(path)
    return Document(source=rel, sha256="", pages=tuple(pages), **describe(rel, pages))


def matches(gold: dict, r: Resolution) -> bool:
    return (r.source == gold["source"] and r.meeting_date == gold["meeting_date"] and r.item == gold["item"]
            and norm(r.text).startswith(norm(gold["text"])))


def score(records: list[Resolution], gold: list[dict]) -> dict:
    """Precision, recall and completeness of records against gold lines (records of gold files only)."""
    sources = {g["source"] for g in gold}
    mine = [r for r in records if r.source in sources]
    hit_gold = [g for g in gold if any(matches(g, r) for r in mine)]
    hit_mine = [r for r in mine if any(matches(g, r) for g in gold)]
    complete = [g for g in hit_gold
                if all(norm(s) in norm(next(r.text for r in mine if matches(g, r))) for s in g.get("includes", []))]
    return {"gold": len(gold), "found": len(mine), "true_positives": len(hit_mine),
            "precision": round(len(hit_mine) / len(mine), 3) if mine else 0.0,
            "recall": round(len(hit_gold) / len(gold), 3) if gold else 0.0,
            "complete": round(len(complete) / len(hit_gold), 3) if hit_gold else 0.0,
            "missed": [f"{g['source'][:40]} item {g['item']}" for g in gold if g not in hit_gold],
            "extra": [f"{r.source[:40]} item {r.item}: {r.text[:80]}" for r in mine if r not in hit_mine],
            "incomplete": [f"{g['source'][:40]} item {g['item']}" for g in hit_gold if g not in complete]}


def kent_count(folder: Path) -> dict:
    """Records found in every file with 'minutes' in its name under folder."""
    files = sorted(p for p in folder.rglob("*.pdf") if "minutes" in p.name.lower())
    per_file, kinds, with_votes = {}, {}, 0
    for p in files:
        rel = p.relative_to(folder).as_posix()
        recs = extract(load_document(p, rel))
        per_file[rel] = len(recs)
        with_votes += sum(1 for r in recs if r.votes)
        for r in recs:
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
    return {"files": len(files), "records": sum(per_file.values()), "by_kind": kinds, "with_votes": with_votes,
            "per_file": per_file}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "resolutions.jsonl")
    ap.add_argument("--kent", type=Path, default=DEFAULT_KENT)
    args = ap.parse_args()
    gold = [json.loads(l) for l in args.gold.read_text(encoding="utf-8").splitlines() if l.strip()]
    records = []
    for source in sorted({g["source"] for g in gold}):
        records += extract(load_document(args.corpus / source, source))
    out = {"sample": score(records, gold)}
    if args.kent.is_dir():
        out["kent_minutes"] = kent_count(args.kent)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
