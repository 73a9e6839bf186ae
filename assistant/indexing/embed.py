"""Text to vectors with sentence-transformers (torch) or ONNX Runtime; one method, heavy imports inside."""
from __future__ import annotations

import json
import logging
import os
import platform
import re
import shutil
import threading
import uuid
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..settings import BACKENDS, resolve_model

_LOCK = threading.Lock()
log = logging.getLogger(__name__)
PAD_RATIO = 0.7  # a batch ends where a text is shorter than this share of the batch's longest (padding is compute)
POOL_MIN_TEXTS = 256  # below this many texts, starting worker processes costs more than they save


class Embedder:
    """Embeds texts as L2-normalised float32 rows with a sentence-transformers model.

    backend is "torch", "onnx" (the same weights run by ONNX Runtime) or "onnx-int8" (dynamically
    quantised); the ONNX files are exported once into a cache folder, never beside the model.
    """

    def __init__(self, model: str, batch_size: int = 16, backend: str = "torch", max_tokens: int | None = None,
                 workers: int = 0):
        """max_tokens: word pieces of a text the model reads (None: the model's own limit).
        workers: embed large jobs in this many single-threaded processes (ONNX backends only)."""
        if backend not in BACKENDS:
            raise ValueError(f"unknown embedding backend {backend!r} — use one of {', '.join(BACKENDS)}")
        self.name = model
        self.batch_size = batch_size
        self.backend = backend
        self.max_tokens_read = max_tokens
        self.workers = workers
        self._model = None

    @classmethod
    def for_settings(cls, settings, building: bool = False) -> "Embedder":
        """The embedder an index built with these settings needs: for building it, or for answering from it."""
        if building:
            return cls(settings.model, settings.batch_size, settings.backend, settings.embed_tokens,
                       workers=min(os.cpu_count() or 1, 4))
        return cls(settings.model, settings.batch_size, settings.answer_backend(), settings.embed_tokens)

    @property
    def model(self):
        if self._model is None:
            with _LOCK:
                if self._model is None:
                    self._model = _load(self.name, self.backend, self.max_tokens_read)
        return self._model

    @property
    def dim(self) -> int:
        return _dimension(self.model)

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length or 256)

    def embed(self, texts: list[str], progress=None) -> np.ndarray:
        """Vectors for texts, returned in input order.

        Repeated texts are embedded once. Texts go longest first in batches of similar length:
        every text in a batch is padded to the longest, so a short sentence batched with a
        256-token one costs as much as it (answering embeds ~20 sentences of 5-128 tokens).
        """
        distinct = list(dict.fromkeys(texts))
        order = sorted(range(len(distinct)), key=lambda i: -len(distinct[i]))
        batches = list(_batches(order, [len(t) for t in distinct], self.batch_size))
        if self.workers > 1 and self.backend != "torch" and len(distinct) >= POOL_MIN_TEXTS:
            vecs = self._embed_in_processes(distinct, batches, progress)
        else:
            vecs = np.zeros((len(distinct), self.dim), dtype="float32")
            for ids in batches:
                done = self.model.encode([distinct[i] for i in ids], batch_size=len(ids),
                                         normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
                vecs[ids] = done.astype("float32")
                if progress:
                    progress(len(ids))
        if len(distinct) == len(texts):
            return vecs
        row = {t: i for i, t in enumerate(distinct)}
        return vecs[[row[t] for t in texts]]

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def _embed_in_processes(self, distinct: list[str], batches: list[list[int]], progress) -> np.ndarray:
        """Batches spread over single-threaded ONNX Runtime processes.

        A model this small keeps one core busier in its own process than two threads keep two
        cores (measured on two cores: 109 chunks/s in two processes, 82 in one process's two threads).
        """
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        try:
            folder = onnx_export(self.name)
            int8 = self.backend == "onnx-int8"
            if int8:
                _quantised_path(folder)  # quantise once here, not in every worker
        except Exception as exc:  # a model ONNX cannot run: embed here, with torch (see _load)
            log.warning("ONNX backend unavailable for %s (%s: %s); embedding in this process", self.name,
                        type(exc).__name__, exc)
            self.workers = 0
            return self.embed(distinct, progress)
        vecs = None
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_start_worker,
                                 initargs=(str(folder), int8, self.max_tokens_read)) as pool:
            futures = {pool.submit(_encode_in_worker, [distinct[i] for i in ids]): ids for ids in batches}
            for fut in as_completed(futures):
                done = fut.result()
                if vecs is None:
                    vecs = np.zeros((len(distinct), done.shape[1]), dtype="float32")
                vecs[futures[fut]] = done
                if progress:
                    progress(len(futures[fut]))
        return vecs


_WORKER: "OnnxEncoder | None" = None


def _start_worker(folder: str, int8: bool, max_tokens: int | None) -> None:
    global _WORKER
    _WORKER = OnnxEncoder(Path(folder), int8=int8, max_tokens=max_tokens, threads=1)


def _encode_in_worker(texts: list[str]) -> np.ndarray:
    return _WORKER.encode(texts, batch_size=len(texts))


def _batches(order: list[int], lengths: list[int], size: int):
    """Runs of `order` (longest first) of at most size texts, cut where length drops below PAD_RATIO."""
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) == size or lengths[i] < PAD_RATIO * lengths[batch[0]]):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def prepare(settings) -> float:
    """Export (and quantise) the ONNX copy of the configured model once, so that neither the first
    build nor the first question pays for it. Returns the seconds it took (0 when already cached)."""
    import time

    t0 = time.perf_counter()
    for backend in {settings.backend, settings.answer_backend()} - {"torch"}:
        folder = onnx_export(settings.model)
        if backend == "onnx-int8":
            _quantised_path(folder)
    return time.perf_counter() - t0


def cache_dir() -> Path:
    """Where exported models are kept: $BOARDQA_CACHE_DIR, else $XDG_CACHE_HOME/boardqa, else ~/.cache/boardqa."""
    return Path(os.environ.get("BOARDQA_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "boardqa")


def _dimension(model) -> int:
    get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension  # renamed in 5.x
    return int(get())


def _load(name: str, backend: str, max_tokens: int | None = None):
    if backend in ("onnx", "onnx-int8"):
        # fp32 ONNX gives torch's vectors and int8 ones within 0.99 cosine of them, so any failure (no
        # onnxruntime, a model that is not mean-pooled) can fall back to torch, at building and at
        # answering alike, and the index still answers
        try:
            return OnnxEncoder(onnx_export(name), int8=backend == "onnx-int8", max_tokens=max_tokens)
        except Exception as exc:
            log.warning("ONNX backend unavailable for %s (%s: %s); using torch", name, type(exc).__name__, exc)
            backend = "torch"
    if backend == "torch":
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(resolve_model(name), device="cpu")
        if max_tokens:
            model.max_seq_length = min(max_tokens, model.max_seq_length or max_tokens)
        return model
    raise ValueError(f"unknown embedding backend {backend!r}")


class OnnxEncoder:
    """The exported model run by ONNX Runtime: tokenise, run, mean-pool, normalise.

    Answers the three things Embedder asks of a SentenceTransformer, and never imports torch,
    so a process that only answers questions starts without it.
    """

    def __init__(self, folder: Path, int8: bool = False, max_tokens: int | None = None, threads: int = 0):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        info = json.loads((folder / "boardqa_onnx.json").read_text(encoding="utf-8"))
        self.max_seq_length = min(int(info["max_seq_length"]), max_tokens or 1 << 30)
        self._dim = int(info["dim"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_seq_length)
        self.tokenizer.enable_padding(pad_id=int(info["pad_id"]), pad_token=info["pad_token"])
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # idle threads that spin for work steal the CPU from the other one on a busy two-core machine
        # (measured: 30 answer sentences 255 ms without spinning, 489 ms with)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.intra_op_num_threads = threads  # 0: one per core
        path = _quantised_path(folder) if int8 else folder / "model.onnx"
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}

    def get_embedding_dimension(self) -> int:
        return self._dim

    def encode(self, texts: list[str], batch_size: int = 64, normalize_embeddings: bool = True, **_) -> np.ndarray:
        out = []
        for start in range(0, len(texts), batch_size):
            enc = self.tokenizer.encode_batch(texts[start:start + batch_size])
            ids = np.array([e.ids for e in enc], dtype="int64")
            mask = np.array([e.attention_mask for e in enc], dtype="int64")
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            m = mask[:, :, None].astype("float32")
            vecs = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            if normalize_embeddings:
                vecs /= np.clip(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12, None)
            out.append(vecs.astype("float32"))
        return np.concatenate(out) if out else np.zeros((0, self._dim), dtype="float32")


def _quant_target() -> str:
    """The architecture in the int8 file's name, so a cache copied to another kind of machine is redone."""
    return platform.machine().lower() or "cpu"


def _quantised_path(folder: Path) -> Path:
    """The int8 copy of an exported model, made on first use."""
    path = folder / f"model_qint8_{_quant_target()}.onnx"
    if not path.exists():
        _quantise(folder / "model.onnx", path)
    return path


def _quantise(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation of the weights (activations stay float, no calibration data)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = dst.with_name(f".{dst.name}.{uuid.uuid4().hex[:8]}.tmp")
    quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    os.replace(tmp, dst)


def onnx_export(name: str) -> Path:
    """The cached ONNX copy of a model, exported from its PyTorch weights on first use.

    Only mean-pooled, normalised models (the MiniLM family) are supported; export needs torch and
    onnx, later loads only onnxruntime and tokenizers.
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")
    folder = cache_dir() / "onnx" / slug
    if (folder / "boardqa_onnx.json").exists():
        return folder
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(resolve_model(name), device="cpu")
    pooling = st[1].get_config_dict() if len(st) == 3 and type(st[2]).__name__ == "Normalize" else {}
    if pooling.get("pooling_mode", "mean" if pooling.get("pooling_mode_mean_tokens") else None) != "mean":
        raise RuntimeError(f"{name} is not a mean-pooled, normalised model — use backend='torch' for it")
    hf, tok = st[0].auto_model.eval(), st.tokenizer
    # build beside the cache and rename into place, so two processes never see half a model
    tmp = folder.with_name(f".{slug}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.mkdir(parents=True)
    sample = tok(["an example", "a second, longer example sentence"], padding=True, return_tensors="pt")
    names = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in sample]
    axes = {k: {0: "batch", 1: "tokens"} for k in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}

    class _Body(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, *args):
            return self.m(**dict(zip(names, args))).last_hidden_state

    with torch.no_grad(), warnings.catch_warnings():  # tracer notes about our own fixed graph, not the user's
        warnings.simplefilter("ignore")
        torch.onnx.export(_Body(hf), tuple(sample[k] for k in names), str(tmp / "model.onnx"), input_names=names,
                          output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False)
    tok.backend_tokenizer.save(str(tmp / "tokenizer.json"))
    info = {"source": name, "dim": _dimension(st), "max_seq_length": st.max_seq_length,
            "pad_id": tok.pad_token_id, "pad_token": tok.pad_token}
    (tmp / "boardqa_onnx.json").write_text(json.dumps(info), encoding="utf-8")
    try:
        os.replace(tmp, folder)
    except OSError:  # another process got there first
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


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
