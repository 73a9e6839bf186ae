"""What the bodies resolved, agreed and voted on: filter by body, dates and words; each links to its page."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from assistant.web import ui
from assistant.web import webapp as w
from assistant.web.front import long_date
from assistant.web.safe import md
from assistant.answers.decisions import filter_records, search_resolutions
from assistant.papers.minutes import cite_page
from assistant.papers.resolutions import Resolution

settings = ui.settings()
st.title("Resolutions and decisions")

docs = ui.documents(settings)
if not docs:
    ui.no_index(settings)
    st.stop()
records = [Resolution.from_json({**r, "source": d["source"]}) for d in docs for r in d.get("resolutions", [])]
if not records:
    st.info("The index holds no resolutions. Rebuild it (`boardqa index`) so that minutes are read for them.")
    st.stop()
shas = ui.sha_by_source(docs)

bodies = sorted({r.committee for r in records if r.committee})
dates = sorted(r.meeting_date for r in records if r.meeting_date)
with st.sidebar:
    body = st.selectbox("Body", (w.ANY, *bodies))
    span = ()
    if dates:
        first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
        span = st.date_input("Meeting dates", value=(first, last), min_value=first, max_value=last,
                             key=f"r_dates_{first}_{last}", format="DD/MM/YYYY")
query = st.text_input("Search the resolutions", placeholder="e.g. agency social workers, family hubs, budget",
                      max_chars=500)

committee = None if body == w.ANY else body
date_from = span[0].isoformat() if len(span) > 0 else None
date_to = span[1].isoformat() if len(span) > 1 else None
if query.strip():
    found = search_resolutions(records, ui.assistant(settings).embedder, query, committee=committee,
                               date_from=date_from, date_to=date_to, k=25)
else:
    found = filter_records(records, committee, date_from, date_to)
st.caption(f"{len(found)} of {len(records)} records" + (" — most relevant first" if query.strip() else " in date order"))

for r in found:
    with st.container(border=True):
        when = long_date(r.meeting_date) or "date unknown"
        st.markdown(f"**{md(r.committee)}** · {when} · item {md(r.item or '?')} {md(r.item_title)}")
        st.markdown(md(w.fold_lines(r.text), limit=4000, lines=True))
        if r.votes:
            v = r.votes
            st.caption(md(f"For {v.get('for')} · Against {v.get('against')} · Abstain {v.get('abstain')} · "
                          f"{(v.get('outcome') or 'outcome not recorded').capitalize()}"))
        url = w.served_url(settings, r.source, shas.get(r.source), r.page)
        where = f"{r.source}, {cite_page(r.page, r.printed_page)}"
        st.markdown(f"[{md(where)}]({url})" if url else md(where))
