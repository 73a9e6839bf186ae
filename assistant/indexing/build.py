"""Build or update an index from a corpus: only new and changed documents are parsed and embedded.

A document is known by the SHA-256 of its bytes; the same bytes under two names are indexed once
and either name can be cited. Embeddings are reused by the hash of the text embedded, so
boilerplate repeated across packs is embedded once. A file that cannot be read is reported in
`skipped` and never stops the run. Files are parsed in worker processes under a memory cap, so a
decompression bomb or a parser crash costs only that file. A run that finds nothing changed loads
no model and writes no generation.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import IndexMismatch, IndexWriteFailed
from ..records import Chunk
from ..settings import Settings
from .engine import StoreSpec, manifest_store, parse_store
from .parse import run_parse, timed_out_under
from .scan import scan
from .versions import link_copies, link_versions, path_told, restamp
from .store import (
    Index,
    build_lock,
    clean_leftovers,
    embed_text,
    read_documents,
    read_manifest,
    write_atomic,
    write_generation,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
# beside CURRENT: path -> [size, mtime_ns, sha256, why it failed or None], so an unchanged file is neither
# hashed nor (when it could not be read) parsed again
STAT_CACHE = "filestat.json"
# bytes written per byte of chunk text: its JSON row in SQLite and its BM25 postings (Kent: 12.7 MB for ~3 MB)
SPACE_PER_TEXT_BYTE = 4
SPACE_MARGIN = 1 << 20  # manifest, pointers and SQLite's own pages
NEAR_DUPLICATE = 0.9  # share of a document's pages found verbatim in a bigger one to call it "contained in" it


@dataclass
class Summary:
    documents: int = 0
    pages: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    duplicates: int = 0  # files whose bytes are another file's: indexed once, citable by either name
    near_duplicates: int = 0  # documents whose pages all appear in a bigger one (a report inside its pack)
    copies: int = 0  # documents that took their body and date from a better-described copy (versions.py)
    versions: int = 0  # pairs of parts found to be two versions of one paper (a draft and its final version)
    embedded_chunks: int = 0
    skipped: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = dict(self.__dict__)
        out["seconds"] = round(self.seconds, 2)
        out["timings"] = {k: round(v, 2) for k, v in self.timings.items()}
        return out

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build(paths: list[Path], settings: Settings, progress: Progress | None = None, workers: int | None = None,
          embedder=None, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Summary:
    """Bring the index at settings.index_dir up to date with the files under paths.

    Args:
        workers: parser processes (default one per core, at most 4); 0 parses in this process, uncapped.
        embedder: anything with embed(texts, progress) -> rows (default: the configured model, loaded
            only if some text needs embedding).
        wait: when another build holds the index, wait for it (calling on_wait(holder) first) rather
            than raise IndexBusy.

    Raises:
        IndexBusy: another build is running and wait is False.
        IndexMismatch: the index was built with another model or chunking.
    """
    index_dir = Path(settings.index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=index_dir, prefix=".probe-"):  # may we write there at all?
            pass
    except OSError as exc:
        raise IndexWriteFailed(index_dir, None, _free_space(index_dir), exc.strerror or str(exc)) from exc
    with build_lock(index_dir, wait=wait, on_wait=on_wait):
        clean_leftovers(index_dir)
        return _update(paths, settings, progress, workers, embedder)


def _identity(settings: Settings) -> dict:
    """What the vectors depend on; a change means a rebuild."""
    # torch and fp32 ONNX give the same vectors; int8 ones differ, so they make a different index
    quantised = "int8" if settings.backend == "onnx-int8" else None
    return {"model": settings.model, "chunk_settings": settings.chunk_settings(), "quantised": quantised}


def _embedder(settings: Settings):
    from .embed import Embedder

    return Embedder.for_settings(settings, building=True)


def _update(paths: list[Path], settings: Settings, progress: Progress | None, workers: int | None,
            embedder) -> Summary:
    t0 = time.perf_counter()
    summary = Summary()
    index_dir = Path(settings.index_dir)
    manifest = read_manifest(index_dir)
    if manifest is not None:
        ident = _identity(settings)
        if any(manifest.get(k) != v for k, v in ident.items()):
            raise IndexMismatch(index_dir, ", ".join(f"{k} {manifest.get(k)!r}" for k in ident))
    prev_docs: dict[str, dict] = {d["sha256"]: d for d in read_documents(index_dir)} if manifest else {}
    spec = _store(index_dir, manifest, settings)

    # 1. what is on disk, by content hash (a file whose size and mtime are as last time is not re-read)
    stat_cache = _read_stat_cache(index_dir)
    new_cache: dict[str, list] = {}
    by_sha: dict[str, list[tuple[Path, str]]] = {}
    unreadable: dict[str, Path] = {}  # names whose file is there but cannot be read now: keep their last good version
    for path, rel in scan(paths, skipped=summary.skipped, follow_links=settings.follow_links, ignore=(index_dir,)):
        key = os.path.abspath(path)
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                summary.skipped.append({"path": rel, "reason": "not a regular file — copy the PDF itself into the corpus"})
                continue
            unreadable[rel] = path
            if st.st_size == 0:
                summary.skipped.append({"path": rel, "reason": "empty file (0 bytes) — copy it again from the source"})
                continue
            if st.st_size > settings.max_file_mb * 1024 * 1024:
                summary.skipped.append({"path": rel, "reason": f"{st.st_size // (1024 * 1024)} MB is over the "
                                        f"{settings.max_file_mb} MB limit — split the file or raise max_file_mb"})
                continue
            cached = stat_cache.get(key)
            if cached and len(cached) == 4 and cached[:2] == [st.st_size, st.st_mtime_ns]:
                if cached[3:4] != [None] and not settings.ocr and not _longer_deadline(cached[3], settings):
                    new_cache[key] = cached  # failed before, unchanged since: say so again
                    summary.skipped.append({"path": rel, "reason": cached[3]})
                    continue
                sha = cached[2]
            else:
                sha = _sha(path)
            new_cache[key] = [st.st_size, st.st_mtime_ns, sha, None]
            by_sha.setdefault(sha, []).append((path, rel))
            del unreadable[rel]
        except FileNotFoundError:
            unreadable.pop(rel, None)
            summary.skipped.append({"path": rel, "reason": "vanished while being indexed — re-run when it is back"})
        except PermissionError:
            unreadable[rel] = path
            summary.skipped.append({"path": rel, "reason": "permission denied — make it readable (chmod a+r) and re-run"})
    for places in by_sha.values():  # of several names for the same bytes, the one whose path says most is the source
        places.sort(key=lambda pr: (-path_told(pr[1]), pr[1]))
    summary.duplicates = sum(len(v) - 1 for v in by_sha.values())
    summary.timings["scan"] = time.perf_counter() - t0

    # 2. parse what is new or changed
    t1 = time.perf_counter()
    todo = [(str(v[0][0]), v[0][1], sha, settings) for sha, v in by_sha.items() if sha not in prev_docs]
    sha_of_rel = {rel: sha for sha, v in by_sha.items() for _, rel in v}
    parsed: dict[str, tuple[dict, list[dict]]] = {}
    failed: set[str] = set()
    if todo:
        n_workers = workers if workers is not None else min(len(todo), os.cpu_count() or 1, 4)
        if progress:  # the bar is on screen from the start, not after the first file is read
            progress("parse", 0, len(todo))
        for i, (rel, rec, chunks, reason, lasting) in enumerate(run_parse(todo, n_workers, settings), 1):
            if progress:
                progress("parse", i, len(todo))
            sha = sha_of_rel[rel]
            if reason is None:
                parsed[sha] = (rec, chunks)
                continue
            failed.add(sha)
            for path, name in by_sha[sha]:
                summary.skipped.append({"path": name, "reason": reason})
                if not reason.startswith("vanished"):
                    unreadable[name] = path
                if lasting:
                    new_cache[os.path.abspath(path)][3] = reason
    summary.timings["parse"] = time.perf_counter() - t1

    # 3. the new set of documents: kept ones from the live generation, new ones just parsed; a name
    # whose new bytes cannot be read keeps the version indexed last time (a corrupt copy over a good one)
    prev_by_name = {n: sha for sha, d in prev_docs.items() for n in [d["source"], *d.get("also", [])]}
    for s in summary.skipped:
        old = prev_by_name.get(s["path"])
        if s["path"] in unreadable and old and s["path"] not in {n for _, n in by_sha.get(old, [])}:
            by_sha.setdefault(old, []).append((unreadable[s["path"]], s["path"]))
            s["reason"] += " (its last good version stays indexed until this one can be read)"
    kept = {sha for sha in by_sha if sha in prev_docs}
    replaced: set[str] = set()
    documents: list[dict] = []
    for sha, places in sorted(by_sha.items(), key=lambda kv: kv[1][0][1]):
        names = [rel for _, rel in places]
        if sha in kept:
            rec = dict(prev_docs[sha])
            summary.unchanged += 1
        elif sha in parsed:
            rec = dict(parsed[sha][0])
            olds = {prev_by_name[n] for n in names if n in prev_by_name} - {sha}
            if olds:
                summary.updated += 1
                replaced |= olds - kept
            else:
                summary.added += 1
        else:
            continue
        rec["_from"] = rec["source"]  # the name its chunks are stored under in the live generation
        rec["council"] = rec.get("council") or council_of(places[0][0], places[0][1], settings)
        rec["source"], rec["also"] = names[0], names[1:]
        documents.append(rec)
    summary.removed = len(set(prev_docs) - kept - replaced)
    summary.near_duplicates = _mark_contained(documents)
    summary.copies = link_copies(documents)
    summary.versions = len(link_versions(documents))

    summary.documents = len(documents)
    summary.pages = sum(d.get("pages", 0) for d in documents)
    summary.chunks = sum(d.get("chunks", 0) for d in documents)
    layout = {sha: (d["source"], tuple(d.get("also", []))) for sha, d in prev_docs.items()}
    changed = summary.changed or layout != {d["sha256"]: (d["source"], tuple(d["also"])) for d in documents} \
        or any(d.get(k) != prev_docs[d["sha256"]].get(k) for d in documents if d["sha256"] in prev_docs
               for k in ("contained_in", "copy_of", "parts", "committee", "meeting_date"))
    if manifest is None and not documents:
        changed = False  # nothing readable yet: leave "no index" rather than write an empty one
    if not changed:
        if new_cache != stat_cache:
            with contextlib.suppress(OSError):  # only a cache (a full disk): without it files are hashed again
                write_atomic(index_dir / STAT_CACHE, json.dumps(new_cache))
        summary.seconds = time.perf_counter() - t0
        return summary
    if spec.engine != "faiss":  # the chunks live in Milvus: it takes the same new list of documents
        from .collection import update

        t3 = time.perf_counter()
        summary.chunks, summary.embedded_chunks = update(index_dir, spec, documents, parsed, prev_docs,
                                                         _identity(settings), lambda: embedder or _embedder(settings),
                                                         progress)
        write_atomic(index_dir / STAT_CACHE, json.dumps(new_cache))
        summary.timings["write"] = time.perf_counter() - t3
        summary.seconds = time.perf_counter() - t0
        return summary

    # 4. chunks in document order, reused ones renamed to the document's current names
    prev = Index.open(index_dir) if kept else None
    try:
        chunks: list[Chunk] = []
        for rec in documents:
            old_name = rec.pop("_from")
            if rec["sha256"] in parsed:
                raw = [Chunk.from_json(c) for c in parsed[rec["sha256"]][1]]
            else:
                raw = prev.chunks_of(old_name)
            also, council = tuple(rec["also"]), rec["council"]
            chunks.extend(restamp(c if (c.source, c.also, c.council) == (rec["source"], also, council) else
                                  Chunk.from_json({**c.to_json(), "source": rec["source"], "also": also,
                                                   "council": council}), rec) for c in raw)
        summary.chunks = len(chunks)

        # 5. embed only texts never embedded before, once there is room to write what they make
        t2 = time.perf_counter()
        texts = [embed_text(c, settings.embed_header) for c in chunks]
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        cache = prev.embed_cache() if prev else {}
        needed = _space_needed(chunks, int((manifest or {}).get("dimension", 384)), documents)
        free = _free_space(index_dir)
        if free is not None and free < needed:
            raise IndexWriteFailed(index_dir, needed, free, "not enough free space")
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in cache}.items())
        if missing:
            embedder = embedder or _embedder(settings)
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress("embed", done[0], len(missing))

            tick(0)  # shown while the model loads, before the first batch
            vecs = embedder.embed([t for _, t in missing], progress=tick)
            cache.update({k: v for (k, _), v in zip(missing, vecs)})
        summary.embedded_chunks = len(missing)
        dim = len(next(iter(cache.values()))) if cache else int((manifest or {}).get("dimension", 384))
        vectors = np.stack([cache[k] for k in keys]) if keys else np.zeros((0, dim), dtype="float32")
        summary.timings["embed"] = time.perf_counter() - t2
    finally:
        if prev is not None:
            prev.close()

    t3 = time.perf_counter()
    try:
        write_generation(index_dir, chunks, vectors, keys, documents, {**_identity(settings), "engine": "faiss"})
        write_atomic(index_dir / STAT_CACHE, json.dumps(new_cache))
    except (OSError, RuntimeError, sqlite3.Error) as exc:  # FAISS reports a failed fwrite as RuntimeError
        clean_leftovers(index_dir)  # the half-written generation goes now, not at the next run
        cause = getattr(exc, "strerror", None) or str(exc).strip().splitlines()[-1][:200]
        raise IndexWriteFailed(index_dir, needed, _free_space(index_dir), cause) from exc
    summary.timings["write"] = time.perf_counter() - t3
    summary.seconds = time.perf_counter() - t0
    return summary


def _store(index_dir: Path, manifest: dict | None, settings: Settings) -> StoreSpec:
    """Where the chunks go: where the existing index keeps them, else settings.store.

    Raises:
        StoreUnavailable: a Milvus store was asked for but this index keeps its chunks elsewhere.
    """
    from ..errors import StoreUnavailable

    asked = parse_store(settings.store)
    if manifest is None:
        return asked
    held = manifest_store(manifest)
    if asked.engine != "faiss" and asked != held:
        raise StoreUnavailable(asked.text, f"the index at {index_dir}/ keeps its chunks in {held.text} — "
                                           f"build into a new --index-dir to change engine")
    return held


def council_of(path: Path, rel: str, settings: Settings) -> str:
    """The council a file belongs to: --council, else the first folder under a folder named corpus
    (corpus/kent/cabinet/x.pdf: kent), else the folder that was indexed (…/coventry/x.pdf: coventry)."""
    if settings.council:
        return settings.council
    parts = Path(os.path.abspath(path)).parts
    if "corpus" in parts[:-2]:
        return parts[len(parts) - 1 - parts[::-1].index("corpus") + 1]
    depth = len(Path(rel).parts)
    folder = parts[-depth - 1] if len(parts) > depth + 1 else ""
    return "" if folder == "corpus" else folder


def _longer_deadline(reason: str | None, settings: Settings) -> bool:
    """True when a remembered failure was a file running past a shorter deadline than today's."""
    ran_past = timed_out_under(reason)
    return ran_past is not None and settings.file_timeout > ran_past


def _space_needed(chunks: list[Chunk], dim: int, documents: list[dict]) -> int:
    """Bytes a new generation takes, about: the vectors, plus the text stored in SQLite and BM25's postings."""
    text = sum(len(c.text.encode("utf-8")) + sum(len(r) for r in c.rows) for c in chunks)
    return len(chunks) * dim * 4 + SPACE_PER_TEXT_BYTE * text + len(json.dumps(documents)) + SPACE_MARGIN


def _free_space(index_dir: Path) -> int | None:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return shutil.disk_usage(index_dir).free
    except OSError:
        return None


def _read_stat_cache(index_dir: Path) -> dict[str, list]:
    try:
        data = json.loads((index_dir / STAT_CACHE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}  # only a cache: without it every file is hashed again


def _mark_contained(documents: list[dict]) -> int:
    """Set "contained_in" on a document whose pages all appear verbatim in a bigger one (a report
    published alone and inside its meeting's pack). Both stay indexed: the standalone file has its
    own title, and retrieval already drops a passage that repeats a better one. Returns how many."""
    pages_of = {d["sha256"]: [h for h in d.get("page_hashes", []) if h] for d in documents}
    holders: dict[str, set[str]] = {}
    for sha, hashes in pages_of.items():
        for h in hashes:
            holders.setdefault(h, set()).add(sha)
    by_sha = {d["sha256"]: d for d in documents}
    for d in documents:
        hashes = pages_of[d["sha256"]]
        if not hashes:
            continue
        counts: dict[str, int] = {}
        for h in hashes:
            for other in holders[h] - {d["sha256"]}:
                counts[other] = counts.get(other, 0) + 1
        best = max(counts, key=counts.get, default=None)
        if best and counts[best] >= NEAR_DUPLICATE * len(hashes) and len(pages_of[best]) > len(hashes):
            d["contained_in"] = by_sha[best]["source"]
        else:
            d.pop("contained_in", None)
    return sum(1 for d in documents if d.get("contained_in"))


def watch(paths: list[Path], settings: Settings, interval: float = 30.0, on_summary=None,
          max_polls: int | None = None, sleep=time.sleep, **build_args) -> None:
    """Update the index, then poll the corpus every interval seconds and update again (Ctrl-C stops).

    Files that failed are remembered by size and mtime, so they are parsed again only once they change.
    """
    if build_args.get("embedder") is None:  # one embedder for every poll; it loads the model when first used
        build_args["embedder"] = _embedder(settings)
    polls = 0
    while True:
        summary = build(paths, settings, **build_args)
        if on_summary:
            on_summary(summary)
        polls += 1
        if max_polls is not None and polls >= max_polls:
            return
        sleep(interval)


def summary_json(summary: Summary) -> str:
    return json.dumps(summary.to_json())
