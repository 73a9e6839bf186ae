"""Answers that read as answers: the lead line and its check, whole lists, both parts of a question,
conflicting figures, vague questions, follow-ups read only when they need the conversation, and typos
corrected against the papers' own words."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from conftest import PACK_NAME

from assistant.answers.answer import compose
from assistant.answers.candidates import candidates
from assistant.answers.conversation import needs_context, resolve
from assistant.answers.lead import lead
from assistant.answers.phrasing import is_vague, parts
from assistant.answers.query import read
from assistant.answers.spelling import Speller, surface_words
from assistant.records import Answer, Chunk, Citation, Passage

SPEND = "What was agency spend in 2014/15?"


def passage(lines: list[str], source: str = "report.pdf", meeting_date: str = "2019-02-14", score: float = 1.0,
            doc_type: str = "report", committee: str = "Board") -> Passage:
    chunk = Chunk(id=source, text="\n".join(lines), source=source, title=source.removesuffix(".pdf"),
                  committee=committee, meeting_date=meeting_date, doc_type=doc_type, page=5, page_end=5)
    return Passage(chunk=chunk, score=score)


def lead_of(text: str) -> str:
    return text[:text.find("\u201c")].strip()


# ------------------------------------------------------------------------------------------ lead line

def test_lead_line_says_the_figure_first_and_only_what_its_quotes_hold():
    q = read("What was the fostering allowance in 2016?")
    quote = "The Cabinet agreed a fostering allowance of \u00a3250 a week from April 2016."
    said = lead(q, quote, [quote])
    assert said is not None and said.startswith("\u00a3250")
    # the question's own words are repeated only when the quotes hold them: "Coventry" is not in the quote
    q = read("What was the Coventry fostering allowance in 2016?")
    assert lead(q, quote, [quote]) == "\u00a3250."
    # nor words of the question the quote does not say: a hardship programme's money is no pothole blitz's
    q = read("How much money was allocated to the pothole blitz in 2024?")
    hardship = "During 2024, the Financial Hardship Programme allocated £46,100.00 to veteran homes."
    assert lead(q, hardship, [hardship]) == "£46,100.00."
    # a figure the quotes do not hold is never led with
    assert lead(q, quote, ["The Cabinet agreed a new fostering allowance."]) is None
    # what is said beside the value rests on the value's own quote, not on another that holds the date
    members = "Members: Councillor M Mutton (Chair)"
    other = "To agree the minutes of the meeting held on 5 November 2015."
    assert lead(read("Who chaired the meeting on 5 November 2015?"), members, [members, other]) == \
        "Councillor M Mutton."
    # two figures of the kind asked: no single thing to lead with
    two = "The allowance rose from \u00a3200 to \u00a3250 a week."
    assert lead(read("How much was the fostering allowance?"), two, [two]) is None


def test_a_row_of_several_cells_leads_only_with_the_cell_of_the_column_asked():
    row = "Households & Capacity — Q2 — Approved Households: 151; Places: 258; Places Vacant: 42"
    said = lead(read("How many fostering places were vacant at quarter 2?"), row, [row])
    assert said is not None and said.startswith("42 — ") and "Vacant" in said
    # the question names no one column: which cell is meant is not clear, so there is no lead (not the last cell)
    grant = "Table 3.1 — Social Care Grant — 2025-26 Kent £m: 137.1; 2024-25 Kent £m: 117.0; Final England £m: 5,044.0"
    assert lead(read("How much Social Care Grant does Kent get compared with last year?"), grant, [grant]) is None


def test_answer_leads_with_the_best_row_not_the_first_printed():
    rows = [f"Children Services Agency Spend \u2014 {name} \u2014 2014/15: {a}; 2015/16 to date: {b}"
            for name, a, b in (("Forecast", "-", "\u00a35.8 m"), ("Actual", "\u00a38.3 m", "\u00a33.8 m"),
                               ("Average monthly costs", "\u00a30.69 m", "\u00a30.48 m"))]
    answer = compose(read("What was the average monthly cost of agency staff in 2015/16?"),
                     [passage(rows, doc_type="briefing", meeting_date="2015-12-10")])
    # the rows are quoted in the order printed; the lead is the row asked about, not the first (a forecast)
    assert answer.found and lead_of(answer.answer).startswith("\u00a30.48")
    quoted = answer.answer[answer.answer.find("\u201c"):]
    assert quoted.index("Forecast") < quoted.index("Average monthly costs")


def test_answer_leads_with_the_figure_of_the_year_asked():
    p = passage(["The allowance was reviewed in 2015.",
                 "The fostering allowance for 2016/17 is \u00a3250 a week for each child placed."])
    answer = compose(read("How much is the fostering allowance for 2016/17?"), [p])
    assert answer.found and lead_of(answer.answer).startswith("\u00a3250")
    assert "\u201cThe fostering allowance for 2016/17 is \u00a3250" in answer.answer


def test_a_name_question_leads_with_the_one_person_named():
    p = passage(["Present: Cllr A Smith (Chair), Councillor B Jones.", "The meeting opened at 2pm."],
                doc_type="minutes", meeting_date="2015-11-05")
    answer = compose(read("Who chaired the meeting on 5 November 2015?"), [p])
    assert answer.found and "Smith" in answer.answer


# ---------------------------------------------------------------------------------- whole answers

def test_a_list_is_quoted_with_its_lead_in_and_its_items():
    p = passage(["4.8 The new initiatives established by the family hubs in the last year include the following:",
                 "\u2022 a weekly food bank run with volunteers at the community centre;",
                 "\u2022 a Here to Help drop-in for families every Wednesday morning;",
                 "\u2022 free holiday activities for children on free school meals.",
                 "5. Finance",
                 "5.1 The hubs are funded from the early help budget."])
    answer = compose(read("What initiatives have the family hubs established?"), [p])
    assert answer.found
    for item in ("food bank", "Here to Help", "holiday activities"):
        assert item in answer.answer
    assert answer.answer.count("\u201c") == answer.answer.count("\u201d")


def test_a_short_lead_in_after_the_best_sentence_brings_its_list():
    p = passage(["5.1 This way of working supports children early in a problem.",
                 "Our definition of early help applies to any professional in any context.",
                 "Our definition of early help is to:",
                 "Reach children and families when the need first emerges; and",
                 "Intervene when you can have the most impact.",
                 "6 Why early help is important",
                 "6.1 Early help is a high priority nationally."])
    answer = compose(read("How does the council define early help?"), [p])
    assert answer.found and "Our definition of early help is to:" in answer.answer
    assert "need first emerges" in answer.answer and "most impact" in answer.answer


def test_a_count_in_a_list_item_is_read_with_the_list_s_lead_in():
    """"• Nine are rated Red" counts KPIs because its list says so; the number word is a figure; a paragraph's
    bare number ("2.3.") is never quoted."""
    p = passage(["2.2 This report includes 38 Key Performance Indicators (KPIs), each assessed against its target.",
                 "\u2022 17 are rated Green (one more than the previous Quarter) - the target was achieved.",
                 "\u2022 12 are rated Amber (three fewer than the previous Quarter) - the floor was met.",
                 "\u2022 Nine are rated Red (one more than the previous Quarter) - the floor was not met.",
                 "2.3.", "Highways repairs were completed on time in most districts."])
    ranked = {c.text.split(" (")[0]: c for c in candidates(read("How many KPIs were rated red this quarter?"), [p])}
    assert ranked["\u2022 Nine are rated Red"].kind_ok  # a count of what the lead-in names, two items down
    assert "2.3." not in ranked
    contents = passage(["Contents", "National Armed Forces Covenant Conference 2024 .................................. 10",
                        "The theme of the National Armed Forces Covenant Conference 2024 was Working Together."])
    answer = compose(read("armed forces covenant conference 2024 theme"), [contents])
    assert "Working Together" in answer.answer and "....." not in answer.answer  # a contents entry is no answer
    spaced = passage(["Contents", "Response to consultation \u2013 Seashells Family Hub  42 Response to consultation "
                      "\u2013 Millmead Family Hub   49 Next steps   56",
                      "\u2022 Most consultees found out about the Family Hub consultation on Facebook (40%)."])
    answer = compose(read("How did consultees find out about the Seashells and Millmead Family Hub consultation?"), [spaced])
    assert "Facebook" in answer.answer and "Next steps" not in answer.answer  # entries set apart by wide gaps too
    answer = compose(read("How many KPIs were rated red in the Q3 performance report?"), [p])
    assert answer.found and "Nine are rated Red" in answer.answer and "2.3." not in answer.answer


def test_the_same_sentence_is_never_quoted_twice():
    text = ["The number of children adopted in 2013/14 was 52, up from 40 the year before."]
    answer = compose(read("How many children were adopted in 2013/14?"),
                     [passage(text, "a.pdf"), passage(text, "b.pdf", score=0.9)])
    assert answer.found and answer.answer.count("was 52, up from 40") == 1


def test_a_two_part_question_is_answered_in_both_parts():
    assert parts("How many appointments did the campaign produce, and how many candidates withdrew?") == (
        "How many appointments did the campaign produce", "how many candidates withdrew")
    assert read("How many appointments did the campaign produce?").parts == (
        "How many appointments did the campaign produce?",)
    p = passage(["The recruitment campaign produced 47 appointments of new social workers.",
                 "The board thanked officers for the campaign.",
                 "Of the candidates offered posts, 13 candidates withdrew before starting."])
    answer = compose(read("How many appointments did the recruitment campaign produce, and how many candidates "
                          "withdrew?"), [p])
    assert answer.found and "47 appointments" in answer.answer and "13 candidates withdrew" in answer.answer


def test_an_aside_in_brackets_is_not_a_second_question():
    asked = ("Who is the delivery lead for action 7.2 (reviewing the PDF and how audit findings are shared) in the "
             "improvement plan?")
    assert parts(asked) == (asked,)
    assert parts("Who leads action 7.2 (the audit review), and when is it due?") == (
        "Who leads action 7.2 (the audit review)", "when is it due")


def test_a_two_part_question_says_which_part_the_papers_do_not_cover():
    p = passage(["The recruitment campaign produced 47 appointments of new social workers."])
    answer = compose(read("How many appointments did the recruitment campaign produce, and what did the "
                          "advertising cost?"), [p])
    assert answer.found and "47 appointments" in answer.answer
    assert "don't say \u201cwhat did the advertising cost\u201d" in answer.answer


# ------------------------------------------------------------------------------------------ conflicts

def test_two_papers_giving_different_figures_for_one_measure_are_both_shown():
    later = passage(["Children Services agency spend in 2014/15 was \u00a38.3m against the budget."],
                    "table.pdf", "2015-12-10", committee="Scrutiny Board")
    earlier = passage(["Children Services agency spend in 2014/15 was \u00a38.1m against the budget."],
                      "annual.pdf", "2015-07-14", score=0.95, doc_type="annual report", committee="Scrutiny Board")
    answer = compose(read(SPEND), [later, earlier])
    assert answer.found and answer.answer.startswith("The papers differ: ")
    assert "\u00a38.3m (the report for the Scrutiny Board meeting of 10 December 2015)" in answer.answer
    assert "\u00a38.1m (the annual report for the Scrutiny Board meeting of 14 July 2015)" in answer.answer
    assert {c.source for c in answer.citations} == {"table.pdf", "annual.pdf"}


def test_the_same_figure_in_two_papers_is_no_conflict():
    a = passage(["Children Services agency spend in 2014/15 was \u00a38.3m against the budget."], "a.pdf")
    b = passage(["Children Services agency spend in 2014/15 was \u00a38.3 m against the budget."], "b.pdf", score=0.9)
    assert "differ" not in compose(read(SPEND), [a, b]).answer


def test_figures_an_order_of_magnitude_apart_are_no_conflict():
    a = passage(["Children Services agency spend in 2014/15 was \u00a38.3m against the budget."], "a.pdf")
    b = passage(["Children Services agency spend in 2014/15 was \u00a30.083m against the budget."], "b.pdf", score=0.95)
    answer = compose(read(SPEND), [a, b])
    assert answer.found and "differ" not in answer.answer  # another measure, or a figure misread, not another paper's


# ------------------------------------------------------------------------------------ vague questions

def test_a_vague_question_gets_what_the_papers_hold_on_the_topic():
    assert is_vague("Tell me about money") and is_vague("potholes") and not is_vague(SPEND)
    hubs = passage(["The family hubs budget for 2019/20 is \u00a31.2m, spent on staff and buildings."], "hubs.pdf")
    table = passage(["The council's budget gap for 2020/21 is forecast at \u00a35m after savings."], "budget.pdf",
                    "2020-02-04", score=0.8)
    answer = compose(read("Tell me about the budget"), [hubs, table])
    assert answer.found and answer.answer.startswith("The papers hold this on the budget:")
    assert answer.answer.count("\n\u2022 ") == 2 and {c.source for c in answer.citations} == {"hubs.pdf", "budget.pdf"}


# ------------------------------------------------------------------------------------------ follow-ups

def said(question: str, committee: str = "Test Scrutiny Board", date: str = "2015-12-10") -> Answer:
    return Answer(question=question, found=True, answer="\u201c...\u201d [1]", resolved_question=question,
                  citations=(Citation(1, PACK_NAME, 3, "Briefing note", date, committee),))


@pytest.mark.parametrize("follow_up, expected", [
    ("and in 2015/16?", "What was agency spend in 2015/16?"),  # ellipsis: another year
    ("what about fostering?", "What was agency spend in 2014/15 \u2014 fostering?"),  # another subject
    ("who chaired it?", "who chaired the Test Scrutiny Board meeting of 2015-12-10?"),  # "it": the meeting
    ("what did they resolve?",  # "they": the body, at the meeting under discussion
     "what did the Test Scrutiny Board resolve in December 2015?"),
    ("When did the committee meet?", "When did the Test Scrutiny Board meet?"),  # "the committee"
])
def test_each_follow_up_form_is_read_against_the_last_answer(follow_up, expected):
    assert needs_context(follow_up)
    assert resolve(follow_up, [said(SPEND)]) == expected


@pytest.mark.parametrize("question", [
    "who chaired the meeting on 5 November 2015?",  # names its own meeting and year
    "How many children were adopted in 2013/14?",
    "What did the board resolve about foster carer recruitment?",
    "Who is the Leader of the council?",
])
def test_a_question_that_stands_on_its_own_is_never_merged_with_the_last(question):
    assert not needs_context(question)
    assert resolve(question, [said(SPEND)]) == question


def test_a_new_question_after_a_figure_question_is_answered_about_its_own_meeting(built, settings):
    from assistant.service import Assistant

    assistant = Assistant(replace(settings, llm_url=None))
    first = assistant.ask("what was agency spend in 2014/15")
    assert "\u00a38.3 m" in first.answer
    second = assistant.ask("who chaired the meeting on 5 November 2015?", history=[first])
    assert second.resolved_question == "who chaired the meeting on 5 November 2015?"
    assert second.found and "Cllr A Smith (Chair)" in second.answer and "\u00a38.3" not in second.answer
    third = assistant.ask("what did they resolve?", history=[second])
    assert third.resolved_question.startswith("what did the ")
    assert "RESOLVED" in third.answer or "resolved" in third.answer.lower()


# ---------------------------------------------------------------------------------------------- typos

PAPERS = ("The Board considered agency spend at Holbrooks and Foleshill libraries. Councillor Akhtar chaired "
          "the Scrutiny meeting. The Mockingbird model supports foster carers. What was spent?")


def test_typos_are_corrected_and_the_papers_own_words_left_alone():
    speller = Speller(surface_words([PAPERS]))
    assert speller.correct("wat was agncy spnd at Holbrooks") == "what was agency spend at Holbrooks"
    assert speller.correct("who chaird the scrutny meetng") == "who chaired the scrutiny meeting"
    # words the papers use stand, however odd ("Mockingbird", "Foleshill"); so do figures and acronyms
    kept = "Foleshill Mockingbird EHCP 2014/15 carers"
    assert speller.correct(kept) == kept
    # an English word the papers do not use is not "corrected" into one they do
    assert speller.correct("born kids") == "born kids"
    # nor one letter typed for another: "diverted" is not a slip for the commoner "diverse"
    assert Speller(surface_words(["Diversions to diverse hubs"])).correct("children diverted") == "children diverted"


def test_ask_reads_a_typod_question_and_says_how_it_read_it(built, settings):
    from assistant.service import Assistant

    answer = Assistant(replace(settings, llm_url=None)).ask("wat was agncy spnd in 2014/15")
    assert answer.resolved_question == "what was agency spend in 2014/15"
    assert answer.found and "\u00a38.3 m" in answer.answer
    assert answer.to_json()["resolved_question"] == "what was agency spend in 2014/15"


def test_surface_words_are_counted_as_written():
    assert surface_words(["Agency agency spend", "what's"]) == Counter({"agency": 2, "spend": 1, "what's": 1})


def test_a_heading_is_never_the_whole_answer():
    p = passage(["Agency Social Worker Rates", "The board noted the report.",
                 "The hourly rate paid for agency social workers in 2019 was \u00a342, set by the framework."])
    answer = compose(read("What was the agency social worker rate?"), [p])
    assert answer.found and "\u00a342" in answer.answer


def test_a_slip_the_papers_make_once_is_not_taken_for_their_word():
    papers = ["Kent County Council"] * 600 + ["the conty council"]
    speller = Speller(surface_words(papers))
    assert speller.correct("the conty council") == "the county council"
    assert speller.correct("Kent") == "Kent"



def test_the_person_a_who_question_names_is_not_its_lead():
    from assistant.answers.lead import value_of

    q = read("Who paid tributes to former councillor Richard Parry?")
    assert value_of(q, "The death of Mr Richard Parry was reported; tributes were made by Mr Gough.") == "Mr Gough"
    assert value_of(q, "The Chairman held a one-minute silence in memory of Mr Richard Parry.") is None


def test_minutes_of_the_meeting_on_the_date_asked_and_their_items_title():
    from dataclasses import replace as with_

    october = passage(["1. Joanne Carpenter, Participation and Engagement Manager, introduced the report.",
                       "She highlighted a few key areas."], source="CPP Minutes 29.10.24.pdf", doc_type="minutes",
                      meeting_date="2025-03-13")
    october = with_(october, chunk=with_(october.chunk, section="Corporate Parenting Panel › Participation Team update"))
    december = passage(["1) Caroline Smith, Assistant Director for Corporate Parenting, introduced the item on the "
                        "Corporate Parenting Panel annual report."], source="19 December 2024 minutes.pdf",
                       doc_type="minutes", meeting_date="2024-12-19")
    q = read("Who introduced the Participation Team update at the Corporate Parenting Panel on 29 October 2024?")
    q = with_(q, held_on=frozenset({"CPP Minutes 29.10.24.pdf"}))  # the retriever's reading: that meeting's papers
    answer = compose(q, [december, october])
    said = answer.answer
    assert answer.found and "Joanne Carpenter" in said
    assert "Caroline Smith" not in said or said.index("Joanne Carpenter") < said.index("Caroline Smith")


def test_a_row_of_shares_answers_a_percentage_question_without_its_sign():
    p = passage(["Table 10: Prudential Indicator: Proportion of financing costs to net revenue stream",
                 "2023-24 actual 2024-25 forecast 2025-26 budget 2026-27 budget",
                 "Proportion of net revenue stream 8.17 7.41 6.78 6.35"])
    table = Chunk(id="t", text=p.chunk.text, source="strategy.pdf", title="Capital Strategy", committee="Cabinet",
                  meeting_date="2025-01-30", doc_type="report", page=16, page_end=16, kind="table",
                  rows=("Table 10: Prudential Indicator: Proportion of financing costs to net revenue stream — "
                        "Proportion of net revenue stream — 2023-24 actual: 8.17; 2024-25 forecast: 7.41; "
                        "2025-26 budget: 6.78; 2026-27 budget: 6.35",))
    answer = compose(read("What proportion of the net revenue stream are financing costs in the 2025-26 budget?"),
                     [Passage(chunk=table, score=1.0)])
    assert answer.found and "6.78" in answer.answer
