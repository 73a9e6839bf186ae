"""Table readings over more than one cell, on fpdf2 PDFs written here: title bars, numbered totals, tables beside
a passage, actual against budget, the largest deficit, the largest change."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from assistant.answers.lookup import lookup
from assistant.answers.query import read
from assistant.papers.grid import extract_tables
from assistant.papers.runs import mend as _mend
from assistant.records import Chunk, Passage
from buildkit import drawn_pdf as _pdf, parsed_chunks as _chunks, table_pdf

DISTRICTS = [("Ashford", "49,832.00", "49,332.00", "-1.00%", "-£1,290,972", "-£213,723"),
             ("Canterbury", "53,348.27", "55,053.98", "+3.20%", "£1,091,180", "£2,578,646"),
             ("Gravesham", "35,994.62", "35,442.89", "-1.53%", "-£218,780", "-£1,424,350"),
             ("Thanet", "46,454.06", "48,260.89", "+3.89%", "£568,715", "£805,939")]


def capital_pdf(path: Path) -> Path:
    """A landscape capital programme: two title bars across the table, numbered rows, a numbered total."""
    def draw(pdf):
        with pdf.table(line_height=5, text_align="LEFT") as table:
            table.row().cell("APPENDIX B - CAPITAL INVESTMENT SUMMARY 2025-26 to 2034-35", colspan=6)
            table.row().cell("Growth, Environment & Transport (GET)", colspan=6)
            table.row(("ROW REF", "Project", "Total Cost", "Prior Years Spend", "2025-26", "2026-27"))
            table.row(("1", "Highways Asset Management", "600,000", "200,000", "60,000", "58,000"))
            table.row(("2", "Thames Way", "3,380", "1,000", "2,380", "0"))
            table.row(("3", "Tunnel Fans", "1,000", "0", "1,000", "0"))
            table.row(("4", "Total - Growth, Environment & Transport", "604,380", "201,000", "63,380", "58,000"))
    return _pdf(path, draw, landscape=True)


def districts_pdf(path: Path) -> Path:
    """Prose that introduces Table 6.2, the tax base with its % change, and Table 6.3 of surpluses and (deficits)."""
    def draw(pdf):
        pdf.multi_cell(0, 5, "6.6 The tax base estimates notified by the districts are shown in table 6.2; "
                             "the collection fund balances in table 6.3.")
        pdf.ln(2)
        pdf.cell(0, 6, "Table 6.2 - Tax base changes", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("District", "2024-25 Band D Taxbase", "2025-26 Band D Taxbase", "% change"))
            for d in DISTRICTS:
                table.row(d[:4])
        pdf.ln(4)
        pdf.cell(0, 6, "Table 6.3 - Collection Fund Estimated Balances", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("District", "Collection fund surplus/ (deficit) in 2024-25",
                       "Collection fund surplus/ (deficit) in 2025-26"))
            for d in DISTRICTS:
                table.row((d[0],) + d[4:])
    return _pdf(path, draw)


def placements_pdf(path: Path) -> Path:
    """A budget against actual table: a year over Budget, Actual and Variation."""
    return table_pdf(path, title="Placement Spend Summary", rows=[
        ("Placement", "2011/12 Budget", "2011/12 Actual", "2011/12 Variation (under)/overspend"),
        ("Internal Fostering", "4,410", "3,355", "(1,055)"), ("Northern Care", "4,886", "5,562", "676"),
        ("Total Placements", "16,889", "22,302", "5,413")])


def _ask(question: str, chunks: list[Chunk], index=None):
    """Lookup over the chunks ranked by how many of the question's words they hold."""
    q = read(question)
    scored = sorted(chunks, key=lambda c: -len(set(q.terms) & set(c.text.lower().split())))
    return lookup(q, [Passage(chunk=c, score=1.0) for c in scored[:6]], index)


class _Index:
    """The one store method the tables beside a passage need: a document's chunks."""

    def __init__(self, chunks: list[Chunk]):
        self._chunks = chunks

    def chunks_of(self, source: str) -> list[Chunk]:
        return [c for c in self._chunks if c.source == source]


def test_title_bars_are_the_caption_and_numbered_total(tmp_path):
    (t,) = extract_tables(str(capital_pdf(tmp_path / "cap.pdf")))
    assert t.caption == "APPENDIX B - CAPITAL INVESTMENT SUMMARY 2025-26 to 2034-35 — Growth, Environment & Transport (GET)"
    assert t.columns == ("ROW REF", "Project", "Total Cost", "Prior Years Spend", "2025-26", "2026-27")
    total = t.rows[-1]
    assert total.label == "4" and total.is_total and not t.rows[0].is_total
    a = _ask("What is the capital programme for Growth, Environment & Transport in 2025-26?",
             _chunks(tmp_path / "cap.pdf"))
    assert a is not None and "2025-26: 63,380" in a.answer and "Total - Growth" in a.answer


def test_split_figures_mended():
    assert _mend("1,2 88,680") == "1,288,680" and _mend("376, 243") == "376,243" and _mend("8 6,496") == "86,496"
    assert _mend("2 369") == "2 369" and _mend("1,234 5,678") == "1,234 5,678" and _mend("Year 1") == "Year 1"


def test_tables_beside_the_passage(tmp_path):
    chunks = _chunks(districts_pdf(tmp_path / "d.pdf"))
    prose = next(c for c in chunks if c.kind == "text" and "notified" in c.text)
    q = read("Which district's council tax base grew the most for 2025-26?")
    assert lookup(q, [Passage(chunk=prose, score=1.0)]) is None  # the paragraph alone holds no table
    a = lookup(q, [Passage(chunk=prose, score=1.0)], _Index(chunks))
    assert a is not None and "Thanet +3.89%" in a.answer and "% change" in a.answer  # the column of changes
    assert json.loads(next(c.table for c in chunks if c.table))["caption"].startswith("Table 6.2")


def test_largest_of_a_bracketed_kind_is_the_most_negative(tmp_path):
    chunks = _chunks(districts_pdf(tmp_path / "d.pdf"))
    a = _ask("Which district has the largest collection fund deficit in 2025-26?", chunks)
    assert a is not None and "Gravesham -£1,424,350" in a.answer
    assert "Canterbury" not in a.answer  # the largest surplus is no deficit
    a = _ask("Which district has the largest collection fund surplus in 2025-26?", chunks)
    assert a is not None and a.answer.split(":")[1].strip().startswith("Canterbury")


def test_actual_against_budget_with_the_computed_difference(tmp_path):
    chunks = _chunks(placements_pdf(tmp_path / "p.pdf"))
    a = _ask("How much was actually spent on Northern Care placements in 2011/12 against budget?", chunks)
    assert a is not None
    assert "2011/12 Actual: 5,562" in a.answer and "2011/12 Budget: 4,886" in a.answer
    assert "difference +676 (computed: actual minus budget)" in a.answer
    assert "Variation (under)/overspend: 676" in a.answer  # the printed variance beside the computed one
    a = _ask("What was the overspend on total placements in 2011/12?", chunks)
    assert a is not None and "+5,413" in a.answer and "22,302" in a.answer and "16,889" in a.answer
    a = _ask("What was the 2011/12 budget for Northern Care placements?", chunks)
    assert a is not None and "4,886" in a.answer and "computed" not in a.answer  # one figure asked, one given


def fees_pdf(path: Path) -> Path:
    """Years across and the plan, the outturn and their difference down: "Budget", "Expenditure", "Overspend"."""
    return table_pdf(path, note="5.1.1 Internal foster carer fees (£000)", rows=[
        ("", "2009/10", "2010/11", "2011/12"), ("Budget", "4,419", "4,476", "4,410"),
        ("Expenditure", "4,194", "3,763", "3,355"), ("Overspend", "225", "713", "1,055")])


def test_budget_and_actual_rows_both_quoted(tmp_path):
    chunks = _chunks(fees_pdf(tmp_path / "fees.pdf"))
    a = _ask("What were the budget and the actual spend on internal foster carer fees in 2010/11?", chunks)
    assert a is not None and "Expenditure: 3,763" in a.answer and "Budget: 4,476" in a.answer
    assert "difference -713" in a.answer and "4,410" not in a.answer
    a = _ask("What was the budget for internal foster carer fees in 2011/12?", chunks)
    assert a is not None and "4,410" in a.answer and "computed" not in a.answer


def forecast_pdf(path: Path) -> Path:
    """A monitoring table: each key service's budget, forecast and variance."""
    return table_pdf(path, note="Key service variances (£m)", rows=[
        ("Key Service", "Revenue Budget", "Revenue Forecast", "Revenue Variance"),
        ("Residual Waste", "52.6", "53.4", "+0.8"), ("Community Protection", "12.0", "11.3", "-0.7"),
        ("Libraries, Registration & Archives", "11.1", "10.5", "-0.5")])


def test_two_columns_the_question_joins_both_quoted(tmp_path):
    chunks = _chunks(forecast_pdf(tmp_path / "f.pdf"))
    a = _ask("What were the budget and forecast for Community Protection?", chunks)
    assert a is not None and "Community Protection — Revenue Budget: 12.0; Revenue Forecast: 11.3 [1]" in a.answer
    assert "Variance" not in a.answer  # a column the question does not name
    a = _ask("What was the forecast for Community Protection?", chunks)  # one column named, one figure
    assert a is not None and "11.3" in a.answer and "Revenue Budget: 12.0" not in a.answer
    a = _ask("What was the budget forecast for Community Protection?", chunks)  # words not joined by "and"
    assert a is None or "Revenue Budget: 12.0; Revenue Forecast: 11.3" not in a.answer


def directorates_pdf(path: Path) -> Path:
    """Rows known by a reference number; last year's net cost, then this year's staffing and net cost."""
    return table_pdf(path, note="APPENDIX G - DIRECTORATE BUDGETS (£000s)", landscape=True, rows=[
        ("Row Ref", "2024-25 Base Budget (Net Cost)", "Directorate", "2025-26 Staffing", "2025-26 Net Cost"),
        ("1", "429,934.0", "Children, Young People & Education", "163,370.7", "449,237.2"),
        ("2", "562,050.0", "Adult Social Care & Health", "110,520.3", "601,133.8"),
        ("3", "200,100.0", "Growth, Environment & Transport", "90,010.0", "205,000.0"),
        ("4", "80,500.0", "Public Health", "12,000.0", "82,250.0"),
        ("5", "95,000.0", "Corporate Services", "40,400.0", "97,100.0"),
        ("6", "1,367,584.0", "Total", "416,301.0", "1,434,721.0")])


def test_the_change_into_the_one_year_asked(tmp_path):
    chunks = _chunks(directorates_pdf(tmp_path / "dirs.pdf"))
    a = _ask("By how much does the Children, Young People and Education net budget go up in 2025-26?", chunks)
    assert a is not None and "change +19,303.2" in a.answer and "(+4.5%)" in a.answer
    assert "1 Children, Young People & Education" in a.answer and "163,370.7" not in a.answer
    # two years named: the later year's column measuring what the earlier one does (net cost, not staffing)
    a = _ask("What's the 2025-26 net budget for Public Health compared with the 2024-25 base?", chunks)
    assert a is not None and "2025-26 Net Cost: 82,250.0" in a.answer and "change +1,750.0" in a.answer
    assert "12,000.0" not in a.answer


def test_the_row_the_question_names_not_one_with_a_word_more(tmp_path):
    # the more specific row ranks first, but its name has a word the question does not say: the row named by the
    # question's words alone answers (rows known by a reference number, named by their text cells)
    deputy = table_pdf(tmp_path / "dced.pdf", note="Technology Director: Lisa Gannon (£000s)", landscape=True, rows=[
        ("Row Ref", "2024-25 Net Cost", "Key Service", "2025-26 Net Cost"), ("115", "20,100.0", "Technology", "21,000.0"),
        ("116", "29,000.0", "Landlord", "26,600.0"), ("117", "8,800.0", "Infrastructure", "8,900.0"),
        ("118", "4,444.7", "Property", "4,988.4"),
        ("119", "82,344.7", "Total - Deputy Chief Executive's Department Budget", "81,388.4")])
    chief = table_pdf(tmp_path / "ced.pdf", note="Governance Director: Ben Watts (£000s)", landscape=True, rows=[
        ("Row Ref", "2024-25 Net Cost", "Key Service", "2025-26 Net Cost"), ("100", "8,400.0", "Governance", "8,100.0"),
        ("101", "14,100.0", "Finance", "13,800.0"), ("102", "3,100.0", "Procurement", "3,000.0"),
        ("103", "3,279.6", "Strategy", "493.8"),
        ("104", "28,879.6", "Total - Chief Executive's Department Budget", "25,393.8")])
    rows = [c for c in _chunks(deputy) + _chunks(chief) if c.kind == "table" and "Total" in c.text.split("\n")[0]]
    passages = [Passage(chunk=c, score=1.0) for c in rows]  # the Deputy's row first
    a = lookup(read("What is the 2025-26 net cost budget of the Chief Executive's Department?"), passages)
    assert a is not None and "25,393.8" in a.answer and "81,388.4" not in a.answer
    a = lookup(read("What is the 2025-26 net cost budget of the Deputy Chief Executive's Department?"), passages[::-1])
    assert a is not None and "81,388.4" in a.answer


def test_a_name_the_row_does_not_hold_is_another_row(tmp_path):
    board = table_pdf(tmp_path / "cscb.pdf", note="CSCB Budget, Contributions and Expenditure 2011-12", rows=[
        ("Agency", "Contribution 2011-12", "Contribution 2010-11"), ("Coventry City Council", "150,000", "148,000"),
        ("West Midlands Police", "15,000", "15,000"), ("Probation", "3,000", "3,500"), ("Health", "40,881", "40,000"),
        ("Schools", "6,000", "5,000")])
    chunks = [c for c in _chunks(board) if c.kind == "table"]

    def ask(question: str):  # words as rare as a council's papers make names
        q = read(question, lambda t: 3.0)
        return lookup(q, [Passage(chunk=c, score=1.0) for c in chunks[:6]])
    a = ask("How much did West Midlands Police contribute in 2011-12?")
    assert a is not None and "15,000" in a.answer
    a = ask("How much did West Midlands Fire Service contribute in 2011-12?")
    assert a is None or "15,000" not in a.answer  # the police's row is not the fire service's


def test_the_second_part_of_a_question_names_another_row(tmp_path):
    limits = table_pdf(tmp_path / "pi.pdf", note="Principal sums invested for periods longer than a year", rows=[
        ("", "2024/25", "2025/26", "2026/27", "No Fixed Date"),
        ("Actual as at 30 September 2024", "£70.7m", "£49.8m", "£9.5m", "£195.1m"),
        ("Limit on principal invested beyond year end", "£150m", "£100m", "£50m", "£250m"),
        ("Headroom", "£79.3m", "£50.2m", "£40.5m", "£54.9m")])
    a = _ask("What was the actual principal invested with no fixed date at 30 September 2024, and what is the limit?",
             _chunks(limits))
    assert a is not None and "No Fixed Date: £195.1m" in a.answer and "No Fixed Date: £250m" in a.answer
    assert "£49.8m" not in a.answer and "£54.9m" not in a.answer  # the column asked, of the two rows asked


def test_a_name_the_rows_own_cells_give_is_the_rows(tmp_path):
    services = table_pdf(tmp_path / "variances.pdf", note="Key service variances (£m)", landscape=True, rows=[
        ("Key Service", "Revenue Budget", "Revenue Forecast", "Detail"),
        ("Provision for Demographic Growth", "15.8", "1.2", "Released to offset pressures across ASCH operations"),
        ("Older People - Residential Care", "97.5", "124.9", "Slippage in savings"),
        ("Adult Mental Health", "21.2", "30.2", "Activity pressures"), ("Care Leavers Service", "5.6", "4.7", "Fewer placements")])
    chunks = [c for c in _chunks(services) if c.kind == "table"]
    q = read("What was the forecast for ASCH Provision for Demographic Growth?", lambda t: 3.0)
    a = lookup(q, [Passage(chunk=c, score=1.0) for c in chunks[:6]])
    assert a is not None and "1.2" in a.answer  # "ASCH" is named in the row's own detail


def test_a_nil_is_no_figure_to_quote(tmp_path):
    plan = table_pdf(tmp_path / "plan.pdf", note="APPENDIX D - Revenue Plan (£000s)", rows=[
        ("", "2025-26", "2026-27", "2027-28"), ("Original base budget", "1,434,721.0", "0.0", "0.0"),
        ("Growth", "120,000.0", "95,000.0", "90,000.0"), ("Savings", "-80,000.0", "-60,000.0", "-50,000.0"),
        ("Net budget", "1,474,721.0", "1,605,168.4", "1,680,820.3")])
    a = _ask("What is the original base budget for 2027-28?", _chunks(plan))
    assert a is None or "0.0" not in a.answer.split("[")[0]  # "2027-28: 0.0" reports nothing
    a = _ask("What is the net budget for 2027-28?", _chunks(plan))
    assert a is not None and "1,680,820.3" in a.answer


def kpi_pdf(path: Path) -> Path:
    """A performance report's KPI boxes: name, rating, then the latest, target, floor and previous figures."""
    def draw(pdf):
        pdf.multi_cell(0, 5, "Key Performance Indicators", new_x="LMARGIN", new_y="NEXT")
        for name, rag, figures in (
                ("Percentage of phone calls to Contact Point which were answered", "GREEN",
                 "Latest: 94% Target: 90%, Floor: 85% Previous: 89% (Amber)"),
                ("Percentage of complaints responded to within timescale", "RED",
                 "Latest: 71% Target: 85%, Floor: 80% Previous: 71% (Red)")):
            pdf.multi_cell(0, 5, f"{name} {rag}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
            pdf.multi_cell(0, 5, figures, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return _pdf(path, draw)


def test_kpi_boxes_read_as_rows(tmp_path):
    from assistant.answers.kpis import indicators

    chunks = _chunks(kpi_pdf(tmp_path / "k.pdf"))
    text = "\n".join(c.text for c in chunks if c.kind == "text")
    got = {i.name: i for i in indicators(text)}
    box = got["Percentage of complaints responded to within timescale"]
    assert (box.latest, box.target, box.floor, box.previous, box.was, box.rating) == ("71%", "85%", "80%", "71%", "Red", "RED")
    a = _ask("What proportion of complaints were responded to within timescale in Q3?", chunks)
    assert a is not None and "Latest: 71%; Target: 85%; Floor: 80%" in a.answer and "rated RED" in a.answer
    assert _ask("How many planning applications were decided in time?", chunks) is None  # no box named so


def test_a_row_broken_by_a_page_end_cites_both_pages():
    """A ruled row that finishes overleaf is stored with its last page and quoted "pp. 22–23"."""
    from assistant.answers.answer import compose
    from assistant.papers.tables import Row, Table

    row = Row("Public Health reserve drawdown", None, ("1,250.0",), False, 22, page_end=23)
    table = Table("Drawdowns from reserves", None, "", ("Reserve", "2025-26"), "£000s", (row,), 22, 23)
    assert Table.from_json(json.loads(json.dumps(table.to_json()))).rows[0].last_page == 23
    text = "Public Health reserve drawdown 1,250.0\nDrawdowns from reserves\nDrawdowns from reserves — Public Health reserve drawdown — 2025-26: 1,250.0"
    chunk = Chunk(id="r", text=text, source="budget.pdf", title="Budget", committee="County Council",
                  meeting_date="2025-02-13", doc_type="appendix", page=22, page_end=23, kind="table",
                  rows=("Drawdowns from reserves — Public Health reserve drawdown — 2025-26: 1,250.0",))
    weights = {"public": 1.0, "health": 1.5, "reserve": 2.0, "drawdown": 3.0}
    answer = compose(read("What is the Public Health reserve drawdown?", weights), [Passage(chunk=chunk, score=1.0)])
    assert answer.found and answer.citations[0].page == 22 and answer.citations[0].page_end == 23
    # the same row on one page is cited to that page alone
    one = compose(read("What is the Public Health reserve drawdown?", weights),
                  [Passage(chunk=replace(chunk, page_end=22), score=1.0)])
    assert one.found and one.citations[0].page_end is None


def test_a_row_of_a_table_over_a_page_break_cites_its_own_page():
    """A table chunk running over pages 22–23: the row printed on p. 23 is cited to p. 23, not the table's first page."""
    from assistant.answers.answer import compose
    from assistant.papers.tables import Row, Table
    from assistant.papers.tablechunks import table_json

    rows = (Row("Safety Valve drawdown", None, ("-2,500.0",), False, 22), Row("Marmot Initiative", None, ("-90.0",), False, 23))
    table = Table("Drawdowns from reserves", None, "", ("Headline", "2025-26"), "£000s", rows, 22, 23)
    rendered = tuple(f"Drawdowns from reserves — {r.label} — 2025-26: {r.cells[0]}" for r in rows)
    chunk = Chunk(id="t", text="Drawdowns from reserves\n" + "\n".join(rendered), source="budget.pdf", title="Budget",
                  committee="County Council", meeting_date="2025-02-13", doc_type="appendix", page=22, page_end=23,
                  kind="table", rows=rendered, table=table_json(table, [f"{r.label} {r.cells[0]}" for r in rows]))
    weights = {"marmot": 4.0, "initiative": 2.0, "drawdown": 2.0}
    answer = compose(read("What is the drawdown for the Marmot Initiative?", weights), [Passage(chunk=chunk, score=1.0)])
    assert answer.found and "Marmot" in answer.citations[0].quote
    assert answer.citations[0].page == 23 and answer.citations[0].page_end is None


def test_a_kpi_box_cites_the_page_it_is_printed_on(tmp_path):
    def draw(pdf):
        pdf.multi_cell(0, 5, "Key Performance Indicators", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5, "Percentage of phone calls to Contact Point which were answered GREEN", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.multi_cell(0, 5, "Latest: 94% Target: 90%, Floor: 85% Previous: 89% (Amber)", new_x="LMARGIN", new_y="NEXT")
        pdf.add_page()
        pdf.multi_cell(0, 5, "Number of foster households RED", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.multi_cell(0, 5, "Latest: 613 Target: 700, Floor: 650 Previous: 612 (Red)", new_x="LMARGIN", new_y="NEXT")
    chunks = _chunks(_pdf(tmp_path / "kpi2.pdf", draw))
    a = _ask("How many foster households were there at Q3?", chunks)
    assert a is not None and "Latest: 613" in a.answer
    assert a.citations[0].page == 2
