#!/usr/bin/env python3
"""Table-extraction report: ruled tables found over a corpus (as the build reads them), seconds per page,
and header/cell accuracy on the hand-checked tables of docs/eval/tables_gt.json.

    python scripts/table_report.py [--gold docs/eval/tables_gt.json] CORPUS_DIR ...
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_UNIT = re.compile(r"(?<!\S)(£p|£000s?|£m|£k|£)(?!\S)")


def _t(s: str | None) -> str:
    s = re.sub(r"<[^>]+>", "", s or "")
    s = re.sub(r"[¹²³⁴⁵*†‡]", "", s).replace("’", "'").replace("‘", "'")
    return " ".join(s.split()).lower()


def _h(s: str) -> str:
    return " ".join(_UNIT.sub(" ", _t(s)).split())


def gold_scores(gold: Path) -> list[dict]:
    """Per hand-checked table: found whole, share of column labels right, cells right (the prototype's rules)."""
    from assistant.papers.grid import extract_tables

    out = []
    for g in json.loads(gold.read_text()):
        if not Path(g["file"]).exists():
            continue
        tables = extract_tables(g["file"], g["pages"])
        maps = [{_t(r.label): r.cells for r in t.rows} for t in tables]
        best, right = None, -1
        for t, m in zip(tables, maps):
            r = sum(1 for lab, cells in g["rows"] for j, v in enumerate(cells) if v is not None and _t(lab) in m
                    and j < len(m[_t(lab)]) and _t(m[_t(lab)][j]).replace(" ", "") == _t(v).replace(" ", ""))
            if r > right:
                best, right = (t, m), r
        total = sum(1 for _, cells in g["rows"] for v in cells if v is not None)
        whole = header = 0.0
        if best:
            t, m = best
            labels = [_t(lab) for lab, _ in g["rows"]]
            whole = all(lab in m for lab in labels) and len(t.rows) <= 1.5 * len(labels) + 4
            header = sum(1 for j, c in enumerate(g["columns"]) if j < len(t.columns) and _h(t.columns[j]) == _h(c)) / len(g["columns"])
        out.append({"id": g["id"], "caption": g["caption"], "whole": bool(whole), "header": round(header, 2),
                    "cells": max(right, 0), "of": total})
    return out


def corpus_scan(root: Path) -> dict:
    """Pages, pages the gate flags, ruled tables (of them, tables of words) and rows found, and extraction
    seconds, as the build does it: every page's ruling lines, tables of figures on the flagged pages only."""
    from pypdf import PdfReader

    from assistant.papers.grid import extract_tables
    from assistant.papers.tables import looks_tabular
    from assistant.papers.wordgrid import words_table

    files = [f for f in sorted(root.rglob("*.pdf")) if "duplicates" not in f.parts]
    pages = flagged = tables = words = rows = totals = captioned = 0
    seconds = 0.0
    for f in files:
        texts = [p.extract_text() or "" for p in PdfReader(f).pages]
        hit = {i + 1 for i, t in enumerate(texts) if looks_tabular(t)}
        pages, flagged = pages + len(texts), flagged + len(hit)
        t0 = time.process_time()  # CPU seconds: a busy machine's wall clock says little
        try:
            got = extract_tables(str(f), None, hit | {n - 1 for n in hit if n > 1})
        except Exception:  # pdfium refusing a file: the build keeps its text
            got = []
        seconds += time.process_time() - t0
        tables, rows = tables + len(got), rows + sum(len(t.rows) for t in got)
        words += sum(words_table(t) for t in got)
        totals += sum(r.is_total for t in got for r in t.rows)  # "Total", and numbered "59 Total - GET"
        captioned += sum(bool(t.caption) for t in got)
    return {"corpus": str(root), "files": len(files), "pages": pages, "flagged": flagged, "tables": tables,
            "tables_of_words": words, "rows": rows, "total_rows": totals, "captioned": captioned,
            "extract_cpu_seconds": round(seconds, 2), "seconds_per_page": round(seconds / max(1, pages), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpora", nargs="*", type=Path)
    ap.add_argument("--gold", type=Path, default=ROOT / "docs/eval/tables_gt.json")
    args = ap.parse_args()
    report = {"gold": gold_scores(args.gold), "corpora": [corpus_scan(c) for c in args.corpora]}
    g = report["gold"]
    if g:
        report["gold_summary"] = {"tables": len(g), "whole": sum(x["whole"] for x in g),
                                  "header": round(sum(x["header"] for x in g) / len(g), 3),
                                  "cells": f"{sum(x['cells'] for x in g)}/{sum(x['of'] for x in g)}"}
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
