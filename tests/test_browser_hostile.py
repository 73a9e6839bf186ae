"""Hostile text in a real browser: papers whose name, committee line and text carry Markdown/HTML images,
links and scripts, and a model server that answers (and fails) with the same. Nothing may become an
element of the page, and a logging server that every injected URL points at must get no request."""
from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.settings import BUNDLED_MODEL, Settings
from llmserver import Server
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, _free_port, _require_browser, _serve

QUESTION = "what was the agency spend in 2014/15"


class Logger:
    """An HTTP server on 127.0.0.1 that records every request made to it (there should be none)."""

    def __init__(self):
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            do_POST = do_HEAD = do_GET

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def hostile(log: str, tag: str) -> str:
    """One line carrying every kind of injection, each pointing at the logging server."""
    return (f"![{tag}]({log}/{tag}.png) [Sign in]({log}/{tag}-login) <img src={log}/{tag}-img.png> "
            f"<script>fetch('{log}/{tag}-script')</script> {log}/{tag}-bare :warning: www.evil.example "
            f"<a href=\"javascript:alert(1)\">x</a>")


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    _require_browser()
    from conftest import write_pdf

    from assistant.indexing.build import build

    log = Logger()
    llm = Server()
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    name = "Public reports pack 10th-Dec-2015 14.00 [Sign in](javascript:alert(1)) <img src=x> Board.pdf"
    write_pdf(corpus / name, [
        [f"To: {hostile(log.url, 'committee')[:60]} Board 10th December 2015",
         f"Subject: {hostile(log.url, 'subject')[:70]}",
         "1.1 The agency spend was \u00a38.3 m in 2014/15 against a budget of \u00a35.0 m.",
         hostile(log.url, "text")[:95], hostile(log.url, "text")[95:190], hostile(log.url, "text")[190:]],
    ])
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("hostile-index"), model=BUNDLED_MODEL)
    build([corpus], settings, workers=0)
    replies = iter([(500, json.dumps({"error": {"message": hostile(log.url, "error") + " x" * 2000}})),
                    (200, {"choices": [{"message": {"content": "The agency spend was \u00a38.3 m [1]. "
                                                    + hostile(log.url, "model")}, "finish_reason": "stop"}]})])
    llm.reply = lambda request: next(replies, (200, {"error": hostile(log.url, "later")}))
    env = {**os.environ, "BOARDQA_INDEX_DIR": str(settings.index_dir), "BOARDQA_CORPUS_DIR": str(corpus),
           "BOARDQA_MODEL": BUNDLED_MODEL, "HF_HUB_OFFLINE": "1", "BOARDQA_LLM_URL": f"{llm.base}/v1",
           "BOARDQA_LLM_MODEL": "test-model"}
    served = _serve(env, _free_port(), tmp_path_factory.mktemp("hostile-log") / "streamlit.log")
    url = next(served)
    try:
        yield url, log, llm
    finally:
        served.close()
        llm.close()
        log.close()


def test_hostile_papers_and_model_replies_stay_text(scene):
    from playwright.sync_api import sync_playwright

    url, log, llm = scene
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100})
            page.goto(url)
            box = page.get_by_test_id("stChatInputTextArea")
            for i, q in enumerate([QUESTION, "and what was the budget?"]):  # a failing model, then a hostile one
                box.wait_for(timeout=WAIT_MS)
                box.fill(q)
                box.press("Enter")
                reply = page.get_by_test_id("stChatMessage").nth(2 * i + 1)
                reply.get_by_text("Share or copy this answer").wait_for(timeout=WAIT_MS)
            summaries = page.locator("details summary")
            for k in range(summaries.count()):  # open every passage and share box, found again each time:
                if summaries.nth(k).count():  # a rerun of the page can take one away while the others open
                    summaries.nth(k).click(timeout=10_000)
                page.wait_for_timeout(200)
            page.wait_for_timeout(2000)
            origin = url.rstrip("/")
            found = page.evaluate("""() => ({
                imgs: [...document.querySelectorAll('img')].map(i => i.getAttribute('src') || ''),
                links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
                scripts: [...document.querySelectorAll('script')].map(s => s.textContent).filter(t => t.includes('fetch(')),
                text: document.body.innerText})""")
            assert len(llm.requests) >= 2  # the model was asked both times
            assert log.hits == []
            assert found["scripts"] == []
            assert [s for s in found["imgs"] if not (s.startswith(origin) or s.startswith("/") or
                                                     s.startswith("data:") or s.startswith("app/")
                                                     or s.startswith("./"))] == []
            bad_links = [h for h in found["links"] if log.url.split("//")[1] in h or h.lower().startswith("javascript")]
            assert bad_links == []
            text = found["text"]
            assert "[Sign in](" in text  # shown as written, not dropped
            assert "<img src=" in text
            assert " x" * 400 not in text  # the server's long error is cut short in the note
        finally:
            browser.close()
