"""Each spelling rule councils need folded for lexical matching, applied to papers and questions alike."""
from __future__ import annotations

import pytest

from assistant.text.normalise import financial_year, fold_numbers, stem, tokens, year_matches, years_in


@pytest.mark.parametrize("text", ["2014/15", "2014-15", "2014/2015", "2014 / 15", "2014\u201315", "14/15"])
def test_financial_years_fold_to_one_form(text):
    assert fold_numbers(f"spend in {text}") == "spend in fy2014_15"


def test_a_span_of_years_is_not_a_financial_year():
    assert financial_year("2014", "2020") is None
    assert "fy" not in fold_numbers("the plan for 2014-2020")


def test_a_date_is_not_a_short_financial_year():
    assert "fy" not in fold_numbers("on 10/11/15")


@pytest.mark.parametrize("text", ["£8.3m", "£8.3 m", "8.3 million", "£8.30m", "£8.3 mn"])
def test_money_folds_to_one_form(text):
    assert tokens(f"agency spend {text}") == ["agency", "spend", "8.3m"]


def test_thousands_and_other_units():
    assert fold_numbers("£2,000") == "£2000"
    assert tokens("£2,000") == tokens("2000")
    assert tokens("£1.2bn") == tokens("1.2 billion") == ["1.2b"]
    assert tokens("£40k") == tokens("40 thousand") == ["40k"]


@pytest.mark.parametrize("text", ["Cllr Smith", "Cllr. Smith", "cllrs Smith", "Councillor Smith"])
def test_cllr_is_councillor(text):
    assert tokens(text) == ["councillor", "smith"]


def test_question_and_paper_meet():
    paper = "Children Services Agency Spend in — Actual — 2014/15: £8.3 m"
    question = "what was agency spend in 2014-2015, £8.3 million?"
    assert {"fy2014_15", "8.3m", "agency", "spend"} <= set(tokens(paper)) & set(tokens(question))


def test_a_possessive_meets_the_plain_word():
    assert tokens("Kent's highways and the council's reserves") == tokens("Kent highways and council reserves")


def test_an_acronyms_plural_meets_its_singular():
    assert tokens("How many KPIs were red") == tokens("how many KPI were red")
    assert tokens("EHCPs issued by GPs") == ["ehcp", "issu", "gp"]
    assert tokens("NHS Ms Smith") == ["nhs", "ms", "smith"]  # no plural, nor a title


def test_stopwords_and_stems():
    assert tokens("what were the placements of the carers") == ["placement", "carer"]
    assert "what" in tokens("what", keep_stopwords=True)
    assert stem("carers") == stem("carer") and stem("placements") == stem("placement")
    assert stem("status") == "status" and stem("process") == "process"


def test_years_in_names_both_calendar_years_of_a_financial_year():
    assert years_in("spend in 2014/15") == {"fy2014_15", "2014", "2015"}
    assert years_in("in March 2016") == {"2016"}
    assert years_in("no year here") == set()


@pytest.mark.parametrize("text, folded", [
    ("Cllr Smith", "councillor smith"),
    ("April 2014 to March 2015", "fy2014_15"),
    ("spend in 2014/15 and 14/15", "spend in fy2014_15 and fy2014_15"),
    ("2014 – 2015", "fy2014_15"),
    ("£2,000 and £8.3 million", "£2000 and 8.3m"),
    ("no figures at all", "no figures at all"),
])
def test_each_rewrite_still_applies_where_its_key_text_occurs(text, folded):
    assert fold_numbers(text) == folded


def test_a_financial_year_is_met_by_a_meeting_during_it_or_in_the_year_it_ends():
    q = "Why did an adoption placement disrupt in 2011/12?"
    assert year_matches(q, "One of the adopters could not adjust.", "2012")  # the 2011/12 annual report, in 2012
    assert year_matches(q, "One of the adopters could not adjust.", "2011")
    assert not year_matches(q, "One of the adopters could not adjust.", "2013")
    assert not year_matches(q, "In 2012/13 one placement disrupted.", "2012")  # names another year


@pytest.mark.parametrize("text, years", [
    ("a payment of £2,000 and then £1,000 per annum", set()),
    ("spend rose 2010% on 2019.5 units", set()),
    ("In 2015 the target for 2014/15 was met", {"2015", "fy2014_15", "2014"}),
])
def test_sums_of_money_are_not_years(text, years):
    assert years_in(text) == years


@pytest.mark.parametrize("text, folded", [
    ("Status Dec-23 Mar-24 Sep-24", "status december 2023 march 2024 september 2024"),
    ("at Dec 24 and Mar '25", "at december 2024 and march 2025"),
    ("Nov-2024", "november 2024"),
    ("it may 10 times", "it may 10 times"),  # "may" the verb
    ("on 24 May 2024", "on 24 may 2024"),
    ("at 10 Mar 12:30", "at 10 mar 12:30"),
    ("Decision-25", "decision-25"),
])
def test_a_month_and_two_digit_year_is_read_as_that_month(text, folded):
    """Performance tables head their columns "Dec-24"; a question says "December 2024"."""
    assert fold_numbers(text) == folded


def test_a_month_column_names_its_year():
    from assistant.text.normalise import named_years

    assert named_years("Dec-24") == (set(), {"2024"})


@pytest.mark.parametrize("text", ["October to December 2024", "Oct-Dec 2024", "Q3 2024/25", "Quarter 3 2024-25"])
def test_a_quarter_named_by_its_months_is_that_quarter_of_the_financial_year(text):
    assert tokens(text) == ["quarter", "3", "fy2024_25"]


def test_the_last_quarter_belongs_to_the_year_before():
    assert tokens("January to March 2025") == ["quarter", "4", "fy2024_25"]
    assert tokens("October to March 2025") == ["october", "march", "2025"]  # two quarters: left as written


def test_a_date_written_with_dots_or_slashes_names_its_year():
    from assistant.text.normalise import fold_numbers, named_years

    assert fold_numbers("31.3.27 Forecast") == "31 march 2027 forecast"
    assert named_years("Value in accounts as at 31.03.2024") == (set(), {"2024"})
    assert named_years("30/09/2024 balance") == (set(), {"2024"})
    # paragraph numbers stay as they are: "5.1.1", and "1.3.24" (which could be either)
    assert fold_numbers("5.1.1 The budget") == "5.1.1 the budget" and fold_numbers("1.3.24 x") == "1.3.24 x"
