"""Officers: add papers to the corpus folder and rebuild the index (password protected)."""
from __future__ import annotations

import streamlit as st

from assistant.web import ui
from assistant.web import webapp as w

st.set_page_config(page_title="Officers · Board papers assistant", page_icon="📑")
st.title("Officers: add papers")
settings = ui.settings()
expected = w.admin_password(st.secrets)
if expected is None:
    st.info("Uploads are switched off because no officers' password is set. To switch them on, set the "
            "environment variable `BOARDQA_ADMIN_PASSWORD` before `streamlit run app.py`, or add "
            "`admin_password = \"...\"` to `.streamlit/secrets.toml`.")
    st.stop()

if not st.session_state.get("officer"):
    with st.form("login"):
        given = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in"):
            if w.password_ok(given, expected):
                st.session_state["officer"] = True
                st.rerun()
            st.error("That password is not right.")
    st.stop()

st.caption(f"Files go into `{settings.corpus_dir}/`; the index at `{settings.index_dir}/` is then brought up to "
           f"date. Only new and changed files are read again. The chat page picks up the new index by itself.")
files = st.file_uploader("PDF, .txt or .md files", type=[s.lstrip(".") for s in w.UPLOAD_SUFFIXES],
                         accept_multiple_files=True, key=f"uploads_{st.session_state.get('upload_round', 0)}")
rebuild = st.button("Add and rebuild the index" if files else "Rebuild the index", type="primary")
if rebuild:
    for f in files or []:
        try:
            path, replaced = w.save_upload(settings, f.name, f.getvalue())
        except w.UploadRefused as exc:
            st.error(f"Not added — {exc}")
            continue
        st.write(f"{'Replaced' if replaced else 'Added'} `{path.name}`")
    summary = ui.build_with_progress(settings, embedder=ui.assistant(settings).embedder)
    if summary is not None:
        st.session_state["last_summary"] = summary
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # empty the uploader
if "last_summary" in st.session_state:
    ui.show_summary(st.session_state["last_summary"])
with st.expander("Index status"):
    st.json(w.index_status(settings) or {"index": "none yet"})
