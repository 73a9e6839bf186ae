"""A front sheet read into a meeting record: time, place, membership, contact officer, date issued, agenda items.

Coventry's front sheet has "Time and Date" and "Place" headings, a membership list and a notes
paragraph naming the contact; Kent's agenda has the date, time and place at its head with "Ask
for:", and its council summons says where "a meeting … will be held". `extract` gives every
meeting a document holds, its own and those whose minutes it prints.
"""
from __future__ import annotations

import re

from ..records import Document
from .attendance import chair_of, from_minutes, names
from .letters import covering_letter
from .meetings import CONTEXT_CHARS, Fact, Meeting, merge
from .parts import segments
from .structure import TEXT_DATE, file_date, parse_date


def extract(doc: Document) -> list[Meeting]:
    """The meetings a document holds: the one its front sheet announces and those whose minutes it prints."""
    found: list[Meeting] = []
    front = front_sheet(doc)
    if front is not None:
        found.append(front)
    letter = covering_letter(doc)
    if letter is not None:
        found.append(letter)
    found.extend(from_minutes(doc))
    return merge([m for m in found if m.stated() or m.agenda])  # a part that only looked like minutes says nothing



_TIME = r"\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s?m\.?"
_TIME_RE = re.compile(_TIME, re.I)
_WEEKDAY_DATE = re.compile(r"^\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+\d{1,2}(?:st|nd|rd|th)?"
                           r"\s+[a-z]+,?\s+\d{4}\s*$", re.I)
_PERSON = r"[A-Z][a-z][\w'-]+ [A-Z][\w'-]+"  # "Lara Knight"
_PHONE = re.compile(r"(?:\(?0\d{2,4}\)?\s?)?\d{3,4}\s?\d{3,4}(?:/\d{3,4})?")
_EMAIL = re.compile(r"[\w.+-]+@[a-z0-9-]+(?:\s*\.\s*[a-z][a-z0-9-]*)+")
_SIGNATORY_TITLE = re.compile(r"\b(?:counsel|director|executive|officer|secretary|manager|head of)\b", re.I)
_AUTHOR = re.compile(r"^\s*((?:Briefing Note|Report|Joint Report|Note|Presentation)s?\s+(?:of|by|from)\s+.+)$")
_FRONT_END = re.compile(r"^\s*(?:Agenda Item\s+\d|(?:coventry city council\s+)?minutes of|KENT COUNTY COUNCIL\s*$)", re.I)


def _front_pages(doc: Document) -> list:
    """The pages of the front sheet: an agenda on its own, or a pack's pages before its first paper."""
    if doc.doc_type not in ("agenda", "pack", "questions") or not doc.pages:
        return []
    head = "\n".join(p.text for p in doc.pages[:3])
    if doc.doc_type == "questions":  # its covering letter names whom to ask
        return list(doc.pages[:1]) if re.search(r"\bAsk for:", doc.pages[0].text) else []
    if not re.search(r"\btime and date\b|\bagenda\b|\bsummons\b|\bwill be held\b", head, re.I):
        return []
    limit = 4
    if doc.doc_type == "pack":
        segs = segments(list(doc.pages), {"doc_type": doc.doc_type, "meeting_date": doc.meeting_date,
                                          "committee": doc.committee})
        if len(segs) > 1:
            limit = min(limit, segs[1].page)
    return [p for p in doc.pages[:limit]]


def _front_lines(doc: Document) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for p in _front_pages(doc):
        for line in p.text.splitlines():
            if _FRONT_END.match(line) and lines:
                return lines
            lines.append((p.number, line))
    return lines


def _context(lines: list[tuple[int, str]], at: int) -> str:
    """The front-sheet lines around line `at`, up to CONTEXT_CHARS."""
    lo, hi = max(0, at - 6), min(len(lines), at + 20)
    return "\n".join(t for _, t in lines[lo:hi])[:CONTEXT_CHARS]


def _fact(doc: Document, lines: list[tuple[int, str]], at: int, value: object, quote: str) -> Fact:
    return Fact(value=value, source=doc.source, page=lines[at][0], quote=" ".join(quote.split()),
                context=_context(lines, at))


def front_sheet(doc: Document) -> Meeting | None:
    """The meeting a front sheet announces (Coventry's 'Time and Date / Place', Kent's 'AGENDA' and summons)."""
    lines = _front_lines(doc)
    if not lines:
        return None
    texts = [t for _, t in lines]
    facts: dict[str, Fact] = {}
    when = file_date(doc.source) or doc.meeting_date  # the meeting a front sheet is for is in its name
    for i, t in enumerate(texts):
        low = t.strip().lower()
        # Coventry: "Time and Date" / "10.00 am on Thursday, 9th January, 2020" / "Place" / "Committee Room 3"
        if low == "time and date" and i + 1 < len(texts):
            m = _TIME_RE.search(texts[i + 1])
            if m and "start_time" not in facts:
                facts["start_time"] = _fact(doc, lines, i + 1, m.group(0), texts[i + 1])
            when = when or parse_date(texts[i + 1])
        elif low == "place" and i + 1 < len(texts) and texts[i + 1].strip() and "place" not in facts:
            facts["place"] = _fact(doc, lines, i + 1, texts[i + 1].strip(), f"Place {texts[i + 1]}")
    joined = " ".join(" ".join(texts).split())
    # Kent's summons: "A meeting of the County Council will be held in the Council Chamber, County Hall, … on Thursday, …"
    m = re.search(r"will be held (?:in|at) (?:the )?(.+?) on \w+day,? (.+?) at (" + _TIME + ")", joined, re.I)
    if m:
        at = _line_of(texts, m.group(1)[:20])
        facts.setdefault("place", _fact(doc, lines, at, m.group(1).strip(" ,"), m.group(0)))
        facts.setdefault("start_time", _fact(doc, lines, at, m.group(3), m.group(0)))
    # Kent's agenda: "Thursday, 30th January, 2025, at 10.00 am  Ask for: …" then the place on the next lines
    for i, t in enumerate(texts[:12]):
        d = TEXT_DATE.search(t)
        tm = re.search(r"\bat\s+(" + _TIME + ")", t, re.I)
        if d and tm and "start_time" not in facts:
            facts["start_time"] = _fact(doc, lines, i, tm.group(1), t[: tm.end()])
            place = [x.strip(" ,") for x in texts[i + 1:i + 6]
                     if re.search(r"\b(?:chamber|room|house|hall|centre|offices?)\b", x, re.I) and ":" not in x]
            if place and "place" not in facts:
                facts["place"] = _fact(doc, lines, i + 1, ", ".join(place), ", ".join(place))
            when = when or parse_date(t)
            break
    _contacts(doc, lines, facts)
    _issued(doc, lines, facts, when)
    _membership(doc, lines, facts)
    m = re.search(r"no later than (" + _TIME + r"(?: on \d{1,2}\w*\s+\w+,?\s+\d{4})?)", joined, re.I)
    if m:
        facts["apologies_by"] = _fact(doc, lines, _line_of(texts, "no later than"), m.group(1), m.group(0))
    m = re.search(r"scheduled to (?:end|finish|close) (?:at |by )?(" + _TIME + ")", joined, re.I)
    if m:
        end = re.sub(r"(?<=[\d\s][ap]m)\.$", "", m.group(1), flags=re.I)  # "by 5.00 pm." ends its sentence
        facts["scheduled_end"] = _fact(doc, lines, _line_of(texts, "scheduled to"), end, m.group(0))
    agenda = front_agenda(doc, lines)
    if not facts and not agenda:
        return None
    return Meeting(committee=doc.committee, meeting_date=when, sources=(doc.source,), agenda=tuple(agenda), **facts)


def _line_of(texts: list[str], needle: str) -> int:
    needle = " ".join(needle.split()).lower()
    for i, t in enumerate(texts):
        if needle[:15] and needle[:15] in " ".join(t.split()).lower():
            return i
    return 0


def _contacts(doc: Document, lines: list[tuple[int, str]], facts: dict[str, Fact]) -> None:
    """Whom to contact: "The person to contact … is Michelle Rose, …, telephone 7683 3111", "Ask for: Georgina Little"."""
    texts = [t for _, t in lines]
    joined = " ".join(" ".join(texts).split())
    found: list[dict] = []
    quote, at = "", 0
    m = re.search(r"person to contact about the agenda[^.]*? is ([A-Z][\w'-]+(?: (?!Tel\b)[A-Z][\w'-]+)+)(.{0,160})", joined)
    if m:
        phone = re.search(r"(?:telephone|tel:?)\s*(" + _PHONE.pattern + ")", m.group(2), re.I)
        found.append({"name": m.group(1), "phone": phone.group(1) if phone else None, "email": None})
        end = phone.end() if phone else 0
        quote, at = m.group(0)[: len(m.group(0)) - len(m.group(2)) + end], _line_of(texts, "person to contact")
    m = re.search(r"Ask for:\s*([A-Z][\w'-]+(?: (?!Council|Chamber|Tel|Telephone|Email|Sessions|County|Date)[A-Z][\w'-]+){1,2})", joined)
    if m:
        found.append({"name": m.group(1), "phone": None, "email": None})
        quote, at = quote or m.group(0), _line_of(texts, "Ask for:")
    # Coventry's block after the membership: "Lara Knight/Michelle Rose" / "Telephone: (024) 7683 3237/3111" / "e-mail: …"
    for i, t in enumerate(texts[:-1]):
        block = re.fullmatch(r"\s*(" + _PERSON + r"(?:\s*/\s*" + _PERSON + r")*)\s*", t)
        if block and re.match(r"\s*Telephone:", texts[i + 1]):
            known = {c["name"] for c in found}
            for name in re.split(r"\s*/\s*", block.group(1).strip()):
                if name not in known:
                    found.append({"name": name, "phone": None, "email": None})
            quote, at = quote or " ".join(x.strip() for x in texts[i:i + 3]), (at if quote else i)
            break
    tel = re.search(r"(?:Telephone|Direct Dial(?:/Ext)?):\s*(?:Tel:\s*)?(" + _PHONE.pattern + ")", joined)
    mail = _EMAIL.findall(joined)
    mails = [re.sub(r"\s+", "", e) for e in mail]
    for c in found:
        first = c["name"].split()[0].lower()
        c["email"] = next((e for e in mails if e.lower().startswith(first)), None)
        if c["phone"] is None and tel:
            c["phone"] = tel.group(1)
    if found:
        facts["contacts"] = _fact(doc, lines, at, found, quote)


def _issued(doc: Document, lines: list[tuple[int, str]], facts: dict[str, Fact], when: str | None) -> None:
    """The date the agenda was published (a bare 'Wednesday, 2 December 2015' line) and who signed it."""
    texts = [t for _, t in lines]
    for i, t in enumerate(texts):
        if not _WEEKDAY_DATE.match(t):
            continue
        d = parse_date(t)
        if d is None or d == when:
            continue
        by = None
        before = [x.strip() for x in texts[max(0, i - 4):i] if x.strip() and not _PHONE.fullmatch(x.strip())]
        if before and "," in before[-1] and not before[-1].isupper():
            by = before[-1]  # "Chris West, Executive Director, Resources, Council House Coventry"
        else:
            for j, x in enumerate(texts):
                if j and _SIGNATORY_TITLE.search(x) and len(x.split()) <= 6 and re.match(r"^[A-Z][a-z]+ [A-Z]", texts[j - 1]):
                    by = f"{texts[j - 1].strip()}, {x.strip()}"  # "Benjamin Watts" / "General Counsel"
                    break
        phone = next((x.strip() for x in texts[max(0, i - 4):i] if _PHONE.fullmatch(x.strip())), None)  # the signatory's
        facts["issued"] = _fact(doc, lines, i, {"date": d, "by": by, "phone": phone},
                                " ".join(x for x in (by, phone, t.strip()) if x))
        return


def _membership(doc: Document, lines: list[tuple[int, str]], facts: dict[str, Fact]) -> None:
    texts = [t for _, t in lines]
    for i, t in enumerate(texts):
        if re.match(r"^\s*Membership\s*:", t):
            block = [t]
            for x in texts[i + 1:i + 6]:
                if re.match(r"^\s*(?:Please note|If you|Public Access)", x) or not x.strip():
                    break
                block.append(x)
            text = " ".join(" ".join(block).split())
            members = names(text.split(":", 1)[1])
            facts["membership"] = _fact(doc, lines, i, members, text)
            chair = chair_of(members, "chair")
            if chair and "chair" not in facts:
                facts["chair"] = _fact(doc, lines, i, chair[0], f"Membership: {chair[1]}")
            return


_ITEM_START = re.compile(r"(?<![\d.£/-])(\d{1,2})\.\s+(?=[A-Z0-9])")
_AGENDA_END = re.compile(r"\b(?:Private Business|EXEMPT ITEMS|Notes?:|Membership:)", re.I)


def front_agenda(doc: Document, lines: list[tuple[int, str]]) -> list[dict]:
    """The agenda items of a front sheet: number, title, printed pages, PDF pages and the report's author."""
    from .minutes import agenda_items, pdf_page_of

    stamped = {a.number: a for a in agenda_items(doc)}
    text, starts = "", []
    for page, t in lines:
        starts.append((len(text), page))
        text += t + "\n"
    m = re.search(r"(?<![\d.£/-])1\.\s+[A-Z]", text)
    if not m:
        return []
    end = _AGENDA_END.search(text, m.end())
    body = text[m.start(): end.start() if end else len(text)]
    pieces, expect = [], 1
    for im in _ITEM_START.finditer(body):
        if int(im.group(1)) == expect:
            pieces.append((im.group(1), im.end()))
            expect += 1
    out = []
    for n, (number, at) in enumerate(pieces):
        stop = pieces[n + 1][1] - len(number) - 2 if n + 1 < len(pieces) else len(body)
        chunk = body[at:stop]
        pages = re.search(r"\(Pages?\s+(\d+)\s*[-–]?\s*(\d+)?\s*\)", chunk)
        title = " ".join((chunk[: pages.start()] if pages else chunk.split("\n")[0]).split())
        author = None
        rest = chunk[pages.end():] if pages else "\n".join(chunk.split("\n")[1:])
        for line in rest.split("\n"):
            a = _AUTHOR.match(line.strip())
            if a:
                author = re.split(r"\s+\d{1,2}\.\s+[A-Z]", a.group(1))[0].strip()
                break
        if not pages:
            title = re.split(r"\s+(?:Briefing Note|Report) of\b", title)[0]
        printed = [int(pages.group(1)), int(pages.group(2) or pages.group(1))] if pages else None
        item = stamped.get(number)
        page = item.page if item and item.title[:10].lower() == title[:10].lower() else None
        page_end = item.page_end if page else None
        if page is None and printed:
            page, page_end = pdf_page_of(doc, printed[0]), pdf_page_of(doc, printed[1])
        out.append({"number": number, "title": title[:200], "printed": printed, "page": page, "page_end": page_end,
                    "author": author, "source": doc.source})
    return out
