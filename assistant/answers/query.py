"""A question read once: its terms and weights, years, the kind of thing it asks for, role, counted noun, bodies.

`read` is called once per question (after follow-up resolution); retrieval, answer selection and
abstention all take the `Query` it returns and never parse the question's text again.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..text.normalise import fold_numbers, named_years, tokens, years_in
from ..text.synonyms import Alternatives, bridging
from . import phrasing
from .measure import measured
from .narrative import asks_process
from . import meeting_asked as m_
from . import question as q_
from .versions import earlier_asked

# months a question names ("Dec-24" columns are told apart by them)
_MONTH = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b")
_LIST_ASKED = re.compile(r"\s*(?:what|which)\b(?!\s+(?:is|was|did)\b)", re.I)  # "what/which …": perhaps a list
# the reason (or purpose) often follows the fact: "why …", "what is the purpose of …"
_EXPLAIN = re.compile(r"\s*(?:and\s+)?(?:why\b|for what reason\b|what (?:is|was|are|were) the (?:main )?(?:purpose|reason|"
                      r"cause)s?\b)", re.I)
_PAST = re.compile(r"\b(?:did|was|were|had)\b", re.I)
# what a paper can state ahead of the year: "what was the budget / target for 2025-26?"
_PLANNED = re.compile(r"\b(?:budget\w*|target\w*|plan\w*|forecast\w*|propos\w*|expect\w*|estimat\w*|project\w*|"
                      r"allocat\w*|set|settlement|provisional|draft)\b", re.I)
PERCENT = re.compile(r"\b(?:percentage|per ?cent|proportion)\b|%", re.I)  # a share asked for, or named
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b", re.I)
_AGES = re.compile(r"\bhow old\b|\bages?\b", re.I)
# a financial year naming a paper: "the 2025-26 treasury management strategy", "the 2024-25 half-year report"
_PAPER_YEAR = re.compile(r"<fy>\s+(?:[\w&'-]+\s+){0,4}?(?:strategy|plan|budget|report|programme|statement|monitoring|"
                         r"update|review)\b")
# "budget vs forecast": how two figures are set side by side (read by `tablemath.compared`), not a word to find
_COMPARING = frozenset({"vs", "versus"})
_QUALIFIED = re.compile(r"\b(?:vice|deputy|assistant|acting|former|shadow)\b", re.I)


@dataclass(frozen=True)
class Query:
    """Everything later stages need to know about a question, read from its text once."""

    text: str  # the question answered (a follow-up already resolved against the conversation)
    embed_text: str  # the text embedded for dense retrieval
    terms: tuple[str, ...]  # lexical tokens in order
    weights: Mapping[str, float]  # each distinct term's weight (idf in the index searched)
    alternatives: Alternatives  # the papers' other words for its rarer terms (`synonyms.bridging`)
    pairs: frozenset[tuple[str, str]]  # adjacent term pairs
    years: frozenset[str]  # financial ('fy2014_15') and calendar years it names, spans filled in
    fys: frozenset[str]  # financial years named as such
    calendar: frozenset[str]  # calendar years named
    months: tuple[str, ...]  # month names it uses
    kind: str  # what it asks for: time_place, when, who, decision, figure, text (`question.kind`)
    role: bool  # a "who" question about the holder of a role ("who chairs the panel?")
    roles: frozenset[str]  # the roles it names, as 5-letter stems ("chair", "leade")
    role_bodies: frozenset[frozenset[str]]  # the bodies those roles are "of" ("Leader of Kent County Council")
    qualified: bool  # it asks for a vice/deputy/acting holder itself
    counted: frozenset[str]  # what a "how many" question counts, and the papers' words for it
    bodies: tuple[str, ...]  # bodies it names ("cabinet", "county council", "scrutiny")
    lists: bool  # a what/which question that a list may answer
    explain: bool  # a why question
    percent: bool  # asks for a share
    money: bool  # asks for an amount of money
    count: bool  # asks how many
    ages: bool  # asks about ages (so an age band may be the answer)
    asked_numbers: frozenset[str]  # figures the question itself names (not the answer)
    vote: bool  # asks how a vote went
    past: bool  # asks what happened ("did", "was")
    planned: bool  # asks what was planned (a budget, target or forecast)
    parts: tuple[str, ...] = ()  # the questions a compound question joins ("how many … and how much …")
    vague: bool = False  # names a topic, asks nothing ("Tell me about money")
    topic: str = ""  # what a vague question is about ("money")
    subject: str = ""  # the question without its asking words ("agency spend in 2014/15")
    extra: Mapping[str, object] = field(default_factory=dict)  # room for later stages' readings
    meeting_fact: str = ""  # the fact of a meeting it asks for: chair, place, apologies … (`meeting_asked`)
    dates: tuple[str, ...] = ()  # full dates it names, ISO
    day_months: tuple[str, ...] = ()  # days it names without a year, "MM-DD"
    month_years: tuple[str, ...] = ()  # months it names with a year, "YYYY-MM"
    meeting_role: str = ""  # the role a "which head teacher attended …" question asks about (`meeting_asked`)
    earlier: bool = False  # asks for a draft or earlier version of a paper (`versions.earlier_asked`)
    process: bool = False  # asks for an account of how a thing is done ("how will pay progression work?")
    held_on: frozenset[str] = frozenset()  # the papers of the meetings held on the dates it names (set by the retriever)
    measured: frozenset[str] = frozenset()  # the word its measure turns on ("were homeless"): `measure.measured`
    done: str = ""  # the act a who-question asks the doer of, as written ("introduced"): `question.done_asked`


def unit_weights(terms: tuple[str, ...] | list[str]) -> dict[str, float]:
    """Every distinct term weighted 1: for a question read without an index."""
    return {t: 1.0 for t in set(terms)}


def read(question: str, weight: Callable[[str], float] | Mapping[str, float] | None = None) -> Query:
    """Read a question once.

    Args:
        question: the question to answer (a follow-up already resolved).
        weight: a term's weight in the index searched (its idf), or the weights themselves; every
            term weighs 1 without it.
    """
    terms = tuple(t for t in tokens(question) if t not in _COMPARING)
    if isinstance(weight, Mapping):
        weights = dict(weight)
    else:
        weights = {t: weight(t) for t in set(terms)} if weight else unit_weights(terms)
    fys, calendar = named_years(question)
    if fys and calendar:  # "the 2025-26 treasury management strategy's forecast for 31 March 2027": the
        # financial year names the paper; the date is the period asked about
        fys = {f for f in fys if not _PAPER_YEAR.search(fold_numbers(question).replace(f, "<fy>"))}
    kind = q_.kind(question)
    return Query(
        text=question, embed_text=q_.embed_text(question), terms=terms, weights=weights,
        alternatives=bridging(question, weights), pairs=frozenset(zip(terms, terms[1:])),
        years=frozenset(years_in(question)), fys=frozenset(fys), calendar=frozenset(calendar),
        months=tuple(_MONTH.findall(fold_numbers(question))), kind=kind,
        role=kind == "who" and q_.asks_role(question), done=q_.done_asked(question) if kind == "who" else "",
        roles=frozenset(m.group(1).lower()[:5] for m in q_.ROLE.finditer(question)),
        role_bodies=frozenset(q_.body_of(question, m.end()) for m in q_.ROLE.finditer(question)) - {frozenset()},
        qualified=_QUALIFIED.search(question) is not None, counted=q_.counted(question),
        bodies=q_.bodies(question), lists=_LIST_ASKED.match(question) is not None,
        explain=_EXPLAIN.match(question) is not None, percent=PERCENT.search(question) is not None,
        money=q_.MONEY_ASKED.search(question) is not None, count=_COUNT.search(question) is not None,
        ages=_AGES.search(question) is not None, asked_numbers=q_.numbers_named(question),
        vote=q_.VOTE_ASKED.search(question) is not None, past=_PAST.search(question) is not None,
        planned=_PLANNED.search(question) is not None, parts=phrasing.parts(question),
        vague=phrasing.is_vague(question), topic=phrasing.topic(question), subject=phrasing.subject(question),
        meeting_fact=m_.fact_asked(question), dates=m_.dates_named(question), day_months=m_.day_months(question),
        month_years=m_.months_named(question), meeting_role=m_.role_asked(question),
        earlier=earlier_asked(question),
        # a question of two parts is answered part by part, each part read with its own measure
        measured=frozenset() if len(phrasing.parts(question)) > 1 else measured(question),
        # "how did the council vote …?" asks for a decision, "how will … work?" and "how does KCC calculate its
        # minimum revenue provision?" (a figure's word) for an account
        process=kind in ("text", "figure") and asks_process(question))
