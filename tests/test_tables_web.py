"""The table a citation came from, as the app shows it: columns, rows, and the row and cell the answer used."""
from __future__ import annotations

from assistant.papers.tablechunks import render, table_json
from assistant.papers.tables import Row, Table
from assistant.records import Chunk, Passage
from assistant.web.tables import grid

T = Table("Table 6.1 – Proposed Council Tax Increases by Band", "6.1", "", ("Band", "2024-25", "2025-26"), "£p",
          (Row("A", None, ("1,073.88", "1,127.46"), False, 20), Row("B", None, ("1,252.86", "1,315.37"), False, 20)), 20, 20)


def _passage(row: int | None) -> Passage:
    c = Chunk(id="x", text="B 1,252.86 1,315.37", source="k.pdf", title="Budget", committee="Council",
              meeting_date="2025-02-13", doc_type="report", page=20, page_end=20, kind="table",
              table=table_json(T, ["A 1,073.88 1,127.46", "B 1,252.86 1,315.37"], row))
    return Passage(chunk=c, score=1.0)


def test_row_chunk_marks_its_row_and_the_quoted_cell():
    cols, rows, used, cells = grid(_passage(1), ["Table 6.1 – Proposed Council Tax Increases by Band — B — 2025-26: 1,315.37"])
    assert cols == ["Band", "2024-25", "2025-26"] and rows[1] == ["B", "1,252.86", "1,315.37"]
    assert used == 1 and cells == {2}


def test_table_chunk_finds_the_row_from_the_quote():
    _, _, used, cells = grid(_passage(None), ["A 1,073.88 1,127.46"])
    assert used == 0 and cells == set()
    assert render(T, T.rows[0]).endswith("A — 2024-25: 1,073.88; 2025-26: 1,127.46")


def test_text_passage_has_no_table():
    c = Chunk(id="y", text="prose", source="k.pdf", title="", committee="", meeting_date=None, doc_type="report",
              page=1, page_end=1)
    assert grid(Passage(chunk=c, score=1.0), []) is None
