"""The Milvus engine, read side: connect, filter expressions, and the Store interface over a collection.

An index on Milvus is a collection (in a Milvus Lite file or on a server, written by collection.py)
plus the index folder, which keeps the manifest (engine, URI, collection), the document list, term
statistics (the question reader weighs terms by idf, as on the file index) and the speller's word counts. Everything above the
store reads it through the same `Store` methods as the file index.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np

from ..errors import IndexMissing, StoreUnavailable
from ..records import Chunk
from .documents import DocumentRecords
from .engine import DOC_BITS, RRF_K, Filters, StoreSpec, lexical_text, manifest_store, milvus_token, unseen_weight
from .store import _pin, check_manifest, current_generation

QUERY_LIMIT = 16_384  # the most rows Milvus returns from one query
# Milvus Lite weighs BM25 terms by each segment's statistics (and a partition key puts each council in its own
# segments), so the engine's BM25 picks candidates, this many times k of them, and they are scored again with
# the whole index's statistics: the same scores, so the same ranking, as the file index
LEXICAL_DEPTH = 4
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


def read_live(index_dir: Path) -> dict | None:
    gen = current_generation(index_dir)
    return json.loads((gen / "manifest.json").read_text(encoding="utf-8")) if gen else None


def _stored_chunks(client, name: str, sha: str) -> list[Chunk]:
    rows = client.query(name, filter=f'doc_sha == "{sha}"', output_fields=["id", "data"], limit=QUERY_LIMIT)
    return [Chunk.from_json(r["data"]) for r in sorted(rows, key=lambda r: r["id"])]


class MilvusStore(DocumentRecords):
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

    def term_weight(self, term):
        df = self._df.get(term)
        if df is None:
            return unseen_weight(self._n)
        df = np.array([df], dtype="float32")  # as lexical.BM25 computes it, so both engines weigh alike
        return float(np.log(1 + (self._n - df + 0.5) / (df + 0.5)).astype("float32")[0])

