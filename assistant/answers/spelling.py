"""Misspelt words of a question corrected against the papers' own words, before the question is read.

The dictionary is the surface words of the indexed papers (the BM25 vocabulary is stemmed and
folded, so "wast" would pass as "waste"; surface words do not), with their counts, plus a few
council words a question uses that a small corpus may lack. A word the papers use is never
changed; nor is a figure, an acronym in capitals, or a short word. An unknown word becomes the
nearest dictionary word (symspellpy: measured against rapidfuzz in docs/features/answers.md): one
reached by putting back letters the typist left out first (the commonest slip on a phone: "fwst"
is "fewest", not "fast"), then the closest edit, then a word of the papers, then the commoner word.
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from pathlib import Path

from ..indexing.vocabulary import WORD, chunk_texts, read_words, surface_words
from ..text.normalise import tokens

# Words a question about council papers uses, which a small set of papers may not hold itself.
COUNCIL_WORDS = ("councillor councillors scrutiny committee cabinet council minutes agenda meeting meetings "
                 "resolution resolved resolve decided decision agreed apologies chair chaired chairman vice "
                 "declared declaration interest pecuniary budget spend spent spending forecast report reports "
                 "what when where which who whom why how many much were was did does have has their there "
                 "about tell visitors visits fewest most least highest lowest biggest smallest total whats "
                 # the words of asking about a meeting (`meeting_asked`): "who was chairing …" is not "changing"
                 "chairing chairs presided attended attending substitute substituted proposed seconded virtually "
                 "absent").split()
COUNCIL_COUNT = 50  # as if the papers used each council word this often: it wins a tie, not a real word
MIN_LENGTH = 3  # shorter words ("of", "in") are left alone: too many words lie one edit away
MAX_EDIT_SHORT = 1  # edits allowed to a word of up to SHORT_WORD letters, unless all are letters left out ("fwst")
SHORT_WORD = 5
MAX_EDIT = 2  # edits allowed to a longer word ("childrns" -> "childrens" is one; "agncy spnd" one each)
# A common English word (ENGLISH_MIN) the papers do not use stands unless the correction is this many
# times commoner in English (symspellpy's frequency list): "educated" is not made "dedicated", nor "ran"
# "Fran", but "wat" (2.9m) is "what" (812m), and a rare word ("chard", 0.46m) is a slip for "chaired".
# On the tune questions 10 and 20 kept every correctly typed word alike; typos that are common words
# themselves ("char" for "chair", "chars" for "chairs") are lost either way. A common English word is only
# ever a slip with letters left out ("wat"), never one letter typed for another ("diverted" is not "diverse").
ENGLISH_RATIO = 10
# A word the papers write this often or less may be their own slip, when a word they write SLIP_RATIO
# times as often is it with a letter put back (the Kent papers write "conty" twice, "county" thousands of times)
SLIP_COUNT = 2
SLIP_RATIO = 500
# Common English words (at least this often in that list) are corrections too, after the papers' own:
# five packs of papers never write "among" or "county", and a question does.
ENGLISH_MIN = 1_000_000


class Speller:
    """Corrects the words of a question that the papers never use."""

    def __init__(self, counts: Counter):
        self.counts = Counter(counts)
        for word, n in list(self.counts.items()):
            if "'" in word or "’" in word:  # "what's" is also typed "whats"
                self.counts[word.replace("'", "").replace("’", "")] += n
        for w in COUNCIL_WORDS:
            self.counts[w] = max(self.counts[w], COUNCIL_COUNT)
        self._built = None
        self._build_lock = threading.Lock()

    @property
    def _sym(self):
        """The symspellpy dictionary, built on the first word that needs a look-up (half a second on the
        Kent papers): a question whose words the papers all use, as most are, never pays for it."""
        with self._build_lock:
            if self._built is None:
                from symspellpy import SymSpell

                sym = SymSpell(max_dictionary_edit_distance=MAX_EDIT, prefix_length=7)
                for word, n in self.counts.items():
                    if len(word) >= MIN_LENGTH - 1 and "'" not in word and "’" not in word:
                        sym.create_dictionary_entry(word, n)
                for word, n in _english().items():
                    if n >= ENGLISH_MIN and word not in self.counts and len(word) >= MIN_LENGTH - 1:
                        sym.create_dictionary_entry(word, 1)
                self._built = sym
            return self._built

    def known(self, word: str) -> bool:
        return word.lower() in self.counts

    def word(self, word: str) -> str | None:
        """The correction of one word, or None when it stands (known, short, an acronym, a name)."""
        stem, sep, end = re.sub("’", "'", word).rpartition("'")
        if sep and end.lower() in ("s", "") and stem and not self.known(word):
            fixed = self.word(stem)  # "councl's" is "council's"
            return fixed + word[len(stem):] if fixed else None
        low = word.lower()
        if len(word) < MIN_LENGTH or (word.isupper() and len(word) > 1) or not low.isalpha():
            return None
        from symspellpy import Verbosity

        english = _english()
        if self.known(low):
            return self._slip(low, word, english)

        reach = MAX_EDIT_SHORT if len(low) <= SHORT_WORD else MAX_EDIT
        found = [s for s in self._sym.lookup(low, Verbosity.ALL, max_edit_distance=MAX_EDIT)
                 if 0 < s.distance <= reach or s.distance and _left_out(low, s.term)]
        if not found:
            return None
        # letters left out; then one that begins as typed (a typist seldom drops a word's first letter: "emal" is
        # "email", not "femal"); then the closest; then a word of the papers; then the commoner
        best = min(found, key=lambda s: (not _left_out(low, s.term), s.term[:1] != low[:1], s.distance,
                                         s.term not in self.counts, -s.count, -english.get(s.term, 0)))
        own = english.get(low, 0)
        if own >= ENGLISH_MIN and (own * ENGLISH_RATIO > english.get(best.term, 0) or not _left_out(low, best.term)):
            return None  # a word of its own ("born", "kids"; "diverted" is not "diverse"), not a slip
        return _cased(best.term, word)

    def _slip(self, low: str, word: str, english: dict[str, int]) -> str | None:
        """A word the papers write at most SLIP_COUNT times, no English word, that is a far commoner word
        of theirs with a letter left out ("conty", twice, beside "county" thousands of times), is their
        own slip; any other word the papers use stands."""
        from symspellpy import Verbosity

        n = self.counts[low]
        if n > SLIP_COUNT or english.get(low, 0) >= ENGLISH_MIN or len(low) < SHORT_WORD:
            return None
        found = [s for s in self._sym.lookup(low, Verbosity.ALL, max_edit_distance=1)
                 if s.distance == 1 and _left_out(low, s.term) and s.count >= SLIP_RATIO * n]
        return _cased(max(found, key=lambda s: s.count).term, word) if found else None

    def correct(self, question: str) -> str:
        """The question with each misspelt word replaced (the text is otherwise kept as typed)."""
        def one(m: re.Match) -> str:
            fixed = self.word(m.group(0))
            if fixed and tokens(fixed) == tokens(m.group(0)):
                return m.group(0)  # the same word to the search ("mermaids", "mermaid"): nothing to correct
            return fixed if fixed else m.group(0)

        return WORD.sub(one, question)


def _left_out(typed: str, word: str) -> bool:
    """The typed word is the dictionary word with letters left out ("agncy" of "agency")."""
    it = iter(word)
    return all(ch in it for ch in typed)


def _cased(word: str, like: str) -> str:
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_ENGLISH: dict[str, int] = {}


def _english() -> dict[str, int]:
    """English word counts from symspellpy's bundled frequency list (read once)."""
    if not _ENGLISH:
        from importlib.resources import files

        text = files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
        for line in text.splitlines():
            word, _, n = line.partition(" ")
            _ENGLISH[word] = int(n or 0)
    return _ENGLISH


_CACHE: dict[str, Speller] = {}
_INITIALS: dict[str, dict[str, str]] = {}
_LOCK = threading.Lock()


def _per_generation(cache: dict, index, make):
    """What `make` builds for a loaded index generation, built once and kept while it is live: one live
    generation at a time, so a rebuild's copy replaces the old one."""
    key = str(index.folder)
    with _LOCK:
        if key not in cache:
            cache.clear()
            cache[key] = make()
        return cache[key]


def speller_for(index) -> Speller:
    """The speller of a loaded index generation, made once from the word counts its build wrote
    (`words.tsv`; counted from its chunks for a generation without them) and kept while it is live."""
    def make() -> Speller:
        counts = read_words(Path(index.folder))
        if counts is None:  # built before the counts were written, or by an engine that writes none
            counts = surface_words(chunk_texts(index.all_chunks()))
        return Speller(counts)
    return _per_generation(_CACHE, index, make)


def initials_for(index) -> dict[str, str]:
    """The initials of the bodies a loaded index generation holds ("SB2" -> "Scrutiny Board (2)", see
    `text.initials`), made once from its documents and meeting records and kept while it is live."""
    from ..text.initials import initials_of

    return _per_generation(_INITIALS, index, lambda: initials_of(
        [d.get("committee") or "" for d in index.documents()] + [m.committee or "" for m in index.meetings()]))
