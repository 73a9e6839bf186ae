"""`boardqa index` on a terminal shows a progress bar from the start; with --json or into a pipe it is quiet."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from buildkit import pack_text, write_pdf

ROOT = Path(__file__).resolve().parent.parent


def _index(args: list[str], tty: bool) -> tuple[str, str]:
    """Run `boardqa index` with stderr on a pseudo-terminal (or a pipe); returns (stdout, stderr)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "assistant", "index", *args, "--workers", "0"]
    if not tty:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    err = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    out = proc.stdout.read().decode()
    assert proc.wait(timeout=600) == 0, err.decode(errors="replace")
    os.close(leader)
    return out, err.decode(errors="replace")


def test_index_shows_progress_on_a_terminal_only(tmp_path):
    corpus = tmp_path / "corpus"
    write_pdf(corpus / "Cabinet 2016-03-01 Libraries.pdf", pack_text("libraries", 2))
    out, err = _index([str(corpus), "--index-dir", str(tmp_path / "index")], tty=True)
    assert "parse" in err and "embed" in err  # a bar per stage, from the first file
    assert "0%" in err  # drawn before the first file was read
    assert "documents" in out
    write_pdf(corpus / "Cabinet 2016-04-01 Parks.pdf", pack_text("parks", 2))
    out, err = _index([str(corpus), "--index-dir", str(tmp_path / "index"), "--json"], tty=True)
    assert "parse" not in err and "embed" not in err and out.startswith("{")
    write_pdf(corpus / "Cabinet 2016-05-01 Roads.pdf", pack_text("roads", 2))
    out, err = _index([str(corpus), "--index-dir", str(tmp_path / "index")], tty=False)
    assert "parse" not in err and "%" not in err
    assert "3 documents" in out
