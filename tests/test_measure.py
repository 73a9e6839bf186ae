"""A figure must be the one the question's measure word governs ("were homeless"), and a quote naming no year from a
meeting held before the year asked is not that year's figure: both on passages and an fpdf2 table written here."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from assistant.answers.answer import compose
from assistant.answers.evidence import checked
from assistant.answers.lookup import lookup
from assistant.answers.measure import holds_measure, measured
from assistant.answers.query import read
from assistant.indexing.parse import parse_one
from assistant.records import Answer, Chunk, Citation, Passage
from assistant.settings import Settings


def passage(lines: list[str], meeting_date: str = "2025-03-13", pid: str = "p1") -> Passage:
    chunk = Chunk(id=pid, text="\n".join(lines), source=f"{pid}.pdf", title="Armed Forces Covenant annual report",
                  committee="County Council", meeting_date=meeting_date, doc_type="report", page=3, page_end=3)
    return Passage(chunk=chunk, score=1.0)


def test_the_measure_word_is_read_from_the_question_structure():
    assert measured("how many veterans were homeless in kent in 2024") == {"homeless"}
    assert measured("How many pupils are currently eligible for free school meals?") == {"eligibl"}
    assert measured("At quarter 3, how big an overspend was adult social care forecasting?") == {"overspend"}
    assert measured("How many approved fostering households were there in October 2015?") == frozenset()
    assert measured("How many organisations were lined up to deliver the programme?") == frozenset()  # a phrasal verb
    assert measured("How many veterans live in Kent?") == frozenset()
    # a predicate of several words joined: any of them is the measure ("16 achieved target (Green)" holds one)
    assert measured("How many KPIs were red, amber and green in quarter 2?") == {"red", "amber", "green"}
    # a question of two parts is answered part by part: the whole has no single measure
    assert read("How many posts were funded and how many were actually filled?").measured == frozenset()
    # a word of the papers that begins with the measure's stem holds it
    assert holds_measure(frozenset({"homeless"}), {"veteran", "homelessness"})
    assert holds_measure(frozenset({"adopt"}), {"adoption"}) and not holds_measure(frozenset({"adopt"}), {"foster"})


VETERANS = passage(["2.4.2 The Kent veteran population make up over 52,000.",
                    "A substantial number are over 65 years of age.",
                    "There were 19 cases of veteran homelessness in the County over a year in 2024."])


def test_a_count_is_the_one_its_predicate_governs():
    a = compose(read("How many veterans were homeless in Kent in 2024?"), [VETERANS])
    assert a.found and "19" in a.answer.split("\u201c")[0] + a.answer and "52,000" not in a.answer.split("\u201c")[0]
    # another year: the only count of homeless veterans is 2024's, and the population is no answer
    a = checked(q := read("How many veterans were homeless in Kent in 2023?"), compose(q, [VETERANS]))
    assert not a.found and a.passages
    # the count the question asks for without a predicate is the population
    a = compose(read("How many veterans live in Kent?"), [VETERANS])
    assert a.found and "52,000" in a.answer


def test_a_measure_the_papers_never_use_is_a_way_of_asking():
    p = passage(["The summer offer was about 50k half-day sessions and meals delivered by approximately 40 organisations."])
    a = compose(read("How many organisations were signed to deliver the summer offer?"), [p])
    assert read("How many organisations were signed to deliver the summer offer?").measured == {"sign"}
    assert a.found and "40" in a.answer


def quoted(question: str, p: Passage, quote: str) -> Answer:
    """The answer that quotes `quote` from `p`, as a table look-up gives it, checked."""
    c = p.chunk
    cite = Citation(n=1, source=c.source, page=c.page, title=c.title, meeting_date=c.meeting_date, quote=quote)
    return checked(read(question), Answer(question=question, found=True, answer=f"{quote} [1]", passages=(p,),
                                          citations=(cite,)))


def test_an_undated_quote_from_a_meeting_before_the_year_is_not_that_years():
    row = "UASC — Social worker — Average case load: 14"
    old = passage(["UASC", "Social worker 1 0 14 14"], meeting_date="2012-10-16")
    assert not quoted("What was the average social worker caseload in September 2018?", old, row).found
    # the same quote from a meeting of that year may be about it, and a planned figure may come before its year
    assert quoted("What was the average social worker caseload in September 2018?",
                  replace(old, chunk=replace(old.chunk, meeting_date="2018-11-01")), row).found
    assert quoted("What average social worker caseload is planned for 2018?", old, row).found
    # a passage that names a year speaks for itself (the period check that names years decides)
    named = passage(["Caseloads in 2018", "Social worker 1 0 14 14"], meeting_date="2012-10-16")
    assert quoted("What was the average social worker caseload in 2018?", named, row).found


def _table_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    with pdf.table(line_height=5, text_align="LEFT") as table:
        table.row().cell("Caseloads by role in the unaccompanied asylum seeking children team", colspan=4)
        table.row(("Role", "Funded establishment", "Cases held", "Average case load"))
        table.row(("Senior Practitioner", "1", "10", "10"))
        table.row(("Social worker", "3", "42", "14"))
        table.row(("Team manager", "1", "0", "0"))
        table.row(("Total", "5", "52", "10.4"))
    pdf.output(str(path))
    return path


def test_a_table_naming_no_year_is_not_read_for_a_later_year(tmp_path):
    pdf = _table_pdf(tmp_path / "caseloads.pdf")
    data = pdf.read_bytes()
    _, chunks = parse_one(str(pdf), "t/caseloads.pdf", hashlib.sha256(data).hexdigest(), Settings(), data=data)
    tables = [Chunk.from_json(c) for c in chunks if c.get("table")]
    assert tables

    def ask(question: str, meeting_date: str):
        return lookup(read(question), [Passage(chunk=replace(c, meeting_date=meeting_date), score=1.0) for c in tables])

    a = ask("What was the average case load of a social worker in 2012?", "2012-10-16")
    assert a is not None and "14" in a.answer
    assert ask("What was the average case load of a social worker in 2018?", "2012-10-16") is None


def test_a_when_question_is_not_answered_by_the_date_it_names():
    """"When did Ofsted publish its letter on the May 2021 visit?" names the visit by its month: the letter's date
    answers it, the visit's does not."""
    from assistant.answers.measure import without_dates_asked

    q = read("When did Ofsted publish its letter on the May 2021 assurance visit?")
    assert "May" not in without_dates_asked(q, "The visit was undertaken on 12 and 13 May 2021.")
    assert "25th June 2021" in without_dates_asked(q, "The letter was published on 25th June 2021.")
    p = passage(["3.6 The interim focused assurance visit by Ofsted was undertaken on 12 and 13 May 2021.",
                 "5.1 The letter confirming the outcome of the visit was published on 25th June 2021."])
    a = compose(q, [p])
    assert a.found and a.answer.startswith("25th June 2021")


def test_a_leading_clause_does_not_decide_what_is_asked():
    from assistant.answers.question import kind

    assert kind("When Cabinet reconsidered the decision on 4 March 2025, what did it decide?") == "decision"
    assert kind("When did Cabinet reconsider the decision?") == "when"
    assert kind("After the election, who chaired the council?") == "who"


def test_a_typo_is_corrected_to_a_word_that_begins_as_typed():
    """"emal" is "email" with a letter left out, and "femal" too; a typist seldom drops the first letter."""
    from collections import Counter

    from assistant.answers.spelling import Speller

    speller = Speller(Counter({"email": 3, "femal": 40, "address": 50, "given": 50}))
    assert speller.correct("What emal address is givn") == "What email address is given"
