"""The head of a set of minutes read into facts: who was present, substituted, attended, apologised, declared.

Coventry heads its minutes with labelled lists ("Members:", "Co-Opted Members:", "Employees (by
Directorate):", "Invited:", "Apologies:"); Kent with "PRESENT:", "ALSO PRESENT:", "IN ATTENDANCE
(VIRTUALLY):" and records apologies, substitutes and declarations in its first numbered items.
"""
from __future__ import annotations

import re

from ..records import Document
from .meetings import CONTEXT_CHARS, Fact, Meeting
from . import motions as motions_
from .minutes import CLOSED, Line, minute_items, minutes_regions

_HONORIFIC = r"(?:Councillors?|Cllr|Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Professor|Prof|Rev)\b"
_POST_NOMINAL = re.compile(r"^(?:CBE|OBE|MBE|KC|QC|DL|JP|BEM|MP)$")
# labels of the head's lists, most specific first
_LABELS = [
    ("apologies", re.compile(r"^apolog", re.I)),
    ("invited", re.compile(r"^invited|^guests?\b", re.I)),
    ("co_opted", re.compile(r"^co-?\s?opted", re.I)),
    ("officers_virtual", re.compile(r"virtual|remote", re.I)),
    ("officers", re.compile(r"^(?:in attendance|employees|officers)", re.I)),
    ("other_members", re.compile(r"^(?:shadow|also present|other members?)", re.I)),
    ("cabinet_members", re.compile(r"^(?:deputy )?cabinet member", re.I)),
    ("present", re.compile(r"^(?:present|members(?: present)?)$", re.I)),
]
_LABEL_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ()'-]{2,60}?)\s*:\s*(.*)$")
_HEAD_END = re.compile(r"^\s*(?:public business|unrestricted items|private business)\b", re.I)
_TIME = re.compile(r"\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s?m\.?", re.I)


_ROLE_PIECE = re.compile(r"^(?:[A-Z][a-z]+ )*(?:Directorate|Member|Manager|Officer|Director|Services?|Counsel|Teacher|"
                         r"School|Skills|Governance|Leader|Lead|Head|Executive|Council)\b|^[a-z]|^[A-Z][a-z]+$")
_NAME_START = re.compile(r"^(?:" + _HONORIFIC + r"\s+)?(?:[A-Z]\.?\s+)+[A-Z][\w'-]+|^" + _HONORIFIC + r"\s+[A-Z]")


SHORT_LINE = 60  # characters: a line of a minutes' head this short ended where its entry ended, not at the margin


def _line_breaks(text: str) -> str:
    """A line break between two names is a separator ('E Ruane' / 'K Jones'), not inside one ('J' / 'Clifford')."""
    out = text.split("\n")
    joined = last = out[0].strip()
    for line in out[1:]:
        prev = joined.rstrip()
        ends_open = re.search(r"(?:\b[A-Z]\.?|\band|,|" + _HONORIFIC + r")$", prev) is not None
        if re.search(r"[A-Za-z]-$", prev):  # "Barrington-" / "King": a hyphenated name broken over a line
            joined = prev + line.strip()
            continue
        # "K Allen - Operations Manager Prospects Service" / "Students from Coventry College": a short line that
        # is a whole entry (a name and its role) is not wrapped, so the next line is an entry of its own
        entry = prev.split("; ")[-1].split(": ")[-1]
        whole = len(last) < SHORT_LINE and entry.strip() == last.split(": ")[-1].strip() \
            and re.search(r"\s[-\u2013]\s", entry) is not None and _NAME_START.match(entry) is not None
        separate = not ends_open and (_NAME_START.match(line.strip()) or whole and line.strip()[:1].isupper())
        joined += ("; " if separate else " ") + line.strip()
        last = line.strip()
    return joined


_INITIALS_NAME = re.compile(r"\s+(?=(?:[A-Z]\.?\s+){1,3}[A-Z][a-z][\w'\u2019-]+)")
_ENDS_IN_NAME_PART = re.compile(r"(?:\b[A-Z]\.?|" + _HONORIFIC + r"|[-\u2013&(])\s*$")


def _initials_start(cur: str, rest: str) -> re.Match | None:
    """A name that starts with initials after another name and its role, with no separator between:
    "A Coles, Education and Skills J Gregg, Director …", "A. Bell (… Directorate) A. Clarkson (…)"."""
    if not cur.strip() or _ENDS_IN_NAME_PART.search(cur):
        return None
    return _INITIALS_NAME.match(rest)


def names(text: str) -> list[str]:
    """A printed list of people split into names, parentheses kept with their name.

    "Councillors L Kelly, R Thay and B Kaur Mrs K Jones" -> four names; "Mr R C Love, OBE" stays one.
    """
    text = _line_breaks(text)
    parts, depth, cur = [], 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0:
            if ch in ",;":
                parts.append((cur, ch))
                cur = ""
                i += 1
                continue
            m = re.match(r"\s+and\s+", text[i:])
            if m:
                parts.append((cur, " and"))
                cur = ""
                i += m.end()
                continue
            m = re.match(r"\s+(?=" + _HONORIFIC + r"\s+[A-Z])", text[i:]) or _initials_start(cur, text[i:])
            if m and cur.strip() and not re.fullmatch(r"\s*" + _HONORIFIC + r"\s*", cur):
                parts.append((cur, ""))
                cur = ""
                i += m.end()
                continue
        cur += ch
        i += 1
    parts.append((cur, ""))
    out: list[str] = []
    joiner = ""
    councillors = False
    group = ""  # "People A Brennan, J Gregg, …, Place G Holmes": the directorate heading the names after it
    for n, (raw, sep) in enumerate(parts):
        p = " ".join(raw.split()).strip(" .")
        if p and sep == "" and joiner in ("", ",") and re.fullmatch(r"[A-Z][a-z]+", p) and n + 1 < len(parts):
            group = p  # a lone word run into the name after it, not after "and": a heading, not a role
            joiner = sep
            continue
        if p and group and _NAME_START.match(p) and not re.match(_HONORIFIC, p):
            p = f"{p}, {group}"
        if p:
            if out and (_POST_NOMINAL.match(p) or _ROLE_PIECE.match(p) and not _NAME_START.match(p)):
                out[-1] += (" and " if joiner == " and" else ", ") + p
            else:
                if re.match(r"^Councillors\s+", p):
                    councillors, p = True, re.sub(r"^Councillors\s+", "Councillor ", p)
                elif re.match(_HONORIFIC, p):
                    councillors = False
                elif councillors and re.match(r"^(?:[A-Z]\.?\s+)+[A-Z]", p) and "co-opted" not in p.lower():
                    p = "Councillor " + p
                out.append(p)
                if joiner == " and":
                    councillors = False  # "Councillors A, B and C" ends at C: a name after it is not titled
        joiner = sep
    return out


def chair_of(members: list[str], role: str) -> tuple[str, str] | None:
    """(name, the list up to that name) of the member marked '(Chair)' / '(Vice-Chairman)'."""
    pattern = r"\(\s*vice[\s-]*chair\w*\s*\)" if role == "vice_chair" else r"\(\s*chair(?:man|person|woman)?\s*\)"
    for i, name in enumerate(members):
        if re.search(pattern, name, re.I):
            return re.sub(r"\s*\(.*?\)", "", name).strip(), ", ".join(members[: i + 1])
    return None


def _person(entry: str) -> dict:
    sub = re.search(r"\(\s*substitut\w*\s+(?:for\s+)?(.+?)\s*\)", entry, re.I)
    role = re.search(r"\(([^)]*)\)", entry)
    return {"name": re.sub(r"\s*\(.*?\)", "", entry).strip(), "role": role.group(1) if role and not sub else None,
            "substitute_for": sub.group(1) if sub else None}


def _blocks(lines: list[Line]) -> list[tuple[str, str, int, str]]:
    """(field, list text, page, label as printed) for each labelled list of a minutes head."""
    # a label broken over lines ("Cabinet / Member / Present:") is joined first
    texts: list[tuple[int, str]] = []
    pending: list[str] = []
    for l in lines:
        t = l.text.strip()
        if pending and t.endswith(":") and len(t) < 25:
            texts.append((l.page, " ".join(pending + [t])))
            pending = []
            continue
        if re.fullmatch(r"[A-Z][a-z]+", t) and len(t) <= 12:
            pending.append(t)
            continue
        if pending:
            texts.extend((l.page, p) for p in pending)
            pending = []
        texts.append((l.page, l.text))
    out: list[list] = []
    for page, t in texts:
        m = _LABEL_LINE.match(t)
        field = next((f for f, rx in _LABELS if m and rx.search(m.group(1).strip())), None) if m else None
        if field:
            out.append([field, m.group(2), page, m.group(1).strip()])
        elif out:
            out[-1][1] += "\n" + t.strip()
    return [(f, text.strip(), page, label) for f, text, page, label in out]


def _head(lines: list[Line]) -> list[Line]:
    items = minute_items(lines)
    stop = items[0].head if items else min(len(lines), 60)
    for i, l in enumerate(lines[:stop]):
        if _HEAD_END.match(l.text):
            return lines[:i]
    return lines[:stop]


def _context(lines: list[Line]) -> str:
    return "\n".join(l.text for l in lines)[:CONTEXT_CHARS]


def from_minutes(doc: Document) -> list[Meeting]:
    """A meeting record for every set of minutes the document prints."""
    out = []
    for region in minutes_regions(doc):
        if not region.lines or not region.meeting_date:
            continue
        out.append(_meeting(doc, region))
    return out


def _meeting(doc: Document, region) -> Meeting:
    lines = region.lines
    head = _head(lines)
    ctx = _context(head)
    facts: dict[str, Fact] = {}

    def put(name: str, value: object, page: int, quote: str, context: str = ctx) -> None:
        if name not in facts:
            facts[name] = Fact(value=value, source=doc.source, page=page, quote=" ".join(quote.split()),
                               context=context)

    for field, text, page, label in _blocks(head):
        if not text:
            continue
        people = names(text)
        text = " ".join(text.split())
        if field == "present":
            entries = [_person(p) for p in people]
            put("present", entries, page, f"{label}: {text}"[:300])
            for role in ("chair", "vice_chair"):
                found = chair_of(people, role)
                if found:
                    put(role, found[0], page, f"{label}: {found[1]}")
            subs = [{"name": e["name"], "substitute_for": e["substitute_for"]} for e in entries if e["substitute_for"]]
            if subs:
                quote = next(p for p in people if "substitut" in p.lower())
                put("substitutes", subs, page, quote)
        else:
            put(field, people, page, f"{label}: {text}"[:300])
    heading = " ".join(" ".join(l.text for l in lines[:8]).split())
    start = re.search(r"held (?:at|on) .{0,20}?(" + _TIME.pattern + ")", heading, re.I)
    if start:
        put("start_time", start.group(1), lines[0].page, start.group(0))
    _sentences(doc, lines, put)
    moved = motions_.read(lines)
    if moved:  # each motion keeps its own page and words; the fact's page and quote are the first's
        put("motions", moved, moved[0]["page"], moved[0]["quote"], moved[0]["quote"])
    closed = _closed(doc, region)
    if closed:
        put("closed", closed[0], closed[1], closed[2], closed[2])
    return Meeting(committee=region.committee, meeting_date=region.meeting_date, sources=(doc.source,), **facts)


def _closed(doc: Document, region) -> tuple[str, int, str] | None:
    """'(Meeting closed at 4.00 pm)': the line just after the minutes' last line."""
    last = region.lines[-1].page
    for p in doc.pages:
        if p.number < last or p.number > last + 1:
            continue
        for t in p.text.splitlines():
            if CLOSED.match(t):
                m = _TIME.search(t)
                if m:
                    return m.group(0).strip(), p.number, t.strip()
    return None


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_APOLOGIES = re.compile(r"apologies (?:for absence )?(?:were )?(?:received |reported )?from (.+)", re.I)
APOLOGIES_GAP = 3  # sentences: a second "apologies from …" this close is the same item's (the Chairman's own list)
_NO_APOLOGIES = re.compile(r"^\s*(?:no|there were no) apologies\b", re.I)
_SUBSTITUTED = re.compile(r"([A-Z][\w'-]+(?: [A-Z][\w'-]+)+) who was substituted by ([A-Z][\w'-]+(?: [A-Z][\w'-]+)+)")
# "Ms L Game and Ms T Scott were in attendance virtually", "Ms Grehan had given her formal apologies but was
# attending the meeting virtually"
_VIRTUAL = re.compile(r"^(.+?) (?:had given (?:her|his|their) (?:formal )?apologies but )?(?:were|was) "
                      r"(?:in attendance|attending(?: the meeting)?) virtually", re.I)
_DECLARED = re.compile(r"declared (?:an?|their|his|her) (?:[\w-]+ )*?interest", re.I)
_NO_INTERESTS = re.compile(r"\b(?:there were no|no) (?:disclosable pecuniary |declarations of )?(?:interests?|declarations)\b", re.I)
# "as the whole meeting had been held at President Kennedy School", "allowing the Board to hold the meeting in
# their Boardroom"
_HELD_AT = re.compile(r"\b(?:meeting (?:had been|was) held|(?:hold|held|holding) the meeting) (?:at|in) "
                      r"((?:the |their |its )?[A-Z][\w'-]+(?: [A-Z][\w'-]+)*)")
_PLACE_HEAD = re.compile(r"minutes of (?:a|the) meeting .{0,80}?held in (?:the )?(.+?)(?: on \w+day|\.\s|$)", re.I)
_ELECTED = re.compile(r"\b(" + _HONORIFIC + r"\s+(?:[A-Z]\.?\s+)*[A-Z][\w'-]+) be elected to (?:the )?chair\b", re.I)
_PREVIOUS = re.compile(r"minutes of the meetings? held on ((?:\d{1,2}(?:st|nd|rd|th)? \w+,? \d{4}(?: and )?)+)\s*"
                       r"(?:were|was|be)\s+(?:approved|agreed|signed|a correct|confirmed)", re.I)


def _sentences(doc: Document, lines: list[Line], put) -> None:
    """Facts stated in sentences: apologies, substitutes, virtual attendance, declarations, place, minutes approved."""
    sentences = _split(lines)
    heading = " ".join(" ".join(l.text for l in lines[:10]).split())
    m = _PLACE_HEAD.search(heading)
    if m:
        put("place", m.group(1).strip(" ,."), lines[0].page, m.group(0), _context(lines[:12]))
    interests: list[dict] = []
    interest_quote: tuple[int, str, str] | None = None
    apologised: list[tuple] = []  # (sentence number, page, sentence, context, names) of each apologies sentence
    for n, (at, s) in enumerate(sentences):
        page, ctx = lines[at].page, _context(lines[max(0, at - 3):at + 12])
        m = _APOLOGIES.search(s)
        if m:  # "The Democratic Services Manager reported apologies from …" then "The Chairman reported apologies from …"
            people = names(re.sub(r"\s+who was substituted by .*$", "", m.group(1)).rstrip("."))
            if apologised and n - apologised[-1][0] <= APOLOGIES_GAP:
                apologised.append((n, page, s, ctx, people))
            elif not apologised:
                apologised.append((n, page, s, ctx, people))
        elif _NO_APOLOGIES.match(s):
            put("apologies", [], page, s, ctx)
        m = _SUBSTITUTED.search(s)
        if m:
            put("substitutes", [{"name": m.group(2), "substitute_for": m.group(1).split()[-2] + " " +
                                 m.group(1).split()[-1]}], page, m.group(0), ctx)
        m = _VIRTUAL.match(s)
        if m:
            put("officers_virtual", names(m.group(1)), page, s, ctx)
        m = _HELD_AT.search(s)
        if m:  # the whole sentence: its start says whose place it was ("… from Coventry College … their Boardroom")
            put("place", m.group(1), page, re.sub(r"^\(?\d+\)?\.?\s+", "", s.strip())[:300], ctx)
        m = _PREVIOUS.search(s)
        if m:
            put("previous_minutes", m.group(1), page, s, ctx)
        m = _ELECTED.search(s)
        if m:  # the whole sentence: it names who proposed and seconded the election
            put("chair", m.group(1), page, re.sub(r"^\(?\d+\)?\.?\s+", "", s.strip()), ctx)
        if _DECLARED.search(s) and not re.match(r"^\s*(?:members(?!\s+who\s+(?:were|are)\b)|any member)", s, re.I):
            interests.append({**_interest(s, _after(sentences, n)), "page": page})  # it may sit on a later page
            said = interests[-1]["nature"]
            if len(interests) == 1:
                interest_quote = (page, said, ctx)
            else:
                interest_quote = (interest_quote[0], (interest_quote[1] + " " + said)[:500], interest_quote[2])
        elif _NO_INTERESTS.search(s) and interest_quote is None and not interests:
            interest_quote = (page, s, ctx)
    if interest_quote:
        put("interests", interests, interest_quote[0], interest_quote[1], interest_quote[2])
    if apologised:
        _, page, _, ctx, _ = apologised[0]
        put("apologies", [p for a in apologised for p in a[4]], page, " ".join(a[2] for a in apologised), ctx)


def _split(lines: list[Line]) -> list[tuple[int, str]]:
    """The sentences of the minutes, each with the index of the line it starts on. A short line with no
    closing stop (a heading: '23. Declarations of Interests') ends a sentence too."""
    out: list[tuple[int, str]] = []
    cur, at = "", 0
    for i, l in enumerate(lines):
        t = " ".join(l.text.split())
        if not t:
            continue
        if not cur:
            at = i
        cur += ("" if re.search(r"[A-Za-z]-$", cur) else " " if cur else "") + t  # "Barrington-" / "King"
        if len(t) < 60 and not re.search(r"[.,;:]$|[A-Za-z]-$", t) and \
                not re.search(r"\b(?:and|of|the|to|from|by|in)$", t):
            out.append((at, cur))
            cur = ""
            continue
        pieces = _SENT.split(cur)
        for p in pieces[:-1]:
            out.append((at, p))
        cur = pieces[-1]
        if cur != t and len(pieces) > 1:
            at = i
        if re.search(r"[.!?]['\")]*$", t):
            out.append((at, cur))
            cur = ""
    if cur:
        out.append((at, cur))
    return out


def _after(sentences: list[tuple[int, str]], n: int) -> str:
    """The sentence after a declaration, when it goes on about it ("As this was not … she remained …")."""
    if n + 1 >= len(sentences):
        return ""
    nxt = sentences[n + 1][1]
    return "" if _DECLARED.search(nxt) or len(nxt) > 300 else nxt


def _interest(s: str, after: str = "") -> dict:
    """Who declared, on which item, the words of it, and whether they left the room (None when not said)."""
    m = _DECLARED.search(s)
    who = s[: m.start()].strip()
    # the members named before "declared", as printed: "Mrs Chandler and Mr Rayner", not just the last of them
    person = _HONORIFIC + r"\s+(?:[A-Z]\.?\s+)*[A-Z][\w'-]+"
    named = re.search(rf"{person}(?:\s*(?:,|\band\b)\s*{person})*\s*$", who)
    if named:
        who = named.group(0)
    who = re.sub(r"^\(?\d+\)?\s*|^(?:later in the meeting|at this point|during this item),?\s*", "", who, flags=re.I)
    item = re.search(r"\b(?:in|under|on) (?:the )?(item\b.*?)(?:\s+as\b|,|\.|$)", s[m.end():], re.I)
    left = None
    nature = s.strip()
    for text in (s, after):
        if re.search(r"\b(?:left|leave|withdrew|withdraw)\b.*\b(?:room|meeting|chamber)\b", text, re.I):
            left = True
        elif re.search(r"\bremained\b", text, re.I):
            left = False
        if left is not None:
            nature = nature if text is s else f"{nature} {after.strip()}"
            break
    return {"who": who.strip(" ,") or None, "item": item.group(1).strip() if item else None, "nature": nature,
            "left_room": left}
