"""Streamlit widgets shared by app.py and pages/: the cached assistant, the sidebar, answers, builds.

The decisions (what to link, what to highlight, what an upload may be called) live in webapp.py;
this module only lays them out.
"""
from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from ..errors import BoardQAError
from ..indexing.store import current_generation
from ..records import Answer, Citation, Passage
from ..settings import Settings
from . import webapp as w
from .tables import show as show_table


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

def sidebar_status(status: dict | None) -> None:
    st.subheader("Index")
    if status is None:
        st.caption("No index yet.")
        return
    st.caption(f"{status['documents']} documents · {status['pages']} pages · {status['chunks']} chunks  \n"
               f"built {status['built_at']}  \nmodel `{status['model']}`")


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


def example_buttons() -> None:
    st.subheader("Try asking")
    for i, q in enumerate(w.EXAMPLES):
        st.button(q, key=f"example_{i}", on_click=_ask_later, args=(q,), use_container_width=True)


def _ask_later(question: str) -> None:
    st.session_state["pending"] = question


# ----------------------------------------------------------------------------------------- answers

def show_answer(answer: Answer, s: Settings, shas: dict[str, str]) -> None:
    """An answer: quoted text with [n] markers and a card per citation, or a distinct 'not in the papers'."""
    if answer.resolved_question and answer.resolved_question != answer.question:
        st.caption(f"reading that as: {answer.resolved_question}")
    if not answer.found:
        st.warning(answer.answer, icon="🔎")
        if answer.note:
            st.caption(answer.note)
        if answer.passages:
            st.markdown("**Nearest passages** (none of them answers the question)")
            for i, p in enumerate(answer.passages[:5], 1):
                c = p.chunk
                cite = Citation(n=i, source=c.source, page=c.page, title=c.title, meeting_date=c.meeting_date,
                                committee=c.committee, council=c.council, printed_page=c.printed_page)
                citation_card(cite, p, [], s, shas)
        return
    st.markdown(w.answer_markdown(answer))
    if answer.note:
        st.caption(answer.note)
    quotes = w.quotes_by_citation(answer)
    for c in answer.citations:
        q = quotes.get(c.n, [])
        citation_card(c, w.passage_for(c, answer.passages, q), q, s, shas)


def citation_card(c: Citation, p: Passage | None, quotes: list[str], s: Settings, shas: dict[str, str]) -> None:
    title, detail = w.card_lines(c)
    with st.container(border=True):
        st.markdown(f"**[{c.n}] {w.md_escape(title)}**  \n{w.md_escape(detail)}")
        url = w.served_url(s, c.source, shas.get(c.source), c.page)
        if url:
            st.markdown(f"[Open the {'PDF' if c.source.lower().endswith('.pdf') else 'file'} at page {c.page}]({url})")
        else:
            st.caption(f"{c.source} is no longer in the corpus folder.")
        if p is not None:
            with st.expander("Show the passage"):
                st.html(w.passage_html(p, quotes))
        show_table(p, quotes + [c.quote])  # a ruled table's citation: the table, the cell used marked (web/tables.py)


# ----------------------------------------------------------------------------------------- builds

def build_with_progress(s: Settings, embedder=None):
    """Rebuild the index inside st.status with a progress bar; returns the Summary (None on failure)."""
    with st.status("Updating the index…", expanded=True) as box:
        bar = st.progress(0.0, text="Reading the corpus folder")

        def progress(stage: str, done: int, total: int) -> None:
            label = {"parse": "Reading documents", "embed": "Embedding passages"}.get(stage, stage)
            bar.progress(min(done / max(total, 1), 1.0), text=f"{label}: {done} of {total}")

        try:
            summary = w.rebuild(s, progress=progress, embedder=embedder)
        except BoardQAError as exc:
            box.update(label="The index was not updated", state="error")
            st.error(str(exc))
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
        st.table([{"file": x["path"], "reason": x["reason"]} for x in summary.skipped])


def no_index(s: Settings, message: str | None = None) -> None:
    """What the chat page shows instead of failing when there is no usable index."""
    st.info(message or f"There is no index at `{s.index_dir}/` yet. Build it from the papers in "
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
