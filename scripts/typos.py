"""Write a typo'd copy of a question set, as a phone makes them: a vowel dropped from every other long word.

    python scripts/typos.py docs/eval/coventry.jsonl > /tmp/coventry.typos.jsonl

Deterministic: the first, third, fifth … word of LONG or more letters loses its last vowel after
the first letter ("agency" -> "agncy", "november" -> "novembr"). Every other field (the id too)
is kept, so the copy is scored against the same gold answers.
"""
from __future__ import annotations

import json
import re
import sys

LONG = 5  # letters: shorter words ("was", "the") are rarely mistyped, and have few vowels to lose
_WORD = re.compile(r"[A-Za-z]+")
_VOWEL = "aeiouAEIOU"


def drop_vowel(word: str) -> str:
    """The word without its last vowel after the first letter (unchanged if it has none)."""
    for i in range(len(word) - 1, 0, -1):
        if word[i] in _VOWEL:
            return word[:i] + word[i + 1:]
    return word


def typo(question: str) -> str:
    """The question with a vowel dropped from every other long word."""
    seen = 0

    def one(m: re.Match) -> str:
        nonlocal seen
        word = m.group(0)
        if len(word) < LONG:
            return word
        seen += 1
        return drop_vowel(word) if seen % 2 == 1 else word

    return _WORD.sub(one, question)


def main(path: str) -> None:
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        item = json.loads(line)
        item["question"] = typo(item["question"])
        print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
