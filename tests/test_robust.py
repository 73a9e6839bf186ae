"""Hostile and careless corpora: a file that takes forever, links out and in loops, odd names, Word and web
papers, a full disk, a corrupt copy over a good paper, and a build killed with its workers."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from buildkit import HashEmbedder, pack_text, write_pdf

from assistant.errors import IndexWriteFailed
from assistant.indexing.build import build
from assistant.indexing.store import Index, current_generation
from assistant.papers.ingest import read_pages
from assistant.settings import Settings

TESTS = Path(__file__).parent
ROOT = TESTS.parent


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings().with_(index_dir=tmp_path / "index")


def _reasons(summary) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in summary.skipped}


def _sources(settings: Settings) -> set[str]:
    index = Index.open(settings.index_dir)
    try:
        return {c.source for c in index.all_chunks()}
    finally:
        index.close()


def write_slow_pdf(path: Path, pages: int = 4, entries: int = 65_535) -> Path:
    """A small PDF whose one font carries a ToUnicode CMap of `entries` codes, used on every page:
    pypdf parses the whole map again for each page, seconds a page."""
    lines = [f"<{i:04X}> <{0x4E00 + i % 20000:04X}>" for i in range(1, entries)]
    blocks = [f"{len(lines[k:k + 100])} beginbfchar\n" + "\n".join(lines[k:k + 100]) + "\nendbfchar"
              for k in range(0, len(lines), 100)]
    cmap = zlib.compress(("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Slow def\n"
                          "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                          + "\n".join(blocks) + "\nendcmap\nend\nend\n").encode())
    objs: list[bytes] = [b"", b""]
    objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Slow /CIDSystemInfo << /Registry (Adobe) "
                b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
    objs.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /Slow /Encoding /Identity-H /DescendantFonts [4 0 R] "
                b"/ToUnicode 3 0 R >>")
    kids = []
    for p in range(pages):
        content = b"BT /F1 12 Tf 72 720 Td <" + "".join(f"{(p * 40 + i) % 9000 + 1:04X}" for i in range(40)).encode() \
            + b"> Tj ET"
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
                    b"/Contents %d 0 R >>" % (len(objs)))
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


# ---------------------------------------------------------------------------------------- deadline

def test_a_file_past_its_deadline_is_skipped_remembered_and_the_rest_written(tmp_path, settings, monkeypatch):
    c = tmp_path / "corpus"
    write_slow_pdf(c / "slow.pdf", pages=300)  # a minute or more for pypdf on a fast machine; 15 s is the deadline
    write_pdf(c / "good.pdf", pack_text("highways"))
    quick = settings.with_(file_timeout=15.0)
    summary = build([c], quick, embedder=HashEmbedder(), workers=1)  # a first build: no index before it
    assert _reasons(summary) == {"slow.pdf": "took longer than 15 s to read — split or re-save it"}
    assert summary.documents == 1 and _sources(quick) == {"good.pdf"}
    import assistant.indexing.build as b

    tried: list[str] = []
    real = b.run_parse
    monkeypatch.setattr(b, "run_parse", lambda todo, *a: (tried.extend(t[1] for t in todo), real(todo, *a))[1])
    again = build([c], quick, embedder=HashEmbedder(), workers=1)  # unchanged: not tried again
    assert _reasons(again) == _reasons(summary) and tried == [] and not again.changed


def test_a_longer_deadline_tries_the_file_again(tmp_path, settings):
    c = tmp_path / "corpus"
    write_slow_pdf(c / "slow.pdf", pages=12)  # seconds for pypdf; the deadline is half a second
    build([c], settings.with_(file_timeout=0.5), embedder=HashEmbedder(), workers=1)
    from assistant.indexing.build import _longer_deadline, _read_stat_cache

    (reason,) = [v[3] for v in _read_stat_cache(settings.index_dir).values()]
    assert _longer_deadline(reason, settings.with_(file_timeout=60.0))
    assert not _longer_deadline(reason, settings.with_(file_timeout=0.5))
    assert not _longer_deadline("corrupt or unreadable PDF", settings)


def test_cli_takes_a_file_timeout(tmp_path):
    from click.testing import CliRunner

    from assistant.cli import main

    c = tmp_path / "corpus"
    write_slow_pdf(c / "slow.pdf", pages=30)  # several seconds for pypdf; the deadline is one
    result = CliRunner().invoke(main, ["index", str(c), "--index-dir", str(tmp_path / "ix"), "--workers", "1",
                                       "--file-timeout", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert "took longer than 1 s" in json.loads(result.output.splitlines()[-1])["skipped"][0]["reason"]
    bad = CliRunner().invoke(main, ["index", str(c), "--file-timeout", "0"])
    assert bad.exit_code != 0


# ---------------------------------------------------------------------------------------- links and names

def test_links_out_of_the_corpus_and_loops_are_skipped(tmp_path, settings):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:the secret word is aubergine " * 20)
    (c / "notes.txt").symlink_to(secret)
    (c / "a.pdf").symlink_to(c / "b.pdf")
    (c / "b.pdf").symlink_to(c / "a.pdf")
    (c / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (c / "inside.pdf").symlink_to(c / "good.pdf")  # a link inside the corpus is fine: a duplicate name
    (c / "sub").symlink_to(secret.parent, target_is_directory=True)
    summary = build([c], settings, embedder=HashEmbedder(), workers=0)
    reasons = _reasons(summary)
    assert "outside the corpus" in reasons["notes.txt"] and "--follow-links" in reasons["notes.txt"]
    assert "loop" in reasons["a.pdf"] and "loop" in reasons["b.pdf"]
    assert "not there" in reasons["gone.pdf"]
    assert "link to a folder" in reasons["sub"]
    assert summary.documents == 1 and summary.duplicates == 1
    index = Index.open(settings.index_dir)
    assert not any("aubergine" in ch.text for ch in index.all_chunks())
    index.close()
    opted = build([c], settings.with_(follow_links=True), embedder=HashEmbedder(), workers=0)
    assert "notes.txt" not in _reasons(opted) and opted.documents == 2


def test_other_files_are_reported_as_unsupported(tmp_path, settings):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    (c / "budget.xlsx").write_bytes(b"PK\x03\x04 not really")
    (c / "README").write_text("notes")
    (c / ".DS_Store").write_bytes(b"\0")  # hidden: passed over quietly
    reasons = _reasons(build([c], settings, embedder=HashEmbedder(), workers=0))
    assert set(reasons) == {"budget.xlsx", "README"}
    assert "unsupported type '.xlsx'" in reasons["budget.xlsx"] and ".docx" in reasons["budget.xlsx"]


def test_non_utf8_and_long_names_are_indexed_and_shown_safely(tmp_path, settings):
    c = tmp_path / "corpus"
    c.mkdir()
    odd = os.fsencode(str(c)) + b"/caf\xe9 minutes.pdf"  # Latin-1 bytes: not UTF-8
    write_pdf(tmp_path / "x.pdf", pack_text("highways"))
    with open(odd, "wb") as f:
        f.write((tmp_path / "x.pdf").read_bytes())
    long = "é" * 120 + ".pdf"  # 244 bytes: fits the 255-byte limit, while 150 'é' would not
    write_pdf(c / long, pack_text("schools"))
    summary = build([c], settings, embedder=HashEmbedder(), workers=1)
    assert summary.skipped == [] and summary.documents == 2
    names = _sources(settings)
    assert "caf\ufffd minutes.pdf" in names and long in names
    json.dumps(sorted(names)).encode("utf-8")  # storable and showable


# ---------------------------------------------------------------------------------------- formats

def _write_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("Cabinet report: Highways maintenance", level=1)
    d.add_paragraph("1. Purpose of the report")
    d.add_paragraph("The Cabinet is asked to approve the highways maintenance programme for 2024/25. " * 3)
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("Scheme", "2023/24", "2024/25"), ("Resurfacing", "£4.1m", "£4.6m"),
                             ("Drainage", "£0.9m", "£1.2m")]):
        for i, v in enumerate(row):
            t.cell(r, i).text = v
    d.add_heading("2. Recommendations", level=2)
    d.add_paragraph("The Cabinet resolved to approve the programme. " * 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


_HTML = """<!doctype html><html><head><title>Minutes</title><script>var tracking = 'beacon';</script></head>
<body><header><a href="/">Council home</a> Sign in</header>
<nav class="breadcrumb"><a href="/">Home</a> &gt; Committees &gt; Planning</nav>
<div class="cookie">We use cookies to improve this site.</div>
<main><h1>Minutes of the Planning Committee, 12 March 2024</h1>
<h2>5. Application 23/0456 - Land at Mill Lane</h2>
<p>The Committee considered the <b>report</b> of the Head of Planning on the application for 40 dwellings.</p>
<table><tr><th>Vote</th><th>Number</th></tr><tr><td>For</td><td>7</td></tr><tr><td>Against</td><td>3</td></tr></table>
<p>RESOLVED: that planning permission be granted subject to conditions.</p></main>
<footer>Copyright the Council. Accessibility statement.</footer></body></html>"""


def test_word_and_web_papers_are_read_with_headings_and_tables(tmp_path):
    pages = read_pages(_write_docx(tmp_path / "report.docx"))
    text = "\n".join(p.text for p in pages)
    assert "Cabinet report: Highways maintenance" in text.splitlines()[0]
    assert "Resurfacing £4.1m £4.6m" in text and "2. Recommendations" in text
    assert any("Resurfacing    £4.1m    £4.6m" in p.layout for p in pages)
    (tmp_path / "minutes.html").write_text(_HTML, encoding="utf-8")
    html = "\n".join(p.text for p in read_pages(tmp_path / "minutes.html"))
    assert html.splitlines()[0] == "Minutes of the Planning Committee, 12 March 2024"
    assert "considered the report of the Head" in html and "For 7" in html and "RESOLVED" in html
    for boilerplate in ("Council home", "Sign in", "cookies", "Copyright", "tracking", "Home >"):
        assert boilerplate not in html


def test_word_and_web_papers_are_indexed_and_bad_ones_reported(tmp_path, settings):
    c = tmp_path / "corpus"
    _write_docx(c / "report.docx")
    (c / "minutes.htm").write_text(_HTML, encoding="utf-8")
    (c / "broken.docx").write_bytes(b"PK\x03\x04 this is not a Word file")
    (c / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 a Word 97 file")
    summary = build([c], settings, embedder=HashEmbedder(), workers=0)
    reasons = _reasons(summary)
    assert "not a readable Word document" in reasons["broken.docx"]
    assert "unsupported type '.doc'" in reasons["old.doc"]
    assert summary.documents == 2 and _sources(settings) == {"report.docx", "minutes.htm"}
    index = Index.open(settings.index_dir)
    assert any("granted subject to conditions" in ch.text for ch in index.all_chunks())
    index.close()


# ---------------------------------------------------------------------------------------- faults

def test_a_corrupt_copy_keeps_the_last_good_version(tmp_path, settings):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    write_pdf(c / "schools.pdf", pack_text("schools"))
    build([c], settings, embedder=HashEmbedder(), workers=0)
    data = (c / "schools.pdf").read_bytes()
    (c / "schools.pdf").write_bytes(data[: len(data) // 2])  # a download cut short replaces it
    for _ in range(2):  # and again, when the failure is remembered
        summary = build([c], settings, embedder=HashEmbedder(), workers=0)
        assert summary.removed == 0 and "last good version stays indexed" in _reasons(summary)["schools.pdf"]
        assert _sources(settings) == {"good.pdf", "schools.pdf"}
    (c / "schools.pdf").unlink()  # gone for good: then it goes
    assert build([c], settings, embedder=HashEmbedder(), workers=0).removed == 1


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


def test_a_full_disk_names_the_space_needed_and_leaves_no_partial(tmp_path, settings, monkeypatch):
    small = tmp_path / "small"
    if not _tmpfs(small, "600k"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount): the full-disk case is untested")
    try:
        c = tmp_path / "corpus"
        for topic in ("highways", "schools", "parking", "libraries"):
            write_pdf(c / f"{topic}.pdf", pack_text(topic, n=12))
        (small / "filler").write_bytes(b"\0" * 560_000)  # about 40 KB left: less than the vectors alone
        s = settings.with_(index_dir=small / "index")
        with pytest.raises(IndexWriteFailed) as info:
            build([c], s, embedder=HashEmbedder(), workers=0)
        assert re.search(r"not enough free space\) — it needs about \d+\.\d MB there and 0\.\d MB is free",
                         str(info.value)), info.value
        assert not list((small / "index").glob(".gen-*")) and current_generation(small / "index") is None
        # the check before embedding passes, but the write itself runs out: the partial goes too
        import assistant.indexing.build as b

        monkeypatch.setattr(b, "_space_needed", lambda *a: 1)
        with pytest.raises(IndexWriteFailed, match="the previous index is still the live one") as info:
            build([c], s, embedder=HashEmbedder(), workers=0)
        assert "not enough free space" not in str(info.value)  # the write's own error, named
        assert not list((small / "index").glob(".gen-*"))
    finally:
        subprocess.run(["umount", "-l", str(small)], capture_output=True)


def test_an_unwritable_index_folder_is_a_named_error(tmp_path, settings):
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    folder = tmp_path / "index"
    if os.geteuid() == 0:  # root writes through permissions, but not onto a read-only filesystem
        if not _tmpfs(folder, "1m") or subprocess.run(["mount", "-o", "remount,ro", str(folder)]).returncode:
            pytest.skip("cannot mount a read-only tmpfs here: the unwritable-folder case is untested")
    else:
        folder.mkdir()
        os.chmod(folder, 0o500)
    try:
        with pytest.raises(IndexWriteFailed, match=r"Could not write the index at .* \((Read-only|Permission)"):
            build([c], settings.with_(index_dir=folder), embedder=HashEmbedder(), workers=0)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


ORPHAN_DRIVER = textwrap.dedent('''
    import sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from assistant.indexing.build import build
    from assistant.settings import Settings
    from buildkit import HashEmbedder
    build([Path({corpus!r})], Settings().with_(index_dir=Path({index!r}), file_timeout=600.0),
          embedder=HashEmbedder(), workers=2)
''')


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(d.name))
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker processes")
def test_workers_die_with_a_killed_build(tmp_path):
    c = tmp_path / "corpus"
    write_slow_pdf(c / "slow1.pdf", pages=40)
    write_slow_pdf(c / "slow2.pdf", pages=40, entries=65_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = ORPHAN_DRIVER.format(tests=str(TESTS), corpus=str(c), index=str(tmp_path / "index"))
    parent = subprocess.Popen([sys.executable, "-c", script], env=env)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.5)
        workers = [p for p in _children(parent.pid) if "spawn_main" in _cmdline(p)]
    assert len(workers) == 2, "the build never started its two workers"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() and "spawn_main" in _cmdline(p)
                                                 for p in workers):
        time.sleep(0.2)
    alive = [p for p in workers if Path(f"/proc/{p}").exists() and "spawn_main" in _cmdline(p)]
    assert alive == [], f"workers {alive} outlived their parent"


def _exit_on_crash(task: str) -> str:
    if task == "crash":
        os._exit(3)  # a parser segfaulting, or the OOM killer
    return task.upper()


def test_a_dead_worker_costs_only_its_own_task_and_is_replaced():
    from assistant.indexing.workers import run_pool

    results = {task: (status, result) for task, status, result in
               run_pool(_exit_on_crash, ["a", "crash", "b", "c"], workers=1, timeout=60)}
    assert results == {"a": ("ok", "A"), "crash": ("died", None), "b": ("ok", "B"), "c": ("ok", "C")}


def test_an_unreadable_folder_is_reported(tmp_path, settings):
    if os.geteuid() == 0:
        pytest.skip("root reads through permissions")
    c = tmp_path / "corpus"
    write_pdf(c / "good.pdf", pack_text("highways"))
    (c / "locked").mkdir()
    os.chmod(c / "locked", 0)
    try:
        reasons = _reasons(build([c], settings, embedder=HashEmbedder(), workers=0))
        assert "folder could not be read" in reasons["locked"]
    finally:
        os.chmod(c / "locked", 0o755)
