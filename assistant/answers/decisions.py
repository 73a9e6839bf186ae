"""Recorded resolutions found for a query: hybrid ranking (embeddings + BM25) over the records, with filters."""
from __future__ import annotations

import numpy as np

from ..papers.resolutions import Resolution


def filter_records(records: list[Resolution], committee: str | None = None, date_from: str | None = None,
                   date_to: str | None = None) -> list[Resolution]:
    """Records of a body (substring, any case) within a date range, in date order."""
    out = [r for r in records
           if (not committee or committee.lower() in r.committee.lower())
           and (not date_from or (r.meeting_date or "") >= date_from)
           and (not date_to or (r.meeting_date or "9999") <= date_to)]
    return sorted(out, key=lambda r: (r.meeting_date or "", r.source, r.page))


def _record_text(r: Resolution) -> str:
    return f"{r.committee} › {r.item_title}\n{r.text}"


_CACHE: dict[tuple, tuple] = {}
# each record's vector, kept across filters: "what did Cabinet decide on 4 March 2025?" reads that day's
# records only, and embedding them again for each such question cost ~4 texts' embedding a question
_VECTORS: dict[tuple[str, str], np.ndarray] = {}
MAX_VECTORS = 50_000  # records' vectors kept (a few thousand for a council's archive; 1.5 KB each)


def _vectors(embedder, texts: list[str]) -> np.ndarray:
    """The texts' embeddings, embedding only those not seen before."""
    name = str(getattr(embedder, "name", id(embedder)))
    missing = list(dict.fromkeys(t for t in texts if (name, t) not in _VECTORS))
    if missing:
        if len(_VECTORS) + len(missing) > MAX_VECTORS:
            _VECTORS.clear()
        _VECTORS.update(((name, t), v) for t, v in zip(missing, np.asarray(embedder.embed(missing), dtype="float32")))
    return np.stack([_VECTORS[(name, t)] for t in texts])


def search_resolutions(index, embedder, query: str | None, committee: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, k: int = 10, dense_weight: float = 0.6,
                       query_vec: np.ndarray | None = None, terms: tuple[str, ...] | None = None) -> list[Resolution]:
    """The records most relevant to a query (hybrid: cosine on embeddings + BM25), or all in date order.

    Args:
        index: an open `store.Index` (or anything with `.resolutions()`), or a list of records.
        embedder: an `embed.Embedder` (any object with `embed(texts)` returning normalised rows).
        query: words to rank by; None or empty lists every record that passes the filters by date.
        k: how many to return when ranking (all when listing).
        query_vec: the query's embedding, when the caller has it already.
        terms: the query's lexical terms, when the caller has read them already.
    """
    from ..indexing.lexical import BM25

    records = index if isinstance(index, list) else index.resolutions()
    records = filter_records(records, committee, date_from, date_to)
    if not query or not query.strip() or not records:
        return records
    texts = [_record_text(r) for r in records]
    key = (getattr(embedder, "name", id(embedder)), tuple(texts))
    cached = _CACHE.get(key)
    if cached is None:
        cached = (_vectors(embedder, texts), BM25.fit(texts))
        _CACHE.clear()  # one set of records at a time: their term statistics are cheap to redo
        _CACHE[key] = cached
    vecs, bm25 = cached
    qvec = np.asarray(query_vec if query_vec is not None else embedder.embed([query])[0], dtype="float32")
    dense = vecs @ qvec
    lex = bm25.scores(terms if terms is not None else query)
    lex = lex / lex.max() if lex.max() > 0 else lex
    score = dense_weight * dense + (1 - dense_weight) * lex
    order = np.argsort(-score, kind="stable")[:k]
    return [records[i] for i in order]
