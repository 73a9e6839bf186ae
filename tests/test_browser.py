"""The app in a real browser: `streamlit run app.py` driven by Debian's Chromium through Playwright.

The index is built from the repository's sample corpus (only the 10 Dec 2015 pack, to keep the
build short on a shared machine). Skipped when Chromium is absent, except in CI, where it fails.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest

from assistant.settings import BUNDLED_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
PACK = "Public reports pack 10th-Dec-2015 14.00 Education and Childrens Services Scrutiny Board 2.pdf"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 300_000  # generous waits, never assertions: the machine is shared


def _require_browser():
    in_ci = os.environ.get("CI", "").lower() == "true"
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing — install it with `apt-get install -y chromium`"
        if in_ci:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            pytest.fail("playwright is not installed — `pip install -e .[test]`")
        pytest.skip("playwright is not installed — `pip install -e .[test]`")
    return sync_playwright


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Settings:
    """An index of the sample corpus's 10 Dec 2015 pack, built into a tmp folder."""
    from assistant.indexing.build import build

    corpus = tmp_path_factory.mktemp("sample-corpus")
    shutil.copy(ROOT / "corpus" / PACK, corpus / PACK)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("sample-index"), model=BUNDLED_MODEL)
    build([corpus], settings, workers=0)
    return settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served_app(sample_index, tmp_path_factory):
    """`streamlit run app.py` on a free port; yields its URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, "BOARDQA_INDEX_DIR": str(sample_index.index_dir),
           "BOARDQA_CORPUS_DIR": str(sample_index.corpus_dir), "BOARDQA_MODEL": BUNDLED_MODEL,
           "HF_HUB_OFFLINE": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                 "--server.address", "127.0.0.1", "--server.headless", "true",
                                 "--browser.gatherUsageStats", "false"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"streamlit did not come up:\n{log.read_text()[-3000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_ask_in_a_browser_and_open_the_cited_pdf(served_app, tmp_path):
    sync_playwright = _require_browser()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100})
            page.goto(served_app)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=WAIT_MS)
            box.fill("what was agency spend in 2014/15")
            box.press("Enter")

            reply = page.get_by_test_id("stChatMessage").nth(1)
            reply.get_by_text("£8.3 m").first.wait_for(timeout=WAIT_MS)
            card = reply.get_by_text("meeting 10 Dec 2015 · page 23").first
            card.wait_for(timeout=WAIT_MS)
            link = reply.locator("a[href*='#page=23']").first
            href = link.get_attribute("href")
            assert href and href.startswith("app/static/papers/") and href.endswith(".pdf#page=23")

            pdf = page.request.get(urljoin(page.url, href))
            assert pdf.ok
            assert pdf.headers.get("content-type", "").startswith("application/pdf") or pdf.body()[:5] == b"%PDF-"

            reply.get_by_text("Show the passage").first.click()
            reply.locator("mark").first.wait_for(timeout=WAIT_MS)  # the quoted sentence highlighted
            page.wait_for_timeout(1000)  # let the expander finish opening before the screenshot
            shot = tmp_path / "screenshot.png"
            page.screenshot(path=str(shot), full_page=True)
            if os.environ.get("BOARDQA_UPDATE_SCREENSHOT"):  # the README's picture, refreshed on request only
                (ROOT / "docs").mkdir(exist_ok=True)
                shutil.copy(shot, ROOT / "docs" / "screenshot.png")
        finally:
            browser.close()
