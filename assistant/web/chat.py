"""The Ask page: the front page on an empty chat, the conversation, a question from ?q= or the box."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..errors import BoardQAError
from ..indexing.store import current_generation
from . import cards, front, share, ui
from . import webapp as w
from .pagelight import cache_root
from .safe import md

MAX_QUESTION_CHARS = 1000  # a question longer than this is a paste gone wrong; reading 60 KB took 2.8 s of CPU
TITLE = "Ask the board papers"


def page() -> None:
    settings = ui.settings()
    st.title(TITLE)
    if w.index_status(settings) is None:
        ui.no_index(settings)
        return
    assistant = ui.assistant(settings)
    try:
        _ = assistant.index  # opened here (not bare: Streamlit's magic would print a bare expression)
    except BoardQAError as exc:  # built by another model or format: say how to rebuild
        ui.no_index(settings, str(exc))
        return
    docs = ui.documents(settings)
    shas = ui.sha_by_source(docs)
    with st.sidebar:
        filters = ui.sidebar_filters(docs)
    base = _base_url()
    messages = st.session_state.setdefault("messages", [])
    _question_from_link()
    if not messages and "pending" not in st.session_state:
        front_page(settings, assistant, docs)
    for i, m in enumerate(messages):
        with st.chat_message(m["role"]):
            if m["role"] == "user":
                st.markdown(md(m["content"]))
            else:
                cards.show_answer(m["answer"], settings, shas, key=f"m{i}", base=base)

    question = st.chat_input("Ask about the papers, e.g. what was agency spend in 2014/15?",
                             max_chars=MAX_QUESTION_CHARS)
    question = question or st.session_state.pop("pending", None)
    if question:
        question = question[:MAX_QUESTION_CHARS]  # a ?q= link is not held to max_chars by the box
        with st.chat_message("user"):
            st.markdown(md(question))
        history = [m["answer"] for m in messages if m["role"] == "assistant"]
        with st.chat_message("assistant"):
            with st.spinner("Searching the papers…"):
                try:
                    with front.asking():
                        answer = assistant.ask(question, history=history, filters=filters)
                except BoardQAError as exc:
                    st.error(md(exc, limit=600))
                    return
            cards.show_answer(answer, settings, shas, key=f"m{len(messages) + 1}", base=base)
        messages += [{"role": "user", "content": question}, {"role": "assistant", "answer": answer}]
        st.session_state["linked_q"] = question
        st.query_params["q"] = question  # the address bar is now this answer's permalink
    if messages:
        with st.sidebar:
            export_button(messages, settings, shas, base)


def _question_from_link() -> None:
    """`/?q=QUESTION` asks it once on load (not again on every rerun of the same page)."""
    q = st.query_params.get("q")
    if q and q.strip() and st.session_state.get("linked_q") != q:
        st.session_state["linked_q"] = q
        st.session_state["pending"] = q


def _base_url() -> str:
    try:
        url = st.context.url or ""
    except Exception:  # bare mode (AppTest): no browser, no address
        url = ""
    return url.split("?")[0] or "http://localhost:8501/"


def front_page(settings, assistant, docs: list[dict]) -> None:
    """What the papers cover, and questions the index is known to answer."""
    cov = front.coverage(docs)
    st.markdown(f"**What is here:** {md(cov.line())}.")
    if cov.bodies:
        st.caption("Bodies: " + md("; ".join(cov.bodies), limit=600))
    gen = current_generation(Path(settings.index_dir))
    cache = cache_root(settings)
    shown = front.cached(gen, cache)
    if shown is None:  # checked in the background after a rebuild; offered from the next visit on
        front.examples_later(assistant, docs, gen, cache)
    if shown:
        st.markdown("**Try asking**")
        for i, q in enumerate(shown):
            st.button(md(q), key=f"example_{i}", on_click=_ask_later, args=(q,))


def _ask_later(question: str) -> None:
    st.session_state["pending"] = question


def export_button(messages: list[dict], settings, shas: dict[str, str], base: str) -> None:
    pairs = [(q["content"], a["answer"], cards.page_links(a["answer"], settings, shas, base))
             for q, a in zip(messages[::2], messages[1::2])]
    st.download_button("Download the conversation (Markdown)", share.conversation_markdown(pairs, TITLE),
                       file_name="board-papers-conversation.md", mime="text/markdown")
