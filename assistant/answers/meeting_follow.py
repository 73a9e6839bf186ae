"""A short follow-up held to the meeting the conversation is about: "what did they resolve?" after a meeting answer.

`follow_up_filters` narrows retrieval to that meeting's date; `conversation.resolve` fills the
question's words in (see there).
"""
from __future__ import annotations

import re

from ..records import Answer
from .meeting_asked import INSTITUTION

_FOLLOW_UP = re.compile(r"\b(?:it|they|them|that meeting|this meeting|the meeting|there)\b", re.I)
FOLLOW_UP_WORDS = 8  # a follow-up is short: "what did they resolve?"


def follow_up_filters(question: str, history: list[Answer] | None, filters):
    """Filters holding a short follow-up ("what did they resolve?") to the meeting the last answer was about.

    After an answer from the meeting records, or, for a question asking a meeting fact ("who sent
    apologies?"), after any answer citing a dated meeting; the question's own dates win. Returns the filters
    to use (the given ones when the question is not such a follow-up).
    """
    from .retrieve import Filters

    if not history or not history[-1].citations:
        return filters
    if history[-1].note != "meeting record":
        from .meeting_asked import fact_asked

        # "who sent apologies?" after an answer quoting one meeting's minutes asks about that meeting
        if not fact_asked(question) or not history[-1].citations[0].meeting_date:
            return filters
    if len(question.split()) > FOLLOW_UP_WORDS:
        return filters
    if not _FOLLOW_UP.search(question) and INSTITUTION.search(question):
        return filters  # "who chaired the Cabinet?" names its own body
    from .meeting_asked import dates_named, months_named

    if dates_named(question) or months_named(question) or re.search(r"\b(?:19|20)\d\d\b", question):
        return filters
    when = history[-1].citations[0].meeting_date
    f = filters or Filters()
    if not when or f.date_from or f.date_to:
        return filters
    return Filters(committee=f.committee, date_from=when, date_to=when, doc_type=f.doc_type)
