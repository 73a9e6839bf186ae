"""What a question asks for: a figure, a date, a person, a decision, a place or an explanation.

Retrieval and answer selection both use this to prefer sentences that hold the kind of thing
asked for (a "how many" question is not answered by a sentence with no number in it).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..text.normalise import STOPWORDS, tokens
from ..text.numwords import to_numerals
from ..text.synonyms import alternatives

if TYPE_CHECKING:
    from .query import Query

# "what was the teenage pregnancy rate", "what capped hourly rate was agreed": a what-question about a measure;
# the words before the measure are its name, not a verb ("what was agreed about the hourly rates" is a decision)
_NOT_NAME = (r"(?:is|was|are|were|be|been|has|have|had|did|does|do|will|would|about|on|by|with|that|which|"
             r"agreed|decided|resolved)")
_MEASURE_ASKED = (r"\bwhat\s+(?:(?:is|was|are|were|will\s+be)\s+(?:the|its|their)\s+)?"
                  rf"(?:(?!{_NOT_NAME}\b)[\w'’-]+\s+){{0,4}}?(?:rate|ratio|percentage|proportion|amount)s?\b")
_FIGURE = re.compile(r"\b(how (?:much|many)|what (?:percentage|proportion|share|number|amount|level|total|cost|"
                     r"figure|rate|value|balance)|number of|total|cost|spend|budget|how big|how large|minimum|maximum|"
                     r"average|funding gap|allowance|balance|(?:contract|annual|total|grant) values?)\b|"
                     + _MEASURE_ASKED, re.I)
_WHEN = re.compile(r"^\s*(?:and\s+)?when\b|\bwhat (?:date|day|year|month)\b|\bwhen (?:did|was|is|will)\b", re.I)
_WHY = re.compile(r"^\s*(?:and\s+)?(?:why|for what reason)\b", re.I)
_TIME_PLACE = re.compile(r"\bwhat time\b|\bwhere (?:is|was|will)\b|\bvenue\b", re.I)
_WHO = re.compile(r"^\s*(?:and\s+)?who\b|\bwhich (?:councillor|member|officer|person)\b|\bwho (?:chairs?|is|was|declared)\b|"
                  r"\b(?:chair(?:s|ed)?|chairman|chairperson|inspector)\b(?!['’]s\b)", re.I)  # not "the chairman's announcements"
_DECISION = re.compile(r"\b(resolv\w*|agree[ds]?|decid\w*|(?<!record of )(?<!records of )decision(?!\s+(?:report|paper|notice|sheet|number|record|no\b|\d))|recommend\w*|approv\w*|adopt(?:ed|s)?\b|vot\w*|"
                       r"did\b.{0,60}\b(?:ask|request)|"  # "what did the board ask …", not "was X asked …"
                       r"amendment|endorse\w*|pass(?:ed)?|carried|lost)\b", re.I)

# a sum of money is matched whole ("£128m", not "£1" and a count of "28m"), then shares and scaled figures, then any
_HAS_NUMBER = re.compile(r"£\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion)\b)?|"
                         r"\d[\d,.]*\s?(?:%|per cent|k\b|m\b|million|bn)|\b\d[\d,]*(?:\.\d+)?\b")
_HAS_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                       r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d\b|"
                       r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", re.I)
# a title and a capitalised name, or a capitalised full name near a role word (case matters here);
# "Kent County", "Medway Council" or "Armed Forces" is a body, not a name
_INSTITUTION = (r"(?:Council|County|Borough|City|District|Board|Committee|Panel|Partnership|Group|Services?|"
                r"Authority|Team|Department|Office|Forum|Executive|Cabinet|Trust|Agency|Programme|Plan|Strategy|"
                r"Report|Forces?|Police|Health|Care|Government)\b")
_BODY = (rf"(?!{_INSTITUTION}|(?:Chair\w*|Leader|Members?|Officer|Director|Manager|"
         r"Head|Champion|Vice|Deputy|Independent|The|This|Task|Groups?|Administrator|Worker|Advis[eo]r|"
         r"Coordinator|Assistant|Social|Adoption|Fostering)\b)")
# letters after a name ("J Burston BSc (Hons), MA, MRTPI") mark a person
_POST_NOMINAL = r"(?:BSc|BA|BEng|MA|MSc|MBA|MEng|LLB|PhD|MRTPI|FRTPI|CIPFA|FCA|ACA|CBE|OBE|MBE|KC|QC|DL|JP)\b"
_HAS_PERSON = re.compile(r"\b(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Professor|Inspector)\.?\s+[A-Z]|"
                         rf"\b(?:[A-Z]\.?\s+|[A-Z][a-z]+\s+)+[A-Z][a-z]+(?:-[A-Z][a-z]+)?,?\s+{_POST_NOMINAL}|"
                         rf"\b{_BODY}[A-Z][a-z]+\s+(?:[A-Z]\.?\s+)?{_BODY}[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b"
                         # "Waste Local Plan", "Kent Minerals and Waste": a title, not a name; nor is "Covenant
                         # Lead Officer" or "Job Title: Head …", words run straight into a role
                         rf"(?!(?:\s+[A-Z][a-z]+)?\s+{_INSTITUTION}|\s+(?:and|of|&)\s+[A-Z]|"
                         r"(?:\s+[A-Z][a-z]+)?:?\s+(?:Officer|Manager|Head|Lead|Leader|Member|Director)\b)"
                         r"(?=.{0,60}\b(?:[Cc]hair\w*|appointed|[Cc]hampion|[Cc]ommissioner|"
                         r"commenced|[Dd]irector|[Mm]anager|[Oo]fficer|[Hh]ead|[Ll]eader|[Mm]ember|[Ii]nspector)\b)|"
                         r"\bName:?\s+[A-Z][a-z]+\s+(?:[A-Z]\.?\s+)?[A-Z][a-z]+|"  # a form: "Name Peter Barnett"
                         r"\b(?:[Cc]haired by|[Cc]hair(?:man)?:?|appointed)\s+(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+", re.S)
MONEY_ASKED = re.compile(r"\b(?:how much|cost|costs|spend|spent|budget|allowance|funding|fee|fees|price|salary|"
                          r"hourly rates?|grant|overspend|underspend|savings?)\b", re.I)
# a sum of money, or a figure under a money unit's column ("2025-26 Kent £’m: 137.1", "£000s: 4,476")
_HAS_MONEY = re.compile(r"£\s?\d|\d\s?(?:k|m|bn|million|billion)\b|\b\d[\d,]*(?:\.\d+)?\s*(?:pounds|£)|"
                        r"£\s?['’]?\s?(?:0{3}s?|m|k|bn)\b", re.I)
_BOOK_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+\.\d")  # thousands and a tenth: a sum in £000s, not a head count
_LABEL_NUMBER = re.compile(r"\b(?:decision|item|minute|appendix|annex|amendment(?:\s+number)?|pages?|paragraph|section|"
                           r"table|figure|chart|no\.?|number|ref(?:erence)?|theme|priority|stage|phase|tier|level|"
                           r"question|recommendation|option|ward|grade|band)\s*:?\s*\d+[a-z]?\b", re.I)
# a decision stated, not named: "RESOLVED that …", "agreed", not "Subject: review of Decision 24/00093"
_HAS_DECISION = re.compile(r"\bRESOLVED\b|\bagreed\b|\bdecided\b|\bendorsed\b|\bapproved\b|\bcarried\b|\blost\b|"
                           r"\brecommend\w*\b|\bdecision (?:was|is|has been|to)\b|\bno decision\b", re.I)
_HAS_TIME_PLACE = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b|\broom|\bchamber\b|\bcouncil house\b|\bhall\b", re.I)
# "… will be held on 17 June 2025 at Maidstone Campus": an event held at a named place
_HELD_AT = re.compile(r"\b(?:held|take place|takes place|taking place)\b[^.]{0,60}?\b(?:at|in)\s+(?:the\s+)?[A-Z]")


# "who …?", "which councillors …?": a person, even when a decision is named ("… called in the decision")
_WHO_ASKED = re.compile(r"\s*(?:and\s+)?(?:who|which (?:councillors?|members?|officers?|people|persons?))\b", re.I)
_VOTE = re.compile(r"\b(?:resolv\w*|vot(?:e|ed|ing)|amendments?|motions?|carried|what happened to|"
                   r"(?:get|got|go|went) through)\b", re.I)
_COUNT = re.compile(r"\bhow (?:much|many)\b|\bwhat (?:percentage|proportion|number)\b", re.I)


# "When Cabinet reconsidered the decision on 4 March, what did it decide?": a leading clause sets the scene,
# the question after the comma says what is asked
_LEADING_CLAUSE = re.compile(r"\s*(?:when|after|before|once|since|if)\b[^,?]{3,}?,\s*"
                             r"((?:what|who|whom|which|how|why|where|did|does|do|was|were|is|are)\b.*)", re.I | re.S)


# words the question quotes from the papers ("the objective 'to reduce the number of …'") name what it is
# about, not what it asks for
_QUOTED = re.compile(r"(?<!\w)['‘\"“]([^'’\"”]+?\s[^'’\"”]+?\s[^'’\"”]+?)['’\"”](?!\w)")


def kind(question: str) -> str:
    """One of: time_place, when, who, decision, figure, text."""
    if _QUOTED.search(question):
        return kind(_QUOTED.sub(" ", question))
    main = _LEADING_CLAUSE.match(question)
    if main:
        return kind(main.group(1))
    if _WHY.match(question):
        return "text"  # a reason is asked for, even when the question names a figure ("why did spend fall?")
    if _TIME_PLACE.search(question):
        return "time_place"
    if _WHEN.search(question):
        return "when"
    if _WHO_ASKED.match(question):
        return "who"
    if _DECISION.search(question) and not _FIGURE.search(question):
        return "decision"
    if _VOTE.search(question) and not _COUNT.search(question):
        return "decision"  # "what happened to the amendment for £1m at the budget meeting?"
    if _WHO.search(question):
        return "who"
    if _FIGURE.search(question):
        return "figure"
    return "text"


def holds(kind_: str, text: str, q: "Query | None" = None) -> bool:
    """True when text holds the kind of thing the question asks for.

    A figure must be one the question does not itself name ("Key Stage 2" holds no answer to
    a question about Key Stage 2); paragraph numbers and years are not figures. Without `q`
    (ranking a passage's sentences), only the kind is checked.
    """
    if kind_ == "figure" and q is not None and q.percent:
        return bool(re.search(r"\d\s?%|\bper ?cent\b", text, re.I))
    if kind_ == "figure" and q is not None and q.money and not q.count:
        if not _HAS_MONEY.search(text):
            return False  # an allowance, cost or budget is an amount of money, not a share or a count
    if kind_ == "figure":
        asked = q.asked_numbers if q is not None else frozenset()
        body = _HAS_DATE.sub(" ", to_numerals(text))  # "Nine are rated Red" is a count; "3rd October 2019" a date
        body = _LABEL_NUMBER.sub(" ", body)  # nor is "Decision 12", "Item 7" or "Amendment Number: 5"
        body = re.sub(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s", " ", body)  # "5.1.1 " paragraph numbers
        body = _FREQUENCY.sub(" ", body)  # "a 6 monthly update" is how often, not how many
        body = _PER.sub(" ", body)  # "per 1,000 females" is what a rate is of, not the rate
        if q is None or not q.ages:
            body = _AGE.sub(" ", body)
        found = [m.group(0) for m in _HAS_NUMBER.finditer(_strip_years(body)) if m.group(0) not in asked]
        if q is not None and q.count:
            # a count, not a share or a sum of money ("22,516.9" is how budget books write £000s)
            found = [f for f in found if not f.rstrip().endswith("%") and not f.startswith("£")
                     and not _BOOK_FIGURE.fullmatch(f.strip())]
        return bool(found)
    if kind_ == "when":
        return bool(_HAS_DATE.search(text))
    if kind_ == "who":
        return bool(_HAS_PERSON.search(text))
    if kind_ == "decision":
        return bool(_HAS_DECISION.search(text))
    if kind_ == "time_place":
        return bool(_HAS_TIME_PLACE.search(text) or _HELD_AT.search(text))
    return True


_PER = re.compile(r"\bper\s+\d[\d,]*\b", re.I)
_FREQUENCY = re.compile(r"\b\d{1,2}[\s-]?(?:weekly|monthly|yearly|daily|hourly)\b", re.I)
# an age band names who, not how many: "Kent 16+ Travel Saver", "aged 18-25", "0-25 year olds"
_AGE = re.compile(r"\b\d{1,2}\s?\+|\baged?\s+(?:\d{1,2}\s*(?:-|\u2013|to)\s*)?\d{1,2}\b|"
                  r"\b(?:\d{1,2}\s*(?:-|\u2013|to)\s*)?\d{1,2}[\s-]+years?[\s-]+olds?\b", re.I)
ROLE = re.compile(r"\b(chair(?:s|ed|man|person|woman)?|leader|mayor|director|champion|commissioner)\b", re.I)
_QUALIFIED = re.compile(r"\b(?:vice|deputy|assistant|acting|former|shadow)\s*-?\s*$", re.I)
# "whose deaths did the Chairman announce?", "what did the Leader say?": the role holder is the
# subject of the question's verb, so what is asked is not who holds the role
_ROLE_AS_SUBJECT = re.compile(r"\b(?:did|does|do|has|have|had|will|would|can|could|should)\s+the\s+"
                              r"(?:[\w'’-]+\s+){0,3}$|"
                              # "which member asked whether the Leader was planning …": a clause about the holder
                              r"\b\w+ed\s+(?:whether|if|that|why|how)\s+the\s+(?:[\w'’-]+\s+){0,2}$", re.I)


# "who introduced the update …?", "who presented …": the act whose doer is asked for (not "chaired" or
# "attended": the meeting records answer those)
_DONE = re.compile(r"^\s*(?:and\s+)?who\s+(?!(?:chaired|attended)\b)([a-z]{4,}ed)\b", re.I)


def done_asked(question: str) -> str:
    """The act a who-question asks the doer of, as written ("introduced"), or "". Not its stem: "presented"
    is not the "Present:" of an attendance list."""
    m = _DONE.match(question)
    return m.group(1).lower() if m else ""


def asks_role(question: str) -> bool:
    """True when a question asks who holds a role it names ("who chairs the panel?", "who was the
    Leader?"), not what the holder did ("whose deaths did the Chairman announce?")."""
    return any(not _ROLE_AS_SUBJECT.search(question[:m.start()]) and not re.match(r"['’]s\b", question[m.end():])
               for m in ROLE.finditer(question))  # "the chairman's announcements" names an item, not a role asked


def other_role(q: "Query", text: str) -> bool:
    """True when the question asks for a role ("who chairs the panel?") and text names only a
    qualified form of it ("continues as Vice Chair"): the deputy is not the answer."""
    if q.qualified:
        return False
    seen = [m for m in ROLE.finditer(text) if m.group(1).lower()[:5] in q.roles]
    return bool(seen) and all(_QUALIFIED.search(text[max(0, m.start() - 12):m.start()]) for m in seen)


def holds_role(q: "Query", text: str) -> bool:
    """True when the question asks for a role ("who chairs the panel?") and text gives that role
    itself, not its deputy, to a person: "… was appointed as Independent Chair", "Councillor J Innes
    (Chair)", "Mr R Gough, Leader of the Council", "chaired by Cllr Bryan Sweetland" - not "Mr Lehmann
    commended the Leader"."""
    asked, body = q.roles, q.role_bodies
    people = [m.span() for m in _HAS_PERSON.finditer(text)]
    for m in ROLE.finditer(text):
        if m.group(1).lower()[:5] not in asked or _QUALIFIED.search(text[max(0, m.start() - 12):m.start()]):
            continue
        given = body_of(text, m.end())
        if body and given and not any(given & b for b in body):
            continue  # "Leader of Tonbridge & Malling Borough Council" is not who leads Kent County Council
        for start, end in people:
            if start <= m.start() < end or 0 <= start - m.end() <= 30:  # "Chair: Name", "chaired by Name"
                return True
            if 0 <= m.start() - end <= 40 and _GIVEN.search(text[end:m.start()]):  # "Name, Leader", "Name (Chair)"
                return True
    return False


def body_of(text: str, end: int) -> frozenset[str]:
    """The distinctive words of the body a role is 'of' ("Leader of Tonbridge & Malling Borough
    Council" -> {tonbridg, mall}); empty when none is named or it is just "the Council"."""
    m = _OF_BODY.match(text, end)
    return frozenset(tokens(m.group(1))) - _GENERIC_BODY if m else frozenset()


_OF_BODY = re.compile(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w'-]*|&|and)(?:\s+(?:[A-Z][\w'-]*|&|and))*)")
_GENERIC_BODY = frozenset(tokens("council county borough city district board committee cabinet authority"))
_GIVEN = re.compile(r"[,(\u2013\u2014-]|\b(?:as|is|was|became)\b")


def counted(question: str) -> frozenset[str]:
    """What a "how many" question counts, as lexical tokens that may name it: "how many road
    casualties were there" -> {casualty}; "how many agency social workers" -> {worker, staff, ...}.
    Empty for other questions."""
    m = re.search(r"\bhow many\s+(.*)", question, re.I)
    if not m or re.match(r"(?:more\s+)?times\b", m.group(1), re.I):
        return frozenset()  # "how many times was it downloaded" counts what was done, named by its verb
    words: list[str] = []
    for w in re.findall(r"[A-Za-z&][\w&'-]*", m.group(1)):
        if len(words) == 4 or (w.lower() in STOPWORDS and any(_noun_like(x) for x in words)):
            break
        words.append(w)
    heads = [w for w in words if _noun_like(w)]
    found = tokens(heads[-1]) if heads else []
    if not found:
        return frozenset()
    same = next((group for group in _SAME_COUNT if found[-1] in group), frozenset(found[-1:]))
    # and the thesaurus's one-word names for it: "how many looked after children" is met by "LAC numbers"
    return same | {alt[0] for alt in alternatives(question).get(found[-1], ()) if len(alt) == 1}


def _noun_like(word: str) -> bool:
    return word.lower() not in STOPWORDS and not word.lower().endswith(("ed", "ing")) and word.lower() not in _VERBS


_VERBS = frozenset("live lives work works attend attends receive receives get gets take takes".split())
# words the papers use for the same people or things counted ("48 agency staff" answers "how many workers")
_SAME_COUNT = [frozenset(tokens(" ".join(words))) for words in (
    ("worker", "workers", "staff", "employees", "officers", "posts", "fte"),
    # people counted by what they did or were: attended, took part, trained, used a service
    ("people", "residents", "persons", "individuals", "respondents", "attendees", "participants",
     "delegates", "users", "clients", "learners", "trained"),
    ("children", "child", "young people", "pupils", "cyp"),
    ("babies", "baby", "births", "live births"),  # a count of births is a count of babies born
)]


def records_decision(text: str) -> bool:
    """True when text records a decision (RESOLVED, agreed, approved...)."""
    return bool(_HAS_DECISION.search(text))


def _strip_years(text: str) -> str:
    """Years and year ranges are not the figure asked for."""
    return re.sub(r"\b(?:19|20)\d\d(?:\s*[/\-–]\s*(?:19|20)?\d\d)?\b|\b\d\d/\d\d\b", " ", text)


def numbers_named(question: str) -> frozenset[str]:
    """The figures a question itself names, years apart ("Key Stage 2": {"2"})."""
    return frozenset(m.group(0) for m in _HAS_NUMBER.finditer(_strip_years(question)))


def bodies(question: str) -> tuple[str, ...]:
    """The bodies a question names, as the words their names hold ("cabinet", "county council", "scrutiny")."""
    q = question.lower()
    out = []
    if re.search(r"\bcabinet\b", q) and "cabinet member" not in q:
        out.append("cabinet")
    if re.search(r"\b(full|county) council\b", q):
        out.append("county council")
    if re.search(r"scrutiny", q):
        out.append("scrutiny")
    return tuple(out)


def embed_text(question: str) -> str:
    """The question as embedded: council spellings folded to the papers' common forms."""
    return re.sub(r"\bcllrs?\.?\b", "Councillor", question, flags=re.I)


VOTE_ASKED = re.compile(r"\bvot(?:e|ed|ing)\b|\bget through\b|\bpass(?:ed)?\b|\bcarried\b", re.I)
_TALLY = re.compile(r"\b(?:for|against)\W{0,3}\d{1,3}\b(?![-/]\d)|\bcarried\b|\blost\b", re.I)  # not "for 2025-26"


def holds_tally(q: "Query", text: str) -> bool:
    """True when the question asks how a vote went and text records one ("Carried: For (39), Against (19)")."""
    return q.vote and _TALLY.search(text) is not None
