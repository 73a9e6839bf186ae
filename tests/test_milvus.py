"""The Milvus engine (Milvus Lite): the same builds, filters and answers as the plain-file index."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.indexing.build import build
from assistant.indexing.engine import Filters, parse_store
from assistant.indexing.stores import open_store
from assistant.indexing.vocabulary import chunk_texts, read_words, surface_words
from assistant.settings import BUNDLED_MODEL, Settings
from buildkit import HashEmbedder, pack_text
from buildkit import write_pdf as write_report
from conftest import PACK_NAME, write_pack

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

SPEND = "what was agency spend in 2014/15"


@pytest.fixture(scope="module")
def councils(tmp_path_factory) -> Path:
    """corpus/coventry (the test pack and a libraries report) and corpus/kent (a highways report)."""
    root = tmp_path_factory.mktemp("two") / "corpus"
    write_pack(root / "coventry")
    write_report(root / "coventry" / "Cabinet 2016-02-02 Libraries report.pdf", pack_text("libraries"))
    write_report(root / "kent" / "Cabinet 2017-05-04 Highways report.pdf", pack_text("highways and agency staff"))
    return root


@pytest.fixture(scope="module")
def both(councils, tmp_path_factory) -> dict[str, Settings]:
    """The same corpus built with the real model into the file index and into Milvus Lite."""
    out = {}
    for name, store in (("faiss", "faiss"), ("milvus", None)):
        folder = tmp_path_factory.mktemp(f"idx-{name}")
        s = Settings(index_dir=folder, model=BUNDLED_MODEL, store=store or f"milvus-lite:{folder / 'chunks.db'}")
        summary = build([councils], s, workers=0)
        assert summary.added == 3 and not summary.skipped
        out[name] = s
    return out


def _assistant(settings: Settings):
    from assistant.service import Assistant

    return Assistant(settings)


def test_manifest_names_the_engine_and_collection(both):
    faiss, milvus = (open_store(both[k].index_dir) for k in ("faiss", "milvus"))
    assert faiss.manifest["engine"] == "faiss"
    assert milvus.manifest["engine"] == "milvus-lite" and milvus.manifest["collection"].startswith("boardqa_")
    assert milvus.manifest["engine_uri"] == parse_store(both["milvus"].store).uri
    assert milvus.size == faiss.size == sum(d["chunks"] for d in milvus.documents())
    assert {d["council"] for d in milvus.documents()} == {"coventry", "kent"}
    assert sorted(c.id for c in milvus.all_chunks()) == sorted(c.id for c in faiss.all_chunks())
    assert [c.text for c in milvus.chunks_of(PACK_NAME)] == [c.text for c in faiss.chunks_of(PACK_NAME)]


def test_the_answer_is_the_same_on_both_engines(both):
    answers = {k: _assistant(s).ask(SPEND) for k, s in both.items()}
    f, m = answers["faiss"], answers["milvus"]
    assert f.found and "\u00a38.3 m" in f.answer
    assert m.answer == f.answer
    assert [c.to_json() for c in m.citations] == [c.to_json() for c in f.citations]
    assert [(p.chunk.id, round(p.score, 4)) for p in m.passages] == [(p.chunk.id, round(p.score, 4)) for p in f.passages]
    assert all(c.council == "coventry" for c in m.citations)


def test_term_weights_agree(both):
    faiss, milvus = (open_store(both[k].index_dir) for k in ("faiss", "milvus"))
    for term in ("agency", "spend", "librari", "highway", "fy2014_15", "nowhere-in-the-papers"):
        assert milvus.term_weight(term) == pytest.approx(faiss.term_weight(term), rel=1e-6)


@pytest.mark.parametrize("filters", [
    Filters(council="Kent"), Filters(council="coventry", doc_type="minutes"), Filters(committee="scrutiny"),
    Filters(date_from="2016-01-01"), Filters(date_to="2015-12-31"), Filters(date_from="2016-01-01", council="kent")])
def test_filters_are_applied_by_the_engine_alike(both, filters):
    a = _assistant(both["milvus"])
    qv = a.embedder.embed_query("agency spend")
    q = a.retriever().read("agency spend")
    got = {}
    for name, s in both.items():
        store = open_store(s.index_dir)
        allowed = {c.id for c in store.all_chunks() if _passes(c, filters)}
        dense = store.chunks(store.search_dense(qv, 50, filters)[0])
        lexical = store.chunks(store.search_lexical(q.terms, None, 50, filters)[0])
        hybrid = store.chunks(store.search_hybrid(qv, q.terms, 50, filters)[0])
        assert allowed and {c.id for c in dense} == allowed  # k above the chunk count: every allowed chunk
        assert {c.id for c in lexical} <= allowed and {c.id for c in hybrid} <= allowed
        got[name] = [c.id for c in dense]
    assert got["milvus"] == got["faiss"]


def _passes(c, f: Filters) -> bool:
    return ((not f.council or c.council.lower() == f.council.lower())
            and (not f.committee or f.committee.lower() in c.committee.lower())
            and (not f.doc_type or c.doc_type.lower() == f.doc_type.lower())
            and (not f.date_from or (c.meeting_date or "") >= f.date_from)
            and (not f.date_to or bool(c.meeting_date) and c.meeting_date <= f.date_to))


def test_hybrid_search_holds_a_council_filter(both):
    """A filter given to hybrid_search itself was not applied in pymilvus 3.0.2: each request carries it."""
    store = open_store(both["milvus"].index_dir)
    a = _assistant(both["milvus"])
    q = a.retriever().read("highways agency staff budget")
    ids, scores = store.search_hybrid(a.embedder.embed_query(q.text), q.terms, 20, Filters(council="coventry"))
    assert len(ids) and all(c.council == "coventry" for c in store.chunks(ids))
    ids, _ = store.search_hybrid(a.embedder.embed_query(q.text), q.terms, 20)
    assert "kent" in {c.council for c in store.chunks(ids)}  # unfiltered, the Kent report is the best match


def test_ask_with_a_council_filter_cites_that_council(both):
    answer = _assistant(both["milvus"]).ask("highways budget stage 2", filters=Filters(council="kent"))
    assert answer.passages and {p.chunk.council for p in answer.passages} == {"kent"}


def test_incremental_add_remove_and_no_change_on_milvus(tmp_path):
    corpus = tmp_path / "corpus" / "testshire"
    write_report(corpus / "a.pdf", pack_text("parks"))
    write_report(corpus / "b.pdf", pack_text("bins"))
    s = Settings(index_dir=tmp_path / "idx", model=BUNDLED_MODEL, store=f"milvus-lite:{tmp_path / 'm.db'}")
    emb = HashEmbedder()
    first = build([corpus], s, workers=0, embedder=emb)
    assert first.added == 2 and first.embedded_chunks == len(emb.embedded) > 0
    gen = (s.index_dir / "CURRENT").read_text()

    again = build([corpus], s, workers=0, embedder=emb)
    assert not again.changed and again.embedded_chunks == 0 and (s.index_dir / "CURRENT").read_text() == gen

    (corpus / "copy of a.pdf").write_bytes((corpus / "a.pdf").read_bytes())
    dup = build([corpus], s, workers=0, embedder=emb)
    assert dup.duplicates == 1 and dup.embedded_chunks == 0
    store = open_store(s.index_dir)
    assert {c.also for c in store.chunks_of("a.pdf")} == {("copy of a.pdf",)}

    n = len(emb.embedded)
    write_report(corpus / "c.pdf", pack_text("libraries"))
    (corpus / "b.pdf").unlink()
    third = build([corpus], s, workers=0, embedder=emb)
    assert (third.added, third.removed, third.unchanged) == (1, 1, 1)
    store = open_store(s.index_dir)
    assert third.embedded_chunks == len(emb.embedded) - n == len(store.chunks_of("c.pdf"))  # only the new report
    sources = {c.source for c in store.all_chunks()}
    assert sources == {"a.pdf", "c.pdf"}
    rows = store._client.query(store.collection, filter="id >= 0", output_fields=["count(*)"])
    assert rows[0]["count(*)"] == store.size == third.chunks
    # the speller's word counts are kept per document: the removed report's words go, the new one's come
    assert read_words(store.folder) == surface_words(chunk_texts(store.all_chunks()))
    assert "bins" not in read_words(store.folder) and "libraries" in read_words(store.folder)


def test_a_rebuild_clears_chunks_a_killed_build_left(tmp_path):
    """Rows of a document not in the live list (a build killed before it switched) are deleted by the next."""
    corpus = tmp_path / "corpus" / "testshire"
    write_report(corpus / "a.pdf", pack_text("parks"))
    s = Settings(index_dir=tmp_path / "idx", model=BUNDLED_MODEL, store=f"milvus-lite:{tmp_path / 'm.db'}")
    build([corpus], s, workers=0, embedder=HashEmbedder())
    store = open_store(s.index_dir)
    row = store._client.query(store.collection, filter="id >= 0", output_fields=["*"], limit=1)[0]
    row.pop("sparse", None)
    store._client.upsert(store.collection, [{**row, "id": 12345, "doc_sha": "f" * 64}])  # half a document
    write_report(corpus / "b.pdf", pack_text("bins"))
    build([corpus], s, workers=0, embedder=HashEmbedder())
    store = open_store(s.index_dir)
    assert not store._client.query(store.collection, filter=f'doc_sha == "{"f" * 64}"', output_fields=["id"])
    assert {c.source for c in store.all_chunks()} == {"a.pdf", "b.pdf"}


def test_a_store_other_than_the_index_is_refused(both):
    from assistant.errors import StoreUnavailable

    with pytest.raises(StoreUnavailable, match="keeps its chunks in faiss"):
        open_store(both["faiss"].index_dir, store=both["milvus"].store)
    assert open_store(both["milvus"].index_dir).manifest["engine"] == "milvus-lite"  # the manifest decides
    with pytest.raises(StoreUnavailable, match="milvus-lite:PATH.db"):
        parse_store("postgres://nowhere")


def test_the_cli_takes_a_store(both, tmp_path):
    from click.testing import CliRunner

    from assistant.cli import main

    s = both["milvus"]
    result = CliRunner().invoke(main, ["ask", SPEND, "--json", "--index-dir", str(s.index_dir), "--store", s.store,
                                       "--council", "coventry"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["found"] and out["citations"][0]["council"] == "coventry"


def test_the_file_index_needs_no_pymilvus(both, monkeypatch):
    code = ("import sys; sys.modules['pymilvus'] = None; sys.modules['milvus_lite'] = None\n"
            "from assistant.service import Assistant; from assistant.settings import Settings\n"
            f"a = Assistant(Settings(index_dir={str(both['faiss'].index_dir)!r}, store='faiss'))\n"
            f"print(a.ask({SPEND!r}).found)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "True", out.stderr[-2000:]
    monkeypatch.delenv("BOARDQA_STORE", raising=False)
    assert Settings().store == "faiss"  # the default


def test_a_lite_file_held_by_another_process_says_what_to_do(tmp_path):
    from assistant.errors import StoreUnavailable
    from assistant.indexing.milvus import connect

    db = tmp_path / "held.db"
    code = "import sys, time; from pymilvus import MilvusClient; MilvusClient(sys.argv[1]); print('open', flush=True); time.sleep(300)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreUnavailable, match="one process per data file"):
            connect(parse_store(f"milvus-lite:{db}"))
    finally:
        holder.kill()
        holder.wait()


def test_the_app_offers_a_council_filter_when_the_index_holds_several():
    from assistant.web.webapp import ANY, filter_options, make_filters

    one = filter_options([{"council": "kent", "committee": "Cabinet"}])
    assert one.councils == ("kent",)  # the sidebar shows no picker for a single council
    many = filter_options([{"council": "kent"}, {"council": "coventry"}, {"council": ""}])
    assert many.councils == ("coventry", "kent")
    assert make_filters(ANY, ANY, (), many, "kent") == Filters(council="kent")
    assert not make_filters(ANY, ANY, (), many, ANY).active()
