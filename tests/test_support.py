"""An answer whose quotes and passages lack the rare word the question is about, from a passage far from the closest found, is declined; a typo or a verb the papers put another way is not."""
from __future__ import annotations

import json

from assistant.answers import support
from assistant.answers.evidence import checked
from assistant.answers.query import read
from assistant.indexing.engine import unseen_weight
from assistant.records import Answer, Chunk, Citation, Passage

UNSEEN = unseen_weight(20_000)  # the weight of a word no chunk of a 20,000-chunk index holds
RARE_WORDS = {"turnout": 8.7, "election": 4.5, "tax": 3.1, "base": 2.2, "district": 3.3, "grew": 8.2, "postpon": 6.0}


def weight(term: str) -> float:
    """The rare words above at their weights, the council's own name common, anything else (a typo) unseen."""
    return RARE_WORDS.get(term, 1.0 if term in {"kent", "counti", "council", "may", "2025", "2025_26"} else UNSEEN)


def passage(pid: str, text: str, dense: float, page: int) -> Passage:
    chunk = Chunk(id=pid, text=text, source="papers.pdf", title="County Council papers", committee="County Council",
                  meeting_date="2025-01-09", doc_type="report", page=page, page_end=page)
    return Passage(chunk=chunk, score=1.0, dense=dense)


def answer_from(question: str, quoted: Passage, quote: str, others: list[Passage]) -> Answer:
    c = quoted.chunk
    cite = Citation(n=1, source=c.source, page=c.page, title=c.title, meeting_date=c.meeting_date, quote=quote)
    return Answer(question=question, found=True, answer=f"\u201c{quote}\u201d [1]", passages=(quoted, *others),
                  citations=(cite,))


ELECTIONS = "Note that acceptance onto the programme may lead to the County Council elections scheduled for May 2025 being postponed."
CLOSER = passage("p2", "Returning officer's report on polling districts and the count arrangements.", 0.72, 7)


def test_features_count_a_rare_word_no_evidence_holds_and_not_a_word_the_index_lacks():
    q = read("What was the turnout at the May 2025 Kent County Council elections?", weight)
    f = support.features(q, [(ELECTIONS, ["County Council papers"])], UNSEEN)
    assert f["missing_top"] == RARE_WORDS["turnout"] / UNSEEN and f["missing_rare"] == 1.0 and f["head_missing"] == 1.0
    assert support.missing_terms(q, [(ELECTIONS, [])], UNSEEN) == ["turnout", "kent"]  # heaviest first
    # the same quote holds everything of a question about the elections being postponed
    held = support.features(read("Were the May 2025 County Council elections postponed?", weight),
                            [(ELECTIONS, [])], UNSEEN)
    assert held["missing_top"] == 0.0 and held["quote_share"] == 1.0
    # a misspelt word the index holds nowhere weighs `unseen`: it is unknown, not missing
    typo = support.features(read("What was the turnuot at the May 2025 elections?", weight), [(ELECTIONS, [])], UNSEEN)
    assert typo["missing_top"] == 0.0 and typo["unknown_share"] > 0.5


def test_dense_gap_is_how_far_the_quoted_passage_falls_below_the_closest_found():
    quoted = passage("p1", ELECTIONS, 0.31, 3)
    a = answer_from("q", quoted, ELECTIONS, [CLOSER])
    f = support.dense_features(a)
    assert abs(f["cited_dense"] - 0.31) < 1e-9 and abs(f["dense_gap"] - (0.72 - 0.31)) < 1e-9
    assert support.dense_features(answer_from("q", CLOSER, "the count arrangements", [quoted]))["dense_gap"] == 0.0


def test_an_unanswerable_question_answered_from_a_superficially_similar_passage_is_declined():
    question = "What was the turnout at the May 2025 Kent County Council elections?"
    q = read(question, weight)
    a = answer_from(question, passage("p1", ELECTIONS, 0.31, 3), ELECTIONS, [CLOSER])
    assert support.unsupported(q, a, UNSEEN)
    out = checked(q, a, UNSEEN)
    assert not out.found and "\u201cturnout\u201d" in out.answer and out.passages == a.passages
    # without the index's unseen weight, or with no fitted model, nothing is declined here
    assert checked(q, a).found
    assert not support.unsupported(q, a, UNSEEN, fitted={})


def test_an_answerable_question_with_a_typo_or_another_verb_is_still_answered():
    quote = "Thanet's council tax base rose by 3.89% for 2025-26, the largest increase of the district councils."
    tax = passage("p3", quote, 0.74, 12)
    other = passage("p4", "The council tax precept for 2025-26.", 0.70, 13)
    # "grew" is rare in the papers and no passage holds it ("rose", "increase"), but the quote comes from
    # the passage closest to the question: the papers put the verb another way
    for question in ("Which district's council tax base grew the most for 2025-26?",
                     "Which district's council tax bse grew the most for 2025-26?"):  # a typo too
        q = read(question, weight)
        a = answer_from(question, tax, quote, [other])
        assert support.features(q, support.answer_cited(a), UNSEEN)["missing_top"] > 0  # "grew" is missing
        assert checked(q, a, UNSEEN).found


def test_an_answer_about_another_place_than_the_one_named_is_declined():
    names = {"warwickshir": 6.2, "coventri": 1.2, "chair": 2.9, "scrutini": 2.5, "committe": 2.4, "scheme": 3.4,
             "pay": 3.0, "progress": 3.1}

    def w(term: str) -> float:
        return names.get(term, weight(term))

    minutes = passage("p5", "Minutes of the Coventry Scrutiny Board. Members: Councillor K Sandhu (Chair)", 0.6, 2)
    question = "Who chaired the Warwickshire County Council scrutiny committee in 2019?"
    a = answer_from(question, minutes, "Members: Councillor K Sandhu (Chair)", [])
    assert support.missing_name(read(question, w), support.answer_cited(a), UNSEEN) == "Warwickshire"
    assert support.unsupported(read(question, w), a, UNSEEN, fitted={})  # a rule, not the model's chance
    assert "\u201cWarwickshire\u201d" in checked(read(question, w), a, UNSEEN).answer
    # the place the papers are about is held: answered
    coventry = question.replace("Warwickshire County Council", "Coventry")
    chaired = answer_from(coventry, minutes, "Members: Councillor K Sandhu (Chair)", [])
    assert support.missing_name(read(coventry, w), support.answer_cited(chaired), UNSEEN) is None
    # a later word of a name ("Scheme" of "Kent Scheme") is as often one the papers leave out
    pay = passage("p6", "Progression is by steps, informed by an annual performance assessment.", 0.7, 4)
    asked = "How will pay progression work under the new Kent Scheme pay structure?"
    steps = answer_from(asked, pay, "Progression is by steps", [])
    assert support.missing_name(read(asked, w), support.answer_cited(steps), UNSEEN) is None


def test_the_fitted_model_is_plain_json_with_its_threshold_and_training_figures():
    fitted = json.loads(support.MODEL_PATH.read_text())
    assert set(fitted["coef"]) <= set(support.NAMES) and 0.0 < fitted["threshold"] <= 1.0
    assert set(fitted["mean"]) == set(fitted["coef"]) == set(fitted["scale"])
    assert fitted["training"]["unanswerable"] > 0 and "figures" in fitted
    # more of the question missing from the evidence never makes an answer more likely to stand
    low = support.unanswered_chance({n: 0.0 for n in support.NAMES}, fitted)
    high = support.unanswered_chance({n: (1.0 if n in ("missing_top", "dense_gap") else 0.0) for n in support.NAMES},
                                     fitted)
    assert high > low
