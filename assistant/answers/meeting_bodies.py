"""Which body and which meeting a question names: "the Scrutiny Board", "Cabinet", "the budget council" (a meeting of
the County Council), or a kind of meeting no body's name holds ("the planning meeting on moving a child")."""
from __future__ import annotations

import re

from ..papers.meetings import Meeting, body_key
from ..papers.structure import MONTH
from .meeting_asked import INSTITUTION

# words before "board"/"council" that describe a meeting, not name a body ("the budget council")
_MEETING_ADJECTIVES = frozenset("budget annual extraordinary special next last previous full latest first its "
                                "this that same whole supplementary updated original".split())  # "the supplementary Cabinet pack"
_STOP = frozenset("the a an of for to in on at by with from about who what which where when how was were is are did "
                  "does do i we my our any all kcc kccs kent kents coventry coventrys held meeting meetings "
                  # the asking verbs right before a body's name ("who chaired cabinet on …") are not part of it
                  "chaired chairs chair presided attended attend joined sent gave declared missed left".split())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def named_bodies(question: str, meetings: list[Meeting]) -> list[str] | None:
    """The body keys the question names; [] when it names none; None when it names a body the papers lack."""
    q = question.lower().replace("'", "").replace("\u2019", "")
    committees = {body_key(m.committee): set(_words(m.committee)) for m in meetings}
    if re.search(r"\d\s+cabinet member\b(?!s)|\bcabinet member\s*(?:\(|meeting|agenda|decision)", q):
        hits = [k for k, w in committees.items() if {"cabinet", "member"} <= w]
        return hits or None
    known = set().union(*committees.values()) if committees else set()
    named: list[str] = []
    for m in INSTITUTION.finditer(q):
        if m.group(1) == "cabinet" and re.match(r"\s+members?\b", q[m.end():]):
            continue  # "who was the Cabinet Member at …" names a role, not the body
        phrase: list[str] = []
        for w in reversed(_words(q[: m.start()])[-8:]):
            if w in _STOP or re.fullmatch(r"\d+\w*", w) or _is_month(w):
                break
            phrase.insert(0, w)
        qualifier = [w for w in phrase if w not in _MEETING_ADJECTIVES and w != "and"]
        if qualifier and qualifier[-1] not in known:
            return None  # "the Improvement Board": a body the records do not hold
        while qualifier and qualifier[0] not in known:
            qualifier.pop(0)  # "who chaired scrutiny board 2": the asking words before the body's name
        head = m.group(1)
        hits = [k for k, w in committees.items() if head in w and set(qualifier) <= w]
        if not hits and head in ("council", "cabinet") and not qualifier:
            continue
        if not hits:
            return None
        named.extend(h for h in hits if h not in named)
    if "scrutiny" in q and not named:
        named = [k for k, w in committees.items() if "scrutiny" in w]
    return named


# words before "meeting" that say which of a body's meetings, not what kind of meeting it is
_WHICH_MEETING = _MEETING_ADJECTIVES | frozenset(
    "joint public formal informal virtual remote ordinary general inaugural recent upcoming following same earlier "
    "later prior preceding second third final monday tuesday wednesday thursday friday morning afternoon evening "
    "its their".split())


def other_kind(question: str, meetings: list[Meeting]) -> bool:
    """The question names a kind of meeting ("the planning meeting", "a disruption meeting") by a word no body's
    name holds: a meeting the records are not of."""
    known = set().union(*(set(_words(m.committee)) for m in meetings)) if meetings else set()
    for m in re.finditer(r"\b([a-z][a-z-]+)\s+meetings?\b", question.lower().replace("\u2019", "'")):
        w = m.group(1)
        if w not in _STOP and w not in _WHICH_MEETING and w not in known and not _is_month(w) \
                and not INSTITUTION.fullmatch(w):
            return True
    return False


def _is_month(w: str) -> bool:
    return re.fullmatch(MONTH, w) is not None
