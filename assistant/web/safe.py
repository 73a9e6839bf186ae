"""The one way text from papers, questions, the model or errors is put on the page: escaped and capped."""
from __future__ import annotations

import re

NOTE_CHARS = 300  # model or server text in a note: enough to say what went wrong, too little to phish with
LINE_CHARS = 2000  # any other single string (a title, a question as read): the chat box allows as much
WJ = "\u2060"  # word joiner: invisible and unbreakable, so 'www.x' or ':smile:' stay as typed but inert

# Markdown, HTML and LaTeX punctuation Streamlit's renderer acts on ('!' starts an image, '$' maths,
# '~' strike-through, '|' tables, ':' colour and icon directives, '&' entities)
_SPECIAL = re.compile(r"([\\`*_\[\]<>$~|!#&])")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([+\-=>])", re.M)  # list, heading and quote markers
# what GFM turns into a link without brackets (scheme://, www., e-mail) and Streamlit's :shortcodes:
_AUTOLINK = re.compile(r"(?i)(\w)(://)|\b(www)(\.)|(\w)(@)(?=\w)")
_SHORTCODE = re.compile(r":(?=[\w+\-/])")


def md(text: object, limit: int | None = LINE_CHARS, lines: bool = False) -> str:
    """Any string as inert Markdown: shown exactly as written, never as a link, image, tag, emoji or maths.

    `limit` caps the length (with '…'); `lines` keeps its line breaks (as Markdown hard breaks),
    otherwise all whitespace is folded to single spaces.
    """
    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if lines:
        text = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    else:
        text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: (f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[4]}\\{m[5]}"), text)
    text = _AUTOLINK.sub(lambda m: "".join(g for g in (m[1], WJ if m[2] else "", m[2], m[3], WJ if m[4] else "",
                                                        m[4], m[5], m[6], WJ if m[6] else "") if g), text)
    text = _SHORTCODE.sub(":" + WJ, text)
    return text.replace("\n", "  \n") if lines else text


def note(text: object) -> str:
    """A note under an answer (it may carry a model server's reply or error): escaped and capped short."""
    return md(text, limit=NOTE_CHARS)


def plain(text: object, limit: int | None = LINE_CHARS) -> str:
    """Text for a widget that shows it literally (a table cell, st.code): whitespace folded and capped only."""
    text = " ".join(("" if text is None else str(text)).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"
