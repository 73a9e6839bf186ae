"""Meetings as records: each fact of a meeting (chair, place, apologies, contact …) with the page it was read from.

A document yields the meeting its front sheet announces (time, place, membership, contact officer,
date issued, agenda items: `frontsheet.py`) and every earlier meeting whose minutes it prints (present,
substitutes, officers, apologies, declarations, time closed: `attendance.py`); `frontsheet.extract`
reads both. Records of one meeting read from several documents are merged by `merge`. A fact the
papers do not state stays None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..text.bodies import display

# the facts a meeting record can hold, in the order a person reads them
FACTS = ("start_time", "place", "chair", "vice_chair", "present", "substitutes", "co_opted", "cabinet_members",
         "other_members", "officers", "officers_virtual", "invited", "apologies", "interests", "closed",
         "previous_minutes", "membership", "contacts", "apologies_by", "issued", "scheduled_end", "motions", "letters")
# the facts only a set of minutes records (a front sheet is silent on them)
MINUTES_FACTS = frozenset(("present", "substitutes", "co_opted", "cabinet_members", "other_members", "officers",
                           "officers_virtual", "invited", "apologies", "interests", "closed", "previous_minutes",
                           "motions"))
CONTEXT_CHARS = 1800  # the block kept with a fact: what a passage shows (score.py reads a passage's first 2,000)


@dataclass(frozen=True)
class Fact:
    """One thing the papers say about a meeting, with where they say it."""

    value: object  # a string, a list of names, or a list of small dicts (interests, contacts, substitutes)
    source: str
    page: int
    quote: str  # the paper's own words the value was read from, whitespace collapsed
    context: str = ""  # the block around the quote (the minutes' head, the front sheet), as printed

    def to_json(self) -> dict:
        return {"value": self.value, "source": self.source, "page": self.page, "quote": self.quote,
                "context": self.context}

    @classmethod
    def from_json(cls, data: dict | None) -> "Fact | None":
        if not data:
            return None
        return cls(value=data.get("value"), source=data.get("source", ""), page=int(data.get("page") or 0),
                   quote=data.get("quote", ""), context=data.get("context", ""))


@dataclass(frozen=True)
class Meeting:
    """A meeting the papers hold: its body and date, and every fact they state about it."""

    committee: str
    meeting_date: str | None  # ISO
    sources: tuple[str, ...]  # the documents it was read from
    start_time: Fact | None = None
    place: Fact | None = None
    chair: Fact | None = None
    vice_chair: Fact | None = None
    present: Fact | None = None  # members present: [{"name", "role", "substitute_for"}]
    substitutes: Fact | None = None  # [{"name", "substitute_for"}]
    co_opted: Fact | None = None
    cabinet_members: Fact | None = None
    other_members: Fact | None = None
    officers: Fact | None = None  # officers in attendance in person
    officers_virtual: Fact | None = None  # those attending virtually
    invited: Fact | None = None
    apologies: Fact | None = None  # [] when the papers say none were received
    interests: Fact | None = None  # [{"who", "item", "nature", "left_room", "page"}]; [] when none were declared
    closed: Fact | None = None  # the time the meeting closed
    previous_minutes: Fact | None = None  # the earlier meeting whose minutes it approved
    membership: Fact | None = None  # the body's membership printed on the front sheet
    contacts: Fact | None = None  # [{"name", "phone", "email"}]
    apologies_by: Fact | None = None  # the deadline for sending apologies
    issued: Fact | None = None  # {"date", "by"}: when the agenda was published and by whom
    scheduled_end: Fact | None = None  # the time the summons says the meeting is to end by
    motions: Fact | None = None  # [{"proposer", "seconder", "kind", "item", "title", "heading", "text", "page", "quote"}]
    # the covering letters that sent papers out for it: [{"date", "ask_for", "phone", "email", "about", "items", "by",
    # "source", "page"}] (`letters.py`), one entry a letter, whichever document it came in
    letters: Fact | None = None
    agenda: tuple[dict, ...] = ()  # {"number", "title", "page", "page_end", "printed", "author", "source"}

    def to_json(self) -> dict:
        out: dict = {"committee": self.committee, "meeting_date": self.meeting_date, "sources": list(self.sources)}
        for name in FACTS:
            fact = getattr(self, name)
            out[name] = fact.to_json() if fact else None
        out["agenda"] = [dict(a) for a in self.agenda]
        return out

    def public(self) -> dict:
        """The record as `boardqa meetings --json` prints it (no context blocks)."""
        out = self.to_json()
        for name in FACTS:
            if out[name]:
                out[name].pop("context", None)
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Meeting":
        return cls(committee=data.get("committee", ""), meeting_date=data.get("meeting_date"),
                   sources=tuple(data.get("sources", ())), agenda=tuple(data.get("agenda", ())),
                   **{name: Fact.from_json(data.get(name)) for name in FACTS})

    def key(self) -> tuple[str, str]:
        return body_key(self.committee), self.meeting_date or ""

    def stated(self) -> list[str]:
        """The facts this record holds."""
        return [name for name in FACTS if getattr(self, name) is not None]


def body_key(name: str) -> str:
    """A body's name folded so that "Education and Children's Services Scrutiny Board (2)" meets
    "Education and Childrens Services Scrutiny Board 2"."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^\s*the\s+", "", (name or "").lower()))


def merge(meetings: list[Meeting]) -> list[Meeting]:
    """One record per body and date, facts read first kept (a later copy fills only what is missing)."""
    out: dict[tuple[str, str], Meeting] = {}
    for m in meetings:
        shown = display(m.committee)  # one name per body: "CABINET MEMBER (…)" as the front sheet prints it
        if shown and shown != "unknown" and shown != m.committee:
            m = replace(m, committee=shown)
        have = out.get(m.key())
        if have is None:
            out[m.key()] = m
            continue
        changes = {name: getattr(m, name) for name in FACTS if getattr(have, name) is None and getattr(m, name)}
        if have.letters and m.letters:  # every letter sent for the meeting, a copy under another name once
            known = {_letter_key(x) for x in have.letters.value}
            more = [x for x in m.letters.value if _letter_key(x) not in known]
            changes["letters"] = replace(have.letters, value=have.letters.value + more)
        sources = have.sources + tuple(s for s in m.sources if s not in have.sources)
        out[m.key()] = replace(have, sources=sources, agenda=have.agenda or m.agenda, **changes)
    return sorted((_held_by_member(m) for m in out.values()), key=lambda m: (m.meeting_date or "", m.committee))


def _letter_key(letter: dict) -> tuple:
    """A covering letter as its copies share it: its date, what it says and the items it lists."""
    return letter["date"], letter["about"], tuple(i["title"] for i in letter["items"])


def _held_by_member(m: Meeting) -> Meeting:
    """A Cabinet Member's decision meeting names no chair: the member who holds it, as the paper lists
    them ("Cabinet Member Present: Councillor O'Boyle", "Councillors J O'Boyle (Cabinet Member)")."""
    if m.chair is not None or "cabinet member" not in m.committee.lower():
        return m
    for fact in (m.cabinet_members, m.membership):
        for name in (fact.value if fact and isinstance(fact.value, list) else []):
            if fact is m.cabinet_members or re.search(r"\(\s*cabinet member\s*\)", str(name), re.I):
                held = re.sub(r"\s*\(.*", "", str(name)).strip()
                return replace(m, chair=replace(fact, value=held))
    return m
