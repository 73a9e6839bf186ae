"""Check an eval question set: fields, answer patterns, and evidence against the PDFs' pypdf text."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

TYPES = {"table", "numeric", "meeting", "resolution", "narrative", "logistics", "disambiguation", "unanswerable", "followup"}
SPLITS = {"tune", "holdout"}
VARIANTS = {"typo", "two-part", "vague"}
REQUIRED = {"id": str, "question": str, "answerable": bool, "answer": str, "answer_patterns": list, "evidence": list, "type": str}
ROOT = Path(__file__).resolve().parent.parent

# Same normalisation as shared/eval/score.py's norm().
_MARKUP = re.compile(r"\*\*|</?(sup|sub|b|i|u)>|^#+\s*|`", re.M)
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " ", "\u00ad": ""})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD)
    return re.sub(r"\s+", " ", _MARKUP.sub("", text)).strip().lower()


@lru_cache(maxsize=None)
def pdf_pages(path: Path) -> tuple[str, ...]:
    """Normalised pypdf text of each page of one PDF."""
    return tuple(norm(page.extract_text() or "") for page in PdfReader(str(path)).pages)


def on_page(pages: tuple[str, ...], page: int, evidence: str) -> bool:
    """True when evidence is on the given 1-based page, or starts there and runs onto the next."""
    text = pages[page - 1] + (" " + pages[page] if page < len(pages) else "")
    return evidence in text


def check_fields(q: dict) -> list[str]:
    errors = [f"missing or mistyped field {k!r}" for k, t in REQUIRED.items() if not isinstance(q.get(k), t)]
    if errors:
        return errors
    if q["type"] not in TYPES:
        errors.append(f"type {q['type']!r} not allowed")
    if "split" in q and q["split"] not in SPLITS:
        errors.append(f"split {q['split']!r} not allowed")
    if q.get("variant") not in VARIANTS | {None}:
        errors.append(f"variant {q['variant']!r} not allowed")
    if not q["question"].strip():
        errors.append("empty question")
    if q["answerable"]:
        if q["type"] == "unanswerable":
            errors.append("type unanswerable but answerable is true")
        if not 1 <= len(q["evidence"]) <= 2 or not all(isinstance(e, str) and e.strip() for e in q["evidence"]):
            errors.append("answerable question needs 1-2 non-empty evidence strings")
        if not q["answer_patterns"]:
            errors.append("answerable question needs answer_patterns")
        if not isinstance(q.get("source"), str) or not isinstance(q.get("page"), int):
            errors.append("answerable question needs a source and an integer page")
    else:
        if q["type"] != "unanswerable":
            errors.append("answerable is false but type is not unanswerable")
        if q["evidence"] or q["answer_patterns"]:
            errors.append("unanswerable question must have empty evidence and answer_patterns")
    return errors


def check_patterns(q: dict) -> list[str]:
    errors = []
    for pattern in q["answer_patterns"]:
        try:
            if not re.search(pattern, q["answer"], re.I):
                errors.append(f"pattern {pattern!r} does not match the answer")
        except re.error as exc:
            errors.append(f"pattern {pattern!r} is not a valid regex: {exc}")
    return errors


def check_evidence(q: dict, corpus: Path) -> list[str]:
    path = corpus / q["source"]
    if not path.is_file():
        return [f"source not found: {path}"]
    pages = pdf_pages(path)
    if not 1 <= q["page"] <= len(pages):
        return [f"page {q['page']} outside 1..{len(pages)}"]
    whole = " ".join(pages)
    errors = [f"evidence not in PDF text: {e!r}" for e in q["evidence"] if norm(e) not in whole]
    if not errors and not any(on_page(pages, q["page"], norm(e)) for e in q["evidence"]):
        errors.append(f"no evidence string is on page {q['page']}")
    return errors


def check_file(path: Path, corpus: Path) -> list[str]:
    failures, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            failures.append(f"{path}:{n}: invalid JSON: {exc}")
            continue
        qid = q.get("id", f"line {n}")
        if qid in seen:
            failures.append(f"{path}:{n} {qid}: duplicate id")
        seen.add(qid)
        errors = check_fields(q)
        if not errors:
            errors = check_patterns(q)
            if q["answerable"]:
                errors += check_evidence(q, corpus)
        failures += [f"{path}:{n} {qid}: {e}" for e in errors]
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="question set(s), JSONL")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="corpus dir (default: $BOARDQA_EVAL_CORPUS or ../shared/corpus from the project root)")
    args = parser.parse_args()
    corpus = args.corpus or Path(os.environ.get("BOARDQA_EVAL_CORPUS") or ROOT / ".." / "shared" / "corpus")
    if not corpus.is_dir():
        sys.exit(f"corpus dir not found: {corpus}")
    failures, total = [], 0
    for path in args.files:
        total += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        failures += check_file(path, corpus)
    print("\n".join(failures) if failures else f"ok: {total} questions checked")
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
