"""What a document is: its title, body, meeting date and type, and the parts of a pack.

A published pack for one meeting holds an agenda, the *minutes of the previous meeting*,
briefing notes, reports and appendices. `segments` finds where each part starts so that a
passage from the minutes carries the earlier meeting's date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from ..records import Page

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
TEXT_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.I)
FILE_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?[-_ ]{_MONTH}[-_ ](\d{{4}})\b", re.I)
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


@dataclass(frozen=True)
class Segment:
    """A part of a document, from a line of one page to before the next part starts."""

    page: int
    line: int
    doc_type: str
    title: str
    meeting_date: str | None
    committee: str


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
    m = re.search(r"^\s*To:?\s+(.+?)(?:\s+\d{1,2}(?:st|nd|rd|th)?\s+\w+,?\s+\d{4})?\s*$", first_text[:600], re.M)
    if m and len(m.group(1)) < 90:
        return m.group(1).strip()
    for part in reversed(PurePosixPath(path).parts[:-1]):
        for rule, name in _BODIES:
            if rule.search(part.replace("_", " ")) and name:
                return name
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
    else:
        when = front_sheet_date(first) or file_date(path) or folder_date(path)
    return {"title": title_of(path), "committee": committee_of(path, first), "meeting_date": when,
            "doc_type": kind}


def minutes_date(text: str) -> str | None:
    """The date of the meeting a set of minutes records, from its heading."""
    head = " ".join(text[:1500].split())
    m = re.search(r"minutes\s+of\s+(?:the|a)\b.{0,250}?\b(?:held|on)\b.{0,200}", head, re.I)
    if m:
        return parse_date(m.group(0))
    return None


_SEG_START = [
    ("minutes", _MINUTES_HEAD),
    ("briefing note", re.compile(r"^\s*briefing note\s*$", re.I)),
    ("report", re.compile(r"^\s*(?:agenda item\s+\d+|public report|report of|cabinet member report|council report)\b", re.I)),
    ("appendix", re.compile(r"^\s*(?:appendix|annex)\s+[\w\d]{1,3}\b\s*\S{0,60}$", re.I)),
]


def segments(pages: list[Page], meta: dict) -> list[Segment]:
    """Where each part of a document starts, with the part's type, title and meeting date."""
    base = Segment(page=pages[0].number if pages else 1, line=0, doc_type=meta["doc_type"] if meta["doc_type"] != "pack" else "agenda",
                   title="", meeting_date=meta["meeting_date"], committee=meta["committee"])
    found = [base]
    if meta["doc_type"] not in ("pack", "report", "agenda"):
        return found
    for page in pages:
        lines = page.text.splitlines()
        for i, line in enumerate(lines):
            if i > 6 and not _MINUTES_HEAD.match(line):
                # parts start near the top of a page, except minutes which follow the agenda's contacts
                continue
            for kind, rule in _SEG_START:
                if rule.match(line):
                    window = "\n".join(lines[i:i + 8])
                    when = meta["meeting_date"]
                    if kind == "minutes":
                        when = minutes_date(window) or when
                    found.append(Segment(page=page.number, line=i, doc_type=kind, title=_segment_title(kind, lines[i:i + 8]),
                                         meeting_date=when, committee=meta["committee"]))
                    break
            else:
                continue
            break
    return found


def _segment_title(kind: str, lines: list[str]) -> str:
    for line in lines:
        m = re.match(r"\s*(?:subject|title)\s*:\s*(.+)", line, re.I)
        if m:
            return m.group(1).strip()[:120]
    if kind == "minutes":
        m = re.search(r"minutes of (?:the|a) meeting of (?:the )?(.+?)(?:\s+held\b|$)", " ".join(l.strip() for l in lines), re.I)
        return ("Minutes of " + m.group(1).strip())[:120] if m else "Minutes"
    rest = [l.strip() for l in lines[1:] if l.strip()]
    return (rest[0] if rest else lines[0].strip())[:120]
