"""The Milvus engine: chunks in one collection (Milvus Lite file or server), behind the Store interface.

The collection holds per chunk: the 384-d vector (inner product on normalised vectors = cosine), its
folded and stemmed text analysed by Milvus's BM25 function into a sparse field, the scalar fields a
filter reads (council as the partition key; committee, meeting_date, doc_type, part, source, page,
each with an inverted index) and the whole chunk record as JSON, so new chunk fields need no schema
change. The index folder still holds the manifest (engine, URI, collection), the document list and
term statistics (the question reader weighs terms by idf, as on the file index), written as a new
generation after the collection is updated.

Writes are by chunk id (document hash bits + place): a rebuild killed half-way is repaired by the
next one (its upserts replace the same ids, and chunks of documents not in the live list are
deleted), so no query sees half a document once a build has finished.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections import Counter
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import IndexMissing, StoreUnavailable
from ..records import Chunk
from ..settings import INDEX_FORMAT
from .engine import DOC_BITS, RRF_K, Filters, StoreSpec, chunk_id, lexical_text, manifest_store, milvus_token, unseen_weight
from .store import READERS, _fsync_dir, _pin, check_manifest, current_generation, embed_text, prune, write_atomic

BATCH = 256  # rows per upsert: well under Milvus's 64 MB request limit at 384 floats and a chunk's JSON
QUERY_LIMIT = 16_384  # the most rows Milvus returns from one query
# Milvus Lite weighs BM25 terms by each segment's statistics (and a partition key puts each council in its own
# segments), so the engine's BM25 picks candidates, this many times k of them, and they are scored again with
# the whole index's statistics: the same scores, so the same ranking, as the file index
LEXICAL_DEPTH = 4
TEXT_BYTES = 60_000  # VARCHAR fields hold at most 65,535 bytes
_CLIENTS: dict[str, object] = {}  # one client per URI in a process (Milvus Lite serves one process per file)


def connect(spec: StoreSpec):
    """A pymilvus client for the store (imported only here: the file index never needs pymilvus)."""
    if spec.uri in _CLIENTS:
        return _CLIENTS[spec.uri]
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:
        raise StoreUnavailable(spec.text, "pymilvus is not installed — `pip install 'boardqa[milvus]'`") from exc
    try:
        if spec.engine == "milvus-lite":
            Path(spec.uri).parent.mkdir(parents=True, exist_ok=True)
            client = MilvusClient(uri=spec.uri)
        else:
            client = MilvusClient(uri=spec.uri, token=milvus_token())
    except Exception as exc:  # pymilvus raises its own exception types, and gRPC/OS errors beneath them
        why = ("Milvus Lite serves one process per data file: stop the other `boardqa` (or the app) using it, "
               "or move to a Milvus server (`milvus://HOST:PORT`)") if spec.engine == "milvus-lite" else \
              "check the server is up (deploy/milvus/) and $BOARDQA_MILVUS_TOKEN"
        raise StoreUnavailable(spec.text, f"{exc} — {why}") from exc
    _CLIENTS[spec.uri] = client
    return client


def collection_name(index_dir: Path) -> str:
    """A collection per index folder, so several indexes can share one server."""
    stem = re.sub(r"[^A-Za-z0-9_]", "_", Path(index_dir).resolve().name)[:40]
    return f"boardqa_{stem}_{hashlib.sha1(str(Path(index_dir).resolve()).encode()).hexdigest()[:6]}"


def expression(filters: Filters | None) -> str:
    """The filters as a Milvus boolean expression over the scalar fields ("" when none is set)."""
    if not (filters and filters.active()):
        return ""
    f, out = filters, []
    if f.council:
        out.append(f'council == "{_quote(f.council.lower())}"')
    if f.committee:
        out.append(f'committee like "%{_quote(f.committee.lower())}%"')
    if f.date_from:
        out.append(f'meeting_date >= "{_quote(f.date_from)}"')
    if f.date_to:
        out.append(f'meeting_date <= "{_quote(f.date_to)}" and meeting_date != ""')  # no date is no match
    if f.doc_type:
        out.append(f'doc_type == "{_quote(f.doc_type.lower())}"')
    return " and ".join(out)


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _loaded(client, name: str) -> bool:
    """Whether the collection exists, loaded for search (a collection reopened from a Lite file starts released)."""
    if not client.has_collection(name):
        return False
    client.load_collection(name)
    return True


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
        todo.append((rec, [Chunk.from_json({**c.to_json(), "source": names[0], "also": names[1], "council": names[2]})
                           for c in raw]))
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
    doc_terms: dict[str, tuple[Counter, int]] = {}
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
            doc_terms[sha] = (df, length)
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


def read_live(index_dir: Path) -> dict | None:
    gen = current_generation(index_dir)
    return json.loads((gen / "manifest.json").read_text(encoding="utf-8")) if gen else None


def _stored_chunks(client, name: str, sha: str) -> list[Chunk]:
    rows = client.query(name, filter=f'doc_sha == "{sha}"', output_fields=["id", "data"], limit=QUERY_LIMIT)
    return [Chunk.from_json(r["data"]) for r in sorted(rows, key=lambda r: r["id"])]


def _vectors_by_key(client, name: str, keys: list[str]) -> dict[str, np.ndarray]:
    """Vectors already in the collection for these embedded-text hashes (boilerplate is embedded once)."""
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        for r in client.query(name, filter=f"embed_key in {json.dumps(part)}", output_fields=["embed_key", "vector"],
                              limit=QUERY_LIMIT):
            out[r["embed_key"]] = np.asarray(r["vector"], dtype="float32")
    return out


def _write_folder(index_dir: Path, documents: list[dict], doc_terms: dict[str, tuple[Counter, int]],
                  manifest: dict) -> None:
    """A new generation of the index folder (manifest, documents, term statistics), switched in atomically."""
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
    live = {d["sha256"] for d in documents}
    for (sha,) in db.execute("SELECT sha FROM doc_lengths").fetchall():
        if sha not in live or sha in doc_terms:
            db.execute("DELETE FROM doc_terms WHERE sha = ?", (sha,))
            db.execute("DELETE FROM doc_lengths WHERE sha = ?", (sha,))
    for sha, (df, length) in doc_terms.items():
        db.executemany("INSERT INTO doc_terms VALUES (?,?,?)", ((sha, t, n) for t, n in df.items()))
        db.execute("INSERT INTO doc_lengths VALUES (?,?)", (sha, length))
    db.commit()
    totals = dict(db.execute("SELECT term, SUM(df) FROM doc_terms GROUP BY term"))
    tokens = db.execute("SELECT COALESCE(SUM(tokens), 0) FROM doc_lengths").fetchone()[0]
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


class MilvusStore:
    """An index whose chunks live in a Milvus collection; the Store interface over pymilvus."""

    def __init__(self, folder: Path, index_dir: Path):
        self.folder, self.index_dir = folder, index_dir
        self._pin = _pin(folder)
        self.manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        check_manifest(index_dir, self.manifest)
        self.spec = manifest_store(self.manifest)
        self.collection = self.manifest["collection"]
        self._client = connect(self.spec)
        if not _loaded(self._client, self.collection):
            raise IndexMissing(index_dir)  # the folder names a collection the engine does not hold
        terms = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        self._df, self._n = terms["df"], int(terms["n"])
        self._avgdl = terms.get("tokens", 0) / self._n if self._n else 1.0
        self.size = int(self.manifest.get("chunks", 0))
        self._docs = self.documents()
        self._place = {int(d["sha256"][:10], 16): i for i, d in enumerate(self._docs)}

    def _key(self, cid: int) -> tuple[int, int]:
        """Where the file index would hold the chunk (documents in order, then its place): ties go as there."""
        return self._place.get(cid >> DOC_BITS, len(self._place)), cid & ((1 << DOC_BITS) - 1)

    def _ranked(self, ids: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        order = sorted(range(len(ids)), key=lambda i: (-float(scores[i]), self._key(int(ids[i]))))[:k]
        return ids[order].astype("int64"), scores[order].astype("float32")

    @classmethod
    def open(cls, index_dir: Path | str, model: str | None = None) -> "MilvusStore":
        index_dir = Path(index_dir)
        gen = current_generation(index_dir)
        if gen is None:
            raise IndexMissing(index_dir)
        store = cls(gen, index_dir)
        check_manifest(index_dir, store.manifest, model)
        return store

    def close(self) -> None:
        if self._pin is not None:
            self._pin.close()
            self._pin = None

    def is_stale(self) -> bool:
        gen = current_generation(self.index_dir)
        return gen is not None and gen != self.folder

    def _search(self, data, field: str, metric: str, k: int, filters: Filters | None):
        if self.size == 0 or k <= 0:
            return np.zeros(0, dtype="int64"), np.zeros(0, dtype="float32")
        hits = self._client.search(self.collection, data=[data], anns_field=field, limit=min(k, QUERY_LIMIT),
                                   filter=expression(filters), search_params={"metric_type": metric},
                                   output_fields=["id"])[0]
        return (np.array([h["id"] for h in hits], dtype="int64"),
                np.array([h["distance"] for h in hits], dtype="float32"))

    def search_dense(self, query_vec, k, filters=None):
        ids, scores = self._search([float(x) for x in np.asarray(query_vec).ravel()], "vector", "IP", k, filters)
        return self._ranked(ids, scores, k)

    def search_lexical(self, terms, alternatives, k, filters=None):
        from ..text.synonyms import ALTERNATIVE_WEIGHT
        from .lexical import BM25

        text = self._query_text(terms, alternatives)
        if not text:
            return np.zeros(0, dtype="int64"), np.zeros(0, dtype="float32")
        ids, _ = self._search(text, "sparse", "BM25", k * LEXICAL_DEPTH, filters)
        if not len(ids):
            return ids, np.zeros(0, dtype="float32")
        rows = self._rows(ids, ["terms"])
        ids = np.array([i for i in ids.tolist() if i in rows], dtype="int64")
        bm25 = BM25.from_tokens([rows[i]["terms"].split() for i in ids.tolist()])
        bm25.idf = np.array([self.term_weight(t) for t in bm25.vocab], dtype="float32")  # the whole index's
        bm25.avgdl = self._avgdl
        scores = bm25.scores(tuple(terms), alternatives, ALTERNATIVE_WEIGHT)
        keep = scores > 0
        return self._ranked(ids[keep], scores[keep], k)

    @staticmethod
    def _query_text(terms, alternatives) -> str:
        """The question's terms once each, then its alternatives' words (the engine sums what the
        file index takes the better of: close enough to pick the same candidates)."""
        words = list(dict.fromkeys(terms))
        for t in terms:
            for phrase in (alternatives or {}).get(t, ()):
                words.extend(w for w in phrase if w not in words)
        return lexical_text(words)

    def search_hybrid(self, query_vec, terms, k, filters=None):
        from pymilvus import AnnSearchRequest, RRFRanker

        expr = expression(filters)  # given to each request: a filter on hybrid_search itself was not applied
        reqs = [AnnSearchRequest(data=[[float(x) for x in np.asarray(query_vec).ravel()]], anns_field="vector",
                                 param={"metric_type": "IP"}, limit=k, expr=expr)]
        text = self._query_text(terms, None)
        if text:
            reqs.append(AnnSearchRequest(data=[text], anns_field="sparse", param={"metric_type": "BM25"}, limit=k,
                                         expr=expr))
        hits = self._client.hybrid_search(self.collection, reqs, RRFRanker(RRF_K), limit=k, output_fields=["id"])[0]
        return (np.array([h["id"] for h in hits], dtype="int64"),
                np.array([h["distance"] for h in hits], dtype="float32"))

    def _rows(self, ids, fields: list[str]) -> dict[int, dict]:
        ids = [int(i) for i in ids]
        out: dict[int, dict] = {}
        for i in range(0, len(ids), 1000):
            part = ids[i:i + 1000]
            for r in self._client.query(self.collection, filter=f"id in {part}", output_fields=["id", *fields],
                                        limit=len(part)):
                out[int(r["id"])] = r
        return out

    def vectors_of(self, ids):
        rows = self._rows(ids, ["vector"])
        return np.array([rows[int(i)]["vector"] for i in ids], dtype="float32")

    def chunks_by_id(self, ids):
        return {i: Chunk.from_json(r["data"]) for i, r in self._rows(ids, ["data"]).items()}

    def chunks(self, ids):
        found = self.chunks_by_id(ids)
        return [found[int(i)] for i in ids if int(i) in found]

    def chunks_of(self, source):
        sha = next((d["sha256"] for d in self.documents() if source in (d["source"], *d.get("also", []))), None)
        return _stored_chunks(self._client, self.collection, sha) if sha else []

    def all_chunks(self):
        for d in self.documents():
            yield from _stored_chunks(self._client, self.collection, d["sha256"])

    def documents(self) -> list[dict]:
        if getattr(self, "_docs", None) is not None:
            return self._docs
        return json.loads((self.folder / "documents.json").read_text(encoding="utf-8"))

    def resolutions(self) -> list:
        from ..papers.resolutions import Resolution

        return [Resolution.from_json({**r, "source": d["source"]})
                for d in self.documents() for r in d.get("resolutions", [])]

    def term_weight(self, term):
        df = self._df.get(term)
        if df is None:
            return unseen_weight(self._n)
        df = np.array([df], dtype="float32")  # as lexical.BM25 computes it, so both engines weigh alike
        return float(np.log(1 + (self._n - df + 0.5) / (df + 0.5)).astype("float32")[0])
