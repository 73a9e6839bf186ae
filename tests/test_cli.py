"""The `boardqa` command line through click's CliRunner, against copies of the shared index."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import PACK_NAME, write_text_pack

from assistant.cli import main

SUMMARY_KEYS = {"documents", "pages", "chunks", "added", "updated", "removed", "unchanged", "duplicates",
                "embedded_chunks", "skipped", "seconds"}
PASSAGE_KEYS = {"text", "source", "page", "score", "title", "committee", "meeting_date", "section"}
QUESTION = "what was agency spend in 2014/15"


@pytest.fixture
def runner(monkeypatch):
    # the user's own configuration must not leak into the tests
    for name in ("BOARDQA_MODEL", "BOARDQA_INDEX_DIR", "BOARDQA_CORPUS_DIR", "BOARDQA_LLM_URL"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


@pytest.fixture
def index_dir(built, settings, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(settings.index_dir, target, ignore=shutil.ignore_patterns(".lock"))
    return target


def _invoke(runner, args):
    result = runner.invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_help_lists_the_commands(runner):
    out = _invoke(runner, ["--help"]).output
    assert "index" in out and "ask" in out


def test_index_json_summary_and_incremental_update(runner, index_dir, corpus, tmp_path):
    first = json.loads(_invoke(runner, ["index", str(corpus), "--index-dir", str(index_dir), "--json",
                                        "--workers", "0"]).stdout)
    assert SUMMARY_KEYS <= set(first)
    assert (first["documents"], first["unchanged"], first["added"], first["embedded_chunks"]) == (2, 2, 0, 0)
    assert [s["path"] for s in first["skipped"]] == ["broken.pdf"]

    more = tmp_path / "more"
    shutil.copytree(corpus, more)
    write_text_pack(more, "Cabinet 2016-04-05 Decisions.txt").write_text(
        "Cabinet decisions\nThe Cabinet approved the youth service budget of £1.1m for 2016/17.\n", encoding="utf-8")
    second = json.loads(_invoke(runner, ["index", str(more), "--index-dir", str(index_dir), "--json",
                                         "--workers", "0"]).stdout)
    assert (second["documents"], second["added"], second["unchanged"]) == (3, 1, 2)
    assert second["embedded_chunks"] >= 1


def test_index_of_a_missing_folder_says_what_to_do(runner, tmp_path):
    result = runner.invoke(main, ["index", str(tmp_path / "nope"), "--index-dir", str(tmp_path / "i")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_ask_json(runner, index_dir):
    out = json.loads(_invoke(runner, ["ask", QUESTION, "--index-dir", str(index_dir), "--json"]).stdout)
    assert {"question", "found", "answer", "passages", "citations"} <= set(out)
    assert out["question"] == QUESTION
    assert out["passages"] and all(PASSAGE_KEYS <= set(p) for p in out["passages"])
    assert out["found"] is True
    assert "£8.3 m" in out["answer"]  # the Actual 2014/15 figure from the briefing note's table
    cited = {(c["source"], c["page"]) for c in out["citations"]}
    assert (PACK_NAME, 3) in cited


def test_ask_plain_text_cites_the_meeting(runner, index_dir):
    out = _invoke(runner, ["ask", QUESTION, "--index-dir", str(index_dir)]).stdout
    assert "[1]" in out and "meeting 2015-12-10" in out


def test_ask_batch_prints_one_json_line_per_question(runner, index_dir, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text(json.dumps({"id": "q1", "question": QUESTION}) + "\n\n"
                     + json.dumps({"id": "q2", "question": "what did the minutes resolve about foster carers"})
                     + "\n", encoding="utf-8")
    lines = _invoke(runner, ["ask", "--batch", str(batch), "--index-dir", str(index_dir)]).stdout.splitlines()
    answers = [json.loads(line) for line in lines]
    assert [a["id"] for a in answers] == ["q1", "q2"]
    assert all({"answer", "found", "passages", "citations"} <= set(a) for a in answers)


def test_ask_without_an_index_says_to_build_one(runner, tmp_path):
    result = runner.invoke(main, ["ask", QUESTION, "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "boardqa index" in result.output


def test_ask_needs_a_question(runner, tmp_path):
    result = runner.invoke(main, ["ask", "--index-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "QUESTION" in result.output


@pytest.mark.parametrize("rewritten", [False, True])
def test_where_an_answer_came_from_is_printed_under_it_whether_or_not_it_was_rewritten(rewritten):
    from assistant.cli import format_answer
    from assistant.records import Answer

    answer = Answer(question="who chaired it?", found=True, answer="Councillor M Mutton chaired the meeting.",
                    note="meeting record", resolved_question="who chaired the meeting of 5 November 2015?" if rewritten else "")
    lines = format_answer(answer).splitlines()
    if rewritten:
        assert lines.pop(0) == "(reading that as: who chaired the meeting of 5 November 2015?)"
    assert lines[:2] == ["Councillor M Mutton chaired the meeting.", "(meeting record)"]
