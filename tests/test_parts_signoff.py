"""A report's sign-off block (authors, contributors, approvers) ends where the report says it is published, and
a paper with no heading of its own starts where its agenda title stands as a line."""
from __future__ import annotations

from assistant.papers.parts import segments
from assistant.papers.structure import describe
from assistant.records import Page

NAME = "Public reports pack 09th-Jan-2020 10.00 Education Scrutiny Board.pdf"
PROSE = ("The board received the annual report and noted the progress made by partners over the year, "
         "including the work on early help and on children missing from education.\n")
FRONT = ("Education Scrutiny Board\nTime and Date\n10.00 am on Thursday, 9th January, 2020\nAgenda\n"
         "3. Safeguarding Board Annual Report (Pages 2 - 3)\n4. Work Programme (Pages 3 - 3)\n")
REPORT = ("Agenda Item 3\nPublic report\nEducation Scrutiny Board 9 January 2020\n" + PROSE * 6 +
          "Report author(s)\nName and job title:\n"
          "Enquiries should be directed to the above persons. Jane Smith Interim Business Manager 024 7683 0000\n"
          "Contributor/approver name Title Directorate or organisation Date doc sent out\n"
          "Legal: Ann Lee Legal\nThis report is published on the council's website: www.example.gov.uk\n"
          "Safeguarding Board\nAnnual Report 2018 - 2019\n" + PROSE * 4)
APPENDIX = ("authority partners are expected to report on the effectiveness of safeguarding every year and the "
            "board reviews those reports at its spring meeting.\n" + PROSE * 3 +
            "Contact details: jane.smith@example.gov.uk Tel: (024) 7683 0000\n"
            "Education Scrutiny Board\nScrutiny Work Programme 2019/20\n"
            "20th June 2019 Introduction to the Education Service\n18th July 2019 School places\n")


def _parts():
    pages = [Page(1, FRONT), Page(2, REPORT), Page(3, APPENDIX)]
    return [(s.page, s.doc_type, s.item, s.title) for s in segments(pages, describe(NAME, pages))]


def test_the_sign_off_table_is_part_of_the_report_and_the_attachment_starts_after_it():
    parts = _parts()
    attached = [p for p in parts if p[1] == "appendix"]
    assert len(attached) == 1 and attached[0][0] == 2  # after "This report is published", not at "Enquiries …"
    assert not any(p[0] == 3 and p[1] == "appendix" for p in parts)  # "authority …" is no sign-off


def test_a_paper_without_a_heading_starts_at_its_agenda_title():
    parts = _parts()
    assert (3, "4") in [(p[0], p[2]) for p in parts if "Work Programme" in p[3]]
