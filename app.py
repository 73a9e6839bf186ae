"""Chat with the council papers: a thin Streamlit front end over assistant.service.

    streamlit run app.py
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.web import chat

st.set_page_config(page_title="Board papers assistant", page_icon="📑")
here = Path(__file__).resolve().parent
pages = [st.Page(chat.page, title="Ask", icon="💬", default=True)]
if (here / "pages" / "1_Meetings.py").exists():  # written alongside; listed once it is there
    pages.append(st.Page(str(here / "pages" / "1_Meetings.py"), title="Meetings", icon="📅", url_path="meetings"))
pages += [st.Page(str(here / "pages" / "3_Resolutions.py"), title="Resolutions", icon="🗳️", url_path="resolutions"),
          st.Page(str(here / "pages" / "2_Officers.py"), title="Officers", icon="🔐", url_path="officers")]
st.navigation(pages).run()
