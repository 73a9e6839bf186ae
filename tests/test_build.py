"""Incremental, deduplicated index builds: counts, reuse, generations, locking, readers during a rebuild, --watch."""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from buildkit import HashEmbedder, pack_text, write_pdf
from click.testing import CliRunner

from assistant.cli import main
from assistant.errors import IndexBusy
from assistant.indexing import build as build_mod
from assistant.indexing.build import build, watch
from assistant.indexing.store import Index, build_lock, current_generation
from assistant.service import Assistant
from assistant.settings import Settings


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    write_pdf(c / "highways.pdf", pack_text("highways"))
    write_pdf(c / "schools.pdf", pack_text("schools"))
    write_pdf(c / "libraries.pdf", pack_text("libraries"))
    return c


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings().with_(index_dir=tmp_path / "index")


@pytest.fixture
def no_model(monkeypatch):
    """Fail loudly if a build tries to load the real embedding model."""
    def refuse(settings):
        raise AssertionError("the embedding model was loaded")
    monkeypatch.setattr(build_mod, "_embedder", refuse)


def _build(corpus: Path, settings: Settings, embedder=None, **kw):
    return build([corpus], settings, embedder=embedder or HashEmbedder(), workers=0, **kw)


def _sources(settings: Settings) -> set[str]:
    index = Index.open(settings.index_dir)
    try:
        return {c.source for c in index.all_chunks()}
    finally:
        index.close()


def test_incremental_counts_and_reuse(corpus, settings, no_model):
    first = _build(corpus, settings)
    assert (first.added, first.updated, first.removed, first.unchanged) == (3, 0, 0, 0)
    assert first.documents == 3 and first.chunks > 0 and first.embedded_chunks == first.chunks

    (corpus / "schools.pdf").unlink()  # removed
    write_pdf(corpus / "parks.pdf", pack_text("parks"))  # added
    pages = pack_text("highways")  # updated: one page of three rewritten
    pages[2] = pages[2].replace("highways", "potholes")
    write_pdf(corpus / "highways.pdf", pages)
    emb = HashEmbedder()
    second = _build(corpus, settings, emb)
    assert (second.added, second.updated, second.removed, second.unchanged) == (1, 1, 1, 1)
    assert second.documents == 3
    # the unchanged pages of the updated pack are not embedded again: their text hashes are known
    assert 0 < second.embedded_chunks == len(emb.embedded) < second.chunks
    assert not any("Report on highways, part 1" in t for t in emb.embedded)
    assert _sources(settings) == {"highways.pdf", "libraries.pdf", "parks.pdf"}


def test_no_change_loads_no_model_embeds_nothing_writes_nothing(corpus, settings, no_model):
    _build(corpus, settings)
    before = {p.name: p.stat().st_mtime_ns for p in settings.index_dir.iterdir() if p.name != ".lock"}
    gen = current_generation(settings.index_dir)
    again = build([corpus], settings, workers=0)  # no embedder given: loading one would fail the test
    assert (again.added, again.updated, again.removed, again.unchanged, again.embedded_chunks) == (0, 0, 0, 3, 0)
    assert current_generation(settings.index_dir) == gen
    after = {p.name: p.stat().st_mtime_ns for p in settings.index_dir.iterdir() if p.name != ".lock"}
    assert after == before


def test_text_embedded_once_across_packs(tmp_path, settings):
    """Without the per-document header the same boilerplate in two packs is the same text: embedded once."""
    c = tmp_path / "c"
    shared = pack_text("the council's constitution")[0]
    write_pdf(c / "one.pdf", [shared] + pack_text("allotments")[:1])
    write_pdf(c / "two.pdf", [shared] + pack_text("cemeteries")[:1])
    emb = HashEmbedder()
    s = settings.with_(embed_header=False)
    summary = build([c], s, embedder=emb, workers=0)
    assert summary.embedded_chunks == len(set(emb.embedded)) == len(emb.embedded) < summary.chunks


def test_same_bytes_under_two_names_indexed_once(corpus, settings, no_model):
    shutil.copy(corpus / "schools.pdf", corpus / "schools (copy).pdf")
    summary = _build(corpus, settings)
    assert summary.documents == 3 and summary.duplicates == 1
    index = Index.open(settings.index_dir)
    docs = {d["source"]: d for d in index.documents()}
    chunks = [c for c in index.all_chunks() if "schools" in c.source]
    index.close()
    assert docs["schools (copy).pdf"]["also"] == ["schools.pdf"]
    assert chunks and all(c.also == ("schools.pdf",) for c in chunks)  # either name can be cited

    (corpus / "schools (copy).pdf").unlink()  # the remaining name takes over, nothing re-embedded
    emb = HashEmbedder()
    after = _build(corpus, settings, emb)
    assert (after.unchanged, after.removed, after.duplicates, after.embedded_chunks) == (3, 0, 0, 0)
    assert "schools.pdf" in _sources(settings)


def test_report_inside_its_pack_is_marked(tmp_path, settings):
    c = tmp_path / "c"
    report = pack_text("adult social care", 2)
    write_pdf(c / "pack.pdf", pack_text("agenda", 1) + report + pack_text("minutes", 1))
    write_pdf(c / "report.pdf", report)
    summary = build([c], settings, embedder=HashEmbedder(), workers=0)
    assert summary.near_duplicates == 1 and summary.documents == 2
    index = Index.open(settings.index_dir)
    docs = {d["source"]: d for d in index.documents()}
    index.close()
    assert docs["report.pdf"]["contained_in"] == "pack.pdf" and "contained_in" not in docs["pack.pdf"]


def test_second_build_waits_or_refuses(corpus, settings):
    _build(corpus, settings)
    write_pdf(corpus / "parks.pdf", pack_text("parks"))
    with build_lock(settings.index_dir):
        with pytest.raises(IndexBusy, match="--wait"):
            _build(corpus, settings, wait=False)
        result = CliRunner().invoke(main, ["index", str(corpus), "--index-dir", str(settings.index_dir), "--no-wait"])
        assert result.exit_code == 1 and "Another `boardqa index`" in result.output

        waiting, done = threading.Event(), []
        t = threading.Thread(target=lambda: done.append(_build(corpus, settings, on_wait=lambda h: waiting.set())))
        t.start()
        assert waiting.wait(60)  # it found the lock held and is blocked on it
        assert not done
    t.join(120)
    assert done and done[0].added == 1  # ran once the first "build" let go, and completed
    assert _build(corpus, settings).unchanged == 4


def test_queries_keep_working_while_generations_swap(corpus, settings):
    _build(corpus, settings)
    assistant = Assistant(settings, embedder=HashEmbedder())
    held = assistant.retriever()  # a query in flight holds this generation
    old = held.index.folder
    errors, answers = [], []
    stop = threading.Event()

    def ask_repeatedly():
        while not stop.is_set():
            try:
                answers.append(assistant.ask("What budget was set for libraries?"))
            except Exception as exc:  # noqa: BLE001 - any failure is the test failing
                errors.append(exc)

    t = threading.Thread(target=ask_repeatedly)
    t.start()
    try:
        for topic in ("parks", "museums", "markets"):  # three swaps: old is no longer even the previous one
            write_pdf(corpus / f"{topic}.pdf", pack_text(topic))
            _build(corpus, settings)
    finally:
        stop.set()
        t.join(60)
    assert not errors and answers
    assert old.exists()  # still open by `held`, so pruning left it alone
    assert held.search(held.read("libraries budget"), k=3)  # and the in-flight query can finish on it
    assert assistant.index.folder == current_generation(settings.index_dir)  # new questions see the new one
    assert any("markets" in p.chunk.source for p in assistant.retriever().search(assistant.retriever().read("markets plan stage"), k=5))
    held.index.close()
    del held
    write_pdf(corpus / "zoo.pdf", pack_text("zoo"))
    _build(corpus, settings)
    assert not old.exists()  # released, so the next build pruned it
    gens = sorted(p.name for p in settings.index_dir.glob("gen-*"))
    assert len(gens) == 2  # the live generation and the one before


def test_watch_picks_up_new_packs(corpus, settings, no_model):
    arrivals = iter(["parks", "museums"])
    seen = []

    def sleep(_):  # a pack lands between polls
        topic = next(arrivals)
        write_pdf(corpus / f"{topic}.pdf", pack_text(topic))

    watch([corpus], settings, interval=0, max_polls=3, sleep=sleep, on_summary=seen.append,
          embedder=HashEmbedder(), workers=0)
    assert [s.added for s in seen] == [3, 1, 1] and seen[-1].documents == 5


def test_cli_watch_and_json_summary(corpus, settings, monkeypatch):
    monkeypatch.setattr(build_mod, "_embedder", lambda s: HashEmbedder())
    result = CliRunner().invoke(main, ["index", str(corpus), "--index-dir", str(settings.index_dir), "--json",
                                       "--watch", "--interval", "0", "--max-polls", "2", "--workers", "0"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1  # the first poll always reports; the quiet second one does not
    assert {"documents", "pages", "chunks", "added", "updated", "removed", "unchanged", "duplicates",
            "embedded_chunks", "skipped", "seconds"} <= set(lines[0])
    assert lines[0]["added"] == 3
