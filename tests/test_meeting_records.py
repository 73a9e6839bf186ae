"""Meeting records fact by fact: each declaration and motion with its own page, a place quoted from its
sentence's start, a named person's place in the record, a body the papers hold no minutes of declined,
and `boardqa chat` follow-ups answered from the meeting under discussion (Coventry's and Kent's layouts)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import open_meetings_page, read_meetings, write_pdf

from assistant.answers.meeting_asked import fact_asked
from assistant.answers.meetings import answer_meeting
from assistant.answers.query import read
from assistant.papers import meetings
from assistant.settings import BUNDLED_MODEL, Settings


def _pack(day: str, when: str, held: str, chair: str, place_line: str, resolved: str) -> list[list[str]]:
    """A Coventry pack whose minutes record the meeting before it, held on `held`."""
    return [
        ["Education Scrutiny Board", "Time and Date", f"2.00 pm on Thursday, {day}", "Place",
         "Committee Room 3 - Council House", "Public Business", "1. Apologies and Substitutions",
         f"Membership: Councillors {chair} (Chair), L Bigham and P Seaman"],
        ["Coventry City Council", "Minutes of the Meeting of Education Scrutiny Board",
         f"held at 2.00 pm on Thursday, {held}", "Present:", f"Members: Councillor {chair} (Chair)",
         "Councillor L Bigham", "Councillor M Ali (substitute for Councillor Akhtar)",
         "Employees (by Directorate):", "People A Brennan, J Gregg, K Nelson, Place G Holmes, M Rose",
         "Apologies: Councillors N Akhtar and P Seaman", "Public Business", "1. Declarations of Interests",
         "There were no Disclosable Pecuniary Interests.", "2. School Transition",
         "The Board received a presentation on the transition project.",
         "The Board thanked the school for their presentation detailing their project and for their",
         f"hospitality, as the whole meeting had been held at {place_line}.",
         f"RESOLVED that the Board {resolved}.", "(Meeting closed at 4.00 pm)"],
    ]


PACK_2015 = ("Public reports pack 10th-Dec-2015 14.00 Education Scrutiny Board.pdf",
             _pack("10th December, 2015", "2015-12-10", "5 November 2015", "M Mutton", "President Kennedy School",
                   "recommend that the transition approach be shared with every school"))
PACK_2021 = ("Public reports pack 16th-Sep-2021 10.30 Education Scrutiny Board.pdf",
             _pack("16th September, 2021", "2021-09-16", "24 June 2021", "J Innes", "Hill Farm Academy",
                   "note the refreshed plan for holiday activities"))
KENT_NAME = "Printed minutes 19th-Dec-2024 10.00 County Council.pdf"
KENT_PAGES = [
    ["KENT COUNTY COUNCIL", "COUNTY COUNCIL",
     "MINUTES of a meeting of the County Council held in the Council Chamber,",
     "Sessions House, County Hall, Maidstone on Thursday, 19 December 2024.",
     "PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman), Mr N Baker,",
     "Mr P V Barrington-King, Mr P Bartlett, Mr D Beaney, Mrs R Binks, Mr T Bond, Mr A Booth,",
     "Mr A Brady, Mr D L Brazier, Mr C Broadley, Mr S R Campkin, Mr T Cannon, Miss S J Carey,",
     "Mrs S Chandler, Mr D Jeffrey, Mr H Rayner, Mr D Robey and Mr R G Streatfeild, MBE",
     "IN ATTENDANCE: Mr J Cook (Democratic Services Manager), Mr B Watts (General Counsel) and",
     "Mr J Betts (Interim Corporate Director Finance)", "UNRESTRICTED ITEMS",
     "270.   Apologies for Absence", "(Item 1)",
     "The Democratic Services Manager reported apologies from Mrs C Bell and Mr Webb.",
     "The Chairman reported apologies from Mr Cooke.",
     "Ms Grehan had given her formal apologies but was attending the meeting virtually.",
     "271.   Declarations of Disclosable Pecuniary Interests", "(Item 2)",
     "1) Mrs Chandler and Mr Rayner declared a pecuniary interest in item 12 - Motion for Time",
     "Limited Debate 3 - and would not participate in the debate or vote."],
    ["2) Mr Streatfield declared an interest in item 6 - Questions - that he was a",
     "trustee of an independent special school in Sevenoaks.",
     "278.   Local Transport Plan", "(Item 9)",
     "1) Mr Baker proposed, and Mr Robey seconded the motion that",
     "\"County Council is asked to approve and adopt Local Transport Plan 5.\"",
     "2) RESOLVED that the Local Transport Plan be adopted.",
     "279.   Section 25 Report", "(Item 10)",
     "1) Mr Jeffrey proposed, and Mr Rayner seconded the motion that:",
     "\"County Council is asked to note the section 25 assurance statement.\"",
     "2) RESOLVED that the statement be noted.",
     "281.   Motions for Time Limited Debate", "(Item 12)", "Motion for Time Limited Debate 2 - Electoral Reform",
     "1) Mr Streatfeild proposed, and Mr Hook seconded the motion that", "\"This Council notes public trust.\"",
     "Motion for Time Limited Debate 3 - Family Farm Tax",
     "5) Mr Meade proposed, and Mr Cannon seconded the motion that", "\"The County Council resolves;",
     "1.    To declare our solidarity with the farmers of Kent.\""],
]



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("meeting_records")
    for name, pages in (PACK_2015, PACK_2021):
        write_pdf(folder / name, pages)
    write_pdf(folder / KENT_NAME, KENT_PAGES, stamp=False)
    return folder


@pytest.fixture(scope="module")
def records(corpus) -> list[meetings.Meeting]:
    return read_meetings(corpus)


def _on(records, day: str) -> meetings.Meeting:
    return next(m for m in records if m.meeting_date == day)


def test_the_place_is_quoted_from_its_sentence_s_start(records):
    place = _on(records, "2015-11-05").place
    assert place.value == "President Kennedy School" and place.page == 2
    assert place.quote.startswith("The Board thanked the school for their presentation")


def test_each_declaration_and_motion_keeps_the_page_it_is_printed_on(records):
    m = _on(records, "2024-12-19")
    who = {i["who"]: i["page"] for i in m.interests.value}
    assert who == {"Mrs Chandler and Mr Rayner": 1, "Mr Streatfield": 2}  # the names as printed, both declarers
    moved = [(x["proposer"], x["seconder"], x["title"], x["page"]) for x in m.motions.value]
    assert moved[:2] == [("Mr Baker", "Mr Robey", "Local Transport Plan", 2),
                         ("Mr Jeffrey", "Mr Rayner", "Section 25 Report", 2)]
    # one item holding several motions: each keeps the heading printed above it, and its words past "1."
    assert [x["heading"] for x in m.motions.value[2:]] == ["Motion for Time Limited Debate 2 - Electoral Reform",
                                                          "Motion for Time Limited Debate 3 - Family Farm Tax"]
    assert "solidarity with the farmers" in m.motions.value[3]["text"]
    # the answer on one member's declaration cites the page it is printed on, under the paper's spelling
    a = answer_meeting(read("What was Mr Streatfeild's declared interest at the 19 December 2024 County Council?"),
                       records, [])
    assert a.found and a.answer.startswith("Mr Streatfield declared an interest (item 6 - Questions")
    assert [c.page for c in a.citations] == [2] and "Chandler" not in a.answer


def test_who_proposed_or_seconded_a_motion_is_read_from_the_motion_asked_about(records):
    assert fact_asked("Who seconded Mr Jeffrey's Section 25 motion?") == "motions"
    a = answer_meeting(read("Who seconded Mr Jeffrey's Section 25 motion at the December 2024 County Council?"),
                       records, [])
    assert a.answer.startswith("Mr Jeffrey proposed and Mr Rayner seconded the motion on Section 25 Report")
    a = answer_meeting(read("who proposed the local transport plan motion on 19 December 2024"), records, [])
    assert a.answer.startswith("Mr Baker proposed and Mr Robey seconded") and a.citations[0].page == 2
    a = answer_meeting(read("who seconded the motion on the family farm tax?"), records, [])
    assert a.answer.startswith("Mr Meade proposed and Mr Cannon seconded the motion on Motions for Time Limited "
                               "Debate (minute 281), Motion for Time Limited Debate 3 - Family Farm Tax at the meeting")
    assert answer_meeting(read("Who proposed the motion on bus fares at the 19 December 2024 council?"),
                          records, []) is None  # no motion holds the question's words: the loose text is searched


def test_a_named_person_is_answered_with_their_place_in_the_record(records):
    assert fact_asked("Was Mrs Bell at the 19 December 2024 County Council?") == "attended"
    assert fact_asked("did cllr bigham make it to the 5 November 2015 scrutiny board") == "attended"
    a = answer_meeting(read("Was Mrs Bell at the 19 December 2024 County Council?"), records, [])
    assert a.answer.startswith("Mrs C Bell sent apologies for the meeting of 19 December 2024")
    a = answer_meeting(read("did cllr bigham make it to the 5 November 2015 scrutiny board"), records, [])
    assert a.answer.startswith("Councillor L Bigham was present at the meeting of 5 November 2015")
    a = answer_meeting(read("Was Councillor Ali at the 5 November 2015 scrutiny board?"), records, [])
    assert a.answer.startswith("Councillor M Ali attended as a substitute at the meeting of 5 November 2015 "
                               "(for Councillor Akhtar)")
    # in a long list the quote is cut to the part naming the person, in the paper's words
    a = answer_meeting(read("Was Mr Robey at the 19 December 2024 County Council?"), records, [])
    assert a.answer.startswith("Mr D Robey was present") and "… " in a.answer and "Robey" in a.citations[0].quote
    a = answer_meeting(read("Was Councillor Gittins at the 5 November 2015 scrutiny board?"), records, [])
    assert "not named among those present" in a.answer


def test_who_attended_virtually_and_a_list_picked_out_by_the_question_s_words(records):
    m = _on(records, "2024-12-19")
    assert m.officers_virtual.value == ["Ms Grehan"]  # she gave apologies but attended virtually
    a = answer_meeting(read("Was Ms Grehan at the 19 December 2024 County Council?"), records, [])
    assert a.answer.startswith("Ms Grehan attended virtually at the meeting of 19 December 2024")
    a = answer_meeting(read("Which Finance officers attended the 19 December 2024 County Council?"), records, [])
    assert a.answer.startswith("Mr J Betts (Interim Corporate Director Finance) attended the meeting of 19 December")
    a = answer_meeting(read("Which officers attended the 19 December 2024 County Council?"), records, [])
    assert "Mr J Cook" in a.answer and "Mr B Watts" in a.answer  # the body's own name picks out nobody


def test_apologies_in_two_sentences_and_names_under_a_directorate_heading(records):
    dec = _on(records, "2024-12-19").apologies
    assert dec.value == ["Mrs C Bell", "Mr Webb", "Mr Cooke"] and "The Chairman reported" in dec.quote
    officers = _on(records, "2015-11-05").officers.value
    assert officers == ["A Brennan, People", "J Gregg, People", "K Nelson, People", "G Holmes, Place", "M Rose, Place"]


def test_minutes_facts_of_a_body_the_papers_hold_no_minutes_of_are_declined(records):
    a = answer_meeting(read("Who sent apologies to the Health and Wellbeing Board in 2019?"), records, [])
    assert not a.found and a.answer.startswith("The papers hold no minutes of a meeting of the Health and Wellbeing "
                                               "Board, so they do not record who sent apologies")
    # who chairs a body is not only in minutes: the loose text may say, so the records leave it alone
    assert answer_meeting(read("Who chairs the Health and Wellbeing Board?"), records, []) is None


@pytest.fixture(scope="module")
def index(tmp_path_factory, corpus) -> Path:
    from assistant.indexing.build import build

    s = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("meeting_records_index"), model=BUNDLED_MODEL)
    build([corpus], s, workers=1)  # the bundled model: `boardqa chat` embeds questions with it
    return s.index_dir


def test_chat_follow_ups_are_answered_from_the_meeting_under_discussion(index, monkeypatch):
    from assistant.cli import main

    monkeypatch.setenv("BOARDQA_MODEL", BUNDLED_MODEL)
    turns = ["who chaired the education scrutiny board in 2021?", "and in 2015?", "where was that meeting held?",
             "who chaired it?", "what did they resolve?", "was councillor seaman there?", ""]
    run = CliRunner().invoke(main, ["chat", "--index-dir", str(index)], input="\n".join(turns) + "\n")
    assert run.exit_code == 0, run.output
    said = run.output.split("you> ")[1:]  # what each turn printed, in order
    assert "Councillor J Innes chaired the meeting of 24 June 2021" in said[0]
    assert "Councillor M Mutton chaired the meeting of 5 November 2015" in said[1]  # "and in 2015?"
    assert "The meeting of 5 November 2015 was held at President Kennedy School" in said[2]  # not Hill Farm Academy
    assert "Councillor M Mutton chaired the meeting of 5 November 2015" in said[3]  # "who chaired it?"
    assert "transition approach be shared" in said[4] and "holiday activities" not in said[4]
    assert "Councillor P Seaman sent apologies for the meeting of 5 November 2015" in said[5]


def test_the_meetings_page_lists_each_motion_with_its_movers(index, corpus, monkeypatch):
    pytest.importorskip("streamlit")
    at = open_meetings_page(monkeypatch, index, corpus, "19 December 2024 · County Council")
    shown = "\n".join(x.value for x in at.markdown)
    assert "Mr Baker proposed, Mr Robey seconded: Local Transport Plan" in shown
    assert "Family Farm Tax" in shown


def test_how_a_motion_or_amendment_fared_is_read_from_the_minutes():
    from assistant.papers import motions
    from assistant.papers.minutes import Line

    printed = ["284.   Revenue Budget 2025-26", "(Item 5)",
               "(16) Mr Gough proposed, and Mr Oakford seconded the motion that the budget be agreed.",
               "(17) Mr Streatfeild proposed, and Mr Hook seconded the following amendment:",
               "\"£5.6m to increase the Highways Asset Management/Annual Maintenance capital project.\"",
               "(18) Following debate, the amendment was put to the vote and the voting was as follows:",
               "For (8)", "Mr Chittenden, Mr Hook, Mr Streatfeild", "Against (40)", "Mr Baker, Mr Brady",
               "Abstain (10)", "Mr Lehmann, Ms Meade", "Amendment lost.",
               "(26) The substantive motion was put to the vote:", "For (41)", "Against (10)", "Abstain (7)",
               "Substantive Motion Carried."]
    moved = motions.read([Line(1 + n // 10, t) for n, t in enumerate(printed)])
    assert [(x["kind"], x.get("result"), x.get("votes")) for x in moved] == [
        ("motion", "carried", {"for": 41, "against": 10, "abstain": 7}),  # printed after its amendment's outcome
        ("amendment", "lost", {"for": 8, "against": 40, "abstain": 10})]
    assert moved[0]["result_quote"] == "For (41) … Against (10) … Abstain (7) … Substantive Motion Carried."
    assert moved[1]["result_quote"] == "For (8) … Against (40) … Abstain (10) … Amendment lost."
    assert moved[1]["result_page"] == 2
    # an amendment quoted in full keeps its own numbered points, up to its closing quote
    [quoted] = motions.read([Line(8, t) for t in (
        "21) Mr Passmore proposed and Mr Hook seconded the following amendment: \u201cCounty Council is asked to:",
        "(1) Endorse the ongoing joint work", "(2) Recommend expressing an interest in devolution, making clear that:",
        "i. Kent prioritises getting the right outcome even if that takes longer.\u201d",
        "22) Following the debate, the amendment was put to the vote:", "For (13)", "Against (45)", "Amendment lost.")])
    assert "Kent prioritises getting the right outcome" in quoted["text"] and "Following the debate" not in quoted["text"]
    assert (quoted["result"], quoted["votes"]) == ("lost", {"for": 13, "against": 45})
    assert moved[1]["voters"] == {"for": "Mr Chittenden, Mr Hook, Mr Streatfeild", "against": "Mr Baker, Mr Brady",
                                  "abstain": "Mr Lehmann, Ms Meade"}
    from assistant.answers.meeting_asked import voters_asked
    assert voters_asked("Who abstained on adopting Local Transport Plan 5?") == "abstain"
    assert voters_asked("Which members voted against the highways amendment?") == "against"
    assert fact_asked("Who abstained on adopting Local Transport Plan 5 at the 19 December 2024 County Council?") \
        == "motions"
    [moved] = motions.read([Line(9, t) for t in (
        "6. Following the debate, the Leader proposed and Mr Oakford, Deputy Leader",
        "and Cabinet Member for Finance, Corporate and Traded Services, seconded",
        "the above motion that Cabinet.", "1. Agree to submit a request to Government.")])
    assert (moved["proposer"], moved["seconder"], moved["kind"]) == ("the Leader", "Mr Oakford", "motion")
    assert fact_asked("Did the Lib Dem amendment to add £5.6m to highways maintenance pass?") == "motions"
    assert fact_asked("What was the vote on the final budget motion in February 2025?") == "motions"
    assert fact_asked("On 9 January 2025, how did Council vote on the amendment saying Kent prioritises the outcome?") \
        == "motions"
    assert fact_asked("According to the vapes motion agreed by the County Council, what is to be banned?") == ""


def test_the_motion_asked_about_is_the_one_its_item_is_titled_for():
    from assistant.answers.motions import best_motion
    from assistant.papers.meetings import Fact, Meeting

    def entry(item, title, text, votes):
        return {"proposer": "Mr Oakford", "seconder": "Mr Gough", "kind": "motion", "item": item, "title": title,
                "text": text, "page": 3, "result": "carried", "votes": votes}

    council = Meeting("County Council", "2025-02-13", ("minutes.pdf",), motions=Fact([
        entry("290", "Section 25 Report", "that Council notes the report on the robustness of the budget",
              {"for": 57, "against": 0, "abstain": 2}),
        entry("291", "Capital Programme and Revenue Budget 2025-26", "that Council approves the budget",
              {"for": 41, "against": 10, "abstain": 7})], "minutes.pdf", 3, "…"))
    # both motions mention the budget; the one whose item is the budget is "the budget motion"
    _, found = best_motion(read("What was the vote on the final budget motion?"), [council])
    assert found["item"] == "291"
    # how the vote is counted and what the motion is called are not its subject
    _, found = best_motion(read("How many councillors voted for and against the substantive Section 25 motion?"),
                           [council])
    assert found["item"] == "290"
    # a small share of the question, but no other motion comes near: still the one asked about
    council = Meeting("County Council", "2025-02-13", ("minutes.pdf",), motions=Fact([
        dict(entry("291", "Revenue Budget", "to allocate capital to the Highways Asset Management project", {}),
             kind="amendment"),
        dict(entry("291", "Revenue Budget", "to fund a feasibility study into fly tipping", {}), kind="amendment")],
        "minutes.pdf", 3, "…"))
    _, found = best_motion(read("Did the Lib Dem amendment to add 5.6 million to highways maintenance pass?"), [council])
    assert "Highways" in found["text"]
    assert best_motion(read("Did the Green amendment on solar farms and battery storage pass?"), [council]) is None
