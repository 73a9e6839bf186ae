"""One store interface, two engines: the plain-file FAISS/BM25 index (default) and Milvus.

Everything above the store (fusion, re-ranking, answers, resolutions) talks to a `Store` and never
asks which engine holds the chunks. The engine is chosen by a store URI (`--store`, $BOARDQA_STORE):

    faiss                  plain files in the index folder (the default; nothing else needed)
    milvus-lite:PATH.db    Milvus Lite, an embedded engine in one local file (one process at a time)
    milvus://HOST:PORT     a Milvus Standalone or Distributed server ($BOARDQA_MILVUS_TOKEN to log in)

Whatever the engine, the index folder keeps the manifest (which engine and collection hold the
chunks) and the document list, so `boardqa index` stays incremental the same way on both.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

import numpy as np

from ..errors import StoreUnavailable
from ..records import Chunk
from .lexical import top_k
from .store import Index

DOC_BITS = 20  # a chunk id is (40 bits of its document's hash) << DOC_BITS | its place in the document
FILTERED_EXACT = 200_000  # with a filter, up to this many chunks dense search ranks all of them (then masks)
FILTERED_DEPTH = 10  # above it, a filtered dense search reads this many times k hits before masking


@dataclass(frozen=True)
class Filters:
    """Restrictions a user sets on what may be retrieved."""

    committee: str | None = None  # substring of the body's name, any case
    date_from: str | None = None  # ISO
    date_to: str | None = None  # ISO
    doc_type: str | None = None
    council: str | None = None  # the council whose papers these are, any case

    def active(self) -> bool:
        return any((self.committee, self.date_from, self.date_to, self.doc_type, self.council))


class Store(Protocol):
    """What retrieval, answers and resolutions need of an index, whichever engine holds it."""

    manifest: dict
    size: int  # chunks held

    def search_dense(self, query_vec: np.ndarray, k: int, filters: Filters | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
        """The k chunks nearest the query vector that pass the filters: (ids, cosine scores), best first."""

    def search_lexical(self, terms: tuple[str, ...], alternatives: dict | None, k: int,
                       filters: Filters | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The k best BM25 matches (score > 0) for a question's folded terms: (ids, scores), best first."""

    def search_hybrid(self, query_vec: np.ndarray, terms: tuple[str, ...], k: int,
                      filters: Filters | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Dense and BM25 fused by reciprocal rank (inside the engine where it can): (ids, scores)."""

    def vectors_of(self, ids) -> np.ndarray:
        """The stored vectors of these chunks, in the order asked."""

    def chunks(self, ids) -> list[Chunk]:
        """The chunks with these ids, in the order asked (ids that do not exist are left out)."""

    def chunks_by_id(self, ids) -> dict[int, Chunk]:
        """The chunks with these ids that exist, by id."""

    def chunks_of(self, source: str) -> list[Chunk]:
        """Every chunk of one document, in order."""

    def all_chunks(self) -> Iterator[Chunk]:
        """Every chunk, document by document."""

    def documents(self) -> list[dict]:
        """Every indexed document's record."""

    def resolutions(self) -> list:
        """Every resolution, decision and vote in the indexed documents."""

    def meetings(self) -> list:
        """Every meeting the indexed papers hold (papers/meetings.py)."""

    def questions(self) -> list:
        """Every question put and answered in the indexed questions papers."""

    def term_weight(self, term: str) -> float:
        """A folded term's inverse document frequency over the chunks."""

    def is_stale(self) -> bool:
        """True when a newer build has been switched in since this store was opened."""

    def close(self) -> None:
        """Release what the store holds open."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store URI."""

    engine: str  # "faiss" | "milvus-lite" | "milvus"
    uri: str = ""  # the file (Lite) or http://host:port (server) pymilvus connects to

    @property
    def text(self) -> str:
        return {"faiss": "faiss", "milvus-lite": f"milvus-lite:{self.uri}"}.get(self.engine, f"milvus://{self.uri[7:]}")


def parse_store(text: str | None) -> StoreSpec:
    """Read a store URI (`faiss`, `milvus-lite:PATH.db`, `milvus://HOST:PORT`).

    Raises:
        StoreUnavailable: the URI is none of those.
    """
    text = (text or "faiss").strip()
    if text in ("faiss", "files"):
        return StoreSpec("faiss")
    if text.startswith("milvus-lite:"):
        path = text[len("milvus-lite:"):]
        if not path.endswith(".db"):
            raise StoreUnavailable(text, "Milvus Lite keeps its data in a file ending .db — `milvus-lite:index/chunks.db`")
        return StoreSpec("milvus-lite", str(Path(path).expanduser().resolve()))
    m = re.fullmatch(r"milvus(s?)://([^/:]+)(?::(\d+))?/?", text)
    if m:
        return StoreSpec("milvus", f"http{m.group(1)}://{m.group(2)}:{m.group(3) or 19530}")
    raise StoreUnavailable(text, "write `faiss`, `milvus-lite:PATH.db` or `milvus://HOST:PORT`")


def manifest_store(manifest: dict | None) -> StoreSpec:
    """The store an existing index's manifest says holds its chunks (faiss for indexes that say nothing)."""
    engine = (manifest or {}).get("engine") or "faiss"
    return StoreSpec(engine, (manifest or {}).get("engine_uri", ""))


def chunk_id(sha256: str, n: int) -> int:
    """A chunk's id: stable across rebuilds (an upsert replaces it), neighbours in a document are ±1."""
    return (int(sha256[:10], 16) << DOC_BITS) | n


def lexical_text(chunk_tokens: list[str]) -> str:
    """Folded, stemmed tokens as text the engine's standard analyzer keeps whole (a..z, 0..9 only).

    boardqa folds "£8.3m" to "8.3m" and "2014/15" to "fy2014_15"; Milvus Lite's only analyzer would
    split those on the punctuation, so each such character is spelled as letters first.
    """
    return " ".join(_SAFE.sub(_spell, t) for t in chunk_tokens)


_SAFE = re.compile(r"[^a-z0-9]")


def _spell(m: re.Match) -> str:
    return "q" + format(ord(m.group()), "x") + "q"


def milvus_token() -> str:
    """The token for a Milvus server ($BOARDQA_MILVUS_TOKEN, e.g. `user:password`), or empty."""
    return os.environ.get("BOARDQA_MILVUS_TOKEN", "")


class FaissStore(Index):
    """The plain-file index (store.Index) seen through the Store interface."""

    def _mask(self, filters: Filters | None) -> np.ndarray | None:
        if not (filters and filters.active()):
            return None
        allowed = self.filter_ids(filters.committee, filters.date_from, filters.date_to, filters.doc_type)
        mask = np.ones(self.size, dtype=bool) if allowed is None else np.zeros(self.size, dtype=bool)
        if allowed is not None:
            mask[allowed] = True
        if filters.council:
            want = filters.council.lower()
            for cid, council in enumerate(self._councils()):
                if council.lower() != want:
                    mask[cid] = False
        return mask

    def _councils(self) -> list[str]:
        """Each chunk's council, in id order (read from its document: chunks are stored in document order)."""
        if not hasattr(self, "_council_of"):
            out: list[str] = []
            for d in self.documents():
                out.extend([d.get("council", "")] * int(d.get("chunks", 0)))
            self._council_of = out + [""] * max(0, self.size - len(out))
        return self._council_of

    def search_dense(self, query_vec, k, filters=None):
        mask = self._mask(filters)
        if mask is None:
            return self.dense(query_vec, k)
        if not mask.any():
            return np.zeros(0, dtype="int64"), np.zeros(0, dtype="float32")
        depth = self.size if self.size <= FILTERED_EXACT else k * FILTERED_DEPTH
        ids, scores = self.dense(query_vec, depth)
        keep = mask[ids]
        return ids[keep][:k], scores[keep][:k]

    def search_lexical(self, terms, alternatives, k, filters=None):
        from ..text.synonyms import ALTERNATIVE_WEIGHT

        lex = self.lexical.scores(terms, alternatives, ALTERNATIVE_WEIGHT)
        mask = self._mask(filters)
        if mask is not None:
            lex = np.where(mask, lex, 0.0)
        ids = top_k(lex, k)
        ids = ids[lex[ids] > 0]
        return ids, lex[ids]

    def search_hybrid(self, query_vec, terms, k, filters=None):
        return rrf([self.search_dense(query_vec, k, filters)[0], self.search_lexical(terms, None, k, filters)[0]], k)

    def chunks_by_id(self, ids):
        ids = [int(i) for i in ids if 0 <= int(i) < self.size]
        return dict(zip(ids, self.chunks(ids)))

    def vectors_of(self, ids):
        return np.stack([self.vectors.reconstruct(int(c)) for c in ids]) if len(ids) else np.zeros((0, 0), "float32")

    def term_weight(self, term):
        lex = self.lexical
        tid = lex.vocab.get(term)
        return float(lex.idf[tid]) if tid is not None else unseen_weight(lex.n)


def unseen_weight(n: int) -> float:
    """The weight of a term no chunk holds: the highest there is, which counts against answering."""
    return float(np.log(1 + (n + 0.5) / 0.5))


RRF_K = 60  # the usual reciprocal-rank constant (Milvus's RRFRanker default), for search_hybrid only


def rrf(rankings: list[np.ndarray], k: int, c: int = RRF_K) -> tuple[np.ndarray, np.ndarray]:
    """Reciprocal-rank fusion of id rankings: (ids, fused scores), best first, ties by first appearance."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(np.asarray(ranking).tolist()):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (c + rank + 1)
    best = sorted(fused, key=lambda i: -fused[i])[:k]
    return np.array(best, dtype="int64"), np.array([fused[i] for i in best], dtype="float32")
