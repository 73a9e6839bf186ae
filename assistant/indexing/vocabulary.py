"""The papers' surface words and their counts, counted once at build time into `words.tsv` for the speller.

Counting every word of every chunk when an index is opened took 1.7 s of the first answer on the
143 Kent papers; reading the counted file takes a few milliseconds. The file is plain text, one
`word<TAB>count` a line, commonest first. A generation without it (built before it existed, or by
an engine that writes none) is counted from its chunks when the speller first needs it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..records import Chunk

WORDS_FILE = "words.tsv"
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")  # a word as counted, and as the speller looks it up


def surface_words(texts: Iterable[str]) -> Counter:
    """How often each lower-case word is written in the texts."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(w.lower() for w in WORD.findall(text))
    return counts


def chunk_texts(chunks: Iterable[Chunk]) -> Iterable[str]:
    """Every text of the chunks a question's words may come from: body, section, title, body's name, table rows."""
    for c in chunks:
        yield c.text
        yield c.section
        yield c.title
        yield c.committee
        yield from c.rows


def write_words(folder: Path, chunks: Iterable[Chunk]) -> Path:
    """Count the chunks' words into `folder/words.tsv`; the path written."""
    return write_counts(folder, surface_words(chunk_texts(chunks)))


def write_counts(folder: Path, counts: Counter) -> Path:
    """Write word counts already made (the Milvus build sums them per document) into `folder/words.tsv`."""
    path = folder / WORDS_FILE
    lines = (f"{w}\t{n}\n" for w, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
    with open(path, "w", encoding="utf-8") as f:  # inside the generation's .partial folder: no reader sees it half-written
        f.writelines(lines)
    return path


def read_words(folder: Path) -> Counter | None:
    """The counts written by `write_words`, or None when the generation has no such file."""
    try:
        text = (folder / WORDS_FILE).read_text(encoding="utf-8")
    except OSError:
        return None
    counts: Counter = Counter()
    for line in text.splitlines():
        word, sep, n = line.partition("\t")
        if sep and n.isdigit():
            counts[word] = int(n)
    return counts
