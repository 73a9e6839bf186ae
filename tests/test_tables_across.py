"""Tables ruled only across (a rule under each row, none between columns): rows from the rules, columns from the
white space, read as a ruled table is."""
from __future__ import annotations

from pathlib import Path

from assistant.papers.across import Region, columns
from assistant.papers.grid import extract_tables

SERVICES = [("Community Learning & Skills (CLS)", "-0.1", "0.7", "+0.8", "Reduction in fee income from September",
             "Funding rule changes for the new academic year are forecast to reduce fee income from September, "
             "where the service is reorganising to meet the Government's priorities for adult education."),
            ("Looked After Children (with Disability) - Care & Support", "22.5", "27.1", "+4.5",
             "Pressures on residential care and semi independent",
             "The number of children placed in residential and semi-independent care continues to grow, due to a "
             "lack of more cost effective placements such as fostering."),
            ("Care Leavers Service", "5.6", "4.7", "-0.9", "Lower number & average cost of placements",
             "The average cost of placements for young people has reduced where more are placed under the new "
             "supported accommodation contract.")]
HEAD = ("Key Service", "Revenue Budget", "Revenue Forecast", "Revenue Variance", "Summary", "Detail")


def _pdf(path: Path, draw) -> Path:
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    draw(pdf)
    pdf.output(str(path))
    return path


def variances_pdf(path: Path, ruled_over: bool = True) -> Path:
    def draw(pdf):
        pdf.cell(0, 6, "Details of the significant variances are shown below:", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 6, "All figures in \u00a3m", align="C", new_x="LMARGIN", new_y="NEXT")
        top = pdf.get_y()
        with pdf.table(borders_layout="HORIZONTAL_LINES", line_height=5, col_widths=(45, 22, 22, 22, 45, 110),
                       text_align=("RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT"), first_row_as_headings=True) as t:
            t.row(HEAD)
            for s in SERVICES:
                t.row(s)
        if ruled_over:
            pdf.line(pdf.l_margin, top, pdf.w - pdf.r_margin, top)  # as the report rules them: over the headings
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())  # and under the last row
    return _pdf(path, draw)


def test_rows_between_rules_and_columns_from_white_space(tmp_path):
    (t,) = extract_tables(str(variances_pdf(tmp_path / "fm.pdf")))
    assert t.columns == HEAD
    assert t.units == "£m"  # the line over the table gives the unit, not the caption
    by = {r.label: r for r in t.rows}
    assert set(by) == {s[0] for s in SERVICES}  # a label wrapped over lines is one row's label
    row = by["Looked After Children (with Disability) - Care & Support"]
    assert row.cells[:3] == ("22.5", "27.1", "+4.5")
    assert row.cells[4].startswith("The number of children placed") and row.cells[4].endswith("fostering.")


def test_headings_printed_over_the_first_rule(tmp_path):
    # the first rule is under the headings, none over them: the headings are still the table's, not its caption
    (t,) = extract_tables(str(variances_pdf(tmp_path / "fm.pdf", ruled_over=False)))
    assert t.columns == HEAD and "Revenue" not in t.caption
    assert {r.label for r in t.rows} == {s[0] for s in SERVICES}


def test_read_on_a_page_that_does_not_look_tabular(tmp_path):
    # wrapped labels and long detail paragraphs leave few lines of figures: the page is not flagged as tabular
    # (`figure_pages` empty), and the table ruled only across is read all the same
    (t,) = extract_tables(str(variances_pdf(tmp_path / "fm.pdf")), None, set())
    assert t.columns == HEAD and len(t.rows) == len(SERVICES)


def test_rules_under_lines_of_text_are_no_table(tmp_path):
    def draw(pdf):
        for n in range(4):
            pdf.multi_cell(0, 5, f"{n + 1}. The committee noted the report on the library service and asked "
                                 "officers to bring an update to a later meeting.")
            y = pdf.get_y() + 1
            pdf.line(10, y, 280, y)
            pdf.ln(3)
    prose = str(_pdf(tmp_path / "prose.pdf", draw))
    assert extract_tables(prose) == [] and extract_tables(prose, None, set()) == []


class _W:
    def __init__(self, x0, x1, top, bottom):
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom


def test_columns_are_the_gaps_every_row_leaves():
    region = Region(0, 300, (0, 20, 40, 60), False)
    words = [_W(5, 60, 5, 12), _W(100, 130, 5, 12), _W(200, 290, 5, 12),
             _W(5, 80, 25, 32), _W(105, 130, 25, 32), _W(210, 280, 25, 32),
             _W(5, 50, 45, 52), _W(110, 130, 45, 52), _W(200, 295, 45, 52)]
    xs = columns(region, words)
    assert xs is not None and len(xs) == 4
    assert 80 < xs[1] < 100 and 130 < xs[2] < 200
    # a word across a gap in one row of three closes it, and two columns are no table
    assert columns(region, words + [_W(70, 160, 26, 31)]) is None


def test_a_heading_broken_before_its_last_letter_is_joined():
    from assistant.papers.bands import join_lines as _join

    assert _join(["Revenu", "e", "Forecas", "t"]) == "Revenue Forecast"
    assert _join(["Plan", "a", "budget"]) == "Plan a budget"  # a word of one letter stays a word


def test_a_figure_set_lower_than_its_row_fills_its_blank_cell():
    from assistant.papers.bands import _fills

    assert _fills(["Strategic Management", "39.3", "", "-29.3"], ["", "", "10.0", ""])
    assert not _fills(["Strategic Management", "39.3", "", "-29.3"], ["", "41.0", "10.0", ""])  # a row of its own
