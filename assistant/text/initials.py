"""A body asked about by its initials ("what did SB2 resolve?") read as the body's name.

Members shorten a committee's name the way they say it: "SB2" for the Education and Children's Services
Scrutiny Board (2), "CPP" for the Corporate Parenting Panel. The papers print the name, rarely the initials,
so the initials match nothing and a code no passage holds declines the answer. The names come from the index
(its documents' bodies and the meetings it records); a question's word that spells the initials of a name's
last words, with its number, is read as those words. A word the papers use themselves is left alone.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from .abbreviations import LINKING, WORD

_NUMBER = re.compile(r"\(?\b(\d{1,2})\)?\s*$")
_ASKED = re.compile(r"\b[A-Za-z]{2,6}\d{0,2}\b")
MIN_LETTERS = 3  # initials without a number: "CPP"; two letters alone ("CC") stand for too much


def initials_of(names: Iterable[str]) -> dict[str, str]:
    """Initials (upper case) -> the words they stand for: "SB2" -> "Scrutiny Board (2)", "ECSSB2" -> the whole
    name; initials two names share are left out."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for name in {n.strip() for n in names if n and n.strip()}:
        m = _NUMBER.search(name)
        number = m.group(1) if m else ""
        words = [w for w in WORD.finditer(name[:m.start()] if m else name) if w.group(0).lower() not in LINKING]
        for k in range(len(words) - 1, -1, -1):  # the last word, the last two, … the whole name
            letters = "".join(w.group(0)[0] for w in words[k:]).upper()
            if len(letters) < 2 or not number and len(letters) < MIN_LETTERS:
                continue
            said = name[words[k].start():].strip()  # as printed: "Children and Young People", "Scrutiny Board (2)"
            if said.count(")") > said.count("("):
                said = said.rstrip(")").strip()
            key = letters + number
            if key in out and out[key] != said:
                clash.add(key)
            out[key] = said
    return {k: v for k, v in out.items() if k not in clash}


def expand(question: str, table: dict[str, str], known: Callable[[str], bool]) -> str:
    """The question with each body's initials written out; a word the papers hold (`known`) is kept."""
    def one(m: re.Match) -> str:
        word = m.group(0)
        said = table.get(word.upper())
        if said is None or known(word) or not (word.isupper() or any(ch.isdigit() for ch in word)):
            return word
        return said
    return _ASKED.sub(one, question)
