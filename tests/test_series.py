"""A measure given a sentence a year, read as a series: the year it was highest or lowest, the sentence quoted,
the runners-up named; sentences of another shape, or a question about one year, are left to the usual path."""
from __future__ import annotations

from assistant.answers.query import read
from assistant.answers.series import answer_series
from assistant.records import Chunk, Passage

YEARS = [("2005", "2006", "24", "38"), ("2006", "2007", "33", "55"), ("2007", "2008", "33", "48"),
         ("2008", "2009", "58", "108"), ("2009", "2010", "36", "49"), ("2010", "2011", "22", "37")]


def _passage(lines: list[str], source: str = "annual.pdf", page: int = 32) -> Passage:
    chunk = Chunk(id=f"{source}{page}{lines[0][:10]}", text="\n".join(lines), source=source, title="Annual report",
                  committee="Cabinet Member", meeting_date="2012-10-16", doc_type="appendix", page=page, page_end=page)
    return Passage(chunk=chunk, score=1.0)


def _sentences(years) -> list[str]:
    return [f"- Between April {a} and March {b}, {n} families became looked after under Police Protection "
            f"({c} children)." for a, b, n, c in years]


def test_the_year_a_series_of_sentences_puts_highest_or_lowest():
    # the series runs over two chunks of one paper, a line of another shape between them
    passages = [_passage(["Police Protection Powers", "The latest trend shows about 2 families a month."]
                         + _sentences(YEARS[:4])),
                _passage(_sentences(YEARS[4:]) + ["Managing allegations: 53 were received."], page=33)]
    a = answer_series(read("Which year saw the most families become looked after under police protection?"), passages)
    assert a is not None and a.answer.startswith("Highest: 2008/09 — 58 (of 6 years the paper gives; next: 2009/10: 36")
    assert "Between April 2008 and March 2009, 58 families" in a.answer and a.citations[0].page == 32
    a = answer_series(read("In which year did the fewest families come into care under police protection?"), passages)
    assert a is not None and a.answer.startswith("Lowest: 2010/11 — 22") and a.citations[0].page == 33


def test_no_series_no_answer():
    passages = [_passage(_sentences(YEARS[:2]))]  # two years are no series
    assert answer_series(read("Which year saw the most families looked after under police protection?"), passages) is None
    passages = [_passage(_sentences(YEARS))]
    # a question about one year, or one whose words the series does not hold, is not a comparison of the series
    assert answer_series(read("How many families were looked after under police protection in 2008/09?"), passages) is None
    assert answer_series(read("Which year had the most library visits?"), passages) is None
