"""How a question is put, read from its text once: its parts, whether it names a topic only, and its subject."""
from __future__ import annotations

import re

from ..text.normalise import tokens

# "…, and how many …" / "… and who is …" / "… and at what time …" / "…? What …": a second question joined to the first
_JOIN = re.compile(r",?\s+and\s+(?=(?:(?:at|in|on|for|by|to|from|with)\s+)?"
                   r"(?:how|what|which|who|whom|when|where|why|is|are|was|were|did|does|do)\b)"
                   r"|\?\s+(?=[A-Z])", re.I)
_BRACKETED = re.compile(r"\([^()]*\)")
_VAGUE = re.compile(r"^\s*(?:tell me (?:more )?about|what do (?:the papers|we) (?:say|know|have) (?:about|on)|"
                    r"anything (?:on|about)|(?:info(?:rmation)?|details?) (?:on|about)|summar(?:y|ise) of)\b", re.I)
_QUESTION = re.compile(r"^\s*(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|did|does|do|can|could|"
                       r"has|have|had|should|will|would|list|show|give|name)\b", re.I)
_ASKED = re.compile(r"^\s*(?:and\s+)?(?:what|which|how (?:much|many)|who|when|where)\b(?:\s+(?:was|were|is|are|did|does|"
                    r"do|has|have|had|will))?(?:\s+the)?\s+", re.I)
VAGUE_WORDS = 6  # a bare phrase this short with no question in it ("local government reorganisation") is a topic


def parts(question: str) -> tuple[str, ...]:
    """The questions a compound question joins (the question alone, when it is not compound)."""
    # a join inside brackets is the question's own aside ("for action 7.2 (reviewing the PDF and how findings
    # are shared)"), not a second question
    inside = [m.span() for m in _BRACKETED.finditer(question)]
    cuts = [m.span() for m in _JOIN.finditer(question) if not any(a < m.start() < b for a, b in inside)]
    ends = [0, *(x for span in cuts for x in span), len(question)]
    pieces = [question[ends[i]:ends[i + 1]].strip(" ,?") for i in range(0, len(ends), 2)]
    pieces = [p for p in pieces if tokens(p)]
    return tuple(pieces) if len(pieces) > 1 else (question,)


def is_vague(question: str) -> bool:
    """A topic rather than a question: "tell me about X", or a short phrase that asks nothing."""
    if _VAGUE.match(question):
        return True
    words = re.findall(r"[\w/'-]+", question)
    return "?" not in question and not _QUESTION.match(question) and 0 < len(words) <= VAGUE_WORDS \
        and not any(ch.isdigit() for ch in question)


def topic(question: str) -> str:
    """What a vague question is about ("Tell me about money" -> "money")."""
    return _VAGUE.sub("", question).strip(" ?.") or question.strip(" ?.")


def subject(question: str) -> str:
    """The question without its asking words ("What was agency spend in 2014/15?" -> "agency spend in
    2014/15"), or "" when it does not start with them."""
    rest = _ASKED.sub("", question, count=1).strip(" ?")
    return "" if rest == question.strip(" ?") else rest
