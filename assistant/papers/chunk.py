"""Structure-aware chunking: split at parts, agenda items, headings and numbered paragraphs.

A chunk never crosses an agenda item or a part of a pack (so minutes keep their own meeting's
date), fits the embedding model's window as measured by its tokenizer, and carries everything a
citation needs. Tables become chunks of their own whose rows keep their column headings.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable

from ..records import Chunk, Document
from .paragraphs import PROPOSED, SENT_SPLIT, Para, paragraphs
from .parts import Segment, display_title, segments
from .tablechunks import table_json
from .tables import LayoutTable as Table, find_tables

TokenCounter = Callable[[list[str]], list[int]]

def estimate_tokens(texts: list[str]) -> list[int]:
    """A tokenizer-free estimate (about 4 characters a word piece), for tests of logic only."""
    return [len(t) // 4 + 1 for t in texts]


def _units(paras: list[Para], sizes: list[int], budgets: list[int]) -> list[list[int]]:
    """Paragraph indices grouped into units the packer must not split.

    A recorded vote stays with the motion or amendment it decides (from "X proposed, and Y
    seconded..." to "Amendment lost.") when that fits one chunk; failing that, with the paragraph
    that put the question; failing that, each tally stays with its names. Everything else is a
    unit of one paragraph.
    """
    units: list[list[int]] = []
    i = 0
    while i < len(paras):
        if paras[i].vote not in ("tally", "outcome"):
            units.append([i])
            i += 1
            continue
        j = i
        while j + 1 < len(paras) and paras[j + 1].vote and _same_item(paras[j + 1], paras[i]) and \
                not (paras[j].vote == "outcome" and paras[j + 1].vote != "outcome"):
            j += 1
        block = list(range(i, j + 1))

        def fits(idx: list[int]) -> bool:
            return sum(sizes[x] for x in idx) <= min(budgets[x] for x in idx)

        # the question put, and the motion or amendment it came from, sit in the units just before
        lead: list[int] = []
        found = False
        for back in range(len(units) - 1, max(-1, len(units) - 13), -1):
            u = units[back]
            if len(u) != 1 or paras[u[0]].vote or not _same_item(paras[u[0]], paras[i]):
                break
            lead.insert(0, u[0])
            if PROPOSED.search(paras[u[0]].text[:300]):
                found = True
                break
        if not found:
            lead = lead[-1:]  # no proposer in reach: only the paragraph that put the question
        for start in range(len(lead) + 1):
            want = lead[start:] + block
            if fits(want):
                if len(lead) - start:
                    del units[-(len(lead) - start):]
                units.append(want)
                break
        else:
            # too long for one chunk: each tally with its names, the outcome with the last of them
            groups: list[list[int]] = []
            for x in block:
                if paras[x].vote == "tally" or not groups or not fits(groups[-1] + [x]):
                    groups.append([x])
                else:
                    groups[-1].append(x)
            if lead and fits([lead[-1]] + groups[0]):
                del units[-1]
                groups[0] = [lead[-1]] + groups[0]
            units.extend(groups)
        i = j + 1
    return units


def _same_item(a: Para, b: Para) -> bool:
    return (a.seg, a.item) == (b.seg, b.item)


def _pack(parts: list[str], sizes: list[int], budget: int, oversize) -> list[str]:
    """Greedily join parts (with spaces) into pieces of at most budget word pieces; a part that is
    over budget on its own is handed to oversize(part, size) and its pieces kept as they come."""
    pieces, cur, cur_n = [], [], 0
    for part, n in zip(parts, sizes):
        if n > budget or (cur and cur_n + n > budget):
            if cur:
                pieces.append(" ".join(cur))
            cur, cur_n = [], 0
        if n > budget:
            pieces.extend(oversize(part, n))
            continue
        cur.append(part)
        cur_n += n
    if cur:
        pieces.append(" ".join(cur))
    return pieces


def _split_long(text: str, budget: int, count: TokenCounter) -> list[str]:
    """Split an over-long paragraph at sentence ends (then between words) so each piece fits the budget."""
    sentences = SENT_SPLIT.split(text)
    sizes = [n - 2 for n in count(sentences)]
    return _pack(sentences, sizes, budget, lambda sent, n: _split_words(sent, budget, count))


def _split_words(text: str, budget: int, count: TokenCounter) -> list[str]:
    """Pack whole words into pieces of at most budget word pieces (a word counts the same alone)."""
    words = text.split(" ")
    sizes = [n - 2 for n in count(words)]

    def cut(word: str, n: int) -> list[str]:  # one unbroken run (a row of dot leaders): cut by characters
        step = max(1, len(word) * budget // (2 * n))
        return [word[i:i + step] for i in range(0, len(word), step)]

    return _pack(words, sizes, budget, cut)


def chunk_document(doc: Document, count: TokenCounter, max_tokens: int = 240, min_chars: int = 200) -> list[Chunk]:
    """Cut a document into chunks that respect its structure and fit the model's window.

    A chunk's text and the "title › section" line embedded in front of it together stay within
    max_tokens word pieces.
    """
    meta = {"doc_type": doc.doc_type, "meeting_date": doc.meeting_date, "committee": doc.committee}
    segs = segments(list(doc.pages), meta)
    paras = paragraphs(doc, segs)
    room = _Room(doc, segs, count, max_tokens)
    # word pieces of a paragraph without the two special tokens, so sizes add up
    sizes = [n - 2 for n in count([p.text for p in paras])] if paras else []
    budgets = [room.for_para(p) for p in paras]
    chunks: list[Chunk] = []
    group: list[Para] = []
    group_n = group_budget = 0

    def flush() -> None:
        nonlocal group, group_n
        if group:
            chunks.append(_make_chunk(doc, segs, group, len(chunks)))
        group, group_n = [], 0

    for unit in _units(paras, sizes, budgets):
        first = paras[unit[0]]
        n = sum(sizes[i] for i in unit)
        if group and not _same_item(first, group[0]):
            flush()
        if len(unit) == 1 and n > budgets[unit[0]]:
            flush()
            at = 0
            for piece in _split_long(first.text, budgets[unit[0]], count):
                pos = first.text.find(piece[:40], at)
                pos = pos if pos >= 0 else at
                at = pos + max(1, len(piece) - 40)
                page = _page_of(first, pos)
                inside = [(o - pos, pg) for o, pg in first.breaks if pos < o < pos + len(piece)]
                group = [Para(text=piece, page=page, page_end=inside[-1][1] if inside else page, seg=first.seg,
                               item=first.item, item_title=first.item_title, heading=first.heading, breaks=inside)]
                flush()
            continue
        if group and group_n + n > group_budget:
            flush()
        if not group:
            group_budget = min(budgets[i] for i in unit)
        group.extend(paras[i] for i in unit)
        group_n += n
    flush()
    chunks = _merge_small(chunks, min_chars, count, room)
    chunks.extend(_table_chunks(doc, segs, paras, count, room, len(chunks)))
    return chunks


class _Room:
    """How many word pieces a chunk's text may have: the window less its "title › section" line."""

    def __init__(self, doc: Document, segs: list[Segment], count: TokenCounter, max_tokens: int) -> None:
        self.doc, self.segs, self.count, self.max_tokens = doc, segs, count, max_tokens
        self._cache: dict[str, int] = {}

    def for_section(self, section: str) -> int:
        if section not in self._cache:
            header = " › ".join(x for x in (self.doc.title, section) if x)
            # the header's count includes the two special tokens the whole input has once
            self._cache[section] = max(self.max_tokens // 2, self.max_tokens - self.count([header])[0])
        return self._cache[section]

    def for_para(self, para: "Para") -> int:
        return self.for_section(_section(self.segs[para.seg], para))

    def for_chunk(self, chunk: Chunk) -> int:
        return self.for_section(chunk.section)


def _page_of(para: Para, offset: int) -> int:
    page = para.page
    for at, p in para.breaks:
        if offset >= at:
            page = p
    return page


def _section(seg: Segment, para: Para) -> str:
    item = f"{para.item}. {para.item_title}" if para.item else ""
    parts = [seg.title, item, para.heading if para.heading != para.item_title else ""]
    return " › ".join(p for p in parts if p)


def _chunk_id(source: str, n: int, text: str) -> str:
    return hashlib.sha1(f"{source}\0{n}\0{text}".encode()).hexdigest()[:16]


def _breaks(group: list[Para]) -> tuple[tuple[int, int], ...]:
    """Where a new page starts inside the joined text of a group of paragraphs."""
    out: list[tuple[int, int]] = []
    at, page = 0, group[0].page
    for p in group:
        if p.page != page:
            out.append((at, p.page))
        out.extend((at + o, pg) for o, pg in p.breaks)
        page = p.page_end
        at += len(p.text) + 1
    return tuple(out)


def _make_chunk(doc: Document, segs: list[Segment], group: list[Para], n: int) -> Chunk:
    seg = segs[group[0].seg]
    text = "\n".join(p.text for p in group)
    printed = next((pg.printed for pg in doc.pages if pg.number == group[0].page), None)
    return Chunk(id=_chunk_id(doc.source, n, text), text=text, source=doc.source, title=doc.title,
                 committee=seg.committee or doc.committee, meeting_date=seg.meeting_date, doc_type=seg.doc_type,
                 page=group[0].page, page_end=max(p.page_end for p in group), printed_page=printed,
                 section=_section(seg, group[0]), item=group[0].item, part=display_title(seg), breaks=_breaks(group))


def _merge_small(chunks: list[Chunk], min_chars: int, count: TokenCounter, room: _Room) -> list[Chunk]:
    """Fold a tiny chunk (a lone heading, a contents line) into a neighbour of the same item and part.

    It goes into the next chunk where that fits, else into the one before.
    """
    def mergeable(a: Chunk, b: Chunk) -> bool:
        return (a.item == b.item and a.part == b.part and a.section.split(" › ")[0] == b.section.split(" › ")[0]
                and a.meeting_date == b.meeting_date and a.doc_type == b.doc_type and a.kind == b.kind == "text")

    def joined(first: Chunk, second: Chunk, n: int) -> Chunk | None:
        text = first.text + "\n" + second.text
        if count([text])[0] - 2 > room.for_chunk(first):
            return None
        at = len(first.text) + 1
        breaks = first.breaks + (((at, second.page),) if second.page != first.page_end else ()) \
            + tuple((at + o, pg) for o, pg in second.breaks)
        return Chunk(**{**first.to_json(), "text": text, "page_end": max(first.page_end, second.page_end),
                        "id": _chunk_id(first.source, n, text), "rows": (), "also": (), "breaks": breaks})

    out: list[Chunk] = []
    for c in chunks:  # forward: a small chunk heads the next one
        prev = out[-1] if out else None
        if prev is not None and len(prev.text) < min_chars and mergeable(prev, c):
            merged = joined(prev, c, len(out) - 1)
            if merged is not None:
                out[-1] = merged
                continue
        out.append(c)
    back: list[Chunk] = []
    for c in out:  # backward: one still small (the last of its item) closes the one before
        prev = back[-1] if back else None
        if prev is not None and len(c.text) < min_chars and mergeable(prev, c):
            merged = joined(prev, c, len(back) - 1)
            if merged is not None:
                back[-1] = merged
                continue
        back.append(c)
    return back


def _table_chunks(doc: Document, segs: list[Segment], paras: list[Para], count: TokenCounter, room: _Room,
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
            section = " › ".join(x for x in (_section(seg, para) if para else "", table.title) if x)
            budget = room.for_section(section)
            head = [x for x in (table.title,) if x] + list(table.head_lines)
            rows = list(table.rows)
            raw = list(table.raw_rows) if len(table.raw_rows) == len(rows) else [""] * len(rows)
            # what is read (title, headings, the rows as printed) and what is embedded (rows with headings);
            # the title is read once, not once a row ("2011/2012 Emergency HOSPITAL ATTENDANCES …" is long)
            cut = len(table.title) + 3 if table.title else 0
            shown = [r[cut:] if cut and r.startswith(table.title + " — ") else r for r in rows]
            sizes = [n - 2 for n in count(["\n".join(head) or "x"] + [f"{a}\n{b}" for a, b in zip(raw, shown)])]
            head_n, row_n = sizes[0], sizes[1:]
            record = table.record(page.number)  # its cells, looked up as a ruled table's are
            stored = table_json(record, raw, layout=True) if record else ""
            start = 0
            while start < len(rows):
                end, used = start + 1, head_n + row_n[start]
                while end < len(rows) and used + row_n[end] <= budget:
                    used += row_n[end]
                    end += 1
                text = "\n".join(x for x in head + raw[start:end] + shown[start:end] if x)
                out.append(Chunk(id=_chunk_id(doc.source, start_n + len(out), text + "table"), text=text,
                                 source=doc.source, title=doc.title, committee=seg.committee or doc.committee,
                                 meeting_date=seg.meeting_date, doc_type=seg.doc_type, page=page.number,
                                 page_end=page.number, printed_page=page.printed, section=section,
                                 item=para.item if para else "", kind="table", rows=tuple(rows[start:end]),
                                 part=display_title(seg), table=stored))
                start = end
            last = table
    return out


def _continued(table: Table, last: Table) -> Table:
    rows = tuple(f"{last.title} — {r}" if last.title and not r.startswith(last.title) else r for r in table.rows)
    if len(last.header) and all(r.count(";") == len(last.header) - 1 for r in table.rows):
        rows = tuple(_rename(r, last.header, last.title) for r in table.rows)
    return Table(title=last.title, header=last.header, lines=table.lines, rows=rows, first_line=table.first_line,
                 last_line=table.last_line, head_lines=last.head_lines, raw_rows=table.raw_rows,
                 cells=table.cells if len(last.header) and all(len(c) == len(last.header) for _, c in table.cells) else (),
                 gridded=last.gridded)


def _rename(row: str, header: tuple[str, ...], title: str) -> str:
    label, _, values = row.rpartition(" — ")
    parts = [v.strip() for v in values.split(";")]
    named = "; ".join(f"{h}: {v}" for h, v in zip(header, parts))
    return " — ".join(x for x in (title, label, named) if x)


def _para_at(paras: list[Para], page: int, line: str = "") -> Para | None:
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
