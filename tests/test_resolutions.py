"""Resolutions as records: extraction from minutes (text and PDF), votes, dates, storage, search and the CLI."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from buildkit import HashEmbedder
from click.testing import CliRunner
from conftest import write_pdf

from assistant.answers.decisions import filter_records, search_resolutions
from assistant.cli import main
from assistant.papers.ingest import read_pages
from assistant.papers.minutes import agenda_items, cite_page, printed_pages
from assistant.papers.resolutions import Resolution, extract
from assistant.papers.structure import describe
from assistant.records import Document, Page
from assistant.settings import BUNDLED_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent

COVENTRY_PACK = [
    ["Test Scrutiny Board",
     "Time and Date",
     "2.00 pm on Thursday, 10th December, 2015",
     "Public Business",
     "1. Apologies",
     "2. Minutes (Pages 2 - 3)",
     "3. Agency Spend (Pages 4 - 4)"],
    ["Minutes of the Meeting of Test Scrutiny Board",
     "held at 2.00 pm on Thursday, 5 November 2015",
     "Present: Councillor A Smith (Chair)",
     "Public Business",
     "27. Declarations of Interests",
     "There were no disclosable pecuniary interests.",
     "28. Foster Care Recruitment",
     "The Board considered a report on foster carer recruitment.",
     "RESOLVED that the Scrutiny Board",
     "1. acknowledge the progress on foster carer recruitment and thank the",
     "fostering team for their work.",
     "2. recommend that the Cabinet Member for Children and Young People investigate"],
    ["options for a regional fostering allowance.",
     "3. request a further report on foster carer retention",
     "29. Agency Social Workers",
     "The Board asked why agency staff were still needed.",
     "RESOLVED that a report on the use of agency social workers be brought to",
     "the March 2016 meeting.",
     "30. Work Programme",
     "The Scrutiny Board noted the work programme.",
     "(Meeting closed at 4.00 pm)"],
    ["Briefing note",
     "To: Test Scrutiny Board 10th December 2015",
     "Subject: Agency Spend",
     "1.1 The Board is recommended to note the spend on agency social workers."],
]

KENT_MINUTES = """KENT COUNTY COUNCIL

COUNTY COUNCIL

MINUTES of a meeting of the County Council held in the Council Chamber,
Sessions House, County Hall, Maidstone on Thursday, 13 March 2025.

PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman)

292.   Apologies for Absence
(Item 1)

The Democratic Services Manager reported apologies from Mr Bond.

293.   Minutes of the meeting held on 13 February 2025 and, if in order, to be
approved as a correct record
(Item 3)

RESOLVED that the minutes of the Council meeting held on 13 February 2025
be approved as a correct record.

294.   Governance Updates
(Item 15)

1) Mr Gough proposed, and Mr Jeffrey seconded the motion that

"Council is asked to approve the amended Constitution at Appendix 2."

2) Mr Holden proposed and Mr Lewis seconded the following amendment:

"Council is asked to reject the proposed additional text."

3) Following the debate the Chairman put the amendment set out in paragraph
2 to the vote and the voting was as follows:

For (12)

Mr Baker, Mr Brady

Against (42)

Mr Gough, Mr Oakford

Abstain (7)

Amendment lost.

4) Following the debate, the Chairman put the substantive motion to the vote
and the voting was as follows:

For (39)

Mr Baker, Mr Brady, Mrs Bell

Against (19)

Mr Baldock, Mrs Dean MBE

Abstain (0)

Substantive Motion carried.
\f
5) RESOLVED that Council:

(i)  Notes with thanks the contribution of the Members of the
Governance Working Party;
(ii)  Approves the amended Constitution at Appendix 2; and
(iii)  Delegates authority to the Monitoring Officer to make further
necessary changes to the Constitution.

295.   Treasury Management
(Item 12)

1) Mr Oakford proposed, and Mr Rayner seconded the motion that

"Council is asked to endorse the report."

2) Mr Brady proposed and Ms Meade seconded that the motion be put to the vote.
Agreed.

3) RESOLVED that Council endorses the report.
"""


def _doc(name: str, pages: list[Page]) -> Document:
    return Document(source=name, sha256="", pages=tuple(pages), **describe(name, pages))


def _text_doc(name: str, text: str) -> Document:
    pages = [Page(number=i, text=t) for i, t in enumerate(text.split("\f"), 1)]
    return _doc(name, pages)


@pytest.fixture(scope="module")
def coventry_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("resolutions_pdf")
    return write_pdf(folder / "Public reports pack 10th-Dec-2015 14.00 Test Scrutiny Board.pdf", COVENTRY_PACK)


@pytest.fixture(scope="module")
def coventry_records(coventry_pdf) -> list[Resolution]:
    pages = read_pages(coventry_pdf)
    return extract(_doc(coventry_pdf.name, pages))


def test_pdf_minutes_carry_the_previous_meeting_date_and_items(coventry_records):
    assert [r.item for r in coventry_records] == ["28", "29"]
    assert {r.meeting_date for r in coventry_records} == {"2015-11-05"}  # the minutes' meeting, not the pack's
    assert coventry_records[0].item_title == "Foster Care Recruitment"
    assert coventry_records[0].committee == "Test Scrutiny Board"


def test_sub_resolutions_run_on_across_lines_and_pages(coventry_records):
    first = " ".join(coventry_records[0].text.split())
    assert first.startswith("RESOLVED that the Scrutiny Board 1. acknowledge the progress")
    assert "fostering team for their work." in first
    assert "investigate options for a regional fostering allowance." in first  # over the page break
    assert first.endswith("request a further report on foster carer retention")
    assert coventry_records[0].page == 2
    second = " ".join(coventry_records[1].text.split())
    assert second == "RESOLVED that a report on the use of agency social workers be brought to the March 2016 meeting."
    assert coventry_records[1].page == 3


def test_report_recommendations_and_noting_are_not_resolutions(coventry_records):
    texts = " ".join(r.text for r in coventry_records)
    assert "noted the work programme" not in texts
    assert "is recommended to note" not in texts


def test_printed_pages_and_agenda_items(coventry_pdf):
    doc = _doc(coventry_pdf.name, read_pages(coventry_pdf))
    assert printed_pages(doc)[2] == 2
    items = agenda_items(doc)
    assert [(a.number, a.title) for a in items] == [("1", "Apologies"), ("2", "Minutes"), ("3", "Agency Spend")]
    assert (items[1].page, items[1].page_end, items[1].printed) == (2, 3, (2, 3))
    assert cite_page(26, 23) == "pack page 23 (PDF page 26)"
    assert cite_page(5, 5) == "page 5"


def test_kent_minutes_votes_and_lists():
    records = extract(_text_doc("full_council/2025-03-13/Printed minutes 13th-Mar-2025 10.00 County Council.pdf",
                                KENT_MINUTES))
    by_kind = {}
    for r in records:
        by_kind.setdefault(r.kind, []).append(r)
    assert {r.meeting_date for r in records} == {"2025-03-13"}
    assert {r.committee for r in records} == {"County Council"}
    minutes, governance, treasury = by_kind["resolved"]
    assert (minutes.item, minutes.item_title) == ("293", "Minutes of the meeting held on 13 February 2025 and, "
                                                         "if in order, to be approved as a correct record")
    assert governance.item == "294" and governance.page == 2
    assert governance.votes == {"for": 39, "against": 19, "abstain": 0, "outcome": "carried"}
    text = " ".join(governance.text.split())
    assert text.startswith("RESOLVED that Council: (i) Notes with thanks")
    assert text.endswith("make further necessary changes to the Constitution.")
    lost = by_kind["vote"]
    assert len(lost) == 1 and lost[0].votes == {"for": 12, "against": 42, "abstain": 7, "outcome": "lost"}
    assert "reject the proposed additional text" in lost[0].text  # the amendment the vote was on
    assert treasury.votes is None and treasury.text == "RESOLVED that Council endorses the report."
    agreed = by_kind["agreed"]
    assert len(agreed) == 1 and "be put to the vote" in agreed[0].text


def test_record_of_decision():
    text = ("KENT COUNTY COUNCIL – RECORD OF DECISION\nDECISION TO BE TAKEN BY:\nCabinet\nDECISION NUMBER:\n"
            "24/00108\nSubject Matter / Title of Decision: Budget Monitoring\n\nDecision:\nThe Cabinet agree to:\n"
            "a) note the forecast revenue overspend of £23.3m\nb) agree the Capital budget changes\n\n"
            "Reason(s) for decision:\nThe position needs to be noted.\n")
    [r] = extract(_text_doc("cabinet/2025-01-30/24-00108 - Record of Decision.pdf", text))
    assert (r.kind, r.committee, r.item, r.item_title) == ("decision", "Cabinet", "24/00108", "Budget Monitoring")
    assert r.text.startswith("The Cabinet agree to:") and "Capital budget changes" in r.text
    assert "Reason" not in r.text


def test_records_round_trip_through_json():
    r = Resolution(text="RESOLVED that x.", committee="Cabinet", meeting_date="2025-01-30", item="3", item_title="T",
                   source="a.pdf", page=2, votes={"for": 1, "against": 0, "abstain": 0, "outcome": "carried"})
    assert Resolution.from_json(json.loads(json.dumps(r.to_json()))) == r
    assert list(r.public()) == ["text", "committee", "meeting_date", "item", "item_title", "source", "page", "votes"]


def test_filters_and_search_rank_the_relevant_record_first(coventry_records):
    kent = extract(_text_doc("kent/Printed minutes 13th-Mar-2025 10.00 County Council.pdf", KENT_MINUTES))
    records = coventry_records + kent
    assert [r.meeting_date for r in filter_records(records)] == sorted(r.meeting_date for r in records)
    assert {r.committee for r in filter_records(records, committee="scrutiny")} == {"Test Scrutiny Board"}
    assert all(r.meeting_date >= "2025-01-01" for r in filter_records(records, date_from="2025-01-01"))
    top = search_resolutions(records, HashEmbedder(), "agency social workers report", k=3)
    assert top[0].item == "29"
    assert search_resolutions(records, None, None) == filter_records(records)


# ----------------------------------------------------------------------------------------- storage and CLI

@pytest.fixture(scope="module")
def resolutions_index(tmp_path_factory, coventry_pdf) -> Settings:
    from assistant.indexing.build import build

    corpus = coventry_pdf.parent
    (corpus / "Printed minutes 13th-Mar-2025 10.00 County Council.txt").write_text(KENT_MINUTES, encoding="utf-8")
    s = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("resolutions_index"), model=BUNDLED_MODEL)
    build([corpus], s, workers=1, embedder=HashEmbedder())
    return s


def test_index_keeps_resolutions_per_document(resolutions_index):
    from assistant.indexing.store import Index

    index = Index.open(resolutions_index.index_dir)
    records = index.resolutions()
    assert {r.source for r in records} == {"Public reports pack 10th-Dec-2015 14.00 Test Scrutiny Board.pdf",
                                           "Printed minutes 13th-Mar-2025 10.00 County Council.txt"}
    assert len(records) == 2 + 5
    docs = {d["source"]: d for d in index.documents()}
    assert [a["title"] for a in docs["Public reports pack 10th-Dec-2015 14.00 Test Scrutiny Board.pdf"]["agenda_items"]] \
        == ["Apologies", "Minutes", "Agency Spend"]


def _cli(settings: Settings, *args: str):
    result = CliRunner().invoke(main, ["resolutions", *args, "--index-dir", str(settings.index_dir)])
    assert result.exit_code == 0, result.output
    return result


def test_cli_json_lists_all_records_in_date_order(resolutions_index):
    out = json.loads(_cli(resolutions_index, "--json").stdout)
    assert len(out) == 7
    assert all(set(r) == {"text", "committee", "meeting_date", "item", "item_title", "source", "page", "votes"}
               for r in out)
    dates = [r["meeting_date"] for r in out]
    assert dates == sorted(dates) and dates[0] == "2015-11-05"
    assert any(r["votes"] == {"for": 39, "against": 19, "abstain": 0, "outcome": "carried"} for r in out)


def test_cli_filters(resolutions_index):
    out = json.loads(_cli(resolutions_index, "--json", "--committee", "county council").stdout)
    assert out and {r["committee"] for r in out} == {"County Council"}
    out = json.loads(_cli(resolutions_index, "--json", "--from", "2015-01-01", "--to", "2015-12-31").stdout)
    assert {r["meeting_date"] for r in out} == {"2015-11-05"}
    bad = CliRunner().invoke(main, ["resolutions", "--from", "March 2015", "--index-dir",
                                    str(resolutions_index.index_dir)])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def test_cli_query_ranks_with_the_real_model(resolutions_index):
    out = json.loads(_cli(resolutions_index, "agency social workers", "--json", "--k", "2").stdout)
    assert len(out) == 2 and out[0]["item"] == "29"
    text = _cli(resolutions_index, "fostering allowance").output
    assert "Test Scrutiny Board" in text and "page 2" in text


def test_cli_says_to_build_when_there_is_no_index(tmp_path):
    result = CliRunner().invoke(main, ["resolutions", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code != 0 and "boardqa index" in result.output


# ----------------------------------------------------------------------------------------- gold

def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_resolutions", ROOT / "scripts" / "eval_resolutions.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_extractor_against_gold_on_the_sample_corpus():
    ev = _eval_module()
    gold = [json.loads(l) for l in (ROOT / "tests" / "gold" / "resolutions.jsonl").read_text().splitlines() if l.strip()]
    assert len({g["source"] for g in gold}) >= 2
    records = []
    for source in sorted({g["source"] for g in gold}):
        records += extract(ev.load_document(ROOT / "corpus" / source, source))
    result = ev.score(records, gold)
    assert result["recall"] == 1.0, result["missed"]
    assert result["precision"] >= 0.9, result["extra"]
    assert result["complete"] == 1.0, result["incomplete"]


def test_cli_names_the_paper_before_the_file(resolutions_index):
    out = _cli(resolutions_index).stdout
    assert "Minutes, " in out and "5 November 2015, page" in out
    assert "[Public reports pack 10th-Dec-2015 14.00 Test Scrutiny Board.pdf]" in out


def test_a_decision_question_naming_a_meeting_date_reads_that_meetings_records(resolutions_index):
    """"What did Cabinet decide on 4 March 2025?" is answered from that meeting's resolutions, not the nearest
    resolution of another meeting; a date with no recorded meeting gives none (the passages answer, or it abstains)."""
    from assistant.service import Assistant

    a = Assistant(resolutions_index, embedder=HashEmbedder())
    q = a.retriever().read("What did the Council resolve on the Treasury Management report on 13 March 2025?")
    got = a._decisions(q, None)
    assert got and all(p.chunk.meeting_date.startswith("2025-03-13") for p in got)
    assert a._decisions(a.retriever().read("What did the Council resolve on the Treasury Management report on "
                                           "20 March 2025?"), None) == []
    # without a date the records of every meeting are ranked
    assert a._decisions(a.retriever().read("What did the Council resolve on the Treasury Management report?"), None)


def test_a_date_filtered_search_embeds_no_record_twice():
    from assistant.answers.decisions import search_resolutions
    from assistant.papers.resolutions import Resolution
    from buildkit import HashEmbedder

    records = [Resolution(text=f"RESOLVED that the {topic} report be noted.", committee="Cabinet",
                          meeting_date=day, item=str(n), item_title=topic, source="m.pdf", page=n)
               for n, (topic, day) in enumerate([("libraries", "2025-03-04"), ("highways", "2025-03-04"),
                                                  ("budget", "2025-02-13")], 1)]
    emb = HashEmbedder()
    assert search_resolutions(records, emb, "libraries", k=1)[0].item_title == "libraries"
    embedded = len(emb.embedded)
    found = search_resolutions(records, emb, "highways", date_from="2025-03-04", date_to="2025-03-04", k=3)
    assert {r.item_title for r in found} == {"libraries", "highways"}  # that day's records only
    assert len(emb.embedded) == embedded + 1  # only the query: the records' vectors were kept
