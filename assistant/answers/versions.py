"""Which version of a paper a question wants, and the sentence saying which version an answer quotes.

Parts found at build time to be versions of one paper (a draft budget to Cabinet, the final budget
to County Council: indexing/versions.py) carry each other's body and date on their chunks. The later
version is preferred; the earlier one when the question asks for a draft, or names the earlier
version's body or month and not the later's.
"""
from __future__ import annotations

import json
import re

from ..records import Chunk
from ..text.normalise import fold_numbers, long_date

# a superseded version's passages count this much less (and a final version's, when the draft is asked
# for): enough to put the wanted version first when both hold the words asked, not to hide either
OTHER_VERSION = 0.85
_EARLIER_ASKED = re.compile(r"\b(?:drafts?|provisional|earlier version|original version|first version|proposed budget)\b", re.I)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def earlier_asked(question: str) -> bool:
    """True when a question asks for a draft or earlier version of a paper."""
    return _EARLIER_ASKED.search(question) is not None


def links(chunk: Chunk) -> dict:
    """The chunk's other versions: {"later": {...}} and/or {"earlier": {...}}, or {}."""
    try:
        return json.loads(chunk.version) if chunk.version else {}
    except ValueError:
        return {}


def _named(about: dict, bodies: tuple[str, ...], month_years: tuple[str, ...]) -> bool:
    committee = (about.get("committee") or "").lower()
    return any(b in committee for b in bodies) or (about.get("meeting_date") or "")[:7] in month_years


def wanted(chunk: Chunk, earlier: bool, bodies: tuple[str, ...], month_years: tuple[str, ...]) -> bool:
    """False when the chunk is one version of a paper and the question wants another one."""
    v = links(chunk)
    here = {"committee": chunk.committee, "meeting_date": chunk.meeting_date}
    if "later" in v:  # this is the earlier version
        return earlier or (_named(here, bodies, month_years) and not _named(v["later"], bodies, month_years))
    if "earlier" in v:  # this is the later version
        return not (earlier or (_named(v["earlier"], bodies, month_years) and not _named(here, bodies, month_years)))
    return True


def prefer_earlier(earlier: bool, bodies: tuple[str, ...], month_years: tuple[str, ...], a: Chunk, b: Chunk) -> bool:
    """Of two passages that are one passage in two versions, True when the question wants the earlier one."""
    first, second = sorted([a, b], key=lambda c: c.meeting_date or "")
    return not wanted(second, earlier, bodies, month_years) or (earlier and wanted(first, earlier, bodies, month_years))


def with_said(chunk: Chunk, texts: dict[str, list[str]]) -> Chunk:
    """The chunk with the retrieved text of its other versions (source -> texts) kept beside it, to
    compare figures: what a draft said where the final version is quoted."""
    from dataclasses import replace

    v = links(chunk)
    changed = False
    for about in v.values():
        said = texts.get(about.get("source", ""))
        if said:
            about["said"] = "\n".join(said)
            changed = True
    return replace(chunk, version=json.dumps(v, ensure_ascii=False, sort_keys=True)) if changed else chunk


def _where(about: dict) -> str:
    body = about.get("committee") or ""
    held = long_date(about.get("meeting_date"))
    return ", ".join(x for x in (f"to {body}" if body else "", held) if x)


def note(chunk: Chunk, quoted: str) -> str:
    """"From the later version (to County Council, 13 February 2025); the earlier version (to Cabinet,
    30 January 2025) said “…”." — the second part only when that version's figures for the quoted line differ."""
    v = links(chunk)
    here = {"committee": chunk.committee, "meeting_date": chunk.meeting_date}
    if "earlier" in v:
        mine, other, names = "later", v["earlier"], ("the later version", "the earlier version")
    elif "later" in v:
        mine, other, names = "earlier", v["later"], ("the earlier version", "the later version")
    else:
        return ""
    text = f"From {names[0]} ({_where(here)})."
    said = _counterpart(quoted, other.get("said") or "")
    if said:
        text = f"From {names[0]} ({_where(here)}); {names[1]} ({_where(other)}) said \u201c{said}\u201d."
    elif mine == "earlier":
        text = f"From {names[0]} ({_where(here)}); a later version went {_where(other)}."
    return text


def _counterpart(quoted: str, said: str) -> str:
    """The line of the other version that is the quoted line with other figures, or ""."""
    if not said:
        return ""
    key = _words(quoted)
    figures = _NUMBER.findall(quoted)
    if len(key) < 12 or not figures:
        return ""
    # its sentences (wrapped across lines) and its lines (a table's rows)
    for line in re.split(r"(?<=[.;])\s+(?=[A-Z0-9£(])", " ".join(said.split())) + said.splitlines():
        if _words(line) == key:
            theirs = _NUMBER.findall(line)
            return " ".join(line.split()) if theirs and theirs != figures else ""
    return ""


def _words(text: str) -> str:
    return re.sub(r"[^a-z]+", "", fold_numbers(text).lower())
