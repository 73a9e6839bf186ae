"""Reading ruled tables closer to how a reader does, on fpdf2 PDFs written here: figures pdfium splits into runs,
short-year column labels, footnote marks after a project, a figure and its share, a group the question names,
and a numbered caption naming what a table of years measures."""
from __future__ import annotations

from pathlib import Path

from assistant.answers.lookup import lookup
from assistant.answers.query import read
from assistant.papers.grid import extract_tables
from assistant.papers.tables import full_years
from assistant.records import Chunk, Passage
from buildkit import drawn_pdf as _pdf, parsed_chunks as _chunks, table_pdf


def _ask(question: str, chunks: list[Chunk]):
    """Lookup over the chunks ranked by how many of the question's words they hold."""
    q = read(question)
    scored = sorted(chunks, key=lambda c: -len(set(q.terms) & set(c.text.lower().split())))
    return lookup(q, [Passage(chunk=c, score=1.0) for c in scored[:6]])


# each cell is a list of runs written one after another: (text, gap before it in mm)
BORROWING = [
    [[("Annex A - Existing Debt Portfolio", 0)], [("30", 0), ("Nov 24", 1.2)], [("3", 0), ("0", 0.15), ("Nov 24", 1.2)]],
    [[("", 0)], [("Actual Portfolio", 0)], [("Average Rate", 0)]],
    [[("Public Works Loan Board", 0)], [("432.4", 0), ("0", 0.2)], [("4.33", 0)]],
    [[("Phase", 0), ("2", 1.2)], [("90.0", 0), ("0", 0.2)], [("4.", 0), ("15", 0.25)]],
    [[("Total external borrowing", 0)], [("746.6", 0), ("8", 0.2)], [("4.35", 0)]],
]


def borrowing_pdf(path: Path) -> Path:
    """A ruled table whose figures are written as separate runs with no space's gap between them, as pdfium
    reads some Word exports ("746.6" "8"); one cell holds two words a space apart."""
    widths, height, x0, y0 = (70, 40, 40), 7, 20, 30

    def draw(pdf):
        pdf.text(x0, y0 - 3, "Table 3 - Borrowing at 30 November 2024")
        for r, row in enumerate(BORROWING):
            x = x0
            for w, runs in zip(widths, row):
                pdf.rect(x, y0 + r * height, w, height)
                cx = x + 2
                for text, gap in runs:
                    cx += gap
                    pdf.text(cx, y0 + r * height + 5, text)
                    cx += pdf.get_string_width(text)
                x += w
    return _pdf(path, draw)


def test_figures_split_into_runs_are_one_figure(tmp_path):
    (t,) = extract_tables(str(borrowing_pdf(tmp_path / "debt.pdf")))
    by = {r.label: r.cells for r in t.rows}
    assert by["Total external borrowing"] == ("746.68", "4.35")
    assert by["Public Works Loan Board"] == ("432.40", "4.33")
    assert by["Phase 2"] == ("90.00", "4.15")  # words a space apart stay apart; a decimal's runs are joined
    assert t.columns[1:] == ("30 Nov 24 Actual Portfolio", "30 Nov 24 Average Rate")


def test_short_year_labels_in_full():
    assert full_years("24-25") == "2024-25" and full_years("23/24 actual") == "2023-24 actual"
    assert full_years("16-19") == "16-19" and full_years("Total") == "Total" and full_years("2024-25") == "2024-25"


def pupils_pdf(path: Path) -> Path:
    """Two tables of years over the same rows: Table 4 counts pupils (years in full), Table 5 their average cost
    (years printed short, "22-23")."""
    def draw(pdf):
        pdf.cell(0, 6, "Table 4: Average number of high needs funded pupils", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("", "2022-23", "2023-24", "2024-25"))
            table.row(("Maintained Special School", "6,019", "6,382", "6,645"))
            table.row(("Independent Schools", "1,485", "1,620", "1,623"))
        pdf.ln(4)
        pdf.cell(0, 6, "Table 5: Average cost of high needs funded pupils", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("£s per pupil", "22-23", "23-24", "24-25"))
            table.row(("Maintained Special School", "£22,640", "£23,587", "£24,529"))
            table.row(("Independent Schools", "£44,911", "£46,894", "£50,018"))
    return _pdf(path, draw)


def test_a_table_of_years_measures_what_its_caption_says(tmp_path):
    t4, t5 = extract_tables(str(pupils_pdf(tmp_path / "hnb.pdf")))
    assert t5.columns[1:] == ("2022-23", "2023-24", "2024-25")
    chunks = _chunks(tmp_path / "hnb.pdf")
    a = _ask("What was the average cost of a high needs pupil at an independent school in 2024-25?", chunks)
    assert a is not None and "£50,018" in a.answer and "Table 5" in a.answer
    a = _ask("How many high needs pupils were at independent schools in 2023-24?", chunks)
    assert a is not None and "1,620" in a.answer
    a = _ask("What will the average cost of a high needs pupil at an independent school be in 2025-26?", chunks)
    assert a is None or "£50,018" not in a.answer  # the tables stop at 2024-25


def capital_pdf(path: Path) -> Path:
    """A capital programme whose projects carry footnote marks ("[1][2]")."""
    def draw(pdf):
        pdf.cell(0, 6, "APPENDIX B - CAPITAL INVESTMENT SUMMARY 2025-26 to 2034-35", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5, text_align="LEFT") as table:
            table.row(("ROW REF", "Project", "Total Cost of Scheme", "Prior Years Spend", "2025-26", "2026-27"))
            table.row(("1", "Annual Planned Enhancement Programme [1][2]", "82,116", "", "9,699", "8,417"))
            table.row(("2", "Schools' Modernisation Programme [1][2]", "29,229", "", "7,096", "6,133"))
            table.row(("3", "Basic Need KCP 2019 [1]", "103,383", "73,735", "23,359", "6,289"))
            table.row(("4", "Total Rolling Programmes [3]", "214,728", "73,735", "40,154", "20,839"))
    return _pdf(path, draw, landscape=True)


def test_footnote_marks_do_not_hide_a_project(tmp_path):
    a = _ask("How much is budgeted for the Schools' Modernisation Programme in 2025-26?",
             _chunks(capital_pdf(tmp_path / "cap.pdf")))
    assert a is not None and "7,096" in a.answer and "Modernisation" in a.answer


def agencies_pdf(path: Path) -> Path:
    """Counts with their shares, and library visits in groups."""
    def draw(pdf):
        pdf.cell(0, 6, "1.1 CAFs open by lead agency (Aug-15)", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("Lead Agency", "Count", "%"))
            table.row(("Children's Centre", "355", "18.8%"))
            table.row(("Children & Families First", "975", "51.7%"))
            table.row(("School", "376", "19.9%"))
            table.row(("Total", "1706", "100.0%"))
        pdf.ln(4)
        pdf.cell(0, 6, "Library Performance 2018-19", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("Library", "Visitors", "Issues"))
            table.row(("Core Libraries", "", ""))
            table.row(("Central", "356,583", "221,054"))
            table.row(("Bell Green", "137,703", "43,588"))
            table.row(("Partnership Libraries", "", ""))
            table.row(("Aldermoor", "20,193", "14,825"))
            table.row(("Willenhall", "90,077", "19,974"))
            table.row(("Canley", "18,578", "10,461"))
    return _pdf(path, draw)


def test_a_figure_and_its_share_and_a_named_group(tmp_path):
    chunks = _chunks(agencies_pdf(tmp_path / "cafs.pdf"))
    a = _ask("Which lead agency held the most open CAFs?", chunks)
    assert a is not None and "highest" in a.answer and "Children & Families First 975" in a.answer
    a = _ask("Which partnership library had the most visitors?", chunks)
    assert a is not None and "Willenhall 90,077" in a.answer and "Central" not in a.answer
    a = _ask("Which library had the most visitors?", chunks)
    assert a is not None and "Central 356,583" in a.answer


def admissions_pdf(path: Path) -> Path:
    """A title over two lines, its second in lower case; rows of areas, columns of causes and their total."""
    def draw(pdf):
        pdf.cell(0, 5, "2010/11 Emergency hospital admissions caused by injuries to children and young", new_x="LMARGIN",
                 new_y="NEXT")
        pdf.cell(0, 5, "people, 0-18 years, by postcode area and injury type", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("Area Codes", "Falls", "Assault", "Miscellaneous", "Total"))
            table.row(("CV1", "13", "21", "33", "67"))
            table.row(("CV2", "53", "6", "164", "223"))
            table.row(("CV6", "60", "4", "201", "265"))
            table.row(("Total", "126", "31", "398", "555"))
    return _pdf(path, draw)


def test_a_title_over_two_lines_and_the_rows_totals(tmp_path):
    (t,) = extract_tables(str(admissions_pdf(tmp_path / "adm.pdf")))
    assert t.caption.startswith("2010/11 Emergency hospital admissions") and t.caption.endswith("injury type")
    chunks = _chunks(tmp_path / "adm.pdf")
    a = _ask("Which postcode area had the most emergency hospital admissions in 2010/11?", chunks)
    assert a is not None and "highest Total: CV6 265" in a.answer
    a = _ask("How many emergency hospital admissions for injuries were there in total in 2010/11?", chunks)
    assert a is not None and "555" in a.answer


def test_a_long_table_is_indexed_once_as_ruled_rows(tmp_path):
    """A ruled table over two pages: its layout-text reading runs over several chunks, and every one gives
    way to the ruled reading, so no chunk repeats its figures without its headings."""
    def draw(pdf):
        pdf.cell(0, 6, "Table 2 - Pupils by school", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("School", "2023-24 Pupils", "2024-25 Pupils"))
            for n in range(70):
                table.row((f"School {n}", f"{1000 + 7 * n:,}", f"{2000 + 11 * n:,}"))
    chunks = _chunks(_pdf(tmp_path / "long.pdf", draw))
    assert any(c.table and "School 65" in c.text for c in chunks)
    assert not any(c.kind == "table" and not c.table for c in chunks)


def levels_pdf(path: Path) -> Path:
    """Three narrow tables, "LEVEL 1" to "LEVEL 3", under one title that runs wider than any of them."""
    def draw(pdf):
        pdf.cell(0, 5, "2011-12 Programme Year - Number of attendees per training level and sector",
                 new_x="LMARGIN", new_y="NEXT")
        sectors = ("Health", "Local Authority", "Early Years", "Probation", "Police")
        for level, figures in enumerate((("11", "140", "197", "3", "0", "430"), ("13", "45", "19", "1", "0", "90"),
                                         ("117", "214", "67", "6", "3", "533")), 1):
            pdf.ln(4)
            pdf.cell(0, 5, f"LEVEL {level}", new_x="LMARGIN", new_y="NEXT")
            with pdf.table(line_height=5, width=70, align="LEFT") as table:
                table.row(("Category", f"Level {level}", "%"))
                for sector, figure in zip(sectors + ("TOTAL",), figures):
                    table.row((sector, figure, f"{100 * int(figure) / int(figures[-1]):.1f}%"))
    return _pdf(path, draw)


def test_tables_of_one_family_carry_its_title(tmp_path):
    tables = extract_tables(str(levels_pdf(tmp_path / "levels.pdf")))
    assert [t.caption for t in tables] == [
        f"2011-12 Programme Year - Number of attendees per training level and sector — LEVEL {n}" for n in (1, 2, 3)]
    chunks = _chunks(tmp_path / "levels.pdf")
    a = _ask("How many people attended Level 3 training in 2011-12 in total?", chunks)
    assert a is not None and "533" in a.answer and "430" not in a.answer


def level_pdf(path: Path) -> Path:
    """A count and its share per sector; the total row's figure is printed across both columns, at the right."""
    def draw(pdf):
        pdf.cell(0, 6, "Number of attendees per level and sector - LEVEL 3", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5, text_align="RIGHT") as table:
            table.row(("Category", "Level 3", "%"))
            for row in (("Health", "117", "22.0%"), ("Local Authority", "214", "40.2%"), ("Early Years", "67", "12.6%"),
                        ("Police", "3", "0.6%"), ("Other", "132", "24.6%")):
                table.row(row)
            total = table.row()
            total.cell("TOTAL")
            total.cell("533", colspan=2)
    return _pdf(path, draw)


def test_a_total_printed_across_a_merged_cell_is_its_columns(tmp_path):
    """The total's figure sits under '%' as printed, but it is a count: it goes back to the count column."""
    (t,) = extract_tables(str(level_pdf(tmp_path / "levels.pdf")))
    by = {r.label: r.cells for r in t.rows}
    assert by["TOTAL"] == ("533", "") and by["Health"] == ("117", "22.0%")
    a = _ask("How many people attended Level 3 in total?", _chunks(tmp_path / "levels.pdf"))
    assert a is not None and "533" in a.answer and "%: 533" not in a.answer


def activity_pdf(path: Path) -> Path:
    """Months down the side, measures across, under a note."""
    rows = [("", "Contacts", "Referrals", "Children In Need"), ("Mar-14", "1533", "640", "3208"),
            ("Sep-14", "1641", "752", "3112"), ("Dec-14", "1933", "680", "3476"), ("Mar-15", "2351", "648", "2932"),
            ("Jun-15", "2720", "861", "2892")]
    return table_pdf(path, rows, note="Please note: figures for earlier quarters may be revised in later scorecards "
                                      "once they have been audited at the year end.")


def test_when_a_column_peaked_when_the_rows_are_months(tmp_path):
    chunks = _chunks(activity_pdf(tmp_path / "activity.pdf"))
    a = _ask("When was the number of Children in Need highest?", chunks)
    assert a is not None and "Dec-14 3476" in a.answer
    a = _ask("When were referrals lowest?", chunks)
    assert a is not None and "Mar-14 640" in a.answer


def test_two_tables_side_by_side_in_one_grid_keep_their_own_names(tmp_path):
    """Contributions and expenditure printed side by side: a figure after a name of its own is that name's."""
    rows = [("Contributor", "Amount", "Expenditure", "Cost"), ("Police", "£15,000", "Travel", "£503"),
            ("Probation", "£3,000", "Hospitality", "£538"), ("Connexions", "£1,007", "Catering", "£5,578"),
            ("CAFCASS", "£550", "Consultancy", "£3,065")]
    title = "Board Budget, Contributions and Expenditure 2011-12"
    chunks = _chunks(table_pdf(tmp_path / "budget.pdf", rows, title=title))
    a = _ask("How much did Probation contribute to the board budget in 2011-12?", chunks)
    assert a is not None and "£3,000" in a.answer and "£538" not in a.answer
    a = _ask("What was the cost of hospitality in 2011-12?", chunks)
    assert a is not None and "£538" in a.answer and "£3,000" not in a.answer


def test_a_caption_s_year_range_set_apart_glyph_by_glyph_or_typed_with_a_zero_too_many_is_one_year():
    from assistant.papers.captions import caption_of

    caption, _ = caption_of(["Table 5.1 - Dedicated Schools Grant 202 5 - 2 6 and Latest DSG 202 4 - 2 5"], "")
    assert caption == "Table 5.1 - Dedicated Schools Grant 2025-26 and Latest DSG 2024-25"
    assert caption_of(["20011-12 Programme Year- Number of attendees"], "")[0].startswith("2011-12 Programme Year")
    assert caption_of(["20012-14 Programme"], "")[0] == "20012-14 Programme"  # not one year after another: left


def test_a_question_in_two_parts_is_answered_with_the_row_s_cells(tmp_path):
    rows = [("Category", "% Total Trained in 2010-11", "% Total Trained in 2011-12"), ("Health", "14.9%", "14.0%"),
            ("Local Authority", "35.0%", "40.4%"), ("Early Years", "22.4%", "23.9%"), ("Police", "1.4%", "0.3%")]
    chunks = _chunks(table_pdf(tmp_path / "share.pdf", rows, title="Attendances 2010-11 compared to 2011-12 (%)"))
    a = _ask("What share of attendees came from the Local Authority in 2010-11, and what was it in 2011-12?", chunks)
    assert a is not None and "35.0%" in a.answer and "40.4%" in a.answer


def test_a_count_and_its_share_under_blank_headings_rank_the_rows_alike(tmp_path):
    rows = [("Referrer", "", ""), ("Social Care", "24", "45%"), ("Police", "8", "15%"), ("Education", "5", "9%"),
            ("Other", "9", "17%"), ("Not stated", "3", "6%")]
    chunks = _chunks(table_pdf(tmp_path / "referrals.pdf", rows, title="Allegations 2011/12 - Referral Details"))
    a = _ask("Which referrer made the most allegations in 2011/12?", chunks)
    assert a is not None and "Social Care 24" in a.answer
