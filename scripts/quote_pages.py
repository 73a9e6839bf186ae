"""Quote-page precision: is each quoted sentence printed on the PDF page its citation names?

    python scripts/quote_pages.py ANSWERS.jsonl --corpus /work/shared/corpus/coventry [--corpus …] [--misses]

ANSWERS.jsonl is `boardqa ask --batch … --json` output. Every line of a citation's `quote` is looked
for in pypdf's text of the cited page (pages page..page_end for a quote across a break), letters
and digits only, so line breaks and hyphenation do not count against it. A table row read with its
headings ("Total — 2014/15: 52") is found when its figures and most of its words are on the page.
Prints: quotes, found on the cited page, found only on another page (a wrong citation), found on
no page (not locatable), and precision = found on cited page / (cited + another page).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

ROW_WORDS = 0.8  # share of a table row's words that must be on the page


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9£%]+", "", text.lower().replace("\u2019", "'"))


@lru_cache(maxsize=64)
def _pages(path: str) -> tuple[str, ...]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return tuple((p.extract_text() or "") for p in reader.pages)


def _on(quote: str, page_text: str) -> bool:
    q, t = _norm(quote), _norm(page_text)
    if q and q in t:
        return True
    words = re.findall(r"[a-z]{3,}", quote.lower())
    figures = re.findall(r"\d[\d,.]*", quote)
    if not figures:
        return bool(q) and q[:60] in t and len(q) > 60  # a long sentence whose end was cut for the answer
    low = page_text.lower()
    flat = _norm(page_text)
    return all(_norm(f) in flat for f in figures) and (not words or sum(w in low for w in words) >= ROW_WORDS * len(words))


def _find(roots: list[Path], source: str) -> Path | None:
    for root in roots:
        if (root / source).exists():
            return root / source
    return None


def measure(answers: list[dict], roots: list[Path], misses: bool = False) -> dict:
    counts = {"quotes": 0, "cited_page": 0, "other_page": 0, "no_page": 0, "no_file": 0}
    for a in answers:
        for c in a.get("citations") or []:
            path = _find(roots, c["source"])
            lines = [l for l in (c.get("quote") or "").splitlines() if len(l.strip()) > 8]
            for line in lines:
                counts["quotes"] += 1
                if path is None:
                    counts["no_file"] += 1
                    continue
                pages = _pages(str(path))
                first, last = c["page"], c.get("page_end") or c["page"]
                if any(_on(line, pages[n - 1]) for n in range(first, last + 1) if 0 < n <= len(pages)):
                    counts["cited_page"] += 1
                elif any(_on(line, t) for t in pages):
                    counts["other_page"] += 1
                    if misses:
                        where = [n for n, t in enumerate(pages, 1) if _on(line, t)]
                        print(f"MISS {c['source']} cited p.{first}-{last}, on {where}: {line[:100]}", file=sys.stderr)
                else:
                    counts["no_page"] += 1
    located = counts["cited_page"] + counts["other_page"]
    counts["precision"] = round(counts["cited_page"] / located, 4) if located else None
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("answers")
    ap.add_argument("--corpus", action="append", required=True, help="a corpus root the sources are under")
    ap.add_argument("--misses", action="store_true", help="print each quote cited to the wrong page")
    args = ap.parse_args()
    answers = [json.loads(l) for l in Path(args.answers).read_text(encoding="utf-8").splitlines() if l.strip()]
    print(json.dumps(measure(answers, [Path(r) for r in args.corpus], args.misses)))


if __name__ == "__main__":
    main()
