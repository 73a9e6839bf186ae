"""One object that answers questions over one index: loads the model once, picks up rebuilds."""
from __future__ import annotations

import threading
from pathlib import Path

from .answer import compose
from .embed import Embedder
from .records import Answer
from .retrieve import Filters, Retriever, query_text
from .settings import Settings
from .store import Index


class Assistant:
    """Question answering over an index folder. Thread-safe; reloads when a new generation lands."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None):
        self.settings = settings or Settings()
        self.embedder = embedder or Embedder(self.settings.model, self.settings.batch_size)
        self._lock = threading.Lock()
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        with self._lock:
            if self._index is None or self._index.is_stale():
                self._index = Index.open(Path(self.settings.index_dir), self.settings.model)
            return self._index

    def retriever(self) -> Retriever:
        return Retriever(self.index, self.embedder, self.settings)

    def ask(self, question: str, history: list[Answer] | None = None, k: int = 10,
            filters: Filters | None = None) -> Answer:
        """Answer a question, resolving follow-ups against earlier answers in the conversation."""
        retriever = self.retriever()
        qv = self.embedder.embed_query(query_text(question))
        passages = retriever.search(question, k=k, filters=filters, query_vec=qv)

        def similarity(texts: list[str]):
            return self.embedder.embed(texts) @ qv

        return compose(question, passages, retriever.query_weights(question), similarity)
