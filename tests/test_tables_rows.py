"""Which row and column a figure question means, on fpdf2 PDFs written here: a row's total when no column is
named, a table of another year left alone, a row named by its text cells, a sum asked for and not its rate."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.answers.lookup import lookup
from assistant.answers.query import read
from assistant.records import Chunk, Passage
from buildkit import drawn_pdf as _pdf, parsed_chunks as _chunks, table_pdf

CAUSES = ("Area", "Falls", "Assault", "Self Harm", "Total")



def admissions_pdf(path: Path) -> Path:
    """Two tables alike but for their year, named only in the caption: postcodes down, causes and a total across."""
    def draw(pdf):
        for year, rows in (("2010/11", (("CV1", "13", "5", "10", "28"), ("CV6", "60", "4", "31", "95"))),
                           ("2011/12", (("CV1", "31", "6", "12", "49"), ("CV6", "70", "8", "27", "105")))):
            pdf.cell(0, 6, f"{year} Emergency hospital admissions of children by postcode and injury type",
                     new_x="LMARGIN", new_y="NEXT")
            with pdf.table(line_height=5) as table:
                table.row(CAUSES)
                for r in rows:
                    table.row(r)
            pdf.ln(6)
    return _pdf(path, draw)


def investments_pdf(path: Path) -> Path:
    """A treasury list: the instrument type repeats, the counterparty in a text column names the row."""
    bills = [("Bills", "DMO", amount, rate) for amount, rate in (("4,936,737", "5.1400%"), ("4,874,936", "5.2000%"),
                                                                 ("3,316,591", "5.2250%"))]
    return table_pdf(path, title="Investments as at 30 September 2024", rows=[
        ("Instrument Type", "Counterparty", "Principal Amount £", "Interest Rate"), *bills,
        ("Call Account", "National Westminster Bank plc", "1,000,000", "3.25%"),
        ("Call Account", "Lloyds Bank plc", "5,000,000", "4.64%"),
        ("Money Market Funds", "LGIM GBP Liquidity Class 4", "19,998,420", "5.0002%"),
        ("Money Market Funds", "Aberdeen GBP Liquidity Class L3", "19,994,995", "5.0132%")])


def _ask(question: str, chunks: list[Chunk]):
    q = read(question)
    scored = sorted(chunks, key=lambda c: -len(set(q.terms) & set(c.text.lower().split())))
    return lookup(q, [Passage(chunk=c, score=1.0) for c in scored[:6]])


def test_no_column_named_is_the_rows_total(tmp_path):
    chunks = _chunks(admissions_pdf(tmp_path / "a.pdf"))
    a = _ask("How many emergency admissions were there among children in CV6 in 2011/12?", chunks)
    assert a is not None and "CV6 — Total: 105" in a.answer
    a = _ask("How many admissions for assault in CV6 in 2011/12?", chunks)  # a column named: its cell
    assert a is not None and "Assault: 8" in a.answer


def test_a_table_captioned_with_another_year_is_not_read_for_this_one(tmp_path):
    chunks = _chunks(admissions_pdf(tmp_path / "a.pdf"))
    a = _ask("How many self harm admissions in CV1 in 2010/11?", chunks)
    assert a is not None and "Self Harm: 10" in a.answer and a.answer.startswith("2010/11")
    a = _ask("How many self harm admissions in CV1 in 2011/12?", chunks)
    assert a is not None and "Self Harm: 12" in a.answer and a.answer.startswith("2011/12")
    assert _ask("How many self harm admissions in CV1 in 2014/15?", chunks) is None  # neither table is of that year


def test_a_row_is_named_by_its_text_cells_and_a_sum_is_not_its_rate(tmp_path):
    chunks = _chunks(investments_pdf(tmp_path / "i.pdf"))
    a = _ask("How much was invested in the LGIM GBP Liquidity money market fund?", chunks)
    assert a is not None and "Principal Amount £: 19,998,420" in a.answer and "5.0002" not in a.answer
    a = _ask("What interest rate did the LGIM GBP Liquidity fund earn?", chunks)
    assert a is not None and "5.0002%" in a.answer
    # two rows share "Call Account": the answer names the one meant by its counterparty; both parts are given
    a = _ask("How much was in the Lloyds call account and at what rate?", chunks)
    assert a is not None and "Call Account Lloyds Bank plc" in a.answer
    assert "5,000,000" in a.answer and "4.64%" in a.answer and "1,000,000" not in a.answer


def projects_pdf(path: Path) -> Path:
    """Projects listed under their directorate's code: a project is named by its cell, codes and all."""
    return table_pdf(path, title="Potential capital projects 2025-26 to 2034-35", rows=[
        ("Directorate", "Project", "Total Cost £000s", "2025-26 £000s"),
        ("GET", "A229 Bluebell Hill M20 Link", "243,017", "1,000"), ("GET", "Thanet Parkway Station", "73,368", "3,213"),
        ("CYPE", "Schools Modernisation Programme", "43,500", "4,000"), ("GET", "A28 Sturry Link Road", "37,140", "2,100"),
        *[("GET", name, cost, "0") for name, cost in (("Fans", "1,000"), ("Bridges", "2,380"), ("Depots", "3,150"))]])


def test_a_project_named_with_road_codes_is_its_row(tmp_path):
    chunks = _chunks(projects_pdf(tmp_path / "p.pdf"))
    a = _ask("What is the total cost of the A229 Bluebell Hill M20 link?", chunks)
    assert a is not None and "GET A229 Bluebell Hill M20 Link — Total Cost: 243,017" in a.answer


def funds_pdf(path: Path) -> Path:
    """Two return columns under one heading: the income return and the total return."""
    return table_pdf(path, title="Pooled fund investments as at 30 September 2024", rows=[
        ("Investment Fund", "Market Value £m", "Return Income %", "Return Total %"),
        ("CCLA Property Fund", "54.0", "2.44", "2.12"), ("M&G Dividend Fund", "16.0", "3.12", "12.55"),
        ("Aegon Income Fund", "19.2", "3.95", "5.60"), ("Total Investments", "89.2", "2.49", "3.85")])


def test_the_column_the_question_names_more_of_is_the_one_compared(tmp_path):
    chunks = _chunks(funds_pdf(tmp_path / "f.pdf"))
    a = _ask("Which pooled fund had the highest total return?", chunks)
    assert a is not None and "highest Return Total %: M&G Dividend Fund 12.55" in a.answer
    a = _ask("Which pooled fund had the highest income return?", chunks)
    assert a is not None and "highest Return Income %: Aegon Income Fund 3.95" in a.answer



def outcomes_pdf(path: Path) -> Path:
    """Months across, outcomes down, with their total: "which month had the most" reads the Total row."""
    return table_pdf(path, title="CAF outcomes (rolling months)", rows=[
        ("Outcome", "Sep-14", "Oct-14", "Nov-14", "Dec-14", "Total"),
        ("Action Plan completed", "120", "180", "130", "150", "580"),
        ("Referral to Social Care", "40", "60", "45", "70", "215"),
        ("Non-engagement", "12", "22", "12", "9", "55"), ("Total", "172", "262", "187", "229", "850")])


def test_which_month_is_read_across_the_row(tmp_path):
    chunks = _chunks(outcomes_pdf(tmp_path / "o.pdf"))
    a = _ask("Which month had the highest total number of CAF outcomes?", chunks)
    assert a is not None and "Total — highest: Oct-14 262" in a.answer and "Total 850" not in a.answer
    a = _ask("In which month were referrals to social care highest?", chunks)
    assert a is not None and "Referral to Social Care — highest: Dec-14 70" in a.answer


REASONS = ("6.1 During the period 26 foster carer households left the service.\n"
           "Of the 26 households who left the following reasons were given:\n"
           "8 Because of Special Guardianship orders, Adoption or Residence Orders\n"
           "3 Connected Person's Carers the children moved to other family members\n"
           "1 Moved to independent Fostering Agency\n"
           "6 Family Issues (Marriage breakdown, Health)\n"
           "1 Matching difficulties")


def test_a_counted_list_under_its_lead_in_is_read_as_a_column():
    chunk = Chunk(id="r", text=REASONS, source="fostering.pdf", title="Fostering annual report", committee="Cabinet Member",
                  meeting_date="2012-10-16", doc_type="report", page=83, page_end=83, section="6. Foster carers leaving")
    a = lookup(read("What was the most common reason foster carer households gave for leaving?"),
               [Passage(chunk=chunk, score=1.0)])
    assert a is not None and "Because of Special Guardianship orders, Adoption or Residence Orders 8" in a.answer
    assert "Family Issues (Marriage breakdown, Health) 6" in a.answer  # the runner-up is named
    agenda = replace(chunk, text="Agenda:\n1 Apologies for absence\n2 Minutes of the last meeting\n3 Fostering report")
    assert lookup(read("Which agenda item had the most?"), [Passage(chunk=agenda, score=1.0)]) is None


def test_a_counted_list_is_one_paragraph_not_a_run_of_items():
    from assistant.papers.paragraphs import _listed

    lines = [(1, n, line) for n, line in enumerate(REASONS.splitlines())]
    assert _listed(lines) >= {2, 3, 4, 5, 6}
    agenda = [(1, n, line) for n, line in enumerate(["1 Apologies for absence", "2 Minutes of the last meeting"])]
    assert not _listed(agenda)


def test_the_rows_kind_does_not_make_a_column_the_one_compared(tmp_path):
    chunks = _chunks(table_pdf(tmp_path / "w.pdf", title="The five wards with the highest IMD scores in Kent", rows=[
        ("Ward", "Score", "Rank (out of 290 Kent wards)"), ("Margate Central", "64.47", "1"), ("Sheerness", "58.45", "2"),
        ("Cliftonville West", "57.63", "3"), ("Newington", "52.54", "4")]))
    q = read("Which ward has the highest IMD score in Kent?", {"ward": 3.0, "imd": 4.0, "scor": 3.0, "kent": 1.0})
    a = lookup(q, [Passage(chunk=c, score=1.0) for c in chunks])
    assert a is not None and "highest Score: Margate Central 64.47" in a.answer
