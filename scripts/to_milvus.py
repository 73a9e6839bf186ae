#!/usr/bin/env python3
"""Copy a plain-file index into a Milvus store without parsing or embedding anything again.

    python scripts/to_milvus.py index/ milvus-index/ --store milvus-lite:milvus-index/chunks.db [--council kent]

The new index folder then answers exactly as the old one (same chunks, same vectors); later
`boardqa index corpus/ --index-dir milvus-index/` runs keep it up to date incrementally.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class _Cached:
    """An embedder that hands back the file index's own vectors for the texts it embedded."""

    def __init__(self, vectors: dict[str, np.ndarray]):
        self.vectors = vectors

    def embed(self, texts: list[str], progress=None) -> np.ndarray:
        out = np.stack([self.vectors[hashlib.sha1(t.encode("utf-8")).hexdigest()] for t in texts])
        if progress:
            progress(len(texts))
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", help="a plain-file index folder")
    ap.add_argument("dest", help="the new index folder")
    ap.add_argument("--store", required=True, help="milvus-lite:PATH.db or milvus://HOST:PORT")
    ap.add_argument("--council", default="", help="council for documents that have none")
    args = ap.parse_args()
    from assistant.indexing.collection import update
    from assistant.indexing.engine import parse_store
    from assistant.indexing.store import Index

    t0 = time.perf_counter()
    src = Index.open(args.source)
    docs = src.documents()
    parsed = {d["sha256"]: (d, [c.to_json() for c in src.chunks_of(d["source"])]) for d in docs}
    documents = [{**d, "_from": d["source"], "council": d.get("council") or args.council} for d in docs]
    identity = {k: src.manifest.get(k) for k in ("model", "chunk_settings", "quantised")}
    cached = _Cached(src.embed_cache())
    chunks, embedded = update(Path(args.dest), parse_store(args.store), documents, parsed, {}, identity,
                              lambda: cached)
    print(json.dumps({"documents": len(documents), "chunks": chunks, "copied_vectors": embedded,
                      "seconds": round(time.perf_counter() - t0, 1)}))


if __name__ == "__main__":
    main()
