"""The app in a real browser: `streamlit run app.py` driven by Debian's Chromium through Playwright.

The index is built from the repository's sample corpus (only the 10 Dec 2015 pack, to keep the
build short on a shared machine) and one small paper written here, which the last test removes.
Skipped when Chromium is absent, except in CI, where it fails. axe-core is read from
.cache/axe (scripts/setup.sh --test installs it there), never fetched while testing.
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
from urllib.parse import quote_plus
from urllib.parse import urljoin

import pytest

from assistant.settings import BUNDLED_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
PACK = "Public reports pack 10th-Dec-2015 14.00 Education and Childrens Services Scrutiny Board 2.pdf"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 300_000  # generous waits, never assertions: the machine is shared
PASSWORD = "officer-test-password"
EXTRA = "Briefing note 5th-Nov-2015 Test Library Hours.pdf"  # written here; removed by the last test
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
QUESTION = "what was agency spend in 2014/15"


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

    from conftest import write_pdf

    corpus = tmp_path_factory.mktemp("sample-corpus")
    shutil.copy(ROOT / "corpus" / PACK, corpus / PACK)
    write_pdf(corpus / EXTRA, [["Briefing note", "To: Test Library Board 5th November 2015",
                                "Subject: Library opening hours",
                                "1.1 The central library will open from 9am to 8pm on weekdays."]])
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("sample-index"), model=BUNDLED_MODEL)
    build([corpus], settings, workers=0)
    return settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served_app(sample_index, tmp_path_factory):
    """`streamlit run app.py` on a free port with the repository's .streamlit/config.toml (so it binds
    where that says); yields its URL. The log is at served_app + 'log' in LOGS."""
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    LOGS["app"] = log
    env = {**os.environ, "BOARDQA_INDEX_DIR": str(sample_index.index_dir),
           "BOARDQA_CORPUS_DIR": str(sample_index.corpus_dir), "BOARDQA_MODEL": BUNDLED_MODEL,
           "HF_HUB_OFFLINE": "1", "BOARDQA_ADMIN_PASSWORD": PASSWORD}
    yield from _serve(env, port, log)


LOGS: dict[str, Path] = {}


def _serve(env: dict, port: int, log: Path):
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                 "--server.headless", "true"],
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


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _require_browser()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _axe(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE.exists():
        message = f"{AXE} is missing — run `bash scripts/setup.sh --test` (it installs axe-core there)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}))""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _settled(page) -> None:
    """Streamlit has finished its run (its status widget is gone): a click made during a run can be lost (seen
    once in CI on a loaded machine, the page never turned)."""
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=WAIT_MS)


def _ask_by_link(page, base: str, question: str = QUESTION):
    page.goto(base + "?q=" + quote_plus(question))
    reply = page.get_by_test_id("stChatMessage").nth(1)
    reply.get_by_text("Open the PDF at page").first.wait_for(timeout=WAIT_MS)
    return reply


def test_the_front_page_says_what_is_covered_and_the_navigation_reads_right(served_app, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    page.goto(served_app)
    page.get_by_text("2 papers of 2 meetings from 5 Nov 2015 to 10 Dec 2015").wait_for(timeout=WAIT_MS)
    nav = [a.inner_text().split("\n")[-1] for a in page.get_by_test_id("stSidebarNav").locator("a").all()]
    assert nav == ["Ask", "Resolutions", "Officers"] or nav == ["Ask", "Meetings", "Resolutions", "Officers"]
    assert "chunks" not in page.inner_text("body")  # index internals are on the Officers page only
    assert _axe(page) == []
    page.close()


def test_a_permalink_asks_and_the_cited_page_is_shown_lit(served_app, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    reply = _ask_by_link(page, served_app)  # no typing: the link asks
    reply.get_by_text("£8.3 m").first.wait_for(timeout=WAIT_MS)
    reply.get_by_text("meeting 10 Dec 2015 · page 23").first.wait_for(timeout=WAIT_MS)
    href = reply.locator("a[href*='#page=23']").first.get_attribute("href")
    assert href and href.startswith("app/static/papers/") and href.endswith(".pdf#page=23")
    assert page.request.get(urljoin(page.url, href)).body()[:5] == b"%PDF-"
    assert "q=what" in page.url  # the address is the answer's permalink

    reply.get_by_text("with the quote lit").first.click()
    reply.get_by_text("Page 23 of 31 — the quote is lit").wait_for(timeout=WAIT_MS)
    img = reply.locator("img[alt*='quoted text lit']").first
    img.wait_for(timeout=WAIT_MS)
    png = page.request.get(urljoin(page.url, img.get_attribute("src"))).body()
    from PIL import Image
    import io

    import numpy as np

    px = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    yellow = (px[..., 0] > 230) & (px[..., 1] > 190) & (px[..., 1] < 235) & (px[..., 2] < 160)
    assert yellow.sum() > 200  # the yellow light over the quote
    _settled(page)
    reply.get_by_role("button", name="Next page ▶").first.click()
    reply.get_by_text("Page 24 of 31 — cited: page 23").wait_for(timeout=WAIT_MS)
    _settled(page)
    reply.get_by_role("button", name="◀ Previous page").first.click()
    reply.get_by_text("Page 23 of 31 — the quote is lit").wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(800)  # let the image settle before the screenshot
    assert _axe(page) == []
    img.scroll_into_view_if_needed()
    shot = tmp_path / "screenshot.png"
    page.screenshot(path=str(shot))
    if os.environ.get("BOARDQA_UPDATE_SCREENSHOT"):  # the README's picture, refreshed on request only
        shutil.copy(shot, ROOT / "docs" / "screenshot.png")
    page.close()


def test_the_chat_works_at_a_phone_width_with_the_keyboard(served_app, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(served_app)
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=WAIT_MS)
    box.focus()
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    reply = page.get_by_test_id("stChatMessage").nth(1)
    reply.get_by_text("£8.3 m").first.wait_for(timeout=WAIT_MS)
    width = page.evaluate("document.querySelector('[data-testid=stChatMessage]').getBoundingClientRect().right")
    assert width <= 390  # nothing pushed off the side of the screen
    assert _axe(page) == []
    page.close()


def test_feedback_is_stored_and_listed_for_officers(served_app, browser, sample_index):
    from assistant.web import feedback

    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    reply = _ask_by_link(page, served_app)
    reply.get_by_test_id("stFeedback").locator("button").first.click()  # 👍
    box = reply.get_by_label("What was right or wrong? (optional)")
    box.wait_for(timeout=WAIT_MS)
    box.fill("right figure, right page")
    reply.get_by_role("button", name="Send the comment").click()
    reply.get_by_text("Thank you").wait_for(timeout=WAIT_MS)
    rows = feedback.listing(sample_index.index_dir)
    assert [(r["question"], r["vote"], r["comment"]) for r in rows] == [(QUESTION, 1, "right figure, right page")]
    _sign_in(page, served_app)
    page.get_by_role("tab", name="Feedback").click()
    page.get_by_text("1 verdicts: 1 👍, 0 👎").wait_for(timeout=WAIT_MS)
    page.close()


def _sign_in(page, base: str) -> None:
    page.goto(base + "Officers")
    pw = page.get_by_label("Password", exact=True)
    pw.wait_for(timeout=WAIT_MS)
    pw.fill(PASSWORD)
    pw.press("Enter")
    page.get_by_role("tab", name="Documents").wait_for(timeout=WAIT_MS)


def test_an_officer_removes_a_document_and_the_index_follows(served_app, browser, sample_index):
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    _sign_in(page, served_app)
    assert _axe(page) == []
    page.get_by_role("tab", name="Documents").click()
    panel = page.get_by_role("tabpanel", name="Documents")
    panel.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=EXTRA).click()
    panel.get_by_text("Yes, take it out of the corpus folder").click()
    panel.get_by_role("button", name="Remove and rebuild the index").click()
    page.get_by_text("1 removed").first.wait_for(timeout=WAIT_MS)
    assert not (sample_index.corpus_dir / EXTRA).exists()
    assert list((sample_index.corpus_dir / ".removed").rglob(EXTRA))
    page.goto(served_app)
    page.get_by_text("1 paper of 1 meeting of 10 Dec 2015").wait_for(timeout=WAIT_MS)
    page.close()


def test_an_officer_uploads_a_paper_and_the_uploader_is_emptied(served_app, browser, sample_index, tmp_path):
    from conftest import write_pdf

    paper = write_pdf(tmp_path / "Briefing note 3rd-Mar-2016 Test Parks.pdf",
                      [["Briefing note", "To: Test Parks Board 3rd March 2016", "1.1 The parks will open at 7am."]])
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    _sign_in(page, served_app)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(paper))
    page.get_by_role("button", name="Add and rebuild the index").click(timeout=WAIT_MS)  # shown once it is held
    page.get_by_text("1 added").first.wait_for(timeout=WAIT_MS)
    assert (sample_index.corpus_dir / paper.name).exists()
    page.get_by_role("button", name="Rebuild the index", exact=True).wait_for(timeout=WAIT_MS)
    assert page.get_by_test_id("stFileUploaderFile").count() == 0  # the uploader is empty again
    page.close()


def test_the_app_is_quiet_and_listens_on_this_machine_only(served_app):
    log = LOGS["app"].read_text(encoding="utf-8", errors="replace")
    assert "Network URL" not in log
    for noise in ("WARNING", "Traceback", "missing ScriptRunContext", "Inotify", "deprecated", "will be removed"):
        assert noise not in log, log[-3000:]
    port = int(served_app.rsplit(":", 1)[1].strip("/"))
    other = _outside_address()
    if other is None:
        pytest.skip("this machine has no address but loopback to try")
    with socket.socket() as s:
        s.settimeout(3)
        assert s.connect_ex((other, port)) != 0, f"the app answers on {other}"


def _outside_address() -> str | None:
    """An address of this machine that is not loopback (the one a route out would use), if any."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, the kernel only picks a source
            ip = s.getsockname()[0]
        except OSError:
            return None
    return None if ip.startswith("127.") else ip
