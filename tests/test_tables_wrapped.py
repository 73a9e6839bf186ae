"""Tables that are not ruled grids, on fpdf2 PDFs written here: KPI boxes whose lines run together, a reserves
table whose labels and descriptions wrap round their figures, a directorate table under headings standing alone."""
from __future__ import annotations

from pathlib import Path

from assistant.answers.lookup import lookup
from assistant.answers.query import read
from assistant.papers.tables import find_tables
from assistant.records import Chunk, Passage
from buildkit import drawn_pdf as _pdf, parsed_chunks as _chunks


def _ask(question: str, chunks: list[Chunk]):
    """Lookup over the chunks ranked by how many of the question's words they hold."""
    q = read(question)
    scored = sorted(chunks, key=lambda c: -len(set(q.terms) & set(c.text.lower().split())))
    return lookup(q, [Passage(chunk=c, score=1.0) for c in scored[:6]])


def _layout(path: Path) -> str:
    import pypdf

    return pypdf.PdfReader(str(path)).pages[0].extract_text(extraction_mode="layout")


def kpi_page(path: Path) -> Path:
    """Boxes one after another with no rule between: a colon left out, thousands, a note under the figures,
    a name ending in its rating on the same line, and a page heading over the first box."""
    def draw(pdf):
        for line in ("Performance Indicators",
                     "Number of eligible people receiving an NHS Health Check",
                     "(Rolling 12 months)", "GREEN",
                     "Latest: 33,550 Target: 31,000, Floor: 24,800 Previous: 33,194 (Green)",
                     "Number of Adults accessing structured substance misuse treatment during a",
                     "rolling 12-month period", "AMBER",
                     "Latest: 5,534 Target: 5,998, Floor: 5,000 Previous 5,473 (Amber)",
                     "No data for Dec-24 available at time of reporting",
                     "Successful completion of drug and alcohol treatment - rolling 12 months GREEN",
                     "Latest: 27.4% Target: 25%, Floor: 20% Previous: 28.2% (Green)"):
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return _pdf(path, draw)


def test_kpi_boxes_whose_lines_run_together(tmp_path):
    from assistant.answers.kpis import indicators

    chunks = _chunks(kpi_page(tmp_path / "qpr.pdf"))
    text = "\n".join(c.text for c in chunks if c.kind == "text")
    got = {i.name: i for i in indicators(text)}
    assert set(got) == {"Number of eligible people receiving an NHS Health Check (Rolling 12 months)",
                        "Number of Adults accessing structured substance misuse treatment during a rolling 12-month period",
                        "Successful completion of drug and alcohol treatment - rolling 12 months"}
    nhs = got["Number of eligible people receiving an NHS Health Check (Rolling 12 months)"]
    assert (nhs.latest, nhs.target, nhs.floor, nhs.previous, nhs.rating) == ("33,550", "31,000", "24,800", "33,194", "GREEN")
    adults = got["Number of Adults accessing structured substance misuse treatment during a rolling 12-month period"]
    assert (adults.latest, adults.previous, adults.was) == ("5,534", "5,473", "Amber")
    a = _ask("What is the latest figure for successful completion of drug and alcohol treatment?", chunks)
    assert a is not None and "Latest: 27.4%; Target: 25%" in a.answer and "5,534" not in a.answer
    a = _ask("How many adults are accessing structured substance misuse treatment?", chunks)
    assert a is not None and "Latest: 5,534" in a.answer and "Previous: 5,473" in a.answer


RESERVES = [  # label lines, figures, description lines: label and description centred on the figures' line
    (["General Fund", "(including Commercial", "Services General Fund)"], ("-43.0", "7.1", "-35.9"),
     ["£5.1m contribution to reserves towards a balance", "of between 5% and 10% of net revenue budget.",
      "£11.1m contribution to repay the drawdown", "required in 2022-23 to fund the overspend",
      "£23.3m drawdown to fund the forecast overspend."]),
    (["Vehicle, Plant & Equipment"], ("-22.6", "1.5", "-21.1"),
     ["Drawdowns and contributions to manage assets", "with a life of more than one financial year."]),
    (["Smoothing"], ("-148.7", "11.4", "-137.3"), ["Includes the £9.1m budgeted drawdown"]),
    (["Public Health"], ("-17.0", "1.9", "-15.1"),
     ["Drawdown of the Public Health reserve to fund", "one-off costs and to balance the budget plans"]),
    (["Trading"], ("-1.7", "0.0", "-1.7"), []),
    (["Total Earmarked Reserves"], ("-314.6", "26.9", "-287.7"), []),
]


def reserves_pdf(path: Path) -> Path:
    """An unruled reserves table: a three-line header and rows whose label and last column wrap."""
    def draw(pdf):
        pdf.cell(0, 5, "Reserves Monitoring", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        y = pdf.get_y()
        for x, words in ((75, ("Opening", "Balance", "01/04/24")), (100, ("Forecast", "Contribution", "/ Drawdown")),
                         (130, ("Projected", "Balance", "31/03/25")), (160, ("", "Details of key movements", ""))):
            for n, w in enumerate(words):
                pdf.text(x, y + 4 * n, w)
        pdf.text(30, y + 4, "Reserve")
        y += 14
        for labels, figures, notes in RESERVES:
            height = max(len(labels), len(notes), 1)
            middle = y + 4 * ((height - 1) // 2)
            for n, label in enumerate(labels):
                pdf.text(20, middle + 4 * (n - (len(labels) - 1) // 2), label)
            for x, fig in zip((80, 108, 135), figures):
                pdf.text(x, middle, fig)
            for n, note in enumerate(notes):
                pdf.text(160, middle + 4 * (n - (len(notes) - 1) // 2), note)
            y += 4 * height + 1
    return _pdf(path, draw, landscape=True)


def test_rows_wrapping_round_their_figures(tmp_path):
    path = reserves_pdf(tmp_path / "reserves.pdf")
    tables = find_tables(_layout(path))
    assert len(tables) == 1
    table = tables[0]
    assert table.header == ("Opening Balance 01/04/24", "Forecast Contribution / Drawdown", "Projected Balance 31/03/25",
                            "Details of key movements")
    first = table.rows[0]
    assert "General Fund (including Commercial Services General Fund) — Opening Balance 01/04/24: -43.0;" in first
    assert "Projected Balance 31/03/25: -35.9; Details of key movements: £5.1m contribution" in first
    assert first.endswith(" …") and "Drawdowns and" not in first  # a long description is cut where it is quoted
    label, cells = table.cells[0]  # and kept whole in the table's record
    assert label == "General Fund (including Commercial Services General Fund)" and cells[:3] == ("-43.0", "7.1", "-35.9")
    assert cells[3].endswith("£23.3m drawdown to fund the forecast overspend.") and "Drawdowns" not in cells[3]
    assert len(table.rows) == len(RESERVES)
    assert table.raw_rows[0] == "General Fund (including Commercial Services General Fund) -43.0 7.1 -35.9"
    health = next(r for r in table.rows if "Public Health —" in r)
    assert "-15.1" in health and "one-off costs" in health and "budgeted drawdown" not in health
    a = _ask("What is the projected balance of the general fund reserve at 31/03/25?", _chunks(path))
    assert a is not None and "-35.9" in a.answer and "-137.3" not in a.answer


def directorates_pdf(path: Path) -> Path:
    """Right-aligned directorate names under headings printed over two lines, one of them standing alone."""
    def draw(pdf):
        pdf.cell(0, 5, "Table 1: Revenue forecast by directorate", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        y = pdf.get_y()
        pdf.text(98, y, "Revised")
        for x, word in ((98, "Budget"), (123, "Forecast"), (148, "Variance")):
            pdf.text(x, y + 4, word)
        y += 10
        for name, budget, forecast, variance in (("Adult Social Care & Health", "586.1", "621.6", "+35.4"),
                                                 ("Children, Young People & Education", "430.6", "420.8", "-9.9"),
                                                 ("Growth, Environment & Transport", "202.9", "209.2", "+6.3"),
                                                 ("Chief Executive's Department", "30.5", "29.3", "-1.2"),
                                                 ("Directorates Position", "1,432.3", "1,455.6", "+23.3")):
            pdf.set_xy(10, y - 3)
            pdf.cell(75, 4, name, align="R")
            for x, fig in ((100, budget), (125, forecast), (150, variance)):
                pdf.text(x, y, fig)
            y += 5
    return _pdf(path, draw)


def test_headings_standing_alone_head_their_column(tmp_path):
    path = directorates_pdf(tmp_path / "dirs.pdf")
    tables = find_tables(_layout(path))
    assert len(tables) == 1
    assert tables[0].title == "Table 1: Revenue forecast by directorate"
    assert tables[0].header == ("Revised Budget", "Forecast", "Variance")
    assert "Children, Young People & Education — Revised Budget: 430.6; Forecast: 420.8; Variance: -9.9" in tables[0].rows[1]
    chunks = _chunks(path)
    a = _ask("Which directorate was forecasting the biggest underspend?", chunks)
    assert a is not None and "Children, Young People & Education -9.9" in a.answer
    a = _ask("Which directorate was forecasting the biggest overspend?", chunks)
    assert a is not None and "Adult Social Care & Health +35.4" in a.answer
