"""Time the Streamlit app in a real browser: `streamlit run` to the first answer, warm answers, lit pages.

    python scripts/measure_app.py [--index-dir index] [--corpus-dir corpus] [--questions 5]

Needs Debian's Chromium at /usr/bin/chromium and Python Playwright. Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTIONS = [
    "What was agency spend in 2014/15?",
    "What did Ofsted rate Coventry children's services in 2014?",
    "What are family hubs?",
    "When was the Children's Services Improvement Plan signed off?",
    "How many agency workers were there in September 2019?",
    "What is the Mockingbird model?",
]
DONE = re.compile(r"Open the (PDF|file) at page|don't say")  # an answer's citation card, or not found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index-dir", default=os.environ.get("BOARDQA_INDEX_DIR", "index"))
    ap.add_argument("--corpus-dir", default=os.environ.get("BOARDQA_CORPUS_DIR", "corpus"))
    ap.add_argument("--questions", type=int, default=5, help="warm questions after the first")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BOARDQA_INDEX_DIR": str(Path(args.index_dir).resolve()),
           "BOARDQA_CORPUS_DIR": str(Path(args.corpus_dir).resolve()), "HF_HUB_OFFLINE": "1"}
    url = f"http://127.0.0.1:{port}/"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None:
                    sys.exit(f"streamlit exited with {proc.returncode}")
                time.sleep(0.2)
        t_up = time.perf_counter() - t0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto(url)
            timings = []
            for i, q in enumerate(QUESTIONS[: args.questions + 1]):
                box = page.get_by_test_id("stChatInputTextArea")
                box.wait_for(timeout=600_000)
                start = time.perf_counter()
                box.fill(q)
                box.press("Enter")
                page.get_by_test_id("stChatMessage").nth(2 * i + 1).get_by_text(DONE).first.wait_for(timeout=600_000)
                timings.append(time.perf_counter() - (t0 if i == 0 else start))
            lit = _lit_pages(page, len(timings))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    warm = timings[1:]
    print(json.dumps({"server_up_s": round(t_up, 2), "first_answer_s": round(timings[0], 2),
                      "warm_median_s": round(statistics.median(warm), 2) if warm else None,
                      "warm_s": [round(t, 2) for t in warm],
                      "lit_first_s": [round(t, 2) for t in lit["first"]],
                      "lit_warm_median_s": round(statistics.median(lit["again"]), 2) if lit["again"] else None}))


def _lit_pages(page, answers: int) -> dict[str, list[float]]:
    """Click 'Show page N here' on each answer's first card: the first time draws the page, the second
    (after hiding it) reads it from the cache. Timed to the 'Page N of M' line beside the image."""
    out: dict[str, list[float]] = {"first": [], "again": []}
    for i in range(answers):
        reply = page.get_by_test_id("stChatMessage").nth(2 * i + 1)
        toggle = reply.get_by_text(re.compile(r"^Show page \d+ here")).first
        if not toggle.count():
            continue
        for kind in ("first", "again"):
            start = time.perf_counter()
            toggle.click()
            reply.get_by_text(re.compile(r"^Page \d+ of \d+ —")).first.wait_for(timeout=600_000)
            reply.locator("img[alt^='Page']").first.wait_for(timeout=600_000)
            out[kind].append(time.perf_counter() - start)
            toggle.click()  # hide it again
            reply.get_by_text(re.compile(r"^Page \d+ of \d+ —")).first.wait_for(state="detached", timeout=600_000)
    return out


if __name__ == "__main__":
    main()
