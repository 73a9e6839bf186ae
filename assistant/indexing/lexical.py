"""BM25 over the same chunks, stored as plain .npy arrays and a JSON vocabulary."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from ..text.normalise import tokens

K1, B = 1.2, 0.75


class BM25:
    """Okapi BM25 with postings in CSR form (term -> chunk ids and term frequencies)."""

    def __init__(self, vocab: dict[str, int], indptr: np.ndarray, ids: np.ndarray, tfs: np.ndarray,
                 lengths: np.ndarray):
        self.vocab, self.indptr, self.ids, self.tfs, self.lengths = vocab, indptr, ids, tfs, lengths
        self.n = len(lengths)
        self.avgdl = float(lengths.mean()) if self.n else 1.0
        df = np.diff(indptr).astype("float32")
        self.idf = np.log(1 + (self.n - df + 0.5) / (df + 0.5)).astype("float32")

    @classmethod
    def fit(cls, texts: list[str]) -> "BM25":
        return cls.from_tokens([tokens(t) for t in texts])

    @classmethod
    def from_tokens(cls, docs: list[list[str]]) -> "BM25":
        """Postings built with numpy: each (term, chunk) pair counted by one sort, not a dict per chunk."""
        vocab: dict[str, int] = {}
        n = len(docs)
        lengths = np.fromiter((len(d) for d in docs), dtype="int64", count=n)
        term_of = np.fromiter((vocab.setdefault(t, len(vocab)) for d in docs for t in d), dtype="int64",
                              count=int(lengths.sum()))
        doc_of = np.repeat(np.arange(n, dtype="int64"), lengths)
        pairs, tfs = np.unique(term_of * max(n, 1) + doc_of, return_counts=True)  # by term, then chunk
        indptr = np.zeros(len(vocab) + 1, dtype="int64")
        indptr[1:] = np.cumsum(np.bincount(pairs // max(n, 1), minlength=len(vocab)))
        return cls(vocab, indptr, (pairs % max(n, 1)).astype("int32"), tfs.astype("float32"),
                   lengths.astype("float32"))

    def scores(self, query: str | tuple[str, ...], alternatives: dict[str, tuple[tuple[str, ...], ...]] | None = None,
               alternative_weight: float = 1.0) -> np.ndarray:
        """BM25 score of every chunk for the query (zeros where no term matches).

        A query term with alternatives (other ways the papers say it: `synonyms`) scores a chunk
        by the better of the term and `alternative_weight` times its best alternative; a phrase
        alternative scores as its weakest word, so all its words must be there. An alternative
        counts once, though it stands for each word of a phrase ("shortfall" for "funding gap").
        """
        out = np.zeros(self.n, dtype="float32")
        norm = K1 * (1 - B + B * self.lengths / max(self.avgdl, 1e-9))
        credited: set[tuple[str, ...]] = set()
        terms = tokens(query) if isinstance(query, str) else query  # a read question's terms as they are
        for term, qtf in Counter(terms).items():
            score = self._term(term, norm)
            for phrase in (alternatives or {}).get(term, ()):
                if phrase in credited:
                    continue
                credited.add(phrase)
                parts = [self._term(t, norm) for t in phrase]
                if all(p is not None for p in parts):
                    alt = alternative_weight * np.minimum.reduce(parts)
                    score = alt if score is None else np.maximum(score, alt)
            if score is not None:
                out += score
        return out

    def _term(self, term: str, norm: np.ndarray) -> np.ndarray | None:
        """One term's BM25 contribution to every chunk (None when no chunk holds it)."""
        tid = self.vocab.get(term)
        if tid is None:
            return None
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        ids, tf = self.ids[lo:hi], self.tfs[lo:hi]
        out = np.zeros(self.n, dtype="float32")
        out[ids] = self.idf[tid] * tf * (K1 + 1) / (tf + norm[ids])
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "vocab.json").write_text(json.dumps(self.vocab), encoding="utf-8")
        for name in ("indptr", "ids", "tfs", "lengths"):
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> "BM25":
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        arrays = {name: np.load(folder / f"{name}.npy", allow_pickle=False, mmap_mode="r" if mmap else None)
                  for name in ("indptr", "ids", "tfs", "lengths")}
        return cls(vocab, **arrays)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, highest first (ties in index order), without sorting them all."""
    if len(scores) > k:
        part = np.argpartition(-scores, k)[:k]
        return part[np.lexsort((part, -scores[part]))]
    return np.argsort(-scores, kind="stable")
