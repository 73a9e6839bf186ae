"""Meetings and resolutions as first-class records: what a body resolved, agreed or decided.

A set of minutes (on its own, or inside the pack of the *next* meeting) is read item by item:
every `RESOLVED that …` with its sub-resolutions, stand-alone "Agreed." decisions, recommendations
to a Cabinet Member and recorded votes ("For (39) / Against (19) / Abstain (0) / Motion carried").
A record of decision gives its "Decision:" block. Each record carries the meeting date of the
minutes (not of the pack), its item and its page, so it can be cited without looking anything up.

Also here: a document's agenda items with their page ranges, and printed page numbers mapped to
PDF pages ("pack page 23 (PDF page 26)").
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import numpy as np

from .records import Document, Page
from .structure import parse_date, segments

KINDS = ("resolved", "agreed", "recommendation", "decision", "proposed decision", "vote")


@dataclass(frozen=True)
class Resolution:
    """One decision of a body at one meeting, with everything a citation needs."""

    text: str
    committee: str
    meeting_date: str | None  # ISO date of the meeting that decided (minutes: the earlier meeting)
    item: str  # minute number ("29", "292") or agenda item / decision number
    item_title: str
    source: str
    page: int  # 1-based PDF page where the record starts
    votes: dict | None = None  # {"for": 39, "against": 19, "abstain": 0, "outcome": "carried"}
    kind: str = "resolved"  # one of KINDS
    printed_page: int | None = None  # the page's own "Page N" stamp

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Resolution":
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})

    def public(self) -> dict:
        """The fields `boardqa resolutions --json` prints."""
        return {k: getattr(self, k) for k in ("text", "committee", "meeting_date", "item", "item_title",
                                             "source", "page", "votes")}


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

_RESOLVED = re.compile(r"^\s*(?P<prefix>\(\d{1,3}\)|\d{1,3}\)|\d{1,3}\.)?\s*(?P<body>(?:RESOLVED|Resolved)\b.*)$")
_MARKER = re.compile(r"^\s*(?:\(?(?P<n>\d{1,3})[.)]|\((?P<pn>\d{1,3})\)|\(?(?P<a>[a-zA-Z]|[ivx]{1,4})[.)]|[•●▪◦\-–*])\s+")
_NUMBERED = re.compile(r"^\s*(?P<prefix>\(\d{1,3}\)|\d{1,3}\)|\d{1,3}\.)\s+\S")
_KENT_ITEM = re.compile(r"^\s*\(Item\s+(\d{1,3}[a-z]?)\)\s*$", re.I)
_MINUTE_NO = re.compile(r"^\s*(\d{1,4})\.\s+(\S.*)$")
_HEADING_ITEM = re.compile(r"^\s*(\d{1,3})\.?\s+([A-Z(\"'][^\n]{1,150})$")
_CLOSED = re.compile(r"^\s*\(?\s*(?:the\s+)?meeting\s+(?:closed|ended|finished)\b", re.I)
_TALLY = re.compile(r"^\s*(For|Against|Abstain(?:ed|ing|ions)?)\s*[:(]\s*(\d{1,3})\s*\)?\s*$", re.I)
_OUTCOME = re.compile(r"^\s*(?:(?:the\s+)?(?:substantive\s+)?(?:motion|amendment|recommendations?)\s+(?:was\s+)?)?"
                      r"(carried|lost|agreed|fell|defeated|approved)(?:\s+unanimously)?\s*\.?\s*$", re.I)
_AGREED = re.compile(r"^\s*(?:Agreed|Carried)(?:\s+unanimously)?\s*\.?\s*$", re.I)
_AGREED_PARA = re.compile(r"^\s*(?:It was )?agreed (?:that|to)\b", re.I)
_RECOMMEND = re.compile(r"^\s*(?:The |That the )?(?:Scrutiny )?(?:Board|Committee|Panel|Cabinet Committee|Sub-Committee)"
                        r"\s+(?:agreed to\s+)?recommend(?:ed|s)?\s+(?:to|that)\b", re.I)
_PRESENT = re.compile(r"^\s*(?:present|members present|cabinet member present)\s*:?", re.I)
_STARS = re.compile(r"\*\*|__")
_SENTENCE_END = re.compile(r"[.!?]['\")*]*$")
_MAX_TEXT = 4000


@dataclass
class _Line:
    page: int
    text: str


@dataclass
class _Region:
    lines: list[_Line]
    meeting_date: str | None
    committee: str


def _looks_heading(title: str, ratio: float = 0.6) -> bool:
    """A short title-cased line ('Work Programme and Outstanding Issues'), not a sentence."""
    title = _STARS.sub("", title).strip()
    if not title or len(title) > 160 or title.startswith(("RESOLVED", "Resolved")) or title.endswith((":", ";", ",")) \
            or not title[:1].isupper() and not title[:1].isdigit():
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", title) if len(w) >= 4]
    if not words:
        return bool(re.match(r"[A-Z]", title)) and len(title) < 40
    caps = sum(1 for w in words if w[0].isupper())
    if sum(ch.isdigit() for ch in title) > len(title) / 3:
        return False
    return caps / len(words) >= ratio and not (_SENTENCE_END.search(title) and len(title) > 90)


_CONNECTORS = {"of", "the", "and", "to", "for", "in", "on", "with", "a", "an", "or", "by", "at", "as"}


def _sub_heading(text: str, next_line: str) -> bool:
    """A lettered sub-heading inside a minute ('b. Children's Services – COVID-19 context'), not a list entry."""
    words = text.split()
    return (_looks_heading(text, 0.75) and len(text.strip()) <= 60 and bool(words)
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


def minutes_regions(doc: Document) -> list[_Region]:
    """The parts of a document that are minutes, each with the date of the meeting it records."""
    pages = list(doc.pages)
    if not pages:
        return []
    meta = {"doc_type": doc.doc_type, "meeting_date": doc.meeting_date, "committee": doc.committee}
    segs = segments(pages, meta)
    bounds = [(s.page, s.line) for s in segs]
    out: list[_Region] = []
    for i, seg in enumerate(segs):
        end = bounds[i + 1] if i + 1 < len(segs) else (10 ** 9, 0)
        lines = [_Line(p.number, l) for p in pages for li, l in enumerate(p.text.splitlines())
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
        out.append(_Region(lines=_until_closed(lines), meeting_date=when, committee=committee))
    return out


def _until_closed(lines: list[_Line]) -> list[_Line]:
    for i, l in enumerate(lines):
        if _CLOSED.match(l.text):
            return lines[:i]
    return lines


@dataclass
class _Item:
    number: str
    title: str
    head: int  # index of the item's first heading line
    start: int  # index of the first line of the item's body


def _items(lines: list[_Line]) -> list[_Item]:
    """Minute items: Kent-style 'N. Title / (Item M)', or Coventry-style 'N. Title' headings."""
    texts = [l.text for l in lines]
    kent = [i for i, t in enumerate(texts) if _KENT_ITEM.match(t)]
    items: list[_Item] = []
    if kent:
        for j in kent:
            k, head, title_lines, number = j - 1, j, [], ""
            while k >= 0 and j - k <= 4:
                t = texts[k].strip()
                if not t or (title_lines and re.search(r"[.:;]$", t)) or _TALLY.match(t):
                    break
                m = _MINUTE_NO.match(texts[k])
                title_lines.insert(0, m.group(2).strip() if m else t)
                head = k
                if m:
                    number = m.group(1)
                    break
                k -= 1
            number = number or _KENT_ITEM.match(texts[j]).group(1)
            items.append(_Item(number=number, title=" ".join(title_lines)[:200], head=head, start=j + 1))
        return items
    current = 0
    for i, t in enumerate(texts):
        m = _HEADING_ITEM.match(t)
        if not m or not _looks_heading(m.group(2)):
            continue
        n = int(m.group(1))
        if current and not (current <= n <= current + 20):
            continue
        title = _STARS.sub("", m.group(2)).strip()
        nxt = i + 1
        # a title wrapped onto the next line ("… Employment\nand Training (NEET).")
        if nxt < len(texts) and texts[nxt].strip()[:1].islower() and len(texts[nxt]) < 100:
            title += " " + texts[nxt].strip()
            nxt += 1
        items.append(_Item(number=str(n), title=title.rstrip(".")[:200], head=i, start=nxt))
        current = n
    return items


def _clean(text: str) -> str:
    text = _STARS.sub("", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:_MAX_TEXT]


def _prefix_key(prefix: str | None) -> tuple[str, int] | None:
    if not prefix:
        return None
    n = int(re.sub(r"\D", "", prefix))
    style = "(n)" if prefix.startswith("(") else ("n)" if prefix.endswith(")") else "n.")
    return style, n


def _numbered_key(line: str) -> tuple[str, int] | None:
    m = _NUMBERED.match(line)
    return _prefix_key(m.group("prefix")) if m else None


class _Reader:
    """Walks one item's lines, emitting records."""

    def __init__(self, region: _Region, item: _Item, lines: list[_Line], doc: Document, printed: dict[int, int]):
        self.region, self.item, self.lines, self.doc, self.printed = region, item, lines, doc, printed
        self.out: list[Resolution] = []
        self.paragraph: list[_Line] = []  # the paragraph read so far (reset at blank lines and markers)
        self.last: list[_Line] = []  # the paragraph before a blank line (a vote's "put to the vote" line)
        self.numbered: dict[int, str] = {}  # "2) Mr X proposed …" paragraphs by number, for "paragraph 2"
        self.pending: tuple[dict, str, int] | None = None  # a finished vote not yet given to a resolution

    def emit(self, text: str, page: int, kind: str, votes: dict | None = None) -> None:
        text = _clean(text)
        if not text:
            return
        self.out.append(Resolution(text=text, committee=self.region.committee, meeting_date=self.region.meeting_date,
                                   item=self.item.number, item_title=_clean(self.item.title), source=self.doc.source,
                                   page=page, votes=votes, kind=kind, printed_page=self.printed.get(page)))

    def flush_vote(self) -> None:
        if self.pending:
            votes, text, page = self.pending
            self.emit(text, page, "vote", votes)
            self.pending = None

    def read(self) -> list[Resolution]:
        lines, i = self.lines, 0
        num_key, num_text = None, []
        style = next((k[0] for k in map(_numbered_key, (l.text for l in lines)) if k), None)
        while i < len(lines):
            line = lines[i]
            t = line.text.strip()
            key = _numbered_key(line.text)
            if key and key[0] != style:
                key = None  # a list inside a paragraph ("1. Note …" in a quoted motion)
            if key:
                if num_key:
                    self.numbered[num_key[1]] = "\n".join(num_text)
                num_key, num_text = key, []
            if num_key:
                num_text.append(t)
            m = _RESOLVED.match(line.text)
            if m:
                end = self._resolution_end(i, _prefix_key(m.group("prefix")))
                body = "\n".join([m.group("body").strip()] + [l.text.strip() for l in lines[i + 1:end]])
                votes = None
                if self.pending and self.pending[0].get("outcome") == "carried":
                    votes = self.pending[0]
                    self.pending = None
                self.flush_vote()
                self.emit(body, line.page, "resolved", votes)
                if num_key:
                    num_text.extend(l.text.strip() for l in lines[i + 1:end])
                i, self.paragraph = end, []
                continue
            if _TALLY.match(t) and _TALLY.match(t).group(1).lower() == "for":
                i = self._read_tally(i)
                continue
            if not t:
                if self.paragraph:
                    self.last = self.paragraph
                self.paragraph = []
                i += 1
                continue
            if _AGREED.match(t) and self.paragraph:
                self.emit("\n".join(l.text.strip() for l in self.paragraph) + "\n" + t, self.paragraph[0].page, "agreed")
                self.paragraph = []
                i += 1
                continue
            starts = bool(key) or not self.paragraph or (_SENTENCE_END.search(self.paragraph[-1].text.strip())
                                                          and t[:1].isupper())
            if starts:
                body = re.sub(r"^\s*(?:\(\d{1,3}\)|\d{1,3}[.)])\s+", "", t)
                if _AGREED_PARA.match(body) or _RECOMMEND.match(body):
                    end = self._paragraph_end(i)
                    kind = "recommendation" if _RECOMMEND.match(body) else "agreed"
                    self.emit("\n".join(l.text.strip() for l in lines[i:end]), line.page, kind)
                    i, self.paragraph = end, []
                    continue
                self.paragraph = [line]
            else:
                self.paragraph.append(line)
            i += 1
        self.flush_vote()
        return self.out

    def _paragraph_end(self, i: int) -> int:
        j = i + 1
        while j < len(self.lines):
            t = self.lines[j].text.strip()
            if not t or _numbered_key(t) or _RESOLVED.match(t) or _TALLY.match(t) or \
                    (_SENTENCE_END.search(self.lines[j - 1].text.strip()) and t[:1].isupper()):
                break
            j += 1
        return j

    def _resolution_end(self, i: int, prefix: tuple[str, int] | None) -> int:
        """Where a resolution that starts at line i ends: its text runs on across lines and pages."""
        lines = self.lines
        first = lines[i].text.strip()
        nxt = next((l.text for l in lines[i + 1:] if l.text.strip()), "")
        is_list = first.endswith((":", "-", "–")) or bool(_MARKER.match(nxt))
        j = i + 1
        while j < len(lines):
            t = lines[j].text.strip()
            prev = lines[j - 1].text.strip()
            if _RESOLVED.match(t) or _TALLY.match(t) or _CLOSED.match(t):
                break
            key = _numbered_key(t)
            if prefix and key and key[0] == prefix[0] and key[1] > prefix[1]:
                break  # the next numbered paragraph of the minute
            m = _MARKER.match(t)
            if m and m.group("a") and _sub_heading(t[m.end():], lines[j + 1].text if j + 1 < len(lines) else "") and not prev.endswith(":"):
                break  # a sub-heading of the minute ("b. Children's Services – COVID-19 context")
            if not t:
                if not is_list:
                    break
                j += 1
                continue
            if re.match(r"^In accordance with\b", t):
                break
            if not is_list and _SENTENCE_END.search(_STARS.sub("", prev)) and t[:1].isupper() and not m:
                break  # a new paragraph after a finished sentence
            if is_list and not prefix and not m and not lines[j - 1].text.strip() and \
                    not re.search(r"[:;]$|\b(?:and|or)$", _last_text(lines, j)):
                break  # a plain paragraph after the list has ended
            j += 1
        while j > i + 1 and not lines[j - 1].text.strip():
            j -= 1
        return j

    def _read_tally(self, i: int) -> int:
        """Read 'For (n) … Against (n) … Abstain (n) … Motion carried' from line i; returns the next line."""
        lines = self.lines
        votes: dict = {"for": None, "against": None, "abstain": None, "outcome": None}
        para = self.paragraph or self.last
        intro = "\n".join(l.text.strip() for l in para)
        page = para[0].page if para else lines[i].page
        j, outcome_line = i, ""
        while j < len(lines):
            t = lines[j].text.strip()
            m = _TALLY.match(t)
            if m:
                key = m.group(1).lower()
                votes["abstain" if key.startswith("abstain") else key] = int(m.group(2))
            elif _OUTCOME.match(t):
                word = _OUTCOME.match(t).group(1).lower()
                votes["outcome"] = "carried" if word in ("carried", "agreed", "approved") else "lost"
                outcome_line = t
                j += 1
                break
            elif _RESOLVED.match(t) or _numbered_key(t) or j - i > 60:
                break
            j += 1
        if votes["outcome"] is None and votes["for"] is not None and votes["against"] is not None:
            votes["outcome"] = "carried" if votes["for"] > votes["against"] else "lost"
        ref = re.search(r"\bparagraph\s+(\d{1,3})\b", intro)
        what = self.numbered.get(int(ref.group(1))) if ref else None
        outcome = (outcome_line or (votes["outcome"] or "")).rstrip(".").strip()
        text = f"{outcome}: {what or intro}".strip(": ")[:1500]
        self.flush_vote()
        self.pending = (votes, text, page)
        self.paragraph, self.last = [], []
        return j


def _last_text(lines: list[_Line], j: int) -> str:
    k = j - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    return lines[k].text.strip() if k >= 0 else ""


# ----------------------------------------------------------------------------------------- decisions

_DECISION_HEAD = re.compile(r"\b(proposed\s+)?record of decision\b", re.I)


def decision_notice(doc: Document, printed: dict[int, int]) -> list[Resolution]:
    """The 'Decision:' block of a record of decision (or a proposed one)."""
    if not doc.pages:
        return []
    first = doc.pages[0].text
    head = _DECISION_HEAD.search(first[:400])
    if not head:
        return []
    lines = [_Line(p.number, l) for p in doc.pages for l in p.text.splitlines()]
    texts = [l.text.strip() for l in lines]
    start = next((i for i, t in enumerate(texts) if re.match(r"^Decision\s*:", t, re.I)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(texts)) if re.match(r"^Reasons?(?:\(s\))?\s+for\s+(?:the\s+)?decision", texts[i], re.I)),
               min(len(texts), start + 60))
    body = "\n".join(texts[start:end])
    body = re.sub(r"^Decision\s*:\s*", "", body, flags=re.I)
    who = _after(texts, r"^DECISION TO BE TAKEN BY\s*:?")
    number = _after(texts, r"^DECISION NUMBER\s*:?")
    title = _after(texts, r"^Subject Matter\s*/?\s*Title of Decision\s*:?")
    kind = "proposed decision" if head.group(1) else "decision"
    return [Resolution(text=_clean(body), committee=who or doc.committee, meeting_date=doc.meeting_date,
                       item=number or "", item_title=title or doc.title, source=doc.source, page=lines[start].page,
                       kind=kind, printed_page=printed.get(lines[start].page))]


def _after(texts: list[str], label: str) -> str:
    """The value written on a labelled line, or on the line after it."""
    for i, t in enumerate(texts):
        m = re.match(label, t, re.I)
        if m:
            rest = t[m.end():].strip()
            if rest:
                return rest
            k = next((k for k in range(i + 1, min(i + 3, len(texts))) if texts[k]), None)
            if k is None:
                return ""
            value = texts[k]
            # a value wrapped onto a second short line ("… Cabinet Member for Integrated Children's / Services")
            if k + 1 < len(texts) and texts[k + 1] and ":" not in texts[k + 1] and len(texts[k + 1]) < 40:
                value += " " + texts[k + 1]
            return value
    return ""


# ----------------------------------------------------------------------------------------- extract

def extract(doc: Document) -> list[Resolution]:
    """Every resolution, decision and recorded vote in a document, in reading order."""
    printed = printed_pages(doc)
    out = decision_notice(doc, printed)
    if out:
        return out
    for region in minutes_regions(doc):
        items = _items(region.lines)
        first = items[0].head if items else len(region.lines)
        if first > 0:
            # business before the first numbered item (electing a chair for the meeting)
            items.insert(0, _Item(number="", title="", head=0, start=0))
        for n, item in enumerate(items):
            end = items[n + 1].head if n + 1 < len(items) else len(region.lines)
            out.extend(_Reader(region, item, region.lines[item.start:max(item.start, end)], doc, printed).read())
    return out


# ----------------------------------------------------------------------------------------- search

def filter_records(records: list[Resolution], committee: str | None = None, date_from: str | None = None,
                   date_to: str | None = None) -> list[Resolution]:
    """Records of a body (substring, any case) within a date range, in date order."""
    out = [r for r in records
           if (not committee or committee.lower() in r.committee.lower())
           and (not date_from or (r.meeting_date or "") >= date_from)
           and (not date_to or (r.meeting_date or "9999") <= date_to)]
    return sorted(out, key=lambda r: (r.meeting_date or "", r.source, r.page))


def _record_text(r: Resolution) -> str:
    return f"{r.committee} › {r.item_title}\n{r.text}"


_CACHE: dict[tuple, tuple] = {}


def search_resolutions(index, embedder, query: str | None, committee: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, k: int = 10, dense_weight: float = 0.6,
                       query_vec: np.ndarray | None = None) -> list[Resolution]:
    """The records most relevant to a query (hybrid: cosine on embeddings + BM25), or all in date order.

    Args:
        index: an open `store.Index` (or anything with `.resolutions()`), or a list of records.
        embedder: an `embed.Embedder` (any object with `embed(texts)` returning normalised rows).
        query: words to rank by; None or empty lists every record that passes the filters by date.
        k: how many to return when ranking (all when listing).
        query_vec: the query's embedding, when the caller has it already.
    """
    from .lexical import BM25

    records = index if isinstance(index, list) else index.resolutions()
    records = filter_records(records, committee, date_from, date_to)
    if not query or not query.strip() or not records:
        return records
    texts = [_record_text(r) for r in records]
    key = (getattr(embedder, "name", id(embedder)), tuple(texts))
    cached = _CACHE.get(key)
    if cached is None:
        cached = (np.asarray(embedder.embed(texts), dtype="float32"), BM25.fit(texts))
        _CACHE.clear()  # one corpus at a time: records are few, vectors cheap to redo
        _CACHE[key] = cached
    vecs, bm25 = cached
    qvec = np.asarray(query_vec if query_vec is not None else embedder.embed([query])[0], dtype="float32")
    dense = vecs @ qvec
    lex = bm25.scores(query)
    lex = lex / lex.max() if lex.max() > 0 else lex
    score = dense_weight * dense + (1 - dense_weight) * lex
    order = np.argsort(-score, kind="stable")[:k]
    return [records[i] for i in order]
