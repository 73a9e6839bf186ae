"""Chat with the council papers: a thin Streamlit front end over assistant.service.

    streamlit run app.py
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

VIEWS = Path(__file__).resolve().parent / "views"


def main() -> None:
    from assistant.web import chat, officers  # here, so a spawned parser importing this file loads none of it

    st.set_page_config(page_title="Board papers assistant", page_icon="📑")
    officers.install_upload_gate()  # uploads are kept for signed-in officers only
    # The pages live in views/, not pages/: a pages/ folder puts Streamlit in its old multipage mode
    # for a process's first session, which then lists "app" and skips this navigation.
    pages = [st.Page(chat.page, title="Ask", icon="💬", default=True)]
    meetings = next((p for p in (VIEWS / "1_Meetings.py", VIEWS.parent / "pages" / "1_Meetings.py") if p.exists()),
                    None)
    if meetings:  # written alongside; listed once it is there
        pages.append(st.Page(str(meetings), title="Meetings", icon="📅"))
    pages += [st.Page(str(VIEWS / "3_Resolutions.py"), title="Resolutions", icon="🗳️"),
              st.Page(str(VIEWS / "2_Officers.py"), title="Officers", icon="🔐")]
    st.navigation(pages).run()


# Streamlit runs this file as __main__; the parser processes a rebuild spawns import it again as
# __mp_main__, where running the app printed dozens of "missing ScriptRunContext" warnings.
if __name__ == "__main__":
    main()
