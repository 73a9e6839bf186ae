"""The generative check holds for figures in words, odd digits, lower-case names and unmarked figures, says
what it checked, and no key or password reaches a note — against a real HTTP chat-completions server."""
from __future__ import annotations

import base64
import socket

import pytest
from llmserver import Server
from test_llm import BUDGET, FOSTERING, QUESTION, quoted

from assistant.answers.check import CHECKED, check
from assistant.answers.llm import generate
from assistant.settings import Settings
from assistant.text.numwords import to_numerals


@pytest.fixture()
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def _ask(server, reply: str, *texts: str, settings: Settings | None = None):
    server.reply = lambda request: reply
    return generate(QUESTION, quoted(*(texts or (BUDGET, FOSTERING))), settings or server.settings())


@pytest.mark.parametrize("words, numerals", [
    ("twelve point nine million pounds", "12900000 pounds"),
    ("thirty-first of February, twenty twenty-nine", "31 of February, 2029"),
    ("£⁹⁹ m", "£99 m"),
    ("٢٠١٥", "2015"),
    ("two thousand and fifteen", "2015"),
    ("three hundred and sixty-five days", "365 days"),
    ("seven per cent", "7 per cent"),
    ("March the first, 2015", "March 1, 2015"),
    ("one of the reports", "one of the reports"),  # phrasing, not a figure
    ("the first report", "the first report"),
])
def test_figures_in_words_become_numerals(words, numerals):
    assert to_numerals(words) == numerals


@pytest.mark.parametrize("reply", [
    "The net revenue budget for 2014/15 is twelve point nine million pounds [1].",
    "The net revenue budget for 2014/15 is £⁹⁹ m [1].",
    "The budget was agreed on the thirty-first of February, twenty twenty-nine [1].",
    "The budget of £8.3m was presented by councillor john smith [1].",
    "The net revenue budget for 2014/15 is eight point three million pounds [1]. The year before it was £8.1m.",
    "The papers don't say [1].",
    "The passages do not state the budget [1].",
])
def test_what_the_old_check_let_through_is_refused(server, reply):
    text, reason = _ask(server, reply)
    assert text is None, reply
    assert reason.endswith("showing the quoted answer instead")


def test_the_same_facts_in_words_are_accepted(server):
    reply = ("The net revenue budget for 2014/15 is eight point three million pounds, up two point five per cent [1]. "
             "councillor jane smith presented it on the twelfth of February, twenty fourteen [1]. "
             "The Children's Services Committee is funding forty placements [2].")
    text, reason = _ask(server, reply)
    assert text is not None, reason
    assert reason == f"written by the model from passages [1], [2]; {CHECKED}"
    assert reason.endswith("numbers, dates and names checked against the cited passages; meaning is not checked")


def test_an_unmarked_figure_is_named_in_the_reason(server):
    text, reason = _ask(server, "The budget is £8.3m [1]. The placements cost £1.2 million.")
    assert text is None and "'£1.2 million' in a sentence that cites no passage" in reason


def test_a_huge_reply_is_refused(server):
    text, reason = _ask(server, "The net revenue budget for 2014/15 is £8.3m [1]. " * 30_000)  # ~1.5 MB
    assert text is None and "far longer than a short answer" in reason


def test_meaning_is_not_checked_and_the_note_says_so(server):
    """A claim the passage contradicts, with its figure right, passes: the note must not promise more."""
    text, reason = _ask(server, "The net revenue budget for 2014/15 is £8.3m, a sharp fall [1].")
    assert text is not None and "meaning is not checked" in reason and "every figure" not in reason


def test_the_check_alone_reads_words_in_the_passages_too():
    passages = quoted("Twelve new foster placements were agreed in April 2014.").passages
    assert check("12 placements were agreed [1].", list(passages)) is None
    assert check("Thirteen placements were agreed [1].", list(passages)) is not None


# ---------------------------------------------------------------------------------------- secrets

def test_user_info_is_sent_as_basic_auth_and_never_shown(server):
    url = server.base.replace("http://", "http://svc:S3CRET-pw@") + "/v1"
    text, reason = _ask(server, "The net revenue budget for 2014/15 is £8.3m [1].", settings=server.settings(url=url))
    assert text is not None, reason
    request = server.requests[-1]
    assert request["headers"]["authorization"] == "Basic " + base64.b64encode(b"svc:S3CRET-pw").decode()
    assert "S3CRET" not in request["path"]
    server.reply = lambda r: (500, {"error": {"message": "bad password S3CRET-pw for svc"}})
    text, reason = generate(QUESTION, quoted(BUDGET), server.settings(url=url))
    assert text is None and "HTTP 500" in reason and "S3CRET" not in reason and "svc" not in reason


def test_no_secret_in_the_note_when_the_server_is_down():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for url in (f"http://svc:SECRET@127.0.0.1:{port}/v1", f"http://svc:SECRET@127.0.0.1:notaport/v1",
                f"http://127.0.0.1:{port}/v1?api-key=SECRET"):
        settings = Settings(llm_url=url, llm_model="m", llm_key="sk-SECRET-key")
        text, reason = generate(QUESTION, quoted(BUDGET), settings, timeout=5)
        assert text is None and "SECRET" not in reason, reason
        assert "SECRET" not in repr(settings)


def test_a_key_echoed_by_the_server_is_blanked(server):
    server.reply = lambda r: (401, {"error": {"message": "Incorrect API key provided: sk-live-123456"}})
    text, reason = generate(QUESTION, quoted(BUDGET), server.settings(key="sk-live-123456"))
    assert text is None and "sk-live-123456" not in reason and "***" in reason
