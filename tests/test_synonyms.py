"""The thesaurus that meets a question's plain words with the papers' own ("gap" and "shortfall")."""
from __future__ import annotations

import pytest

from assistant.indexing.lexical import BM25
from assistant.text import synonyms
from assistant.text.normalise import tokens

GROUPS = """
# finance
shortfall, funding gap, budget gap, gap, deficit
minimum, de-minimis, threshold
children in care, looked after children
lonely
"""


@pytest.fixture()
def thesaurus(monkeypatch):
    """These groups in place of the shipped file."""
    monkeypatch.setattr(synonyms, "groups", lambda: synonyms.parse(GROUPS))
    synonyms.alternatives.cache_clear()
    yield
    synonyms.alternatives.cache_clear()


def test_groups_are_read_as_the_papers_words_are_folded():
    groups = synonyms.parse(GROUPS)
    assert len(groups) == 3  # a comment and a word alone are no group
    assert ("fund", "gap") in groups[0] and ("de", "minimis") in groups[1]
    assert ("children", "care") in groups[2]  # "in" is a stop word, as in the papers


def test_a_question_word_gets_its_groups_other_entries(thesaurus):
    alts = synonyms.alternatives("How big is the funding gap for highways?")
    assert ("shortfall",) in alts["gap"] and ("deficit",) in alts["gap"]
    assert ("fund", "gap") not in alts["gap"]  # what the question already says is no alternative
    assert "highway" not in alts
    assert synonyms.alternatives("How many looked after children are there?")["look"] == (("children", "care"),)


def test_only_a_rare_question_word_is_bridged(thesaurus):
    question = "What is the minimum amount for a reserve?"
    assert "minimum" in synonyms.bridging(question, {"minimum": synonyms.MIN_IDF, "amount": 1.0})
    assert synonyms.bridging(question, {"minimum": synonyms.MIN_IDF - 0.5}) == {}


def test_a_word_held_by_an_alternative_counts_in_part(thesaurus):
    alts = synonyms.alternatives("How big is the gap?")
    weights = {"gap": 4.0, "highway": 4.0}
    said = set(tokens("a £110m per annum shortfall on highways"))
    assert synonyms.share(weights, said, alts) == pytest.approx((4.0 + synonyms.ALTERNATIVE_WEIGHT * 4.0) / 8.0)
    assert synonyms.share(weights, said, {}) == 0.5
    assert "gap" in synonyms.held(said, alts) and "gap" not in synonyms.held(said, {})


def test_lexical_search_scores_an_alternative_below_the_word_itself(thesaurus):
    bm25 = BM25.fit(["the highways maintenance shortfall is £110m a year",
                     "the highways maintenance gap is £110m a year",
                     "the budget for highways maintenance is £60m a year",
                     "parks and open spaces are cut every fortnight"])
    question = "funding gap for highways maintenance"
    plain = bm25.scores(question)
    bridged = bm25.scores(question, synonyms.alternatives(question), synonyms.ALTERNATIVE_WEIGHT)
    assert plain[0] == plain[2] and bridged[0] > bridged[2]  # "shortfall" now counts …
    assert bridged[1] > bridged[0]  # … for less than "gap" itself
    assert bridged[3] == plain[3] == 0
    # a phrase alternative needs all its words: "budget" alone is not "budget gap"
    assert bridged[2] == plain[2]


def test_an_answer_in_the_papers_words_is_found(thesaurus):
    from assistant.answers.answer import compose
    from assistant.answers.query import read
    from assistant.records import Chunk, Passage

    text = ("GET Highways asset defects as a result of static asset management funding.\n"
            "KCC spend c£60m per annum but the annual spend requirement to remain at steady state is\n"
            "£170m per annum and hence a £110m per annum shortfall.")
    chunk = Chunk(id="t", text=text, source="risk.pdf", title="Budget Risk Register", committee="Cabinet",
                  meeting_date="2025-01-30", doc_type="report", page=5, page_end=5, section="")
    question = "How big is the funding gap for maintaining highways?"
    weights = {t: 4.0 for t in set(tokens(question))}  # every word rare enough to be bridged
    answer = compose(read(question, weights), [Passage(chunk=chunk, score=1.0)])
    assert answer.found and "£110m per annum shortfall" in answer.answer


def test_the_shipped_thesaurus_is_well_formed():
    groups = synonyms.groups()
    assert len(groups) >= 100
    entries = [entry for group in groups for entry in group]
    assert len(entries) == len(set(entries)), "an entry may stand in one group only"
