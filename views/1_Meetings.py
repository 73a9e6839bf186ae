"""The meetings the papers hold, by body and date: each with its facts, agenda, resolutions and questions."""
from __future__ import annotations

import streamlit as st

from assistant.answers.meetings import human_date
from assistant.papers.letters import enclosed
from assistant.papers.meetings import Meeting, body_key, merge
from assistant.papers.minutes import cite_page
from assistant.papers.questions import Question
from assistant.papers.resolutions import Resolution
from assistant.web import ui
from assistant.web import webapp as w

st.set_page_config(page_title="Meetings", page_icon="🏛️")
settings = ui.settings()
st.title("Meetings")

docs = ui.documents(settings)
if not docs:
    ui.no_index(settings)
    st.stop()
records = merge([Meeting.from_json(m) for d in docs for m in d.get("meetings", [])])
if not records:
    st.info("The index holds no meeting records. Rebuild it (`boardqa index`) so that front sheets and minutes are read.")
    st.stop()
shas = ui.sha_by_source(docs)
printed = {d["source"]: d.get("printed_pages", {}) for d in docs}

bodies = sorted({m.committee for m in records})
with st.sidebar:
    body = st.selectbox("Body", (w.ANY, *bodies))
shown = [m for m in records if body == w.ANY or m.committee == body] or records


def link(source: str, page: int | None, text: str | None = None) -> str:
    """A markdown link to a paper at a page (plain text when the file is not served)."""
    pp = printed.get(source, {}).get(str(page)) if page else None
    where = text or (f"{source}, {cite_page(page, pp)}" if page else source)
    url = w.served_url(settings, source, shas.get(source), page)
    return f"[{w.md_escape(where)}]({url})" if url else w.md_escape(where)


def shown_value(v) -> str:
    if isinstance(v, list):
        if not v:
            return "none recorded"
        return "; ".join(
            (f"{x.get('name')} (for {x['substitute_for']})" if x.get("substitute_for") else x.get("name"))
            if "name" in x else x.get("nature") or str(x) if isinstance(x, dict) else str(x) for x in v)
    if isinstance(v, dict):
        return ", ".join(str(x) for x in v.values() if x)
    return str(v)


# every meeting at a glance (table cells are plain text, never Markdown)
st.table([{"Date": human_date(m.meeting_date), "Body": m.committee,
               "Chair": shown_value(m.chair.value) if m.chair else "",
               "Place": shown_value(m.place.value) if m.place else ""} for m in shown],
             )
labels = [f"{human_date(m.meeting_date)} · {m.committee}" for m in shown]
choice = st.selectbox("Meeting", labels, index=len(shown) - 1, key="meeting")
m = shown[labels.index(choice)] if choice in labels else shown[-1]

st.subheader(f"{m.committee} — {human_date(m.meeting_date)}")
labels_of = {"start_time": "Time", "place": "Place", "chair": "Chair", "vice_chair": "Vice-chair",
             "present": "Present", "substitutes": "Substitutes", "co_opted": "Co-opted members",
             "cabinet_members": "Cabinet members", "other_members": "Other members", "officers": "Officers",
             "officers_virtual": "Attending virtually", "invited": "Invited", "apologies": "Apologies",
             "interests": "Declarations of interest", "closed": "Closed", "previous_minutes": "Minutes approved",
             "membership": "Membership", "contacts": "Contact", "apologies_by": "Apologies by", "issued": "Issued"}
for name, label in labels_of.items():
    f = getattr(m, name)
    if f is None:
        continue
    st.markdown(f"**{label}:** {w.md_escape(shown_value(f.value))}")
    st.caption(link(f.source, f.page))  # where it was read, as a link to the page

if m.motions and m.motions.value:  # who proposed and seconded each motion, linked to the page it is on
    st.markdown("#### Motions")
    for x in m.motions.value:
        what = " — ".join(t for t in (x.get("title"), x.get("heading")) if t)
        fared = ""
        if x.get("result"):  # "— lost (For 8, Against 40, Abstain 10)", as the minutes record it
            votes = ", ".join(f"{k.title()} {n}" for k, n in (x.get("votes") or {}).items())
            fared = f" — {x['result']}" + (f" ({votes})" if votes else "")
        st.markdown(w.md_escape(f"{x['proposer']} proposed, {x['seconder']} seconded" + (f": {what}" if what else "")
                                + fared))
        st.caption(link(m.motions.source, x.get("page")))

if m.letters and m.letters.value:  # papers sent after the agenda, each under its own covering letter
    st.markdown("#### Papers sent later")
    for x in m.letters.value:
        what = enclosed(x)
        ask = ", ".join(v for v in (x.get("ask_for"), x.get("phone"), x.get("email")) if v)
        st.markdown(w.md_escape(f"{human_date(x['date'])}: {what}" + (f" (ask for: {ask})" if ask else "")))
        st.caption(link(x["source"], x.get("page") or 1))

if m.agenda:
    st.markdown("#### Agenda")
    for a in m.agenda:
        title = f"{a['number']}. {a['title']}"
        line = link(a["source"], a["page"], title) if a.get("page") else w.md_escape(title)
        if a.get("author"):
            line += f" — {w.md_escape(a['author'])}"
        st.markdown(line)

key = m.key()
resolutions = [Resolution.from_json({**r, "source": d["source"]}) for d in docs for r in d.get("resolutions", [])]
mine = [r for r in resolutions if (body_key(r.committee), r.meeting_date or "") == key]
seen = set()
if mine:
    st.markdown("#### Resolutions and votes")
    for r in mine:
        if (r.item, r.text[:80]) in seen:
            continue  # the same minutes printed in two documents
        seen.add((r.item, r.text[:80]))
        with st.container(border=True):
            st.markdown(f"**Item {w.md_escape(r.item or '?')}** {w.md_escape(r.item_title)}")
            st.markdown(w.md_escape(" ".join(r.text.split())))
            if r.votes:
                v = r.votes
                st.caption(f"For {v.get('for')} · Against {v.get('against')} · Abstain {v.get('abstain')} · "
                           f"{(v.get('outcome') or 'outcome not recorded').capitalize()}")
            st.markdown(link(r.source, r.page))

asked = {}
for d in docs:
    for q in d.get("questions", []):
        rec = Question.from_json(q)
        if (body_key(rec.committee), rec.meeting_date or "") == key:
            asked.setdefault((rec.asker, rec.question[:80]), rec)
if asked:
    st.markdown("#### Questions put and answers given")
    for rec in asked.values():
        with st.expander(f"{rec.asker} to {rec.to}" + (f", {rec.role}" if rec.role else "")):
            st.markdown(w.md_escape(rec.question))
            st.markdown("**Answer:** " + w.md_escape(rec.answer))
            if rec.supplementary:
                st.markdown("**Supplementary:** " + w.md_escape(rec.supplementary))
            st.markdown(link(rec.source, rec.page))
