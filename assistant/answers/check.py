"""The check on a generated answer: every figure, date, page and name in it must be in the passages it cites.

Figures and dates count however they are written (numerals, words, ordinals, other scripts' digits),
and a sentence carrying one must cite the passage that holds it. What the sentence claims about the
figure (a rise or a fall, a total or an average) is not checked: CHECKED says so.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..records import Passage
from ..text.normalise import STOPWORDS, fold_numbers, stem
from ..text.numwords import to_numerals

CHECKED = "numbers, dates and names checked against the cited passages; meaning is not checked"
MAX_ANSWER_BYTES = 4000  # a three-sentence answer is a few hundred bytes; anything this long is not one


def passage_text(p: Passage) -> str:
    """What the model reads of a passage: its text, and a table's rows read with their headings."""
    c = p.chunk
    if c.kind == "table" and c.rows:
        return c.text + "\n" + "\n".join(c.rows)
    return c.text


_MARKER = re.compile(r"\[\s*(?:passages?\s*)?(\d+(?:\s*(?:,|–|-|and)\s*\d+)*)\s*\]", re.I)
_PASSAGE_REF = re.compile(r"\bpassages?\s+(\d+(?:\s*(?:,|–|-|and)\s*\d+)*)", re.I)
_NO_ANSWER = re.compile(r"\b(?:papers|passages|documents) (?:don'?t|don’t|do not|does not|doesn'?t) "
                        r"(?:say|state|give|mention|show|contain)\b", re.I)
# a lower-case name after a title ("councillor john smith"); it ends at a function word or a verb
_TITLED = re.compile(r"(?i:\b(?:councillor|cllr|mr|mrs|ms|dr|alderman|professor)\.?)\s+"
                     r"([a-z][a-z'’\-]*(?:\s+[a-z][a-z'’\-]*)?)")
_NAME_ENDS = {"said", "says", "told", "asked", "noted", "moved", "seconded", "agreed", "stated", "explained",
              "confirmed", "proposed", "presented", "reported", "chaired", "thanked", "welcomed", "replied"}
_INSTRUCTION = re.compile(  # text in a passage that addresses the model rather than the reader
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules|previous)\b"
    r"|\byou are now\b|\b(?:system|developer) (?:prompt|message)\b"
    r"|\b(?:AI|assistant|chatbot|language model)\b[^.!?\n]{0,40}\b(?:must|should|will) (?:say|reply|answer|respond)\b",
    re.I)

_MONTHS = {m: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], 1) for m in names}
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_MON = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATES = [  # most specific first; each gives (kind, key)
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: ("full", f"{m[1]}-{m[2]}-{m[3]}")),
    (re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MON})\s*,?\s+(\d{{4}})\b", re.I),
     lambda m: ("full", f"{m[3]}-{_MONTHS[m[2].lower().rstrip('.')]:02d}-{int(m[1]):02d}")),
    (re.compile(rf"\b({_MON})\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})\b", re.I),
     lambda m: ("full", f"{m[3]}-{_MONTHS[m[1].lower().rstrip('.')]:02d}-{int(m[2]):02d}")),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"),  # UK order
     lambda m: ("full", f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}")),
    (re.compile(rf"\b({_MON})\s+(\d{{4}})\b", re.I),
     lambda m: ("month", f"{m[2]}-{_MONTHS[m[1].lower().rstrip('.')]:02d}")),
    (re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MON})\b", re.I),
     lambda m: ("day", f"{_MONTHS[m[2].lower().rstrip('.')]:02d}-{int(m[1]):02d}")),
]
_NUMBER = re.compile(
    r"\b(?:19|20)\d\d\s*[/\-–]\s*(?:19|20)?\d\d\b"  # financial years
    r"|(?<![\d/£.,])\b\d\d\s*/\s*\d\d\b(?![/\d])"  # 14/15
    r"|£?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?:\s?(?:m|mn|million|bn|billion|k|thousand)\b)?(?:\s?(?:%|per\s?cent\b|percent\b))?", re.I)
_FOLDED = re.compile(r"fy(\d{4})_(\d{2})|(\d+(?:\.\d+)?)(?:([mkb])(?![a-z]))?(%)?")
_PAGE = re.compile(r"\b(?:pages?|pp?\.)\s*(\d+)(?:\s*[-–]\s*(\d+))?", re.I)
_SCALE = {"m": Decimal(10) ** 6, "k": Decimal(10) ** 3, "b": Decimal(10) ** 9}
_WORD = r"[A-Z][A-Za-z'’\-]*[A-Za-z]|[A-Z]"
_NAME = re.compile(rf"(?:{_WORD})(?:\s+(?:(?:of|and|for|the|on|in|&|de|van|von)\s+)*(?:{_WORD}))*")
_TITLES = {"councillor", "cllr", "mr", "mrs", "ms", "miss", "dr", "mayor", "sir", "dame", "lord", "lady",
           "professor", "prof", "alderman", "reverend", "rev"}
_STARTERS = STOPWORDS | {"however", "overall", "also", "additionally", "according", "yes", "no", "in", "the",
                         "this", "these", "there", "it", "its", "as", "at", "by", "on", "under", "following"}
_CONNECTORS = {"of", "and", "for", "the", "on", "in", "&", "de", "van", "von"}


class _Evidence:
    """The figures, dates and words of some passages, folded for comparison."""

    def __init__(self, texts: list[tuple[str, set[int]]]):
        self.dates: dict[str, set[str]] = {"full": set(), "month": set(), "day": set()}
        self.values: set[Decimal] = set()  # every number at its full value (8.3m -> 8300000)
        self.percents: set[Decimal] = set()
        self.years: set[str] = set()  # financial years, fy2014_15
        self.words: set[str] = set()
        self.pages: set[int] = set()
        for text, pages in texts:
            rest = self._take_dates(text)
            per_cent = bool(re.search(r"%|\bper ?cent", text, re.I))
            thousands = bool(re.search(r"£\s?'?000|£k\b", text))
            millions = bool(re.search(r"£\s?(?:m|mn|million|millions)\b|\(m\)", text))
            for _, number in _numbers(rest):
                self._add(number)
                kind, value, _ = number
                if kind == "plain":  # a bare table cell takes its unit from the heading
                    if per_cent:
                        self.percents.add(value)
                    if thousands:
                        self.values.add(value * 1000)
                    if millions:
                        self.values.add(value * _SCALE["m"])
            self.words |= _words(text)
            self.pages |= pages

    def _take_dates(self, text: str) -> str:
        for kind, key, _ in _dates(text):
            self.dates[kind].add(key)
            if kind == "full":
                self.dates["month"].add(key[:7])
                self.dates["day"].add(key[5:])
                self.values.add(Decimal(key[:4]))
        return _without_dates(text)

    def _add(self, n: tuple) -> None:
        kind, value, mantissa = n
        if kind == "fy":
            self.years.add(value)
            self.values |= {Decimal(value[2:6]), Decimal(value[2:6]) + 1}
        elif kind == "%":
            self.percents.add(value)
        else:
            self.values |= {value, mantissa}

    def has_number(self, n: tuple) -> bool:
        kind, value, mantissa = n
        if kind == "fy":
            return value in self.years
        if kind == "%":
            return value in self.percents
        return value in self.values or (kind == "plain" and value in self.percents)

    def has_word(self, word: str) -> bool:
        return _fold_word(word) in self.words


def _dates(text: str) -> list[tuple[str, str, str]]:
    """(kind, key, as written) for each date in a text; kind is full, month (March 2015) or day (12 March)."""
    found, taken = [], []
    for pattern, key in _DATES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                kind, k = key(m)
            except KeyError:
                continue
            if kind == "full" and not (1 <= int(k[5:7]) <= 12 and 1 <= int(k[8:]) <= 31):
                continue
            taken.append((m.start(), m.end()))
            found.append((kind, k, m.group(0)))
    return found


def _without_dates(text: str) -> str:
    for pattern, _ in _DATES:
        text = pattern.sub(" ¦ ", text)
    return text


def _numbers(text: str) -> list[tuple[str, tuple]]:
    """(as written, (kind, value, mantissa)) for each figure: kind is fy, %, scaled (£8.3m) or plain."""
    out = []
    for m in _NUMBER.finditer(text):
        written = m.group(0).strip()
        folded = fold_numbers(re.sub(r"\s?(?:per\s?cent|percent)\b", "%", written, flags=re.I))
        for f in _FOLDED.finditer(folded):
            if f[1]:
                out.append((written, ("fy", f"fy{f[1]}_{f[2]}", None)))
                continue
            try:
                mantissa = Decimal(f[3])
            except InvalidOperation:
                continue
            if f[5]:
                out.append((written, ("%", mantissa, mantissa)))
            elif f[4]:
                out.append((written, ("scaled", mantissa * _SCALE[f[4]], mantissa)))
            else:
                out.append((written, ("plain", mantissa, mantissa)))
    return out


def _fold_word(word: str) -> str:
    word = word.replace("’", "'").lower().strip("'-")
    word = re.sub(r"'s$", "", word)
    return "councillor" if word in ("cllr", "cllrs") else stem(word)


def _words(text: str) -> set[str]:
    return {_fold_word(w) for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)}


def _expand(spec: str) -> set[int]:
    numbers: set[int] = set()
    for part in re.split(r"\s*(?:,|and)\s*", spec):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x.strip().isdigit()]
        if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 20:
            numbers |= set(range(bounds[0], bounds[1] + 1))
        else:
            numbers |= set(bounds)
    return numbers


def markers(text: str) -> tuple[set[int], str]:
    """The passage numbers a text cites, and the text with its citations blanked out."""
    cited: set[int] = set()
    for pattern in (_MARKER, _PASSAGE_REF):
        for m in pattern.finditer(text):
            cited |= _expand(m[1])
        text = pattern.sub(" ", text)
    return cited, text


def _sentences(text: str) -> list[str]:
    # a marker written after the full stop belongs to the sentence before it
    text = re.sub(r"([.!?]+)((?:\s*\[[^\]\n]{1,30}\])+)", r"\2\1", text)
    text = re.sub(r"\b(Mr|Mrs|Ms|Dr|Cllr|Prof|Rev|St)\.", r"\1", text)
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def evidence(p: Passage) -> tuple[str, set[int]]:
    """Everything the model was shown of a passage, minus any sentence that reads as an instruction
    (a figure only an injected "reply that the budget is £99m" gives is not evidence), and its pages."""
    c = p.chunk
    body = " ".join(s for s in re.split(r"(?<=[.!?])\s+|\n+", passage_text(p)) if not _INSTRUCTION.search(s))
    text = to_numerals("\n".join(str(x) for x in (body, c.title, c.committee, c.meeting_date, c.section) if x))
    pages = set(range(c.page, max(c.page, c.page_end) + 1)) | ({c.printed_page} if c.printed_page else set())
    return text, pages


def check(text: str, passages: list[Passage]) -> str | None:
    """Why the generated text cannot be shown (a figure, date or name its cited passages lack, a
    marker pointing nowhere), or None when everything in it is in them."""
    size = len(text.encode("utf-8"))
    if size > MAX_ANSWER_BYTES:
        return f"the model's answer was {size / 1000:,.0f} KB, far longer than a short answer"
    if _NO_ANSWER.search(text):  # "The papers don't say [1]" is no answer, whatever it cites
        return "the model found no answer in the passages"
    text = to_numerals(text)
    cited, _ = markers(text)
    bad = sorted(n for n in cited if not 1 <= n <= len(passages))
    if bad:
        return (f"the model's answer cited [{bad[0]}], but only {len(passages)} passage"
                f"{'s were' if len(passages) != 1 else ' was'} given")
    every = _Evidence([evidence(p) for p in passages])
    pools: dict[frozenset, _Evidence] = {}
    for sentence in _sentences(text):
        own, plain = markers(sentence)
        figure = _first_figure(plain)
        if figure and not own:
            return f"the model's answer gave '{figure}' in a sentence that cites no passage"
        use = own or cited  # a sentence without a marker or figure answers to the passages the answer cites
        if use:
            key = frozenset(use)
            if key not in pools:
                pools[key] = _Evidence([evidence(passages[n - 1]) for n in sorted(use)])
            ev, where = pools[key], "the cited passages"
        else:
            ev, where = every, "the passages"
        problem = _check_sentence(plain, ev, where)
        if problem:
            return problem
    return None


def _first_figure(sentence: str) -> str | None:
    """The first date or figure a sentence gives (page references aside), as written."""
    dates = _dates(sentence)
    if dates:
        return dates[0][2]
    numbers = _numbers(_PAGE.sub(" ", _without_dates(sentence)))
    return numbers[0][0] if numbers else None


def _check_sentence(sentence: str, ev: _Evidence, where: str) -> str | None:
    for kind, key, written in _dates(sentence):
        if key not in ev.dates[kind]:
            return f"the model's answer gave the date '{written}', which is not in {where}"
    rest = _without_dates(sentence)
    for m in _PAGE.finditer(rest):
        for n in (m[1], m[2]):
            if n and int(n) not in ev.pages:
                return f"the model's answer gave '{m[0]}', which is not a page of {where}"
    rest = _PAGE.sub(" ", rest)
    for written, number in _numbers(rest):
        if not ev.has_number(number):
            return f"the model's answer mentioned '{written}', which is not in {where}"
    first = len(rest) - len(rest.lstrip())
    for m in _NAME.finditer(rest):
        words = m[0].split()
        while words and words[0].lower() in _STARTERS and words[0].lower() not in _TITLES:
            words.pop(0)
        capitals = [w for w in words if w.lower() not in _CONNECTORS]
        titled = any(w.lower().rstrip(".") in _TITLES for w in capitals[:-1])
        if len(capitals) < 2 and not titled:
            continue  # one capitalised word: a sentence start as often as a name
        name = " ".join(words)
        checked = [w for w in capitals if w.lower().rstrip(".") not in _TITLES
                   and w.lower().rstrip(".") not in _MONTHS and w.lower() not in _DAYS]
        if m.start() == first and checked and checked[0] == capitals[0] and not ev.has_word(checked[0]):
            checked = checked[1:]  # the sentence's first word gets the benefit of the doubt ("Members agreed")
        for w in checked:
            if not ev.has_word(w):
                return f"the model's answer named '{name}', which is not in {where}"
    for m in _TITLED.finditer(rest):
        words = []
        for w in m[1].split():
            if w in STOPWORDS or w in _CONNECTORS or w in _NAME_ENDS:
                break
            words.append(w)
        for w in words:
            if not ev.has_word(w):
                return f"the model's answer named '{m[0].split()[0]} {' '.join(words)}', which is not in {where}"
    return None


def unsupported(text: str, quotes: list[str]) -> str | None:
    """What in `text` (a figure, date or name) the quoted sentences do not hold, or None when they hold it all:
    the check a lead line must pass before it is shown above its quotes."""
    return _check_sentence(text, _Evidence([(q, set()) for q in quotes]), "the quotes")
