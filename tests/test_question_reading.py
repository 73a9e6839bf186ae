"""How a question is read decides whether a passage that holds its answer is given: who holds a role
versus what the holder did, money columns, dates that are not periods, and the papers' names for
what is counted."""
from __future__ import annotations

import pytest

from assistant.answers.answer import compose
from assistant.answers.query import read
from assistant.answers.question import asks_role, counted, holds
from assistant.records import Chunk, Passage


def _passage(lines: list[str], meeting_date: str = "2025-02-13", section: str = "") -> Passage:
    chunk = Chunk(id="t", text="\n".join(lines), source="minutes.pdf", title="Minutes", committee="County Council",
                  meeting_date=meeting_date, doc_type="minutes", page=4, page_end=4, section=section)
    return Passage(chunk=chunk, score=1.0)


@pytest.mark.parametrize("question, asks", [
    ("Who chaired the meeting on 5 November 2015?", True),
    ("Who is the Leader of the Council?", True),
    ("Who has been appointed as chair of the panel?", True),
    ("Whose deaths did the Chairman announce at the March meeting?", False),  # what the holder did
    ("Who did the Cabinet Member thank and what did the Leader say?", False),
    ("Which member asked whether the Leader was planning to request the suspension of the elections?", False),
])
def test_a_role_is_asked_only_when_the_question_asks_who_holds_it(question, asks):
    assert asks_role(question) is asks


def test_what_the_chairman_announced_is_answered_by_the_announcement():
    p = _passage(["295. Chairman's Announcements (Item 5)",
                  "1) With great sadness the Chairman informed Members of the death of Mr Charlie Simkins and "
                  "Mr Roy Bullock."], meeting_date="2025-03-13")
    answer = compose(read("Whose deaths did the Chairman announce at the 13 March 2025 County Council?"), [p])
    assert answer.found and "Charlie Simkins" in answer.answer
    # asked who holds the role, a name beside the word that is not given the role still does not answer
    assert not compose(read("Who was the Chairman of the County Council?"), [p]).found


@pytest.mark.parametrize("row", [
    "Table 3.1 — Grants › Social Care Grant — 2025-26 Kent £’m: 137.1; 2024-25 Kent £’m: 117.0",
    "Table 3.1 — Grants › Social Care Grant — 2025-26 Kent £'m: 137.1",
    "Budget — Internal Fostering — 2010/11 Budget £'000: 4476",
])
def test_a_figure_under_a_money_column_is_an_amount_of_money(row):
    q = read("How much Social Care Grant does Kent get in 2025-26?")
    assert q.money and holds("figure", row, q)
    assert not holds("figure", "Social Care Grant — 2025-26 Kent: 12%", q)  # a share is not an amount


def test_a_full_date_in_a_sentence_is_when_it_was_done_not_the_year_of_its_figure():
    p = _passage(["2025-26 Council Tax",
                  "(f) The total Council Tax requirement of £994,287,655 to be raised through precepts on districts "
                  "as set out in the final draft budget report published on 5th February 2025."])
    answer = compose(read("what total council tax requirement did the council approve for 2025-26"), [p])
    assert answer.found and "994,287,655" in answer.answer
    # a sentence that names another financial year is still not the figure for the year asked
    other = _passage(["2024-25 Council Tax",
                      "(f) The total Council Tax requirement for 2024-25 of £935,700,000 to be raised through precepts "
                      "was approved on 8th February 2024."])
    assert not compose(read("what total council tax requirement did the council approve for 2025-26"), [other]).found


def test_a_how_many_question_is_met_by_the_papers_abbreviation_for_what_it_counts():
    question = "By period 5 of 2012/13, how many looked after children were in internal fostering?"
    assert {"lac", "cla"} <= counted(question)
    p = _passage(["5.1.6 The 2012/13 Internal Fostering LAC numbers (at period 5) show that numbers are well below "
                  "target: actual is 216, while the target for the year is 274."], meeting_date="2012-10-16")
    answer = compose(read(question), [p])
    assert answer.found and "216" in answer.answer


def test_how_many_times_counts_what_was_done_not_times():
    question = "How many times was the consultation document downloaded or viewed?"
    assert counted(question) == frozenset()
    p = _passage(["Document name Downloads / views", "Consultation document 632", "Equality Impact Assessment 145"])
    answer = compose(read(question), [p])
    assert answer.found and "632" in answer.answer


def test_a_financial_year_naming_a_paper_is_not_the_period_asked():
    from assistant.answers.query import read

    q = read("What level of treasury investments does the 2025-26 treasury management strategy forecast for 31 March 2027?")
    assert q.fys == frozenset() and q.calendar == frozenset({"2027"})
    assert read("What is the 2025-26 budget for libraries?").fys == frozenset({"fy2025_26"})  # no other date: the period


def test_a_role_word_in_the_possessive_names_an_item_not_a_role_asked():
    from assistant.answers.question import asks_role, kind

    question = "What award did Michelle Bramble win, as mentioned in the December 2024 chairman's announcements?"
    assert kind(question) == "text" and not asks_role(question)
    assert kind("who is the chairman of the panel") == "who" and asks_role("who is the chairman of the panel")


@pytest.mark.parametrize("question, kind_", [
    ("Business plan objective 'to reduce the number of exploited young people' - which subcommittee is responsible?",
     "text"),
    ("What is meant by \u201cthe total cost of care\u201d in the report?", "text"),
    ("How much did the children's services budget rise in 2015?", "figure"),
])
def test_words_the_question_quotes_do_not_say_what_it_asks_for(question, kind_):
    from assistant.answers.question import kind

    assert kind(question) == kind_


@pytest.mark.parametrize("question, kind_", [
    ("What is the annual contract value for Millmead in the record of decision?", "figure"),  # the paper, not a decision
    ("What was decided in decision 24/00093 on the family hubs?", "decision"),
    ("What decision did Cabinet take on the family hubs?", "decision"),
])
def test_a_record_of_decision_names_a_paper(question, kind_):
    from assistant.answers.question import kind

    assert kind(question) == kind_


@pytest.mark.parametrize("text, held", [
    ("3.1 The 11th Annual Armed Forces Covenant will be held on 17 June 2025 at Maidstone Campus.", True),
    ("The meeting will take place in the Council Chamber.", True),
    ("The conference was a success and was held in high regard.", False),  # no place named
    ("The conference will be reviewed by the board.", False),
])
def test_where_an_event_takes_place_is_held_by_a_sentence_naming_the_place(text, held):
    q = read("When and where is the 11th Annual Armed Forces Covenant conference planned to take place?")
    assert q.kind == "time_place"
    assert holds("time_place", text, q) is held


def test_how_two_figures_are_set_side_by_side_is_no_word_to_find():
    from assistant.answers.query import read

    q = read("Family Hubs revenue budget vs forecast in the Q3 report?")
    assert "vs" not in q.terms and "vs" not in q.weights and {"budget", "forecast"} <= set(q.terms)
    assert "versus" not in read("budget versus forecast").terms


@pytest.mark.parametrize("question, kind_", [
    ("What was the teenage pregnancy rate in Coventry in 2014?", "figure"),
    ("What capped hourly rate for agency social workers was agreed by the 14 authorities?", "figure"),
    ("What was the staff to families caseload ratio at Harmony?", "figure"),
    ("What was agreed about the hourly rates of agency social workers?", "decision"),  # a decision about a rate
])
def test_a_what_question_whose_subject_is_a_measure_asks_for_a_figure(question, kind_):
    from assistant.answers.question import kind

    assert kind(question) == kind_


def test_a_sum_of_money_is_not_a_count_however_it_is_written():
    q = read("How many electric vehicle charge points will be installed under the LEVI project?")
    assert q.count
    for text in ("KCC is now the Accountable Body for £128m of Government funding",
                 "£2.149m to 'top-up' the LEVI capital project funding.", "a grant of £12,280.5 for chargers"):
        assert not holds("figure", text, q), text
    assert holds("figure", "The project will install 1,200 charge points by 2026.", q)


def test_what_a_rate_is_per_is_not_the_rate_and_a_rate_of_pay_is_money():
    q = read("What was the teenage pregnancy rate in Coventry?")
    assert not holds("figure", "Teenage pregnancy rate (conception rate per 1,000 females aged 15-17).", q)
    assert holds("figure", "The teenage pregnancy rate was 38.2 per 1,000 females aged 15-17.", q)
    pay = read("What capped hourly rate was agreed for agency social workers?")
    assert pay.money
    assert not holds("figure", "Social workers in the West Midlands increased to 3,429.", pay)
    assert holds("figure", "The agreed capped rate is £32.50 per hour.", pay)
