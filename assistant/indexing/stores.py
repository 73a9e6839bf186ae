"""Open an index on the engine its manifest names (the plain-file FAISS index, or Milvus)."""
from __future__ import annotations

from pathlib import Path

from ..errors import IndexMissing, StoreUnavailable
from .engine import FaissStore, Store, manifest_store, parse_store
from .store import read_manifest


def open_store(index_dir: Path | str, model: str | None = None, store: str | None = None) -> Store:
    """Open the index in index_dir on the engine its manifest names.

    Args:
        store: the store asked for (--store / $BOARDQA_STORE); when it names Milvus it must be where
            this index was built, so a question is never answered from the wrong engine. Left at
            "faiss" (the default) the manifest decides.

    Raises:
        IndexMissing, IndexMismatch, StoreUnavailable.
    """
    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    if manifest is None:
        raise IndexMissing(index_dir)
    held, asked = manifest_store(manifest), parse_store(store)
    if asked.engine != "faiss" and asked != held:
        raise StoreUnavailable(asked.text, f"the index at {index_dir}/ keeps its chunks in {held.text} — "
                                           f"pass --store {held.text}, or build a new --index-dir")
    if held.engine == "faiss":
        return FaissStore.open(index_dir, model)
    from .milvus import MilvusStore

    return MilvusStore.open(index_dir, model)
