"""Answers from the meeting records: who chaired, where and when, who attended or apologised, whom to contact.

The meeting is the one the question names by date (and body), else the body's meeting best matched
by the retrieved passages, else the body's latest. The answer names the person or place first and
quotes the line it was read from with its page; the line's block is the first passage, so the
evidence travels with the answer. A named date the papers hold no meeting on is declined.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..papers.meetings import MINUTES_FACTS, Fact, Meeting, body_key
from ..papers.structure import title_of
from ..records import Answer, Chunk, Citation, Passage
from .declines import NEAREST, human_date, period
from .declines import decline as _decline
from .declines import no_minutes as _no_minutes
from .declines import no_body as _no_body
from .declines import no_vice_chair as _no_vice_chair
from .meeting_asked import asks_outcome, voters_asked
from .meeting_bodies import named_bodies, other_kind
from .meeting_letters import letter_for, letter_sentence
from .meeting_follow import follow_up_filters  # noqa: F401  (service.py reads follow-ups from here)
from .meeting_people import PERSON_FACTS, marked, narrowed, own_declarations, status
from .query import Query

# what a question may ask that only minutes record ("was X there?" among them)
_MINUTES_ASKED = MINUTES_FACTS | {"attended"}

_PROPOSED = re.compile(r"^(.+?) proposed(?:,? and (.+?) seconded)? that\b")
_LABEL = {"co_opted": "as co-opted members", "cabinet_members": "as Cabinet Members", "invited": "by invitation",
          "officers": "as officers", "officers_virtual": "virtually", "other_members": "as other members"}


_GENERIC_ROLE = frozenset(("officer", "member", "representative", "staff", "person", "employee"))
_PEOPLE_LISTS = ("present", "cabinet_members", "other_members", "co_opted", "officers", "officers_virtual", "invited")


def _entry_text(entry: object) -> str:
    if isinstance(entry, dict):
        return ", ".join(str(entry.get(k)) for k in ("name", "role") if entry.get(k))
    return str(entry)


def _listed_as(m: Meeting, words: str, lists: tuple[str, ...] = _PEOPLE_LISTS) -> Fact | None:
    """The people a meeting's lists name with a role ("head teacher", "cabinet member"), as one fact
    quoting their entries, or None. The role's words must all appear in an entry, in any case."""
    wanted = [re.compile(r"\b" + re.escape(w) + r"\b", re.I) for w in words.replace("-", " ").split()]
    if not wanted:
        return None
    hits, first = [], None
    for name in lists:
        f = getattr(m, name)
        for entry in (f.value if f and isinstance(f.value, list) else []):
            text = _entry_text(entry).replace("-", " ")
            if all(w.search(text) for w in wanted):
                hits.append(entry)
                first = first or f
    if not hits:
        # "the People Directorate officer": the lists say the directorate, not that its people are officers
        kept = " ".join(w for w in words.split() if w.lower().rstrip("s") not in _GENERIC_ROLE)
        return _listed_as(m, kept, lists) if kept and kept != words else None
    return replace(first, value=hits, quote="; ".join(_entry_text(e) for e in hits))


def _fact_of(m: Meeting, fact: str, role: str = "") -> Fact | None:
    if fact == "role":
        return _listed_as(m, role) if role else None
    if fact == "cabinet_members":  # Kent's "ALSO PRESENT: …, Cabinet Member for …" / Coventry's "Other Members"
        found = m.cabinet_members or _listed_as(m, "cabinet member", ("other_members", "present"))
        return found or (m.present if body_key(m.committee) == "cabinet" else None)  # the Cabinet's own members
    if fact == "closed" and m.closed is None:
        return m.scheduled_end  # the summons's "scheduled to end by 5.00 pm" where no closing time is recorded
    if fact == "chair_elected":  # "Mr Gough proposed, and Mr Brady seconded that Mr G Cooke be elected …"
        return m.chair if m.chair and _PROPOSED.search(m.chair.quote) else None
    if fact == "chair_vice":
        return m.chair
    if fact == "present":
        return m.present or m.cabinet_members or m.other_members
    if fact == "attended":  # whether a named person was there: the lists of who was and who was not
        return m.present or m.cabinet_members or m.officers or m.apologies
    if fact == "chair":
        return m.chair
    if fact == "co_opted_membership":  # the membership list's entries marked "(Co-opted Member)"
        marked = [x for x in (m.membership.value if m.membership else []) if re.search(r"co-?\s?opted", str(x), re.I)]
        return replace(m.membership, value=marked) if marked else None
    return getattr(m, fact, None)


def answer_meeting(q: Query, meetings: list[Meeting], passages: list[Passage], questions: list | None = None,
                   printed: dict[str, dict[str, int]] | None = None, committee: str | None = None,
                   dated: set[tuple[str, str]] | None = None, on_date: str | None = None) -> Answer | None:
    """An answer from the meeting records, a decline for a meeting the papers lack, or None to fall back.

    `dated` holds the (body key, date) of every indexed document: a meeting some paper is dated for
    is not declined even when no front sheet or minutes of it were read. `on_date` is the meeting a
    conversation is about (see `follow_up_filters`), used when the question names no date.
    """
    fact = q.meeting_fact
    if not fact:
        return unheld(q, meetings, passages, dated or set())
    if fact in ("asker", "answerer"):
        from .questions import answer_question

        return answer_question(q, questions or [], printed or {})
    if other_kind(q.text, meetings):
        return None  # "who chairs the planning meeting on moving a child": no body's meeting; the loose text may say
    bodies = named_bodies(q.text, meetings)
    if bodies is None and fact in _MINUTES_ASKED:
        return _no_body(q, fact, meetings, passages)  # only minutes say who came or apologised; none of that body
    if bodies is None:
        return None  # a body the records do not know: the loose text may still answer (who chairs it)
    pool = [m for m in meetings if not bodies or body_key(m.committee) in bodies]
    if committee:
        pool = [m for m in pool if committee.lower() in m.committee.lower()]
    if q.dates or q.day_months:
        on = [m for m in pool if m.meeting_date in q.dates or (m.meeting_date or "")[5:] in q.day_months]
        if not on:
            return _decline(q, pool, bodies, meetings, passages)
        pool = on
    elif q.month_years or q.calendar:  # "in November 2019", "in 2021"
        width, named = (7, q.month_years) if q.month_years else (4, tuple(q.calendar))
        on = [m for m in pool if (m.meeting_date or "")[:width] in named]
        papers = {d[:width] for b, d in (dated or set()) if b in (bodies or [])}
        if not on and bodies and not papers & set(named):  # the body met at no time the papers hold then
            return _decline(q, pool, bodies, meetings, passages, when=period(named[0]))
        pool = on
    elif on_date:  # a follow-up: the meeting under discussion
        pool = [m for m in pool if m.meeting_date == on_date] or pool
    sent = letter_for(q, pool)  # papers sent out under a covering letter, not with the agenda
    if sent is not None:
        return _answer(q, sent[0], fact, passages, printed or {}, said=letter_sentence(*sent))
    if len(pool) == 1 and fact in _MINUTES_ASKED and not any(getattr(pool[0], f) for f in MINUTES_FACTS) \
            and _fact_of(pool[0], fact, q.meeting_role) is None:
        return _no_minutes(q, pool, fact, passages)
    held, pool = pool, [m for m in pool if _fact_of(m, fact, q.meeting_role) is not None]
    pinned = q.dates or q.day_months or q.month_years or q.calendar or on_date
    if not pool and pinned and len(held) == 1 and held[0].present is not None and fact in _SILENT:
        return _silent(q, held[0], fact, passages, printed or {})  # the minutes' head lists everyone: none is none
    if not pool and fact == "vice_chair" and any(m.present for m in held):
        return _no_vice_chair(q, [m for m in held if m.present], passages)
    if not pool and held and len(held) <= NEAREST and not any(getattr(m, f) for m in held for f in MINUTES_FACTS):
        return _no_minutes(q, held, fact, passages)  # "who chaired the Cabinet in March 2025?": agendas only
    if not pool:
        return None
    # who chaired a meeting is what its minutes say; a front sheet's membership only names the body's chair
    chaired = [m for m in pool if not _fact_of(m, fact, q.meeting_role).quote.lower().startswith("membership")]
    pool = chaired or pool
    if fact == "motions":  # the motion asked about decides the meeting, among those the question allows
        from .motions import best_motion, motion_sentence

        found = best_motion(q, pool)
        if found is None or asks_outcome(q.text) and not found[1].get("result"):
            return None  # how it fared, and the minutes record no outcome for it: the resolutions may say
        return _answer(q, found[0], fact, passages, printed or {},
                       said=motion_sentence(found[0], found[1], f"the meeting of {human_date(found[0].meeting_date)}",
                                            outcome=asks_outcome(q.text), voters=voters_asked(q.text)))
    chosen = _by_passages(pool, passages) or (pool[0] if len(pool) == 1 else
                                               max(pool, key=lambda m: m.meeting_date or ""))
    return _answer(q, chosen, fact, passages, printed or {})


# lists a minutes head prints when it has them (none printed is none there), and facts it may simply not state
_LISTED = {"substitutes": "substitutes", "co_opted": "co-opted members", "cabinet_members": "Cabinet Members",
           "invited": "invited guests", "officers_virtual": "anyone attending virtually"}
_UNSTATED = {"place": "where it was held", "closed": "when it closed", "start_time": "when it began"}
_SILENT = set(_LISTED) | set(_UNSTATED)


def _silent(q: Query, m: Meeting, fact: str, passages: list[Passage], printed: dict[str, dict[str, int]]) -> Answer:
    """A minuted meeting whose record lacks the fact: no such list in its head ("… list no substitutes"),
    or a fact its papers do not state (declined)."""
    on = f"the meeting of {human_date(m.meeting_date)}"
    if fact in _LISTED:
        return _answer(q, m, fact, passages, printed, said=(f"The minutes of {on} list no {_LISTED[fact]}.", [m.present]))
    return Answer(question=q.text, found=False, passages=tuple(passages), note="not recorded",
                  answer=f"The papers hold the minutes of {on} of the {m.committee} but do not say {_UNSTATED[fact]}.")


def _by_passages(pool: list[Meeting], passages: list[Passage]) -> Meeting | None:
    """The meeting of the best-ranked passage that belongs to one of the candidates."""
    keys = {m.key(): m for m in pool}
    dated = {}
    for m in pool:
        dated.setdefault(m.meeting_date, []).append(m)
    for p in passages[:10]:
        c = p.chunk
        hit = keys.get((body_key(c.committee), c.meeting_date or ""))
        if hit:
            return hit
        if c.meeting_date in dated and len(dated[c.meeting_date]) == 1 and c.doc_type == "minutes":
            return dated[c.meeting_date][0]
    return None


def unheld(q: Query, meetings: list[Meeting], passages: list[Passage], dated: set[tuple[str, str]]) -> Answer | None:
    """'What was decided at the Cabinet meeting on 27 March 2025?': a decline when the papers hold no
    meeting of that body on that date (no record of it and no paper dated for it), else None."""
    if not q.dates or not re.search(r"\bmeetings?\b", q.text, re.I):
        return None
    bodies = named_bodies(q.text, meetings)
    if not bodies:
        return None
    held = {m.key() for m in meetings} | set(dated)
    if any((b, d) in held for b in bodies for d in q.dates):
        return None
    pool = [m for m in meetings if body_key(m.committee) in bodies]
    return _decline(q, pool, bodies, meetings, passages)


def _names(values: list) -> str:
    items = [v["name"] if isinstance(v, dict) else str(v) for v in values]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(q: Query, m: Meeting, fact: str) -> tuple[str, list[Fact]]:
    """The lead sentence naming the person, place or time, and the facts it quotes."""
    on = f"the meeting of {human_date(m.meeting_date)}"
    f = _fact_of(m, fact, q.meeting_role)
    v = f.value
    if fact in PERSON_FACTS:  # "was Councillor Kelly there?": that person's place in the record
        said = status(q.text, m, on)
        if said is not None:
            return said
        if fact == "attended":
            fact = "present"
    if fact == "role" or (fact == "cabinet_members" and f is not m.cabinet_members):
        return f"{_names(v)} attended {on}.", [f]
    if fact == "chair_elected":
        said = _PROPOSED.search(f.quote)
        seconded = f" and {said.group(2)} seconded" if said.group(2) else ""
        return f"{said.group(1)} proposed{seconded} that {v} chair {on}.", [f]
    if fact in ("chair", "chair_vice") and not re.search(r"\bchai?r", f.quote, re.I):  # see meetings._held_by_member
        return f"{v} held {on} as Cabinet Member (the papers name no chair).", [f]
    if fact in ("chair", "chair_vice"):
        from_membership = f.quote.lower().startswith("membership")
        lead = (f"{v} is Chair of the {m.committee} (membership printed for {on})." if from_membership
                else f"{v} chaired {on}.")
        if fact == "chair_vice" and m.vice_chair:
            return lead[:-1] + f"; {m.vice_chair.value} was Vice-Chair.", [f, m.vice_chair]
        return lead, [f]
    if fact == "vice_chair":
        return f"{v} was Vice-Chair at {on}.", [f]
    if fact == "substitutes":
        wanted = [s for s in v if _mentioned(q, s.get("substitute_for")) or _mentioned(q, s.get("name"))] or v
        return "; ".join(f"{s['name']} substituted for {s['substitute_for']}" for s in wanted) + f" at {on}.", [f]
    if fact == "apologies":
        if not v:
            return f"No apologies were received for {on}.", [f]
        return f"Apologies for {on} came from {_names(v)}.", [f]
    if fact == "interests":
        if not v:
            return f"No interests were declared at {on}.", [f]
        stayed = {True: "left the room for it", False: "remained in the meeting"}
        parts, v = [], _one_each(own_declarations(q.text, v) or v)
        for i in v:
            said = [x for x in (_clip(i["item"]) if i.get("item") else "", stayed.get(i.get("left_room"), "")) if x]
            parts.append(f"{i.get('who') or 'A member'} declared an interest" + (f" ({'; '.join(said)})" if said else ""))
        parts = list(dict.fromkeys(parts))
        return "; ".join(parts) + f" at {on}.", _declared(f, v)
    if fact == "present":
        facts = [x for x in (m.present, m.co_opted, m.cabinet_members, m.other_members) if x]
        parts = []
        for name, x in (("present", m.present), ("co_opted", m.co_opted), ("cabinet_members", m.cabinet_members),
                        ("other_members", m.other_members)):
            if x and x.value:
                parts.append(_names(x.value) + (f" ({_LABEL[name]})" if name != "present" else ""))
        return f"Present at {on}: " + "; ".join(parts) + ".", facts
    if fact in _LABEL:
        return f"{_names(narrowed(q.text, v, m.committee))} attended {on} {_LABEL[fact]}.", [f]
    if fact == "closed" and f is m.scheduled_end:
        return f"{on[0].upper() + on[1:]} was scheduled to end by {v}.", [f]
    if fact == "closed":
        return f"{on[0].upper() + on[1:]} closed at {v}.", [f]
    if fact == "start_time":
        return f"{on[0].upper() + on[1:]} began at {v}.", [f]
    if fact == "place" and re.match(r"(?:their|its)\b", str(v)):  # "in their Boardroom": whose, the quote says
        return f"The minutes say {on} was held in {v}:", [f]
    if fact == "place":
        return f"{on[0].upper() + on[1:]} was held at {v}.", [f]
    if fact == "contacts":
        parts = []
        for c in v:
            extra = ", ".join(x for x in (f"telephone {c['phone']}" if c.get("phone") else "",
                                          f"email {c['email']}" if c.get("email") else "") if x)
            parts.append(c["name"] + (f" ({extra})" if extra else ""))
        return f"{' or '.join(parts)} is the contact for {on}.", [f]
    if fact == "co_opted_membership":
        return f"The co-opted members of the {m.committee} printed for {on}: {_names(v)}.", [f]
    if fact == "membership":
        picked = marked(q.text, v)  # "the by-invitation members": those printed "(By Invitation)"
        if len(picked) < len(v):
            return f"Printed for {on} as members of the {m.committee}: {_names(picked)}.", [f]
        return f"The {m.committee}'s membership printed for {on}: {_names(v)}.", [f]
    if fact == "apologies_by":
        return f"Apologies for {on} were to be sent no later than {v}.", [f]
    if fact == "issued":
        by = f" by {v['by']}" if v.get("by") else ""
        by += f" (telephone {v['phone']})" if by and v.get("phone") else ""
        return f"The agenda for {on} was issued on {human_date(v['date'])}{by}.", [f]
    if fact == "previous_minutes":
        return f"{on[0].upper() + on[1:]} approved the minutes of the meeting held on {v}.", [f]
    return str(v), [f]


def _declared(f: Fact, interests: list[dict]) -> list[Fact]:
    """One fact a page the declarations are printed on, each quoting the declarations there ("3) Mr Streatfield
    declared …" on page 2 is cited as page 2, not as the page the item on interests begins on)."""
    pages: dict[int, list[str]] = {}
    for i in interests:
        pages.setdefault(int(i.get("page") or f.page), []).append(i.get("nature") or "")
    if len(pages) == 1 and f.page in pages and len(interests) == len(f.value):
        return [f]
    return [replace(f, page=p, quote=" ".join(x for x in said if x)[:500],
                    context=f.context if p == f.page else " ".join(said)) for p, said in pages.items()]


def _one_each(interests: list[dict]) -> list[dict]:
    """One declaration a member: the minutes may note it twice (at the item on interests and at the item
    itself); the fuller note is kept."""
    best: dict[str, dict] = {}
    for i in interests:
        who = (i.get("who") or "").lower()
        have = best.get(who)
        if have is None or (not have.get("item") and i.get("item")):
            best[who] = i
    return [i for i in interests if best.get((i.get("who") or "").lower()) is i] if all(i.get("who") for i in interests) \
        else interests


def _clip(text: str, limit: int = 80) -> str:
    """An item named in a declaration, without the clause that follows it."""
    text = re.split(r"\s+[\u2013-]\s+(?:and|that)\b", text)[0]
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _mentioned(q: Query, name: str | None) -> bool:
    if not name:
        return False
    surname = name.split()[-1].lower()
    return surname in q.text.lower()


def _answer(q: Query, m: Meeting, fact: str, passages: list[Passage], printed: dict[str, dict[str, int]],
            said: tuple[str, list[Fact]] | None = None) -> Answer:
    lead, facts = said or _sentence(q, m, fact)
    lead = re.sub(r"(?<=\.)\.(?=\s|$)", "", lead)  # "closed at 2.30 p.m." ends the sentence once
    firsts, citations, quotes = [], [], []
    for f in facts:
        key = (f.source, f.page)
        n = next((c.n for c in citations if (c.source, c.page) == key), None)
        if n is None:
            n = len(citations) + 1
            pp = printed.get(f.source, {}).get(str(f.page))
            citations.append(Citation(n=n, source=f.source, page=f.page, title=title_of(f.source),
                                      meeting_date=m.meeting_date, committee=m.committee, printed_page=pp,
                                      quote=f.quote))
            firsts.append(Passage(chunk=Chunk(id=f"meeting-{m.meeting_date}-{fact}-{n}", text=f.context or f.quote,
                                              source=f.source, title=title_of(f.source), committee=m.committee,
                                              meeting_date=m.meeting_date, doc_type="minutes" if "minutes" in
                                              f.source.lower() else "agenda", page=f.page, page_end=f.page,
                                              printed_page=pp, section="meeting record", kind="meeting"),
                                  score=1.0))
        quotes.append(f"\u201c{_short(f.quote)}\u201d [{n}]")
    text = lead + " " + " ".join(dict.fromkeys(quotes))
    return Answer(question=q.text, found=True, answer=text, passages=tuple(firsts) + tuple(passages),
                  citations=tuple(citations), note="meeting record")


def _short(quote: str, limit: int = 320) -> str:
    return quote if len(quote) <= limit else quote[:limit].rsplit(" ", 1)[0] + " …"
