"""What the meeting records say when they cannot answer: no such meeting, no minutes of it, no vice-chair marked.

A decline names the nearest meetings the papers do hold, so the reader can ask again.
"""
from __future__ import annotations

import re
from datetime import date

from ..papers.meetings import Meeting, body_key
from ..records import Answer, Passage
from .query import Query

NEAREST = 3  # meetings named when the one asked about is not in the papers


def human_date(iso_date: str | None) -> str:
    """"2015-11-05" -> "5 November 2015"."""
    if not iso_date:
        return "an unknown date"
    d = date.fromisoformat(iso_date)
    return f"{d.day} {d:%B %Y}"


def period(named: str) -> str:
    """"2019-11" -> "in November 2019"; "2021" -> "in 2021"."""
    return f"in {date.fromisoformat(named + '-01'):%B %Y}" if len(named) == 7 else f"in {named}"


def decline(q: Query, pool: list[Meeting], bodies: list[str], meetings: list[Meeting],
            passages: list[Passage], when: str | None = None) -> Answer:
    """"The papers hold no meeting of the Cabinet on 28 November 2024; the nearest are: …"."""
    asked = q.dates[0] if q.dates else None
    body = next((m.committee for m in meetings if bodies and body_key(m.committee) == bodies[0]), None)
    when = when or ("on " + (human_date(asked) if asked else " and ".join(q.day_months)))
    target = asked or (q.month_years[0] + "-15" if q.month_years else f"{min(q.calendar)}-07-01" if q.calendar else "")
    near = sorted(pool or meetings, key=lambda m: abs(_ordinal(m.meeting_date) - _ordinal(target)) if target else 0)
    listed = "; ".join(f"{m.committee}, {human_date(m.meeting_date)}" for m in near[:NEAREST])
    text = (f"The papers hold no meeting{' of the ' + body if body else ''} {when}"
            f"{'; the nearest are: ' + listed + '.' if listed else '.'}")
    return Answer(question=q.text, found=False, answer=text, passages=tuple(passages), note="meeting not held")


def no_minutes(q: Query, held: list[Meeting], fact: str, passages: list[Passage]) -> Answer:
    """The meetings are in the papers by their agendas only: what only minutes record is not there."""
    what = {**_MINUTED, "chair": "who chaired it", "chair_vice": "who chaired it"}.get(fact, fact.replace("_", " "))
    m, several = held[0], len(held) > 1
    if several:
        what = what.replace(" it approved", " they approved").replace(" it", " them").replace("when them", "when they")
    dates = " and ".join(human_date(x.meeting_date) for x in held)
    text = (f"The papers hold the agenda{'s' if several else ''} of the {m.committee} meeting{'s' if several else ''} "
            f"of {dates} but not {'their' if several else 'its'} minutes, so they do not record {what}.")
    return Answer(question=q.text, found=False, answer=text, passages=tuple(passages), note="no minutes")


# what only minutes record, as a decline says it
_MINUTED = {"present": "who was present", "attended": "who attended", "closed": "when it closed",
            "interests": "declarations of interest", "previous_minutes": "which minutes it approved",
            "apologies": "who sent apologies", "substitutes": "who substituted", "motions": "who proposed or seconded",
            "officers": "which officers attended", "officers_virtual": "who attended virtually"}


# a body as the question names it, capitalised: "Health and Wellbeing Board", "Scrutiny Committee"
_BODY_NAMED = re.compile(r"(?:[A-Z][\w'\u2019]*\s+(?:(?:and|&|of|for)\s+)?)+(?:Board|Panel|Committee|Council|Forum|Group|"
                         r"Partnership|Executive|Cabinet)\b")


def no_body(q: Query, fact: str, meetings: list[Meeting], passages: list[Passage]) -> Answer:
    """A body whose meetings the papers hold no minutes of: what only minutes record is not there."""
    bodies = sorted({m.committee for m in meetings if m.committee})
    held = f"; the papers hold meetings of {', '.join(bodies[:6])}" if bodies else ""
    what = _MINUTED.get(fact, fact.replace("_", " "))
    named = _BODY_NAMED.search(q.text)
    # "Coventry's Health and Wellbeing Board": the authority's name is not the body's
    body = "the " + re.sub(r"^\S+['\u2019]s\s+", "", named.group(0).strip()) if named else "that body"
    text = f"The papers hold no minutes of a meeting of {body}, so they do not record {what}{held}."
    return Answer(question=q.text, found=False, answer=text, passages=tuple(passages), note="meeting not held")


def no_vice_chair(q: Query, minuted: list[Meeting], passages: list[Passage]) -> Answer:
    """Minutes mark a vice-chair in their list of members present; none marked is none named."""
    when = "; ".join(f"{m.committee}, {human_date(m.meeting_date)}" for m in minuted[:NEAREST])
    text = f"The minutes name no vice-chair among the members present ({when})."
    return Answer(question=q.text, found=False, answer=text, passages=tuple(passages), note="not recorded")


def _ordinal(iso_date: str | None) -> int:
    try:
        return date.fromisoformat(iso_date).toordinal() if iso_date else 0
    except ValueError:
        return 0
