"""Resolutions as first-class records: what a body resolved, agreed or decided, and how it voted.

The minutes (`minutes.py`) are read item by item: every `RESOLVED that …` with its
sub-resolutions, stand-alone "Agreed." decisions, recommendations to a Cabinet Member and
recorded votes ("For (39) / Against (19) / Abstain (0) / Motion carried"). A record of decision
gives its "Decision:" block. Each record carries the meeting date of the minutes (not of the
pack), its item and its page, so it can be cited without looking anything up.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..records import Document
from .minutes import (
    CLOSED,
    SENTENCE_END,
    STARS,
    TALLY,
    Line,
    MinuteItem,
    Region,
    minute_items,
    minutes_regions,
    printed_pages,
    sub_heading,
)

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


_RESOLVED = re.compile(r"^\s*(?P<prefix>\(\d{1,3}\)|\d{1,3}\)|\d{1,3}\.)?\s*(?P<body>(?:RESOLVED|Resolved)\b.*)$")
_MARKER = re.compile(r"^\s*(?:\(?(?P<n>\d{1,3})[.)]|\((?P<pn>\d{1,3})\)|\(?(?P<a>[a-zA-Z]|[ivx]{1,4})[.)]|[•●▪◦\-–*])\s+")
_NUMBERED = re.compile(r"^\s*(?P<prefix>\(\d{1,3}\)|\d{1,3}\)|\d{1,3}\.)\s+\S")
_OUTCOME = re.compile(r"^\s*(?:(?:the\s+)?(?:substantive\s+)?(?:motion|amendment|recommendations?)\s+(?:was\s+)?)?"
                      r"(carried|lost|agreed|fell|defeated|approved)(?:\s+unanimously)?\s*\.?\s*$", re.I)
_AGREED = re.compile(r"^\s*(?:Agreed|Carried)(?:\s+unanimously)?\s*\.?\s*$", re.I)
_AGREED_PARA = re.compile(r"^\s*(?:It was )?agreed (?:that|to)\b", re.I)
_RECOMMEND = re.compile(r"^\s*(?:The |That the )?(?:Scrutiny )?(?:Board|Committee|Panel|Cabinet Committee|Sub-Committee)"
                        r"\s+(?:agreed to\s+)?recommend(?:ed|s)?\s+(?:to|that)\b", re.I)
_MAX_TEXT = 4000


def _clean(text: str) -> str:
    text = STARS.sub("", text)
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

    def __init__(self, region: Region, item: MinuteItem, lines: list[Line], doc: Document, printed: dict[int, int]):
        self.region, self.item, self.lines, self.doc, self.printed = region, item, lines, doc, printed
        self.out: list[Resolution] = []
        self.paragraph: list[Line] = []  # the paragraph read so far (reset at blank lines and markers)
        self.last: list[Line] = []  # the paragraph before a blank line (a vote's "put to the vote" line)
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
            if TALLY.match(t) and TALLY.match(t).group(1).lower() == "for":
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
            starts = bool(key) or not self.paragraph or (SENTENCE_END.search(self.paragraph[-1].text.strip())
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
            if not t or _numbered_key(t) or _RESOLVED.match(t) or TALLY.match(t) or \
                    (SENTENCE_END.search(self.lines[j - 1].text.strip()) and t[:1].isupper()):
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
            if _RESOLVED.match(t) or TALLY.match(t) or CLOSED.match(t):
                break
            key = _numbered_key(t)
            if prefix and key and key[0] == prefix[0] and key[1] > prefix[1]:
                break  # the next numbered paragraph of the minute
            m = _MARKER.match(t)
            if m and m.group("a") and sub_heading(t[m.end():], lines[j + 1].text if j + 1 < len(lines) else "") and not prev.endswith(":"):
                break  # a sub-heading of the minute ("b. Children's Services – COVID-19 context")
            if not t:
                if not is_list:
                    break
                j += 1
                continue
            if re.match(r"^In accordance with\b", t):
                break
            if not is_list and SENTENCE_END.search(STARS.sub("", prev)) and t[:1].isupper() and not m:
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
            m = TALLY.match(t)
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


def _last_text(lines: list[Line], j: int) -> str:
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
    lines = [Line(p.number, l) for p in doc.pages for l in p.text.splitlines()]
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
        items = minute_items(region.lines)
        first = items[0].head if items else len(region.lines)
        if first > 0:
            # business before the first numbered item (electing a chair for the meeting)
            items.insert(0, MinuteItem(number="", title="", head=0, start=0))
        for n, item in enumerate(items):
            end = items[n + 1].head if n + 1 < len(items) else len(region.lines)
            out.extend(_Reader(region, item, region.lines[item.start:max(item.start, end)], doc, printed).read())
    return out
