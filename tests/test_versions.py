"""Copies and versions: a copy takes its body and date from the copy whose folder gives them, a political
group is no body, and a draft and its final version are linked, the final preferred unless the draft is asked."""
from __future__ import annotations

import json
import re

import pytest
from buildkit import write_pdf

from assistant.cli.documents import document_rows
from assistant.indexing.build import build
from assistant.indexing.store import read_documents
from assistant.indexing.versions import signature, similarity
from assistant.settings import BUNDLED_MODEL, Settings
from assistant.text.bodies import UNKNOWN, display

PROSE = ("The council's capital programme for the ten years from 2025-26 invests in schools, highways and "
         "social care. Officers consulted residents and businesses during the autumn, and the programme "
         "reflects the priorities they raised, including road maintenance and special school places. "
         "The programme is funded from borrowing, grants, developer contributions and capital receipts, "
         "and its revenue cost is met within the medium term financial plan. ")


def _budget(figure: str) -> list[str]:
    return [PROSE * 2 + f"\nThe total cost of the Highways programme is {figure} over the ten years.\n" + PROSE,
            PROSE * 3]


def test_a_political_group_is_no_body():
    assert display("Kent County Council Labour Group") == UNKNOWN
    assert display("Liberal Democrat Group") == UNKNOWN
    assert display("Corporate Parenting Panel") == "Corporate Parenting Panel"


def test_signatures_find_a_later_version_and_not_another_paper():
    draft, final = "\n".join(_budget("£412.5m")), "\n".join(_budget("£398.0m"))
    other = ("The panel heard from young people in care about their experience of placements, schools and "
             "health services, and asked officers to report back on the actions agreed at its next meeting. ") * 6
    assert similarity(signature(draft), signature(final)) > 0.8
    assert similarity(signature(draft), signature(other)) < 0.1
    assert signature("Agenda. Apologies.") is None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions") / "corpus" / "shire"
    write_pdf(root / "cabinet" / "2025-01-30" / "Draft Capital Programme 2025-35.pdf", _budget("£412.5m"))
    write_pdf(root / "full_council" / "2025-02-13" / "Capital Programme 2025-35.pdf", _budget("£398.0m"))
    amendment = ["Kent County Council Labour Group\nAmendment to the budget\nThe group moves that the council "
                 "tax rise be held at three per cent and that the savings be found from consultancy and agency "
                 "staff. " * 4]
    write_pdf(root / "full_council" / "2025-02-13" / "1 - Amendment - Labour Group.pdf", amendment)
    copy = write_pdf(root / "duplicates" / "1 - Amendment - Labour Group_1.pdf", amendment)
    copy.write_bytes(copy.read_bytes() + b"\n% saved again\n")  # other bytes, the same pages
    twin = root / "full_council" / "2025-02-13" / "Annex 2 - Alternative Budget.pdf"
    write_pdf(twin, ["Annex 2\nAn alternative plan for libraries keeps every branch open on Saturdays, paid "
                     "for by sharing buildings with health visitors and the registration service. " * 4])
    (root / "duplicates" / "Annex 2 - Alternative Budget_1.pdf").write_bytes(twin.read_bytes())  # the same bytes
    return root


@pytest.fixture(scope="module")
def index(corpus, tmp_path_factory):
    settings = Settings(index_dir=tmp_path_factory.mktemp("vindex"), model=BUNDLED_MODEL)
    summary = build([corpus], settings, workers=0)
    return settings, summary


def test_a_copy_takes_the_body_and_date_its_folder_does_not_give(index):
    settings, summary = index
    rows = {r["source"]: r for r in document_rows(read_documents(settings.index_dir))}
    copy = rows["duplicates/1 - Amendment - Labour Group_1.pdf"]
    assert (copy["committee"], copy["meeting_date"]) == ("County Council", "2025-02-13")
    assert all(p["meeting_date"] == "2025-02-13" for p in copy["parts"])
    # the same bytes under two names: the name whose folder says which meeting is the source
    assert "full_council/2025-02-13/Annex 2 - Alternative Budget.pdf" in rows
    assert "duplicates/Annex 2 - Alternative Budget_1.pdf" not in rows
    assert {r["committee"] for r in rows.values()} == {"Cabinet", "County Council"}
    assert summary.copies == 1


def test_the_draft_and_final_are_linked_as_versions(index):
    settings, summary = index
    docs = {d["source"]: d for d in read_documents(settings.index_dir)}
    draft = docs["cabinet/2025-01-30/Draft Capital Programme 2025-35.pdf"]["parts"][0]["versions"]
    final = docs["full_council/2025-02-13/Capital Programme 2025-35.pdf"]["parts"][0]["versions"]
    assert [(v["source"], v["later"]) for v in draft] == [("full_council/2025-02-13/Capital Programme 2025-35.pdf", True)]
    assert [(v["committee"], v["later"]) for v in final] == [("Cabinet", False)]
    assert summary.versions == 1


def test_answers_prefer_the_final_version_and_say_what_the_draft_said(index):
    from assistant.service import Assistant

    settings, _ = index
    bot = Assistant(settings)
    final = bot.ask("What is the total cost of the Highways programme?")
    assert "398.0" in final.answer and final.citations[0].committee == "County Council"
    assert "later version" in final.answer and "412.5" in final.answer  # the draft's figure differed: said so
    keys = [re.sub(r"[^a-z]+", "", p.chunk.text.lower())[:200] for p in final.passages]
    assert len(keys) == len(set(keys))  # a passage of both versions is listed once
    draft = bot.ask("In the draft capital programme, what is the total cost of the Highways programme?")
    assert "412.5" in draft.answer and draft.citations[0].committee == "Cabinet"
    assert json.loads(draft.passages[0].chunk.version)["later"]["committee"] == "County Council"


def test_a_paper_in_a_meetings_folder_is_of_that_meeting():
    from assistant.papers.structure import describe
    from assistant.records import Page

    meta = describe("cabinet/2025-01-30/Appendix D 21.01.25.pdf", [Page(1, "Date: 21 January 2025\nRevenue plan")])
    assert meta["meeting_date"] == "2025-01-30"
    minutes = describe("full_council/2025-03-13/CPP Minutes 29.10.24.pdf",
                       [Page(1, "MINUTES of a meeting of the Corporate Parenting Panel held on 29 October 2024")])
    assert minutes["meeting_date"] == "2024-10-29"  # minutes are of the meeting they record
