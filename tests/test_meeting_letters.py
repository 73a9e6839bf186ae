"""Covering letters: papers sent out after the agenda (a supplement, an updated report, the amendments moved) are
read into their meeting's record, and "when were they sent out?" is answered from the letter, not the agenda."""
from __future__ import annotations

import json
from pathlib import Path


import pytest
from conftest import open_meetings_page, read_meetings, write_pdf

from assistant.answers.meeting_asked import fact_asked
from assistant.answers.meetings import answer_meeting
from assistant.answers.query import read
from assistant.papers import meetings
from assistant.settings import BUNDLED_MODEL, Settings

AGENDA = ("Agenda frontsheet 09th-Jan-2025 10.00 County Council.pdf", [[
    "AGENDA", "COUNTY COUNCIL", "Thursday, 9th January, 2025, at 10.00 am Ask for: Joel Cook",
    "Council Chamber, Sessions House, County Hall, Maidstone", "Telephone: 03000 416892",
    "1. Apologies for Absence", "2. Declarations of Interest", "3. English Devolution White Paper",
    "Benjamin Watts", "General Counsel", "03000 416814", "Tuesday, 31 December 2024"]])
SUPPLEMENT = ("Item 3 Supplement - English Devolution White Paper 09th-Jan-2025 10.00 County Council.pdf", [[
    "Direct Dial/Ext: 03000416892", "e-mail: joel.cook@kent.gov.uk", "Date: 7 January 2025", "Dear Member",
    "COUNTY COUNCIL - THURSDAY, 9 JANUARY 2025",
    "Please find enclosed the documents for Item 3 - English Devolution White Paper, which were not",
    "available when the main agenda was first published.", "Agenda Item No",
    "3 English Devolution White Paper (Pages 1 - 18)", "Yours sincerely", "Benjamin Watts", "General Counsel"]])
AMENDMENTS = ("Budget Amendments 13th-Feb-2025 09.30 County Council.pdf", [[
    "Direct Dial/Ext: 03000416892", "e-mail: joel.cook@kent.gov.uk", "Ask for: Joel Cook", "Date: 27 February 2025",
    "Dear Member", "COUNTY COUNCIL - THURSDAY, 13 FEBRUARY 2025",
    "Enclosed are the Budget amendments that were proposed during the meeting on 13 February", "2025.",
    "Yours sincerely", "Benjamin Watts", "General Counsel"]])
CABINET = ("Item 7 - Supplementary - Transfer of the Strengthening Independence Service 30th-Jan-2025 Cabinet.pdf", [[
    "Direct Dial/Ext: 03000414043", "e-mail: Georgina.little@kent.gov.uk", "Ask for: Georgina Little",
    "Date: 29 January 2025", "Dear Member", "CABINET - THURSDAY, 30 JANUARY 2025",
    "I am now able to enclose, for consideration at the meeting of the Cabinet, the following reports.",
    "The report originally published in the Cabinet agenda has been subsequently updated.", "Agenda Item No",
    "7 24/00109 - Transfer the 18-25 section of the Strengthening Independence", "Service (Pages 1 - 20)",
    "Yours sincerely", "Benjamin Watts", "General Counsel"]])
EARLIER = ("24-00096 - PROD 30th-Jan-2025 10.00 Cabinet.pdf", [[  # an earlier letter for the same meeting
    "Direct Dial/Ext: 03000414043", "e-mail: Georgina.little@kent.gov.uk", "Ask for: Georgina Little",
    "Date: 27 January 2025", "Dear Member", "CABINET - THURSDAY, 30 JANUARY 2025",
    "I am now able to enclose the following document that was unavailable when the agenda was published.",
    "Agenda Item No", "9 24/00096 - Commissioning Plan for Education Provision in Kent 2025-29 (Pages 1 - 90)",
    "Yours sincerely", "Benjamin Watts", "General Counsel"]])
NOT_A_LETTER = ("Report 13th-Feb-2025 09.30 County Council.pdf", [[
    "Date: 13 February 2025", "Report of the Cabinet Member", "Dear reader, this report is not addressed to members.",
    "1. Introduction", "The Council is asked to note the report."]])



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    for name, pages in (AGENDA, SUPPLEMENT, AMENDMENTS, CABINET, EARLIER, NOT_A_LETTER):
        write_pdf(folder / name, pages, stamp=False)
    return folder


@pytest.fixture(scope="module")
def records(corpus) -> list[meetings.Meeting]:
    return read_meetings(corpus)


def _on(records, day: str) -> meetings.Meeting:
    return next(m for m in records if m.meeting_date == day)


def test_a_covering_letter_is_read_into_its_meeting_s_record(records):
    january = _on(records, "2025-01-09")
    assert january.issued.value["date"] == "2024-12-31"  # the agenda's own date stays the agenda's
    (letter,) = january.letters.value
    assert letter["date"] == "2025-01-07" and letter["source"] == SUPPLEMENT[0] and letter["page"] == 1
    assert letter["items"] == [{"number": "3", "title": "English Devolution White Paper"}]
    assert letter["by"] == "Benjamin Watts, General Counsel"
    assert (letter["phone"], letter["email"], letter["ask_for"]) == ("03000416892", "joel.cook@kent.gov.uk", None)
    (amendments,) = _on(records, "2025-02-13").letters.value
    assert amendments["ask_for"] == "Joel Cook" and amendments["date"] == "2025-02-27" and amendments["items"] == []
    assert amendments["about"].startswith("Enclosed are the Budget amendments")
    cabinet = next(x for x in _on(records, "2025-01-30").letters.value if x["source"] == CABINET[0])
    assert len(_on(records, "2025-01-30").letters.value) == 2  # both letters sent for the meeting
    assert cabinet["items"] == [{"number": "7", "title": "24/00109 - Transfer the 18-25 section of the Strengthening "
                                                       "Independence Service"}]  # wrapped, its pages dropped
    # a page that only says "Date:" and "Dear …" to no member is no letter
    assert not any(x["source"] == NOT_A_LETTER[0] for m in records for x in (m.letters.value if m.letters else []))


def test_a_copy_of_a_letter_under_another_name_is_one_letter(records):
    twice = meetings.merge(records + [meetings.Meeting(
        committee="County Council", meeting_date="2025-01-09", sources=("copy.pdf",),
        letters=_on(records, "2025-01-09").letters)])
    assert len(_on(twice, "2025-01-09").letters.value) == 1


@pytest.mark.parametrize("question, said, source", [
    ("On what date were the English Devolution White Paper papers for the 9 January 2025 County Council sent out "
     "as a supplement?", "7 January 2025", SUPPLEMENT[0]),
    ("Date and contact officer on the covering letter for the 13 February 2025 budget amendments pack?",
     "27 February 2025", AMENDMENTS[0]),
    ("When was the agenda for the County Council meeting on 9 January 2025 published?", "31 December 2024", AGENDA[0]),
    ("when was the budget council agenda sent out", "", AGENDA[0]),  # its words are a letter's, but it asks the agenda
    # no date named: the letter whose items hold what the question names, of the body it names
    ("On what date was the supplementary Cabinet pack with the updated Strengthening Independence Service report "
     "(item 7) sent out?", "29 January 2025", CABINET[0]),
])
def test_when_papers_were_sent_is_read_from_the_letter_that_sent_them(records, question, said, source):
    q = read(question)
    assert fact_asked(question) in ("issued", "contacts")
    answer = answer_meeting(q, records, [])
    assert answer is not None and answer.found
    assert said in answer.answer.split("\u201c")[0]  # the lead line says it
    assert answer.citations[0].source == source and answer.citations[0].page == 1
    assert said in answer.passages[0].text  # the letter itself travels with the answer, not another one
    if source == AMENDMENTS[0]:
        assert "Joel Cook" in answer.answer and "joel.cook@kent.gov.uk" in answer.answer
    if source != AGENDA[0]:
        assert "31 December 2024" not in answer.answer


@pytest.fixture(scope="module")
def index(tmp_path_factory, corpus) -> Path:
    from assistant.indexing.build import build

    s = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("letters_index"), model=BUNDLED_MODEL)
    build([corpus], s, workers=1)
    return s.index_dir


def test_meetings_json_and_the_meetings_page_show_the_papers_sent_later(index, corpus, monkeypatch):
    from click.testing import CliRunner

    from assistant.cli import main

    run = CliRunner().invoke(main, ["meetings", "--json", "--index-dir", str(index), "--from", "2025-01-09",
                                    "--to", "2025-01-09"])
    assert run.exit_code == 0, run.output
    (january,) = json.loads(run.output)
    assert [x["date"] for x in january["letters"]["value"]] == ["2025-01-07"]
    assert january["issued"]["value"]["date"] == "2024-12-31"
    run = CliRunner().invoke(main, ["meetings", "--index-dir", str(index), "--from", "2025-01-09", "--to", "2025-01-09"])
    assert "sent 2025-01-07: 3. English Devolution White Paper" in run.output

    pytest.importorskip("streamlit")
    at = open_meetings_page(monkeypatch, index, corpus, "9 January 2025 · County Council")
    shown = "\n".join(x.value for x in at.markdown)
    assert "Papers sent later" in shown and "7 January 2025: 3. English Devolution White Paper" in shown
