"""The quotable pieces of a chunk: its sentences, or its table rows read with their headings."""
from __future__ import annotations

import re

from .records import Chunk

# a new unit starts after a sentence end, or at a bullet / numbered paragraph on a new line
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£\d\"'•])|\n(?=\s*(?:[•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s|[a-z]\)|\([a-z]\)))")
# a line break that is only a wrapped line (no sentence end before it, no bullet after it)
_WRAP = re.compile(r"(?<![.!?:;])\n(?![•●▪\-–]|\d{1,2}(?:\.\d+)*\.?\s)")


def units(chunk: Chunk) -> list[str]:
    """Sentences of a text chunk; rows (with title and column headings) of a table chunk."""
    if chunk.kind == "table" and chunk.rows:
        return list(chunk.rows)
    text = _WRAP.sub(" ", chunk.text)
    return [u.strip() for u in _SPLIT.split(text) if len(u.strip()) > 3]
