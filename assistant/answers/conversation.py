"""Follow-up questions read against the conversation so far, and only when they need it.

A follow-up leans on the last turn by ellipsis ("and in 2015/16?", "what about fostering?") or by
a word that points back ("who chaired it?", "what did they resolve?", "the committee"). Those are
filled in from the last question and the meeting its answer was cited from. A question with no
such word, or one that names its own meeting ("who chaired the meeting on 5 November 2015?"),
stands on its own and is never merged with the last one.
"""
from __future__ import annotations

import re

from ..records import Answer
from ..text.normalise import long_date, named_years

_YEAR = re.compile(r"\b(?:19|20)\d\d(?:\s*[/\-–]\s*(?:19|20)?\d\d)?\b|\b\d\d/\d\d\b")
_ELLIPSIS = re.compile(r"^\s*(?:and|also|plus|then)\b|^\s*(?:and\s+)?(?:what|how)\s+about\b", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$", re.I)
_MEETING = re.compile(r"\b(?:the meeting|that meeting|this meeting|it|that|this)\b", re.I)  # the meeting cited last (longest first)
_BODY = re.compile(r"\b(?:they|them|the board|the committee|the panel)\b", re.I)  # the body that met
_POINTER = re.compile(r"\b(?:it|that|this|they|them|their|those|these|that meeting|this meeting)\b(?!\s+(?:is|was)\b\s*$)",
                      re.I)
_DEFINITE = re.compile(r"\bthe (?:meeting|board|committee|panel)\b", re.I)
# a question that names its own meeting or date ("on 5 November 2015", "in June 2021", "at Cabinet")
_OWN_OCCASION = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                           r"|\b(?:january|february|march|april|may|june|july|august|september|october|november|"
                           r"december)\b|\b(?:19|20)\d\d\b", re.I)
_DECIDED = re.compile(r"\b(?:resolv\w*|agree\w*|decid\w*|decision\w*|recommend\w*|discuss\w*|say|said|note\w*)\b",
                      re.I)
SHORT = 5  # words: "and in 2015/16?" and "what about 2019?" are this short
POINTING = 8  # words: a longer question with a pointing word ("it") still carries its own subject


def needs_context(question: str) -> bool:
    """Whether a question leans on the conversation (ellipsis, a word pointing back) or stands alone."""
    q = question.strip()
    words = re.findall(r"[\w/'-]+", q)
    if _ELLIPSIS.match(q):
        return True
    if len(words) > POINTING:
        return False
    if _POINTER.search(q):
        return True
    # "who chaired the meeting?" points back; "who chaired the meeting on 5 November 2015?" does not
    if _DEFINITE.search(q) and not _OWN_OCCASION.search(q):
        return True
    fy, cal = named_years(q)
    return bool(fy or cal) and len(words) <= 2  # "2015/16?"


_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_TEXT_DAY = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,9},?\s+(?:19|20)\d\d\b")
_TEXT_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?\s+(?:19|20)\d\d\b", re.I)


def _another_occasion(q: str, previous: str) -> str | None:
    """The last question with its meeting date or month swapped for the one a short follow-up names."""
    from .meeting_asked import dates_named, months_named

    new = dates_named(q)
    if new:
        said = _TEXT_DAY.search(q)
        for pattern in (_ISO_DAY, _TEXT_DAY, _TEXT_MONTH):
            m = pattern.search(previous)
            if m:
                return previous[:m.start()] + (said.group(0) if said else new[0]) + previous[m.end():]
        return None
    if months_named(q):
        said = _TEXT_MONTH.search(q)
        m = _TEXT_MONTH.search(previous) or _ISO_DAY.search(previous) or _TEXT_DAY.search(previous)
        if said and m:
            return previous[:m.start()] + said.group(0) + previous[m.end():]
    return None


def resolve(question: str, history: list[Answer] | None) -> str:
    """The question with what it leaves out filled in from the last turn of the conversation."""
    if not history or not needs_context(question):
        return question
    last = history[-1]
    previous = last.resolved_question or last.question
    q = question.strip()
    words = re.findall(r"[\w/'-]+", q)
    fy, cal = named_years(q)
    # "and on 13 March 2025?" / "and in March 2025?" — the last question about another meeting date or month
    other = _another_occasion(q, previous) if len(words) <= SHORT + 1 else None
    if other:
        return other
    # "and in 2015/16?" / "what about 2019?" / "how much was it in 2015/16?" — the last question, another year
    if (fy or cal) and (len(words) <= SHORT or _MEETING.search(q)):
        year = _YEAR.search(q)
        if year and _YEAR.search(previous):
            return _YEAR.sub(year.group(0), previous, count=1)
        if year and len(words) <= SHORT:
            return f"{previous.rstrip(' ?')} in {year.group(0)}?"
    # "what about fostering?" — the same question about something else
    m = _WHAT_ABOUT.match(q)
    if m and len(words) <= 7:
        return f"{previous.rstrip(' ?')} — {m.group(1)}?"
    if not last.citations:
        return question
    # "who chaired it?" / "what did they resolve?" — the meeting or body the last answer came from
    c = last.citations[0]
    meeting = f"the {c.committee} meeting of {c.meeting_date}" if c.committee and c.meeting_date else c.title
    body = f"the {c.committee}" if c.committee else meeting
    m_meeting, m_body = _MEETING.search(q), _BODY.search(q)
    if m_meeting and (not m_body or m_meeting.start() <= m_body.start()):
        return _MEETING.sub(meeting, q, count=1)
    if m_body:
        out = _BODY.sub(body, q, count=1)
        held = long_date(c.meeting_date).split(" ", 1)[-1]  # "November 2015": the day would be read as a figure
        if held and _DECIDED.search(q) and not _OWN_OCCASION.search(q):
            out = f"{out.rstrip(' ?')} in {held}?"  # what they resolved then, not in other years
        return out
    return question
