"""How councils write numbers and names, folded to one form for lexical matching.

`2014/15` = `2014-15` = `2014/2015` = `14/15`; `£8.3m` = `£8.3 m` = `8.3 million`;
`£2,000` = `2000`; "Dec-24" = "December 2024"; "October to December 2024" = "Q3 2024/25";
"Cllr" = "Councillor". Applied alike to the papers and to questions.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
ours out over own same she should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours please tell
much many""".split()) | frozenset(
    # how a question is put, not what it is about: "how much is KCC getting …", "why didn't …", "what did they say"
    """don't doesn't didn't isn't wasn't aren't weren't hasn't haven't hadn't can't couldn't won't wouldn't shouldn't
    whats hows whos wheres whens dont doesnt didnt isnt wasnt arent werent cant couldnt wont wouldnt
    get gets getting got give gives giving gave say says said tell told know happen happens happened want wanted
    currently actually roughly approximately exactly big""".split())

_FY = re.compile(r"\b((?:19|20)\d\d)\s*[/\-–]\s*((?:19|20)?\d\d)\b")
# "April 2011 to March 2012", "between April 2009 and March 2010", "1st April 2011 to 31st March 2012"
_FY_WORDS = re.compile(r"\bapril\s+((?:19|20)\d\d)\s*(?:to|-|–|until|and)?\s*(?:the\s+end\s+of\s+)?"
                       r"(?:3[01](?:st|th)?\s+)?march\s+((?:19|20)\d\d)\b", re.I)
_SHORT_FY = re.compile(r"(?<![\d/£.,])\b(\d\d)\s*/\s*(\d\d)\b(?![/\d])")
_MONEY = re.compile(r"(?:£\s?)?(\d+(?:\.\d+)?)\s?(m|mn|million|bn|billion|k|thousand)\b", re.I)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_CLLR = re.compile(r"\bcllrs?\.?\b", re.I)
# a month and a two-digit year, as performance tables head their columns: "Dec-24", "Sept 24", "Mar '25"
_MONTH_NAME = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
               r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTH_YEAR = re.compile(rf"\b(?:({_MONTH_NAME})(?:-|\s*['\u2019])|(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec) )"
                         r"((?:20)?\d\d)\b(?![/\-.,:]?\d)")
_MONTHS = {m[:3]: m for m in ("january february march april may june july august september october november "
                               "december").split()}
# a date written with dots or slashes: "31.3.2027", "31.03.24", "30/09/2024" (not "5.1.1" nor "1.3.24", paragraphs)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d|\d\d)(?![\d]|\.\d)")
_MONTH_LIST = list(_MONTHS.values())
_TOKEN = re.compile(r"fy\d{4}_\d{2}|\d+(?:\.\d+)?[mkb]?%?|[a-z][a-z0-9']*")
_DIGIT = re.compile(r"\d")
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")
# a year, not a sum ("£2,000" folds to "£2000"), a share ("2000%") or part of a longer figure
_CALENDAR_YEAR = re.compile(r"(?<![£$€\d.,])\b(?:19|20)\d\d\b(?![.,]\d|%|[mkb]\b)")
_UNIT = {"m": "m", "mn": "m", "million": "m", "bn": "b", "billion": "b", "k": "k", "thousand": "k"}


def _numeric_date(m: re.Match) -> str:
    """"31.3.27" -> "31 march 2027" when it can only be a date; else as written."""
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1 <= day <= 31 and 1 <= month <= 12) or len(year) == 2 and len(m.group(1)) < 2 and len(m.group(2)) < 2:
        return m.group(0)
    return f"{day} {_MONTH_LIST[month - 1]} {year if len(year) == 4 else '20' + year}"


def financial_year(a: str, b: str) -> str | None:
    """'2014','15' -> 'fy2014_15' when b is the year after a (a span like 2014-2020 is not one)."""
    start = int(a)
    end = int(b) if len(b) == 4 else (start // 100) * 100 + int(b)
    return f"fy{start}_{end % 100:02d}" if end == start + 1 else None


@lru_cache(maxsize=16_384)  # ranking, answering and the year and kind checks all fold the same sentences
def fold_numbers(text: str) -> str:
    """Rewrite years, money and titles in one canonical spelling (lower-cased)."""
    text = unicodedata.normalize("NFKC", text).lower()
    # each rewrite runs only where its key text occurs: the search ranks ~30 passages a question
    if "cllr" in text:
        text = _CLLR.sub("councillor", text)
    if not _DIGIT.search(text):
        return text
    if ("." in text or "/" in text) and _NUMERIC_DATE.search(text):
        text = _NUMERIC_DATE.sub(_numeric_date, text)
    if _MONTH_YEAR.search(text):
        text = _MONTH_YEAR.sub(lambda m: f"{_MONTHS[(m.group(1) or m.group(2))[:3]]} 20{m.group(3)[-2:]}", text)
    if _QUARTER_SPAN.search(text):
        text = _QUARTER_SPAN.sub(_quarter, text)
    if _QUARTER_SHORT.search(text):
        text = _QUARTER_SHORT.sub(r"quarter \1", text)
    if "april" in text and "march" in text:
        text = _FY_WORDS.sub(lambda m: financial_year(m.group(1), m.group(2)) or m.group(0), text)
    if "/" in text or "-" in text or "–" in text:
        text = _FY.sub(lambda m: financial_year(m.group(1), m.group(2)) or m.group(0), text)
        if "/" in text:
            text = _SHORT_FY.sub(lambda m: financial_year("20" + m.group(1), m.group(2)) or m.group(0), text)
    if "," in text:
        text = _THOUSANDS.sub("", text)
    return _MONEY.sub(lambda m: f"{_trim(m.group(1))}{_UNIT[m.group(2).lower()]}", text)


# the quarters of a council's financial year, named by their months: "October to December 2024" is
# quarter 3 of 2024/25, as performance reports head their columns ("Q3 2024/25")
_QUARTER_SPAN = re.compile(r"\b(jan|apr|jul|oct)[a-z]*\.?\s*(?:to|-|–|until)\s*(mar|jun|sep|dec)[a-z]*\.?\s+((?:19|20)\d\d)\b")
_QUARTER_SHORT = re.compile(r"\bq([1-4])\b")
_QUARTER_OF = {("apr", "jun"): 1, ("jul", "sep"): 2, ("oct", "dec"): 3, ("jan", "mar"): 4}


def _quarter(m: re.Match) -> str:
    q = _QUARTER_OF.get((m.group(1), m.group(2)))
    if q is None:
        return m.group(0)
    start = int(m.group(3)) - (1 if q == 4 else 0)
    return f"quarter {q} fy{start}_{(start + 1) % 100:02d}"


def _trim(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


@lru_cache(maxsize=200_000)  # a pure function of one word, called for every token of every passage read
def stem(word: str) -> str:
    """A light suffix stripper: 'carers'/'carer', 'agreed'/'agree', 'placements'/'placement' meet."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ness", ""), ("ings", ""), ("ing", ""), ("edly", ""),
                         ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suffix)] + repl
            break
    # a final silent e goes too, so 'agree' and 'agreed', 'service' and 'services' meet
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lexical tokens of a text after folding numbers, names and word endings."""
    return list(_tokens(text, keep_stopwords))


@lru_cache(maxsize=16_384)  # a question reads the same sentences in ranking, then in answering
def _tokens(text: str, keep_stopwords: bool) -> tuple[str, ...]:
    out = []
    if "s" in text:  # an acronym's plural ("KPIs", "EHCPs") meets its singular: too short for `stem`
        text = _ACRONYM_PLURAL.sub(r"\1", text)
    for tok in _TOKEN.findall(fold_numbers(text)):
        tok = tok.strip("'")
        if tok.endswith("'s"):  # a possessive: "Kent's highways" meets "Kent highways"
            tok = tok[:-2]
        if not tok or (not keep_stopwords and tok in STOPWORDS):
            continue
        out.append(stem(tok))
    return tuple(out)


def named_years(text: str) -> tuple[set[str], set[str]]:
    """(financial years like 'fy2014_15', calendar years like '2014') a text names, kept apart."""
    folded = fold_numbers(text)
    return set(re.findall(r"fy\d{4}_\d{2}", folded)), set(_CALENDAR_YEAR.findall(folded))


def year_matches(question: str | tuple[set[str], set[str]], text: str, meeting_year: str = "") -> bool | None:
    """Whether text is about the year(s) a question names; None when the question names none.

    A financial year must be named as such (2016/17 is not answered by a table of 2011/12 to
    2015/16), or be the year of a meeting held during it or in the calendar year it ends (an
    annual report on 2011/12 goes to a meeting in 2012) whose passage names no other year; a
    calendar year is met by the same year, a financial year that spans it, or a passage from a
    meeting that year that names no other year.
    """
    q_fy, q_cal = named_years(question) if isinstance(question, str) else question  # or the years a Query read
    if not q_fy and not q_cal:
        return None
    t_fy, t_cal = named_years(text)
    if q_fy:
        during = {f[2:6] for f in q_fy} | {str(int(f[2:6]) + 1) for f in q_fy}
        return bool(q_fy & t_fy) or (not t_fy and not t_cal and meeting_year in during)
    spanned = {f[2:6] for f in t_fy} | {str(int(f[2:6]) + 1) for f in t_fy}
    if q_cal & (t_cal | spanned):
        return True
    return meeting_year in q_cal and not (t_cal | spanned)


def years_in(text: str) -> set[str]:
    """Financial years ('fy2014_15') and calendar years ('2014') a text names."""
    folded = fold_numbers(text)
    found = set(re.findall(r"fy\d{4}_\d{2}", folded))
    found |= set(_CALENDAR_YEAR.findall(folded))
    for fy in list(found):
        if fy.startswith("fy"):
            found.add(fy[2:6])
            found.add(str(int(fy[2:6]) + 1))
    return found


def long_date(iso: str | None) -> str:
    """"2015-11-05" -> "5 November 2015" ("" when it is not a full date)."""
    try:
        day = date.fromisoformat((iso or "")[:10])
    except ValueError:
        return ""
    return f"{day.day} {day:%B %Y}"


# the month names as `tokens` reads them: a month names a date, not what a row or a paper is about
MONTH_TOKENS = frozenset(tokens(" ".join(_MONTH_LIST)))
