"""An answer on the page: its text, a card per citation (quote, snippet, passage, the page lit), share, feedback."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..records import Answer, Citation, Passage
from ..settings import Settings
from . import feedback, share
from . import webapp as w
from .pagelight import cache_dir, lit_page
from .safe import md, note, plain
from .tables import show as show_table

SNIPPET_CHARS = 240  # a card's snippet: two or three lines of the passage
NEAREST = 5  # cards under "not in the papers"


def show_answer(answer: Answer, s: Settings, shas: dict[str, str], key: str = "a", base: str = "") -> None:
    """An answer: quoted text with [n] markers and a card per citation, or a distinct 'not in the papers'."""
    if answer.resolved_question and answer.resolved_question != answer.question:
        st.caption(f"Read as: {md(answer.resolved_question)}")
    if not answer.found:
        st.warning(md(answer.answer), icon="🔎")
        if answer.note:
            st.caption(note(answer.note))
        if answer.passages:
            st.markdown("**Nearest passages** (none of them answers the question)")
            for i, p in enumerate(answer.passages[:NEAREST], 1):
                c = p.chunk
                cite = Citation(n=i, source=c.source, page=c.page, title=c.title, meeting_date=c.meeting_date,
                                committee=c.committee, council=c.council, printed_page=c.printed_page, part=c.part)
                citation_card(cite, p, [], s, shas, f"{key}_{i}")
    else:
        st.markdown(w.answer_markdown(answer))
        if answer.note:
            st.caption(note(answer.note))
        quotes = w.quotes_by_citation(answer)
        for c in answer.citations:
            q = quotes.get(c.n, [])
            citation_card(c, w.passage_for(c, answer.passages, q), q, s, shas, f"{key}_{c.n}")
    share_and_feedback(answer, s, shas, key, base)


def citation_card(c: Citation, p: Passage | None, quotes: list[str], s: Settings, shas: dict[str, str],
                  key: str) -> None:
    title, detail = w.card_lines(c)
    with st.container(border=True):
        st.markdown(f"**[{c.n}] {md(title)}**  \n{md(detail)}")
        if quotes:
            st.markdown("\n\n".join(f"> “{md(q)}”" for q in quotes))
        elif p is not None:
            st.markdown(f"> {md(w.fold_lines(p.chunk.text), limit=SNIPPET_CHARS)}")
        show_table(p, quotes + [c.quote])  # a ruled table's citation: the table, the cell used marked
        url = w.served_url(s, c.source, shas.get(c.source), c.page)
        if p is not None:
            with st.expander("Show the passage"):
                st.html(w.passage_html(p, quotes))
        if url and c.source.lower().endswith(".pdf"):
            page_viewer(c, quotes, s, shas, key)
        if url:
            kind = "PDF" if c.source.lower().endswith(".pdf") else "file"
            st.markdown(f"[Open the {kind} at page {c.page}]({url})")
        else:
            st.caption(f"{md(c.source)} is no longer in the corpus folder.")


@st.fragment
def page_viewer(c: Citation, quotes: list[str], s: Settings, shas: dict[str, str], key: str) -> None:
    """The cited page drawn here with the quote lit, and previous/next; only this card reruns on a click."""
    if not st.toggle(f"Show page {c.page} here, with the quote lit", key=f"lit_{key}"):
        return
    at = st.session_state.setdefault(f"litpage_{key}", c.page)
    path = Path(s.corpus_dir) / c.source
    try:
        shown = lit_page(path, at, quotes if at == c.page else [], cache_dir(s), shas.get(c.source))
    except Exception as exc:  # a file replaced by a broken one since it was indexed
        st.caption(f"This page cannot be drawn: {md(type(exc).__name__)}. Open the PDF instead.")
        return
    prev_col, label_col, next_col = st.columns([1, 2, 1])
    prev_col.button("◀ Previous page", key=f"prev_{key}", disabled=at <= 1, on_click=_turn, args=(key, -1))
    next_col.button("Next page ▶", key=f"next_{key}", disabled=at >= shown.pages, on_click=_turn, args=(key, 1))
    state = ("the quote is lit" if shown.lit else "the quote could not be found on the page drawn"
             ) if at == c.page and quotes else ("the cited page" if at == c.page else f"cited: page {c.page}")
    label_col.caption(f"Page {at} of {shown.pages} — {state}")
    st.image(shown.png, width="stretch",  # no caption: Streamlit's grey caption fails contrast
             alt=plain(f"Page {at} of {c.title}" + (", the quoted text lit in yellow" if shown.lit else ""), 300))


def _turn(key: str, step: int) -> None:
    st.session_state[f"litpage_{key}"] = max(1, st.session_state.get(f"litpage_{key}", 1) + step)


def share_and_feedback(answer: Answer, s: Settings, shas: dict[str, str], key: str, base: str) -> None:
    """'Copy link' and 'copy answer with citations' (code boxes with a copy button), then 👍/👎 and a comment."""
    with st.expander("Share or copy this answer"):
        st.caption("Link that asks this question again")
        st.code(share.permalink(base, answer.question), language=None)
        st.caption("The answer with its citations")
        st.code(share.answer_text(answer, page_links(answer, s, shas, base)), language=None, wrap_lines=True)
    fb_key = f"fb_{key}"
    st.feedback("thumbs", key=fb_key, on_change=_vote, args=(answer, s, key))
    if st.session_state.get(f"fbrow_{key}") is not None:
        with st.form(f"fbform_{key}", clear_on_submit=True, border=False):
            comment = st.text_input("What was right or wrong? (optional)", key=f"fbc_{key}", max_chars=2000)
            if st.form_submit_button("Send the comment"):
                vote = 1 if st.session_state.get(fb_key) == 1 else -1
                feedback.record(Path(s.index_dir), answer, vote, comment, st.session_state[f"fbrow_{key}"])
                st.caption("Thank you — the officers will see it.")


def _vote(answer: Answer, s: Settings, key: str) -> None:
    value = st.session_state.get(f"fb_{key}")
    if value is None:
        return
    row = st.session_state.get(f"fbrow_{key}")
    st.session_state[f"fbrow_{key}"] = feedback.record(Path(s.index_dir), answer, 1 if value == 1 else -1,
                                                       row_id=row)


def page_links(answer: Answer, s: Settings, shas: dict[str, str], base: str) -> dict[int, str | None]:
    return {c.n: share.page_link(base, w.served_url(s, c.source, shas.get(c.source), c.page))
            for c in answer.citations}
