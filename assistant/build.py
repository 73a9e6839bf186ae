"""Build or update an index from a corpus: only new and changed documents are parsed and embedded.

A document is known by the SHA-256 of its bytes; the same bytes under two names are indexed once
and either name can be cited. Embeddings are reused by the hash of the text embedded, so
boilerplate repeated across packs is embedded once. A file that cannot be read is reported in
`skipped` and never stops the run.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import IndexMismatch, UnreadableDocument
from .records import Chunk, Document
from .settings import Settings
from .store import Index, current_generation, embed_text, read_manifest, write_generation

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Summary:
    documents: int = 0
    pages: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    embedded_chunks: int = 0
    skipped: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = dict(self.__dict__)
        out["seconds"] = round(self.seconds, 2)
        out["timings"] = {k: round(v, 2) for k, v in self.timings.items()}
        return out


def scan(paths: list[Path], suffixes=(".pdf", ".txt", ".md")) -> list[tuple[Path, str]]:
    """Files to index as (absolute path, path relative to the corpus root it was found under)."""
    found: dict[str, Path] = {}
    for root in paths:
        if root.is_file():
            found[root.name] = root
            continue
        for p in sorted(root.rglob("*")):
            if p.suffix.lower() in suffixes and not any(part.startswith(".") for part in p.relative_to(root).parts):
                found[p.relative_to(root).as_posix()] = p
    return [(p, rel) for rel, p in sorted(found.items())]


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_one(path: str, rel: str, sha: str, settings: Settings) -> tuple[dict, list[dict]]:
    """Parse and chunk one file (runs in a worker process). Returns (document record, chunk dicts)."""
    from .chunk import chunk_document
    from .embed import token_counter
    from .ingest import read_pages
    from .structure import describe

    pages = read_pages(Path(path), max_pages=settings.max_pages)
    meta = describe(rel, pages)
    doc = Document(source=rel, sha256=sha, pages=tuple(pages), **meta)
    chunks = chunk_document(doc, token_counter(settings.model), settings.max_tokens, settings.min_chunk_chars)
    record = {"source": rel, "sha256": sha, "also": [], "pages": len(pages), "chunks": len(chunks),
              "printed_pages": {str(p.number): p.printed for p in pages if p.printed is not None}, **meta}
    return record, [c.to_json() for c in chunks]


def _parse_safe(args) -> tuple[str, dict | None, list[dict] | None, str | None]:
    path, rel, sha, settings = args
    try:
        rec, chunks = parse_one(path, rel, sha, settings)
        return rel, rec, chunks, None
    except UnreadableDocument as exc:
        return rel, None, None, exc.reason
    except FileNotFoundError:
        return rel, None, None, "file vanished while indexing — it will be picked up on the next run if it returns"
    except PermissionError:
        return rel, None, None, "permission denied — make the file readable (chmod a+r) and re-run"
    except MemoryError:
        return rel, None, None, "too large to parse in memory — split the file"
    except Exception as exc:  # one bad file must never stop the run
        return rel, None, None, f"could not be parsed ({type(exc).__name__}: {exc}) — re-save it as PDF and re-run"


def build(paths: list[Path], settings: Settings, progress: Progress | None = None, workers: int | None = None,
          embedder=None) -> Summary:
    """Bring the index at settings.index_dir up to date with the files under paths."""
    t0 = time.perf_counter()
    summary = Summary()
    index_dir = settings.index_dir
    prev_docs: dict[str, dict] = {}
    prev: Index | None = None
    manifest = read_manifest(index_dir) if current_generation(index_dir) else None
    if manifest is not None:
        if manifest.get("model") != settings.model or manifest.get("chunk_settings") != settings.chunk_settings():
            raise IndexMismatch(index_dir, f"model {manifest.get('model')!r} and chunk settings "
                                           f"{manifest.get('chunk_settings')}")
        prev = Index.open(index_dir)
        prev_docs = {d["sha256"]: d for d in prev.documents()}

    # 1. what is on disk, by content hash
    files = scan(paths)
    by_sha: dict[str, list[tuple[Path, str]]] = {}
    for path, rel in files:
        try:
            if not os.access(path, os.R_OK):
                raise PermissionError
            size = path.stat().st_size
            if size > settings.max_file_mb * 1024 * 1024:
                summary.skipped.append({"path": rel, "reason": f"{size // (1024 * 1024)} MB is over the "
                                        f"{settings.max_file_mb} MB limit — split the file or raise max_file_mb"})
                continue
            by_sha.setdefault(_sha(path), []).append((path, rel))
        except FileNotFoundError:
            summary.skipped.append({"path": rel, "reason": "file vanished while indexing — re-run when it is back"})
        except PermissionError:
            summary.skipped.append({"path": rel, "reason": "permission denied — make it readable (chmod a+r) and re-run"})
    summary.duplicates = sum(len(v) - 1 for v in by_sha.values())
    summary.timings["scan"] = time.perf_counter() - t0

    # 2. parse what is new or changed
    prev_by_source = {s: d for d in prev_docs.values() for s in [d["source"], *d.get("also", [])]}
    todo = [(str(v[0][0]), v[0][1], sha, settings) for sha, v in by_sha.items() if sha not in prev_docs]
    t1 = time.perf_counter()
    parsed: dict[str, tuple[dict, list[dict]]] = {}
    skipped_sha: set[str] = set()
    sha_of_rel = {rel: sha for sha, v in by_sha.items() for _, rel in v}
    if todo:
        n_workers = workers if workers is not None else min(len(todo), os.cpu_count() or 1, 4)
        results = _run_parse(todo, n_workers)
        for i, (rel, rec, chunks, reason) in enumerate(results, 1):
            if progress:
                progress("parse", i, len(todo))
            if reason is not None:
                summary.skipped.append({"path": rel, "reason": reason})
                skipped_sha.add(sha_of_rel[rel])
            else:
                parsed[sha_of_rel[rel]] = (rec, chunks)
    summary.timings["parse"] = time.perf_counter() - t1

    # 3. assemble every document's chunks: reused ones from the live generation, new ones just parsed
    documents, chunks = [], []
    for sha, places in sorted(by_sha.items(), key=lambda kv: kv[1][0][1]):
        names = [rel for _, rel in places]
        if sha in prev_docs:
            rec = dict(prev_docs[sha])
            old = prev.chunks_of(rec["source"]) if prev else []
            summary.unchanged += 1
        elif sha in parsed:
            rec, raw = parsed[sha]
            old = [Chunk.from_json(c) for c in raw]
            if any(n in prev_by_source for n in names):
                summary.updated += 1
            else:
                summary.added += 1
        else:
            continue
        rec["source"], rec["also"] = names[0], names[1:]
        documents.append(rec)
        for c in old:
            chunks.append(Chunk(**{**c.to_json(), "source": names[0], "also": tuple(names[1:]),
                                   "rows": c.rows}))
    present = {rel for v in by_sha.values() for _, rel in v}
    summary.removed = sum(1 for d in prev_docs.values() if d["source"] not in present
                          and not any(a in present for a in d.get("also", [])))
    # a changed file counts once, as updated, not also as removed
    summary.removed = max(0, summary.removed - summary.updated)

    changed = summary.added or summary.updated or summary.removed or prev is None or \
        {d["source"] for d in prev_docs.values()} != {d["source"] for d in documents} or \
        any(tuple(d.get("also", [])) != tuple(prev_docs[d["sha256"]].get("also", [])) for d in documents
            if d["sha256"] in prev_docs)
    summary.documents = len(documents)
    summary.pages = sum(d.get("pages", 0) for d in documents)
    summary.chunks = len(chunks)
    if not changed:
        summary.seconds = time.perf_counter() - t0
        return summary

    # 4. embed only texts never embedded before
    t2 = time.perf_counter()
    texts = [embed_text(c, settings.embed_header) for c in chunks]
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    cache = prev.embed_cache() if prev else {}
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in cache}.items())
    if missing:
        from .embed import Embedder

        embedder = embedder or Embedder(settings.model, settings.batch_size)
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress:
                progress("embed", done[0], len(missing))

        vecs = embedder.embed([t for _, t in missing], progress=tick)
        cache.update({k: v for (k, _), v in zip(missing, vecs)})
    summary.embedded_chunks = len(missing)
    dim = len(next(iter(cache.values()))) if cache else 384
    vectors = np.stack([cache[k] for k in keys]) if keys else np.zeros((0, dim), dtype="float32")
    summary.timings["embed"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    write_generation(index_dir, chunks, vectors, keys, documents,
                     {"model": settings.model, "chunk_settings": settings.chunk_settings()})
    summary.timings["write"] = time.perf_counter() - t3
    summary.seconds = time.perf_counter() - t0
    return summary


def _run_parse(todo: list, workers: int):
    if workers <= 1 or len(todo) == 1:
        return [_parse_safe(t) for t in todo]
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    # biggest files first so one large pack does not finish last on its own
    order = sorted(todo, key=lambda t: -_size(t[0]))
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        return list(pool.map(_parse_safe, order, chunksize=1))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def summary_json(summary: Summary) -> str:
    return json.dumps(summary.to_json())
