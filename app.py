"""Chat with the council papers: a thin Streamlit front end over assistant.service.

    streamlit run app.py
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.web import chat

st.set_page_config(page_title="Board papers assistant", page_icon="📑")
# The pages live in views/, not pages/: a pages/ folder switches Streamlit to its old multipage mode
# for the first session of a process, which then lists "app" and skips this navigation.
views = Path(__file__).resolve().parent / "views"
pages = [st.Page(chat.page, title="Ask", icon="💬", default=True)]
meetings = next((p for p in (views / "1_Meetings.py", views.parent / "pages" / "1_Meetings.py") if p.exists()), None)
if meetings:  # written alongside; listed once it is there
    pages.append(st.Page(str(meetings), title="Meetings", icon="📅"))
pages += [st.Page(str(views / "3_Resolutions.py"), title="Resolutions", icon="🗳️"),
          st.Page(str(views / "2_Officers.py"), title="Officers", icon="🔐")]
st.navigation(pages).run()
