"""Ruled tables of words (work programmes, action plans) on fpdf2 PDFs written here: read as tables on pages with
no figures at all, their rows grouped by the dates down the left, carried over a page; and questions answered from
the row named and the column asked ("who is the lead officer for …", "by when …")."""
from __future__ import annotations

from pathlib import Path

from assistant.answers.query import read
from assistant.answers.wordcells import lookup_words
from assistant.papers.grid import extract_tables
from assistant.records import Chunk, Passage
from buildkit import drawn_pdf, parsed_chunks, table_pdf

PROGRAMME = [
    ("Date", "Title", "Detail", "Lead Officer"),
    ("9 January 2020", "Library Review", "Update on the review of the library service", "Peter Barnett"),
    ("", "Serious Case Review", "To consider progress on recommendations from a recent review", "Rebekah Eaves"),
    ("13 February 2020", "Secure Provision", "To look at secure placements across the region", "John Gregg"),
    ("", "Youth Provision", "How and where the council works with young people", "Kirston Nelson"),
]


def programme_pdf(path: Path) -> Path:
    return table_pdf(path, PROGRAMME, title="Scrutiny Board Work Programme 2019-20")


def test_a_table_of_words_is_read_with_its_dates_as_groups(tmp_path):
    [t] = extract_tables(str(programme_pdf(tmp_path / "wp.pdf")))
    assert t.columns == ("Title", "Detail", "Lead Officer")
    assert [(r.group, r.label, r.cells[-1]) for r in t.rows] == [
        ("9 January 2020", "Library Review", "Peter Barnett"),
        ("9 January 2020", "Serious Case Review", "Rebekah Eaves"),
        ("13 February 2020", "Secure Provision", "John Gregg"),
        ("13 February 2020", "Youth Provision", "Kirston Nelson")]


def test_a_page_with_no_figures_still_has_its_table_indexed(tmp_path):
    chunks = parsed_chunks(programme_pdf(tmp_path / "wp.pdf"))
    [table] = [c for c in chunks if c.kind == "table"]  # read whole: no chunk a row to repeat its headings
    assert "Title | Detail | Lead Officer" in table.text and "Serious Case Review" in table.text
    assert any("Serious Case Review — Detail: To consider progress" in r and r.endswith("Lead Officer: Rebekah Eaves")
               for r in table.rows)


def test_a_table_of_words_carried_over_a_page_without_its_headings(tmp_path):
    detail = "To review the progress made against each of the recommendations, " * 3

    def draw(pdf):
        with pdf.table(line_height=5, repeat_headings=0) as table:
            table.row(("Date", "Title", "Detail", "Lead Officer"))
            for i in range(24):
                table.row((f"{i + 1} March 2021" if i % 3 == 0 else "", f"Item number {chr(65 + i)}", detail,
                           f"Officer {chr(65 + i)}"))
    tables = extract_tables(str(_two_pages(tmp_path / "long.pdf", draw)))
    assert len(tables) == 1 and tables[0].first_page == 1 and tables[0].last_page > 1  # one table over the pages
    t = tables[0]
    assert [r.label for r in t.rows] == [f"Item number {chr(65 + i)}" for i in range(24)]
    assert t.rows[-1].group == "22 March 2021" and t.rows[-1].cells[-1] == "Officer X"


def _two_pages(path: Path, draw) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    draw(pdf)
    assert pdf.page_no() >= 2
    pdf.output(str(path))
    return path


def test_an_action_plan_headed_over_every_action(tmp_path):
    heads = ("No.", "Actions", "By When", "Delivery Lead", "Progress")

    def draw(pdf):
        for row in (("4.2", "Review current processes to reduce duplication of meetings", "30 September 2021",
                     "Operational Lead, Responsive Services", ""),
                    ("4.3", "Include Return Home Interview performance on the dashboard", "1 July 2021",
                     "Performance Lead", "")):
            with pdf.table(line_height=5) as table:
                table.row(heads)
                table.row(row)
            pdf.ln(4)
    tables = extract_tables(str(drawn_pdf(tmp_path / "plan.pdf", draw)))
    assert [t.columns for t in tables] == [heads, heads]
    assert tables[1].rows[0].cells[1] == "1 July 2021"
    for question in ("By when should Return Home Interview performance be on the dashboard?",
                     "What's the target date for Return Home Interview performance on the dashboard?"):
        a = _ask(question, tmp_path / "plan.pdf")  # the column of dates, asked by its kind
        assert a is not None and "By When: 1 July 2021" in a.answer, question


def test_boxed_sentences_are_no_table(tmp_path):
    rows = [("The Board noted the report and the progress made since the last meeting of the Board.",
             "Members asked that a further report be brought to a future meeting of the Board."),
            ("The Chair thanked the officers for their attendance and for the report.",
             "The meeting closed once the Board had considered all the items on its agenda.")]
    assert extract_tables(str(table_pdf(tmp_path / "box.pdf", rows))) == []


def _ask(question: str, pdf: Path):
    chunks: list[Chunk] = parsed_chunks(pdf)
    q = read(question)
    scored = sorted(chunks, key=lambda c: -len(set(q.terms) & set(c.text.lower().split())))
    return lookup_words(q, [Passage(chunk=c, score=1.0) for c in scored[:6]])


def test_the_row_named_and_the_column_asked(tmp_path):
    pdf = programme_pdf(tmp_path / "wp.pdf")
    a = _ask("Who is the lead officer for the Library Review item?", pdf)
    assert a is not None
    assert a.answer.startswith("Scrutiny Board Work Programme 2019-20 — 9 January 2020 › Library Review")
    assert "Lead Officer: Peter Barnett" in a.answer and a.note == "read from a table"
    a = _ask("who leads on secure provision", pdf)  # no heading named: a who-question asks the column of people
    assert a is not None and "Lead Officer: John Gregg" in a.answer


def test_no_row_named_is_no_answer(tmp_path):
    pdf = programme_pdf(tmp_path / "wp.pdf")
    assert _ask("Who chaired the meeting on 9 January 2020?", pdf) is None
    assert _ask("Who is the lead officer for the budget?", pdf) is None


def test_by_when_reads_the_column_of_dates(tmp_path):
    rows = [("Objective", "Key Tasks", "Responsibility", "Completion"),
            ("Review governance arrangements", "Review membership of the board", "Board Chair", "March 2013"),
            ("Agree a financial plan", "Calculate the costs of the business plan", "Business Manager", "November 2012")]
    pdf = table_pdf(tmp_path / "plan.pdf", rows, title="Safeguarding Board Business Plan 2012-2015")
    a = _ask("When is the financial plan to be agreed by?", pdf)
    assert a is not None and "Completion: November 2012" in a.answer
    a = _ask("Who is responsible for reviewing governance arrangements?", pdf)
    assert a is not None and "Responsibility: Board Chair" in a.answer


def test_a_hyphen_pdfium_sets_apart_stays_in_its_heading():
    """pdfium gives the hyphen of "2025-26" a box of its own, a glyph's height: it is on the heading's line,
    and "2025" "-" "26" is one span (the Kent capital strategy's "2026-27 budget" read "2026 27 - budget")."""
    from assistant.papers.bands import Grid as _Grid, Word as _Word, band_rows as _band_rows, text_lines as _lines

    words = [_Word(255, 281, 149.7, 158.5, "2025"), _Word(282, 286, 154.2, 155.7, "-"),
             _Word(286, 299, 149.8, 158.5, "26"), _Word(255, 290, 163.5, 172.3, "budget")]
    assert [[w.text for w in ln] for ln in _lines(words)] == [["2025", "-", "26"], ["budget"]]
    grid = _Grid((250.0, 320.0), (147.0, 175.0), ((),), False)
    assert _band_rows(grid, 0, words) == [["2025-26 budget"]]


def test_the_app_lights_the_row_and_cell_of_a_table_of_words(tmp_path):
    from assistant.web.tables import grid

    a = _ask("Who is the lead officer for the Library Review item?", programme_pdf(tmp_path / "wp.pdf"))
    cols, rows, used, cells = grid(a.passages[0], [c.quote for c in a.citations])
    assert cols == ["Title", "Detail", "Lead Officer"] and rows[used][0] == "Library Review" and cells == {2}
