"""Abbreviations a passage defines, so a sentence that uses one is read as holding the words.

Papers spell a term out once and abbreviate it after: "Revenue Support Grant (RSG) is a central
government grant …", then "The RSG allocation for 2025-26 is £15.7m". Asked about "Revenue Support
Grant", the second sentence holds the answer but none of the words.
"""
from __future__ import annotations

import re
from collections.abc import Callable

# "Household Waste Recycling Centres (HWRCs)", "minimum revenue provision (MRP)": the bracket,
# then the words before it
_BRACKET = re.compile(r"\(\s*([A-Z]{2,6})s?\s*\)")
WORD = re.compile(r"[A-Za-z][\w'’-]*")  # a word of a name, its apostrophes and hyphens kept
LINKING = frozenset("of and for the in to on with & a at by".split())  # the small words initials skip


def _initials(word: str) -> str:
    """"Multi-Agency" -> "ma"; "Safeguarding" -> "s"."""
    return "".join(part[0] for part in re.split(r"[-’']", word) if part).lower()


def spelled_out(words: list[str], abbreviation: str) -> str | None:
    """The last words before "(ABBR)" whose initials spell it, or None when none do."""
    target = abbreviation.lower()
    letters = ""
    for start in range(len(words) - 1, -1, -1):
        word = words[start]
        if word.lower() in LINKING:
            continue
        letters = _initials(word) + letters
        if letters == target:
            return " ".join(words[start:])
        if not target.endswith(letters):
            return None
    return None


def defined(text: str) -> dict[str, str]:
    """Each abbreviation the text defines (lower-cased) with the words it stands for."""
    out: dict[str, str] = {}
    if "(" not in text:
        return out
    for m in _BRACKET.finditer(text):
        before = text[max(0, m.start() - 150):m.start()]
        long_form = spelled_out(WORD.findall(before)[-12:], m.group(1))
        if long_form:
            out.setdefault(m.group(1).lower(), long_form)
    return out


# "the s25 statement", "S106 contributions", "a s.114 notice": a section of an Act, as councils write it
_SECTION = re.compile(r"(?<![\w/.'’-])[sS]\.?(\d{1,3}[A-Z]?)(?![\w%/-])")


def sections(question: str, known: Callable[[str], bool]) -> str:
    """The question with a section of an Act written out ("s25" -> "section 25"), as the papers print it;
    a form the papers hold themselves (`known`) is kept."""
    return _SECTION.sub(lambda m: m.group(0) if known(m.group(0)) else f"section {m.group(1)}", question)
