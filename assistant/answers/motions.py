"""Who proposed and who seconded a motion or amendment, from the meeting records' motions.

The motion asked about is the one whose item title, words and movers hold most of the question's
idf-weighted terms (as for questions put at a meeting, `questions.py`); it must hold a fair share
of them, else nothing is said and the loose text is searched instead.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..papers.meetings import Fact, Meeting
from ..text.normalise import tokens
from .query import Query
from .questions import term_share

MIN_SHARE = 0.3  # weighted share of the question's own terms a motion must hold to be the one asked about
CLEAR_RATIO = 3.0  # or half that share, when it is this many times any other motion's
_ASKING_WORDS = frozenset(tokens("who proposed seconded moved proposer seconder motion amendment the meeting council "
                                 "county cabinet and at on of in which what how did was were vote voted votes "
                                 "voting go went result outcome pass passed carried lost fail failed get through "
                                 # how a vote is counted, and words for the motion or the meeting, not its subject
                                 "councillors councillor members member many for against abstain abstained abstentions "
                                 "substantive final original main extraordinary "
                                 "january february march april may june july august september october november december"))


def _words(entry: dict) -> set[str]:
    return set(tokens(" ".join(str(entry.get(k) or "") for k in ("proposer", "seconder", "title", "heading", "text"))))


def best_motion(q: Query, pool: list[Meeting]) -> tuple[Meeting, dict] | None:
    """The meeting and motion best matching the question, or None when none holds MIN_SHARE of its terms
    (or half of it, CLEAR_RATIO times any other's)."""
    terms = {t for t in q.terms if t not in _ASKING_WORDS and not t.isdigit()}
    if not terms:
        return None
    asked = "amendment" if re.search(r"\bamendments?\b", q.text, re.I) else \
        "motion" if re.search(r"\bmotions?\b", q.text, re.I) else None  # "the Lib Dem amendment": not a motion
    # a tie is the motion whose item is titled with the words ("the budget motion": item "… Revenue Budget 2025-26",
    # not the "Section 25 Report" whose motion mentions the budget)
    scored = [(term_share(q, terms, _words(entry)), term_share(q, terms, set(tokens(entry.get("title") or ""))), m, entry)
              for m in pool for entry in (m.motions.value if m.motions else [])
              if not asked or entry.get("kind") in (asked, None)]
    if not scored:
        return None
    scored.sort(key=lambda x: x[:2], reverse=True)
    share, _, m, entry = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    # a smaller share still picks the motion out when no other comes near ("the Lib Dem amendment to add £5.6m
    # to highways": the record names neither the party nor the sum, but only one amendment is about highways)
    clear = share >= MIN_SHARE / 2 and share >= CLEAR_RATIO * runner
    return (m, entry) if share >= MIN_SHARE or clear else None


def motion_sentence(m: Meeting, entry: dict, on: str, outcome: bool = False,
                    voters: str | None = None) -> tuple[str, list[Fact]]:
    """"Mr Baker proposed and Mr Robey seconded the motion on the Local Transport Plan (item 278) at …"; asked how
    it fared (`outcome`), the outcome first ("The amendment was lost: 8 for, 40 against, 10 abstaining.")."""
    what = entry.get("kind") or "motion"
    under = f" on {entry['title']} (minute {entry['item']})" if entry.get("title") else ""
    if entry.get("heading") and entry["heading"] != entry.get("title"):  # "Motion for Time Limited Debate 3 – …"
        under += f", {entry['heading']}"
    moved = f"{entry['proposer']} proposed and {entry['seconder']} seconded the {what}{under} at {on}."
    moved = moved[0].upper() + moved[1:]  # "The Leader proposed …"
    facts = [replace(m.motions, page=int(entry.get("page") or m.motions.page), quote=entry.get("quote") or
                     m.motions.quote, context=entry.get("quote") or m.motions.context)]
    if not (outcome and entry.get("result")):
        return moved, facts
    votes = entry.get("votes") or {}

    def recorded(quote: str) -> Fact:  # the outcome as printed, on the page it is printed on
        return replace(m.motions, page=int(entry.get("result_page") or facts[0].page), quote=quote, context=quote)

    named = (entry.get("voters") or {}).get(voters or "")
    if voters and named:  # "who abstained on …": the names printed under that count
        label = {"for": "For", "against": "Against", "abstain": "Abstain"}[voters]
        how = {"for": "voted for", "against": "voted against", "abstain": "abstained on"}[voters]
        said = recorded(f"{label} ({votes.get(voters, '')}) {named}")
        return f"{named} {how} the {what}{under} at {on} ({entry['result']}). {moved}", [said] + facts
    counted = ", ".join(f"{votes[k]} {label}" for k, label in (("for", "for"), ("against", "against"),
                                                               ("abstain", "abstaining")) if k in votes)
    lead = f"The {what} was {entry['result']}{': ' + counted if counted else ''}. {moved}"
    return lead, [recorded(entry["result_quote"])] + facts
