"""A pack read as the papers it holds: parts with their own types, dates and pages; one name per body;
a quoted sentence cites the page it is printed on."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_pdf

from assistant.answers.candidates import unit_pages
from assistant.answers.sentences import units
from assistant.cli.documents import document_rows
from assistant.papers.chunk import chunk_document, estimate_tokens
from assistant.papers.ingest import read_pages
from assistant.papers.parts import parts_of, segments
from assistant.papers.structure import describe
from assistant.records import Document
from assistant.text.bodies import UNKNOWN, canonical, display

NAME = "Public reports pack 09th-Jan-2020 10.00 Education and Childrens Services Scrutiny Board 2.pdf"
CROSSING = ("The library service recorded one million two hundred thousand visits across the city during the "
            "year, which was")
CROSSING_END = "the highest number since the new opening hours began."
PAGES = [
    ["Education and Children's Services Scrutiny Board (2)", "Time and Date",
     "10.00 am on Thursday, 9th January, 2020", "Place", "Committee Room 3 - Council House", "Public Business",
     "1. Apologies and Substitutions", "2. Minutes (Pages 3 - 6)",
     "a. To agree the minutes of the meeting held on 28th November, 2019",
     "3. Libraries Update (Pages 7 - 10)", "Briefing Note of the Deputy Chief Executive (People)",
     "4. Budget Monitoring (Pages 11 - 14)", "Report of the Director of Finance",
     "5. Any Other Business", "Private Business", "Nil"],
    ["Coventry City Council Minutes of the Meeting of Education and Childrens Services Scrutiny Board 2",
     "held at 10.00 am on Thursday, 28 November 2019",
     "Present: Councillor K Sandhu (Chair)",
     "23. Early Years",
     "The Scrutiny Board considered a briefing note on early years and school readiness in the city.",
     "RESOLVED that the Scrutiny Board notes the report.",
     "(Meeting closed at 12.40 pm)"],
    ["Briefing note", "To: Education and Children's Services Scrutiny Board (2)", "Date: January 2020",
     "Subject: Libraries Update", "1 Purpose of the Note",
     "1.1 This note updates the Board on the libraries and the savings made in the service this year.",
     "2 Performance", CROSSING],
    [CROSSING_END, "2.2 Opening hours were kept at every core library through the year.",
     "Appendix A", "Library Performance 2018-2019",
     "Central Library had the most visits of any library in the year under review by the Board."],
    ["Public report", "Education and Children's Services Scrutiny Board (2)", "9 January 2020",
     "Title:", "Budget Monitoring", "1 Recommendations",
     "1.1 The Board is recommended to note the forecast underspend of the directorate this year."],
]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> tuple[list, dict]:
    path = write_pdf(Path(tmp_path_factory.mktemp("parts")) / NAME, PAGES)
    pages = read_pages(path)
    return pages, describe(NAME, pages)


def test_each_paper_of_the_pack_is_a_part_with_its_own_type_date_and_pages(pack):
    pages, meta = pack
    parts = parts_of(pages, segments(pages, meta))
    got = [(p.doc_type, p.meeting_date, p.first_page, p.last_page, p.item) for p in parts]
    assert got == [("agenda", "2020-01-09", 1, 1, ""), ("minutes", "2019-11-28", 2, 2, "2"),
                   ("briefing note", "2020-01-09", 3, 4, "3"), ("appendix", "2020-01-09", 4, 4, ""),
                   ("report", "2020-01-09", 5, 5, "4")]
    assert parts[2].title == ("Libraries Update — briefing note, Education and Children's Services Scrutiny Board (2), "
                              "9 January 2020")
    assert parts[2].author == "Deputy Chief Executive (People)"
    assert parts[4].name == "Budget Monitoring" and parts[4].author == "Director of Finance"


def test_every_chunk_takes_its_type_and_date_from_its_part(pack):
    pages, meta = pack
    doc = Document(source=NAME, sha256="x", pages=tuple(pages), **meta)
    chunks = chunk_document(doc, estimate_tokens, 240, 0)
    minutes = [c for c in chunks if "early years" in c.text.lower()]
    assert minutes and all((c.doc_type, c.meeting_date) == ("minutes", "2019-11-28") for c in minutes)
    library = [c for c in chunks if "savings made" in c.text]
    assert library and all(c.doc_type == "briefing note" and c.meeting_date == "2020-01-09" for c in library)
    assert library[0].part.startswith("Libraries Update — briefing note")


def test_a_sentence_across_a_page_break_cites_the_pages_it_is_printed_on(pack):
    pages, meta = pack
    doc = Document(source=NAME, sha256="x", pages=tuple(pages), **meta)
    chunk = next(c for c in chunk_document(doc, estimate_tokens, 240, 0) if "Opening hours were kept" in c.text)
    assert chunk.page == 3 and chunk.breaks  # the chunk starts on page 3 and goes on to page 4
    pieces = units(chunk)
    at = dict(zip(pieces, unit_pages(chunk, pieces)))
    crossing = next(u for u in pieces if u.startswith("The library service recorded"))
    assert at[crossing] == (3, 4)
    assert at[next(u for u in pieces if u.startswith("2.2 Opening hours"))] == (4, 4)


def test_two_spellings_of_a_body_are_one_body():
    a = "Education and Childrens Services Scrutiny Board 2"
    b = "Education and Children's Services Scrutiny Board (2)"
    assert canonical(a) == canonical(b)
    assert display(a) == b
    assert display("Cabinet –") == "Cabinet" and display("CORPORATE PARENTING PANEL– 29 October 2024") == \
        "Corporate Parenting Panel"
    assert display("Leaders of two-tier councils and") == UNKNOWN == canonical("")


def test_documents_json_shape(pack):
    pages, meta = pack
    record = {"source": NAME, **meta, "parts": [p.to_json() for p in parts_of(pages, segments(pages, meta))]}
    row = document_rows([record])[0]
    assert list(row) == ["source", "title", "committee", "meeting_date", "doc_type", "parts"]
    assert row["committee"] == "Education and Children's Services Scrutiny Board (2)"
    assert list(row["parts"][0]) == ["title", "doc_type", "meeting_date", "first_page", "last_page",
                                     "printed_first", "printed_last", "item"]


SAMPLE = Path("/work/shared/corpus/coventry")


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample corpus is not on this machine")
def test_sample_pack_libraries_note_is_of_its_own_meeting():
    name = "Public reports pack 09th-Jan-2020 10.00 Education and Childrens Services Scrutiny Board 2.pdf"
    pages = read_pages(SAMPLE / name)
    parts = parts_of(pages, segments(pages, describe(name, pages)))
    on = {n: [p for p in parts if p.first_page <= n <= p.last_page] for n in range(7, 13)}
    assert all(any(p.meeting_date == "2020-01-09" and p.doc_type in ("briefing note", "appendix") for p in ps)
               for ps in on.values())
    name = "Public reports pack 16th-Oct-2012 14.00 Cabinet Member Children and Young People.pdf"
    pages = read_pages(SAMPLE / name)
    parts = parts_of(pages, segments(pages, describe(name, pages)))
    assert [(p.doc_type, p.meeting_date) for p in parts if p.first_page <= 2 <= p.last_page] == [("minutes", "2012-09-04")]
