"""The Streamlit app through streamlit.testing's AppTest, over the small index conftest builds."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.records import Answer, Chunk, Citation, Passage
from assistant.settings import BUNDLED_MODEL, Settings
from assistant.web import webapp as w

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
OFFICERS = str(ROOT / "views" / "2_Officers.py")
TIMEOUT = 180  # the first question loads the model; the machine may be shared


@pytest.fixture
def app_env(monkeypatch, built, settings):
    """The app pointed at the shared test index."""
    monkeypatch.setenv("BOARDQA_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("BOARDQA_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("BOARDQA_MODEL", BUNDLED_MODEL)
    monkeypatch.delenv("BOARDQA_ADMIN_PASSWORD", raising=False)
    return settings


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(block) -> str:
    return "\n".join(m.value for m in block.markdown)


def test_question_gets_quoted_answer_with_citation_cards(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert not at.get("help"), "a bare expression in app.py was printed by Streamlit's magic"
    ask(at, "What was agency spend in 2014/15?")
    reply = at.chat_message[-1]
    shown = texts(reply)
    assert "£8.3 m" in shown
    assert "**[1]**" in shown
    assert "Test Scrutiny Board · meeting 10 Dec 2015 · page 3" in shown
    assert "#page=3)" in shown and "app/static/papers/" in shown
    assert any("<mark>" in h.body and "8.3" in h.body for h in reply.html)  # the quoted row highlighted
    assert not reply.warning
    assert "> “" in shown  # the quote is on the card, not only behind a click
    # index internals are for the Officers page only
    everything = texts(at) + "\n".join(c.value for c in at.caption)
    assert "chunks" not in everything and "MiniLM" not in everything


def _examples_checked(settings) -> list[str]:
    """Wait for the background check of the front page's examples (it starts on the first visit)."""
    import time

    from assistant.indexing.store import current_generation
    from assistant.web import front
    from assistant.web.pagelight import cache_root

    for _ in range(TIMEOUT * 4):
        done = front.cached(current_generation(settings.index_dir), cache_root(settings))
        if done is not None:
            return done
        time.sleep(0.25)
    raise AssertionError("the examples were never checked")


def test_front_page_says_what_is_covered_and_offers_examples_that_work(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    shown = texts(at)
    assert "2 papers of 2 meetings from 10 Dec 2015 to 1 Mar 2016" in shown
    assert "Cabinet; Test Scrutiny Board" in "\n".join(c.value for c in at.caption)
    examples = _examples_checked(app_env)
    assert "What was agency spend in 2014/15?" in examples  # the test pack answers it
    assert "What are family hubs?" not in examples  # the test pack says nothing about them
    at.run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("example_")]
    assert labels == [w.md_escape(q) for q in examples]
    for q in examples:  # every example offered is answered from the papers, with a citation
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        ask(at, q)
        reply = at.chat_message[-1]
        assert not reply.warning, q
        assert "**[1]**" in texts(reply), q


def test_example_button_asks_it(app_env):
    _examples_checked(app_env)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    _examples_checked(app_env)
    at.run()
    next(b for b in at.button if b.label == w.md_escape(w.EXAMPLES[0])).click().run(timeout=TIMEOUT)
    assert at.chat_message[0].markdown[0].value == w.md_escape(w.EXAMPLES[0])
    assert "£8.3 m" in texts(at.chat_message[1])


def test_a_permalink_asks_its_question_on_load(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["q"] = "what was agency spend in 2014/15"
    at.run(timeout=TIMEOUT)
    assert not at.exception
    assert "£8.3 m" in texts(at.chat_message[1])
    at.run()  # a rerun does not ask again
    assert len(at.chat_message) == 2


def test_follow_up_passes_the_conversation_as_history(app_env, monkeypatch):
    from assistant.service import Assistant

    seen: list[int] = []
    real = Assistant.ask

    def spy(self, question, history=None, k=10, filters=None):
        seen.append(len(history or []))
        return real(self, question, history=history, k=k, filters=filters)

    monkeypatch.setattr(Assistant, "ask", spy)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    ask(at, "What was agency spend in 2014/15?")
    ask(at, "And in 2015/16?")
    assert seen == [0, 1]
    assert len(at.chat_message) == 4


def test_off_topic_question_is_not_in_the_papers(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    ask(at, "are there any mermaids in Kent?")
    reply = at.chat_message[-1]
    assert reply.warning, "an unanswerable question must be shown as not found"
    assert "Nearest passages" in texts(reply)


def test_not_found_is_shown_distinctly_with_the_nearest_passages(app_env):
    """The rendering of found=False, independent of when the answer module abstains."""
    def page():
        from assistant.records import Answer, Chunk, Passage
        from assistant.web import cards, ui

        chunk = Chunk(id="x", text="The Board noted the library opening hours.", source="pack.pdf", title="Pack",
                      committee="Test Board", meeting_date="2015-12-10", doc_type="pack", page=4, page_end=4,
                      printed_page=2)
        answer = Answer(question="mermaids?", found=False, answer="The papers in the index don't say.",
                        passages=(Passage(chunk=chunk, score=0.1),))
        cards.show_answer(answer, ui.settings(), {})

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.warning[0].value == "The papers in the index don't say."
    shown = "\n".join(m.value for m in at.markdown)
    assert "Nearest passages" in shown
    assert "page 4 (printed page 2)" in shown
    assert "> The Board noted the library opening hours." in shown  # a snippet on every card


def test_filters_restrict_what_is_searched(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    committee = at.sidebar.selectbox(key="f_committee")
    assert set(committee.options) == {w.ANY, "Cabinet", "Test Scrutiny Board"}
    committee.set_value("Cabinet").run()
    ask(at, "What was agency spend in 2014/15?")
    shown = texts(at.chat_message[-1])
    assert "£8.3 m" not in shown
    assert "Test Scrutiny Board ·" not in shown

    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    dates = at.sidebar.date_input[0]
    assert dates.value == (dt.date(2015, 12, 10), dt.date(2016, 3, 1))
    dates.set_value((dt.date(2015, 12, 10), dt.date(2015, 12, 31))).run()
    ask(at, "What is the fostering allowance?")
    assert "Cabinet ·" not in texts(at.chat_message[-1])


def test_without_an_index_the_app_says_how_to_build_one_and_can(tmp_path, monkeypatch):
    from conftest import write_text_pack

    corpus = write_text_pack(tmp_path / "corpus").parent
    monkeypatch.setenv("BOARDQA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("BOARDQA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("BOARDQA_MODEL", BUNDLED_MODEL)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "no index" in at.info[0].value.lower()
    assert "boardqa index" in at.code[0].value
    assert not at.chat_input
    at.button(key="build_now").click().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert "1 documents" in at.success[0].value
    assert (tmp_path / "index" / "CURRENT").exists()
    at.run()
    assert at.chat_input  # the chat is open now


def test_officers_page_without_a_password_changes_nothing(app_env):
    at = AppTest.from_file(OFFICERS, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "BOARDQA_ADMIN_PASSWORD" in at.info[0].value
    assert not at.text_input and not at.button


def test_officers_page_asks_for_the_password(app_env, monkeypatch):
    from assistant.web import guard

    guard.reset_process()
    monkeypatch.setenv("BOARDQA_ADMIN_PASSWORD", "s3cret")
    at = AppTest.from_file(OFFICERS, default_timeout=TIMEOUT).run()
    at.text_input[0].set_value("wrong")
    at.button[0].click().run()
    assert at.error and "officer" not in at.session_state
    at.text_input[0].set_value("s3cret")
    at.button[0].click().run()
    assert guard.signed_in(at.session_state["officer"])
    assert any(b.label.endswith("Rebuild the index") for b in at.button)
    # the documents with their meeting dates, and the index's internals, are here
    assert "10 Dec 2015" in at.dataframe[0].value["meeting"].tolist()
    assert "chunks" in at.json[0].value
    at.session_state["officer"] = 1.0  # expired long ago
    at.run()
    assert not any(b.label.endswith("Rebuild the index") for b in at.button)
    assert "expired" in at.info[0].value


# ----------------------------------------------------------------------------------------- helpers

@pytest.mark.parametrize("given, expected", [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\x\\Minutes 1 Jan.PDF", "Minutes 1 Jan.pdf"),
    ("notes <b>;rm -rf.txt", "notes _b__rm -rf.txt"),
    (".hidden.pdf", "hidden.pdf"),
])
def test_safe_name_keeps_the_base_name_only(given, expected):
    assert w.safe_name(given) == expected


@pytest.mark.parametrize("bad", ["", "..", ".pdf", "run.sh", "pack.pdf.exe", "a/b/"])
def test_safe_name_refuses(bad):
    with pytest.raises(w.UploadRefused):
        w.safe_name(bad)


def test_save_upload_checks_size_and_content(tmp_path):
    s = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", max_file_mb=1)
    path, replaced = w.save_upload(s, "../x/Minutes.pdf", b"%PDF-1.4 ...")
    assert path == tmp_path / "corpus" / "Minutes.pdf" and not replaced
    assert w.save_upload(s, "Minutes.pdf", b"%PDF-1.4 again")[1] is True
    with pytest.raises(w.UploadRefused, match="not a PDF"):
        w.save_upload(s, "fake.pdf", b"<html>")
    with pytest.raises(w.UploadRefused, match="limit"):
        w.save_upload(s, "big.txt", b"x" * (1024 * 1024 + 1))
    with pytest.raises(w.UploadRefused, match="UTF-8"):
        w.save_upload(s, "latin.txt", "caf\u00e9".encode("latin-1"))
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["Minutes.pdf"]


def test_password_check():
    assert w.password_ok("a", "a") and not w.password_ok("a", "b") and not w.password_ok("", None)


def test_served_url_links_by_content_hash_inside_static(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "Pack 1.pdf").write_bytes(b"%PDF-1.4")
    s = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    static = tmp_path / "static"
    url = w.served_url(s, "Pack 1.pdf", "ab" * 32, page=7, static_dir=static)
    assert url == f"app/static/papers/{'ab' * 10}.pdf#page=7"
    assert (static / "papers" / f"{'ab' * 10}.pdf").read_bytes() == b"%PDF-1.4"
    assert w.served_url(s, "../outside.pdf", None, static_dir=static) is None
    assert w.served_url(s, "missing.pdf", None, static_dir=static) is None


def test_highlight_marks_the_quote_across_line_breaks_and_escapes():
    out = w.highlight_html("Intro <b>.\nThe spend was\n£8.3 m in total. After.", ["The spend was £8.3 m in total."])
    assert out == "Intro &lt;b&gt;.\n<mark>The spend was\n£8.3 m in total.</mark> After."


def test_quotes_by_citation_reads_the_answer_text():
    a = Answer(question="q", found=True, answer="\u201cOne.\u201d [1] \u201cTwo.\u201d [2]",
               citations=(Citation(1, "a.pdf", 1, "A", None), Citation(2, "b.pdf", 2, "B", None)))
    assert w.quotes_by_citation(a) == {1: ["One."], 2: ["Two."]}


def test_passage_for_prefers_the_one_holding_the_quote():
    def p(text):
        return Passage(chunk=Chunk(id=text, text=text, source="a.pdf", title="A", committee="", meeting_date=None,
                                   doc_type="pack", page=3, page_end=3), score=1.0)

    first, second = p("Other words."), p("The quoted   sentence.")
    assert w.passage_for(Citation(1, "a.pdf", 3, "A", None), (first, second), ["The quoted sentence."]) is second
