"""The index on disk: what a build reports, a save→load round trip, and refusals that say to rebuild."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from conftest import PACK_NAME, TEXT_PACK_NAME

from assistant.errors import IndexMismatch, IndexMissing
from assistant.indexing.build import build
from assistant.indexing.store import Index, current_generation, write_generation
from assistant.records import Chunk
from assistant.settings import INDEX_FORMAT


def test_build_reports_what_it_did(built):
    assert (built.documents, built.pages, built.added, built.updated, built.removed) == (2, 6, 2, 0, 0)
    assert built.embedded_chunks == built.chunks > 0
    (skipped,) = built.skipped
    assert skipped["path"] == "broken.pdf" and "not a PDF" in skipped["reason"]


def test_shared_index_loads_with_its_documents(index, built):
    assert index.size == built.chunks == index.vectors.ntotal
    docs = {d["source"]: d for d in index.documents()}
    assert set(docs) == {PACK_NAME, TEXT_PACK_NAME}
    pack = docs[PACK_NAME]
    assert (pack["meeting_date"], pack["doc_type"], pack["pages"]) == ("2015-12-10", "pack", 5)
    assert len(index.chunks_of(PACK_NAME)) == pack["chunks"]
    assert index.manifest["model"] == "bundled:all-MiniLM-L6-v2"
    assert index.manifest["dimension"] == 384


def _chunk(n: int, text: str, **extra) -> Chunk:
    return Chunk(id=f"c{n}", text=text, source="a.pdf", title="A", committee="Cabinet", meeting_date="2015-12-10",
                 doc_type="report", page=n + 1, page_end=n + 1, **extra)


def test_save_load_round_trip(tmp_path):
    chunks = [_chunk(0, "Agency spend was £8.3m in 2014/15."),
              _chunk(1, "Cllr Smith chaired the meeting.", section="Minutes › 29. Apologies", item="29"),
              _chunk(2, "Actual £8.3 m", kind="table", rows=("Spend — Actual — 2014/15: £8.3 m",), also=("b.pdf",))]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3, 8)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    documents = [{"source": "a.pdf", "sha256": "ab", "also": ["b.pdf"], "pages": 3, "chunks": 3}]
    write_generation(tmp_path, chunks, vectors, ["k0", "k1", "k2"], documents, {"model": "m", "chunk_settings": {}})

    index = Index.open(tmp_path, model="m")
    assert index.chunks([2, 0, 1]) == [chunks[2], chunks[0], chunks[1]]  # every field, tuples included
    assert list(index.all_chunks()) == chunks
    assert index.documents() == documents
    ids, scores = index.dense(vectors[1], k=3)
    assert ids[0] == 1 and scores[0] == pytest.approx(1.0, abs=1e-5)
    lexical = index.lexical.scores("councillor smith")  # "Cllr" was folded when indexed
    assert int(np.argmax(lexical)) == 1 and lexical[0] == 0
    assert int(np.argmax(index.lexical.scores("spend in 2014-2015"))) in (0, 2)
    assert list(index.filter_ids(committee="cab")) == [0, 1, 2]
    assert index.manifest["format"] == INDEX_FORMAT and index.manifest["chunks"] == 3
    gen = current_generation(tmp_path)
    assert not list(gen.rglob("*.pkl")) and not list(gen.rglob("*.pickle"))


def _edit_manifest(index_dir, **changes):
    path = current_generation(index_dir) / "manifest.json"
    manifest = json.loads(path.read_text())
    path.write_text(json.dumps({**manifest, **changes}))


@pytest.fixture
def index_copy(built, settings, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(settings.index_dir, target, ignore=shutil.ignore_patterns(".lock"))
    return target


def test_another_model_is_refused_with_rebuild_advice(index_copy, settings):
    _edit_manifest(index_copy, model="sentence-transformers/all-mpnet-base-v2")
    with pytest.raises(IndexMismatch, match="rebuild") as info:
        Index.open(index_copy, model=settings.model)
    assert "all-mpnet-base-v2" in str(info.value)


def test_another_format_is_refused_with_rebuild_advice(index_copy):
    _edit_manifest(index_copy, format=INDEX_FORMAT + 1)
    with pytest.raises(IndexMismatch, match="rebuild"):
        Index.open(index_copy)


def test_build_refuses_to_mix_models(index_copy, settings, corpus):
    with pytest.raises(IndexMismatch, match="rebuild"):
        build([corpus], settings.with_(index_dir=index_copy, model="sentence-transformers/all-mpnet-base-v2"))


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissing, match="boardqa index"):
        Index.open(tmp_path / "nothing-here")
