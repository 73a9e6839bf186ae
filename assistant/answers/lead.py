"""The lead line: the figure, date, name or outcome asked for, said first in plain words above its quotes.

`£8.3 m — Children Services Agency Spend in 2014/15, Actual.` A lead is offered only when the best
quote holds exactly one thing of the kind asked (one figure of the unit asked, one date, one named
person, one vote outcome), and it is shown only when every figure, date and name in it is in the
quotes it rests on (`check.unsupported`, the generative mode's check); otherwise there is none.
"""
from __future__ import annotations

import re

from ..text.normalise import tokens
from .check import unsupported
from .query import Query
from .question import holds_role, other_role
from .rows import one_cell

_MONEY = re.compile(r"-?£\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:m|bn|k|million|billion)\b)?", re.I)
_PERCENT = re.compile(r"-?\d[\d,]*(?:\.\d+)?\s?(?:%|per ?cent\b)", re.I)
_COUNT = re.compile(r"(?<![\w£.,/-])\d[\d,]*(?:\.\d+)?(?![\w%/]|\.\d|\s?(?:%|per ?cent))")
_YEARISH = re.compile(r"^(?:19|20)\d\d$")
_UNIT = re.compile(r"^£\s?'?0{3}s?$")  # "£000": a column's unit, not a figure
_PERSON = re.compile(r"\b(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Professor)\.?\s+(?:[A-Z]\.?\s+)*[A-Z][A-Za-z'’-]+"
                     r"(?:\s+[A-Z][A-Za-z'’-]+)?")
_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December)\s+\d{4}\b")
_OUTCOME = re.compile(r"^\s*(Carried|Lost|Agreed|Approved|Defeated|Rejected)\b", re.I)
MAX_SUBJECT = 80  # characters of the question's own words a lead repeats ("agency spend in 2014/15")


def lead(q: Query, shown: str, quotes: list[str]) -> str | None:
    """The lead line for an answer whose best quote (as shown, a table row cut to the year asked) is
    `shown`, resting on `quotes`; None when there is no single thing to lead with or the check fails."""
    shown = one_cell(q, shown)
    value = value_of(q, shown) if shown else None
    if not value:
        return None
    for line in _phrasings(q, value, shown):
        # what the lead says beside its value rests on the quote the value comes from, not on another
        # quote that happens to hold the date ("5 November 2015" in a line about other minutes)
        if unsupported(line, [shown]) is None and unsupported(value, quotes) is None:
            return line
    return None


def value_of(q: Query, shown: str) -> str | None:
    """The one thing of the kind asked in the best quote, as written there."""
    if q.kind == "figure":
        body = shown.rsplit(": ", 1)[-1] if " — " in shown else shown
        pattern = _PERCENT if q.percent else _MONEY if q.money else _COUNT
        found = {m.group(0).strip() for m in pattern.finditer(body)}
        found = {f for f in found if not _YEARISH.match(f) and not _UNIT.match(f)
                 and f.replace(",", "") not in q.asked_numbers}
        if not found and q.money:  # a table in £m whose cells carry no £ sign: "Actual: 8.3"
            found = {m.group(0) for m in _COUNT.finditer(body) if not _YEARISH.match(m.group(0))}
            found = found if " — " in shown else set()
        return found.pop() if len(found) == 1 else None
    if q.kind == "who":
        if q.role and (not holds_role(q, shown) or other_role(q, shown)):
            return None  # "who chairs it?" is not led by the vice-chair named in the quote
        people = {" ".join(m.group(0).split()) for m in _PERSON.finditer(shown)}
        # "who paid tributes to Richard Parry?" is not answered by Mr Richard Parry: the person the question names
        asked = set(re.findall(r"[A-Z][a-z'’-]+", q.text))
        people = {p for p in people if p.split()[-1] not in asked}
        return people.pop() if len(people) == 1 else None
    if q.kind == "when":
        dates = set(_DATE.findall(shown))
        return dates.pop() if len(dates) == 1 else None
    if q.kind == "decision" and q.vote:
        m = _OUTCOME.match(shown)
        return m.group(1).capitalize() if m else None
    return None


def _phrasings(q: Query, value: str, shown: str) -> list[str]:
    """Ways to say it, fullest first: with the row it comes from, or with the question's own words."""
    out = []
    if " — " in shown:  # "Children Services Agency Spend in 2014/15 — Actual: £8.3 m": the row and its column
        label = shown.rsplit(": ", 1)[0].replace(" — ", ", ")
        if len(label) <= MAX_SUBJECT * 1.5:
            out.append(f"{value} — {label}.")
    subject = q.subject
    if subject and " and " not in subject and len(subject) <= MAX_SUBJECT and _says(shown, subject):
        out.append(f"{value} — {subject[:1].lower() + subject[1:]}.")
    out.append(f"{value}.")
    return out


SUBJECT_HELD = 2 / 3  # the share of the question's subject words the quote must hold for the lead to repeat them


def _says(shown: str, subject: str) -> bool:
    """The quote holds most of the words of the question's subject: "£46,100.00 — money was allocated to KCC's
    pothole blitz" is not said of a quote about a hardship programme."""
    words = {t for t in tokens(subject) if not t.isdigit() and not t.startswith("fy")}
    return not words or len(words & set(tokens(shown))) >= SUBJECT_HELD * len(words)
