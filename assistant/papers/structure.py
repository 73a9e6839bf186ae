"""What a document is: its title, body, meeting date and type, and the parts of a pack.

The parts a pack holds (its minutes of an earlier meeting, its reports and appendices) are read
in parts.py; this module reads what the file as a whole is.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from ..records import Page
from ..text.bodies import UNKNOWN, canonical, display

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
# a month named in full or short ("Sept", "September"), as one group
MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
TEXT_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?:of\s+)?{MONTH},?\s+(\d{{4}})\b", re.I)
FILE_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?[-_ ]{MONTH}[-_ ](\d{{4}})\b", re.I)
ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b")
_TIME = re.compile(r"\b\d{1,2}[.:]\d{2}\s*[ap]\.?m\b|\b\d{1,2}\s*[ap]\.?m\b", re.I)
_MINUTES_HEAD = re.compile(r"^\s*(?:coventry city council\s+)?minutes\s+of\s+(?:the|a)\s+(?:meeting|special|extraordinary)", re.I)
_MINUTES_DOC = re.compile(r"^\s*(?:printed\s+)?minutes\b|\bminutes\s*$|\bminutes of\b|\bminutes\b", re.I)

DOC_TYPES = ("agenda", "minutes", "report", "briefing note", "appendix", "questions", "decision", "amendment", "pack")
_TYPE_RULES = [
    ("minutes", re.compile(r"\bminutes\b", re.I)),
    ("agenda", re.compile(r"\bagenda\b", re.I)),
    ("questions", re.compile(r"\bquestions?\b", re.I)),
    ("briefing note", re.compile(r"\bbriefing note\b", re.I)),
    ("amendment", re.compile(r"\bamendments?\b", re.I)),
    ("decision", re.compile(r"\b(record of decision|decision report|prod|decision)\b", re.I)),
    ("appendix", re.compile(r"\b(appendix|annex|eqia|dpia)\b", re.I)),
    ("pack", re.compile(r"\breports? pack\b", re.I)),
]
_BODIES = [
    (re.compile(r"county council", re.I), "County Council"),
    (re.compile(r"full[ _]council", re.I), "County Council"),
    (re.compile(r"cabinet member", re.I), None),  # keep the full name from the file
    (re.compile(r"\bcabinet\b", re.I), "Cabinet"),
]


def iso(day: int, month: int, year: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first '10th December, 2015'-style date in text, as ISO."""
    m = TEXT_DATE.search(text)
    return iso(int(m.group(1)), MONTHS[m.group(2)[:3].lower()], int(m.group(3))) if m else None


def file_date(path: str) -> str | None:
    """A meeting date written in a file or folder name: `10th-Dec-2015`, `2025-01-30`, `10.12.24`."""
    name = PurePosixPath(path).name
    m = FILE_DATE.search(name) or TEXT_DATE.search(name)
    if m:
        return iso(int(m.group(1)), MONTHS[m.group(2)[:3].lower()], int(m.group(3)))
    m = DOTTED_DATE.search(name)
    if m:
        year = int(m.group(3))
        return iso(int(m.group(1)), int(m.group(2)), year + 2000 if year < 100 else year)
    for part in reversed(PurePosixPath(path).parts):
        m = ISO_DATE.search(part)
        if m:
            return iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def folder_date(path: str) -> str | None:
    for part in reversed(PurePosixPath(path).parts[:-1]):
        m = ISO_DATE.search(part) or FILE_DATE.search(part)
        if m and ISO_DATE.search(part):
            return iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def doc_type_of(name: str, first_text: str = "") -> str:
    for kind, rule in _TYPE_RULES:
        if rule.search(name):
            return kind
    # an agenda's numbered item list ("2. Minutes of the previous meeting") does not make it minutes
    head = "\n".join(l for l in first_text[:300].splitlines() if not re.match(r"\s*\d{1,3}[.)]?\s", l))
    for kind, rule in _TYPE_RULES:
        if kind in ("minutes", "agenda", "briefing note") and rule.search(head):
            return kind
    return "report"


def committee_of(path: str, first_text: str = "") -> str:
    """The body the document went to: from the file name after the meeting time, the folder, or the front sheet."""
    stem = PurePosixPath(path).stem
    m = re.search(r"\d{1,2}(?:st|nd|rd|th)?[-_ ][A-Za-z]{3,9}[-_ ]\d{4}\s+\d{1,2}\.\d{2}\s+(.+)$", stem)
    if m:
        return m.group(1).strip()
    for rule, name in _BODIES:
        if rule.search(stem) and name:
            return name
    for part in reversed(PurePosixPath(path).parts[:-1]):  # a folder per body ("cabinet/2025-01-30/")
        for rule, name in _BODIES:
            if rule.search(part.replace("_", " ")) and name:
                return name
    m = re.search(r"^\s*To:?\s+(.+?)\s*$", first_text[:600], re.M)
    if m:  # "To: Cabinet – 30 January 2025", "To: Cabinet, 30 January 2025"
        name = re.split(r"\s*[,:;–—-]\s*(?=\d)|\s+[–—-](?:\s|$)|\s+\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}", m.group(1))[0]
        if display(name) != UNKNOWN:
            return name.strip()
    lines = [l.strip() for l in first_text.splitlines() if l.strip()]
    return lines[0][:80] if lines else ""


def title_of(path: str) -> str:
    stem = PurePosixPath(path).stem
    return re.sub(r"%20", " ", stem).strip()


def front_sheet_date(first_text: str) -> str | None:
    """A meeting date from the top of the first page: a line with a time, or a Date:/To: line."""
    lines = [l for l in first_text.splitlines() if l.strip()][:20]
    for i, line in enumerate(lines):
        window = " ".join(lines[i:i + 2])
        if _TIME.search(window) or re.match(r"\s*(date|to|meeting date)\b", line, re.I) or _MINUTES_HEAD.match(line):
            d = parse_date(window)
            if d:
                return d
    return None


def describe(path: str, pages: list[Page]) -> dict:
    """Title, committee, meeting date and type of a document, from its name and first page."""
    first = pages[0].text if pages else ""
    kind = doc_type_of(PurePosixPath(path).name, first)
    if kind == "minutes":
        when = minutes_date(first) or file_date(path) or folder_date(path)
    else:  # a folder per meeting ("cabinet/2025-01-30/") is the meeting a paper went to; a date on its first
        # page or in its name ("Appendix D 21.01.25") is often the day it was written
        when = folder_date(path) or front_sheet_date(first) or file_date(path)
    return {"title": title_of(path), "committee": _body(path, first, kind), "meeting_date": when,
            "doc_type": kind}


_AUTHORITY = re.compile(r"^\s*\w+\s+(?:city|county|borough|district)\s+council\s*$", re.I)  # the council, not a body of it


def _body(path: str, first: str, kind: str) -> str:
    """The body's printed name: the front sheet's own spelling when it names the same body as the
    file ("Cabinet Member (Children and Young People)"), the body whose minutes these are, or the
    file's; "unknown" when none of them reads as a body's name."""
    named = committee_of(path, first)
    lines = [l.strip() for l in first.splitlines() if l.strip()][:3]
    for line in lines:
        if canonical(line) == canonical(named) != UNKNOWN:
            return display(line)
    if kind == "minutes":
        m = re.search(r"minutes\s+of\s+(?:the|a)\s+meeting\s+of\s+(?:the\s+)?(.+?)\s+held\b", " ".join(first[:600].split()), re.I)
        if m and display(m.group(1)) != UNKNOWN:
            return display(m.group(1))
        for line in lines:  # "CORPORATE PARENTING PANEL – 10th December 2024"
            name = re.split(r"\s+[–—-]\s+", line)[0]
            if display(name) != UNKNOWN and not _AUTHORITY.match(name):
                return display(name)
    return display(named)


def minutes_date(text: str) -> str | None:
    """The date of the meeting a set of minutes records, from its heading."""
    head = " ".join(text[:1500].split())
    m = re.search(r"minutes\s+of\s+(?:the|a)\b.{0,250}?\b(?:held|on)\b.{0,200}", head, re.I)
    if m:
        return parse_date(m.group(0))
    return None
