"""Document metadata: meeting dates, committees, document types and the parts of a pack."""
from __future__ import annotations

import pytest
from conftest import PACK_NAME, write_pack

from assistant.papers.ingest import read_pages
from assistant.papers.parts import segments
from assistant.papers.structure import (
    committee_of,
    describe,
    doc_type_of,
    file_date,
    front_sheet_date,
    minutes_date,
)
from assistant.records import Page

MINUTES_HEAD = "Minutes of the Meeting of the Cabinet held at 2.00 pm on Thursday, 5 November 2015"


@pytest.fixture(scope="module")
def pack_pages(tmp_path_factory):
    return read_pages(write_pack(tmp_path_factory.mktemp("structure")))


def test_pack_metadata(pack_pages):
    meta = describe(PACK_NAME, pack_pages)
    assert meta == {"title": PACK_NAME[:-4], "committee": "Test Scrutiny Board", "meeting_date": "2015-12-10",
                    "doc_type": "pack"}


def test_meeting_date_from_front_sheet_when_the_name_has_none(pack_pages):
    meta = describe("frontsheet.pdf", pack_pages)
    assert meta["meeting_date"] == "2015-12-10"
    assert meta["doc_type"] != "minutes"  # its item list names "Minutes of the Previous Meeting"
    assert front_sheet_date("Cabinet\n2.00 pm on Thursday, 10th December, 2015\nPlace") == "2015-12-10"


def test_a_date_in_the_body_is_not_a_meeting_date():
    # no time, no Date:/To: line: the date is about something else
    assert front_sheet_date("Cabinet\nThe plan runs to 31 March 2017.") is None


def test_minutes_date_from_heading():
    pages = [Page(1, MINUTES_HEAD + "\nPresent: Councillor A Smith")]
    meta = describe("Minutes 10th-Dec-2015 Cabinet.pdf", pages)
    assert meta["doc_type"] == "minutes"
    assert meta["meeting_date"] == "2015-11-05"  # the meeting the minutes record, not the file's date
    assert minutes_date("Minutes of a special meeting of the Board held on 3rd March 2014") == "2014-03-03"


def test_file_name_date_and_committee():
    name = "Public reports pack 10th-Dec-2015 14.00 Some Board.pdf"
    assert file_date(name) == "2015-12-10"
    assert committee_of(name) == "Some Board"
    assert describe(name, [Page(1, "No date on this page")])["meeting_date"] == "2015-12-10"


@pytest.mark.parametrize("name, expected", [
    ("Agenda 10.12.24.pdf", "2024-12-10"),
    ("Minutes 5th November 2015.pdf", "2015-11-05"),
    ("cabinet/2025-01-30/x.pdf", "2025-01-30"),
    ("report.pdf", None),
])
def test_file_dates(name, expected):
    assert file_date(name) == expected


def test_kent_style_folder():
    meta = describe("cabinet/2025-01-30/x.pdf", [Page(1, "Decision on school transport")])
    assert meta["meeting_date"] == "2025-01-30"
    assert meta["committee"] == "Cabinet"
    assert meta["title"] == "x"


@pytest.mark.parametrize("name, kind", [
    ("Public reports pack 10th-Dec-2015 14.00 Some Board.pdf", "pack"),
    ("Briefing note 14th-Feb-2019 Sign off of the Final Plan.pdf", "briefing note"),
    ("Printed minutes 05th-Nov-2015 14.00 Some Board.pdf", "minutes"),
    ("Agenda frontsheet 10th-Dec-2015 14.00 Some Board.pdf", "agenda"),
    ("Appendix 2 EqIA.pdf", "appendix"),
    ("Questions to Cabinet Members.pdf", "questions"),
    ("Record of Decision 123.pdf", "decision"),
    ("Amendments to the budget.pdf", "amendment"),
    ("Agency spend update.pdf", "report"),
])
def test_doc_types_from_names(name, kind):
    assert doc_type_of(name) == kind


def test_doc_type_from_first_page_when_the_name_says_nothing():
    assert doc_type_of("item 4.pdf", "Briefing note\nTo: Cabinet") == "briefing note"


def test_pack_parts_carry_their_own_dates(pack_pages):
    meta = describe(PACK_NAME, pack_pages)
    segs = segments(pack_pages, meta)
    kinds = [(s.page, s.doc_type, s.meeting_date) for s in segs]
    assert kinds == [(1, "agenda", "2015-12-10"), (2, "minutes", "2015-11-05"),
                     (3, "briefing note", "2015-12-10"), (5, "report", "2015-12-10")]
    assert segs[1].title == "Minutes of Test Scrutiny Board"
    assert segs[2].title == "Children Services Agency Spend"
