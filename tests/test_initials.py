"""A body asked about by its initials ("SB2") is read as its name; a word the papers use is left alone."""
from __future__ import annotations

from assistant.text.initials import expand, initials_of

NAMES = ["Education and Children's Services Scrutiny Board (2)", "Corporate Parenting Panel", "County Council",
         "Cabinet Member (Children and Young People)"]


def test_initials_of_a_names_last_words_with_its_number():
    table = initials_of(NAMES)
    assert table["SB2"] == "Scrutiny Board (2)"
    assert table["ECSSB2"] == "Education and Children's Services Scrutiny Board (2)"
    assert table["CPP"] == "Corporate Parenting Panel"
    assert table["CYP"] == "Children and Young People"  # the bracket's own words, its bracket dropped
    assert "CC" not in table and "PP" not in table  # two letters and no number stand for too much


def test_initials_two_names_share_are_left_out():
    table = initials_of(["Scrutiny Board (2)", "Safeguarding Board (2)"])
    assert "SB2" not in table


def test_a_question_reads_the_initials_as_the_name():
    table = initials_of(NAMES)
    said = expand("What did SB2 recommend on 28 November 2019, and what did the CPP note?", table, lambda w: False)
    assert said == ("What did Scrutiny Board (2) recommend on 28 November 2019, and what did the "
                    "Corporate Parenting Panel note?")
    assert expand("what did sb2 resolve", table, lambda w: False) == "what did Scrutiny Board (2) resolve"


def test_initials_the_papers_use_and_ordinary_words_are_left_alone():
    table = initials_of(NAMES)
    assert expand("What did the CPP note?", table, lambda w: w.lower() == "cpp") == "What did the CPP note?"
    assert expand("the cpp budget", table, lambda w: False) == "the cpp budget"  # lower case, no number: a word


def test_a_section_of_an_act_written_out():
    from assistant.text.abbreviations import sections

    unknown = lambda word: False  # noqa: E731
    assert sections("How big is the deficit in the s25 statement?", unknown) == \
        "How big is the deficit in the section 25 statement?"
    assert sections("S106 contributions and a s.114 notice", unknown) == "section 106 contributions and a section 114 notice"
    for kept in ("KS2 results", "the Council's 25 wards", "Mrs Smith s 25", "the 5s team"):
        assert sections(kept, unknown) == kept
    assert sections("the s25 statement", lambda word: word == "s25") == "the s25 statement"  # the papers' own form
