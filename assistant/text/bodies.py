"""One name per body: a canonical key for a committee's name across spellings, and its display form.

Packs and file names spell the same body several ways ("Education and Childrens Services Scrutiny
Board 2", "Education and Children's Services Scrutiny Board (2)", "CABINET MEMBER (CHILDREN AND
YOUNG PEOPLE)"). `canonical` folds case, apostrophes, punctuation and numbering into one key;
`display` gives the printed form a person reads. A name that is no body (a stray fragment of a
sentence, a row of a table) is "unknown".
"""
from __future__ import annotations

import re

UNKNOWN = "unknown"
# words a body's name is made of besides its subject: a name holding none of them, or holding a
# sentence's words, is a fragment of text ("Leaders of two-tier councils and")
_BODY_WORDS = re.compile(r"\b(?:council|cabinet|board|committee|panel|group|forum|scrutiny|member|executive|"
                         r"partnership|commission|assembly|authority|trust|sub-committee)\b", re.I)
_NOT_A_NAME = re.compile(r"\b(?:recommendation|replace|making|changes|total|ref|external|core|leaders of)\b", re.I)
# a political group ("Kent County Council Labour Group", "Liberal Democrat Group") moves amendments but is
# no body of the council: papers it writes went to the meeting that debated them
_PARTY = re.compile(r"\b(?:labour|conservatives?|liberal democrats?|lib dems?|greens?|independents?|reform|"
                    r"plaid cymru|snp)\b(?:\s+(?:and|&)\s+\w+)?\s+(?:political\s+)?group\b|\bpolitical group\b", re.I)
# a trailing dash, comma or colon left by "To: Cabinet – 30 January 2025"
_TRAIL = re.compile(r"[\s,;:–—\-]+$")
_LEAD = re.compile(r"^[\s,;:–—\-]+")
_SPELLINGS = ((re.compile(r"\bchildrens\b", re.I), "Children's"),)
_NUMBERED = re.compile(r"^(.*\b(?:board|committee|panel|group))\s+\(?(\d{1,2})\)?$", re.I)
_SMALL = {"and", "of", "the", "for", "in", "on", "to", "with"}


def display(name: str | None) -> str:
    """The form of a body's name a person reads: "Education and Children's Services Scrutiny Board (2)"."""
    text = " ".join((name or "").replace("\u2019", "'").split())
    text = re.split(r"\s*[–—]\s*|\s+-\s+", text)[0]  # "CORPORATE PARENTING PANEL– 29 October 2024"
    text = _LEAD.sub("", _TRAIL.sub("", text))
    if not text or not _BODY_WORDS.search(text) or _NOT_A_NAME.search(text) or _PARTY.search(text) or len(text) > 90:
        return UNKNOWN
    for rule, spelled in _SPELLINGS:
        text = rule.sub(spelled, text)
    m = _NUMBERED.match(text)
    if m:
        text = f"{m.group(1)} ({m.group(2)})"
    if text.isupper():  # "CABINET MEMBER (CHILDREN AND YOUNG PEOPLE)": printed as a heading
        text = " ".join(w.lower() if w.lower() in _SMALL and i else w.capitalize()
                        for i, w in enumerate(text.lower().split()))
        text = re.sub(r"\(([a-z])", lambda m: "(" + m.group(1).upper(), text)
    return text


def canonical(name: str | None) -> str:
    """The key two spellings of one body share ("scrutiny board 2" for "(2)" and "2", "children" for
    "Childrens" and "Children's"); "unknown" for a name that is no body."""
    shown = display(name)
    if shown == UNKNOWN:
        return UNKNOWN
    key = shown.lower().replace("'s", "s").replace("'", "")
    key = re.sub(r"\bchildrens\b", "children", key)
    key = re.sub(r"[^a-z0-9]+", " ", key)
    return " ".join(key.split())


def matches(asked: str, name: str | None) -> bool:
    """True when a body asked for by a user ("cab", "Scrutiny Board 2") names the body `name`."""
    want = canonical(asked) if _BODY_WORDS.search(asked or "") else " ".join(re.sub(r"[^a-z0-9]+", " ", asked.lower()).split())
    return bool(want) and want in canonical(name)
