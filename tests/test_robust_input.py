"""Odd input at the edges: filters on the command line, upload names, and which corpus files the app serves."""
from __future__ import annotations

from pathlib import Path

import pytest
from buildkit import HashEmbedder, pack_text, write_pdf
from click.testing import CliRunner

from assistant.cli import main
from assistant.cli.checks import date_option, unmatched
from assistant.indexing.build import build
from assistant.settings import Settings
from assistant.web import webapp as w


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    c = tmp_path_factory.mktemp("corpus")
    write_pdf(c / "Cabinet 2015-03-12 minutes.pdf", ["Cabinet\nMinutes of the meeting held on 12 March 2015\n"
                                                      + pack_text("highways")[0]])
    folder = tmp_path_factory.mktemp("index")
    build([c], Settings().with_(index_dir=folder), embedder=HashEmbedder(), workers=0)
    return folder


@pytest.mark.parametrize("args, says", [
    (["ask", "budget", "--from", "2015-13-45"], "'2015-13-45' is not a date — write it as YYYY-MM-DD"),
    (["ask", "budget", "--to", "12/03/2015"], "write it as YYYY-MM-DD"),
    (["ask", "budget", "--from", "2016-01-01", "--to", "2015-01-01"], "is after --to"),
    (["resolutions", "--from", "2021-13-01"], "'2021-13-01' is not a date"),
    (["ask", "budget", "--committee", "Planning"], "No indexed paper is from a body matching 'Planning'. The bodies"),
    (["resolutions", "--committee", "Planning"], "No indexed paper is from a body matching 'Planning'"),
    (["ask", "budget", "--type", "memo"], "No indexed paper is of type 'memo'. The types are"),
    (["ask", "budget", "--from", "2030-01-01"], "No indexed paper has a meeting on or after 2030-01-01; meetings run"),
])
def test_bad_filters_are_errors_that_say_what_exists(index_dir, args, says):
    result = CliRunner().invoke(main, [*args, "--index-dir", str(index_dir)])
    assert result.exit_code != 0 and says in result.output, result.output


def test_filter_checks_match_as_the_retriever_does():
    docs = [{"committee": "Planning Committee", "doc_type": "minutes", "meeting_date": "2015-03-12"},
            {"committee": "Cabinet", "doc_type": "report", "meeting_date": "2016-01-01"}]
    assert unmatched(docs, committee="planning") is None
    assert unmatched(docs, committee="cabinet", doc_type="report", date_from="2015-06-01") is None
    assert "no paper matches them all" in unmatched(docs, committee="planning", doc_type="report")
    assert "Cabinet, Planning Committee" in unmatched(docs, committee="Licensing")
    assert date_option("2015-04-01", "--from") == "2015-04-01"


# ---------------------------------------------------------------------------------------- uploads

def test_a_long_name_is_cut_by_bytes_and_saved(tmp_path):
    s = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    name = "é" * 150 + ".pdf"  # 300 bytes of name: the filesystem limit is 255
    assert len(w.safe_name(name).encode("utf-8")) <= 255
    path, _ = w.save_upload(s, name, b"%PDF-1.4 ...")
    assert path.exists() and path.name.startswith("é" * 100)


def test_a_file_that_cannot_be_saved_is_refused_alone(tmp_path):
    """A batch: the middle file fails to write (its name is a folder's); the others are saved."""
    s = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    (tmp_path / "corpus" / "taken.pdf").mkdir(parents=True)
    saved, refused = [], []
    for name in ("a.pdf", "taken.pdf", "b.pdf"):
        try:
            saved.append(w.save_upload(s, name, b"%PDF-1.4 ...")[0].name)
        except w.UploadRefused as exc:
            refused.append(str(exc))
    assert saved == ["a.pdf", "b.pdf"]
    assert len(refused) == 1 and "could not be saved" in refused[0] and str(tmp_path) not in refused[0]


# ---------------------------------------------------------------------------------------- serving

def test_a_link_out_of_the_corpus_is_never_served(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    (corpus / "notes.pdf").symlink_to(tmp_path / "secret.pdf")
    (corpus / "real.pdf").write_bytes(b"%PDF-1.4 real")
    (corpus / "alias.pdf").symlink_to(corpus / "real.pdf")
    s = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    static = tmp_path / "static"
    assert w.served_url(s, "notes.pdf", "cd" * 32, static_dir=static) is None
    assert w.served_url(s, "alias.pdf", "ef" * 32, static_dir=static) is not None  # a link inside is fine
    assert (static / "papers" / f"{'ef' * 10}.pdf").read_bytes() == b"%PDF-1.4 real"


def test_a_paper_removed_from_the_index_stops_being_served(tmp_path):
    corpus = tmp_path / "corpus"
    write_pdf(corpus / "keep.pdf", pack_text("highways"))
    write_pdf(corpus / "drop.pdf", pack_text("schools"))
    s = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build([corpus], s, embedder=HashEmbedder(), workers=0)
    from assistant.indexing.store import read_documents

    sha = {d["source"]: d["sha256"] for d in read_documents(s.index_dir)}
    static = tmp_path / "static"
    for name in ("keep.pdf", "drop.pdf"):
        assert w.served_url(s, name, sha[name], static_dir=static)
    (corpus / "drop.pdf").unlink()
    build([corpus], s, embedder=HashEmbedder(), workers=0)
    w.served_url(s, "keep.pdf", sha["keep.pdf"], static_dir=static)  # the first link after the rebuild prunes
    assert sorted(p.name for p in (static / "papers").iterdir()) == [f"{sha['keep.pdf'][:20]}.pdf"]
