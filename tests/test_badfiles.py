"""Bad input is skipped with a reason that says what to do; everything else is indexed."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from buildkit import HashEmbedder, pack_text, write_bad_files, write_encrypted_pdf, write_pdf
from click.testing import CliRunner

from assistant.cli import main
from assistant.indexing import build as build_mod
from assistant.indexing.build import build
from assistant.indexing.parse import parse_safe as _parse_safe
from assistant.indexing.store import Index
from assistant.papers.ingest import ocr_available, read_pages
from assistant.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings().with_(index_dir=tmp_path / "index")


def _reasons(summary) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in summary.skipped}


def test_each_bad_file_is_skipped_with_a_reason_and_the_rest_indexed(tmp_path, settings):
    c = tmp_path / "corpus"
    expected = write_bad_files(c)
    write_pdf(c / "good.pdf", pack_text("highways"))
    write_encrypted_pdf(c / "owner-only.pdf", pack_text("parking"), user_password="")  # opens without a password
    summary = build([c], settings, embedder=HashEmbedder(), workers=2)  # through the capped worker processes
    reasons = _reasons(summary)
    assert set(reasons) == set(expected)
    for name, phrase in expected.items():
        assert phrase in reasons[name], (name, reasons[name])
    assert summary.documents == 2 and summary.added == 2
    index = Index.open(settings.index_dir)
    assert {d["source"] for d in index.documents()} == {"good.pdf", "owner-only.pdf"}
    index.close()

    again = build([c], settings, workers=2)  # nothing changed: bad files are not even parsed again
    assert _reasons(again) == reasons and again.timings["parse"] < 1e9 and again.embedded_chunks == 0


def test_cli_exit_codes(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(build_mod, "_embedder", lambda s: HashEmbedder())
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    (c / "empty.pdf").write_bytes(b"")
    args = ["index", str(c), "--index-dir", str(settings.index_dir), "--workers", "0"]
    ok = CliRunner().invoke(main, args)
    assert ok.exit_code == 0 and "skipped empty.pdf: empty file (0 bytes)" in ok.output
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1


def test_ocr_flag(tmp_path, settings):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    result = CliRunner().invoke(main, ["index", str(c), "--index-dir", str(settings.index_dir), "--ocr"])
    if ocr_available():
        pytest.skip("ocrmypdf is installed here; the not-installed message cannot be checked")
    assert result.exit_code == 1 and "not installed" in result.output


def test_page_count_and_page_text_are_bounded(tmp_path):
    path = write_pdf(tmp_path / "long.pdf", pack_text("bins", 5))
    with pytest.raises(Exception, match="5 pages is over the limit of 3"):
        read_pages(path, max_pages=3)
    full = read_pages(path)
    capped = read_pages(path, max_page_chars=400)
    assert all(len(p.text) <= 400 for p in capped) and max(len(p.text) for p in full) > 400


def test_decompression_bomb_is_skipped(tmp_path, settings):
    """A page whose content stream inflates past pypdf's limit fails alone, without taking the run down."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    writer = PdfWriter()
    page = writer.add_blank_page(600, 800)
    bomb = StreamObject()
    bomb._data = zlib.compress(b"BT /F1 12 Tf (A) Tj ET " * (5 * 1024 * 1024), 9)  # 120 MB inflated
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(bomb)
    with open(c / "bomb.pdf", "wb") as f:
        writer.write(f)
    summary = build([c], settings.with_(max_parse_mb=1024), embedder=HashEmbedder(), workers=1)
    assert "bomb.pdf" in _reasons(summary) and summary.documents == 1


def test_file_that_vanishes_mid_run(tmp_path, settings, monkeypatch):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    write_pdf(c / "going.pdf", pack_text("schools"))
    real_sha = build_mod._sha

    def sha_then_delete(path):  # hashed, then gone before it is parsed
        digest = real_sha(path)
        if path.name == "going.pdf":
            path.unlink()
        return digest

    monkeypatch.setattr(build_mod, "_sha", sha_then_delete)
    summary = build([c], settings, embedder=HashEmbedder(), workers=0)
    assert "vanished" in _reasons(summary)["going.pdf"] and summary.documents == 1


def test_unreadable_file(tmp_path, settings, monkeypatch):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    locked = write_pdf(c / "locked.pdf", pack_text("schools"))
    if os.geteuid() == 0:
        # root reads a chmod 000 file anyway, so make the open fail the way it fails for everyone else
        real_sha = build_mod._sha

        def denied(path):
            if path.name == "locked.pdf":
                raise PermissionError(13, "Permission denied", str(path))
            return real_sha(path)
        monkeypatch.setattr(build_mod, "_sha", denied)
    else:
        locked.chmod(0)
    summary = build([c], settings, embedder=HashEmbedder(), workers=0)
    assert "chmod a+r" in _reasons(summary)["locked.pdf"] and summary.documents == 1


def test_fifo_named_pdf_does_not_hang(tmp_path, settings):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    os.mkfifo(c / "pipe.pdf")
    summary = build([c], settings, embedder=HashEmbedder(), workers=0)
    assert "not a regular file" in _reasons(summary)["pipe.pdf"] and summary.documents == 1


def test_changed_while_indexing(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", pack_text("highways"))
    rel, rec, chunks, reason, lasting = _parse_safe((str(path), "a.pdf", "0" * 64, Settings()))
    assert rec is None and "changed while being indexed" in reason and not lasting


def test_a_failed_update_keeps_the_last_good_version(tmp_path, settings):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    write_pdf(c / "schools.pdf", pack_text("schools"))
    build([c], settings, embedder=HashEmbedder(), workers=0)
    data = (c / "schools.pdf").read_bytes()
    (c / "schools.pdf").write_bytes(data[: len(data) // 2])  # a download cut short replaces it
    summary = build([c], settings, embedder=HashEmbedder(), workers=0)
    assert summary.removed == 0 and "last good version stays indexed" in _reasons(summary)["schools.pdf"]
    index = Index.open(settings.index_dir)
    assert {c.source for c in index.all_chunks()} == {"good.pdf", "schools.pdf"}
    index.close()
