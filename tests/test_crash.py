"""Crash safety: a build killed with SIGKILL at any point leaves the previous index loadable, and the
next run completes. Builds run as real subprocesses; kill points are chosen by patching the writer in the child."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from buildkit import HashEmbedder, pack_text, write_pdf

from assistant.indexing.build import build
from assistant.indexing.store import Index, build_lock, current_generation
from assistant.service import Assistant
from assistant.settings import Settings

TESTS = Path(__file__).parent
ROOT = TESTS.parent

DRIVER = textwrap.dedent('''
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from assistant.indexing import store
    from assistant.indexing.build import build
    from assistant.settings import Settings
    from buildkit import HashEmbedder

    point = {point!r}
    real_replace, real_vectors = os.replace, store._write_vectors

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def replace(src, dst):
        if point == "before-rename" and str(src).endswith(".partial"):
            die()
        if point == "before-pointer" and Path(dst).name == "CURRENT":
            die()
        real_replace(src, dst)
        if point == "after-pointer" and Path(dst).name == "CURRENT":
            die()

    def vectors(path, vecs):
        real_vectors(path, vecs)
        if point == "mid-write":
            die()

    store.os.replace = replace
    store._write_vectors = vectors
    s = build([Path({corpus!r})], Settings().with_(index_dir=Path({index!r})), embedder=HashEmbedder(), workers=0)
    print(s.added, s.unchanged)
''')


def _env() -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def _corpus(tmp_path: Path) -> tuple[Path, Settings]:
    c = tmp_path / "corpus"
    for topic in ("highways", "schools", "libraries"):
        write_pdf(c / f"{topic}.pdf", pack_text(topic))
    settings = Settings().with_(index_dir=tmp_path / "index")
    build([c], settings, embedder=HashEmbedder(), workers=0)
    return c, settings


def _answers(settings: Settings, question: str) -> set[str]:
    """Sources of the passages a fresh reader retrieves: the index loads and answers."""
    return {p.chunk.source for p in _search(Assistant(settings, embedder=HashEmbedder()).retriever(), question)}


@pytest.mark.parametrize("point", ["mid-write", "before-rename", "before-pointer", "after-pointer"])
def test_sigkill_while_writing_a_generation(tmp_path, point):
    c, settings = _corpus(tmp_path)
    old = current_generation(settings.index_dir)
    write_pdf(c / "parks.pdf", pack_text("parks"))
    script = DRIVER.format(tests=str(TESTS), point=point, corpus=str(c), index=str(settings.index_dir))
    done = subprocess.run([sys.executable, "-c", script], env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr

    live = current_generation(settings.index_dir)
    if point == "after-pointer":
        assert live != old and "parks.pdf" in _answers(settings, "parks plan stage")
    else:
        assert live == old and "libraries.pdf" in _answers(settings, "libraries budget")
        assert "parks.pdf" not in _answers(settings, "parks plan stage")

    rerun = build([c], settings, embedder=HashEmbedder(), workers=0)  # the lock died with the killed build
    assert rerun.documents == 4 and rerun.added == (0 if point == "after-pointer" else 1)
    assert not list(settings.index_dir.glob(".*.partial")) and not list(settings.index_dir.glob(".CURRENT.*"))
    assert "parks.pdf" in _answers(settings, "parks plan stage")


def test_sigkill_a_real_boardqa_index_mid_build(tmp_path):
    c, settings = _corpus(tmp_path)
    for topic in ("parks", "museums", "markets", "housing"):
        write_pdf(c / f"{topic}.pdf", pack_text(topic, 6))
    boardqa = shutil.which("boardqa") or str(Path(sys.executable).with_name("boardqa"))
    cmd = [boardqa, "index", str(c), "--index-dir", str(settings.index_dir), "--json"]
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    lock = settings.index_dir / ".lock"
    # kill once it holds the lock, i.e. once it is really building (not a sleep: a condition)
    while proc.poll() is None and f"pid {proc.pid} " not in (lock.read_text() if lock.exists() else ""):
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its parser processes, as kill -9 would
    proc.wait()

    assert "libraries.pdf" in _answers(settings, "libraries budget")  # the old index still answers
    rerun = subprocess.run(cmd + ["--no-wait"], env=_env(), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert '"documents": 7' in rerun.stdout
    assert not list(settings.index_dir.glob(".*.partial"))
    index = Index.open(settings.index_dir)  # (its new vectors are the real model's: look, don't search)
    assert {"museums.pdf", "highways.pdf"} <= {ch.source for ch in index.all_chunks()}
    index.close()


def test_two_concurrent_builds_do_not_corrupt(tmp_path):
    c, settings = _corpus(tmp_path)
    for topic in ("parks", "museums"):
        write_pdf(c / f"{topic}.pdf", pack_text(topic))
    script = DRIVER.format(tests=str(TESTS), point="none", corpus=str(c), index=str(settings.index_dir))
    with build_lock(settings.index_dir):  # both start while a third holds the lock, so they really overlap
        procs = [subprocess.Popen([sys.executable, "-c", script], env=_env(), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    added = sorted(out.split()[0] for out, _ in outs)
    assert added == ["0", "2"]  # one did the work; the other waited, then found nothing left to do
    index = Index.open(settings.index_dir)
    assert index.size == sum(d["chunks"] for d in index.documents()) and len(index.documents()) == 5
    index.close()


def _search(retriever, question: str):
    return retriever.search(retriever.read(question), k=5)
