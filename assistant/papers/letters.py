"""A covering letter read into a meeting record: what papers it sends out, for which meeting, when, by whom, whom to ask.

Kent sends papers that missed the agenda (a supplement, an updated report, the amendments moved at the
meeting) under a letter to members:

    Direct Dial/Ext: 03000416892
    e-mail: joel.cook@kent.gov.uk
    Ask for: Joel Cook
    Date: 7 January 2025
    Dear Member
    COUNTY COUNCIL - THURSDAY, 9 JANUARY 2025
    Please find enclosed the documents for Item 3 – English Devolution White Paper, which were not
    available when the main agenda was first published.
    Agenda Item No
    3 English Devolution White Paper (Pages 1 - 18)
    Yours sincerely
    Benjamin Watts
    General Counsel

`covering_letter` reads that page into one entry of a meeting's `letters` fact: its date, the meeting
it is for, what it says it encloses, the items listed, who signed it and whom to ask. Nothing is
guessed: a line the letter does not print stays None.
"""
from __future__ import annotations

import re

from ..records import Document
from .meetings import Fact, Meeting
from .structure import TEXT_DATE, file_date, parse_date

HEAD_LINES = 30  # the greeting comes within this many lines of the top, or the page is no letter
_GREETING = re.compile(r"^\s*Dear\s+(?:Members?|Councillors?|Sir|Madam|Colleagues?)\b", re.I)
_DATED = re.compile(r"^\s*Date\s*:\s*(.+?)\s*$", re.I)
_ASK_FOR = re.compile(r"^\s*Ask for\s*:\s*(.+?)\s*$", re.I)
_PHONE = re.compile(r"^\s*(?:Direct Dial(?:/Ext)?|Telephone|Tel)\s*:\s*([\d ()]{6,})", re.I)
_EMAIL = re.compile(r"^\s*e-?mail\s*:\s*(\S+@\S+)", re.I)
# "COUNTY COUNCIL - THURSDAY, 9 JANUARY 2025": the body and the meeting's date
_MEETING = re.compile(r"^\s*([A-Z][A-Z&,' ]+?)\s*[-\u2013]\s*(?:MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|"
                      r"SUNDAY),?\s+(.+?)\s*$")
_ITEMS_HEAD = re.compile(r"^\s*Agenda Item No\.?\s*$", re.I)
_ITEM = re.compile(r"^\s*(\d{1,3}[a-z]?)\s+(.+?)\s*(?:\(Pages?\s+[\d\s,-]+\))?\s*$")
_SIGN_OFF = re.compile(r"^\s*Yours\s+(?:sincerely|faithfully)\b", re.I)


def covering_letter(doc: Document) -> Meeting | None:
    """The meeting a covering letter on the document's first page sends papers for, holding the letter; or None."""
    if not doc.pages:
        return None
    page = doc.pages[0]
    lines = [t.strip() for t in page.text.splitlines()]
    greeting = next((i for i, t in enumerate(lines[:HEAD_LINES]) if _GREETING.match(t)), None)
    if greeting is None:
        return None
    head = lines[:greeting]
    dated = next((m.group(1) for m in map(_DATED.match, head) if m and TEXT_DATE.search(m.group(1))), None)
    if dated is None:
        return None  # a letter must say when it was sent
    body, when = None, None
    rest = lines[greeting + 1:]
    for t in rest[:4]:
        m = _MEETING.match(t)
        if m and parse_date(m.group(2)):
            body, when = m.group(1).strip().title(), parse_date(m.group(2))
            break
    end = next((i for i, t in enumerate(rest) if _SIGN_OFF.match(t)), len(rest))
    said, items, in_items = [], [], False
    for t in rest[:end]:
        if not t or (_MEETING.match(t) and not said):
            continue
        if _ITEMS_HEAD.match(t):
            in_items = True
            continue
        m = _ITEM.match(t) if in_items else None
        if m:
            items.append({"number": m.group(1), "title": m.group(2).strip(" -\u2013")})
        elif in_items and items:  # an item's title wrapping onto the next line
            items[-1]["title"] = re.sub(r"\s*\(Pages?\s+[\d\s,-]+\)\s*$", "", f"{items[-1]['title']} {t}").strip()
        elif not in_items:
            said.append(t)
    signed = [t for t in rest[end + 1:end + 8] if t][:2]
    letter = {
        "date": parse_date(dated),
        "ask_for": _first(_ASK_FOR, head),
        "phone": _first(_PHONE, head),
        "email": _first(_EMAIL, head),
        "about": " ".join(" ".join(said).split()) or None,
        "items": items,
        "by": ", ".join(signed) if signed else None,
        "source": doc.source,
        "page": page.number,
        "head": " ".join(" ".join(t for t in head if t).split()),  # the lines above the greeting, as printed
    }
    # no context block: an answer shows the letter it quotes (`answers/meeting_letters.py`), whichever came first
    fact = Fact(value=[letter], source=doc.source, page=page.number, quote=letter["head"])
    known = doc.committee and doc.committee.lower() != "unknown"  # the body as the index names it, else the letter's
    return Meeting(committee=doc.committee if known else body or "",
                   meeting_date=when or file_date(doc.source) or doc.meeting_date, sources=(doc.source,), letters=fact)


def enclosed(letter: dict) -> str:
    """What a letter sends, as a reader lists it: "3. English Devolution White Paper", else what it says it encloses."""
    return "; ".join(f"{i['number']}. {i['title']}" for i in letter.get("items") or ()) or letter.get("about") or ""


def _first(pattern: re.Pattern, lines: list[str]) -> str | None:
    return next((m.group(1).strip() for m in map(pattern.match, lines) if m), None)
