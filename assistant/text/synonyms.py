"""Words a question and the papers use for one thing: "gap" and "shortfall", "kids" and "children".

A councillor asks in plain words; officers write in their own ("de-minimis", "looked after
children"). `synonyms.txt` holds groups of interchangeable words and short phrases in council
papers, one group a line (written from the papers' vocabulary, not from any question set). A
question's rarer words that belong to a group get the group's other entries as alternatives:
lexical search and the re-ranking score a chunk for an alternative at `ALTERNATIVE_WEIGHT` of the
word itself, and so does the check of whether a passage is about the question (`abstain`); a
sentence that holds an alternative holds the word when the answer is chosen (`answer`).
"""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from .normalise import tokens

# an alternative counts for less than the question's own word: "gap" may be "shortfall", but a
# passage that says "gap" is surer (a judgement, not tuned)
ALTERNATIVE_WEIGHT = 0.7

# only a word at least this rare in the index gets alternatives (idf; "children" ~1.5, "gap" ~5): the
# common ones already meet the papers' words. Measured on the dev sets and our own: bridging every word
# ("child", "kids", "minor" for "children") cost a Kent answer and a right abstention; at 3 and 3.5
# Kent dev recall@5 rose 0.667 -> 0.704 with no answer lost; at 4 the gain was gone.
MIN_IDF = 3.0

Phrase = tuple[str, ...]  # an entry as lexical tokens: "funding gap" -> ("fund", "gap")
Alternatives = dict[str, tuple[Phrase, ...]]  # question token -> other ways the papers say it


@lru_cache(maxsize=1)
def groups() -> tuple[tuple[Phrase, ...], ...]:
    """The thesaurus, each entry folded to lexical tokens as the papers' words are."""
    return parse(files("assistant.text").joinpath("synonyms.txt").read_text(encoding="utf-8"))


def parse(text: str) -> tuple[tuple[Phrase, ...], ...]:
    """Groups from the file's lines ("shortfall, gap, funding gap"); '#' starts a comment."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        entries = tuple(dict.fromkeys(p for p in (tuple(tokens(e)) for e in line.split(",")) if p))
        if len(entries) > 1:
            out.append(entries)
    return tuple(out)


@lru_cache(maxsize=512)  # ranking, answering and abstaining all ask for the same question's
def alternatives(question: str) -> Alternatives:
    """Each question token in a thesaurus entry the question uses, with the entry's group-mates
    that the question does not already use."""
    seq = tokens(question)
    out: dict[str, list[Phrase]] = {}
    for group in groups():
        used = [e for e in group if _within(e, seq)]
        if not used:
            continue
        others = [e for e in group if e not in used]
        for entry in used:
            for tok in entry:
                out.setdefault(tok, []).extend(o for o in others if o not in out.get(tok, ()))
    return {t: tuple(alts) for t, alts in out.items() if alts}


def bridging(question: str, weights: dict[str, float]) -> Alternatives:
    """The alternatives of the question's rarer words only (idf at least `MIN_IDF`): a word the
    papers use often ("children", "cost") needs no bridge, and its group-mates only add noise."""
    return {t: a for t, a in alternatives(question).items() if weights.get(t, 0.0) >= MIN_IDF}


def held(toks: set[str], alts: Alternatives) -> set[str]:
    """A text's tokens, plus each question token whose alternative the text holds."""
    extra = {t for t, options in alts.items() if t not in toks and any(all(x in toks for x in o) for o in options)}
    return toks | extra if extra else toks


def share(weights: dict[str, float], toks: set[str], alts: Alternatives, alternative: float = ALTERNATIVE_WEIGHT) -> float:
    """The idf-weighted share of the question a text holds; a word held only by an alternative
    counts `alternative` of its weight."""
    total = sum(weights.values()) or 1.0
    got = 0.0
    for t, w in weights.items():
        if t in toks:
            got += w
        elif any(all(x in toks for x in o) for o in alts.get(t, ())):
            got += alternative * w
    return got / total


def _within(phrase: Phrase, seq: tuple[str, ...] | list[str]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1))
