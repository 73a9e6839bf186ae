"""Motions and amendments moved at a meeting: who proposed, who seconded, under which item, on which page.

Kent's minutes record each one as "Mr Oakford proposed, and Mr Gough seconded the motion that: …"
(or "… the following amendment: …", "… seconded, that the Council formally record …"). Each becomes
one entry of the meeting record's `motions` fact, with the minute item it sits under and its own page.
"""
from __future__ import annotations

import bisect
import re

from .minutes import Line, looks_heading, minute_items

# a mover as printed: "Mr Oakford", "Jenni Hawkins", "The Chairman", "Mr Derek Murphy" (up to four words)
_NAME = r"(?:[Tt]he\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3}"
_TITLE = r"(?:,\s+[^.;]{3,120}?,)?"  # "Mr Oakford, Deputy Leader and Cabinet Member for Finance, …, seconded"
_MOVED = re.compile(rf"({_NAME}){_TITLE}\s+proposed,?\s+and\s+({_NAME}){_TITLE}\s+(?i:seconded)\b,?\s*"
                    r"(?:(?:the\s+)?(?:following\s+|above\s+)?(motion|amendment)\b)?")
# the motion's words end at the minute's next numbered paragraph ("6) …"), its resolution, or the next minute
# ("279.   Section 25 Report"); a numbered list inside the motion ("1. To declare …") does not end them
_NEXT_PARAGRAPH = re.compile(r"\n\s*\(?\d{1,2}\)\s|\n\s*RESOLVED\b|\n\s*\d{2,4}\.\s{2,}[A-Z]")
# how the minutes record the outcome: "Amendment lost.", "Substantive Motion Carried.", "Carried: For (39), …"
_RESULT = re.compile(r"\b(?:(substantive\s+motion|motion|amendment)\s+(carried|lost|agreed|defeated|fell|withdrawn)\b|"
                     r"\b(carried|lost)\s*:)", re.I)
_VOTE = re.compile(r"\b(for|against|abstain)\w*\s*\((\d{1,3})\)", re.I)
VOTERS_CHARS = 2000  # the names under one count, kept when no longer than this (a recorded vote of 81 members)
RESULT_CHARS = 6000  # an outcome is looked for this far after a motion at most (the recorded votes list names)
HEADING_LINES = 3  # lines above a motion searched for its own heading ("Motion for Time Limited Debate 3 – …")
MOTION_CHARS = 400  # the words of a motion kept with it: enough to tell one from another, not the whole text
QUOTED_CHARS = 1500  # a motion quoted in full ("… asked to: “(1) Endorse … (5) Expects …”") is kept to its closing quote
_OPEN_QUOTE = re.compile(r"[^“\".]{0,200}?[“\"]")  # the motion's words open with a quotation mark, no sentence before it


def _heading(line: str) -> bool:
    """A motion's own heading ("Motion for Time Limited Debate 3 – 'Family Farm Tax'"), not the tail of a
    sentence above it ("Gough, Mr Rayner, Mr Holden … and Mr Lehmann.")."""
    return looks_heading(line) and not line.startswith("(") and not re.search(r"[.,;:]\s*$", line) \
        and line.count(",") <= 1 and not re.match(r"\d{1,2}[.)]\s", line)  # "3. Agree to …" is a motion's own point


def _flat(text: str) -> str:
    return " ".join(text.split())


def read(lines: list[Line]) -> list[dict]:
    """Every "X proposed, and Y seconded …" in a set of minutes, in the order printed.

    Each entry: proposer, seconder, kind ("motion", "amendment" or None when the paper says only
    "seconded that …"), the minute item's number and title, the heading printed just above it (one
    item may hold several motions), the motion's words, the page it is
    printed on, and the quote (the sentence as printed, cut to MOTION_CHARS).
    """
    if not lines:
        return []
    text, starts = "", []
    for l in lines:
        starts.append(len(text))
        text += l.text + "\n"
    items = minute_items(lines)
    heads = [it.head for it in items]
    found = []  # (match, its line, its heading's line or None)
    for m in _MOVED.finditer(text):
        at = bisect.bisect_right(starts, m.start()) - 1
        k = bisect.bisect_right(heads, at) - 1
        item = items[k] if k >= 0 else None
        above = [i for i in range(max(item.start if item else 0, at - HEADING_LINES), at) if lines[i].text.strip()]
        heading = next((i for i in reversed(above) if _heading(lines[i].text.strip())), None)
        found.append((m, at, item, heading))
    out: list[dict] = []
    for n, (m, at, item, heading) in enumerate(found):
        stop = _NEXT_PARAGRAPH.search(text, m.end())
        ends = [stop.start() if stop else len(text), m.end() + MOTION_CHARS]
        opened = _OPEN_QUOTE.match(text, m.end())
        closed = re.search(r"[”\"]", text[opened.end(): opened.end() + QUOTED_CHARS]) if opened else None
        if closed:  # its own numbered points ("(1) Endorse …") are the motion's words, not the minutes' next paragraph
            ends = [opened.end() + closed.end()]
        if n + 1 < len(found):  # the next motion, and the heading printed above it, are not this one's words
            nxt = found[n + 1]
            ends.append(starts[nxt[3]] if nxt[3] is not None else nxt[0].start())
        body = text[m.end(): max(m.end(), min(ends))]
        quote = _flat(text[m.start(): m.end()] + body)
        entry = {"proposer": _flat(m.group(1)), "seconder": _flat(m.group(2)), "kind": m.group(3),
                 "item": item.number if item else None, "title": item.title if item else None,
                 "heading": lines[heading].text.strip() if heading is not None else None,
                 "text": _flat(body).strip(" :\u201c\u201d\""), "page": lines[at].page,
                 "quote": quote[:MOTION_CHARS]}
        # an amendment's outcome is printed before the next motion is moved; a motion's may come after its
        # amendments' ("Substantive Motion Carried."), so before the next motion (not amendment) is moved
        later = [f[0].start() for f in found[n + 1:] if m.group(3) == "amendment" or f[0].group(3) != "amendment"]
        upto = min(later[0] if later else len(text), m.end() + (RESULT_CHARS if m.group(3) == "amendment" else 4 * RESULT_CHARS))
        entry.update(_outcome(text, m.end(), upto, m.group(3), starts, lines))
        out.append(entry)
    return out


def _outcome(text: str, start: int, stop: int, kind: str | None, starts: list[int], lines: list[Line]) -> dict:
    """The outcome recorded for the motion moved at `start`, before the next motion is moved: "lost" or "carried",
    the votes, and the line that says so with its page. Nothing when the outcome printed there is another's
    (the substantive motion's, after its last amendment)."""
    r, since = None, start
    for n, hit in enumerate(_RESULT.finditer(text, start, stop)):
        said = (hit.group(1) or "").lower()
        other_kind = bool(said and kind and (kind == "amendment") != ("amendment" in said))
        if other_kind or (not said and n):  # "Amendment lost." after a motion; a bare "Carried:" after another's
            if kind == "amendment" or not said:
                return {}  # the next outcome printed is another's
            since = hit.end()  # an amendment's outcome: the motion's own comes later
            continue
        r = hit
        break
    if r is None:
        return {}
    votes: dict[str, tuple[int, str]] = {}
    voters: dict[str, str] = {}  # the names printed under each count, as printed
    # the counts before "Amendment lost."; after "Carried:" ("Carried: For (39), Against (3), Abstain (0)")
    found = list(_VOTE.finditer(text, since, min(stop, r.end() + 80) if r.group(3) else r.start()))
    for k, v in enumerate(found):
        votes[v.group(1).lower()] = (int(v.group(2)), v.group(0))
        upto = found[k + 1].start() if k + 1 < len(found) else r.start()
        names = _flat(text[v.end():upto]).strip(" ,.")
        if names and not r.group(3) and len(names) <= VOTERS_CHARS:
            voters[v.group(1).lower()] = names
    at = bisect.bisect_right(starts, r.start()) - 1
    result = (r.group(2) or r.group(3)).lower()
    # the counts and the outcome as printed, the lists of names between them left out
    said = " … ".join([w for _, w in votes.values()] + [r.group(0).rstrip(" :")]) if votes else r.group(0)
    return {"result": "carried" if result == "agreed" else result, "votes": {k: n for k, (n, _) in votes.items()} or None,
            "voters": voters or None,
            "result_quote": said + ("." if not said.endswith(".") else ""), "result_page": lines[at].page}
