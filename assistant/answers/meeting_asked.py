"""Which fact of a meeting a question asks for (chair, place, apologies …), and the dates it names.

Read once by `query.read` into `Query.meeting_fact` and `Query.dates`; `answers/meetings.py` answers
from the meeting records when a fact is asked.
"""
from __future__ import annotations

import re

from ..papers.structure import ISO_DATE, MONTH as _MONTH, MONTHS, iso

_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b\.?,?(?:\s+(\d{{4}}))?", re.I)
MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(\d{{4}})\b", re.I)

# the words that name a kind of body ("the Scrutiny Board", "Cabinet")
INSTITUTION = re.compile(r"\b(board|panel|(?:sub-?)?committee|council|cabinet|executive|(?:sub-?)?group|forum|partnership)\b",
                         re.I)
# the words that say a question is about a meeting at all (a bare "what time" may be about anything)
MEETING_WORDS = re.compile(r"\b(?:meeting|meetng|meets?|board|cabinet|council|committee|panel|agenda\w*|minutes|"
                           r"scrutiny|session)\b", re.I)
# "which head teacher attended …": a role the people listed at a meeting hold (the lists' own labels excluded)
ROLE_ATTENDED = re.compile(r"\b(?:which|what)\s+(?!(?:councillors?|members?|officers?|employees|staff|people|"
                           r"cabinet|co-?opted|officials|guests)\b)([a-z][a-z -]{2,30}?)s?\s+(?:attended|was present|"
                           r"were present|came to|spoke at|joined)\b", re.I)
# "who is the Democratic Services Manager at …" (tried late: "who was the chair at …" is the chair)
ROLE_HELD = re.compile(r"\bwho (?:is|was) the\s+(?!(?:chai?r\w*|vice|cabinet members?|contact|members?)\b)"
                       r"([a-z][a-z -]{2,40}?)\s+(?:at|for|attending|from)\b", re.I)
# "who attended from Prospects …", "who represented Coventry College …": an organisation, as capitalised
ROLE_FROM = re.compile(r"\b[Ww]ho (?:attended|came|was there|spoke) (?:from|for|on behalf of) (?:the )?"
                       r"((?:[A-Z][\w'&-]*\s?)+)|\b[Ww]ho represented (?:the )?((?:[A-Z][\w'&-]*\s?)+)|"
                       r"\b[Ww]ho from (?:the )?((?:[A-Z][\w'&-]*\s?)+)")  # "who from Prospects did the Chair welcome"
# asking who proposed or seconded (a chair's election, a motion) is not asking who chaired
_PROPOSER = re.compile(r"\bwho (?:proposed|seconded|nominated|moved|put forward|tabled|brought forward)\b|"
                       r"\b(?:proposer|seconder)\b|"
                       r"\bwho\b.{0,60}\b(?:proposed|seconded|moved|put forward|tabled) (?:the|an?|this|that) (?:motion|amendment)\b",
                       re.I)
# "did the Lib Dem amendment … pass?", "was the motion carried?", "what was the vote on the budget amendment?"
MOTION_RESULT = re.compile(r"\b(?:did|was|were|has|had|is)\b.*\b(?:motion|amendment)s?\b.*\b(?:pass(?:ed)?|carried|carry|lost|"
                           r"fail(?:ed)?|succeed(?:ed)?|defeated|agreed|get through|got through|go through|went through)\b|"
                           r"\b(?:what|how) (?:was|were|did) the (?:vote|voting|result|outcome)\b.*\b(?:motion|amendment)s?\b|"
                           r"\bhow did (?:the )?(?:vote|voting) go\b.*\b(?:motion|amendment)s?\b|"
                           r"\bhow did (?:the )?[\w ]{2,30}? vote (?:on|for)\b.*\b(?:motion|amendment)s?\b|"
                           r"\bwhat happened to the\b.*\b(?:motion|amendment)s?\b|"
                           r"\bwho (?:voted|abstained)\b|\b(?:which|what) (?:members|councillors)\b.*\b(?:voted|abstained)\b|"
                           r"\bhow many\b.*\b(?:voted|abstained|abstentions)\b", re.I)
# "who voted against …", "which members abstained on …": the names under one count of a recorded vote
_VOTERS = re.compile(r"\b(?:who|which (?:members|councillors))\b.*\b(?:(abstain)\w*|voted (for|against))\b", re.I)


def voters_asked(question: str) -> str | None:
    """"for", "against" or "abstain" when the question asks who voted that way, else None."""
    m = _VOTERS.search(question)
    return (m.group(1) and "abstain" or m.group(2).lower()) if m else None
# "was Councillor Kelly at …", "did Mrs Bell make it to …", "was Sean Holden there?": whether a named person attended
_HONORIFIC = r"(?i:councillor|cllr|mr|mrs|ms|miss|dr|sir)\.?"
ATTENDED = re.compile(r"^\s*(?:and\s+)?(?i:was|were|did|has|had)\s+(?:" + _HONORIFIC + r"\s+[\w'\u2019-]+|"
                      r"[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s+(?i:(?:\w+\s+){0,2}?(?:at|there|present|absent|"
                      r"attend\w*|ma[dk]e it|come|turn(?:ed)? up|go|join\w*|in attendance)\b)")
# (fact, pattern) in the order they are tried: the more specific first
_ASKS = [
    ("asker", re.compile(r"\bwho (?:asked|put(?! forward)|raised)\b|\bwhose question\b|\bquestion (?:by|from)\b|\basked by\b", re.I)),
    ("answerer", re.compile(r"\bwho answered\b|\b(?:member|councillor|who) (?:answered|replied|responded)\b|"
                            r"\b(?:who|whom|which (?:cabinet )?member) did .{2,40} (?:ask|put (?:a|the|his|her) question to)\b|"
                            r"\bto whom did\b.*\bquestion\b|"
                            # the passive: "which cabinet member was asked about …", "who was questioned on …"
                            r"\b(?:who|which (?:cabinet )?member) (?:was|were) (?:asked|questioned|put the question)\b|"
                            r"\banswered (?:by|\w+'s question)\b", re.I)),
    # "who do I notify if I can't attend …": whom to contact (before "can't attend" is read as apologies)
    ("contacts", re.compile(r"\bwho (?:do|should|must|can|would) (?:i|we|members?|councillors?) (?:notify|tell|inform|let know)\b",
                            re.I)),
    # "who issued the agenda …, and what is his phone number?": the signatory (before a phone number reads as contacts)
    ("issued", re.compile(r"\bwho (?:issued|signed|sent out|published|dispatched)\b.*\b(?:agenda|papers?|summons)\b", re.I)),
    ("chair_vice", re.compile(r"\bchai?r\w*\b.*\b(?:and|&)\b.*\bvice[\s-]*chai?r", re.I)),
    ("vice_chair", re.compile(r"\bvice[\s-]*chai?r\w*", re.I)),
    ("substitutes", re.compile(r"\bsubstitut\w*|\bwho (?:replaced|stood in|was standing in|deputi[sz]ed)\b|"
                               r"\b(?:stand|stood|standing) in for\b|"
                               r"\bwhom? did .{2,40} replace\b|"
                               r"\b(?:replac\w*|stood in for|in place of) (?:councillor|cllr|mr|mrs|ms|miss|dr)\b", re.I)),
    ("apologies_by", re.compile(r"\bapol\w*\b.*\b(?:by (?:when|wen|what time)|deadline|no later|latest|in by|"
                                r"(?:be|been) (?:sent|given|received|in) by)\b|\bwhat time\b.*\bapol\w*|"
                                r"\b(?:by (?:when|wen)|deadline|latest|no later|last time)\b.*\bapol\w*", re.I)),
    ("apologies", re.compile(r"\bapol\w*|\bsent (?:their )?regrets\b|\bwho (?:was|were) absent\b|"
                             r"\b(?:could not|couldn't|can't|cannot|unable to|did not|didn't) (?:attend|come|make)\b", re.I)),
    ("interests", re.compile(r"\bdeclar\w*\b.*\binterest|\binterests?\b.*\bdeclar\w*|\bconflicts? of interest|"
                             r"\bdid .{2,40} (?:leave|withdraw|stay|remain)\b.*\b(?:room|chamber|meeting)\b|"
                             r"\bany declarations\b|\bdeclarations? (?:were |was )?(?:made|received)\b", re.I)),
    # "which co-opted members are on the membership …": the agenda's membership list, not who attended
    ("co_opted_membership", re.compile(r"\bco-?\s?opted\b(?!.*\b(?:attend\w*|present|there|came)\b).*\b(?:membership|"
                                       r"(?:are|is|sit|sits|serve|serves) on)\b|\bmembership\b.*\bco-?\s?opted\b", re.I)),
    ("co_opted", re.compile(r"\bco-?\s?opted\b", re.I)),
    # the verbs of taking part ("attended", "joined", "took part", "dialled in") with "virtually" / "online"
    ("officers_virtual", re.compile(r"\b(?:virtual\w*|remote\w*|online)\b.*\b(?:attend|join|took part|take part|dial)|"
                                    r"\b(?:attend|join|took part|take part|dial)\w*\b.*\b(?:virtual\w*|remote\w*|online)", re.I)),
    # "which Cabinet Member presented the award?" asks who did something, not who attended
    ("cabinet_members", re.compile(r"\b(?:as|which|what|any) cabinet members?\b(?!\s+(?!attended\b)(?:[a-z]+ed|gave|said|spoke|"
                                   r"made|took|led|moved|told|put|responded)\b)|\bcabinet members? (?:was |were )?(?:present\b|attend)|"
                                   r"\bwho (?:was|were) (?:the )?(?:deputy )?cabinet members?\b(?! for)", re.I)),
    ("invited", re.compile(r"\binvited\b|\bguests?\b", re.I)),
    ("officers", re.compile(r"\b(?:officers?|employees|staff)\b.*\b(?:attend\w*|present)\b|\bin attendance\b", re.I)),
    ("role", re.compile(ROLE_ATTENDED.pattern, re.I)),
    ("role", ROLE_FROM),
    ("attended", ATTENDED),
    ("present", re.compile(r"\bwho (?:was|were) (?:present|there|at)\b|\bwho attended\b|\b(?:present|attended|attendance) at\b|"
                           r"\bwho (?:came|turned up)\b|\bdid .{2,40} attend\b", re.I)),
    ("membership", re.compile(r"\bmembership\b|\bwho (?:are|were|is) (?:the )?(?:[\w-]+ ){0,2}members of\b|"
                              r"\bwho sits? on\b", re.I)),
    ("chair", re.compile(r"\bwho\b.*\bchai?r(?:s|ed|d|ing|man|person|woman)?\b|^\s*(?:the\s+)?chai?r(?:man|person)?\s+(?:of|at|for)\b|\bwho presided\b|\bin the chair\b|\bchai?r(?:man|person)? of the\b.*\bmeeting", re.I)),
    ("closed", re.compile(r"\b(?:what time|when)\b.*\b(?:finish\w*|clos\w*|end(?:ed|s)?)\b", re.I)),
    ("start_time", re.compile(r"\bwhat time\b|\b(?:start|begin)s? (?:time|at)\b|\bwhen (?:does|did|will) .* (?:start|begin)\b", re.I)),
    ("contacts", re.compile(r"\bcontact\b|\bwho (?:do|should|can) i (?:ring|call|phone|email|ask|speak)\b|"
                            r"\b(?:phone|telephone) number\b|\bwhat number\b|\bemail address\b|\bnumber do i\b|\bget in touch\b", re.I)),
    ("place", re.compile(r"\bwhere\b.*\b(?:held|meet\w*|take place|located|sit)\b|\bwhere (?:is|was|will)\b.*\bmeeting|"
                         r"\bvenue\b|\baddress\b|\b(?:which|what) room\b", re.I)),
    ("issued", re.compile(r"\b(?:agenda|papers?|summons|pack|supplement\w*|covering letter)\b.*\b(?:sent|issued|published|"
                          r"dispatched|circulated|dated)\b|"
                          r"\bwho signed\b.*\b(?:agenda|summons)\b|"
                          r"\b(?:sent out|issued|published|dispatched)\b.*\bagenda\b", re.I)),
    ("previous_minutes", re.compile(r"\bwhich minutes\b|\bminutes of which meeting\b|\bwhose minutes\b", re.I)),
    ("role", ROLE_HELD),
    # "when is the Cabinet meeting on 13 March?": the time it is called for (tried last: "when … close" is above)
    ("start_time", re.compile(r"^\s*(?:and\s+)?when (?:is|was|will|does) (?:the )?[^?]*\bmeeting\b", re.I)),
]
# facts any question may ask without naming a meeting; the others need a meeting word or a date
_SELF_EVIDENT = {"asker", "answerer", "substitutes", "apologies", "apologies_by", "interests", "co_opted", "co_opted_membership",
                 "previous_minutes", "chair_vice", "motions", "attended"}


def asks_outcome(question: str) -> bool:
    """The question asks how a motion or amendment fared (carried or lost, the votes), not who moved it."""
    return MOTION_RESULT.search(question) is not None and not _PROPOSER.search(question)


def fact_asked(question: str) -> str:
    """The meeting fact a question asks for ("chair", "place", "apologies" …), or "" when it asks none."""
    if _PROPOSER.search(question):  # who proposed a chair's election is read from it; any other motion from the motions
        return "chair_elected" if re.search(r"\bchai?r\b|\belect", question, re.I) else "motions"
    if MOTION_RESULT.search(question):  # how a motion or amendment fared: the motions' recorded outcomes
        return "motions"
    fact = _pattern_fact(question)
    if fact and (fact in _SELF_EVIDENT or MEETING_WORDS.search(question) or dates_named(question) or
                 day_months(question) or ISO_DATE.search(question) or fact == "role" and MONTH_YEAR.search(question)):
        return fact
    return ""


def _pattern_fact(text: str) -> str:
    """The fact of the first of `_ASKS` whose words the text holds, or ""."""
    return next((fact for fact, pattern in _ASKS if pattern.search(text)), "")


def facts_asked(parts: tuple[str, ...]) -> tuple[str, ...]:
    """The meeting fact each part of a two-part question asks ("where was it held, and at what time did it
    start?": "place", "start_time"), when every part asks a different one; else ()."""
    facts = tuple(_pattern_fact(part) for part in parts)
    return facts if len(parts) > 1 and all(facts) and len(set(facts)) == len(facts) else ()


def role_asked(question: str) -> str:
    """The role a "which head teacher attended …" question asks about, lower case, or ""."""
    for pattern in (ROLE_ATTENDED, ROLE_FROM, ROLE_HELD):
        m = pattern.search(question)
        if m:
            return next(g for g in m.groups() if g).strip().lower()
    return ""


def dates_named(question: str) -> tuple[str, ...]:
    """Full dates a question names, as ISO ("5 November 2015", "9 jan 2020", "2015-11-05")."""
    out = [m.group(0) for m in ISO_DATE.finditer(question)]
    for m in _DAY_MONTH.finditer(question):
        if m.group(3):
            d = iso(int(m.group(1)), MONTHS[m.group(2)[:3].lower()], int(m.group(3)))
            if d:
                out.append(d)
    return tuple(dict.fromkeys(out))


def day_months(question: str) -> tuple[str, ...]:
    """Days named without a year ("cabinet 30 jan"), as "MM-DD"."""
    return tuple(f"{MONTHS[m.group(2)[:3].lower()]:02d}-{int(m.group(1)):02d}" for m in _DAY_MONTH.finditer(question)
                 if not m.group(3) and 1 <= int(m.group(1)) <= 31)


def months_named(question: str) -> tuple[str, ...]:
    """Months named with their year ("November 2015"), as "YYYY-MM"."""
    out = []
    for m in MONTH_YEAR.finditer(question):
        before = question[: m.start()].rstrip()
        if re.search(r"\b\d{1,2}(?:st|nd|rd|th)?$", before):
            continue  # the month of a full date
        out.append(f"{m.group(2)}-{MONTHS[m.group(1)[:3].lower()]:02d}")
    return tuple(out)
