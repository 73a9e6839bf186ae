"""A ruled table's caption: a numbered caption or paragraph above it, its title bar, or the short title just above,
joined to the title of the family of tables it belongs to ("… attendees per level and sector — LEVEL 3")."""
from __future__ import annotations

import re
from dataclasses import replace

from .tables import Table

CAPTION = re.compile(r"^(Table|Figure|Chart|Appendix)\s+([A-Z]?\d+(?:\.\d+)*[a-z]?|[A-Z])\b\s*[:.\-–—]?", re.I)
_PARA = re.compile(r"^\d+(\.\d+)+\s+\S")


def caption_of(lines_above: list[str], caption_in: str) -> tuple[str, str]:
    """(caption, the text introducing the table) from the lines just above a table and its title bar, if any."""
    near = list(range(len(lines_above) - 1, max(-1, len(lines_above) - 7), -1))
    hit = next((i for i in near if CAPTION.match(lines_above[i])), None)
    para = next((i for i in near if _PARA.match(lines_above[i])), None)
    caption, intro = "", ""
    if hit is not None:
        caption, intro = lines_above[hit], " ".join(lines_above[max(0, hit - 4):hit])
        if caption_in and caption_in not in caption:  # the title bar names the table's part
            caption = f"{caption} — {caption_in.replace(caption + ' — ', '')}"
    elif caption_in or para is not None:
        caption, intro = (caption_in, "") if caption_in else (lines_above[para], " ".join(lines_above[para + 1:]))
    elif lines_above and len(lines_above[-1]) < 120:
        first = _title_start(lines_above)
        caption, intro = " ".join(lines_above[first:]), " ".join(lines_above[max(0, first - 4):first])
        if _part_label(caption) and first > 0 and _title_like(lines_above[first - 1]):
            # "LEVEL 1" under "2011-12 Programme Year- Number of attendees per level": the part under its title
            caption, intro = f"{lines_above[first - 1]} — {caption}", " ".join(lines_above[max(0, first - 5):first - 1])
    return _years_mended(caption), intro


# a year range whose glyphs a PDF sets apart ("202 5 - 2 6"), read as the one word it prints ("2025-26")
_SPACED_YEARS = re.compile(r"\b(20\d) (\d) ?([-–/]) ?(\d) ?(\d)\b")
# a year range typed with a zero too many ("20011-12 Programme Year"): its second year says which it is
_EXTRA_ZERO = re.compile(r"\b200(\d\d)([-–/])(\d\d)\b")


def _years_mended(caption: str) -> str:
    """The caption with its year ranges as printed ("202 5 - 2 6" -> "2025-26", "20011-12" -> "2011-12")."""
    caption = _SPACED_YEARS.sub(r"\1\2\3\4\5", caption)
    return _EXTRA_ZERO.sub(lambda m: f"20{m.group(1)}{m.group(2)}{m.group(3)}"
                           if (int(m.group(1)) + 1) % 100 == int(m.group(3)) else m.group(0), caption)


TITLE_LINES = 3  # a title above a table runs over at most this many lines
PART_WORDS = 3  # a caption of at most this many words ("LEVEL 3", "Table A") names a part, not the table


def _part_label(caption: str) -> bool:
    """A caption too short to say what the table is about: one part of a family of tables under one title."""
    return 0 < len(caption.split()) <= PART_WORDS and " — " not in caption and not CAPTION.match(caption)


def _title_like(line: str) -> bool:
    """A line that can title the tables below it: short, not a sentence's end, not a run of figures."""
    line = line.strip()
    return 12 <= len(line) < 120 and not line.endswith((".", ",", ";")) and line[:1].isalnum() \
        and not line[:1].islower() and sum(ch.isalpha() for ch in line) > len(line) / 2


def titled(tables: list[Table]) -> list[Table]:
    """Tables of one family ("LEVEL 1", "LEVEL 2", "LEVEL 3" under one title) each carry the family's title:
    the first has it from the line above it, the next ones from the table before them."""
    out: list[Table] = []
    for t in tables:
        prev = out[-1] if out else None
        if prev is not None and _part_label(t.caption) and " — " in prev.caption \
                and _part_label(prev.caption.rsplit(" — ", 1)[1]) and t.first_page - prev.last_page <= 1:
            t = replace(t, caption=f"{prev.caption.rsplit(' — ', 1)[0]} — {t.caption}")
        out.append(t)
    return out


def _title_start(lines: list[str]) -> int:
    """Where the title just above a table starts: a line that begins in lower case or with a bracket
    ("people, 0-18 years … by postcode", "(Throughout)") carries on the line before it."""
    first = len(lines) - 1
    while first > 0 and len(lines) - first < TITLE_LINES and lines[first][:1] and (
            lines[first][0].islower() or lines[first][0] in "(["):
        first -= 1
    return first
