"""Measure incremental indexing on the sample corpus: adding one pack, and a run with no change,
against building from scratch. Each run is a real `boardqa index` process (start-up and model load
included), on copies of the corpus files in temporary folders.

    python scripts/measure_incremental.py [--corpus corpus] [--new "Briefing note*"]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(corpus: Path, index: Path) -> tuple[float, dict]:
    boardqa = shutil.which("boardqa") or str(Path(sys.executable).with_name("boardqa"))
    t = time.perf_counter()
    done = subprocess.run([boardqa, "index", str(corpus), "--index-dir", str(index), "--json"],
                          capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=True)
    return time.perf_counter() - t, json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--new", default="Briefing note*", help="glob of the pack that arrives later")
    args = ap.parse_args()
    new = sorted(args.corpus.glob(args.new))
    others = [p for p in sorted(args.corpus.glob("*.pdf")) if p not in new]
    if len(new) != 1 or not others:
        sys.exit(f"--new must match one PDF of {args.corpus}, leaving others")
    with tempfile.TemporaryDirectory(prefix="boardqa-measure-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        corpus.mkdir()
        for p in others:
            shutil.copy(p, corpus / p.name)
        full_s, full = run(corpus, index)
        shutil.copy(new[0], corpus / new[0].name)
        add_s, add = run(corpus, index)
        same_s, same = run(corpus, index)
    rows = [("scratch build of the other packs", full_s, full), ("add one pack", add_s, add),
            ("no change", same_s, same)]
    for name, secs, s in rows:
        print(f"{name:34s} {secs:6.1f}s wall ({s['seconds']:.1f}s in build)  {secs / full_s:6.1%} of scratch  "
              f"docs={s['documents']} added={s['added']} unchanged={s['unchanged']} "
              f"embedded={s['embedded_chunks']} timings={s.get('timings')}")


if __name__ == "__main__":
    main()
