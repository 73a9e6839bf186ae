"""Follow-up questions read against the conversation so far.

"and in 2015/16?" keeps the last question and swaps the year; "what about fostering?" keeps the
last question's frame with the new subject added; "who chaired it?" names the meeting the last
answer came from. A question that stands on its own is left alone.
"""
from __future__ import annotations

import re

from ..records import Answer
from ..text.normalise import named_years

_YEAR = re.compile(r"\b(?:19|20)\d\d(?:\s*[/\-–]\s*(?:19|20)?\d\d)?\b|\b\d\d/\d\d\b")
_WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$", re.I)
_MEETING = re.compile(r"\b(?:it|that|this|the meeting|that meeting|this meeting)\b", re.I)  # the meeting cited last
_BODY = re.compile(r"\b(?:they|them|the board|the committee)\b", re.I)  # the body that met
_REAL_PRONOUN = re.compile(r"\b(?:it|that|this|they|them|that meeting|this meeting)\b", re.I)
_STANDALONE_WORDS = 6  # a question this long or longer, with no pronoun, stands on its own


def resolve(question: str, history: list[Answer] | None) -> str:
    """The question with what it leaves out filled in from the last turn of the conversation."""
    if not history:
        return question
    last = history[-1]
    previous = last.resolved_question or last.question
    q = question.strip()
    words = re.findall(r"[\w/'-]+", q)
    fy, cal = named_years(q)
    # "and in 2015/16?" / "what about 2019?" — the same question for another year
    # "how much was it in 2015/16?" — the same, with "it" standing for what was asked about
    short = len(words) <= 5 or (len(words) <= 8 and _MEETING.search(q) is not None)
    if (fy or cal) and short and _YEAR.search(previous):
        year = _YEAR.search(q).group(0)
        return _YEAR.sub(year, previous, count=1)
    if (fy or cal) and len(words) <= 5:
        return f"{previous.rstrip(' ?')} in {_YEAR.search(q).group(0)}?"
    # "what about fostering?" — the same question about something else
    m = _WHAT_ABOUT.match(q)
    if m and len(words) <= 7:
        subject = m.group(1)
        return f"{previous.rstrip(' ?')} — {subject}?"
    # "who chaired it?" — the meeting or document the last answer came from. "the board" is a
    # pronoun only in a short question: "what did the board resolve about foster carers?" stands alone.
    if not last.citations or len(words) > 8:
        return question
    if not _REAL_PRONOUN.search(q) and len(words) >= _STANDALONE_WORDS:
        return question
    c = last.citations[0]
    meeting = f"the {c.committee} meeting of {c.meeting_date}" if c.committee and c.meeting_date else c.title
    body = f"the {c.committee}" if c.committee else meeting
    m_meeting, m_body = _MEETING.search(q), _BODY.search(q)
    if m_meeting and (not m_body or m_meeting.start() <= m_body.start()):
        return _MEETING.sub(meeting, q, count=1)
    if m_body:
        return _BODY.sub(body, q, count=1)
    return question
