"""Tables read as tables: fpdf2 PDFs of each table shape, read for cells and headings, then answered by lookup."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from assistant.answers.lookup import lookup
from assistant.papers.tables import value
from assistant.answers.query import read
from assistant.indexing.parse import parse_one
from assistant.papers.grid import extract_tables
from assistant.papers.tables import Table, find_tables, looks_tabular
from assistant.records import Chunk, Passage
from assistant.settings import Settings

DISTRICTS = [("Ashford", "49,832.00", "49,332.00", "83,429.8"), ("Canterbury", "53,348.27", "55,053.98", "93,106.7"),
             ("Sevenoaks", "52,704.12", "53,008.33", "89,647.8"), ("Thanet", "46,454.06", "48,260.89", "81,618.3")]
TOTAL = ("Total", "202,338.45", "205,655.20", "347,802.6")
HEAD = ("District", "2024-25\nFinal Band D\nEquivalent\nTaxbase", "2025-26\nFinal Band D\nEquivalent\nTaxbase",
        "2025-26\nPrecept")
SHARED = Path("/work/shared/corpus")


def _pdf(path: Path, draw) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    draw(pdf)
    pdf.output(str(path))
    return path


def _prose(pdf) -> None:
    pdf.multi_cell(0, 5, "6.4 The tax base is the number of band D equivalent properties in each district, "
                         "after discounts and exemptions, as notified by the districts in January.")
    pdf.ln(2)


def tax_base_pdf(path: Path, ruled: bool = True, rows: int = 1) -> Path:
    """Table 6.2: four-line headers, a unit row, districts and a total; `rows` repeats the districts."""
    def draw(pdf):
        _prose(pdf)
        pdf.cell(0, 6, "Table 6.2 - Tax base changes and 2025-26 Precept", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(borders_layout="ALL" if ruled else "NONE", line_height=5,
                       text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT")) as table:
            table.row(HEAD)
            table.row(("", "", "", "£000s"))
            for n in range(rows):
                for d in DISTRICTS:
                    table.row((d[0] + (f" {n}" if n else ""),) + d[1:])
            table.row(TOTAL)
    return _pdf(path, draw)


def library_pdf(path: Path) -> Path:
    """Group rows ("Core Libraries") and a header spanning two year columns."""
    def draw(pdf):
        pdf.cell(0, 6, "Library Performance", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            head = table.row()
            head.cell("Library")
            head.cell("Visits", colspan=2)
            head.cell("Issues", colspan=2)
            table.row(("", "2017-18", "2018-19", "2017-18", "2018-19"))
            table.row(("Core Libraries", "", "", "", ""))
            table.row(("Central", "410,220", "402,118", "120,004", "118,990"))
            table.row(("Bell Green", "140,200", "137,703", "45,001", "43,588"))
            table.row(("Partnership Libraries", "", "", "", ""))
            table.row(("Earlsdon", "58,000", "57,275", "36,010", "35,386"))
    return _pdf(path, draw)


def _chunks(pdf: Path) -> tuple[dict, list[Chunk]]:
    data = pdf.read_bytes()
    rec, chunks = parse_one(str(pdf), f"t/{pdf.name}", hashlib.sha256(data).hexdigest(), Settings(), data=data)
    return rec, [Chunk.from_json(c) for c in chunks]


def _ask(question: str, chunks: list[Chunk]):
    """Lookup over the table chunks ranked by how many of the question's words they hold."""
    q = read(question)
    scored = sorted(chunks, key=lambda c: -len(set(q.terms) & set(c.text.lower().split())))
    return lookup(q, [Passage(chunk=c, score=1.0) for c in scored[:6]])


def test_ruled_table_headers_units_total_caption(tmp_path):
    (t,) = extract_tables(str(tax_base_pdf(tmp_path / "tb.pdf")))
    assert t.number == "6.2" and t.caption.startswith("Table 6.2")
    assert t.columns[2] == "2025-26 Final Band D Equivalent Taxbase"  # four header lines joined
    assert t.units == "£000s"
    labels = [r.label for r in t.rows]
    assert labels == [d[0] for d in DISTRICTS] + ["Total"]
    assert t.rows[2].cells == DISTRICTS[2][1:]
    assert t.rows[-1].is_total and not t.rows[0].is_total
    assert "band D equivalent properties" in t.intro


def test_table_over_two_pages_is_one_table(tmp_path):
    tables = extract_tables(str(tax_base_pdf(tmp_path / "long.pdf", rows=14)))
    assert len(tables) == 1
    t = tables[0]
    assert t.first_page == 1 and t.last_page == 2
    assert len(t.rows) == 14 * len(DISTRICTS) + 1 and t.rows[-1].is_total
    assert all(r.label != HEAD[0] for r in t.rows)  # the heading repeated on page 2 is not a row


def test_group_rows_and_spanning_header(tmp_path):
    (t,) = extract_tables(str(library_pdf(tmp_path / "lib.pdf")))
    assert t.columns[1:] == ("Visits 2017-18", "Visits 2018-19", "Issues 2017-18", "Issues 2018-19")
    by = {r.label: r for r in t.rows}
    assert set(by) == {"Central", "Bell Green", "Earlsdon"}
    assert by["Bell Green"].group == "Core Libraries" and by["Earlsdon"].group == "Partnership Libraries"
    assert by["Bell Green"].cells[3] == "43,588"


def test_unruled_table_is_left_to_the_layout_reader(tmp_path):
    from assistant.papers.ingest import read_pages

    pdf = tax_base_pdf(tmp_path / "plain.pdf", ruled=False)
    assert extract_tables(str(pdf)) == []
    pages = read_pages(pdf)
    assert looks_tabular(pages[0].text)
    rows = [r for t in find_tables(pages[0].layout) for r in t.rows]
    assert any("Sevenoaks" in r and "53,008.33" in r for r in rows)


def test_gate_skips_prose():
    assert not looks_tabular("The council met on 3 March 2025.\nIt agreed the budget of £1.2bn for 2025-26.\n")
    assert looks_tabular("A 6/9 1,073.88 1,127.46 53.58\nB 7/9 1,252.86 1,315.37 65.21\nC 8/9 1,431.84 1,503.28 71.44")


def test_index_record_and_chunks(tmp_path):
    rec, chunks = _chunks(tax_base_pdf(tmp_path / "tb.pdf"))
    (stored,) = rec["tables"]
    assert Table.from_json(json.loads(json.dumps(stored))) == extract_tables(str(tmp_path / "tb.pdf"))[0]
    rows = [c for c in chunks if c.table and json.loads(c.table)["row"] is not None]
    assert len(rows) == len(DISTRICTS) + 1
    seven = next(c for c in rows if c.text.startswith("Sevenoaks"))
    assert seven.text.splitlines()[0] == "Sevenoaks 52,704.12 53,008.33 89,647.8"  # the row as printed
    assert "Table 6.2" in seven.text and "2025-26 Final Band D Equivalent Taxbase: 53,008.33" in seven.rows[0]
    view = Passage(chunk=seven, score=1.0).to_json()["table"]
    assert view["columns"][0] == "District" and view["rows"][2][0] == "Sevenoaks" and view["row"] == 2
    assert not any(c.kind == "table" and not c.table and "53,008.33" in c.text for c in chunks)  # no second reading


def test_lookup_cell_with_headings(tmp_path):
    _, chunks = _chunks(tax_base_pdf(tmp_path / "tb.pdf"))
    a = _ask("What is Sevenoaks' band D equivalent tax base for 2025-26?", chunks)
    assert a is not None and a.found and a.note == "read from a table"
    assert "Sevenoaks — 2025-26 Final Band D Equivalent Taxbase: 53,008.33 [1]" in a.answer
    assert a.answer.startswith("Table 6.2")
    assert "Sevenoaks 52,704.12 53,008.33 89,647.8" in a.passages[0].text
    a = _ask("What was Sevenoaks' band D equivalent tax base in 2024-25?", chunks)
    assert "52,704.12" in a.answer and "53,008.33" not in a.answer


def test_lookup_over_a_column(tmp_path):
    _, chunks = _chunks(tax_base_pdf(tmp_path / "tb.pdf"))
    a = _ask("Which district has the largest 2025-26 band D equivalent tax base?", chunks)
    assert "Canterbury" in a.answer and "55,053.98" in a.answer and "Thanet 48,260.89" in a.answer
    assert "Total" not in a.answer.split("highest")[1]  # the total row is not a district
    a = _ask("Which district has the smallest 2025-26 band D equivalent tax base?", chunks)
    assert a.answer.split(":")[1].strip().startswith("Thanet")
    a = _ask("By how much did the total band D equivalent tax base change between 2024-25 and 2025-26?", chunks)
    assert "+3,316.75" in a.answer and "202,338.45" in a.answer and "205,655.20" in a.answer


def test_lookup_group_rows_and_periods(tmp_path):
    _, chunks = _chunks(library_pdf(tmp_path / "lib.pdf"))
    a = _ask("How many issues did Bell Green library have in 2018-19?", chunks)
    assert a is not None and "Issues 2018-19: 43,588" in a.answer
    a = _ask("By how much did visits to Central library change between 2017-18 and 2018-19?", chunks)
    assert "-8,102" in a.answer


def test_no_lookup_without_the_row_or_column():
    q = read("What is the weather in Sevenoaks?")
    assert lookup(q, []) is None


def test_cell_values():
    assert value("-£218,780") == -218780.0 and value("(24.8%)") == 24.8 and value("1,073.88") == 1073.88
    assert value("Bell Green") is None and value("") is None


@pytest.mark.skipif(not SHARED.exists(), reason="the sample corpus is not on this machine")
def test_sample_corpus_tables():
    kent = SHARED / "kent/full_council/2025-02-13/February 2025 Kent County Council Budget Report.pdf"
    t61, t62 = extract_tables(str(kent), [20, 21])[:2]
    assert t61.columns[3] == "2025-26 (incl. increase in ASCL)" and t61.units == "£p"
    assert next(r for r in t62.rows if r.label == "Sevenoaks").cells[1] == "53,008.33"
    cov = SHARED / "coventry/Public reports pack 09th-Jan-2020 10.00 Education and Childrens Services Scrutiny Board 2.pdf"
    lib = next(t for t in extract_tables(str(cov), [11, 12]) if any(r.label == "Bell Green" for r in t.rows))
    assert next(r for r in lib.rows if r.label == "Bell Green").cells[:2] == ("137,703", "43,588")


def test_year_printed_once_over_its_columns(tmp_path):
    def draw(pdf):
        pdf.cell(0, 6, "Placement Spend Summary", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            table.row(("Placement", "Budget", "2010/11\nActual", "Variation", "Budget", "2011/12\nActual", "Variation"))
            table.row(("Fostering", "2,542", "6,184", "3,642", "2,542", "6,944", "4,402"))
            table.row(("Residential", "3,869", "4,148", "279", "3,870", "4,783", "913"))
            table.row(("Adoption", "1,210", "1,302", "92", "1,250", "1,198", "-52"))
    (t,) = extract_tables(str(_pdf(tmp_path / "years.pdf", draw)))
    assert t.columns[1:] == ("2010/11 Budget", "2010/11 Actual", "2010/11 Variation",
                             "2011/12 Budget", "2011/12 Actual", "2011/12 Variation")
    _, chunks = _chunks(tmp_path / "years.pdf")
    a = _ask("What was the actual spend on fostering in 2011/12?", chunks)
    assert a is not None and "2011/12 Actual: 6,944" in a.answer


def test_ruled_contents_list_is_not_a_table(tmp_path):
    def draw(pdf):
        pdf.cell(0, 6, "Contents", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            for n, item in enumerate(("Introduction", "Budget summary", "Council tax", "Reserves", "Risks"), 1):
                table.row((f"{n} {item}", str(3 * n)))
    rec, chunks = _chunks(_pdf(tmp_path / "contents.pdf", draw))
    assert len(rec["tables"]) == 1 and not any(c.table for c in chunks)
