"""People at a meeting as the minutes list them: names split and titled as printed, hyphenated names
rejoined over a line break, roles asked for, cabinet members listed as other members, whether a
declarer left the room, and a meeting of a body named with its authority declined."""
from __future__ import annotations


import pytest
from conftest import read_document, write_pdf

from assistant.answers.meeting_asked import fact_asked, role_asked
from assistant.answers.meetings import answer_meeting
from assistant.answers.query import read
from assistant.papers import frontsheet, meetings
from assistant.papers.attendance import names

COVENTRY_NAME = "Public reports pack 16th-Sep-2021 10.30 Test Scrutiny Board.pdf"
COVENTRY_PAGES = [
    ["Test Scrutiny Board", "Time and Date", "10.30 am on Thursday, 16th September, 2021", "Place",
     "DR 1 and 2, Council House, Coventry", "Public Business", "1. Apologies and Substitutions",
     "Membership: Councillors F Abbott, J Innes (Chair), A Tucker (By Invitation) and S Hanson (Co-opted Member)"],
    ["Coventry City Council", "Minutes of the Meeting of Test Scrutiny Board",
     "held at 10.30 am on Thursday, 24 June 2021", "Present:",
     "Members: Councillor J Innes (Chair) Councillor F Abbott Councillor A Tucker",
     "Other Members: Councillor K Sandhu, Cabinet Member for Education and Skills",
     "Employees (by Directorate):",
     "A Coles, Education and Skills J Gregg, Director of Children G Holmes, Law and Governance",
     "P Thomas, Hill School - Head Teacher",
     "Apologies: Councillors N Akhtar, S Bains and", "E Ruane", "K Jones",
     "Public Business", "1. Declarations of Interests",
     "Councillor F Abbott declared an interest in the item regarding holiday food as she was a trustee of a charity.",
     "As this was not a pecuniary interest she remained in the meeting for this item.", "2. Minutes",
     "The Minutes of the meeting held on 11 March 2021 were agreed as a true record.",
     "(Meeting closed at 12.35 pm)"],
]
KENT_NAME = "Printed minutes 13th-Feb-2025 09.30 County Council.pdf"
KENT_PAGES = [["KENT COUNTY COUNCIL", "COUNTY COUNCIL",
               "MINUTES of a meeting of the County Council held in the Council Chamber,",
               "Sessions House, County Hall, Maidstone on Thursday, 13 February 2025.",
               "PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman), Mr N Baker",
               "ALSO PRESENT: Sue Chandler, Cabinet Member for Integrated Children's Services.",
               "UNRESTRICTED ITEMS", "286.   Apologies for Absence", "(Item 1)",
               "The Democratic Services Manager reported apologies from Mr Paul Barrington-",
               "King, Mr Tom Cannon and Mr Derek Crow-", "Brown.",
               "287.   Declarations of Interests", "(Item 2)",
               "Members who were district or borough councillors declared an interest.",
               "288.   Budget", "(Item 3)", "RESOLVED that the budget be approved."]]
KENT_SUMMONS_NAME = "Agenda frontsheet 13th-Mar-2025 10.00 County Council.pdf"
KENT_SUMMONS_PAGES = [["DEMOCRATIC SERVICES", "SESSIONS HOUSE", "MAIDSTONE", "Wednesday, 5 March 2025",
                       "To: All Members of the County Council",
                       "A meeting of the County Council will be held in the Council Chamber, County Hall, Maidstone,",
                       "Kent, ME14 1XQ on Thursday, 13th March, 2025 at 10.00 am to deal with the following business.",
                       "The meeting is scheduled to end by 4.30 pm.", "A G E N D A", "1. Apologies for Absence"]]
KENT_JAN_NAME = "Printed minutes 09th-Jan-2025 10.00 County Council.pdf"
KENT_JAN_PAGES = [["KENT COUNTY COUNCIL", "COUNTY COUNCIL",
                   "MINUTES of a meeting of the County Council held in the Council Chamber,",
                   "Sessions House, County Hall, Maidstone on Thursday, 9 January 2025.",
                   "PRESENT: Mr N Baker, Mr A Brady, Mr G Cooke and Mr R W Gough", "UNRESTRICTED ITEMS",
                   "Election of Chair",
                   "1.      Mr Gough proposed, and Mr Brady seconded that Mr G Cooke be elected",
                   "to Chair the meeting. No other nominations were received.",
                   "283.   Apologies for Absence", "(Item 1)",
                   "The Democratic Services Manager reported apologies from Mr Beaney."]]



@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[meetings.Meeting]:
    folder = tmp_path_factory.mktemp("people")
    write_pdf(folder / COVENTRY_NAME, COVENTRY_PAGES)
    write_pdf(folder / KENT_NAME, KENT_PAGES, stamp=False)
    write_pdf(folder / KENT_JAN_NAME, KENT_JAN_PAGES, stamp=False)
    write_pdf(folder / KENT_SUMMONS_NAME, KENT_SUMMONS_PAGES, stamp=False)
    names_ = (COVENTRY_NAME, KENT_NAME, KENT_JAN_NAME, KENT_SUMMONS_NAME)
    found = [m for name in names_ for m in frontsheet.extract(read_document(folder / name))]
    return meetings.merge(found)


def _on(records: list[meetings.Meeting], day: str) -> meetings.Meeting:
    return next(m for m in records if m.meeting_date == day)


def test_names_keep_the_paper_s_titles_and_split_names_run_together():
    # "Councillors A, B and C" ends at C: the co-opted member on the next line is not made a councillor
    assert names("Councillors N Akhtar, S Bains and\nE Ruane\nK Jones") == [
        "Councillor N Akhtar", "Councillor S Bains", "Councillor E Ruane", "K Jones"]
    assert names("Mr Paul Barrington-\nKing, Mr Tom Cannon") == ["Mr Paul Barrington-King", "Mr Tom Cannon"]
    # a short "name - role" line ended its entry: the line after it is an entry of its own
    assert names("G Banks - Chief Executive Coventry College\nK Allen - Operations Manager Prospects Service\n"
                 "Students from Coventry College") == ["G Banks - Chief Executive Coventry College",
                                                      "K Allen - Operations Manager Prospects Service",
                                                      "Students from Coventry College"]
    assert names("A Coles, Education and Skills J Gregg, Director of Children") == [
        "A Coles, Education and Skills", "J Gregg, Director of Children"]
    assert names("A. Bell (Children Directorate) A. Clarkson (Finance)") == [
        "A. Bell (Children Directorate)", "A. Clarkson (Finance)"]
    assert names("Mr B J Sweetland (Chairman), Mr R C Love, OBE") == ["Mr B J Sweetland (Chairman)", "Mr R C Love, OBE"]


def test_minutes_record_the_names_as_printed(records):
    june = _on(records, "2021-06-24")
    assert june.apologies.value == ["Councillor N Akhtar", "Councillor S Bains", "Councillor E Ruane", "K Jones"]
    assert june.officers.value[:2] == ["A Coles, Education and Skills", "J Gregg, Director of Children"]
    [interest] = june.interests.value
    assert interest["left_room"] is False and "remained in the meeting" in interest["nature"]
    feb = _on(records, "2025-02-13")
    assert feb.apologies.value == ["Mr Paul Barrington-King", "Mr Tom Cannon", "Mr Derek Crow-Brown"]
    assert feb.interests.value[0]["who"] == "Members who were district or borough councillors"


def test_roles_and_proposers_are_read_from_the_question():
    assert fact_asked("Which head teacher attended the 24 June 2021 scrutiny board?") == "role"
    assert role_asked("Which head teacher attended the 24 June 2021 scrutiny board?") == "head teacher"
    assert fact_asked("Which officers attended the June 2021 meeting?") == "officers"
    assert fact_asked("Who proposed Mr Cooke as chair of the 9 January 2025 County Council?") == "chair_elected"
    assert fact_asked("Who proposed the motion on family farm tax?") == "motions"  # read from the motions moved
    assert fact_asked("Who put forward the Greens amendment on community wardens?") == "motions"  # not who asked
    assert fact_asked("Who tabled the Labour amendment to the budget?") == "motions"
    assert fact_asked("Who put the question on potholes to the Leader?") == "asker"
    assert fact_asked("Whom did Councillor J Clifford replace at the November 2019 scrutiny board?") == "substitutes"
    assert fact_asked("What is the policy to replace foster carers?") == ""
    assert fact_asked("what time do apologies for the 10 December 2015 meeting have to be in by?") == "apologies_by"
    assert fact_asked("latest time to send apologies for the 10 Dec 2015 scrutiny meeting?") == "apologies_by"
    assert fact_asked("Who issued the agenda for the 13 March 2025 Cabinet, and what is his phone number?") == "issued"
    assert role_asked("Who represented Coventry College at the 28 November 2019 meeting?") == "coventry college"
    assert fact_asked("Who from Prospects did the Chair welcome in November 2019?") == "role"
    # which Cabinet Member was there, not which one did something there
    assert fact_asked("Which Cabinet Member attended the 5 November 2015 scrutiny board?") == "cabinet_members"
    assert fact_asked("Cabinet members present at the 30 January 2025 Cabinet?") == "cabinet_members"
    assert fact_asked("Which Cabinet Member presented the award at the 30 January 2025 Cabinet?") == ""
    assert role_asked("Who from Prospects did the Chair welcome in November 2019?") == "prospects"
    assert role_asked("Who was the Democratic Services Manager at the 13 March 2025 County Council?") == \
        "democratic services manager"
    assert fact_asked("Who was the chair at the 13 March 2025 County Council?") == "chair"


def test_answers_name_the_role_the_cabinet_member_and_whether_they_stayed(records):
    a = answer_meeting(read("Which head teacher attended the 24 June 2021 scrutiny board?"), records, [])
    assert a.found and a.answer.startswith("P Thomas, Hill School - Head Teacher attended the meeting of 24 June 2021.")
    a = answer_meeting(read("Which cabinet member attended the 24 June 2021 scrutiny board?"), records, [])
    assert a.answer.startswith("Councillor K Sandhu, Cabinet Member for Education and Skills attended")
    a = answer_meeting(read("Which cabinet member was also present at the County Council on 13 February 2025?"),
                       records, [])
    assert a.answer.startswith("Sue Chandler, Cabinet Member for Integrated Children's Services attended")
    a = answer_meeting(read("Did Councillor Abbott leave the room after declaring her interest in June 2021?"),
                       records, [])
    assert "; remained in the meeting)" in a.answer.split("\u201c")[0]
    a = answer_meeting(read("Who sent apologies to the County Council on 13 February 2025?"), records, [])
    assert "Mr Paul Barrington-King" in a.answer.split("\u201c")[0]
    # no role the lists hold: left to the ordinary path
    assert answer_meeting(read("Which architect attended the 24 June 2021 scrutiny board?"), records, []) is None


def test_who_proposed_the_chair_is_read_from_the_election(records):
    a = answer_meeting(read("Who proposed Mr Cooke as chair of the 9 January 2025 County Council?"), records, [])
    assert a.found and a.answer.startswith(
        "Mr Gough proposed and Mr Brady seconded that Mr G Cooke chair the meeting of 9 January 2025.")
    a = answer_meeting(read("Who chaired the County Council on 9 January 2025?"), records, [])
    assert a.answer.startswith("Mr G Cooke chaired the meeting of 9 January 2025.")


def test_a_summons_s_scheduled_end_answers_when_no_closing_time_is_recorded(records):
    march = _on(records, "2025-03-13")
    assert march.scheduled_end.value == "4.30 pm" and march.closed is None
    a = answer_meeting(read("When is the County Council meeting on 13 March 2025 scheduled to end?"), records, [])
    assert a.found and a.answer.startswith("The meeting of 13 March 2025 was scheduled to end by 4.30 pm.")


def test_asked_whom_a_question_was_put_to_or_whether_a_declarer_left():
    assert fact_asked("Who did Mike Whiting ask about Blackburn Lodge?") == "answerer"
    assert fact_asked("Which cabinet member did Richard Streatfeild ask?") == "answerer"
    assert fact_asked("Did Miss Carey leave the chamber at the budget meeting?") == "interests"
    assert fact_asked("Who did the Board thank?") == ""


def test_a_body_named_with_its_authority_is_still_that_body(records):
    a = answer_meeting(read("Who chaired the Kent County Council meeting on 7 November 2024?"), records, [])
    assert not a.found and a.answer.startswith("The papers hold no meeting of the County Council on 7 November 2024")


def test_a_bare_meeting_question_follows_the_meeting_last_quoted():
    from assistant.answers.meetings import follow_up_filters
    from assistant.records import Answer, Citation

    cited = Citation(n=1, source="pack.pdf", page=3, title="pack", meeting_date="2015-11-05", committee="Board")
    resolved = Answer(question="what did they resolve?", found=True, answer="RESOLVED …", citations=(cited,))
    f = follow_up_filters("who sent apologies?", [resolved], None)
    assert (f.date_from, f.date_to) == ("2015-11-05", "2015-11-05")
    # a question asking no meeting fact after an ordinary answer stands alone; so does one naming its year
    assert follow_up_filters("how much was agency spend?", [resolved], None) is None
    assert follow_up_filters("who sent apologies in 2021?", [resolved], None) is None
    undated = Answer(question="q", found=True, answer="a", citations=(Citation(n=1, source="x.pdf", page=1,
                                                                                  title="x", meeting_date=None),))
    assert follow_up_filters("who sent apologies?", [undated], None) is None


CABINET_MEMBER_NAME = "Public reports pack 16th-Oct-2012 14.00 Cabinet Member Test.pdf"
CABINET_MEMBER_PAGES = [
    ["Cabinet Member (Test)", "Time and Date", "2.00 pm on Tuesday, 16th October, 2012", "Place",
     "Committee Room 2 - Council House", "Public Business", "1. Apologies",
     "Membership: Councillors J O'Boyle (Cabinet Member)", "Lara Knight/Usha Patel",
     "Telephone: (024) 7683 3237/3198", "e-mail: lara.knight@coventry.gov.uk usha.patel@coventry.gov.uk"],
    ["Agenda Item 3", "CABINET MEMBER (TEST)", "4th September, 2012", "Cabinet", "Member", "Present:",
     "Councillor O'Boyle", "Apologies: Councillor Kershaw", "Public Business", "10. Declarations of Interest",
     "There were no declarations of interest.", "(The meeting closed at 2.30 p.m.)"],
]


@pytest.fixture(scope="module")
def cabinet_member(tmp_path_factory) -> list[meetings.Meeting]:
    folder = tmp_path_factory.mktemp("cabinet_member")
    write_pdf(folder / CABINET_MEMBER_NAME, CABINET_MEMBER_PAGES)
    return meetings.merge(frontsheet.extract(read_document(folder / CABINET_MEMBER_NAME)))


def test_a_cabinet_member_s_meeting_is_held_by_the_member(cabinet_member):
    a = answer_meeting(read("Who chaired the Cabinet Member meeting on 4 September 2012?"), cabinet_member, [])
    assert a.found and a.answer.startswith("Councillor O'Boyle held the meeting of 4 September 2012 as Cabinet Member")
    assert {m.meeting_date: m.chair.value for m in cabinet_member} == {"2012-09-04": "Councillor O'Boyle", "2012-10-16": "Councillor J O'Boyle"}
    a = answer_meeting(read("What time did the 4 September 2012 meeting close?"), cabinet_member, [])
    assert a.answer.startswith("The meeting of 4 September 2012 closed at 2.30 p.m. \u201c")  # one full stop


def test_every_contact_of_the_front_sheet_s_block_is_a_contact(cabinet_member):
    front = next(m for m in cabinet_member if m.meeting_date == "2012-10-16")
    assert [(c["name"], c["email"]) for c in front.contacts.value] == [
        ("Lara Knight", "lara.knight@coventry.gov.uk"), ("Usha Patel", "usha.patel@coventry.gov.uk")]


def test_a_month_or_year_the_body_did_not_meet_in_is_declined(records):
    a = answer_meeting(read("Who chaired the Test Scrutiny Board in March 2021?"), records, [])
    assert not a.found and a.answer.startswith(
        "The papers hold no meeting of the Test Scrutiny Board in March 2021; the nearest are: Test Scrutiny Board, "
        "24 June 2021")
    a = answer_meeting(read("Who chaired the County Council in 2023?"), records, [])
    assert not a.found and "no meeting of the County Council in 2023" in a.answer
    # a paper dated for the body that month keeps it from being declined
    dated = {("testscrutinyboard", "2021-03-11")}
    assert answer_meeting(read("Who chaired the Test Scrutiny Board in March 2021?"), records, [], dated=dated) is None
    a = answer_meeting(read("Who chaired the Test Scrutiny Board in June 2021?"), records, [])
    assert a.found and a.answer.startswith("Councillor J Innes chaired the meeting of 24 June 2021.")


def test_whom_to_notify_and_a_vice_chair_no_minutes_name(records):
    assert fact_asked("Who do I notify if I can't attend the 9 January 2020 meeting?") == "contacts"
    a = answer_meeting(read("Who was vice-chair of the Test Scrutiny Board in June 2021?"), records, [])
    assert not a.found and a.answer.startswith("The minutes name no vice-chair among the members present")
    a = answer_meeting(read("Who was vice-chairman at the County Council on 13 February 2025?"), records, [])
    assert a.found and a.answer.startswith("Mr A M Ridgers was Vice-Chair")


def test_a_follow_up_naming_another_date_or_month_asks_the_last_question_of_it():
    from assistant.answers.conversation import resolve
    from assistant.records import Answer, Citation

    cited = Citation(n=1, source="x.pdf", page=1, title="x", meeting_date="2025-02-13", committee="County Council")
    where = Answer(question="where was that meeting held?", found=True, answer="…", citations=(cited,),
                   resolved_question="where was the County Council meeting of 2025-02-13 meeting held?")
    assert resolve("and on 13 March 2025?", [where]) == "where was the County Council meeting of 13 March 2025 meeting held?"
    chaired = Answer(question="who chaired the cabinet in january 2025?", found=True, answer="…", citations=(cited,))
    assert resolve("and in march 2025?", [chaired]) == "who chaired the cabinet in march 2025?"
    assert resolve("and in 2015?", [Answer(question="who chaired the board in 2021?", found=True, answer="…")]) == \
        "who chaired the board in 2015?"


def test_agendas_only_say_the_minutes_are_not_in_the_papers(records):
    a = answer_meeting(read("Who chaired the County Council in March 2025?"), records, [])
    assert not a.found and a.answer.startswith("The papers hold the agenda of the County Council meeting of 13 March "
                                               "2025 but not its minutes, so they do not record who chaired it.")


def test_members_picked_out_by_their_printed_mark(records):
    """"The by-invitation members" are those the membership prints "(By Invitation)"; with no mark named,
    the whole membership."""
    a = answer_meeting(read("Who were the by-invitation members of the Test Scrutiny Board for 16 September 2021?"),
                       records, [])
    lead = a.answer.split("\u201c")[0]
    assert a.found and "A Tucker" in lead and "Abbott" not in lead and "Hanson" not in lead
    a = answer_meeting(read("Who are the members of the Test Scrutiny Board for 16 September 2021?"), records, [])
    assert all(n in a.answer.split("\u201c")[0] for n in ("Abbott", "Innes", "Tucker", "Hanson"))


def test_a_role_asked_with_the_organisation_it_came_from(records):
    q = read("Who was the head teacher from Hill School at the 24 June 2021 scrutiny board?")
    a = answer_meeting(q, records, [])
    assert a is not None and a.answer.startswith("P Thomas, Hill School - Head Teacher attended")
