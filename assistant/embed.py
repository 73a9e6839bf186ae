"""Text to vectors with sentence-transformers; one method, heavy imports inside."""
from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

from .settings import resolve_model

_LOCK = threading.Lock()


class Embedder:
    """Embeds texts as L2-normalised float32 rows with a sentence-transformers model."""

    def __init__(self, model: str, batch_size: int = 64):
        self.name = model
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self):
        if self._model is None:
            with _LOCK:
                if self._model is None:
                    import torch
                    from sentence_transformers import SentenceTransformer

                    torch.set_num_threads(max(1, torch.get_num_threads()))
                    self._model = SentenceTransformer(resolve_model(self.name), device="cpu")
        return self._model

    @property
    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length or 256)

    def embed(self, texts: list[str], progress=None) -> np.ndarray:
        """Vectors for texts, longest first in batches (less padding), returned in input order."""
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype="float32")
        for start in range(0, len(order), self.batch_size):
            ids = order[start:start + self.batch_size]
            vecs = self.model.encode([texts[i] for i in ids], batch_size=self.batch_size,
                                     normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            out[ids] = vecs.astype("float32")
            if progress:
                progress(len(ids))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


@lru_cache(maxsize=4)
def token_counter(model: str):
    """A function counting word pieces with the model's own tokenizer (no weights loaded)."""
    from pathlib import Path

    path = Path(resolve_model(model))
    if (path / "tokenizer.json").exists():
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        tok.no_truncation()
        tok.no_padding()

        def count(texts: list[str]) -> list[int]:
            return [len(e.ids) for e in tok.encode_batch(texts)] if texts else []
        return count
    from transformers import AutoTokenizer

    hf = AutoTokenizer.from_pretrained(str(path))

    def count_hf(texts: list[str]) -> list[int]:
        return [len(ids) for ids in hf(texts, add_special_tokens=True)["input_ids"]] if texts else []
    return count_hf
