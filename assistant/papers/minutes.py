"""The minutes printed in a document, each with the meeting it records; agenda items and printed page numbers.

A set of minutes (on its own, or inside the pack of the *next* meeting) is found with the date of
the meeting it records and split into its numbered items. Agenda items come with the pages their
papers occupy, and printed page numbers map to PDF pages ("pack page 23 (PDF page 26)").
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..records import Document
from .parts import segments
from .structure import parse_date


@dataclass(frozen=True)
class AgendaItem:
    number: str
    title: str
    page: int | None  # first PDF page of the item's papers
    page_end: int | None
    printed: tuple[int, int] | None = None  # "(Pages 3 - 10)" as printed on the agenda

    def to_json(self) -> dict:
        return asdict(self)


# ----------------------------------------------------------------------------------------- pages

def printed_pages(doc: Document) -> dict[int, int]:
    """PDF page -> printed page number, for pages with a "Page N" stamp."""
    return {p.number: p.printed for p in doc.pages if p.printed is not None}


def pdf_page_of(doc: Document, printed: int) -> int | None:
    """The PDF page carrying the printed number, or None when no page is stamped so."""
    for p in doc.pages:
        if p.printed == printed:
            return p.number
    return None


def cite_page(page: int, printed: int | None) -> str:
    """'pack page 23 (PDF page 26)' where the two differ, else 'page 26'."""
    if printed is not None and printed != page:
        return f"pack page {printed} (PDF page {page})"
    return f"page {page}"


# ----------------------------------------------------------------------------------------- agenda

_AGENDA_LINE = re.compile(r"^\s*(\d{1,2})\.?\s+([A-Z].{2,200}?)\s*(?:\(Pages?\s+(\d+)(?:\s*[-–]?\s*(\d+))?\s*\)?)?\s*$")
_AGENDA_STAMP = re.compile(r"^\s*Agenda Item\s+(\d{1,2}[a-z]?)\s*$", re.I)


def agenda_items(doc: Document) -> list[AgendaItem]:
    """Agenda items from the front sheet, each with the PDF pages its papers occupy.

    Pages come from "Agenda Item N" stamps at the top of pages, else from the agenda's printed
    "(Pages 3 - 10)" mapped through the pages' own "Page N" stamps.
    """
    if not doc.pages:
        return []
    lines = doc.pages[0].text.splitlines()
    joined: list[str] = []
    for line in lines:
        # "(Pages 7 -" wrapped onto the next line
        if joined and re.search(r"\(Pages?\s+\d+\s*[-–]?\s*$", joined[-1]):
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    found: list[tuple[str, str, tuple[int, int] | None]] = []
    for line in joined:
        m = _AGENDA_LINE.match(line)
        if not m or len(m.group(2)) > 160:
            continue
        n = int(m.group(1))
        if found and n <= int(found[-1][0]):
            continue  # numbered paragraphs further down the sheet, not items
        title = re.sub(r"\s*\(Pages?.*$", "", m.group(2)).strip()
        rng = (int(m.group(3)), int(m.group(4) or m.group(3))) if m.group(3) else None
        found.append((m.group(1), title, rng))
    stamps: dict[str, int] = {}
    for p in doc.pages[1:]:
        for line in p.text.splitlines()[:3]:
            m = _AGENDA_STAMP.match(line)
            if m:
                stamps.setdefault(m.group(1), p.number)
    starts = sorted(stamps.values())
    last = doc.pages[-1].number
    out = []
    for number, title, rng in found:
        page = stamps.get(number)
        end = None
        if page is not None:
            later = [s for s in starts if s > page]
            end = later[0] - 1 if later else last
        elif rng:
            page, end = pdf_page_of(doc, rng[0]), pdf_page_of(doc, rng[1])
        out.append(AgendaItem(number=number, title=title, page=page, page_end=end, printed=rng))
    return out


# ----------------------------------------------------------------------------------------- minutes

_KENT_ITEM = re.compile(r"^\s*\(Item\s+(\d{1,3}[a-z]?)\)\s*$", re.I)
_MINUTE_NO = re.compile(r"^\s*(\d{1,4})\.\s+(\S.*)$")
_HEADING_ITEM = re.compile(r"^\s*(\d{1,3})\.?\s+([A-Z(\"'][^\n]{1,150})$")
CLOSED = re.compile(r"^\s*\(?\s*(?:the\s+)?meeting\s+(?:closed|ended|finished)\b", re.I)
_PRESENT = re.compile(r"^\s*(?:present|members present|cabinet member present)\s*:?", re.I)
TALLY = re.compile(r"^\s*(For|Against|Abstain(?:ed|ing|ions)?)\s*[:(]\s*(\d{1,3})\s*\)?\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?]['\")*]*$")
STARS = re.compile(r"\*\*|__")


@dataclass
class Line:
    page: int
    text: str


@dataclass
class Region:
    lines: list[Line]
    meeting_date: str | None
    committee: str


def looks_heading(title: str, ratio: float = 0.6) -> bool:
    """A short title-cased line ('Work Programme and Outstanding Issues'), not a sentence."""
    title = STARS.sub("", title).strip()
    if not title or len(title) > 160 or title.startswith(("RESOLVED", "Resolved")) or title.endswith((":", ";", ",")) \
            or not title[:1].isupper() and not title[:1].isdigit():
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", title) if len(w) >= 4]
    if not words:
        return bool(re.match(r"[A-Z]", title)) and len(title) < 40
    caps = sum(1 for w in words if w[0].isupper())
    if sum(ch.isdigit() for ch in title) > len(title) / 3:
        return False
    return caps / len(words) >= ratio and not (SENTENCE_END.search(title) and len(title) > 90)


_CONNECTORS = {"of", "the", "and", "to", "for", "in", "on", "with", "a", "an", "or", "by", "at", "as"}


def sub_heading(text: str, next_line: str) -> bool:
    """A lettered sub-heading inside a minute ('b. Children's Services – COVID-19 context'), not a list entry."""
    words = text.split()
    return (looks_heading(text, 0.75) and len(text.strip()) <= 60 and bool(words)
            and words[-1].lower() not in _CONNECTORS and not next_line.strip()[:1].islower())


def minutes_body(text: str) -> str | None:
    """The body a set of minutes records, from its heading ('meeting of the Cabinet held …')."""
    head = " ".join(text[:800].split())
    m = re.search(r"minutes of (?:the|a) meeting of (?:the )?(.+?)\s+(?:held|on)\b", head, re.I)
    if m:
        return m.group(1).strip(" ,")
    first = next((l.strip() for l in text.splitlines() if l.strip()), "")
    m = re.match(r"^(.{4,80}?)\s*[–-]\s*\d{1,2}(?:st|nd|rd|th)?\s+\w+,?\s+\d{4}\s*$", first)
    if m and re.search(r"^\s*minutes of the meeting", text[:600], re.I | re.M):
        return m.group(1).title()
    return None


def _same_body(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", s.lower()))
    return norm(a) == norm(b) or norm(a) in norm(b) or norm(b) in norm(a)


def minutes_regions(doc: Document) -> list[Region]:
    """The parts of a document that are minutes, each with the date of the meeting it records."""
    pages = list(doc.pages)
    if not pages:
        return []
    meta = {"doc_type": doc.doc_type, "meeting_date": doc.meeting_date, "committee": doc.committee}
    segs = segments(pages, meta)
    bounds = [(s.page, s.line) for s in segs]
    out: list[Region] = []
    for i, seg in enumerate(segs):
        end = bounds[i + 1] if i + 1 < len(segs) else (10 ** 9, 0)
        lines = [Line(p.number, l) for p in pages for li, l in enumerate(p.text.splitlines())
                 if (seg.page, seg.line) <= (p.number, li) < end]
        if not lines:
            continue
        head = "\n".join(l.text for l in lines[:40])
        when, body = seg.meeting_date, None
        if seg.doc_type == "minutes":
            body = minutes_body(head)
        elif seg.doc_type in ("report", "agenda") and doc.doc_type == "pack" and i > 0:
            # a pack's minutes printed without a "Minutes of the meeting" heading: a date and "Present:" on top
            top = [l.text for l in lines[:12]]
            if not any(_PRESENT.match(t) for t in top):
                continue
            when = next((d for d in (parse_date(t) for t in top) if d), None)
            if when is None:
                continue
            body = next((t.strip() for t in top if t.strip() and not t.lower().startswith("agenda item")), None)
        else:
            continue
        committee = seg.committee if not body or _same_body(body, seg.committee) else body
        out.append(Region(lines=_until_closed(lines), meeting_date=when, committee=committee))
    return out


def _until_closed(lines: list[Line]) -> list[Line]:
    for i, l in enumerate(lines):
        if CLOSED.match(l.text):
            return lines[:i]
    return lines


@dataclass
class MinuteItem:
    number: str
    title: str
    head: int  # index of the item's first heading line
    start: int  # index of the first line of the item's body


def minute_items(lines: list[Line]) -> list[MinuteItem]:
    """Minute items: Kent-style 'N. Title / (Item M)', or Coventry-style 'N. Title' headings."""
    texts = [l.text for l in lines]
    kent = [i for i, t in enumerate(texts) if _KENT_ITEM.match(t)]
    items: list[MinuteItem] = []
    if kent:
        for j in kent:
            k, head, title_lines, number = j - 1, j, [], ""
            while k >= 0 and j - k <= 4:
                t = texts[k].strip()
                if not t or (title_lines and re.search(r"[.:;]$", t)) or TALLY.match(t):
                    break
                m = _MINUTE_NO.match(texts[k])
                title_lines.insert(0, m.group(2).strip() if m else t)
                head = k
                if m:
                    number = m.group(1)
                    break
                k -= 1
            number = number or _KENT_ITEM.match(texts[j]).group(1)
            items.append(MinuteItem(number=number, title=" ".join(title_lines)[:200], head=head, start=j + 1))
        return items
    current = 0
    for i, t in enumerate(texts):
        m = _HEADING_ITEM.match(t)
        if not m or not looks_heading(m.group(2)):
            continue
        n = int(m.group(1))
        if current and not (current <= n <= current + 20):
            continue
        title = STARS.sub("", m.group(2)).strip()
        nxt = i + 1
        # a title wrapped onto the next line ("… Employment\nand Training (NEET).")
        if nxt < len(texts) and texts[nxt].strip()[:1].islower() and len(texts[nxt]) < 100:
            title += " " + texts[nxt].strip()
            nxt += 1
        items.append(MinuteItem(number=str(n), title=title.rstrip(".")[:200], head=i, start=nxt))
        current = n
    return items
