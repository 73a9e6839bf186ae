"""Structure-aware chunking: split at parts, agenda items, headings and numbered paragraphs.

A chunk never crosses an agenda item or a part of a pack (so minutes keep their own meeting's
date), fits the embedding model's window as measured by its tokenizer, and carries everything a
citation needs. Tables become chunks of their own whose rows keep their column headings.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from .records import Chunk, Document
from .structure import Segment, segments
from .tables import Table, find_tables

TokenCounter = Callable[[list[str]], list[int]]

_ITEM = re.compile(r"^\s*(\d{1,3})\.?\s+([A-Z(\"'][^\n]{2,150})$")
_PARA = re.compile(r"^\s*(?:\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?\s|\(?[a-z]\)\s|\(?[ivx]{1,4}\)\s|[•●▪◦\-–*]\s)")
_SENTENCE_END = re.compile(r"[.!?:;]['\")]?$")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£\d\"'])")


def estimate_tokens(texts: list[str]) -> list[int]:
    """A tokenizer-free estimate (about 4 characters a word piece), for tests of logic only."""
    return [len(t) // 4 + 1 for t in texts]


@dataclass
class _Para:
    text: str
    page: int
    page_end: int
    seg: int
    item: str
    item_title: str
    heading: str
    breaks: list[tuple[int, int]]  # (char offset, page) where a new page starts inside the paragraph


_MONTH_START = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def _continues(prev: str) -> bool:
    """True when the previous line stops mid-sentence ("... held on", "As at")."""
    words = prev.strip().split()
    return bool(words) and words[-1][-1:].isalpha() and words[-1].islower() or prev.rstrip().endswith((",", "-"))


def _is_item(line: str, prev: str = "") -> re.Match | None:
    m = _ITEM.match(line)
    if not m:
        return None
    title = m.group(2).strip()
    if _MONTH_START.match(title) or _continues(prev):
        return None  # "25 February 2020." and "As at\n31 December" are dates, not items
    if re.search(r"\s\d{1,3}$", title) and not re.search(r"\b(?:19|20)\d\d$|\d{1,2}\s+[A-Z][a-z]+\s+\d{1,2}$", title):
        return None  # a contents line ending in its page number, or a row of a table
    words = re.findall(r"[A-Za-z]{2,}", title)
    if len(words) < 1 or len(title) > 150 or _SENTENCE_END.search(title) and len(title) > 70:
        return None
    if sum(ch.isdigit() for ch in title) > len(title) / 3:
        return None  # a row of figures, not a heading
    return m


def _subheading(line: str, prev: str) -> bool:
    text = line.strip()
    return (3 <= len(text) <= 80 and text[:1].isupper() and not _SENTENCE_END.search(text)
            and not text.endswith(",") and (not prev.strip() or _SENTENCE_END.search(prev.strip()) is not None)
            and len(text.split()) <= 12 and sum(c.isdigit() for c in text) < 6)


def paragraphs(doc: Document, segs: list[Segment]) -> list[_Para]:
    """Group the document's lines into paragraphs labelled with their part, item and heading."""
    out: list[_Para] = []
    seg_i, item, item_title, heading = 0, "", "", ""
    cur: _Para | None = None
    prev = ""
    bounds = [(s.page, s.line) for s in segs]
    for page in doc.pages:
        for li, line in enumerate(page.text.splitlines()):
            while seg_i + 1 < len(segs) and (page.number, li) >= bounds[seg_i + 1]:
                seg_i += 1
                item, item_title, heading = "", "", ""
                cur = None
            text = line.strip()
            if not text:
                cur = None
                prev = line
                continue
            m = _is_item(line, prev)
            starts = False
            if m:
                item, item_title, heading = m.group(1), m.group(2).strip(), ""
                starts = True
            elif _subheading(line, prev):
                heading = text
                starts = True
            elif _PARA.match(line) or (prev.strip() and _SENTENCE_END.search(prev.strip()) and text[:1].isupper()):
                starts = True
            if cur is None or starts or cur.seg != seg_i:
                cur = _Para(text=text, page=page.number, page_end=page.number, seg=seg_i, item=item,
                            item_title=item_title, heading=heading, breaks=[])
                out.append(cur)
            else:
                if page.number != cur.page_end:
                    cur.breaks.append((len(cur.text) + 1, page.number))
                    cur.page_end = page.number
                cur.text += "\n" + text
            prev = line
        # a page break ends a line but not necessarily a paragraph
    return out


def _split_long(text: str, budget: int, count: TokenCounter) -> list[str]:
    """Split an over-long paragraph at sentence ends (then at words) to fit the budget."""
    sentences = _SENT_SPLIT.split(text)
    sizes = count(sentences)
    pieces, cur, cur_n = [], [], 0
    for sent, n in zip(sentences, sizes):
        if n > budget:
            words = sent.split(" ")
            step = max(8, int(len(words) * budget / max(n, 1) * 0.9))
            for i in range(0, len(words), step):
                if cur:
                    pieces.append(" ".join(cur))
                    cur, cur_n = [], 0
                pieces.append(" ".join(words[i:i + step]))
            continue
        if cur and cur_n + n > budget:
            pieces.append(" ".join(cur))
            cur, cur_n = [], 0
        cur.append(sent)
        cur_n += n
    if cur:
        pieces.append(" ".join(cur))
    return pieces


def chunk_document(doc: Document, count: TokenCounter, max_tokens: int = 240, min_chars: int = 200) -> list[Chunk]:
    """Cut a document into chunks that respect its structure and fit the model's window."""
    meta = {"doc_type": doc.doc_type, "meeting_date": doc.meeting_date, "committee": doc.committee}
    segs = segments(list(doc.pages), meta)
    paras = paragraphs(doc, segs)
    header_budget = 40
    budget = max_tokens - header_budget
    sizes = count([p.text for p in paras]) if paras else []
    chunks: list[Chunk] = []
    group: list[_Para] = []
    group_n = 0

    def flush() -> None:
        nonlocal group, group_n
        if group:
            chunks.append(_make_chunk(doc, segs, group, len(chunks)))
        group, group_n = [], 0

    for para, n in zip(paras, sizes):
        same = group and (para.seg, para.item) == (group[0].seg, group[0].item)
        if not same:
            flush()
        if n > budget:
            flush()
            for piece in _split_long(para.text, budget, count):
                page = _page_of(para, para.text.find(piece[:40]))
                part = _Para(text=piece, page=page, page_end=page, seg=para.seg, item=para.item,
                             item_title=para.item_title, heading=para.heading, breaks=[])
                group = [part]
                flush()
            continue
        if group and group_n + n > budget:
            # carry the previous paragraph's last line over only when it is a heading-like stub
            flush()
        group.append(para)
        group_n += n
    flush()
    chunks = _merge_small(chunks, min_chars, count, budget)
    chunks.extend(_table_chunks(doc, segs, paras, count, budget, len(chunks)))
    return chunks


def _page_of(para: _Para, offset: int) -> int:
    page = para.page
    for at, p in para.breaks:
        if offset >= at:
            page = p
    return page


def _section(seg: Segment, para: _Para) -> str:
    item = f"{para.item}. {para.item_title}" if para.item else ""
    parts = [seg.title, item, para.heading if para.heading != para.item_title else ""]
    return " › ".join(p for p in parts if p)


def _chunk_id(source: str, n: int, text: str) -> str:
    return hashlib.sha1(f"{source}\0{n}\0{text}".encode()).hexdigest()[:16]


def _make_chunk(doc: Document, segs: list[Segment], group: list[_Para], n: int) -> Chunk:
    seg = segs[group[0].seg]
    text = "\n".join(p.text for p in group)
    printed = next((pg.printed for pg in doc.pages if pg.number == group[0].page), None)
    return Chunk(id=_chunk_id(doc.source, n, text), text=text, source=doc.source, title=doc.title,
                 committee=seg.committee or doc.committee, meeting_date=seg.meeting_date, doc_type=seg.doc_type,
                 page=group[0].page, page_end=max(p.page_end for p in group), printed_page=printed,
                 section=_section(seg, group[0]), item=group[0].item)


def _merge_small(chunks: list[Chunk], min_chars: int, count: TokenCounter, budget: int) -> list[Chunk]:
    """Fold a tiny chunk into the next one of the same item and part, when both still fit."""
    out: list[Chunk] = []
    for c in chunks:
        prev = out[-1] if out else None
        if (prev is not None and len(prev.text) < min_chars and prev.item == c.item and prev.section.split(" › ")[0] ==
                c.section.split(" › ")[0] and prev.meeting_date == c.meeting_date and prev.doc_type == c.doc_type):
            text = prev.text + "\n" + c.text
            if count([text])[0] <= budget:
                out[-1] = Chunk(**{**prev.to_json(), "text": text, "page_end": max(prev.page_end, c.page_end),
                                   "id": _chunk_id(prev.source, len(out), text), "rows": (), "also": ()})
                continue
        out.append(c)
    return out


def _table_chunks(doc: Document, segs: list[Segment], paras: list[_Para], count: TokenCounter, budget: int,
                  start_n: int) -> list[Chunk]:
    """A chunk per table (or per group of rows for a long one), title and headings repeated."""
    out: list[Chunk] = []
    last: Table | None = None
    for page in doc.pages:
        if not page.layout:
            last = None
            continue
        for table in find_tables(page.layout):
            if not table.header and last is not None and table.first_line <= 3 and last.header:
                # a table continued from the previous page: it keeps that page's title and headings
                table = _continued(table, last)
            para = _para_at(paras, page.number, table.lines[-1] if table.lines else "")
            seg = segs[para.seg] if para else segs[0]
            head = "\n".join(x for x in (table.title,) if x)
            rows, raw = list(table.rows), list(table.lines)
            n_header = len(raw) - len(rows) if len(raw) > len(rows) else 0
            header_lines = raw[:n_header]
            body = raw[n_header:]
            start = 0
            while start < len(rows):
                end = start + 1
                while end <= len(rows):
                    text = "\n".join([head] + header_lines + body[start:end] + rows[start:end])
                    if count([text])[0] > budget and end > start + 1:
                        end -= 1
                        break
                    end += 1
                end = min(end, len(rows))
                text = "\n".join(x for x in [head] + header_lines + body[start:end] + rows[start:end] if x)
                out.append(Chunk(id=_chunk_id(doc.source, start_n + len(out), text + "table"), text=text,
                                 source=doc.source, title=doc.title, committee=seg.committee or doc.committee,
                                 meeting_date=seg.meeting_date, doc_type=seg.doc_type, page=page.number,
                                 page_end=page.number, printed_page=page.printed,
                                 section=" › ".join(x for x in (_section(seg, para) if para else "", table.title) if x),
                                 item=para.item if para else "", kind="table", rows=tuple(rows[start:end])))
                start = end
            last = table
    return out


def _continued(table: Table, last: Table) -> Table:
    rows = tuple(f"{last.title} — {r}" if last.title and not r.startswith(last.title) else r for r in table.rows)
    if len(last.header) and all(r.count(";") == len(last.header) - 1 for r in table.rows):
        rows = tuple(_rename(r, last.header, last.title) for r in table.rows)
    return Table(title=last.title, header=last.header, lines=tuple(last.lines[:1]) + table.lines if False else table.lines,
                 rows=rows, first_line=table.first_line, last_line=table.last_line)


def _rename(row: str, header: tuple[str, ...], title: str) -> str:
    label, _, values = row.rpartition(" — ")
    parts = [v.strip() for v in values.split(";")]
    named = "; ".join(f"{h}: {v}" for h, v in zip(header, parts))
    return " — ".join(x for x in (title, label, named) if x)


def _para_at(paras: list[_Para], page: int, line: str = "") -> _Para | None:
    """The paragraph a table sits in: the one holding its last row, else the last one started by its page."""
    if line:
        for p in paras:
            if p.page <= page <= p.page_end and line in " ".join(p.text.split()):
                return p
    best = None
    for p in paras:
        if p.page <= page:
            best = p
        else:
            break
    return best
