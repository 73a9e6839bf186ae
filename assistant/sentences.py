"""The quotable pieces of a chunk: its sentences, or its table rows read with their headings."""
from __future__ import annotations

import re

from .records import Chunk

# a new unit starts after a sentence end, or at a bullet / numbered paragraph on a new line
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£\d\"'•])|\n(?=\s*(?:[•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s|[a-z]\)|\([a-z]\)))")
# a line break that is only a wrapped line (no sentence end before it, no bullet after it)
_WRAP = re.compile(r"(?<![.!?:;])\n(?![•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s)")


_FIGURE = re.compile(r"(?<![\w.])[-(£]?\d[\d,.]*%?[)km]?(?!\w)")


def _row_like(line: str) -> bool:
    """A line of figures from a table, which must not be run into the prose around it."""
    figures = _FIGURE.findall(line)
    return len(figures) >= 2 and len(line) < 200 and len(figures) >= len(line.split()) / 3


def text_units(text: str) -> list[str]:
    """Sentences of running text; each line of figures stands as a unit of its own."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            joined = _WRAP.sub(" ", "\n".join(block))
            out.extend(u.strip() for u in _SPLIT.split(joined) if len(u.strip()) > 3)
            block.clear()

    for line in text.splitlines():
        if _row_like(line):
            flush()
            out.append(" ".join(line.split()))
        else:
            block.append(line)
    flush()
    return out


def units(chunk: Chunk) -> list[str]:
    """Sentences of a text chunk; rows (with title and column headings) of a table chunk."""
    if chunk.kind == "table" and chunk.rows:
        return list(chunk.rows)
    return text_units(chunk.text)
