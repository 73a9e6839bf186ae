#!/usr/bin/env python3
"""How well a corpus folder chunks: sizes, tiny chunks, tables, and gold evidence kept whole.

    python scripts/chunk_report.py corpus/ [--gold /work/shared/eval/dev.jsonl] [--misses]
    python scripts/chunk_report.py /work/shared/corpus/kent --gold /work/shared/eval/dev_kent.jsonl

Parses and chunks every file (no embedding). With a gold JSONL, reports the share of its
"evidence" strings that sit inside one chunk's first 2,000 characters after the scorer's
normalisation, and the share found in the document's text at all (so "broken across chunks"
can be told from "lost in extraction"). Parsed pages are cached under --cache, keyed by the
file's hash and ingest.py's, so re-runs after a change to chunking take seconds.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.indexing.build import scan  # noqa: E402
from assistant.papers.ingest import sha256_file  # noqa: E402
from assistant.records import Document, Page  # noqa: E402
from assistant.settings import Settings  # noqa: E402

PASSAGE_CHARS = 2000  # the scorer reads a passage only this far
TINY = 30  # word pieces
_MARKUP = re.compile(r"\*\*|</?(sup|sub|b|i|u)>|^#+\s*|`", re.M)
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " ", "\u00ad": ""})


def norm(text: str) -> str:
    """The scorer's normalisation (eval/score.py): NFKC, quotes and dashes folded, spaces collapsed, lower case."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD)
    return re.sub(r"\s+", " ", _MARKUP.sub("", text)).strip().lower()


def _pages(path: str, sha: str, settings: Settings, cache: Path | None) -> list[Page]:
    from assistant.papers.ingest import read_pages

    ingest_sha = hashlib.sha256(Path(sys.modules["assistant.papers.ingest"].__file__).read_bytes()).hexdigest()[:12]
    key = cache / f"{sha[:32]}-{ingest_sha}.json" if cache else None
    if key and key.exists():
        return [Page(**p) for p in json.loads(key.read_text(encoding="utf-8"))]
    pages = read_pages(Path(path), max_pages=settings.max_pages, max_page_chars=settings.max_page_chars)
    if key:
        key.write_text(json.dumps([p.__dict__ for p in pages], ensure_ascii=False), encoding="utf-8")
    return pages


def parse(args: tuple[str, str, str, str | None]) -> tuple[str, list[dict], str, str | None]:
    """One file's chunks (as dicts) and its whole text, or the reason it failed."""
    path, rel, sha, cache = args
    from assistant.indexing.embed import token_counter
    from assistant.papers.chunk import chunk_document
    from assistant.papers.structure import describe

    settings = Settings()
    try:
        pages = _pages(path, sha, settings, Path(cache) if cache else None)
    except Exception as exc:  # a diagnostic: report the file and go on
        return rel, [], "", f"{type(exc).__name__}: {exc}"
    doc = Document(source=rel, sha256=sha, pages=tuple(pages), **describe(rel, pages))
    chunks = chunk_document(doc, token_counter(settings.model), settings.max_tokens, settings.min_chunk_chars)
    return rel, [c.to_json() for c in chunks], "\n".join(p.text for p in pages), None


def _evidence(gold_path: Path, docs: dict[str, list[dict]], texts: dict[str, str], show: bool) -> None:
    golds = [json.loads(l) for l in gold_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    whole = {rel: [norm(c["text"][:PASSAGE_CHARS]) for c in cs] for rel, cs in docs.items()}
    flat = {rel: norm(t) for rel, t in texts.items()}
    total = in_chunk = in_text = 0
    for g in golds:
        src = g.get("source") or ""
        rels = [r for r in docs if src and src.endswith(r)] or list(docs)
        for ev in g.get("evidence") or []:
            e = norm(ev)
            if not e:
                continue
            total += 1
            whole_hit = any(e in t for r in rels for t in whole[r])
            text_hit = any(e in flat[r] for r in rels)
            in_chunk += whole_hit
            in_text += text_hit
            if show and not whole_hit:
                where = "in text, split across chunks" if text_hit else "not in extracted text"
                print(f"  miss {g['id']} [{where}] {src.rsplit('/', 1)[-1][:60]}: {ev[:100]!r}")
    if total:
        print(f"evidence strings: {total}; inside one chunk: {in_chunk}/{total} = {in_chunk / total:.3f}; "
              f"in document text: {in_text}/{total} = {in_text / total:.3f}")


_FOR = re.compile(r"^For\s*\(\d+\)\s*$", re.M)
_DECIDED = re.compile(r"^(?:(?:substantive\s+)?(?:motion|amendment)\s+(?:carried|lost)|carried|lost)\.?\s*$", re.M | re.I)
_PUT = re.compile(r"\b(?:to the vote|proposed|seconded)\b", re.I)


def _votes(chunks: list) -> None:
    """Recorded votes ("For (n)" blocks): how many sit in one chunk with their outcome and their motion."""
    blocks = whole = with_motion = 0
    for c in chunks:
        if c.kind != "text":
            continue
        for m in _FOR.finditer(c.text):
            blocks += 1
            after, before = c.text[m.end():], c.text[:m.start()]
            nxt = _FOR.search(after)
            whole += bool(_DECIDED.search(after[:nxt.start()] if nxt else after))
            with_motion += bool(_PUT.search(before))
    if blocks:
        print(f"vote blocks: {blocks}; with their outcome in the same chunk: {whole / blocks:.3f}; "
              f"with the motion put: {with_motion / blocks:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--gold", type=Path, help="a gold JSONL whose evidence strings are checked")
    ap.add_argument("--misses", action="store_true", help="list evidence strings not inside one chunk")
    ap.add_argument("--jobs", type=int, default=2, help="parser processes")
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "boardqa-pages",
                    help="folder for parsed pages ('' to turn off)")
    ap.add_argument("--dump", type=Path, help="write every chunk as JSONL here")
    ap.add_argument("--tiny", action="store_true", help="list the tiny chunks")
    args = ap.parse_args()

    from assistant.indexing.embed import token_counter
    from assistant.indexing.store import embed_text
    from assistant.records import Chunk

    cache = str(args.cache) if str(args.cache) else None
    if cache:
        Path(cache).mkdir(parents=True, exist_ok=True)
    root = args.folder.resolve()
    files = scan([root])
    work = [(str(p), rel, sha256_file(p), cache) for p, rel in files]
    docs: dict[str, list[dict]] = {}
    texts: dict[str, str] = {}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for rel, chunks, text, error in pool.map(parse, work, chunksize=2):
            if error:
                print(f"  failed {rel}: {error}")
                continue
            docs[rel], texts[rel] = chunks, text

    settings = Settings()
    count = token_counter(settings.model)
    chunks = [Chunk.from_json(c) for cs in docs.values() for c in cs]
    sizes = count([c.text for c in chunks])
    embedded = count([embed_text(c, settings.embed_header) for c in chunks])
    tables = sum(c.kind == "table" for c in chunks)
    tiny = [c for c, n in zip(chunks, sizes) if n < TINY]
    q = statistics.quantiles(sizes, n=10) if len(sizes) > 1 else sizes
    print(f"{root}: {len(docs)} documents, {len(chunks)} chunks ({tables} table, {len(chunks) - tables} text)")
    print(f"tokens per chunk: min {min(sizes)}  p10 {q[0]:.0f}  median {statistics.median(sizes):.0f}  "
          f"p90 {q[-1]:.0f}  max {max(sizes)}; embedded (with header) max {max(embedded)}, "
          f"over the {settings.max_tokens} budget: {sum(n > settings.max_tokens for n in embedded)}")
    print(f"chunks under {TINY} tokens: {len(tiny)} = {len(tiny) / len(chunks):.3f} "
          f"(text {sum(c.kind == 'text' for c in tiny)}, table {sum(c.kind == 'table' for c in tiny)})")
    _votes(chunks)
    if args.tiny:
        for c in tiny:
            print(f"  tiny {c.kind} {c.source.rsplit('/', 1)[-1][:40]} p{c.page} [{c.section[:50]}]: {c.text[:80]!r}")
    if args.gold:
        _evidence(args.gold, docs, texts, args.misses)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for c in chunks:
                f.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
