"""Test data written by the tests themselves: a small council pack as a PDF, a .txt pack, and one
index built from them with the real model, shared by every test that needs it."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assistant.settings import BUNDLED_MODEL, Settings

PACK_NAME = "Public reports pack 10th-Dec-2015 14.00 Test Scrutiny Board.pdf"
TEXT_PACK_NAME = "Cabinet 2016-03-01 Decisions.txt"
RUNNING_HEADER = "Test City Council - Board Papers"

Cell = tuple[float, str]  # (x in mm from the left edge, text)
Line = str | list[Cell]  # a plain line at the left margin, or cells placed at x positions

LONG_PARAGRAPH = " ".join(
    f"The service reviewed placement number {n} with the provider and agreed that the weekly cost, the "
    f"length of stay and the outcomes for the child would be reported to the Board each quarter."
    for n in range(1, 25))

# The pack: an agenda front sheet, the minutes of the previous meeting, a briefing note with a
# table laid out in columns, a blank page, and a report with one over-long paragraph.
PACK_PAGES: list[list[Line]] = [
    ["Test Scrutiny Board",
     "Time and Date",
     "2.00 pm on Thursday, 10th December, 2015",
     "Place",
     "Committee Room 3, Council House",
     "Public Business",
     "1. Apologies",
     "2. Minutes of the Previous Meeting",
     "3. Children Services Agency Spend",
     "4. Placement Costs"],
    [RUNNING_HEADER,
     "Minutes of the Meeting of the Test Scrutiny Board held at 2.00 pm on Thursday, 5 November 2015",
     "Present: Cllr A Smith (Chair), Councillor B Jones",
     "29. Foster Care Recruitment",
     "The Board considered a report on foster carer recruit-",
     "ment and the \u2018Mockingbird\u2019 model of support for carers.",
     "RESOLVED that the Board notes the progress on foster carer recruitment.",
     "30. Agency Social Workers",
     "The Board asked why agency staff were still needed in the \u201cduty\u201d teams.",
     "RESOLVED that a further report on agency social workers be brought in March 2016."],
    [RUNNING_HEADER,
     "Briefing note",
     "To: Test Scrutiny Board 10th December 2015",
     "Subject: Children Services Agency Spend",
     "1 Purpose of the Note",
     "1.1 To inform the Board of the spend on agency social workers in Children's Services.",
     "",
     [(20, "Children Services Agency Spend in"), (110, "2014/15"), (150, "2015/16 to date")],
     [(20, "Actual"), (110, "\u00a38.3 m"), (150, "\u00a33.8 m")],
     [(20, "Budget"), (110, "\u00a35.0 m"), (150, "\u00a34.0 m")],
     [(20, "Variance"), (110, "\u00a33.3 m"), (150, "-\u00a30.2 m")],
     "",
     "1.2 The service expects agency spend to fall as permanent social workers are recruited.",
     "2 Next Steps",
     "2.1 A further note on the recruitment campaign will come to the Board in March 2016."],
    [RUNNING_HEADER,
     "This page is intentionally left blank"],
    [RUNNING_HEADER,
     "Public report",
     "Report of the Director of Children's Services",
     "Subject: Placement Costs",
     "1. Placement Costs",
     *textwrap.wrap(LONG_PARAGRAPH, 95)],
]

TEXT_PACK = """Cabinet decisions
Decision 12 Fostering allowances
The Cabinet agreed the \ufb01nal \ufb02exible fostering allowance of \u00a3250 a week from April 2016.
Cllr C Patel said the \u201cnew rates\u201d would help recruit carers.
"""


def write_pdf(path: Path, pages: list[list[Line]], stamp: bool = True) -> Path:
    """Write a PDF with one line every 6 mm; `stamp` adds a "Page N" footer to every page.

    Text goes through the core Helvetica font in windows-1252, so curly quotes survive but a
    ligature such as U+FB01 does not (the .txt pack carries those).
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        y = 20.0
        for line in lines:
            for x, text in ([(20.0, line)] if isinstance(line, str) else line):
                if text:
                    pdf.text(x, y, text)
            y += 6
        if stamp:
            pdf.text(100, 285, f"Page {n}")
    pdf.output(str(path))
    return path


def read_document(path: Path):
    """A PDF the tests wrote, read as the index reads it: its pages and what its name and pages say it is."""
    from assistant.papers.ingest import read_pages
    from assistant.papers.structure import describe
    from assistant.records import Document

    pages = read_pages(path)
    return Document(source=path.name, sha256="", pages=tuple(pages), **describe(path.name, pages))


def read_meetings(folder: Path) -> list:
    """The meeting records of the PDFs in a folder, merged as the index merges them."""
    from assistant.papers import frontsheet, meetings

    return meetings.merge([m for p in sorted(folder.glob("*.pdf")) for m in frontsheet.extract(read_document(p))])


def open_meetings_page(monkeypatch, index: Path, corpus: Path, meeting: str):
    """The app's Meetings page over an index, run headless (Streamlit's AppTest) with one meeting chosen."""
    import sys

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BOARDQA_INDEX_DIR", str(index))
    monkeypatch.setenv("BOARDQA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("BOARDQA_MODEL", BUNDLED_MODEL)
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])  # AppTest runs the page as __main__
    page = str(Path(__file__).resolve().parent.parent / "views" / "1_Meetings.py")
    at = AppTest.from_file(page, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="meeting").set_value(meeting).run()
    return at


def write_pack(folder: Path, name: str = PACK_NAME) -> Path:
    """The five-page test pack described by PACK_PAGES."""
    folder.mkdir(parents=True, exist_ok=True)
    return write_pdf(folder / name, PACK_PAGES)


def write_text_pack(folder: Path, name: str = TEXT_PACK_NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(TEXT_PACK, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_pack(folder)
    write_text_pack(folder)
    (folder / "broken.pdf").write_bytes(b"this is not a PDF")  # must be skipped, never stop the run
    return folder


@pytest.fixture(scope="session")
def settings(tmp_path_factory, corpus) -> Settings:
    """Settings for the shared index; the model is pinned so no environment variable changes it."""
    return Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"), model=BUNDLED_MODEL)


@pytest.fixture(scope="session")
def built(settings, corpus):
    """ONE index built with the real model and real FAISS; returns the build summary."""
    from assistant.indexing.build import build

    return build([corpus], settings, workers=0)


@pytest.fixture(scope="session")
def index(built, settings):
    from assistant.indexing.store import Index

    return Index.open(settings.index_dir, settings.model)


@pytest.fixture(scope="session")
def chunks(index) -> list:
    return list(index.all_chunks())
