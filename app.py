"""Chat with the council papers: a thin Streamlit front end over assistant.service.

    streamlit run app.py
"""
from __future__ import annotations

import streamlit as st

from assistant.web import ui
from assistant.errors import BoardQAError
from assistant.web.webapp import index_status

st.set_page_config(page_title="Board papers assistant", page_icon="📑")
settings = ui.settings()
status = index_status(settings)

with st.sidebar:
    ui.sidebar_status(status)

st.title("Ask the board papers")
if status is None:
    ui.no_index(settings)
    st.stop()
assistant = ui.assistant(settings)
try:
    _ = assistant.index  # opened here (not bare: Streamlit's magic would print a bare expression)
except BoardQAError as exc:  # built by another model or format: say how to rebuild
    ui.no_index(settings, str(exc))
    st.stop()

docs = ui.documents(settings)
shas = ui.sha_by_source(docs)
with st.sidebar:
    filters = ui.sidebar_filters(docs)
    ui.example_buttons()

messages = st.session_state.setdefault("messages", [])
for m in messages:
    with st.chat_message(m["role"]):
        if m["role"] == "user":
            st.markdown(m["content"])
        else:
            ui.show_answer(m["answer"], settings, shas)

question = st.chat_input("Ask about the papers, e.g. what was agency spend in 2014/15?")
question = question or st.session_state.pop("pending", None)
if question:
    with st.chat_message("user"):
        st.markdown(question)
    history = [m["answer"] for m in messages if m["role"] == "assistant"]
    with st.chat_message("assistant"):
        with st.spinner("Searching the papers…"):
            try:
                answer = assistant.ask(question, history=history, filters=filters)
            except BoardQAError as exc:
                st.error(str(exc))
                st.stop()
        ui.show_answer(answer, settings, shas)
    messages += [{"role": "user", "content": question}, {"role": "assistant", "answer": answer}]
