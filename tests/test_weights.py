"""A unit's score is its features' dot product with the weights; weights.json decides which weights are used."""
from __future__ import annotations

import json

import numpy as np

from assistant.answers import candidates as cand
from assistant.answers.query import read
from assistant.records import Chunk, Passage


def _passages() -> list[Passage]:
    chunk = Chunk(id="t", text="Children Services Agency Spend\nIn 2014/15 agency spend was £8.3m against a budget "
                  "of £5.0m.\nIn 2015/16 agency spend to date is £3.8m.\nNext steps", source="note.pdf",
                  title="Briefing note", committee="Board", meeting_date="2015-12-10", doc_type="report", page=3,
                  page_end=3)
    other = Chunk(id="o", text="The Board noted the report on foster carer recruitment.", source="minutes.pdf",
                  title="Minutes", committee="Board", meeting_date="2015-11-05", doc_type="minutes", page=2,
                  page_end=2)
    return [Passage(chunk=chunk, score=1.0), Passage(chunk=other, score=0.4)]


def test_each_score_is_the_dot_product_of_its_features_with_the_weights():
    q = read("what was agency spend in 2014/15", {"agency": 2.0, "spend": 1.5, "fy2014_15": 3.0})
    ranked = cand.candidates(q, _passages(), similarity=lambda texts: np.linspace(0.6, 0.1, len(texts)))
    assert ranked and all(c.features is not None for c in ranked)
    for c in ranked:
        assert c.score == c.features.score(cand.W) or c.heading is not None  # a row under a heading may be lifted
    best = ranked[0]
    assert "£8.3m" in best.text and best.features.year == 1.0 and best.features.kind == 1.0
    assert best.features.semantic > 0  # the best few units are re-scored by similarity
    wrong_year = next(c for c in ranked if "2015/16" in c.text)
    assert wrong_year.features.wrong_year == 1.0 and wrong_year.score < best.score


def test_other_weights_change_the_order():
    q = read("what was agency spend in 2014/15", {"agency": 2.0, "spend": 1.5, "fy2014_15": 3.0})
    flipped = {n: 0.0 for n in cand.NAMES} | {"wrong_year": 5.0}
    saved = cand.W
    try:
        cand.W = flipped
        ranked = cand.candidates(q, _passages())
    finally:
        cand.W = saved
    assert "2015/16" in ranked[0].text


def test_the_hand_weights_are_used_unless_the_file_says_the_fitted_ones_won(tmp_path, monkeypatch):
    path = tmp_path / "weights.json"
    monkeypatch.setattr(cand, "WEIGHTS_FILE", path)
    assert cand._weights() == cand.HAND_WEIGHTS  # no file
    fitted = {n: 0.5 for n in cand.NAMES}
    path.write_text(json.dumps({"use": "hand", "weights": fitted}), encoding="utf-8")
    assert cand._weights() == cand.HAND_WEIGHTS
    path.write_text(json.dumps({"use": "fitted", "weights": fitted}), encoding="utf-8")
    assert cand._weights() == fitted
    assert set(cand.HAND_WEIGHTS) == set(cand.NAMES)  # a weight for every feature, and a feature for every weight
