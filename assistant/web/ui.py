"""Streamlit widgets shared by the pages: the cached assistant, the documents, the filters, builds.

The decisions (what to link, what to highlight, what an upload may be called) live in webapp.py;
answers are laid out by cards.py, the chat by chat.py, the officers' page by officers.py.
"""
from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ..errors import BoardQAError
from ..indexing.store import current_generation
from ..settings import Settings
from . import webapp as w
from .safe import md, plain


def settings() -> Settings:
    """Settings for this run (BOARDQA_INDEX_DIR / BOARDQA_CORPUS_DIR / BOARDQA_MODEL are read here)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _embedder(s: Settings):
    from ..indexing.embed import Embedder

    return Embedder.for_settings(s)


@st.cache_resource(show_spinner=False)
def _assistant(index_dir: str, corpus_dir: str, model: str):
    from ..service import Assistant

    s = Settings().with_(index_dir=Path(index_dir), corpus_dir=Path(corpus_dir), model=model)
    a = Assistant(s, _embedder(s))
    # load the model and the index while the person types the first question
    threading.Thread(target=_warm, args=(a,), daemon=True, name="boardqa-warm").start()
    return a


def _warm(a) -> None:
    try:
        a.warm()
    except Exception:  # no index yet, or a bad one: the page says so when it is asked
        pass


def assistant(s: Settings):
    """One Assistant per process and index folder; thread-safe, and it reloads after a rebuild."""
    return _assistant(str(s.index_dir), str(s.corpus_dir), s.model)


@st.cache_data(show_spinner=False, max_entries=4)
def _documents(generation: str) -> list[dict]:
    import json

    return json.loads((Path(generation) / "documents.json").read_text(encoding="utf-8"))


def documents(s: Settings) -> list[dict]:
    """The live generation's document records (cached per generation, so a rebuild shows at once)."""
    gen = current_generation(Path(s.index_dir))
    return _documents(str(gen)) if gen else []


def sha_by_source(docs: list[dict]) -> dict[str, str]:
    return {name: d["sha256"] for d in docs for name in [d["source"], *d.get("also", [])]}


# ----------------------------------------------------------------------------------------- sidebar

def sidebar_filters(docs: list[dict]):
    """The committee, date and type pickers; returns the Filters they make."""
    opts = w.filter_options(docs)
    st.subheader("Filters")
    council = st.selectbox("Council", (w.ANY, *opts.councils), key="f_council") if len(opts.councils) > 1 else None
    committee = st.selectbox("Committee", (w.ANY, *opts.committees), key="f_committee")
    doc_type = st.selectbox("Document type", (w.ANY, *opts.doc_types), key="f_type")
    dates = ()
    if opts.first and opts.last:
        # keyed by the span so a rebuild that widens it starts the picker afresh
        dates = st.date_input("Meeting dates", value=(opts.first, opts.last), min_value=opts.first,
                              max_value=opts.last, key=f"f_dates_{opts.first}_{opts.last}", format="DD/MM/YYYY")
    filters = w.make_filters(committee, doc_type, dates, opts, council)
    if filters.active():
        st.caption("Only passages that match these filters are searched.")
    return filters


# ----------------------------------------------------------------------------------------- builds

def build_with_progress(s: Settings, embedder=None):
    """Rebuild the index inside st.status with a progress bar; returns the Summary (None on failure)."""
    with st.status("Updating the index…", expanded=True) as box:
        bar = st.progress(0.0, text="Reading the corpus folder")

        def progress(stage: str, done: int, total: int) -> None:
            if get_script_run_ctx(suppress_warning=True) is None:  # a worker thread: the next call shows it
                return
            label = {"parse": "Reading documents", "embed": "Embedding passages"}.get(stage, stage)
            bar.progress(min(done / max(total, 1), 1.0), text=f"{label}: {done} of {total}")

        try:
            summary = w.rebuild(s, progress=progress, embedder=embedder)
        except BoardQAError as exc:
            box.update(label="The index was not updated", state="error")
            st.error(md(exc, limit=600))
            return None
        bar.progress(1.0, text="Done")
        box.update(label=f"Index up to date in {summary.seconds:.0f}s", state="complete", expanded=False)
    return summary


def show_summary(summary) -> None:
    st.success(f"{summary.documents} documents, {summary.pages} pages, {summary.chunks} chunks: "
               f"{summary.added} added, {summary.updated} updated, {summary.removed} removed, "
               f"{summary.unchanged} unchanged.")
    if summary.skipped:
        st.warning(f"{len(summary.skipped)} file(s) skipped:")
        st.dataframe([{"file": plain(x["path"]), "reason": plain(x["reason"])} for x in summary.skipped],
                     hide_index=True)


def no_index(s: Settings, message: str | None = None) -> None:
    """What the chat page shows instead of failing when there is no usable index."""
    st.info(md(message, limit=600) if message else f"There is no index at `{s.index_dir}/` yet. Build it from the papers in "
            f"`{s.corpus_dir}/` with:")
    st.code(f"boardqa index {s.corpus_dir}/ --index-dir {s.index_dir}", language="bash")
    if not Path(s.corpus_dir).is_dir():
        st.warning(f"The corpus folder `{s.corpus_dir}/` does not exist — put the PDFs there "
                   f"(or set BOARDQA_CORPUS_DIR) and reload.")
        return
    if st.button("Build the index now", type="primary", key="build_now"):
        summary = build_with_progress(s, embedder=assistant(s).embedder)
        if summary is not None:
            show_summary(summary)
            st.button("Start asking", key="after_build")
