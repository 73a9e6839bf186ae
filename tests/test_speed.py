"""The ONNX embedding backend and the large-index path of the vector store."""
from __future__ import annotations

import numpy as np
import pytest

from assistant.indexing import store
from assistant.indexing.embed import Embedder
from assistant.settings import BUNDLED_MODEL

SENTENCES = ["The Board agreed the budget for 2016/17.",
             "Agency spend on social workers fell to £3.8 m.",
             "Apologies were received from Councillor Jones."]


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("BOARDQA_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


def test_onnx_gives_the_torch_vectors(onnx_cache):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    torch_vecs = Embedder(BUNDLED_MODEL).embed(SENTENCES)
    onnx_vecs = Embedder(BUNDLED_MODEL, backend="onnx").embed(SENTENCES)
    assert onnx_vecs.shape == torch_vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(onnx_vecs, axis=1), 1, atol=1e-5)
    assert (onnx_vecs * torch_vecs).sum(1).min() > 0.9999  # same vectors: an index needs no rebuild


def test_int8_vectors_stay_close(onnx_cache):
    pytest.importorskip("onnxruntime")
    torch_vecs = Embedder(BUNDLED_MODEL).embed(SENTENCES)
    int8_vecs = Embedder(BUNDLED_MODEL, backend="onnx-int8").embed(SENTENCES)
    assert (int8_vecs * torch_vecs).sum(1).min() > 0.95


def test_unknown_backend_says_which_exist():
    with pytest.raises(ValueError, match="torch"):
        Embedder(BUNDLED_MODEL, backend="tensorrt")


def test_large_index_is_ivf_and_round_trips(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "EXACT_LIMIT", 1000)
    rng = np.random.default_rng(0)
    vecs = rng.standard_normal((5000, 32)).astype("float32")
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    store._write_vectors(tmp_path / "v.faiss", vecs)
    index = store.read_vectors(tmp_path / "v.faiss")
    assert type(index).__name__ == "IndexIVFFlat" and index.nprobe == store.IVF_NPROBE
    assert np.allclose(index.reconstruct(42), vecs[42])  # retrieval reconstructs vectors by id
    _, ids = index.search(vecs[:5], 1)
    assert ids[:, 0].tolist() == [0, 1, 2, 3, 4]


class _LengthModel:
    """Stands in for a model: the vector of a text is its length, so order and repeats can be checked."""

    max_seq_length = 256

    def __init__(self):
        self.batches: list[list[str]] = []

    def get_embedding_dimension(self) -> int:
        return 2

    def encode(self, texts, **_):
        self.batches.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype="float32")


def test_embed_batches_by_length_and_embeds_repeats_once():
    e = Embedder(BUNDLED_MODEL, batch_size=64)
    e._model = fake = _LengthModel()
    texts = ["x" * 200, "short one", "x" * 190, "short one", "tiny"]
    vecs = e.embed(texts)
    assert vecs[:, 0].tolist() == [len(t) for t in texts]  # input order, repeats included
    assert sum(len(b) for b in fake.batches) == 4  # "short one" embedded once
    assert fake.batches[0] == ["x" * 200, "x" * 190]  # short texts are not padded to 200 characters


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_onnx_falls_back_to_torch_when_it_cannot_export(monkeypatch, backend):
    from assistant.indexing import embed

    def broken(name):
        raise RuntimeError("no exporter here")

    monkeypatch.setattr(embed, "onnx_export", broken)
    monkeypatch.setattr(embed, "POOL_MIN_TEXTS", 2)
    e = Embedder(BUNDLED_MODEL, backend=backend, workers=2)  # a build's embedder: worker processes
    assert e.embed(SENTENCES).shape == (3, 384)
    assert type(e.model).__name__ == "SentenceTransformer"


def test_worker_processes_give_the_in_process_vectors(onnx_cache, monkeypatch):
    """A build embeds in single-threaded processes; the vectors must be the ones answering computes."""
    pytest.importorskip("onnxruntime")
    from assistant.indexing import embed

    monkeypatch.setattr(embed, "POOL_MIN_TEXTS", 4)
    texts = [f"{s} (item {i})" for i in range(4) for s in SENTENCES]
    pooled = Embedder(BUNDLED_MODEL, batch_size=4, backend="onnx-int8", workers=2).embed(texts)
    alone = Embedder(BUNDLED_MODEL, batch_size=4, backend="onnx-int8").embed(texts)
    assert pooled.shape == (12, 384)
    assert np.allclose(pooled, alone, atol=1e-5)


@pytest.mark.parametrize("backend", ["torch", "onnx-int8"])
def test_a_text_is_read_up_to_max_tokens(onnx_cache, backend):
    if backend != "torch":
        pytest.importorskip("onnxruntime")
    opening = " ".join(["agency"] * 40)  # 42 word pieces with [CLS] and [SEP]
    e = Embedder(BUNDLED_MODEL, backend=backend, max_tokens=32)
    a, b = e.embed([opening + " fostering placements", opening + " highways maintenance"])
    assert np.allclose(a, b, atol=1e-5)  # what differs lies past the 32nd word piece
    full = Embedder(BUNDLED_MODEL, backend=backend).embed([opening + " fostering placements",
                                                          opening + " highways maintenance"])
    assert not np.allclose(full[0], full[1], atol=1e-3)
