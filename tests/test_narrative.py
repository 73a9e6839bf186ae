"""Why- and how-questions are answered with the sentence that gives the reason or says how, not a form's field.

The passages are written here; selection does not depend on meaning, so no embedder is used.
"""
from __future__ import annotations

import pytest

from assistant.answers.answer import compose
from assistant.answers.narrative import asks_process, form_field, states_reason
from assistant.answers.query import read
from assistant.records import Chunk, Passage


def passage(text: str, score: float = 1.0, n: int = 1) -> Passage:
    chunk = Chunk(id=f"c{n}", text=text, source=f"report{n}.pdf", title=f"Report {n}", committee="Cabinet",
                  meeting_date="2025-01-30", doc_type="report", page=3, page_end=3)
    return Passage(chunk=chunk, score=score)


def quoted(answer_text: str) -> str:
    return answer_text.lower()


def test_why_question_quotes_the_reason_not_the_subject_line():
    text = ("Subject: Transfer of the youth transitions service to adult social care\n"
            "1.1 The youth transitions service supports young adults aged 18 to 25 with a disability.\n"
            "1.2 The service is moving because the law makes the Director of Adult Social Services "
            "responsible for every adult aged 18 or over.\n")
    answer = compose(read("Why is the youth transitions service moving to adult social care?"), [passage(text)])
    assert answer.found
    assert "because the law" in answer.answer
    assert "Subject:" not in answer.answer


def test_why_question_quotes_the_stated_reason_and_the_list_it_introduces():
    text = ("2.1 The government's decision not to include the county in the devolution programme was a "
            "disappointment to the leaders of the county and its partners.\n"
            "2.2 The reason the government gave in its letter for not including the county is as follows:\n"
            "• the population of the two councils differs too much for a balanced combined authority.\n"
            "2.3 Leaders will continue to press for a timetable for devolution in the county.\n")
    q = read("Why did the government leave the county out of the devolution programme?")
    answer = compose(q, [passage(text)])
    assert answer.answer.index("The reason the government gave") < answer.answer.index("population of the two councils")


def test_why_question_quotes_the_reason_two_sentences_after_the_fact():
    text = ("5.1 The service continues to experience increasing numbers of looked after children. "
            "As at 31 December 2018 this was 724. The pressures concern an increase in placements as a result of a "
            "court process and fewer children leaving care. 5.2 Looked after children reviews were held on time in "
            "2018. 5.3 Looked after children visits in 2018 were recorded.\n")
    answer = compose(read("Why were looked after children numbers still rising at the end of 2018?"), [passage(text)])
    assert answer.found and "as a result of a court process" in answer.answer


def test_what_is_the_purpose_of_is_a_why_question():
    assert read("What is the purpose of the disruption meeting?").explain
    assert read("What was the reason for the delay?").explain and not read("What is the disruption meeting?").explain
    text = ("Where there is an adoption breakdown a disruption meeting is held involving all parties. The purpose of "
            "this meeting is not to apportion blame but to understand the relevant factors. A short report from the "
            "meeting is presented to the Adoption Panel. Where the disruption occurs during introductions the "
            "meeting is chaired by a Team Manager.\n")
    answer = compose(read("What is the purpose of the disruption meeting held when an adoption breaks down?"),
                     [passage(text)])
    assert answer.found and "not to apportion blame" in answer.answer


def test_how_question_quotes_how_it_is_done_not_a_recommendation_item():
    text = ("(g) Note the move of all scheme staff to the new pay structure for progression agreed in May\n"
            "1.5 A new grading structure will be in place from April.\n"
            "1.6 Progression within a grade is informed by a performance assessment at the anniversary of "
            "appointment.\n")
    answer = compose(read("How will pay progression work under the new pay structure?"), [passage(text)])
    assert answer.found
    assert "informed by a performance assessment" in answer.answer
    assert not answer.answer.startswith("\u201c(g)")


@pytest.mark.parametrize("question, expected", [
    ("How will pay progression work?", True),
    ("how does KCC calculate its minimum revenue provision", True),
    ("How many social workers were agency staff?", False),
    ("How much did the programme cost?", False),
    ("What are family hubs?", False),
])
def test_process_questions(question, expected):
    assert asks_process(question) is expected
    assert read(question).process is expected


def test_a_how_did_they_vote_question_asks_for_a_decision_not_a_process():
    assert asks_process("How did the council vote on the budget?")
    assert not read("How did the council vote on the budget?").process


@pytest.mark.parametrize("unit, expected", [
    ("Subject: Transfer the 18-25 section of the service", True),
    ("Decision no: 24/00109", True),
    ("CRR0063: Capacity to accommodate and care for Unaccompanied Asylum Seeking Children (UASC).", True),
    ("(g) Note the transition of all staff to the new pay structure", True),
    ("b) Agree to the recommendations on the uplift", True),
    ("Children Services Agency Spend — 2014/15: £8.3m", False),  # a table row
    ("The Council agreed the budget: a rise of 4.99%.", False),
    ("1.6 Progression within a grade is informed by a performance assessment.", False),
])
def test_form_fields(unit, expected):
    assert form_field(unit) is expected


@pytest.mark.parametrize("unit, expected", [
    ("The service moved because the law requires it.", 1.0),
    ("The reason given in the letter is as follows:", 1.0),
    ("Now that funding agreements are in place, the risk rating has been reduced from High to Medium.", 1.0),
    ("The scheme was paused, since there is no funding for it.", 0.5),
    ("The net decrease in jobs may reflect the impact of the Government budget on hiring.", 0.5),
    ("This decrease may be reflective of the impact of the UK Government budget.", 0.5),
    ("The overspend results from more children placed in residential care.", 0.5),
    ("Recruitment is targeted outside the city, as there is a request for out of area placements.", 0.5),
    ("The number of children in care was 724 at the end of December.", 0.0),
])
def test_stated_reasons(unit, expected):
    assert states_reason(unit) == expected
