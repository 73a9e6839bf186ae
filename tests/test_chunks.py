"""Chunks of the shared index: inside the model's window, within one agenda item, tables read with
their headings, and every citation field carried from the start."""
from __future__ import annotations

import re

from conftest import LONG_PARAGRAPH, PACK_NAME, TEXT_PACK_NAME

from assistant.indexing.embed import token_counter
from assistant.indexing.store import embed_text
from assistant.papers.tables import find_tables

MODEL_WINDOW = 256  # all-MiniLM-L6-v2 truncates longer inputs
ITEMS = {"29": "Foster Care Recruitment", "30": "Agency Social Workers", "1": "Placement Costs"}


def _pack(chunks):
    return [c for c in chunks if c.source == PACK_NAME]


def _containing(chunks, text):
    found = [c for c in chunks if text in " ".join(c.text.split())]
    assert found, f"no chunk contains {text!r}"
    return found


def test_chunks_fit_the_model_window(chunks, settings):
    count = token_counter(settings.model)
    assert count([LONG_PARAGRAPH])[0] > MODEL_WINDOW  # so the pack really needs splitting
    sizes = count([embed_text(c, settings.embed_header) for c in chunks])
    assert max(sizes) <= MODEL_WINDOW
    # the long paragraph became several chunks and none of its sentences was lost
    pieces = [c for c in _pack(chunks) if "placement number" in c.text]
    assert len(pieces) >= 2
    joined = " ".join(" ".join(c.text.split()) for c in pieces)
    for n in (1, 12, 24):
        assert f"reviewed placement number {n} with the provider" in joined


def test_chunks_never_cross_agenda_items(chunks):
    for c in _pack(chunks):
        if c.kind != "text":
            continue
        headings = [n for n, title in ITEMS.items() if re.search(rf"(?m)^{n}\.? {title}$", c.text)]
        assert len(headings) <= 1, c.text
        if headings:
            assert c.item == headings[0]
    resolved = _containing(chunks, "RESOLVED that the Board notes the progress")
    assert all("Agency Social Workers" not in c.text for c in resolved)


def test_minutes_passages_carry_the_earlier_meeting_date(chunks):
    for text in ("RESOLVED that the Board notes the progress", "RESOLVED that a further report on agency"):
        for c in _containing(chunks, text):
            assert (c.doc_type, c.meeting_date) == ("minutes", "2015-11-05")
            assert c.section.startswith("Minutes of Test Scrutiny Board")
            assert (c.page, c.printed_page) == (2, 2)
    (item,) = _containing(chunks, "agency staff were still needed")
    assert (item.item, item.section) == ("30", "Minutes of Test Scrutiny Board › 30. Agency Social Workers")


def test_other_parts_carry_the_pack_meeting_date(chunks):
    for c in _containing(chunks, "To inform the Board of the spend on agency social workers"):
        assert (c.doc_type, c.meeting_date, c.committee) == ("briefing note", "2015-12-10", "Test Scrutiny Board")


def test_table_rows_keep_title_and_column_headings(chunks):
    tables = [c for c in _pack(chunks) if c.kind == "table"]
    assert len(tables) == 1
    (table,) = tables
    assert table.rows == (
        "Children Services Agency Spend in — Actual — 2014/15: £8.3 m; 2015/16 to date: £3.8 m",
        "Children Services Agency Spend in — Budget — 2014/15: £5.0 m; 2015/16 to date: £4.0 m",
        "Children Services Agency Spend in — Variance — 2014/15: £3.3 m; 2015/16 to date: -£0.2 m",
    )
    # it sits in item 1, though a later item starts on the same page
    assert table.section == "Children Services Agency Spend › 1. Purpose of the Note › Children Services Agency Spend in"
    assert table.item == "1"
    assert (table.page, table.printed_page, table.meeting_date) == (3, 3, "2015-12-10")
    assert "2014/15: £8.3 m" in embed_text(table)  # the rows, headings and all, are what gets embedded


def test_find_tables_reads_the_header_columns():
    layout = "\n".join([
        "Children Services Agency Spend in            2014/15          2015/16 to date",
        "Actual                                       £8.3 m           £3.8 m",
        "Budget                                       £5.0 m           £4.0 m",
        "",
        "A sentence after the table, not part of it.",
    ])
    (table,) = find_tables(layout)
    assert table.title == "Children Services Agency Spend in"
    assert table.header == ("2014/15", "2015/16 to date")
    assert table.rows[1] == "Children Services Agency Spend in — Budget — 2014/15: £5.0 m; 2015/16 to date: £4.0 m"
    assert find_tables("Just prose, with 2 figures: 3 and 4.\nAnd more prose.") == []


def test_a_contents_page_is_not_a_table():
    entries = ["Introduction by the Chair", "Structure", "Membership", "Progress Report", "Subcommittees",
               "Child Death Review Panel", "Budget and Contributions 2011/12"]
    layout = "\n".join(f"{k}.    {name:<50}{page:>4}" for k, (name, page) in
                       enumerate(zip(entries, (3, 5, 6, 8, 16, 28, 31)), start=1))
    assert find_tables(layout) == []
    # the same rows under column headings are data, and so are figures that do not rise like pages
    headed = "Panel                                   Cases      Meetings\n" + layout
    assert find_tables(headed)
    falling = "\n".join(f"{name:<50}{n:>6}" for name, n in zip(entries, (38, 12, 40, 7, 3, 51, 9)))
    assert find_tables(falling)


def test_every_chunk_carries_its_citation(chunks, index):
    pages = {d["source"]: d["pages"] for d in index.documents()}
    for c in chunks:
        assert c.source in pages and c.title and c.text.strip()
        assert 1 <= c.page <= c.page_end <= pages[c.source]
    assert all(c.page != 4 for c in _pack(chunks))  # the blank page yields nothing


def test_text_pack_is_indexed(chunks):
    mine = [c for c in chunks if c.source == TEXT_PACK_NAME]
    assert mine
    assert mine[0].meeting_date == "2016-03-01" and mine[0].committee == "Cabinet"
    assert "the final flexible fostering allowance of £250 a week" in " ".join(" ".join(c.text.split()) for c in mine)


def test_a_table_title_wrapped_onto_two_lines_and_suppressed_counts_are_read():
    layout = "\n".join([
        "2011/2012 Emergency HOSPITAL ATTENDANCES caused by injuries to children and young",
        "people 0-17 years normally resident in the city by postcode area",
        "",
        " Injury Type            CV1      CV2      Total",
        " Laceration             99       342      441",
        " Near Drowning          < 5      < 5      < 5",
        " Total                  101      350      451",
    ])
    (table,) = find_tables(layout)
    assert table.title.startswith("2011/2012 Emergency HOSPITAL ATTENDANCES")
    assert table.title.endswith("postcode area — Injury Type")
    assert len(table.rows) == 3  # "< 5" is a suppressed count, not the end of the table
    assert table.rows[-1].endswith("Total — CV1: 101; CV2: 350; Total: 451")


def test_a_running_sentence_is_one_unit_and_a_row_of_figures_another():
    from assistant.answers.sentences import text_units

    text = "\n".join([
        "on 19 December 2019. The next Continuous Improvement Executive Group will be held on",
        "25 February 2020.",
        "CPI14 Average number of days between a",
        "child entering care and moving in with its",
        "adoptive family",
        "904 426",
    ])
    assert text_units(text) == [
        "on 19 December 2019.",
        "The next Continuous Improvement Executive Group will be held on 25 February 2020.",
        "CPI14 Average number of days between a child entering care and moving in with its adoptive family",
        "904 426",
    ]


def test_a_list_entry_does_not_run_into_the_sentence_after_it():
    from assistant.answers.sentences import text_units

    text = "\n".join([
        "• Extended Rights to Home to School Transport (KCC share in",
        "RSG £3.665m)",
        "• Islands Grant (Isle of Wight and Isles of Scilly only)",
        "The Council's provisional RSG allocation for 2025-26 is £15.7m, which reflects rolled",
        "in grants of £3.7m.",
    ])
    assert text_units(text) == [
        "• Extended Rights to Home to School Transport (KCC share in RSG £3.665m)",
        "• Islands Grant (Isle of Wight and Isles of Scilly only)",
        "The Council's provisional RSG allocation for 2025-26 is £15.7m, which reflects rolled in grants of £3.7m.",
    ]


def test_an_appendix_title_is_the_section_of_what_follows_it():
    """"Appendix 1" then its title head the table below, even after a line with no full stop."""
    from assistant.papers.paragraphs import paragraphs
    from assistant.papers.parts import segments
    from assistant.papers.structure import describe
    from assistant.records import Document, Page

    name = "Briefing note 14th-Feb-2019 Improvement Plan.pdf"
    pages = [Page(number=1, text="\n".join([
        "Briefing note", "1 Purpose", "1.1 To update the board on the improvement plan.", LONG_PARAGRAPH,
        "Contact details: a.person@example.gov.uk Tel: (024) 7683 3402",
        "Appendix 1",
        "Critical Performance Indicators as at December 2018",
        "CPI13 % long-term stability of children in care 62.4% 75.0%",
        "CPI14 Average number of days between a child entering care and moving in with its adoptive family",
        "904 426",
    ]))]
    doc = Document(source=name, sha256="", pages=tuple(pages), **describe(name, pages))
    paras = paragraphs(doc, segments(list(doc.pages), describe(name, list(doc.pages))))
    assert [p.heading for p in paras if "904 426" in p.text] == ["Critical Performance Indicators as at December 2018"]


def test_a_numbered_heading_after_a_web_address_or_ending_in_years_opens_a_section():
    """A line ending in a web address does not run on into the heading below it, and a heading ending in a
    year range ("2011 -12") is not a row of figures."""
    from assistant.papers.paragraphs import _is_item

    heading = "8. Interagency Training Statistics from April 2011-March 2012"
    assert _is_item(heading, "[ ≁ ] ⁄www.coventrylscb.org.uk")
    assert _is_item("7. CSCB Budget, Contributions and Expenditure 2011 -12", "Develop robust Communications Strategy.")
    assert not _is_item(heading, "training was held in")
    assert not _is_item("3 Total reduction in grant income 3,234.7 0.0", "Funding.")
