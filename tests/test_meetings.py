"""Meeting records from front sheets and minutes in Coventry's and Kent's layouts, questions-and-answers
records, answers from them (and declines), `boardqa meetings`, and checks on the sample corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from buildkit import HashEmbedder
from click.testing import CliRunner
from conftest import read_document, write_pdf

from assistant.answers.meetings import answer_meeting
from assistant.answers.query import read
from assistant.cli import main
from assistant.papers import frontsheet, meetings, questions
from assistant.settings import BUNDLED_MODEL, Settings

COVENTRY_NAME = "Public reports pack 10th-Dec-2015 14.00 Test Scrutiny Board.pdf"
COVENTRY_PAGES = [
    ["Test Scrutiny Board", "Time and Date", "2.00 pm on Thursday, 10th December, 2015", "Place",
     "Committee Room 2 - Council House", "Public Business", "1. Apologies and Substitutions",
     "2. Minutes (Pages 2 - 3)", "a. To agree the minutes of the meeting held on 5th November, 2015",
     "3. Agency Spend (Pages 4 - 4)", "Briefing Note of the Executive Director for People", "Private Business", "Nil",
     "Chris West, Executive Director, Resources, Council House Coventry", "Wednesday, 2 December 2015",
     "Notes: 1) The person to contact about the agenda and documents for this meeting is Michelle Rose,",
     "Governance Services, Council House, Coventry, telephone 7683 3111",
     "2. Members who cannot attend should notify Michelle Rose no later than 1.00 p.m. on 10th December, 2015",
     "Membership: Councillors N Akhtar, S Bains, S Hanson (Co-opted Member), M Mutton (Chair) and P Seaman",
     "e-mail: michelle.rose@coventry.gov.uk"],
    ["Coventry City Council", "Minutes of the Meeting of Test Scrutiny Board",
     "held at 2.00 pm on Thursday, 5 November 2015", "Present:", "Members: Councillor M Mutton (Chair)",
     "Councillor M Ali (substitute for Councillor Akhtar)", "Councillor P Seaman",
     "Co-Opted Members: Mrs S Hanson and Mr R Potter", "Cabinet Member: Councillor D Kershaw",
     "Employees (by Directorate):", "A Brennan, People Directorate", "Y Corden, People Directorate",
     "Invited: I Parry - Centre for Public Scrutiny", "Apologies: Councillors N Akhtar, S Bains and", "E Ruane",
     "Public Business", "27. Declarations of Interests",
     "Councillor P Seaman declared an interest in the item regarding fostering as she was a foster carer.",
     "She left the room for that item.", "28. Minutes",
     "The minutes of the meeting held on 8th October, 2015 were approved."],
    ["29. Agency Spend", "The Board noted the report.", "RESOLVED that the report be noted.",
     "(Meeting closed at 4.00 pm)"],
    ["Agenda Item 3", "Briefing note on agency spend.", "Agency spend was 8.3 million pounds in 2014/15."],
]
KENT_AGENDA_NAME = "Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf"
KENT_AGENDA = [["AGENDA", "CABINET", "Thursday, 30th January, 2025, at 10.00 am Ask for: Georgina Little",
                "Council Chamber, Sessions House,", "County Hall, Maidstone", "Telephone: Tel: 03000 414043",
                "Email: georgina.little@kent.gov.uk", "UNRESTRICTED ITEMS", "1. Apologies",
                "2. Declarations of Interest", "3. Minutes of the Meeting held on 9th January 2025 (Pages 1 - 10)",
                "4. Budget Monitoring Report (Pages 11 - 84)", "EXEMPT ITEMS", "Benjamin Watts", "General Counsel",
                "03000 416814", "Wednesday, 22 January 2025"]]
KENT_MINUTES_NAME = "Printed minutes 13th-Feb-2025 09.30 County Council.pdf"
KENT_MINUTES = [["KENT COUNTY COUNCIL", "COUNTY COUNCIL",
                 "MINUTES of a meeting of the County Council held in the Council Chamber,",
                 "Sessions House, County Hall, Maidstone on Thursday, 13 February 2025.",
                 "PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman),",
                 "Mr N Baker, Mr R C Love, OBE and Miss S J Carey",
                 "IN ATTENDANCE: Mr J Cook (Democratic Services Manager)",
                 "IN ATTENDANCE VIRTUALLY: Mr S Jones (Corporate Director)", "UNRESTRICTED ITEMS",
                 "286.   Apologies for Absence", "(Item 1)",
                 "The Democratic Services Manager reported apologies from Mr Tom Cannon and Mrs Trudy Dean, MBE.",
                 "287.   Declarations of Interests", "(Item 2)",
                 "(1) Miss Carey declared a pecuniary interest that she was a Trustee of the Turner Contemporary",
                 "and would leave the Chamber during any relevant discussions.", "288.   Budget", "(Item 3)",
                 "RESOLVED that the budget be approved."]]
KENT_QUESTIONS_NAME = "Questions put and answers given 13th-Mar-2025 10.00 County Council.pdf"
KENT_QUESTIONS = [["Thursday 13 March 2025", "Question by Mike Sole to Neil Baker,",
                   "Cabinet Member for Highways and Transport", "How many potholes remain unrepaired in Canterbury?",
                   "Answer", "Four hundred potholes are awaiting repair.", "Supplementary",
                   "When will they be repaired?"],
                  ["Thursday 13 March 2025", "Question by Antony Hook to Rob Thomas,", "Cabinet Member for Environment",
                   "What is the fire risk from solar farm batteries near Faversham Creek?", "Answer",
                   "The fire service assesses each battery site."]]



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("meetings_corpus")
    write_pdf(folder / COVENTRY_NAME, COVENTRY_PAGES)
    write_pdf(folder / KENT_AGENDA_NAME, KENT_AGENDA, stamp=False)
    write_pdf(folder / KENT_MINUTES_NAME, KENT_MINUTES, stamp=False)
    write_pdf(folder / KENT_QUESTIONS_NAME, KENT_QUESTIONS, stamp=False)
    return folder


@pytest.fixture(scope="module")
def coventry(corpus) -> dict[str, meetings.Meeting]:
    return {m.meeting_date: m for m in frontsheet.extract(read_document(corpus / COVENTRY_NAME))}


def test_coventry_pack_holds_its_own_meeting_and_the_one_its_minutes_record(coventry):
    assert set(coventry) == {"2015-12-10", "2015-11-05"}
    front = coventry["2015-12-10"]
    assert front.start_time.value == "2.00 pm" and front.place.value == "Committee Room 2 - Council House"
    assert front.place.page == 1 and front.place.source == COVENTRY_NAME
    assert front.contacts.value == [{"name": "Michelle Rose", "phone": "7683 3111",
                                     "email": "michelle.rose@coventry.gov.uk"}]
    assert front.issued.value == {"date": "2015-12-02", "by": "Chris West, Executive Director, Resources, Council House Coventry",
                                  "phone": None}
    assert "10th December, 2015" in front.apologies_by.value
    assert [(a["number"], a["title"], a["printed"], a["author"]) for a in front.agenda] == [
        ("1", "Apologies and Substitutions", None, None), ("2", "Minutes", [2, 3], None),
        ("3", "Agency Spend", [4, 4], "Briefing Note of the Executive Director for People")]
    assert front.agenda[2]["page"] == 4
    assert front.closed is None and front.apologies is None  # the front sheet is silent on these


def test_coventry_minutes_head(coventry):
    m = coventry["2015-11-05"]
    assert m.chair.value == "Councillor M Mutton" and m.chair.quote == "Members: Councillor M Mutton (Chair)"
    assert m.chair.page == 2
    assert m.substitutes.value == [{"name": "Councillor M Ali", "substitute_for": "Councillor Akhtar"}]
    assert m.co_opted.value == ["Mrs S Hanson", "Mr R Potter"]
    assert m.cabinet_members.value == ["Councillor D Kershaw"]
    assert m.officers.value == ["A Brennan, People Directorate", "Y Corden, People Directorate"]
    assert m.invited.value == ["I Parry - Centre for Public Scrutiny"]
    assert m.apologies.value == ["Councillor N Akhtar", "Councillor S Bains", "Councillor E Ruane"]
    assert m.closed.value == "4.00 pm" and m.closed.page == 3
    assert m.start_time.value == "2.00 pm"
    assert m.previous_minutes.value == "8th October, 2015"
    [interest] = m.interests.value
    assert interest["who"] == "Councillor P Seaman" and "fostering" in interest["item"]
    assert m.vice_chair is None and m.place is None


def test_kent_front_sheet_minutes_and_merge(corpus):
    [front] = frontsheet.extract(read_document(corpus / KENT_AGENDA_NAME))
    assert (front.committee, front.meeting_date) == ("Cabinet", "2025-01-30")
    assert front.start_time.value == "10.00 am"
    assert front.place.value == "Council Chamber, Sessions House, County Hall, Maidstone"
    assert front.contacts.value == [{"name": "Georgina Little", "phone": "03000 414043",
                                     "email": "georgina.little@kent.gov.uk"}]
    assert front.issued.value == {"date": "2025-01-22", "by": "Benjamin Watts, General Counsel", "phone": "03000 416814"}
    assert [a["title"] for a in front.agenda][2:] == ["Minutes of the Meeting held on 9th January 2025",
                                                      "Budget Monitoring Report"]
    [m] = frontsheet.extract(read_document(corpus / KENT_MINUTES_NAME))
    assert (m.committee, m.meeting_date) == ("County Council", "2025-02-13")
    assert m.chair.value == "Mr B J Sweetland" and m.vice_chair.value == "Mr A M Ridgers"
    assert [p["name"] for p in m.present.value][-2:] == ["Mr R C Love, OBE", "Miss S J Carey"]
    assert m.officers_virtual.value == ["Mr S Jones (Corporate Director)"]
    assert m.apologies.value == ["Mr Tom Cannon", "Mrs Trudy Dean, MBE"]
    assert m.place.value.startswith("Council Chamber, Sessions House")
    [interest] = m.interests.value
    assert interest["who"] == "Miss Carey" and interest["left_room"] is True
    merged = meetings.merge([front, m, meetings.Meeting.from_json(json.loads(json.dumps(m.to_json())))])
    assert [x.meeting_date for x in merged] == ["2025-01-30", "2025-02-13"]
    assert merged[1] == m  # a second copy of the same minutes adds nothing


def test_kent_questions(corpus):
    doc = read_document(corpus / KENT_QUESTIONS_NAME)
    assert doc.doc_type == "questions"
    first, second = questions.extract(doc)
    assert (first.asker, first.to, first.role) == ("Mike Sole", "Neil Baker", "Cabinet Member for Highways and Transport")
    assert first.answer == "Four hundred potholes are awaiting repair."
    assert first.supplementary == "When will they be repaired?"
    assert (second.asker, second.page, second.supplementary) == ("Antony Hook", 2, None)
    assert questions.Question.from_json(second.to_json()) == second


def _records(corpus):
    found = []
    for name in (COVENTRY_NAME, KENT_AGENDA_NAME, KENT_MINUTES_NAME):
        found += frontsheet.extract(read_document(corpus / name))
    return meetings.merge(found), questions.extract(read_document(corpus / KENT_QUESTIONS_NAME))


def test_answers_name_the_person_first_and_quote_the_line(corpus):
    records, qs = _records(corpus)
    a = answer_meeting(read("Who chaired the 5 November 2015 scrutiny board?"), records, [], qs)
    assert a.found and a.answer.startswith("Councillor M Mutton chaired the meeting of 5 November 2015.")
    assert "\u201cMembers: Councillor M Mutton (Chair)\u201d [1]" in a.answer
    assert a.citations[0].page == 2 and "Councillor M Mutton (Chair)" in a.passages[0].text
    a = answer_meeting(read("Who was vice-chairman at the County Council on 13 February 2025?"), records, [], qs)
    assert a.answer.startswith("Mr A M Ridgers was Vice-Chair")
    a = answer_meeting(read("Who substituted for Councillor Akhtar at the 5 November 2015 meeting?"), records, [], qs)
    assert a.answer.startswith("Councillor M Ali substituted for Councillor Akhtar")
    a = answer_meeting(read("Where is the 10 December 2015 scrutiny board meeting being held?"), records, [], qs)
    assert "Committee Room 2 - Council House" in a.answer.split("\u201c")[0]
    a = answer_meeting(read("Who do I contact about Cabinet agendas?"), records, [], qs)
    assert a.answer.startswith("Georgina Little (telephone 03000 414043")
    a = answer_meeting(read("Who issued the agenda for the 30 January 2025 Cabinet, and what is his number?"),
                       records, [], qs)
    assert a.answer.startswith("The agenda for the meeting of 30 January 2025 was issued on 22 January 2025 by "
                               "Benjamin Watts, General Counsel (telephone 03000 416814).")
    # the agenda's membership names the co-opted members; the pack holds no minutes of 10 December to say who came
    a = answer_meeting(read("Which co-opted members are on the membership for the 10 Dec 2015 scrutiny board?"),
                       records, [], qs)
    assert a.answer.startswith("The co-opted members of the Test Scrutiny Board printed for the meeting of "
                               "10 December 2015: S Hanson (Co-opted Member).")
    a = answer_meeting(read("Who asked about fire risk from solar farm batteries?"), records, [], qs)
    assert a.answer.startswith("Antony Hook asked") and a.citations[0].page == 2
    a = answer_meeting(read("Which Cabinet Member answered Mike Sole's question about potholes?"), records, [], qs)
    assert a.answer.startswith("Neil Baker, Cabinet Member for Highways and Transport, answered")


def test_a_meeting_the_papers_do_not_hold_is_declined(corpus):
    records, qs = _records(corpus)
    a = answer_meeting(read("Who chaired the scrutiny board meeting on 4 April 2018?"), records, [], qs)
    assert not a.found
    assert a.answer.startswith("The papers hold no meeting of the Test Scrutiny Board on 4 April 2018; the nearest")
    # a body the records do not know is left to the ordinary path; a question asking no meeting fact too
    assert answer_meeting(read("Who chaired the Improvement Board in 2015?"), records, [], qs) is None
    assert answer_meeting(read("What was agency spend in 2014/15?"), records, [], qs) is None
    # a kind of meeting no body's name holds ("the planning meeting") is no body's meeting; "the last meeting" is
    assert answer_meeting(read("Who chairs the planning meeting on moving a child to an adoptive home?"), records,
                          [], qs) is None
    a = answer_meeting(read("Who chaired the last scrutiny board meeting?"), records, [], qs)
    assert a is not None and "Mutton" in a.answer


@pytest.fixture(scope="module")
def meetings_index(tmp_path_factory, corpus) -> Settings:
    from assistant.indexing.build import build

    s = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("meetings_index"), model=BUNDLED_MODEL)
    build([corpus], s, workers=1, embedder=HashEmbedder())
    return s


def test_cli_lists_meetings_in_date_order_as_json(meetings_index):
    run = CliRunner().invoke(main, ["meetings", "--json", "--index-dir", str(meetings_index.index_dir)])
    assert run.exit_code == 0, run.output
    out = json.loads(run.stdout)
    assert [(m["meeting_date"], m["committee"]) for m in out] == [
        ("2015-11-05", "Test Scrutiny Board"), ("2015-12-10", "Test Scrutiny Board"),
        ("2025-01-30", "Cabinet"), ("2025-02-13", "County Council")]
    assert out[0]["chair"]["value"] == "Councillor M Mutton" and out[0]["chair"]["page"] == 2
    assert out[0]["vice_chair"] is None and isinstance(out[0]["apologies"]["value"], list)
    run = CliRunner().invoke(main, ["meetings", "--committee", "cabinet", "--from", "2025-01-01",
                                    "--index-dir", str(meetings_index.index_dir)])
    assert run.exit_code == 0 and run.output.startswith("2025-01-30 · Cabinet") and "Georgina Little" in run.output


def test_assistant_answers_meeting_questions_and_follow_ups(meetings_index):
    from assistant.service import Assistant

    bot = Assistant(meetings_index, embedder=HashEmbedder())
    first = bot.ask("Who chaired the 5 November 2015 scrutiny board meeting?")
    assert first.found and first.answer.startswith("Councillor M Mutton chaired")
    follow = bot.ask("what time did it close?", history=[first])
    assert follow.found and follow.answer.startswith("The meeting of 5 November 2015 closed at 4.00 pm")
    bare = bot.ask("who sent apologies?", history=[first])  # no pronoun: still the meeting under discussion
    assert bare.answer.startswith("Apologies for the meeting of 5 November 2015 came from Councillor N Akhtar")
    assert len(bot.index.questions()) == 2
    # two facts asked at once: each read from the record, under one set of citations
    both = bot.ask("Where was the 10 December 2015 scrutiny board meeting held, and at what time did it start?")
    assert "held at Committee Room 2 - Council House" in both.answer and "began at 2.00 pm" in both.answer
    assert [c.n for c in both.citations] == [1]


SAMPLE = Path("/work/shared/corpus/coventry")


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample corpus is not on this machine")
def test_sample_corpus_holds_eight_meetings_with_their_chairs():
    found = []
    for path in sorted(SAMPLE.glob("*.pdf")):
        found += frontsheet.extract(read_document(path))
    records = meetings.merge(found)
    assert len(records) == 8
    chairs = {m.meeting_date: m.chair.value for m in records if m.chair}
    assert chairs["2015-11-05"] == "Councillor M Mutton" and chairs["2019-11-28"] == "Councillor K Sandhu"
    assert chairs["2021-06-24"] == "Councillor J Innes"
    by_date = {m.meeting_date: m for m in records}
    assert by_date["2020-01-09"].place.value == "Committee Room 3 - Council House"
    assert by_date["2012-09-04"].closed.value == "2.30 p.m."


def test_meetings_page_shows_facts_agenda_links_resolutions_and_questions(meetings_index, monkeypatch):
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BOARDQA_INDEX_DIR", str(meetings_index.index_dir))
    monkeypatch.setenv("BOARDQA_CORPUS_DIR", str(meetings_index.corpus_dir))
    monkeypatch.setenv("BOARDQA_MODEL", BUNDLED_MODEL)
    import sys

    # AppTest runs the page as __main__; a parser process spawned later would run it again
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])  # put back at teardown
    page = str(Path(__file__).resolve().parent.parent / "views" / "1_Meetings.py")
    at = AppTest.from_file(page, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(m.value for m in at.markdown)
    assert "**Chair:** Mr B J Sweetland" in shown  # the latest meeting is shown first
    at.selectbox(key="meeting").set_value("5 November 2015 · Test Scrutiny Board").run()
    shown = "\n".join(m.value for m in [*at.markdown, *at.caption])  # each fact, then where it was read
    assert "**Chair:** Councillor M Mutton" in shown and "#page=2)" in shown
    assert "RESOLVED that the report be noted" in shown
    at.selectbox(key="meeting").set_value("10 December 2015 · Test Scrutiny Board").run()  # agenda links
    shown = "\n".join(m.value for m in at.markdown)
    assert "Agency Spend](app/static/papers/" in shown and "#page=4)" in shown
