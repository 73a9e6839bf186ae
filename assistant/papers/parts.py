"""The parts of a pack, read from the signals its papers carry: front sheet, minutes, reports, notes, appendices.

A published pack holds the agenda front sheet, the minutes of an *earlier* meeting, then briefing
notes, reports and appendices, each with its own title and author. A part starts where a paper
says so: an "Agenda Item N" stamp, "Minutes of the Meeting of … held … on DATE", "Briefing note",
"Public report", a "To: … Subject:" block, a lone "Appendix A" line; and where a paper's sign-off
("Contact details: …", "Report author(s)") is followed by more text, the next agenda item starts.
The front sheet's numbered items give each part its item number, author and, where the paper
itself has no heading, its title and type. Parts may start mid-page (pypdf's pages of a pack put
the end of one paper and the start of the next together).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from ..records import Page
from ..text.bodies import UNKNOWN, canonical, display
from ..text.normalise import long_date
from .structure import minutes_date, parse_date

_MINUTES_HEAD = re.compile(r"^\s*(?:[A-Z][A-Za-z ]{0,40}Council\s+)?minutes\s+of\s+(?:the|a)\s+(?:meeting|special|extraordinary)", re.I)
_CLOSED = re.compile(r"^\s*\(?meeting closed at\b", re.I)  # the end of a set of minutes
_PERSON = re.compile(r"^\s*(?:[A-Z][a-z]+\s+){1,2}[A-Z][a-z]+,|\d{3,4}\s?\d{3,4}")  # "Nicky Hale, Interim Head…", a phone
_KENT_MINUTES = re.compile(r"^\s*MINUTES of (?:the|a) meeting\b")  # "CORPORATE PARENTING PANEL – date" above it
_STAMP = re.compile(r"^\s*Agenda Item\s+(\d{1,3}[a-z]?)\s*$", re.I)
_BRIEFING = re.compile(r"^\s*briefing note\s*$", re.I)
_PUBLIC = re.compile(r"^\s*(?:public report|cabinet member report|council report)\b", re.I)
_TO = re.compile(r"^\s*To\s*:\s*\S", re.I)
_FROM = re.compile(r"^\s*From\s*:\s*\S", re.I)
_SUBJECT = re.compile(r"^\s*(?:subject|title)\s*:\s*(.*)$", re.I)
_APPENDIX = re.compile(r"^\s*(?:appendix|annex|annexe)\s+([A-Z0-9]{1,3})(?:\s*[:–—\-]\s*(\S.{0,90}))?\s*$", re.I)
_SIGN_OFF = re.compile(r"^\s*(?:contact details|report author\(?s?\)?|authors?)(?![a-z])\s*:?", re.I)  # not "authority …"
# the last line of a report's sign-off block (its authors, contributors and approvers table): the next
# paper starts after it, not at the first long line of the table ("Enquiries should be directed to …")
_PUBLISHED = re.compile(r"^\s*this report is published on\b", re.I)
SIGN_BLOCK = 60  # lines: a sign-off block ends with _PUBLISHED within this many lines, or not at all
_CONTACT = re.compile(r"@|\btel\b|telephone|\(024\)|job title|^\s*name\s*:?|^\s*contact", re.I)
_AGENDA_ITEM = re.compile(r"(?:^|\s|(?<=[a-z]))(\d{1,2})\.\s+([A-Z][^\n]*?)(?=\s*(?<![\d.])\d{1,2}\.\s+[A-Z]|\s*\n|$)")
_PAGES = re.compile(r"\(Pages?\s+[\d\s\-–]+\)")
_AUTHOR = re.compile(r"\b(Briefing Note|Report)s?\s+of\s+(?:the\s+)?(.+?)(?=\s+\d{1,2}\.\s+[A-Z]|\s*$)", re.I)
_DIRECTOR = re.compile(r"^\s*(?:Director (?:Approving Submission of the report|approving the report)\s*:?\s*(.*)|"
                       r"Report of (?:the\s+)?(.+))$", re.I)
PART_TYPES = ("agenda", "minutes", "report", "briefing note", "appendix", "questions", "decision", "amendment")
_MERGE_LINES = 4  # a second signal this close after a part's start is the same heading ("Agenda Item 4" / "Public report")
_SEGMENTED = ("pack", "report", "agenda", "briefing note")  # what may hold more than one paper


@dataclass(frozen=True)
class Segment:
    """A part of a document, from a line of one page to before the next part starts."""

    page: int
    line: int
    doc_type: str
    title: str
    meeting_date: str | None
    committee: str
    item: str = ""  # agenda item number, from a stamp or the front sheet
    author: str = ""  # "Deputy Chief Executive (People)", from the front sheet or the paper


@dataclass(frozen=True)
class Part:
    """A paper within a document: what it is, whose meeting it belongs to and where it lies."""

    title: str  # display title: "Libraries Update — briefing note, Board (2), 9 January 2020"
    doc_type: str
    meeting_date: str | None
    committee: str
    first_page: int
    last_page: int
    printed_first: int | None
    printed_last: int | None
    item: str = ""
    author: str = ""
    name: str = ""  # the paper's own title ("Libraries Update")

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AgendaItem:
    number: str
    title: str
    author: str
    papers: bool  # the front sheet gives it pages: a paper of its own follows


def agenda_items(front: str) -> list[AgendaItem]:
    """The numbered items of a front sheet, with their "Briefing Note of …"/"Report of …" author."""
    text = front.split("Private Business")[0]
    found = list(_AGENDA_ITEM.finditer(text))
    out = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        body = text[m.start(2):end]
        title = _PAGES.split(m.group(2))[0].strip(" -–")
        author = _AUTHOR.search(body[len(m.group(2)):]) or _AUTHOR.search(text[m.end():end])
        papers = bool(_PAGES.search(body[:200]))
        who = author.group(2).strip() if author else ""
        if author and author.group(1).lower().startswith("briefing"):
            who = "briefing note:" + who
        out.append(AgendaItem(m.group(1), title[:120], who, papers))
    # a number that goes back is a numbered paragraph of the notes, not an item
    keep, top = [], 0
    for a in out:
        if int(a.number) > top:
            keep.append(a)
            top = int(a.number)
    return keep


def _hint(item: AgendaItem | None) -> str:
    if item is None:
        return ""
    if re.match(r"minutes\b", item.title, re.I):
        return "minutes"
    if item.author.startswith("briefing note:"):
        return "briefing note"
    return "report" if item.papers else ""


def _signal(lines: list[str], i: int) -> tuple[str, int] | None:
    """(kind, start line) when a part starts at line i; kind "" is an agenda stamp whose type is read later."""
    line = lines[i]
    if _STAMP.match(line):
        return "", i
    if _MINUTES_HEAD.match(line) or _KENT_MINUTES.match(line):
        start = i - 1 if i and _KENT_MINUTES.match(line) and parse_date(lines[i - 1]) else i
        return "minutes", start
    if _BRIEFING.match(line):
        return "briefing note", i - 1 if i and re.match(r"\s*\w+ (?:city|county|borough) council\s*$", lines[i - 1], re.I) else i
    if _PUBLIC.match(line) and i <= 6:
        return "report", i
    if _TO.match(line) and any(_SUBJECT.match(l) for l in lines[i + 1:i + 4]):
        back = [j for j in range(max(0, i - 5), i) if _FROM.match(lines[j])]
        return ("report", back[0]) if back else ("briefing note", i)
    m = _APPENDIX.match(line)
    if m and not (m.group(2) or "").endswith((",", "and", "of")):
        near = [l for l in lines[max(0, i - 1):i] + lines[i + 1:i + 2] if l.strip()]
        if not any(_APPENDIX.match(l) or re.match(r"\s*(?:appendix|annex)\b", l, re.I) for l in near):
            return "appendix", i
    return None


def segments(pages: list[Page], meta: dict) -> list[Segment]:
    """Where each part of a document starts, with the part's type, title, meeting date and item."""
    first = pages[0].number if pages else 1
    kind0 = "agenda" if meta["doc_type"] == "pack" else meta["doc_type"]
    base = Segment(page=first, line=0, doc_type=kind0, title="", meeting_date=meta["meeting_date"],
                   committee=meta["committee"])
    if meta["doc_type"] not in _SEGMENTED or not pages:
        return [base]
    found = _starts(pages, meta)
    items = agenda_items(pages[0].text) if meta["doc_type"] in ("pack", "agenda") else []
    by_number = {a.number: a for a in items}
    stamped = {f[4] for f in found if f[4]}
    # papers in the front sheet's order; a stamped one is found by its stamp, not by its place
    queue = [a for a in items if a.papers and a.number not in stamped]
    out = [base]
    paper = ""  # the title of the paper an appendix belongs to
    for page, line, kind, head, stamp in found:
        item: AgendaItem | None = None
        if stamp:
            item = by_number.get(stamp)
        elif kind != "appendix" and queue and (kind or not stamped):
            item = queue.pop(0)
        elif not kind:
            if out[-1].doc_type == "appendix":
                continue  # more of the appendix after a sign-off inside it
            kind = "appendix"  # text after a paper's sign-off, with no agenda item left: what is attached to it
        kind = kind or _hint(item) or "report"
        when, body = meta["meeting_date"], meta["committee"]
        window = "\n".join(head[:8])
        if kind == "minutes":
            when = minutes_date(window) or parse_date(window) or when
            body = _minutes_body(head) or body
        title = _title(kind, head, item)
        if kind == "minutes" and body and display(body) != UNKNOWN:
            title = f"Minutes of {display(body)}"
        if kind == "appendix" and not any(_APPENDIX.match(l) for l in head[:3]):
            title = f"Appendix to {paper}" if paper else "Appendix"  # attached after a paper's sign-off
        elif kind != "appendix":
            paper = title
        author = _author(head) or (item.author.split(":", 1)[-1] if item else "")
        seg = Segment(page=page, line=line, doc_type=kind, title=title, meeting_date=when, committee=body,
                      item=item.number if item else stamp, author=author)
        if (page, line) <= (first, 2) and len(out) == 1 and kind0 != "agenda":
            out[0] = replace(seg, doc_type=kind0 if kind0 != "report" else kind)  # the document's own heading
        else:
            out.append(seg)
    return out


def _starts(pages: list[Page], meta: dict) -> list[tuple[int, int, str, list[str], str]]:
    """(page, line, kind, the lines from there, stamp) of every signal that a paper starts."""
    first = pages[0].number
    found: list[tuple[int, int, str, list[str], str]] = []
    ended = False  # a sign-off (or "Meeting closed") was read: more prose after it is the next paper
    in_minutes = False
    flat = [line for page in pages for line in page.text.splitlines()]
    # a paper with no heading but its agenda title ("Scrutiny Work Programme 2015/16" for item 8
    # "Work Programme") starts where that title stands as a line of its own
    named = [(_titled(a.title), a.number) for a in (agenda_items(pages[0].text) if meta["doc_type"] == "pack" else [])
             if a.papers and len(a.title.split()) >= 2]
    at, quiet_until = -1, -1  # the line read, counted through the whole document; the sign-off block's end
    for page in pages:
        lines = page.text.splitlines()
        for i, line in enumerate(lines):
            at += 1
            if not line.strip() or (page.number == first and not found and meta["doc_type"] == "pack"
                                    and not _MINUTES_HEAD.match(line)):
                continue  # the front sheet's own lines ("Briefing Note of …") start nothing
            sig = _signal(lines, i)
            titled = ""  # the agenda item whose title this line is
            if sig is None and not in_minutes and page.number != first:
                hit = next((t for t in named if t[0].match(line)), None)
                if hit is not None:
                    named.remove(hit)
                    sig, titled = ("", i), hit[1]
            if sig is not None and in_minutes and sig[0] in ("appendix", "report") and not _STAMP.match(line):
                sig = None  # inside minutes only a new paper's heading ends them
            if sig is None and ended and meta["doc_type"] == "pack" and len(line.strip()) > 20 and at > quiet_until \
                    and not (_CONTACT.search(line) or _SIGN_OFF.match(line) or _PERSON.search(line)):
                sig = ("", i)  # a paper with no heading of its own (a work programme) after a sign-off
            if _SIGN_OFF.match(line) or _CLOSED.match(line):
                ended = True
                ahead = next((k for k in range(at + 1, min(len(flat), at + SIGN_BLOCK)) if _PUBLISHED.match(flat[k])), at)
                quiet_until = ahead if _SIGN_OFF.match(line) else at
                in_minutes = in_minutes and not _CLOSED.match(line)  # "(Meeting closed at 12.40 pm)"
                continue
            if sig is None:
                continue
            ended = False
            kind, start = sig
            in_minutes = kind == "minutes" or (in_minutes and not kind and not _STAMP.match(line))
            head = lines[start:start + 16]
            if found and found[-1][0] == page.number and start - found[-1][1] <= _MERGE_LINES:
                p, l, k, h, stamp = found[-1]  # "Agenda Item 4" then "Public report": one heading
                found[-1] = (p, l, k if k and k != "report" or not kind else kind, h, stamp)
                continue
            stamp = _STAMP.match(line).group(1) if _STAMP.match(line) else titled
            if not kind and not stamp and not titled and found and found[-1][2] in ("", "minutes"):
                continue  # what follows an appendix's or minutes' sign-off is more of it
            if not kind and not stamp:
                head = [l for l in head if not (_CONTACT.search(l) or _PERSON.search(l))]
            found.append((page.number, start, kind, head, stamp))
    # a start read from a sign-off alone gives way to a heading that follows within a page
    return [f for k, f in enumerate(found) if f[2] or f[4] or k + 1 == len(found)
            or not (found[k + 1][2] not in ("", "appendix") and found[k + 1][0] - f[0] <= 1)]


def _titled(title: str) -> re.Pattern:
    """A heading line that is an agenda item's title, after up to eight words naming the body, before a year."""
    words = r"\s+".join(re.escape(w) for w in title.split())
    return re.compile(rf"^\s*(?:[\w'()&]+\s+){{0,8}}{words}(?:\s+\d{{4}}(?:\s*[/-]\s*\d{{2,4}})?)?\s*$", re.I)


def _minutes_body(head: list[str]) -> str:
    text = " ".join(l.strip() for l in head[:6])
    m = re.search(r"minutes of (?:the|a) meeting of (?:the )?(.+?)(?:\s+held\b|$)", text, re.I)
    if m:
        return m.group(1).strip()
    for line in head[:3]:  # "CORPORATE PARENTING PANEL – 10th December 2024", "CABINET MEMBER (…)"
        name = re.split(r"\s+[–—-]\s+|\s+\d{1,2}(?:st|nd|rd|th)?\s+\w+,?\s+\d{4}", line.strip())[0]
        if name and not _STAMP.match(name) and display(name) != UNKNOWN:
            return name
    return ""


def _title(kind: str, head: list[str], item: AgendaItem | None) -> str:
    for k, line in enumerate(head):
        m = _SUBJECT.match(line)
        if m:
            value = m.group(1).strip() or next((l.strip() for l in head[k + 1:] if l.strip()), "")
            return re.sub(r"^\d{1,2}\.\s+", "", value)[:120]
    if kind == "minutes":
        return "Minutes"
    if kind == "appendix":
        m = _APPENDIX.match(next((l for l in head if _APPENDIX.match(l)), "") or "")
        rest = [l.strip() for l in head[1:3] if l.strip()]
        name = (m.group(2) if m and m.group(2) else rest[0] if rest else "").strip()
        label = f"Appendix {m.group(1)}" if m else "Appendix"
        return f"{label} – {name}"[:120] if name else label
    if item is not None:
        return item.title
    rest = [l.strip() for l in head if l.strip() and not _STAMP.match(l) and not _BRIEFING.match(l)]
    return (rest[0] if rest else "")[:120]


def _author(head: list[str]) -> str:
    for line in head:
        m = _DIRECTOR.match(line)
        if m and (m.group(1) or m.group(2)):
            return (m.group(1) or m.group(2)).strip()[:100]
    return ""


def display_title(seg: Segment) -> str:
    """What a person reads for a part: "Libraries Update — briefing note, Board (2), 9 January 2020"."""
    body = display(seg.committee)
    where = ", ".join(x for x in (body if body != UNKNOWN else "", long_date(seg.meeting_date)) if x)
    if seg.doc_type in ("minutes", "agenda") or not seg.title:
        label = {"minutes": "Minutes", "agenda": "Agenda"}.get(seg.doc_type, seg.doc_type.capitalize())
        return f"{label}, {where}" if where else label
    return f"{seg.title} — {seg.doc_type}, {where}" if where else f"{seg.title} — {seg.doc_type}"


def parts_of(pages: list[Page], segs: list[Segment]) -> list[Part]:
    """The parts of a document with their first and last PDF pages and printed page numbers."""
    out = []
    printed = {p.number: p.printed for p in pages}
    last = pages[-1].number if pages else 1
    for k, seg in enumerate(segs):
        nxt = segs[k + 1] if k + 1 < len(segs) else None
        end = last if nxt is None else (nxt.page if nxt.line > 0 else nxt.page - 1)
        end = max(end, seg.page)
        out.append(Part(title=display_title(seg), doc_type=seg.doc_type, meeting_date=seg.meeting_date,
                        committee=display(seg.committee), first_page=seg.page, last_page=end,
                        printed_first=printed.get(seg.page), printed_last=printed.get(end), item=seg.item,
                        author=seg.author, name=seg.title))
    return out


def same_body(a: str, b: str) -> bool:
    return canonical(a) == canonical(b) != UNKNOWN
