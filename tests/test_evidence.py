"""An answer is withheld when its quotes do not carry what was asked (another year, another body, a target for an outcome), and kept when they do."""
from __future__ import annotations

from assistant.answers.answer import compose
from assistant.answers.evidence import MIN_NAME_WEIGHT, checked, missing_codes, names_asked
from assistant.answers.query import read
from assistant.records import Answer, Chunk, Citation, Passage

COMMON = {"kent", "council", "counti"}  # what every passage of these papers is about


def weight(term: str) -> float:
    """Every term rare enough to count, but the papers' own council, which every passage names."""
    return 1.0 if term in COMMON else 3.0


def passage(lines: list[str], title: str = "Kent County Council Budget Report", meeting_date: str = "2025-02-13") -> Passage:
    chunk = Chunk(id="p1", text="\n".join(lines), source="budget.pdf", title=title, committee="County Council",
                  meeting_date=meeting_date, doc_type="report", page=20, page_end=20)
    return Passage(chunk=chunk, score=1.0)


def ask(question: str, passages: list[Passage]):
    q = read(question, weight)
    return q, checked(q, compose(q, passages))


TAX = passage(["Council tax", "The Band D council tax set for 2025-26 is £1,691.19, an increase of 4.99%."])


def test_a_body_the_question_names_must_be_in_the_evidence():
    q, answer = ask("What Band D council tax has Medway Council set for 2025-26?", [TAX])
    assert not answer.found and "Medway" in answer.answer
    assert answer.passages  # the nearest passages are still listed
    # the same quote answers for the council whose papers these are, by name or by its initials
    assert ask("What Band D council tax has Kent County Council set for 2025-26?", [TAX])[1].found
    assert ask("What Band D council tax has KCC set for 2025-26?", [TAX])[1].found


def test_a_name_every_passage_holds_is_not_asked_for():
    q = read("What is the Band D council tax in Kent for 2025-26?", weight)
    assert "kent" not in names_asked(q) and weight("kent") < MIN_NAME_WEIGHT
    assert ask("What is the Band D council tax in Kent for 2025-26?", [TAX])[1].found


LIBRARIES = ["Library visitors when compared to the previous year – 2017-2018",
             "Holbrooks had 907 visitors and 89 members during the year."]


def quoted(question: str, p: Passage, quote: str) -> Answer:
    """The answer that quotes `quote` from `p` (as a table look-up would), checked."""
    c = p.chunk
    cite = Citation(n=1, source=c.source, page=c.page, title=c.title, meeting_date=c.meeting_date, quote=quote)
    return checked(read(question, weight), Answer(question=question, found=True, answer=f"{quote} [1]",
                                                  passages=(p,), citations=(cite,)))


def test_a_quote_of_another_year_is_not_the_answer_for_the_year_asked():
    row = "Library visitors when compared to the previous year – 2017-2018 — Holbrooks — Visitors: 907"
    p = passage(LIBRARIES, title="Libraries annual report", meeting_date="2020-01-09")
    answer = quoted("How many visitors did Holbrooks library have in 2019-20?", p, row)
    assert not answer.found and "2019/20" in answer.answer and answer.passages == (p,)
    assert quoted("How many visitors did Holbrooks library have in 2017-18?", p, row).found
    # the passage (or its paper) being about the year asked is enough: the table of 2018-19 compared with 2017-18
    about = passage(["Library performance in 2018-19"] + LIBRARIES, title="Libraries annual report")
    assert quoted("How many visitors did Holbrooks library have in 2018-19?", about, row).found
    # a quote that names no year is left to the passage-level checks
    assert quoted("How many visitors did Holbrooks library have in 2019-20?", p, "Holbrooks — Visitors: 907").found


def test_a_calendar_year_is_met_by_the_meeting_the_quote_comes_from():
    p = passage(["The council agreed the plan in 2024-25 terms: carried, 39 for and 19 against."],
                meeting_date="2025-01-09")
    assert ask("How many voted for the plan on 9 January 2025?", [p])[1].found


CAMPAIGN = passage(["Christmas campaign", "Members were asked to help the Christmas Campaign reach the target of £25,000."],
                   title="Corporate Parenting Panel minutes")


def test_a_target_does_not_answer_what_was_spent():
    q, answer = ask("How much did the council spend on the Christmas Campaign?", [CAMPAIGN])
    assert not answer.found and "target" in answer.answer
    # asked for the target itself, the same quote answers
    assert ask("What is the target for the Christmas Campaign?", [CAMPAIGN])[1].found


def test_a_forecast_quoted_without_a_lead_line_does_not_answer_what_the_outturn_was():
    forecast = "The forecast revenue outturn position is an overspend of +£23.3m (excluding schools)."
    p = passage(["Revenue monitoring", forecast], title="Kent County Council Quarter 3 monitoring report", meeting_date="2025-03-04")
    answer = quoted("What was KCC's final revenue outturn overspend for 2024-25?", p, f"\u201c{forecast}\u201d")
    assert not answer.found and "not what happened" in answer.answer
    # a quote that also gives a sum as it happened stands, and asked for the forecast the forecast answers
    spent = "The outturn was an overspend of £19.0m, against the forecast overspend of +£23.3m."
    assert quoted("What was KCC's final revenue outturn overspend for 2024-25?", p, f"\u201c{spent}\u201d").found
    assert quoted("What was the forecast revenue overspend for 2024-25?", p, f"\u201c{forecast}\u201d").found
    # a planned word names the sums after it up to the next sum: "£3.3m spend" is what was spent
    both = "The budget for internal foster carer fees for the last year was £4.4m with £3.3m spend."
    p2 = passage(["Foster carer fees", both], title="Fostering budget", meeting_date="2012-10-16")
    assert quoted("What was the spend on internal foster carer fees last year?", p2, f"\u201c{both}\u201d").found


def test_a_count_of_births_answers_how_many_babies_were_born():
    p = passage(["Births", "The number of births in the county peaked at 18,147 in 2012 and fell to 15,000 by 2023."],
                title="Commissioning Plan for Education Provision")
    answer = ask("How many babies were born in the county in 2012?", [p])[1]
    assert answer.found and "18,147" in answer.answer
    # the counted noun still matters: a count of schools does not say how many babies were born
    other = passage(["Schools", "There were 451 schools in the county in 2012 and 460 in 2023."], title="Schools")
    assert not ask("How many babies were born in the county in 2012?", [other])[1].found


RATES = passage(["Borrowing", "The PWLB 10-year maturity certainty rate stood at 4.83% at 30 September 2024, "
                 "20 years at 5.29% and 30 years at 5.36%."])
POSTCODES = passage(["Admissions by postcode", "There were 307 emergency admissions of children living in the CV6 postcode."])


def test_a_code_or_term_of_years_the_question_qualifies_by_must_be_in_the_evidence():
    q, answer = ask("What was the PWLB 50-year maturity certainty rate at 30 September 2024?", [RATES])
    assert not answer.found and "\u201c50-year\u201d" in answer.answer and answer.passages
    assert ask("What was the PWLB 10-year maturity certainty rate at 30 September 2024?", [RATES])[1].found
    assert ask("What was the PWLB thirty year rate at 30 September 2024?", [RATES])[1].found  # no figure: not checked
    q6, answer = ask("How many admissions were there in the CV6 postcode?", [POSTCODES])
    assert answer.found and missing_codes(q6, answer) == []
    assert missing_codes(read("How many admissions were there in the CV8 postcode?", weight), answer) == ["CV8"]


def test_a_quote_of_another_quarter_is_not_the_answer_for_the_quarter_asked():
    lines = ["Registration services", "In Quarter 3 the service held 1,183 citizenship ceremonies, an increase of 38%."]
    p = passage(lines, title="Quarterly Performance Report Q3 2024/25", meeting_date="2025-03-04")
    row = "In Quarter 3 the service held 1,183 citizenship ceremonies, an increase of 38%."
    answer = quoted("How many citizenship ceremonies were held in Quarter 4 2024-25?", p, row)
    assert not answer.found and "Quarter 4" in answer.answer
    assert quoted("How many citizenship ceremonies were held in Q3 2024-25?", p, row).found
    assert quoted("How many citizenship ceremonies were held in the third quarter?", p, row).found
    # a report of a month in the quarter asked may look back to another quarter: its month says which it is of
    lines = ["Adult social care", "The forecast overspend is now £35.4m, up from £32.5m at Quarter 2."]
    monthly = passage(lines, title="Revenue Budget Monitoring Report November 2024-25", meeting_date="2025-01-30")
    row = "The forecast overspend is now £35.4m, up from £32.5m at Quarter 2."
    assert quoted("How big an overspend was adult social care forecasting at quarter 3 of 2024-25?", monthly, row).found
    assert not quoted("How big an overspend was adult social care forecasting at quarter 1 of 2024-25?", monthly,
                      row).found
    # a passage naming no quarter is left to the other checks
    plain = passage(["Registration services", "The service held 1,183 citizenship ceremonies."])
    assert quoted("How many citizenship ceremonies were held in the fourth quarter?", plain,
                  "The service held 1,183 citizenship ceremonies.").found


def test_a_date_in_the_financial_year_asked_is_that_year():
    p = passage(["Scrutiny Board Work Programme", "13th February 2020 Serious Case Review Rebekah Eaves"],
                title="Work Programme", meeting_date="2020-01-09")
    row = "Work Programme — 13th February 2020 › Serious Case Review — Lead Officer: Rebekah Eaves"
    assert quoted("Who is the lead officer for the Serious Case Review on the 2019/20 work programme?", p, row).found
    # a date in the year after is not in it
    later = passage(["Scrutiny Board Work Programme", "13th February 2021 Serious Case Review Rebekah Eaves"],
                    title="Work Programme", meeting_date="2021-01-09")
    assert not quoted("Who is the lead officer for the Serious Case Review on the 2019/20 work programme?", later,
                      row.replace("2020", "2021")).found


def test_an_answer_of_another_quarter_is_known_as_such():
    from assistant.answers.evidence import of_another_time

    lines = ["Registration services", "In Quarter 3 the service held 1,183 citizenship ceremonies, an increase of 38%."]
    p = passage(lines, title="Quarterly Performance Report Q3 2024/25", meeting_date="2025-03-04")
    row = "In Quarter 3 the service held 1,183 citizenship ceremonies, an increase of 38%."
    q = read("How many citizenship ceremonies were held in Quarter 2 2024-25?", weight)
    answer = compose(q, [p])
    assert answer.found and of_another_time(q, answer)  # the service looks in the other passages for Quarter 2's
    q3 = read("How many citizenship ceremonies were held in Quarter 3 2024-25?", weight)
    assert not of_another_time(q3, compose(q3, [p]))
    assert row in p.chunk.text


def test_initials_of_a_capitalised_name():
    from assistant.answers.evidence import run_initials

    assert {"asch", "kcc"} <= run_initials("Adult Social Care & Health at Kent County Council")
    assert "cyp" in run_initials("Children and Young People")
