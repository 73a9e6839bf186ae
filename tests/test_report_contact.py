"""Whom to contact about a paper: its sign-off block read in the layouts the councils use (a "Report Author:"
label with a line a fact, "Name … Job Title … Contact Details", an unlabelled name above "T:" and "E:"), and a
question about a paper answered from that paper's block, not another's or the meeting's contact officer."""
from __future__ import annotations

import pytest
from buildkit import write_pdf

from assistant.answers.report_contact import asks_contact, person_asked, read_block
from assistant.indexing.build import build
from assistant.settings import BUNDLED_MODEL, Settings

KENT = """11. Contact details
Report Author:
Nick Abrahams
Assistant Director Education - West Kent
Telephone number
03000 410058
Email address
nicholas.abrahams@kent.gov.uk
Relevant Director:
Christine McInnes
Director of Education
Telephone number
03000 418913
Email address
christine.mcinnes@kent.gov.uk"""

COVENTRY = """10.1 Coventry libraries provide an important element of the services available.
Name Peter Barnett
Job Title: Head of Service - Libraries and Migration
Contact Details 02476 972680
18th December 2019."""

UNLABELLED = """12. Recommendation
County Council is asked to endorse this report.
Sangeeta Surana - Pension Fund and Treasury Investments Manager
T: 03000 416738
E: sangeeta.surana@kent.gov.uk
13 March 2025"""


def test_a_sign_off_block_in_each_layout():
    _, people = read_block(KENT)
    assert [(r, p["name"], p["phone"], p["email"]) for r, p in people] == [
        ("report author", "Nick Abrahams", "03000 410058", "nicholas.abrahams@kent.gov.uk"),
        ("relevant director", "Christine McInnes", "03000 418913", "christine.mcinnes@kent.gov.uk")]
    assert people[0][1]["title"] == "Assistant Director Education - West Kent"
    _, people = read_block(COVENTRY)
    assert [(p["name"], p["title"], p["phone"]) for _, p in people] == [
        ("Peter Barnett", "Head of Service - Libraries and Migration", "02476 972680")]
    _, people = read_block(UNLABELLED)
    assert [(p["name"], p["title"], p["phone"], p["email"]) for _, p in people] == [
        ("Sangeeta Surana", "Pension Fund and Treasury Investments Manager", "03000 416738", "sangeeta.surana@kent.gov.uk")]
    # no label and no email: a name, its job title and a telephone close the paper; what follows is not the block
    said, people = read_block("5.1 County Council endorses the attached Pay Policy Statement.\nLouise Gavin\n"
                              "People Strategy Adviser\n03000 416135\nAppendix 1. Pay Policy Statement 2025/26")
    assert [(p["name"], p["title"], p["phone"]) for _, p in people] == [
        ("Louise Gavin", "People Strategy Adviser", "03000 416135")]
    assert "Appendix" not in said
    # a work programme's "Lead Officer" column names people with no way to reach them: no block
    assert read_block("Lead Officer\nSource Outcomes\nReport Cllr Ruane\nJohn Gregg/\nJane Moffat") is None


def test_a_sign_off_block_in_the_other_layouts_kent_uses():
    # bullets, the job title in brackets after the name
    _, people = read_block("Contact details\nReport Author(s)\n• Dave Shipton (Head of Finance Policy, Planning and "
                           "Strategy)\n• 03000 419418\n• dave.shipton@kent.gov.uk\nRelevant Corporate Director:\n"
                           "• John Betts (Interim Corporate Director, Finance)\n• 03000 410066\n• john.betts@kent.gov.uk")
    assert [(r, p["name"], p["title"], p["phone"]) for r, p in people] == [
        ("report author", "Dave Shipton", "Head of Finance Policy, Planning and Strategy", "03000 419418"),
        ("relevant corporate director", "John Betts", "Interim Corporate Director, Finance", "03000 410066")]
    # a report's header table: "job title; name", and everyone's details together further down
    _, people = read_block("Report author Head of Finance Policy, Planning and Strategy; Dave Shipton\n"
                           "Circulated to Cabinet\nClassification Unrestricted\nContact details\n"
                           "Interim Corporate Director Finance John Betts 03000 410 066 john.betts@kent.gov.uk\n"
                           "Head of Finance Operations Cath Head 03000 416 934 cath.head@kent.gov.uk\n"
                           "Head of Finance Policy, Planning and\nStrategy\nDave Shipton 03000 419 418 dave.shipton@kent.gov.uk")
    assert (people[0][0], people[0][1]["name"], people[0][1]["phone"], people[0][1]["email"]) == (
        "report author", "Dave Shipton", "03000 419 418", "dave.shipton@kent.gov.uk")  # his, not the first listed
    # numbered labels, and authors listed by name alone under theirs
    _, people = read_block("6. Relevant Director:\nAmanda Beer, Chief Executive Officer\n7. Report Authors:\n"
                           "David Whittle, Director of Strategy, Policy, Relationships & Corporate Assurance\n"
                           "Ben Watts, General Counsel\n8. Appendices:")
    assert [(r, p["name"], p["title"]) for r, p in people if r == "report author"] == [
        ("report author", "David Whittle", "Director of Strategy, Policy, Relationships & Corporate Assurance"),
        ("report author", "Ben Watts", "General Counsel")]


def test_which_questions_ask_about_a_paper():
    assert asks_contact("Who should I contact about the treasury management mid-year update 2024-25?")
    assert asks_contact("Who is the lead officer for the Minerals and Waste Local Plan report, and what's her number?")
    assert asks_contact("Who wrote the briefing note on libraries?")
    assert asks_contact("Which officer heads the library service and wrote the January 2020 libraries update?")
    assert asks_contact("Who is the contact for the Pay Policy Statement 2025/26 report and what is their number?")
    assert not asks_contact("Who do I contact about the agenda for the 13 March 2025 meeting?")  # the meeting's officer
    assert not asks_contact("What is the contact centre's address?")
    assert asks_contact("email for the Early Help Manager on the Jan 2020 Early Help and Family Hubs briefing note?")
    assert not asks_contact("What is the email for the clerk to the 13 March 2025 meeting?")  # the meeting's officer


PROSE = ("The service reviewed its provision during the year and consulted residents, partners and schools. "
         "The findings were reported to the board together with the options for the coming year. ")


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    from assistant.service import Assistant

    root = tmp_path_factory.mktemp("contacts") / "corpus" / "shire" / "cabinet" / "2025-03-13"
    write_pdf(root / "Treasury Management Mid-Year Update.pdf",
              ["Subject: Treasury Management Mid-Year Update 2024-25\nTreasury management borrowing and investments. "
               + PROSE * 4, PROSE * 3 + "\n" + UNLABELLED])
    write_pdf(root / "Commissioning Plan for Education Provision.pdf",
              ["Subject: Commissioning Plan for Education Provision 2025-29\nSchool places and education provision. "
               + PROSE * 4, PROSE * 3 + "\n" + KENT])
    write_pdf(root / "Ofsted Visit Briefing.pdf",
              ["Subject: Outcome of the Ofsted focused visit\n" + PROSE * 4,
               PROSE * 3 + "\nAuthors: Sonia Watson, Improvement Manager John Gregg, Director of Children's Services\n"
               "Contact details: john.gregg@shire.gov.uk Tel: (02476) 978470 sonia.watson@shire.gov.uk Tel: (02476) 971402"])
    # other papers, so that a person's name is as rare among the chunks as in a council's papers
    topics = ["highways maintenance", "library opening hours", "adult social care", "waste collection", "school transport",
              "youth services", "public health", "planning applications", "council tax", "bus services", "parks"]
    for n, topic in enumerate(topics):
        write_pdf(root / f"Report {n + 1}.pdf", [f"Subject: {topic.title()} update\nAn update on {topic}. " + PROSE * 3,
                                               f"The committee noted the {topic} update. " + PROSE * 3])
    settings = Settings(index_dir=tmp_path_factory.mktemp("cindex"), model=BUNDLED_MODEL)
    build([root.parents[2]], settings, workers=0)
    return Assistant(settings)


def test_whom_to_contact_about_a_paper(bot):
    a = bot.ask("Who should I contact about the treasury management mid-year update?")
    assert a.found and a.answer.startswith("Contact for")
    assert "Sangeeta Surana" in a.answer and "03000 416738" in a.answer and "Nick Abrahams" not in a.answer
    assert a.citations[0].page == 2 and "Treasury" in a.citations[0].source
    a = bot.ask("Who is the report author for the commissioning plan for education provision, and what is his number?")
    assert a.found and "Nick Abrahams" in a.answer and "03000 410058" in a.answer and "Surana" not in a.answer


def test_which_questions_name_a_person_to_reach():
    assert person_asked("What's the phone number for Nick Abrahams on the commissioning plan?") == ["Nick Abrahams"]
    assert person_asked("What is Christine McInnes's email address?") == ["Christine McInnes"]
    assert person_asked("Who is the contact for the agenda, and on what number?") == []  # names no one
    assert person_asked("Who chaired the Cabinet on 13 March?") == []  # asks no telephone or email


def test_a_named_persons_telephone_and_email(bot):
    a = bot.ask("What is the email address for Christine McInnes?")
    assert a.found and a.answer.startswith("Christine McInnes:") and "christine.mcinnes@kent.gov.uk" in a.answer
    assert "03000 418913" in a.answer and "410058" not in a.answer  # hers, not the report author's before her
    a = bot.ask("What's the phone number for Sangeeta Surana?")
    assert a.found and "03000 416738" in a.answer and a.citations[0].page == 2
    # each email with the telephone it is paired with, as the block pairs them (email, then telephone)
    a = bot.ask("What's Sonia Watson's phone number in the Ofsted visit briefing?")
    assert a.found and "(02476) 971402" in a.answer.split("\u201c")[0] and "978470" not in a.answer.split("\u201c")[0]
    a = bot.ask("What's John Gregg's phone number?")
    assert a.found and "(02476) 978470" in a.answer.split("\u201c")[0]
    a = bot.ask("What is the phone number for Margaret Thornbury?")  # no paper names her: not someone else's number
    assert "Margaret Thornbury:" not in a.answer


def test_the_paper_asked_about_is_of_the_meeting_the_question_dates_and_read_to_its_end():
    from assistant.answers.query import read
    from assistant.answers.report_contact import _continued, _paper
    from assistant.records import Chunk, Passage

    def passage(source: str, date: str) -> Passage:
        return Passage(chunk=Chunk(id=source, text="The draft budget.", source=source, title="Draft Revenue Budget 2025-26",
                                   committee="Cabinet", meeting_date=date, doc_type="report", page=1, page_end=1),
                       score=1.0)

    papers = [passage("council/budget.pdf", "2025-02-13"), passage("cabinet/budget.pdf", "2025-01-30")]
    documents = {p.chunk.source: {"title": "Draft Revenue Budget 2025-26", "pages": 4} for p in papers}
    q = read("Who is the report author on the Cabinet 30 January 2025 draft revenue budget report?")
    assert _paper(q, papers, documents)[0].chunk.source == "cabinet/budget.pdf"  # not the better-ranked one of 13 Feb
    # a report's title page read as one part and its body as the next, untitled: the body is the same paper's
    parts = [{"first_page": 3, "last_page": 3, "doc_type": "report", "name": "English Devolution White Paper"},
             {"first_page": 3, "last_page": 10, "doc_type": "report", "name": ""},
             {"first_page": 10, "last_page": 14, "doc_type": "appendix", "name": "Appendix 1"}]
    assert _continued({"parts": parts}, parts[0]) is parts[1]
    assert _continued({"parts": parts}, parts[1]) is None  # an appendix is another paper
