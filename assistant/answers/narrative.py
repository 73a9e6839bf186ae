"""What a why- or how-question wants of a sentence: a stated reason or a described process, not a form's field.

A "why …?" question is answered by the sentence that gives the reason ("… as there is an ongoing
request from social workers …", "The reason given in the letter … is as follows:"), and a "how will
… work?" question by the one that says how it is done ("progression … is informed by a performance
assessment each year"). A report's form fields ("Subject: Transfer the …", "Decision no: 24/00109")
and its bare recommendation items ("(g) Note the transition …") restate the topic in the question's
own words and so outscore both on shared words alone; they never explain anything.
"""
from __future__ import annotations

import re

# the words a reason is stated with outright ("because", "the reason given … is as follows:")
_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a (?:result|consequence) of|in order to|so that|so as to|reasons?\b|"
    r"rationale|in response to|driven by|now that|concerns?\s+(?:about|over|regarding|that|with))", re.I)
# and the words that may state one, or may only run on ("particularly as it is the only area …"): half as much
_MAYBE_REASON = re.compile(
    r"\b(?:given that|in light of|this means|which means|means that|therefore|consequently|as a result|"
    r"(?:as|since) (?:there|it|they|this|these|the|we) (?:is|are|was|were|has|have|had|will|would|does|do)\b|"
    r"\b(?:may|might|could|likely to) (?:reflect|be (?:reflective|due|explained|attributed|linked|caused))|reflecting\b|"
    r"\b(?:reflective of|attribut(?:able|ed) to|caused by|(?:results?|resulting|resulted|arising|arises|stems?|stemming) from)\b|"
    r"to (?:align|ensure|enable|allow|reflect|meet|comply|address|reduce|improve|support|avoid|maintain))", re.I)
# how a thing is done: a means, a measure or a sequence ("is informed by", "subject to", "each year", "in steps")
_PROCESS = re.compile(
    r"\b(?:(?:is|are|will be|would be|was|were) (?:\w+ )?(?:by|through|via|based on|subject to|informed by|"
    r"determined|calculated|assessed|measured|decided|set|paid|made|delivered|managed|reviewed)|"
    r"subject to|informed by|based on|by means of|through|via|"
    r"steps?|stages?|process|method|approach|mechanism|criteria|assessment|calculated|formula)\b", re.I)
# a form's field: a short label and a colon opening the line ("Subject:", "Decision no:", "Key decision:", a risk's code)
_FIELD = re.compile(r"\s*[A-Z][A-Za-z0-9()/.' ]{0,24}:\s+\S")  # "CRR0063: Capacity to …" too
# a recommendation item: a letter or numeral, then the verb the meeting is asked to act with
_RECOMMENDATION = re.compile(
    r"\s*\(?(?:[a-z]|[ivx]{1,4}|[A-H])[.)]\s+(?:note|agree|approve|endorse|delegate|consider|comment|"
    r"recommend|adopt|authorise|authorize|confirm|accept|request|ask|support)\w*\b", re.I)
# "how will pay progression work?", "how does KCC calculate …?": how a thing is done, not how many or how much
_PROCESS_ASKED = re.compile(
    r"\s*(?:and\s+)?how\s+(?!many\b|much\b|old\b|often\b|long\b|far\b|big\b|large\b|high\b|low\b|soon\b)"
    r"(?:will|would|does|do|did|is|are|was|were|can|could|should|has|have)\b", re.I)


def asks_process(question: str) -> bool:
    """A "how will / does … ?" question about how a thing is done (not "how many", "how much")."""
    return _PROCESS_ASKED.match(question) is not None


def states_reason(unit: str) -> float:
    """1 when the sentence states a reason outright ("because …", "the reason given … is"), 0.5 when it may
    ("… as there is an ongoing request …", "to align with …"), else 0."""
    if _REASON.search(unit):
        return 1.0
    return 0.5 if _MAYBE_REASON.search(unit) else 0.0


def describes_process(unit: str) -> bool:
    """The sentence says how a thing is done: a means, a measure or a sequence."""
    return _PROCESS.search(unit) is not None


def form_field(unit: str) -> bool:
    """A form's labelled field or a bare recommendation item: it names the topic and explains nothing.

    A table row ("Agency spend — 2014/15: £8.3m") and a lead-in ("… is as follows:") are not fields.
    """
    if " — " in unit:
        return False
    return _FIELD.match(unit) is not None or _RECOMMENDATION.match(unit) is not None
