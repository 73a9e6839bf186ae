"""When papers were sent out under a covering letter, and whom it says to ask: answered from the letter, not the agenda.

"On what date were the English Devolution White Paper papers sent out as a supplement?" is not asking when the
agenda was issued: a supplement goes out later, under its own letter (`papers/letters.py`). A question about
when papers were sent, or whom to contact, is answered from a letter when it names one (a supplement, a covering
letter, papers enclosed) and some letter's items or words hold what it names, or when, naming no agenda, a
letter's items alone hold most of what it names ("the Strengthening Independence Service report (item 7)").
"""
from __future__ import annotations

import re

from ..papers.meetings import Fact, Meeting
from ..text.normalise import MONTH_TOKENS, tokens
from .declines import human_date
from .query import Query

LETTER_FACTS = ("issued", "contacts")  # the questions a covering letter answers
ITEMS_HELD = 0.5  # a question naming no letter is about one whose items hold this share of what it names
ITEM_NAMED = 0.5  # what naming one of a letter's items by its number ("(item 7)") adds to that share
_NAMES_LETTER = re.compile(r"\bsupplement\w*|\bcovering letter\b|\bletter\b|\benclosed?\b|"
                           r"\bupdated (?:report|version)\b|\bnot available when\b|\bsent (?:out )?separately\b", re.I)
# the words any question about sending papers uses: they name no particular letter
_ASKING = frozenset(tokens("date dated day when sent send out issued published circulated dispatched agenda papers "
                           "paper pack meeting contact officer who whom phone telephone number email covering letter "
                           "supplement supplementary enclosed updated"))


def letter_for(q: Query, pool: list[Meeting]) -> tuple[Meeting, dict] | None:
    """The meeting and the letter the question asks about, or None when it asks about the agenda itself."""
    if q.meeting_fact not in LETTER_FACTS:
        return None
    bodies = {t for m in pool for t in tokens(m.committee)}  # "County Council" names the meeting, not the papers
    named = {t: w for t, w in q.weights.items() if t not in _ASKING and t not in bodies and t not in MONTH_TOKENS
             and not t.isdigit()}
    asks_letter = _NAMES_LETTER.search(q.text) is not None
    if not asks_letter and re.search(r"\bagenda\b", q.text, re.I):
        return None  # "when was the budget council agenda sent out": the agenda, whatever a letter's words
    best: tuple[float, Meeting, dict] | None = None
    for m in pool:
        for letter in (m.letters.value if m.letters else []):
            listed = letter.get("items") or ()
            held = set(tokens(" ".join([*(f"item {i['number']} {i['title']}" for i in listed), letter.get("about") or ""])))
            coded = any(re.search(rf"\bitem\s+{re.escape(i['number'])}\b", q.text, re.I) for i in listed)  # "(item 7)"
            share = sum(w for t, w in named.items() if t in held) / (sum(named.values()) or 1.0)
            share += ITEM_NAMED if coded else 0.0
            if best is None or share > best[0]:
                best = (share, m, letter)
    if best is None or not (asks_letter and (best[0] > 0 or not named) or best[0] >= ITEMS_HELD):
        return None
    return best[1], best[2]


def letter_sentence(m: Meeting, letter: dict) -> tuple[str, list[Fact]]:
    """What the letter sent, when and by whom, and whom it names to ask; and the letter's lines as the fact quoted."""
    items = letter.get("items") or []
    what = ("the papers for " + " and ".join(f"item {i['number']} ({i['title']})" for i in items)) if items \
        else _short_about(letter.get("about")) or "papers"
    by = f", signed by {letter['by']}" if letter.get("by") else ""
    ways = ", ".join(x for x in (f"telephone {letter['phone']}" if letter.get("phone") else "",
                                 f"email {letter['email']}" if letter.get("email") else "") if x)
    if letter.get("ask_for"):
        ask = f"; it names {letter['ask_for']} as the contact" + (f" ({ways})" if ways else "")
    else:
        ask = f"; its contact details: {ways}" if ways else ""
    lead = (f"{what[0].upper() + what[1:]} for the {m.committee} meeting of {human_date(m.meeting_date)} were sent "
            f"under a letter dated {human_date(letter['date'])}{by}{ask}.")
    listed = "Agenda Item No " + "; ".join(f"{i['number']} {i['title']}" for i in items) if items else ""
    signed = f"Yours sincerely {letter['by']}" if letter.get("by") else ""
    # the head (date, whom to ask), the signature, then what it encloses: a long item title is what gets cut
    enclosed = listed or (letter.get("about") or "")[:240]
    quote = " … ".join(x for x in (letter.get("head") or "", signed, enclosed) if x)
    # the letter itself as the passage shown with the answer (the record's context is its first letter's)
    context = "\n".join(x for x in (letter.get("head") or "", letter.get("about") or "", listed, signed) if x)
    return lead, [Fact(value=[letter], source=letter["source"], page=int(letter.get("page") or 1), quote=quote,
                       context=context)]


def _short_about(about: str | None) -> str:
    """"Enclosed are the Budget amendments that were proposed during the meeting …" -> "the Budget amendments …"."""
    if not about:
        return ""
    m = re.match(r"(?:Please find )?enclosed (?:are|is)?\s*(.+?)(?:\s+(?:that|which)\b|[,.]|$)", about, re.I)
    return m.group(1) if m else ""
