"""The quotable pieces of a chunk: its sentences, or its table rows read with their headings; and the pieces no
answer quotes (a paragraph's number alone, a contents entry)."""
from __future__ import annotations

import re

from ..records import Chunk

# a new unit starts after a sentence end, or at a bullet / numbered paragraph on a new line
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£\d\"'•])|\n(?=\s*(?:[•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s|[a-z]\)|\([a-z]\)))")
# a line break that is only a wrapped line (no sentence end before it, no bullet after it)
_WRAP = re.compile(r"(?<![.!?:;])\n(?![•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s)")


# a line ending in a word that cannot end a sentence runs on, even into a line that starts with a figure
_OPEN_END = re.compile(r"\b(?:on|of|to|by|at|in|the|a|an|and|or|for|from|with|than|between|is|was|were|be|been)\s*$",
                       re.I)
_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                   r"(?:\s+\d{4})?", re.I)
_BULLET = re.compile(r"\s*[•●▪\-–]")
# after a list entry ("• Islands Grant (…)"), a line that starts like a sentence starts one ("The Council's …")
_STARTS_SENTENCE = re.compile(r"\s*(?:The|This|These|Those|It|Its|In|As|However|We|Our|There|Overall)\b")
WRAP_MIN = 45  # characters: a shorter line without a sentence end is a heading, not a wrapped line
_FIGURE = re.compile(r"(?<![\w.])[-(£]?\d[\d,.]*%?[)km]?(?!\w)")


def row_like(line: str) -> bool:
    """A line of figures from a table, which must not be run into the prose around it."""
    figures = _FIGURE.findall(_DATE.sub(" ", line))  # "25 February 2020." is a date, not a row of figures
    return len(figures) >= 2 and len(line) < 200 and len(figures) >= len(line.split()) / 3


def text_units(text: str, wrap_min: int = WRAP_MIN) -> list[str]:
    """Sentences of running text; each line of figures stands as a unit of its own.

    Args:
        wrap_min: a line shorter than this with no sentence end is not run into the next one
            (0 joins every unpunctuated line break, as retrieval's coarser reading does).
    """
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            # a line runs on into the next only when it was wrapped: long, and no sentence end;
            # short unpunctuated lines are headings or list entries and stand alone
            joined = block[0]
            for prev, line in zip(block, block[1:]):
                # a line that starts in lower case carries on the one before ("… days between a" / "child
                # entering care"), and so does one after a word no sentence ends in ("… held on" / "25 February")
                wrapped = (len(prev.strip()) >= wrap_min or line[:1].islower()) and _WRAP.search(prev + "\n" + line) \
                    and not (_BULLET.match(prev) and _STARTS_SENTENCE.match(line)) \
                    or _OPEN_END.search(prev) is not None and not _BULLET.match(line)
                joined += (" " if wrapped else "\n") + line
            for piece in joined.split("\n"):
                out.extend(u.strip() for u in _SPLIT.split(piece) if len(u.strip()) > 3)
            block.clear()

    for line in text.splitlines():
        if row_like(line):
            flush()
            out.append(" ".join(line.split()))
        else:
            block.append(line)
    flush()
    return out


def units(chunk: Chunk, wrap_min: int = WRAP_MIN) -> list[str]:
    """Sentences of a text chunk; rows (with title and column headings) of a table chunk."""
    if chunk.kind == "table" and chunk.rows:
        return list(chunk.rows)
    return text_units(chunk.text, wrap_min)


_PARAGRAPH_NUMBER = re.compile(r"\(?\d{1,2}(?:\.\d{1,2})+\.?\)?")
_CONTENTS_LINE = re.compile(r"(?:\.\s?){6,}|…{3,}|(?:_\s?){6,}")  # a contents page's leader dots
_PAGE_AFTER_TITLE = re.compile(r"[A-Za-z)]\s{2,}(\d{1,3})(?=\s+[A-Z]|\s*$)")  # "Family Hub  42 Response"
CONTENTS_ENTRIES = 3  # page numbers after titles, rising, that make a run of contents entries


def unquotable(unit: str) -> bool:
    """A piece no answer quotes: no word, a paragraph's number alone ("2.3."), or a contents entry: leader dots
    ("Conference 2024 ........ 10"), or entries run together, each title followed by its page number after a
    wide gap, the numbers rising ("… Seashells Family Hub  42 Response to consultation – Millmead Family Hub  49 …
    Next steps  56")."""
    if not re.search(r"\w", unit) or _PARAGRAPH_NUMBER.fullmatch(unit) or _CONTENTS_LINE.search(unit):
        return True
    pages = [int(m.group(1)) for m in _PAGE_AFTER_TITLE.finditer(unit)]
    return len(pages) >= CONTENTS_ENTRIES and pages == sorted(pages) and len(set(pages)) == len(pages)
