"""Whether a chosen answer's quotes carry what the question is specifically about; if not, the answer is withheld.

Selection and the thresholds in `abstain.py` judge how much of the question a passage holds; a
quote can hold most of it and still be about something else. Three checks on the answer as it
would be shown (its quotes, their papers, the passages they come from):

- **the period asked**: a question about 2019-20 answered by a quote that names other years only
  ("… 2017-2018 … Holbrooks — Visitors: 907") has a figure for another year;
- **the names asked about**: a body, place or programme the question names ("Medway Council") must
  be in the quotes, their papers' titles or the passages the answer was chosen from — a figure about Kent County
  Council is not Medway's. Initials count ("KCC" is Kent County Council), and the papers' other
  words for a term (`synonyms`);
- **a target is not an outcome**: a question about what was spent or done, answered by a figure the
  quote gives as a target, budget or forecast ("the target of £25,000"), or by quotes whose every sum
  is one ("the forecast revenue outturn position is an overspend of +£23.3m"), is not answered;
- **what the question is about** (`support`): a fitted model over the question's rare words that the
  quotes and their passages lack declines an answer whose evidence is about something else.

Meeting records (chair, apologies, times) are answered from the meeting itself and are not checked.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..papers.structure import MONTH, MONTHS
from ..records import Answer, Passage
from ..text.normalise import STOPWORDS, named_years, tokens, year_matches
from ..text.synonyms import held
from . import support
from .abstain import before_the_year
from .candidates import PASSAGES_READ
from .meeting_asked import MONTH_YEAR
from .query import Query

# A name the papers write in more than a tenth of their chunks (idf log(1/0.1) ≈ 2.3) is what the papers
# are about, not which passage is meant: "KCC" in Kent's papers (idf 2.1), "Coventry" in Coventry's (0.65).
# A body the papers mention now and then ("Medway", 3.3; "Birmingham", 6.6) must be in the evidence.
MIN_NAME_WEIGHT = 2.3
MIN_NAME_CHARS = 2  # a name's search term must have this many characters
# Capitalised words that are not names of a body, place or programme: the months and days a question
# dates itself by (checked by the period check), and words capitalised at the start of a question.
_NOT_NAMES = frozenset(("january february march april may june july august september october november december "
                        "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
                        "friday saturday sunday q1 q2 q3 q4").split())
_CAPITALISED = re.compile(r"(?<![\w'’])([A-Z][A-Za-z&'’-]*)")
_SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+|\(\s*)$")
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][a-z]+)+")
# "the target of £25,000", "a budget of £1.2m", "forecast to be £3m", "Target: 85%"
_PLANNED = "target|budget|forecast|estimate|allocation|plan|projection"
_PLANNED_BEFORE = rf"(?:{_PLANNED}|ambition|aim)s?\s*(?:of|is|was|at|to\s+be|:)?\s*"
_TRAILER = " The papers found don't say "
_PLANNED_WORD = re.compile(rf"\b(?:{_PLANNED}|projected|planned)", re.I)  # a sentence that gives its sums as planned
_SUM = re.compile(r"[-+]?£\s?\d[\d,.]*\s?(?:k|m|bn|million|billion)?\b|\b\d[\d,.]*\s?(?:million|billion)\b", re.I)
# a code of letters and figures ("CV8", "A229", "S106"), or a term of years in figures ("50-year", "10 year")
_CODE = re.compile(r"(?<![\w/])(?:(?P<code>[A-Za-z]{1,4}\d{1,3}[A-Za-z]?)|(?P<years>\d{1,3})[-\s]years?(?!\s*-?\s*olds?))\b")
_PERIOD_CODE = re.compile(r"(?i)q[1-4]|fy\d+|h[12]|p\d{1,2}|ks\d")  # quarters, years, halves, periods, key stages
_NUMBER_WORDS = {w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\u201d\s*\[\d+\]\s*")


def checked(q: Query, answer: Answer, unseen: float | None = None) -> Answer:
    """The answer, or an abstention that still lists its passages when its quotes do not carry what was
    asked. `unseen`: the weight the index gives a term it does not hold (`engine.unseen_weight`)."""
    why = withheld_evidence(q, answer, unseen)
    if why is None:
        return answer
    return Answer(question=answer.question, found=False, answer=why, passages=answer.passages)


def of_another_time(q: Query, answer: Answer) -> bool:
    """The answer's quotes give figures of another year or quarter than the one asked."""
    if not answer.found or not answer.citations:
        return False
    quotes = _quotes(answer)
    return _other_period(q, answer, quotes) or _other_quarter(q, answer, quotes) is not None


def _quotes(answer: Answer) -> str:
    """The answer's quotes and its own text (without the trailer naming what the papers found do not say)."""
    return " ".join(c.quote for c in answer.citations) + " " + answer.answer.split(_TRAILER)[0]


def withheld_evidence(q: Query, answer: Answer, unseen: float | None = None) -> str | None:
    """What to say instead of `answer` when its quotes do not carry what was asked, or None when it stands."""
    if not answer.found or not answer.citations:
        return None
    quotes = _quotes(answer)
    if _other_period(q, answer, quotes):
        when = ", ".join(sorted(_asked_years(q)))
        return (f"The papers in the index don't say — the nearest passages have figures on this, but not for {when}. "
                "They are listed below.")
    quarter = _other_quarter(q, answer, quotes)
    if quarter:
        return (f"The papers in the index don't say — the nearest passages have figures on this, but not for "
                f"Quarter {quarter}. They are listed below.")
    evidence = _evidence_tokens(answer)  # read once for both checks below
    missing = missing_names(q, answer, unseen, evidence)
    if missing:
        return ("The papers in the index don't say — the nearest passages do not mention "
                + " or ".join(f"\u201c{m}\u201d" for m in missing) + ". They are listed below.")
    absent = missing_codes(q, answer, evidence)
    if absent:
        return ("The papers in the index don't say — the nearest passages do not mention "
                + " or ".join(f"\u201c{m}\u201d" for m in absent) + ". They are listed below.")
    if _target_for_outcome(q, answer.answer, quotes):
        return ("The papers in the index don't say — the nearest passage gives a target or budget for this, "
                "not what happened. The nearest passages are listed below.")
    if support.unsupported(q, answer, unseen):  # the model fitted on tune (`support`)
        missing = support.missing_words(q, answer, unseen)
        what = " or ".join(f"\u201c{m}\u201d" for m in missing[:2]) if missing else "what the question is about"
        return f"The papers in the index don't say — the nearest passages do not mention {what}. They are listed below."
    return None


_QUARTER = re.compile(r"\b(?:q|quarter\s*)([1-4])\b|\b(first|second|third|fourth)\s+quarter\b", re.I)
_MONTH_WORD = re.compile(rf"\b{MONTH}\b", re.I)
_ORDINAL_QUARTER = {"first": "1", "second": "2", "third": "3", "fourth": "4"}


def _asked_years(q: Query) -> set[str]:
    return {f"{y[2:6]}/{y[7:]}" for y in q.fys} | set(q.calendar)


def _other_period(q: Query, answer: Answer, quotes: str) -> bool:
    """The quotes name years, none of them (nor their passages, papers or meetings) the year asked: a
    table of 2018-19 ("… compared to the previous year – 2017-2018") has no figure for 2019-20."""
    if not q.fys and not q.calendar:
        return False
    fys, calendar = named_years(quotes)
    if not fys and not calendar:  # a sentence that names no year may be about the year its passage is about,
        return _undated_before(q, answer)  # but not when that passage is of a meeting before the year began
    cited = _cited(answer)  # a quote from the table of 2018-19 whose heading compares it with 2017-18
    around = " ".join([quotes] + [c.title or "" for c in answer.citations]
                      + [" ".join([p.chunk.header(), p.before, p.chunk.text, p.after, " ".join(p.chunk.rows)])
                         for p in cited])
    if year_matches((set(q.fys), set(q.calendar)), around) is not False:
        return False
    if set(q.fys) & _dated_in(around):  # "13th February 2020" on a 2019/20 work programme: a date in the year
        return False
    # a calendar year is also met by the meeting the quote comes from ("the vote on 9 January 2025")
    met = {(c.meeting_date or "")[:4] for c in answer.citations} | {(p.chunk.meeting_date or "")[:4] for p in cited}
    return not (set(q.calendar) & met)


def _dated_in(text: str) -> set[str]:
    """The financial years (April to March) of the months a text dates: "13th February 2020" is in fy2019_20."""
    out = set()
    for m in MONTH_YEAR.finditer(text):
        month, year = MONTHS[m.group(1)[:3].lower()], int(m.group(2))
        start = year if month >= 4 else year - 1
        out.add(f"fy{start}_{(start + 1) % 100:02d}")
    return out


def _quarters(text: str) -> set[str]:
    """The quarters of a year a text names: "Q3", "Quarter 4", "the third quarter"."""
    return {m.group(1) or _ORDINAL_QUARTER[m.group(2).lower()] for m in _QUARTER.finditer(text)}


def _other_quarter(q: Query, answer: Answer, quotes: str) -> str | None:
    """The quarter asked ("in Quarter 4 2024-25"), when the quotes and the passages they come from name quarters
    and never that one: a quarterly report's Quarter 3 figure is not Quarter 4's."""
    asked = _quarters(q.text)
    if not asked:
        return None
    named = _quarters(" ".join([quotes] + [" ".join([p.chunk.header(), p.chunk.text]) for p in _quoted(answer)]))
    # the month a quoted paper's title names is in its quarter of the financial year ("Budget Monitoring Report
    # November 2024-25" is of Quarter 3): a report of that month may look back to another quarter
    titles = " ".join(c.title or "" for c in answer.citations)
    months = {MONTHS[m.group(1)[:3].lower()] for m in _MONTH_WORD.finditer(titles)
              if m.group(1).lower() != "may" or re.match(r"\s*'?\d", titles[m.end():])}  # "May 2024", not "may be"
    within = {str((m - 4) % 12 // 3 + 1) for m in months}
    return ", ".join(sorted(asked)) if named and not asked & (named | within) else None


def _undated_before(q: Query, answer: Answer) -> bool:
    """The quotes name no year, nor do the passages they come from, and every one of those passages is of a
    meeting held before the (calendar) year asked began: a 2012 table's "Average case load: 14" is not 2018's."""
    quoted = _quoted(answer)
    if not quoted or any(any(named_years(" ".join([p.chunk.header(), p.before, p.chunk.text, p.after])))
                         for p in quoted):
        return False
    return all(before_the_year(q, p.chunk.meeting_date) for p in quoted)


def _quoted(answer: Answer) -> list[Passage]:
    """The passages the citations point into (not the other passages the answer was chosen from)."""
    into = _cited_in(answer)
    return [p for p in answer.passages if into(p)]


def _cited_in(answer: Answer) -> Callable[[Passage], bool]:
    """Whether a passage holds a page one of the answer's citations points to."""
    return lambda p: any(c.points_into(p.chunk) for c in answer.citations)


def names_asked(q: Query) -> dict[str, str]:
    """The question's capitalised words that name something (not its first word, months or days),
    as {search term: the word as written}."""
    out: dict[str, str] = {}
    for m in _CAPITALISED.finditer(q.text):
        word = m.group(1)
        if _SENTENCE_START.search(q.text[:m.start()]) or word.lower() in _NOT_NAMES or word.lower() in STOPWORDS:
            continue
        for t in tokens(word):
            # a letter alone ("A&E" is read as "e", "Band D" as "d") is too short to look for
            if len(t) >= MIN_NAME_CHARS and q.weights.get(t, 0.0) >= MIN_NAME_WEIGHT:
                out.setdefault(t, re.sub(r"['’]s$", "", word))
    return out


def missing_names(q: Query, answer: Answer, unseen: float | None = None,
                  evidence: set[str] | None = None) -> list[str]:
    """The names the question asks about that neither the quotes, their papers nor their passages hold.

    A name no passage of the index holds at all (`unseen`: the weight of a term the index lacks, when
    known) is left to the passage-coverage thresholds, which already weigh it most. `evidence`: the
    answer's evidence tokens (`_evidence_tokens`), when already read.
    """
    names = names_asked(q)
    if not names:
        return []
    held_toks = held(_evidence_tokens(answer) if evidence is None else evidence, q.alternatives)
    return [word for t, word in names.items()
            if t not in held_toks and not (unseen is not None and q.weights[t] >= unseen - 1e-6)]


def missing_codes(q: Query, answer: Answer, evidence: set[str] | None = None) -> list[str]:
    """The codes and terms the question qualifies its subject by ("CV8", "A229", "the 50-year rate") that
    neither the quotes, their papers nor their passages hold: a table of CV1 to CV7 has no row for CV8, and
    rates for 10, 20 and 30 years none for 50. Written in figures, such a qualifier is no typo or paraphrase."""
    held_toks = _evidence_tokens(answer) if evidence is None else evidence
    out = []
    for m in _CODE.finditer(q.text):
        code, years = m.group("code"), m.group("years")
        if code and not _PERIOD_CODE.fullmatch(code) and code.lower() not in held_toks:
            out.append(code)
        elif years and not ({years} | {w for w, n in _NUMBER_WORDS.items() if n == years}) & held_toks:
            out.append(m.group(0))
    return out


def _evidence_tokens(answer: Answer) -> set[str]:
    """Tokens of the quotes, their papers' titles, bodies and councils, and the passages the quotes come from,
    with the initials of each run of capitalised words ("Kent County Council" -> "kcc")."""
    texts = [answer.answer]
    for c in answer.citations:
        texts += [c.quote, c.title or "", c.committee or "", c.council or "", c.part or ""]
    for p in _cited(answer):
        texts += [p.chunk.header(), p.before, p.chunk.text, p.after, " ".join(p.chunk.rows), p.chunk.council]
    text = "\n".join(texts)
    return set(tokens(text)) | run_initials(text)


def run_initials(text: str) -> set[str]:
    """The initials of each run of capitalised words, and of every stretch of it: "Kent County Council Budget
    Report" is also "kcc", "Adult Social Care & Health" is "asch"."""
    out: set[str] = set()
    for run in _NAME_RUN.findall(text):
        initials = "".join(w[0] for w in re.findall(r"[A-Z][a-z]+", run)).lower()
        out |= {initials[i:j] for i in range(len(initials)) for j in range(i + 2, len(initials) + 1)}
    return out


def _cited(answer: Answer) -> list[Passage]:
    """The passages the answer was chosen from (the best `PASSAGES_READ`), and any other the citations point
    into. A name or year the papers found write beside the quoted one is given the benefit of the doubt: a
    plausible answer declined costs a reader as surely as a wrong one given, and each check is meant to
    catch a quote about something the papers found do not mention at all."""
    into = _cited_in(answer)
    return [p for i, p in enumerate(answer.passages) if i < PASSAGES_READ or into(p)]


def planned_for_outcome(q: Query, text: str) -> bool:
    """The text gives its figure as planned (a target, budget, forecast) and the question asks what happened."""
    return q.past and not q.planned and _PLANNED_WORD.search(text) is not None


def _target_for_outcome(q: Query, text: str, quotes: str) -> bool:
    """A figure question about what happened ("how much did KCC spend …?") whose lead figure the quote
    gives as a target, budget or forecast, or, with no lead line, whose quoted sums are all given so."""
    if (q.kind != "figure" and not q.money) or not q.past or q.planned:
        return False
    lead, sep, _ = text.partition("\u201c")
    value = lead.split(" \u2014 ")[0].strip().rstrip(".") if sep else ""
    if value and not re.search(r"\d", value):
        return False
    if value:
        return re.search(_PLANNED_BEFORE + re.escape(value), quotes, re.I) is not None
    # no lead line: withheld when every sum quoted is one its sentence gives as planned ("The forecast
    # revenue outturn position is an overspend of +£23.3m") — none of them is what happened. A planned word
    # names the sums after it up to the next sum only: "the budget … was £4.4m with £3.3m spend"
    planned = outcome = 0
    for sentence in _SENTENCE.split(quotes):
        since = 0
        for m in _SUM.finditer(sentence):
            if _PLANNED_WORD.search(sentence[since:m.start()]):
                planned += 1
            else:
                outcome += 1
            since = m.end()
    return planned > 0 and outcome == 0
