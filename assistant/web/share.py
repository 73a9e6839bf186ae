"""Answers to keep and pass on: a permalink, the answer with its citations, the conversation as Markdown."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from ..records import Answer
from .front import long_date


def permalink(base: str, question: str) -> str:
    """`base/?q=QUESTION`: opening it asks the question."""
    return f"{base.split('?')[0].rstrip('/')}/?{urlencode({'q': question}, quote_via=quote)}"


def page_link(base: str, served: str | None) -> str | None:
    """An absolute link to a served PDF page (served is 'app/static/papers/x.pdf#page=3')."""
    return f"{base.split('?')[0].rstrip('/')}/{served}" if served else None


def answer_text(answer: Answer, links: dict[int, str | None] | None = None) -> str:
    """The answer as plain Markdown: its text, then one line per citation (paper, body, date, page, link)."""
    lines = [answer.answer.strip()]
    if answer.note:
        lines += ["", f"_{answer.note.strip()}_"]
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            where = f"{c.title} — {c.committee or 'committee unknown'}, {long_date(c.meeting_date) or 'date unknown'}, page {c.page}"
            link = (links or {}).get(c.n)
            lines.append(f"[{c.n}] {where}" + (f" <{link}>" if link else ""))
    return "\n".join(lines)


def conversation_markdown(pairs: list[tuple[str, Answer, dict[int, str | None]]], title: str) -> str:
    """The whole chat as a Markdown file: each question, its answer and its citations with page links."""
    out = [f"# {title}", ""]
    for question, answer, links in pairs:
        out += [f"## {question.strip()}", "", answer_text(answer, links), ""]
    return "\n".join(out)
