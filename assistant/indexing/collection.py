"""The Milvus engine, write side: the collection's schema, its rows, and bringing it up to date from a build.

The collection holds per chunk: the 384-d vector (inner product on normalised vectors = cosine), its
folded and stemmed text analysed by Milvus's BM25 function into a sparse field (and the same tokens
as they are, for exact BM25 scores), the scalar fields a filter reads (council as the partition key;
committee, meeting_date, doc_type, part, source, page, each with an inverted index) and the whole chunk
record as JSON, so new chunk fields need no schema change.

Writes are by chunk id (document hash bits + place): a rebuild killed half-way is repaired by the
next one (its upserts replace the same ids, and chunks of documents not in the live list are
deleted), so no query sees half a document once a build has finished.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import time
import uuid
from collections import Counter
from pathlib import Path

import numpy as np

from .. import __version__
from ..records import Chunk
from ..settings import INDEX_FORMAT
from .engine import StoreSpec, chunk_id, lexical_text
from .milvus import QUERY_LIMIT, _loaded, _stored_chunks, collection_name, connect, read_live
from .store import READERS, _fsync_dir, current_generation, embed_text, prune, write_atomic
from .vocabulary import chunk_texts, surface_words, write_counts

BATCH = 256  # rows per upsert: well under Milvus's 64 MB request limit at 384 floats and a chunk's JSON
TEXT_BYTES = 60_000  # VARCHAR fields hold at most 65,535 bytes


def _ensure_collection(client, name: str, dim: int, spec: StoreSpec) -> None:
    if _loaded(client, name):
        return
    from pymilvus import DataType, Function, FunctionType

    s = client.create_schema(auto_id=False, enable_dynamic_field=False)
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("doc_sha", DataType.VARCHAR, max_length=64)
    s.add_field("embed_key", DataType.VARCHAR, max_length=40)  # sha1 of the text embedded: reuse across documents
    s.add_field("text", DataType.VARCHAR, max_length=65_535, enable_analyzer=True, analyzer_params={"type": "standard"})
    s.add_field("terms", DataType.VARCHAR, max_length=65_535)  # the same tokens as they are, for exact BM25
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    s.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    s.add_field("council", DataType.VARCHAR, max_length=256, is_partition_key=True)
    for field in ("committee", "doc_type", "part", "source"):
        s.add_field(field, DataType.VARCHAR, max_length=2048)
    s.add_field("meeting_date", DataType.VARCHAR, max_length=16)
    s.add_field("page", DataType.INT64)
    s.add_field("data", DataType.JSON)  # the whole chunk record: fields added later need no schema change
    s.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"],
                            output_field_names=["sparse"]))
    ip = client.prepare_index_params()
    # exact search in Lite (the same ranking as the file index); a server builds its own ANN index (HNSW)
    ip.add_index("vector", index_type="FLAT" if spec.engine == "milvus-lite" else "AUTOINDEX", metric_type="IP")
    ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                 params={"bm25_k1": 1.2, "bm25_b": 0.75})  # lexical.K1, lexical.B
    for field in ("council", "committee", "meeting_date", "doc_type", "part", "source", "page", "doc_sha", "embed_key"):
        ip.add_index(field, index_type="INVERTED")
    client.create_collection(name, schema=s, index_params=ip)


def _row(c: Chunk, cid: int, sha: str, key: str, vec, tokens: list[str]) -> dict:
    return {"id": cid, "doc_sha": sha, "embed_key": key, "text": _clip(lexical_text(tokens)), "terms": _clip(" ".join(tokens)),
            "vector": [float(x) for x in vec], "council": (getattr(c, "council", "") or "").lower(),
            "committee": (c.committee or "").lower()[:2000], "doc_type": (c.doc_type or "").lower()[:2000],
            "part": str(getattr(c, "part", "") or c.item or "")[:2000], "source": c.source[:2000],
            "meeting_date": c.meeting_date or "", "page": int(c.page), "data": c.to_json()}


def _clip(text: str) -> str:
    return text.encode()[:TEXT_BYTES].decode(errors="ignore")


def update(index_dir: Path, spec: StoreSpec, documents: list[dict], parsed: dict, prev_docs: dict,
           identity: dict, get_embedder, progress=None) -> tuple[int, int]:
    """Bring the collection and the index folder in line with `documents` (the build's new list).

    Args:
        documents: the new document records, each with "_from" (the name its chunks were stored under).
        parsed: sha -> (record, chunk dicts) of documents parsed in this build.
        prev_docs: sha -> record of the live generation.
        get_embedder: called only if some text has never been embedded.

    Returns:
        (chunks held, chunks embedded).
    """
    from .store import chunk_tokens

    client, name = connect(spec), (read_live(index_dir) or {}).get("collection") or collection_name(index_dir)
    todo: list[tuple[dict, list[Chunk]]] = []  # documents whose rows must be written
    for rec in documents:
        old_name, sha = rec.pop("_from"), rec["sha256"]
        rec.setdefault("council", "")
        names = (rec["source"], tuple(rec["also"]), rec["council"])
        if sha in parsed:
            raw = [Chunk.from_json(c) for c in parsed[sha][1]]
        elif (old_name, tuple(prev_docs[sha].get("also", [])), prev_docs[sha].get("council", "")) != names:
            raw = _stored_chunks(client, name, sha) if _loaded(client, name) else []
        else:
            continue
        from .versions import restamp

        todo.append((rec, [restamp(Chunk.from_json({**c.to_json(), "source": names[0], "also": names[1],
                                                    "council": names[2]}), rec) for c in raw]))
    texts = {hashlib.sha1(t.encode("utf-8")).hexdigest(): t for _, cs in todo for t in (embed_text(c, identity[
        "chunk_settings"].get("embed_header", True)) for c in cs)}
    vectors = _vectors_by_key(client, name, list(texts)) if _loaded(client, name) else {}
    missing = sorted(k for k in texts if k not in vectors)
    if missing:
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress:
                progress("embed", done[0], len(missing))

        vectors.update(zip(missing, get_embedder().embed([texts[k] for k in missing], progress=tick)))
    if todo and vectors:
        _ensure_collection(client, name, len(next(iter(vectors.values()))), spec)
    doc_terms: dict[str, tuple[Counter, int, Counter]] = {}
    header = identity["chunk_settings"].get("embed_header", True)
    for rec, chunks in todo:
        sha, rows, df, length = rec["sha256"], [], Counter(), 0
        for n, c in enumerate(chunks):
            key = hashlib.sha1(embed_text(c, header).encode("utf-8")).hexdigest()
            toks = chunk_tokens(c)
            df.update(set(toks))
            length += len(toks)
            rows.append(_row(c, chunk_id(sha, n), sha, key, vectors[key], toks))
        for i in range(0, len(rows), BATCH):
            client.upsert(name, rows[i:i + BATCH])
        if rec["sha256"] in parsed:
            doc_terms[sha] = (df, length, surface_words(chunk_texts(chunks)))
        # a document that now has fewer chunks than its last stored version keeps no stale tail
        client.delete(name, filter=f'doc_sha == "{sha}" and id >= {chunk_id(sha, len(chunks))}')
    live = [d["sha256"] for d in documents]
    if client.has_collection(name):
        client.delete(name, filter=f"doc_sha not in {json.dumps(live)}")  # removed, replaced, half-written
        client.flush(name)
    held = sum(int(d.get("chunks", 0)) for d in documents)
    dim = len(next(iter(vectors.values()))) if vectors else int((read_live(index_dir) or {}).get("dimension", 384))
    _write_folder(index_dir, documents, doc_terms, {**identity, "engine": spec.engine, "engine_uri": spec.uri,
                                                      "collection": name, "dimension": dim, "chunks": held})
    return held, len(missing)


def _vectors_by_key(client, name: str, keys: list[str]) -> dict[str, np.ndarray]:
    """Vectors already in the collection for these embedded-text hashes (boilerplate is embedded once)."""
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        for r in client.query(name, filter=f"embed_key in {json.dumps(part)}", output_fields=["embed_key", "vector"],
                              limit=QUERY_LIMIT):
            out[r["embed_key"]] = np.asarray(r["vector"], dtype="float32")
    return out


def _write_folder(index_dir: Path, documents: list[dict], doc_terms: dict[str, tuple[Counter, int, Counter]],
                  manifest: dict) -> None:
    """A new generation of the index folder (manifest, documents, term statistics, the speller's word counts),
    switched in atomically. Both are kept per document, so an unchanged document is never re-read."""
    index_dir.mkdir(parents=True, exist_ok=True)
    previous = current_generation(index_dir)
    gen = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    folder = index_dir / f".{gen}.partial"
    folder.mkdir()
    db_path = folder / "doc_terms.sqlite"
    if previous is not None and (previous / "doc_terms.sqlite").exists():
        shutil.copyfile(previous / "doc_terms.sqlite", db_path)
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE IF NOT EXISTS doc_terms (sha TEXT, term TEXT, df INTEGER)")
    db.execute("CREATE INDEX IF NOT EXISTS doc_terms_sha ON doc_terms(sha)")
    db.execute("CREATE TABLE IF NOT EXISTS doc_lengths (sha TEXT PRIMARY KEY, tokens INTEGER)")
    db.execute("CREATE TABLE IF NOT EXISTS doc_words (sha TEXT, word TEXT, n INTEGER)")
    db.execute("CREATE INDEX IF NOT EXISTS doc_words_sha ON doc_words(sha)")
    live = {d["sha256"] for d in documents}
    for (sha,) in db.execute("SELECT sha FROM doc_lengths").fetchall():
        if sha not in live or sha in doc_terms:
            db.execute("DELETE FROM doc_terms WHERE sha = ?", (sha,))
            db.execute("DELETE FROM doc_lengths WHERE sha = ?", (sha,))
            db.execute("DELETE FROM doc_words WHERE sha = ?", (sha,))
    for sha, (df, length, words) in doc_terms.items():
        db.executemany("INSERT INTO doc_terms VALUES (?,?,?)", ((sha, t, n) for t, n in df.items()))
        db.executemany("INSERT INTO doc_words VALUES (?,?,?)", ((sha, w, n) for w, n in words.items()))
        db.execute("INSERT INTO doc_lengths VALUES (?,?)", (sha, length))
    db.commit()
    totals = dict(db.execute("SELECT term, SUM(df) FROM doc_terms GROUP BY term"))
    tokens = db.execute("SELECT COALESCE(SUM(tokens), 0) FROM doc_lengths").fetchone()[0]
    counted = {sha for (sha,) in db.execute("SELECT DISTINCT sha FROM doc_words")}
    if live <= counted:  # a document stored before word counts were kept leaves the speller to count at open
        write_counts(folder, Counter(dict(db.execute("SELECT word, SUM(n) FROM doc_words GROUP BY word"))))
    db.close()
    (folder / "terms.json").write_text(json.dumps({"n": manifest["chunks"], "tokens": tokens, "df": totals}),
                                       encoding="utf-8")
    (folder / "documents.json").write_text(json.dumps(documents, ensure_ascii=False, indent=0), encoding="utf-8")
    (folder / READERS).touch()
    manifest = {**manifest, "format": INDEX_FORMAT, "version": __version__, "documents": len(documents),
                "pages": sum(d.get("pages", 0) for d in documents), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    for f in folder.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    _fsync_dir(folder)
    os.replace(folder, index_dir / gen)
    _fsync_dir(index_dir)
    write_atomic(index_dir / "CURRENT", gen + "\n")
    prune(index_dir, keep={gen} | ({previous.name} if previous else set()))
