"""A person a meeting question names, found in the meeting's record: were they there, did they apologise, declare.

"Was Councillor Kelly at the 28 November 2019 meeting?", "did Mrs Bell make it to Cabinet?", "what was
Mr Streatfeild's interest?" name someone; the answer is that person's place in the record (present,
substituting, attending virtually, apologising; their own declaration), not the whole list. Names are
matched as the paper prints them, allowing for its spelling slips ("Streatfield" for "Streatfeild").
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..papers.meetings import Fact, Meeting

# "Mr", "Councillor" … before a surname in the question; a capitalised word after one is the surname
_HONORIFIC = re.compile(r"\b(?:councillors?|cllr|mr|mrs|ms|miss|dr|sir|dame|professor)\.?\s+([A-Za-z][\w'\u2019-]+)", re.I)
_CAPITAL = re.compile(r"\b([A-Z][a-z][\w'\u2019-]+)")
_YES_NO = re.compile(r"^\s*(?:and\s+)?(?:was|were|did|has|had|is)\b", re.I)
SAME_NAME = 85  # rapidfuzz ratio at which two spellings are one surname ("Streatfeild" / "Streatfield")
MIN_SURNAME = 3  # characters: shorter words are initials or titles, never a surname to match
QUOTE_WINDOW = 70  # characters of a long list quoted either side of the name found in it

# the lists a person can be in, in the order an answer names them, and how it says so
STATUS = (("present", "was present at"), ("substitutes", "attended as a substitute at"),
          ("co_opted", "attended as a co-opted member at"), ("cabinet_members", "attended as a Cabinet Member at"),
          ("other_members", "attended as another member at"), ("officers", "attended as an officer at"),
          ("invited", "attended by invitation at"), ("officers_virtual", "attended virtually at"),
          ("apologies", "sent apologies for"))
PERSON_FACTS = frozenset(("attended", "present", "apologies", "officers", "officers_virtual", "cabinet_members",
                          "co_opted", "invited", "other_members"))


def _entry_name(entry: object) -> str:
    return str(entry.get("name") or entry.get("who") or "") if isinstance(entry, dict) else str(entry)


def surnames(text: str) -> list[str]:
    """The surnames in a printed name or list of names ("Mrs Chandler and Mr Rayner" -> both)."""
    text = re.sub(r"\([^)]*\)|,\s*(?:CBE|OBE|MBE|KC|QC|DL|JP|BEM|MP)\b", " ", text)
    parts = re.split(r",|\band\b|;", text)
    out = []
    for p in parts:
        words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", p) if len(w) >= MIN_SURNAME
                 and w.lower() not in ("councillor", "councillors", "cllr", "mrs", "miss", "sir", "dame")]
        if words:
            out.append(words[-1])
    return out


def named_in(question: str) -> list[str]:
    """Words of the question that may be a person's surname: after a title ("Cllr Kelly"), or capitalised
    in a yes/no question ("was Sean Holden there?")."""
    found = [m.group(1) for m in _HONORIFIC.finditer(question)]
    if not found and _YES_NO.match(question):
        found = [m.group(1) for m in _CAPITAL.finditer(question) if m.start() > 0]  # not the asking word
    found = [re.sub(r"['\u2019]s?$", "", w) for w in found]  # "Mr Streatfeild's interest"
    return [w for w in found if len(w) >= MIN_SURNAME]


def _same(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    a, b = a.lower().replace("\u2019", "'"), b.lower().replace("\u2019", "'")
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= SAME_NAME)


def mentions(question: str, printed: str) -> bool:
    """Whether the question names one of the people in a printed name or list."""
    asked = named_in(question)
    return any(_same(a, s) for a in asked for s in surnames(printed))


def _narrowed(f: Fact, name: str) -> str:
    """The fact's quote cut to the part naming the person, in the paper's words ("PRESENT: … Mr D Jeffrey, …")."""
    label = f.quote.split(":", 1)[0] + ": " if ":" in f.quote[:40] else ""
    quote = f.quote
    if name.lower() not in quote.lower():  # a long list's quote is cut short: the block it was read from is not
        block = " ".join(f.context.split())
        start = block.find(label.strip()) if label else -1
        quote = block[start:] if start >= 0 else quote
    if len(quote) <= 2 * QUOTE_WINDOW + 40:
        return quote
    at = quote.lower().find(name.lower())
    if at < 0:
        return f.quote
    lo, hi = max(len(label), at - QUOTE_WINDOW), min(len(quote), at + len(name) + QUOTE_WINDOW)
    lo = quote.rfind(" ", 0, lo) + 1 if lo > len(label) else lo
    hi = quote.find(" ", hi) if quote.find(" ", hi) > 0 else len(quote)
    return (label + "… " if lo > len(label) else label) + quote[lo:hi].strip() + (" …" if hi < len(quote) else "")


def status(question: str, m: Meeting, on: str) -> tuple[str, list[Fact]] | None:
    """"Councillor L Kelly sent apologies for the meeting of 28 November 2019." with the facts quoted,
    for the person the question names; None when it names nobody in the record."""
    asked = named_in(question)
    if not asked:
        return None
    said, facts, who = [], [], None
    for name, how in STATUS:
        f = getattr(m, name)
        for entry in (f.value if f and isinstance(f.value, list) else []):
            printed = _entry_name(entry)
            if any(_same(a, s) for a in asked for s in surnames(printed)):
                who = who or re.sub(r"\s*\(.*?\)", "", printed).strip()  # the role is said by `how`
                extra = f" (for {entry['substitute_for']})" if isinstance(entry, dict) and entry.get("substitute_for") \
                    else ""
                said.append((how, extra))
                surname = surnames(printed)[-1] if surnames(printed) else printed
                facts.append(replace(f, quote=_narrowed(f, surname)))
                break
    if not said:
        if m.present is None or not _HONORIFIC.search(question):  # "were any … at the 24 June meeting?" names nobody
            return None
        return (f"{' '.join(asked)} is not named among those present at {on}, nor among the apologies.",
                [x for x in (m.present, m.apologies) if x])
    if len(said) > 1 and said[0][0].startswith("was present") and said[1][0].startswith("attended as a substitute"):
        said = said[1:]  # a substitute is listed among those present too
    # "X attended as another member at the meeting of …; attended virtually": the meeting is said once
    parts = [f"{how} {on}{extra}" if n == 0 else f"{how.rsplit(' ', 1)[0]}{extra}" for n, (how, extra) in enumerate(said)]
    return f"{who} " + "; ".join(dict.fromkeys(parts)) + ".", facts


def own_declarations(question: str, interests: list[dict]) -> list[dict] | None:
    """The declarations of the person the question names; None when it names none of the declarers."""
    if not named_in(question):
        return None
    mine = [i for i in interests if i.get("who") and mentions(question, i["who"])]
    return mine or None


_MONTHS = frozenset("january february march april may june july august september october november december".split())


_MARK = re.compile(r"\(([^)]+)\)")
_MARK_COMMON = frozenset("by the of a an as member members".split())


def marked(question: str, entries: list) -> list:
    """The entries whose bracketed mark the question names ("the by-invitation members" -> those printed
    "(By Invitation)"); all of them when it names none, or every entry carries it."""
    asked = set(re.findall(r"[a-z]+", question.lower().replace("-", " ")))

    def named(entry: object) -> bool:
        for mark in _MARK.findall(_entry_name(entry)):
            words = set(re.findall(r"[a-z]+", mark.lower().replace("-", " "))) - _MARK_COMMON
            if words and words <= asked:
                return True
        return False
    picked = [e for e in entries if named(e)]
    return picked if picked and len(picked) < len(entries) else entries


def narrowed(question: str, entries: list, body: str) -> list:
    """The entries of a list the question picks out by words it capitalises ("Which Resources Directorate
    employees attended …?" -> those of the Resources Directorate); all of them when it picks out none or all."""
    own = set(re.findall(r"[a-z]+", body.lower())) | _MONTHS
    words = [w.lower() for w in _CAPITAL.findall(question)[1:] if w.lower() not in own]
    if not words:
        return entries
    def holds(entry: object) -> bool:
        text = _entry_name(entry) if not isinstance(entry, dict) else " ".join(str(v) for v in entry.values() if v)
        return all(re.search(r"\b" + re.escape(w) + r"\b", text, re.I) for w in words)
    picked = [e for e in entries if holds(e)]
    return picked if picked and len(picked) < len(entries) else entries
