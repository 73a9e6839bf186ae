"""A document's lines joined into paragraphs that keep their pages, item, heading and page breaks."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Document
from .parts import Segment

# "292. Apologies for Absence", "88. 24/00108 - Revenue and Capital Budget Monitoring Report"
_ITEM = re.compile(r"^\s*(\d{1,3})\.?\s+([A-Z(\"'][^\n]{2,150}|\d{2}/\d{3,6}\b[^\n]{2,150})$")
_YEARS_END = re.compile(r"\b(?:19|20)\d\d\s?[-–/]\s?\d\d$")  # a heading's year range, "Expenditure 2011 -12"
_PARA = re.compile(r"^\s*(?:\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?\s|\(?[a-z]\)\s|\(?[ivx]{1,4}\)\s|[•●▪◦\-–*]\s)")
SENTENCE_END = re.compile(r"[.!?:;]['\")]?$")
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£\d\"'])")


@dataclass
class Para:
    text: str
    page: int
    page_end: int
    seg: int
    item: str
    item_title: str
    heading: str
    breaks: list[tuple[int, int]]  # (char offset, page) where a new page starts inside the paragraph
    vote: str = ""  # part of a recorded vote: tally | names | outcome


_MONTH_START = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b", re.I)


_ADDRESS = re.compile(r"@|^\W*(?:https?:|www\.)|\w\.(?:org|gov|com|co|net|ac|nhs)\b", re.I)


def _continues(prev: str) -> bool:
    """True when the previous line stops mid-sentence ("... held on", "As at")."""
    words = prev.strip().split()
    if words and _ADDRESS.search(words[-1]):
        return False  # a web or email address ends a line, not a sentence in the middle ("www.coventrylscb.org.uk")
    return bool(words) and words[-1][-1:].isalpha() and words[-1].islower() or prev.rstrip().endswith((",", "-"))


_PROSE_END = re.compile(r"(?:[,:;&(\-–]|\b(?:and|or|of|the|to|in|for|on|with|by|a|an|at|as|from|that|this|which|who|be|is|was|were|are)$)",
                        re.I)
# a paragraph of minutes opens with who spoke or what was decided, a heading does not
_SPEAKER = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Cllr|Councillor|Canon)\.?\s+[A-Z]|RESOLVED\b)")
_OPENER = re.compile(r"^(?:The (?:Chairman|Chair|Leader|Cabinet Member)|Members?|Following|Further to|In response)\b")
# a vote recorded in minutes: "For (32)", "Against (1)", "Abstain (0)", then "Motion carried." / "Amendment lost."
_TALLY = re.compile(r"^(?:For|Against|Abstain(?:ed|ing)?|Abstentions?)\s*(?:\(\s*\d{1,3}\s*\)|:?\s*\d{1,3})\.?$", re.I)
_OUTCOME = re.compile(r"^(?:the\s+)?(?:(?:substantive|original|amended)\s+)?(?:motion|amendment|recommendations?|proposal)\s+"
                      r"(?:\(as amended\)\s+)?(?:was\s+)?(?:carried|lost|agreed|fell|defeated|approved|withdrawn)\.?$"
                      r"|^(?:carried|lost|agreed)\.?$", re.I)
PROPOSED = re.compile(r"\b(?:proposed|moved)\b.{0,120}\bseconded\b|\bseconded\b.{0,40}\b(?:motion|amendment)\b", re.I | re.S)


def _is_item(line: str, prev: str = "", nxt: str = "", current: str = "") -> re.Match | None:
    """An agenda item or minute heading ("292. Apologies for Absence"), not a numbered paragraph or row.

    Args:
        prev, nxt: the lines before and after (a heading does not continue a sentence).
        current: the highest item number so far in this part; a number not above it must look
            like a heading, not prose
            ("1. Mr Oakford introduced the report..." inside minute 89 is a paragraph).
    """
    m = _ITEM.match(line)
    if not m:
        return None
    title = m.group(2).strip()
    if _MONTH_START.match(title) or _continues(prev):
        return None  # "25 February 2020." and "As at\n31 December" are dates, not items
    if re.search(r"\s\d{1,3}$", title) and not re.search(r"\b(?:19|20)\d\d$|\d{1,2}\s+[A-Z][a-z]+\s+\d{1,2}$", title):
        return None  # a contents line ending in its page number, or a row of a table
    if re.search(r"(?:\s[-(£]?\d[\d,.]*%?\)?){2,}$", title) and not _YEARS_END.search(title):
        return None  # a row with its figures ("TOTAL REDUCTION IN GRANT INCOME 3,234.7 0.0 0.0")
    if re.search(r"\.{4,}|…", title):
        return None  # a contents line with dot leaders
    words = re.findall(r"[A-Za-z]{2,}", title)
    if len(words) < 1 or len(title) > 90 or SENTENCE_END.search(title) and len(title) > 70:
        return None
    if sum(ch.isdigit() for ch in title) > len(title) / 3:
        return None  # a row of figures, not a heading
    if re.search(r"[.!?]\s+[A-Z]", title) or title.endswith((",", ";")):
        return None  # two sentences, or a clause: a numbered paragraph
    if _SPEAKER.match(title):
        return None  # "1. Mr R Gough, Leader of the Council provided an update on the following:"
    lower_back = current.isdigit() and int(m.group(1)) <= int(current)
    prose = (_OPENER.match(title) is not None or title.endswith((":", ".")) or "," in title or len(words) > 10
             or _PROSE_END.search(title) is not None)
    if lower_back and prose:
        return None  # a numbered paragraph inside an item ("3. Further to comments and questions ... noted:")
    return m


def _vote_line(text: str) -> str:
    """'tally', 'outcome' or '' for a line of minutes."""
    if _TALLY.match(text):
        return "tally"
    if _OUTCOME.match(text):
        return "outcome"
    return ""


def _names(text: str) -> bool:
    """A line of a list of members' names ("Mr Baker, Mr Bartlett, Mrs Bell, Sir Paul Carter, CBE,")."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return bool(parts) and all(len(p.split()) <= 4 and p[:1].isupper() and not SENTENCE_END.search(p) for p in parts)


_APPENDIX = re.compile(r"^(?:appendix|annex|annexe|schedule)\s+[A-Z0-9]{1,3}\.?$", re.I)


def _subheading(line: str, prev: str, nxt: str = "") -> bool:
    text = line.strip()
    if _APPENDIX.match(text):
        return True  # "Appendix 1" opens a new part of a report, whatever came before it
    if _vote_line(text) or _PROSE_END.search(text) or nxt.strip()[:1].islower():
        return False  # a vote tally, or a line of a sentence that goes on
    return (3 <= len(text) <= 80 and text[:1].isupper() and not SENTENCE_END.search(text)
            and not text.endswith(",")
            and (not prev.strip() or SENTENCE_END.search(prev.strip()) is not None or _APPENDIX.match(prev.strip()))
            and len(text.split()) <= 12 and sum(c.isdigit() for c in text) < 6)


def paragraphs(doc: Document, segs: list[Segment]) -> list[Para]:
    """Group the document's lines into paragraphs labelled with their part, item and heading.

    A recorded vote is kept apart line by line: each tally ("For (32)") with its list of names, and
    the outcome ("Motion carried."), marked so that the chunker can keep the block together.
    """
    out: list[Para] = []
    seg_i, item, item_title, heading = 0, "", "", ""
    top = 0  # the highest item number so far in this part
    cur: Para | None = None
    prev = ""
    in_vote = False
    bounds = [(s.page, s.line) for s in segs]
    lines = [(page.number, li, line) for page in doc.pages for li, line in enumerate(page.text.splitlines())]
    listed = _listed(lines)
    for k, (number, li, line) in enumerate(lines):
        while seg_i + 1 < len(segs) and (number, li) >= bounds[seg_i + 1]:
            seg_i += 1
            item, item_title, heading = "", "", ""
            top = 0
            cur = None
            in_vote = False
        text = line.strip()
        if not text:
            cur = None
            prev = line
            continue
        nxt = next((l for _, _, l in lines[k + 1:k + 3] if l.strip()), "")
        vote = _vote_line(text)
        m = None if vote or k in listed else _is_item(line, prev, nxt, str(top) if top else "")
        starts = k in listed and k - 1 not in listed
        if vote:
            in_vote = vote == "tally"
            starts = True
        elif in_vote and _names(text):
            vote = "names"
            starts = cur is None or cur.vote not in ("tally", "names")
        elif m:
            item, item_title, heading = m.group(1), m.group(2).strip(), ""
            top = max(top, int(item))
            starts = True
        elif _subheading(line, prev, nxt):
            heading = text
            starts = True
        elif _PARA.match(line) or (prev.strip() and SENTENCE_END.search(prev.strip()) and text[:1].isupper()):
            starts = True
        if not vote:
            in_vote = in_vote and not starts
        if cur is None or starts or cur.seg != seg_i:
            cur = Para(text=text, page=number, page_end=number, seg=seg_i, item=item,
                        item_title=item_title, heading=heading, breaks=[], vote=vote)
            out.append(cur)
        else:
            # a page break ends a line but not necessarily a paragraph
            if number != cur.page_end:
                cur.breaks.append((len(cur.text) + 1, number))
                cur.page_end = number
            cur.text += "\n" + text
        prev = line
    return out


def _listed(lines: list[tuple[int, int, str]]) -> set[int]:
    """Lines in a run of three or more item-like lines with nothing between (a contents or agenda list), or
    of three or more lines that open with counts in no order (a list of reasons and how many gave each).

    Such a list is one paragraph of the item it sits in, not a string of items without a body.
    """
    texts = [(k, l) for k, (_, _, l) in enumerate(lines) if l.strip()]
    cand = [_is_item(l, texts[i - 1][1] if i else "", texts[i + 1][1] if i + 1 < len(texts) else "") is not None
            for i, (_, l) in enumerate(texts)]
    out: set[int] = set()
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and cand[j]:
            j += 1
        if j - i >= 3:
            out.update(k for k, _ in texts[i:j])
        i = max(j, i + 1)
    # a counted list: lines opening with counts in no order ("8 Because of …", "3 Connected …", "1 Moved …"),
    # where items are numbered in order
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and COUNTED_LINE.match(texts[j][1]):
            j += 1
        if j - i >= 3 and counted([int(COUNTED_LINE.match(line).group(1)) for _, line in texts[i:j]]):
            out.update(k for k, _ in texts[i:j])
        i = max(j, i + 1)
    return out


COUNTED_LINE = re.compile(r"^\s*(\d{1,4})\s+([A-Z][a-z][^\n]*)$")  # a count, then what it counts


def counted(numbers: list[int]) -> bool:
    """Numbers opening a run of lines are counts, not item numbers, when they do not run in order."""
    return any(b != a + 1 for a, b in zip(numbers, numbers[1:]))
