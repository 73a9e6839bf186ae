"""The Officers page: sign-in (slowed, locked, expiring), papers in and out, feedback, the index's internals."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import feedback, guard, library, ui
from . import webapp as w
from .safe import md, plain

MAX_UPLOAD_MB = 50  # the same as server.maxUploadSize in .streamlit/config.toml


def page() -> None:
    st.title("Officers")
    settings = ui.settings()
    expected = w.admin_password(st.secrets)
    if expected is None:
        _drop_uploads()
        st.info("Uploads are switched off because no officers' password is set. To switch them on, set the "
                "environment variable `BOARDQA_ADMIN_PASSWORD` before `streamlit run app.py`, or add "
                "`admin_password = \"...\"` to `.streamlit/secrets.toml`.")
        return
    if not guard.signed_in(st.session_state.get("officer")):
        guard.mark_officer(_session_id(), None)
        _drop_uploads()  # an anonymous session holds no uploaded files, whatever it sent
        if st.session_state.pop("officer", None):
            st.info("Your sign-in has expired — enter the password again.")
        sign_in(expected)
        return
    guard.mark_officer(_session_id(), st.session_state["officer"])
    if st.sidebar.button("Sign out"):
        st.session_state.pop("officer", None)
        guard.mark_officer(_session_id(), None)
        st.rerun()
    if "last_summary" in st.session_state:  # what the last rebuild did, above every tab
        ui.show_summary(st.session_state["last_summary"])
    add, docs_tab, fb_tab, index_tab = st.tabs(["Add papers", "Documents", "Feedback", "Index"])
    with add:
        add_papers(settings)
    with docs_tab:
        documents(settings)
    with fb_tab:
        feedback_tab(settings)
    with index_tab:
        st.json(w.index_status(settings) or {"index": "none yet"})


def sign_in(expected: str) -> None:
    tries = st.session_state.setdefault("officer_tries", guard.Tries())
    left = guard.locked(tries)
    if left > 0:
        st.error(f"Sign-in is locked after {guard.MAX_TRIES} failed tries — try again later.")
        return
    with st.form("login"):
        given = st.text_input("Password", type="password", max_chars=200)
        if st.form_submit_button("Sign in"):
            ok, message = guard.attempt(given, expected, tries, who=_session_id()[:8])
            if ok:
                st.session_state["officer"] = guard.expiry()
                st.rerun()
            st.error(message)


def add_papers(settings) -> None:
    st.markdown(f"Files go into **{md(settings.corpus_dir)}/**; the index at **{md(settings.index_dir)}/** is then "
                f"brought up to date. Only new and changed files are read again. The chat page picks up the new "
                f"index by itself. Up to {MAX_UPLOAD_MB} MB a file.")
    files = st.file_uploader("PDF, .txt or .md files", type=[s.lstrip(".") for s in w.UPLOAD_SUFFIXES],
                             accept_multiple_files=True, key=f"uploads_{st.session_state.get('upload_round', 0)}")
    if st.button("Add and rebuild the index" if files else "Rebuild the index", type="primary"):
        for f in files or []:
            try:
                path, replaced = w.save_upload(settings, f.name, f.getvalue())
            except w.UploadRefused as exc:
                st.error(f"Not added — {md(exc, limit=400)}")
                continue
            st.write(f"{'Replaced' if replaced else 'Added'} {md(path.name)}")
        rebuild(settings)


def rebuild(settings) -> None:
    summary = ui.build_with_progress(settings, embedder=ui.assistant(settings).embedder)
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # empty the uploader
    if summary is not None:
        st.session_state["last_summary"] = summary
        st.rerun()  # every tab (the uploader, the list of documents) drawn afresh from the new index


def documents(settings) -> None:
    docs = ui.documents(settings)
    if not docs:
        st.info("The index holds no documents yet.")
        return
    st.dataframe(library.rows(docs), hide_index=True)
    names = [d["source"] for d in docs]
    with st.form("remove"):
        chosen = st.selectbox("Document to remove", names, format_func=lambda n: plain(n, 120))
        sure = st.checkbox("Yes, take it out of the corpus folder (it is kept in corpus/.removed/)")
        if st.form_submit_button("Remove and rebuild the index"):
            if not sure:
                st.warning("Tick the box to confirm.")
                return
            doc = next(d for d in docs if d["source"] == chosen)
            try:
                moved = library.remove_document(settings, doc)
            except library.RemoveRefused as exc:
                st.error(md(exc, limit=400))
                return
            st.write("Moved out: " + md(", ".join(moved) or "nothing (the file was already gone)"))  # during the build
            rebuild(settings)


def feedback_tab(settings) -> None:
    rows = feedback.listing(Path(settings.index_dir))
    if not rows:
        st.info("No feedback yet. Readers give it with 👍/👎 under each answer.")
        return
    up = sum(r["vote"] > 0 for r in rows)
    st.caption(f"{len(rows)} verdicts: {up} 👍, {len(rows) - up} 👎")
    st.dataframe([{"when": r["at"], "vote": "👍" if r["vote"] > 0 else "👎", "question": plain(r["question"], 300),
                   "comment": plain(r["comment"], 500), "answer": plain(r["answer"], 300)} for r in rows],
                 hide_index=True)
    st.download_button("Download as draft gold questions (JSONL for boardqa eval)",
                       feedback.draft_gold_jsonl(Path(settings.index_dir)), file_name="feedback-gold.jsonl",
                       mime="application/jsonl")


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else "bare"


def install_upload_gate() -> None:
    """Make Streamlit's upload store keep files only for signed-in officers' sessions.

    Its upload endpoint takes files from any open session (4 x 150 MB from an anonymous one were held
    for a quarter of an hour); with the gate a file from any other session is dropped on arrival.
    """
    try:
        from streamlit.runtime import Runtime

        mgr = Runtime.instance().uploaded_file_mgr
    except Exception:  # bare mode (AppTest): no server, no uploads
        return
    gate(mgr)


def gate(mgr) -> None:
    """Wrap an upload store's add_file so it keeps files of signed-in sessions only (once)."""
    if getattr(mgr, "_boardqa_gate", False):
        return
    keep = mgr.add_file

    def add_file(session_id: str, file) -> None:
        if guard.is_officer(session_id):
            keep(session_id=session_id, file=file)
        else:
            guard.log.warning("upload dropped: session %s is not signed in", session_id[:8])

    mgr.add_file = add_file
    mgr._boardqa_gate = True


def _drop_uploads() -> None:
    """Forget any file this session sent to Streamlit's upload store (it accepts them from any session)."""
    try:
        from streamlit.runtime import Runtime

        Runtime.instance().uploaded_file_mgr.remove_session_files(_session_id())
    except Exception:  # bare mode (AppTest) has no runtime and no uploads
        pass
