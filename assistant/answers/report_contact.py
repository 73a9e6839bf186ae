"""Whom to contact about a paper: the people its sign-off block names (report author, relevant director); and a
named person's telephone and email ("the phone number for Cath Head"), read beside their name.

"Who should I contact about the treasury management mid-year update?" and "who is the lead officer for the
Minerals and Waste Local Plan report?" are about a paper, not a meeting: the answer is at the paper's end,
under "Contact details" / "Report Author:" (Kent: the label, then name, job title, telephone and email a line
each) or "Name: … Job Title: … Contact Details: …" (Coventry's briefing notes). The paper is the one the
question's words find, read from the retrieved passages; its block is read from the pages of that paper only.
Nothing is guessed: with no block in the paper, None, and the usual path answers.
"""
from __future__ import annotations

import re

from ..records import Answer, Citation, Chunk, Passage
from ..text.normalise import tokens
from .evidence import MIN_NAME_WEIGHT
from .query import Query

PAPERS_READ = 5  # the papers of this many of the best passages are candidates
BLOCK_CHARS = 600  # a sign-off block is read over at most this many characters
QUOTE_CHARS = 320
OWN_LINES = 12  # a person's own email is looked for this many lines on from their name
DATE_WEIGHT = 2.0  # a paper for the meeting the question dates outweighs a title word or two (idf 1-3 each)
NAME_LINES = 6  # an unlabelled sign-off's name is at most this many lines above its email
# "who should I contact about …", "lead officer for …", "who wrote the report on …"
ASKS = re.compile(r"\b(?:lead|responsible|report(?:ing)?) officer\b|\breport(?:'s)? authors?\b|\bauthor of\b|"
                  r"\bwho (?:wrote|authored|prepared|drafted)\b|"
                  r"\b(?:which|what) (?:officer|person|member of staff)\b.*\b(?:wrote|authored|prepared|drafted)\b|"
                  r"\bwho (?:do|should|can|would) (?:i|we) (?:contact|ask|speak to|talk to|call|ring|phone|email)\b"
                  r".*\b(?:about|regarding|re|on|for)\b(?!.*\bagenda\b)|"
                  r"\bcontact (?:officer |person )?(?:about|regarding|for (?:the )?(?:report|paper|item|update|strategy|plan))\b|"
                  # "who is the contact for the Pay Policy Statement report", "contact for the … paper"
                  r"\bcontact (?:officer |person )?for\b.*\b(?:report|paper|item|update|strategy|plan|statement)\b|"
                  # "email for the Early Help Manager on the briefing note": a job title's details on a paper
                  r"\b(?:e-?mail|phone|telephone|contact details)(?: address| number)? (?:for|of) (?:the )?"
                  r"(?:[\w&'’-]+ ){0,4}?(?:manager|officer|director|head|lead|author)\b.*\b(?:on|in|for|of) the\b",
                  re.I)
_LABEL = re.compile(r"^\s*(?:\d{1,2}\.\s*)?(contact details|report authors?\(?s?\)?|relevant (?:corporate )?director|"
                    r"lead officer|contact officer|author|name)\s*[:\-]?\s*(.*)$", re.I)
# where a sign-off block opens: its first label ("11. Contact details", "Report Author:", "Name Peter Barnett")
_BLOCK_START = re.compile(r"(?i)\s*(?:\d{1,2}\.\s*)?(?:contact details|report author|lead officer|contact officer|"
                          r"name\s*:|name\s+[A-Z])")
_ROLE = re.compile(r"^\s*(?:\d{1,2}\.\s*)?(report authors?\(?s?\)?|relevant (?:corporate )?director|lead director|"
                   r"lead officer|contact officer|author)\b", re.I)
_PHONE = re.compile(r"\(?0\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}")
_EMAIL = re.compile(r"[\w.'’-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = r"[A-Z](?:[a-z]+|['’][A-Z])[A-Za-z'’-]*"  # "Abrahams", "McInnes", "O'Brien", "Holt-Castle"
_NAME = re.compile(rf"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?{_WORD}(?:\s+{_WORD}){{1,3}}$")
_AUTHORS_LABEL = re.compile(r"(?i)^\s*(?:\d{1,2}\.\s*)?report authors?\s*:?\s*$")  # the label alone on its line
_FIELD = re.compile(r"^\s*(?:telephone(?: number)?|tel|email(?: address)?|job title|contact details|phone|[te](?=\s*:))\b\s*:?\s*",
                    re.I)
# "Sangeeta Surana – Pension Fund …", "John Gregg, Director of …", "Dave Shipton (Head of Finance Policy …)"
_SPLIT = re.compile(r"\s*(?:,|\s[–—-]\s|\s\()\s*")


# "what's the phone number for Cath Head …", "Joel Cook's email": a named person's telephone or email
_REACH = re.compile(r"\b(?:phone|telephone|tel|number|e-?mail|contact details)\b", re.I)
_PERSON = re.compile(rf"(?<![\w'’])((?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr|Councillor)\.?\s+)?{_WORD}(?:\s+{_WORD}){{1,2}})(?:['’]s\b)?")
_MAIL_ASKED = re.compile(r"\be-?mail\b", re.I)
PERSON_LINES = 6  # a person's telephone and email are on their line or the next few (a label, then each fact)
PAPERS_NAMED = 3  # the papers of this many of the best passages are read whole for the name


def person_asked(question: str) -> list[str]:
    """The people whose telephone or email the question asks for, as it writes them ("Cath Head"); [] when it
    asks for none. Each is only a candidate: `answer_person` reads it from the papers or answers nothing."""
    if _REACH.search(question) is None or re.match(r"\s*(?:and\s+)?who\b", question, re.I):
        return []  # "who is the contact …, and on what number?" names no one
    # the question's first word is capitalised as a sentence begins ("What's", "Email"): not a name's
    first = re.match(r"\s*\S+\s*", question)
    names = [m.group(1) for m in _PERSON.finditer(question, first.end() if first else 0)]
    return [re.sub(r"['’]s$", "", re.sub(r"^(?:Dr|Mr|Mrs|Ms|Miss|Cllr|Councillor)\.?\s+", "", n)) for n in names]


def answer_person(q: Query, names: list[str], passages: list[Passage], index) -> Answer | None:
    """A named person's telephone and email from the line that names them in the best passages (or the
    papers they come from), with the lines after it; None when no paper gives either beside the name."""
    # a person's name is rare in the papers ("Cath Head": 7.0, 4.2); a role or body is not ("Cabinet Member": 1.4, 1.5)
    names = [n for n in names if all(q.weights.get(t, 0.0) >= MIN_NAME_WEIGHT for t in tokens(n))]
    if not names:
        return None  # before any paper is read
    seen, chunks = set(), []
    for rank, p in enumerate(passages):  # each passage, then (for the best three) the rest of its paper
        chunks.append(p.chunk)
        if rank < PAPERS_NAMED and p.chunk.source not in seen:
            seen.add(p.chunk.source)
            chunks += [c for c in index.chunks_of(p.chunk.source) if c.kind == "text"]
    for name in names:
        for c in chunks:
            lines = [" ".join(ln.split()) for ln in c.text.splitlines()]
            for i, line in enumerate(lines):
                if name not in line:
                    continue
                block = lines[i:i + PERSON_LINES]
                end = next((k for k in range(1, len(block)) if _ROLE.match(block[k])), len(block))
                said = " ".join(x for x in block[:end] if x)  # up to the next person's label ("Relevant Director:")
                after = said[said.index(name):]
                phone, email = _theirs(after, name)
                if not (email if _MAIL_ASKED.search(q.text) else phone) and not (phone and email):
                    continue  # what was asked for is not beside this mention of the name
                facts = "; ".join(x for x in (phone and f"telephone {phone.group(0)}", email and f"email {email.group(0)}")
                                  if x)
                quote = after[:max(m.end() for m in (phone, email) if m)].strip(" •")[:QUOTE_CHARS]
                return _quoting(q, c, f"{name}: {facts}. \u201c{quote}\u201d [1]", quote, c.part, passages,
                                "the person's contact details as the paper gives them")
    return None


def _bears_surname(email: str, name: str) -> bool:
    """Whether an email's local part holds the person's surname ("cath.head@…" is Cath Head's)."""
    surname = re.sub(r"[^a-z]", "", name.split()[-1].lower())
    return bool(surname) and surname in re.sub(r"[^a-z]", "", email.split("@")[0].lower())


def _theirs(after: str, name: str) -> tuple[re.Match | None, re.Match | None]:
    """The telephone and email of the person named at the start of `after`. With an email bearing their surname,
    the telephone paired with it: details run telephone then email ("03000 416934 • cath.head@…") or email then
    telephone ("john.gregg@… Tel: … sonia.watson@… Tel: …"), as the first of them shows. Else the first of each."""
    found = sorted([(m.start(), "phone", m) for m in _PHONE.finditer(after)]
                   + [(m.start(), "email", m) for m in _EMAIL.finditer(after)], key=lambda x: x[0])
    mine = next((k for k, (_, kind, m) in enumerate(found) if kind == "email" and _bears_surname(m.group(0), name)),
                None)
    if mine is None:
        return _PHONE.search(after), _EMAIL.search(after)
    kinds = [kind for _, kind, _ in found]
    phone_first = kinds[0] == "phone"
    # the run of alternating details the surname's email is in, read two at a time in the order the first sets
    pair = found[mine - 1] if phone_first and mine and kinds[mine - 1] == "phone" else \
        found[mine + 1] if not phone_first and mine + 1 < len(found) and kinds[mine + 1] == "phone" else None
    return (pair[2] if pair else None), found[mine][2]


def asks_contact(question: str) -> bool:
    """The question asks whom to contact about a paper, or who wrote or leads it."""
    if ASKS.search(question) is None:
        return False
    # "who do I contact about the 13 March meeting?" is the meeting's contact officer (`meetings`)
    return not re.search(r"\b(?:meeting|agenda|minutes|summons)\b", question, re.I) or \
        re.search(r"\b(?:report|paper|author|lead officer)\b", question, re.I) is not None


def _named(line: str) -> tuple[str, str | None] | None:
    """(name, job title) of a line that opens with a person's name ("Sangeeta Surana – Pension Fund …"), or that
    gives the job title then the name ("Head of Finance Policy, Planning and Strategy; Dave Shipton"), else None."""
    title, semi, last = line.rpartition(";")
    if semi and _NAME.match(last.strip()):
        return last.strip(), title.strip() or None
    head, *rest = _SPLIT.split(line, maxsplit=1)
    if not _NAME.match(head.strip()):
        return None
    return head.strip(), (rest[0].strip().removesuffix(")") if rest else None) or None


def _person(lines: list[str], start: int, named_only: bool = False) -> dict | None:
    """The person a block names from line `start`: name, job title, telephone, email. `named_only`: under a
    "Report Authors:" label a name alone is enough (a report's authors are listed without their numbers)."""
    name = title = phone = email = None
    for line in lines[start:start + 8]:
        if _ROLE.match(line) and name:
            break  # the next person's label
        bare = _FIELD.sub("", _LABEL.sub(lambda m: m.group(2), line)).strip()
        if not bare:
            continue
        email = email or (_EMAIL.search(bare).group(0) if _EMAIL.search(bare) else None)
        phone = phone or (_PHONE.search(bare).group(0) if _PHONE.search(bare) else None)
        if _EMAIL.search(bare) or _PHONE.search(bare):
            continue
        named = _named(bare)
        if name is None and named:
            name, title = named
        elif name and title is None and not re.search(r"\d", bare) and len(bare) < 90:
            title = bare
    if name:  # a header table lists everyone's details together: theirs is the line with their surname's email
        own = next(((ln, m.group(0)) for ln in lines[start:start + OWN_LINES]
                    if (m := _EMAIL.search(ln)) and _bears_surname(m.group(0), name)), None)
        if own and own[1] != email:
            line, email = own
            phone = m.group(0) if (m := _PHONE.search(line)) else None
    # a sign-off gives a way to reach each person: a name with neither is a table's "Lead Officer" column
    return {"name": name, "title": title, "phone": phone, "email": email} \
        if name and (phone or email or named_only) else None


def read_block(text: str) -> tuple[str, list[tuple[str, dict]]] | None:
    """The sign-off block of a paper's text (from its first label) and the people it names, with their roles."""
    lines = [ln.strip().lstrip("•▪·").strip() for ln in text.splitlines()]  # "• Dave Shipton (Head of …)"
    at = next((i for i, ln in enumerate(lines) if _BLOCK_START.match(ln)), None)
    if at is None:  # no label: a name a few lines above the paper's last email or telephone ("Sangeeta Surana – … E: …")
        mail = next((i for i in range(len(lines) - 1, -1, -1) if _EMAIL.search(lines[i]) or _PHONE.fullmatch(lines[i])),
                    None)
        at = next((i for i in range(mail, max(-1, mail - NAME_LINES), -1) if _named(lines[i])), None) \
            if mail is not None else None
        if at is None:
            return None
        lines = lines[:mail + 1]  # the block ends with the contact line: what follows is the next paper
    block = lines[at - 1 if at and _named(lines[at - 1]) else at:]
    people, role, listed = [], "contact", False
    for i, line in enumerate(block):
        m = _ROLE.match(line)
        if m:
            role = m.group(1).lower().rstrip("(s)").replace("authors", "author")
            listed = role == "report author" and _AUTHORS_LABEL.match(line) is not None
        # under "Report Authors:", each name a line ("David Whittle, Director of …", "Ben Watts, General Counsel")
        also = listed and not m and _named(line) is not None and not (people and people[-1][1]["phone"])
        if i == 0 or m or also or re.match(r"(?i)\s*name\b", line):
            got = _person(block, i, named_only=listed)
            known = [k for k, (_, p) in enumerate(people) if got and p["name"] == got["name"]]
            if got and not known:
                people.append((role, got))
            elif known and m:  # "Contact details" then "Report Author: Nick Abrahams": the role is the label's
                people[known[0]] = (role, people[known[0]][1])
    said = " ".join(x for x in block if x)[:BLOCK_CHARS]
    return (said, people) if people else None


def _paper(q: Query, passages: list[Passage],
           documents: dict[str, dict]) -> tuple[Passage, tuple[int, int], dict] | None:
    """The paper the question names: of the best passages, the one whose paper's title holds most of its words."""
    words = {t for t in q.weights if t not in _CONTACT_WORDS and not t.startswith("fy")}
    best, top = None, -1.0
    for rank, p in enumerate(passages[:PAPERS_READ]):
        if p.chunk.doc_type in ("agenda", "minutes"):
            continue
        doc = documents.get(p.chunk.source, {})
        part = next((x for x in doc.get("parts", []) if x.get("first_page", 0) <= p.chunk.page <= x.get("last_page", 0)),
                    None)
        pages = (part["first_page"], part["last_page"]) if part else (1, doc.get("pages", p.chunk.page))
        title = set(tokens(" ".join([part.get("name", "") if part else "", doc.get("title", ""), p.chunk.title])))
        score = sum(q.weights.get(t, 1.0) for t in words & title) - 0.1 * rank
        if q.dates and p.chunk.meeting_date:  # "the Cabinet 30 Jan 2025 covering report": of that meeting, not another
            score += DATE_WEIGHT if p.chunk.meeting_date[:10] in q.dates else -DATE_WEIGHT
        if score > top:
            best, top = (p, pages, part or {}), score
    return best


def _continued(doc: dict, part: dict) -> dict | None:
    """The part after `part` when it has no title of its own and is of the same kind: the rest of the same paper
    (a report's title page read as one part, its body as the next)."""
    parts = doc.get("parts", [])
    k = next((i for i, x in enumerate(parts) if x == part), None)
    after = parts[k + 1] if k is not None and k + 1 < len(parts) else None
    return after if after and not after.get("name") and after.get("doc_type") == part.get("doc_type") else None


_CONTACT_WORDS = frozenset(tokens("who should contact lead officer report author wrote number phone telephone email "
                                  "what is his her their the about regarding"))


def answer_contact(q: Query, passages: list[Passage], index) -> Answer | None:
    """Whom to contact about the paper the question names, from that paper's sign-off block; None when it has none."""
    documents = {d["source"]: d for d in index.documents()}
    found = _paper(q, passages, documents)
    if found is None:
        return None
    p, (first, last), part = found
    # the paper's chunks: those the build gave the same part (a paper's pages need not be one run), else its pages
    every = [c for c in index.chunks_of(p.chunk.source) if c.kind == "text"]
    chunks = [c for c in every if (c.part == p.chunk.part if p.chunk.part else first <= c.page <= last)]
    rest = _continued(documents.get(p.chunk.source, {}), part)
    if rest:  # and the untitled rest of it, read as the part after: its sign-off is there
        labels = {c.part for c in every if c.page == rest["first_page"]} - {p.chunk.part}
        chunks += [c for c in every if c.part in labels and rest["first_page"] <= c.page <= rest["last_page"]]
    for i in range(len(chunks) - 1, -1, -1):  # the sign-off closes the paper; it may begin in the chunk before
        got = read_block(chunks[i].text if i == 0 else chunks[i - 1].text + "\n" + chunks[i].text)
        if got and i and got[0][:40] in " ".join(chunks[i - 1].text.split()) and not read_block(chunks[i].text):
            c = chunks[i - 1]  # the block is the previous chunk's: cite its page
        else:
            c = chunks[i]
        if got:
            return _answer(q, p, c, *got, passages)
    return None


def _answer(q: Query, p: Passage, c: Chunk, block: str, people: list[tuple[str, dict]], passages: list[Passage]) -> Answer:
    paper = p.chunk.part.split(" — ")[0] if " — " in p.chunk.part else c.title  # "Report, County Council, …" names none

    def said(role: str, who: dict) -> str:
        facts = "; ".join(x for x in (who["title"], who["phone"] and f"telephone {who['phone']}",
                                       who["email"] and f"email {who['email']}") if x)
        return f"{who['name']}{f' ({facts})' if facts else ''}{'' if role == 'contact' else ', ' + role}"

    lead = " and ".join(said(r, w) for r, w in people[:2])
    quote = block if len(block) <= QUOTE_CHARS else block[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    text = f"Contact for \u201c{paper}\u201d: {lead}. \u201c{quote}\u201d [1]"
    return _quoting(q, c, text, quote, paper, passages, "the paper's contact details")


def _quoting(q: Query, c: Chunk, text: str, quote: str, part: str, passages: list[Passage], note: str) -> Answer:
    """The answer `text`, citing `quote` on the chunk's page, the chunk first among its passages."""
    cite = Citation(n=1, source=c.source, page=c.page, title=c.title, meeting_date=c.meeting_date,
                    committee=c.committee, printed_page=c.printed_page, quote=quote, part=part)
    return Answer(question=q.text, found=True, answer=text, passages=(Passage(chunk=c, score=1.0),) + tuple(passages),
                  citations=(cite,), note=note)
