"""The web package's logic on its own: escaping, the lit page, feedback, sign-in throttling, coverage, sharing."""
from __future__ import annotations

import io
import json
import re

import pytest

from assistant.records import Answer, Citation
from assistant.settings import Settings
from assistant.web import feedback, front, guard, library, share
from assistant.web import webapp as w
from assistant.web.pagelight import find_boxes, lit_page
from assistant.web.safe import NOTE_CHARS, WJ, md, note

HOSTILE = [
    "![x](http://127.0.0.1:9/evil.png)",
    "<img src=http://127.0.0.1:9/a.png onerror=alert(1)>",
    "[Sign in](http://127.0.0.1:9/login)",
    "<script>alert(1)</script>",
    "http://127.0.0.1:9/bare www.evil.example mail@evil.example",
    ":smile: :red[alarm] :material/warning:",
    "$\\frac{1}{2}$ ~~gone~~ | a | b |",
    "# Heading\n1. list\n> quote\n- item",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_leaves_nothing_markdown_can_act_on(text):
    from markdown_it import MarkdownIt

    out = md(text, lines=True)
    # CommonMark with raw HTML, tables and strike-through on (Streamlit's GFM autolinks are checked below)
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(out)
    assert not re.search(r"<(?!/?(p|br)\b)[a-z]", html), html  # no tag but paragraphs and line breaks
    assert "http://" not in out and "www." not in out and re.search(r":\w", out) is None
    assert re.sub(r"\\(.)", r"\1", out).replace(WJ, "").replace("  \n", "\n") == "\n".join(
        " ".join(x.split()) for x in text.split("\n"))  # what is shown is what was written


def test_md_keeps_plain_text_readable_and_caps_notes():
    assert md("Agency spend was £8.3 m (2014/15).") == "Agency spend was £8.3 m (2014/15)."
    assert md("a\n  b") == "a b"
    long = "x" * 5000
    assert len(note(long)) == NOTE_CHARS and note(long).endswith("…")


def test_fold_lines_joins_ragged_pdf_lines_and_keeps_paragraphs():
    text = "The Board considered a report on foster carer recruit-\nment and the model\nof support.\n1.2 Next item\nstarts here"
    assert w.fold_lines(text) == ("The Board considered a report on foster carer recruitment and the model of support."
                                  "\n1.2 Next item starts here")


def _pdf(path, lines):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("Helvetica", size=11)
    for page in lines:
        pdf.add_page()
        y = 30
        for x, text in page:
            if x is None:
                y += 7
                continue
            pdf.text(x, y, text)
            if x == 20 or x == 150:
                y += 7 if x == 150 or not any(px == 150 for px, _ in page) else 0
    pdf.output(str(path))
    return path


def test_the_cited_page_is_drawn_with_the_quote_lit_and_cached(tmp_path):
    from PIL import Image

    from assistant.web.pagelight import PAD, SCALE

    pdf = tmp_path / "pack.pdf"
    _pdf(pdf, [[(20, "Cover page")],
               [(20, "The spend on agency social workers was higher"), (None, ""),
                (20, "than the budget in every quarter of the year."), (None, ""),
                (20, "Actual"), (150, "\u00a38.3 m"), (None, ""), (20, "Budget"), (150, "\u00a35.0 m")],
               [(20, "Last page")]])
    quotes = ["The spend on agency social workers was higher than the budget in every quarter of the year.",
              "Agency Spend \u2014 Actual \u2014 2014/15: \u00a38.3 m"]
    shown = lit_page(pdf, 2, quotes, tmp_path / "cache", sha="abc")
    assert shown.lit and shown.pages == 3 and shown.page == 2
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    page = doc[1]
    boxes = find_boxes(page.get_textpage(), quotes)
    height = page.get_height()
    doc.close()
    assert len(boxes) >= 4  # two lines of the sentence, the row's label and its figure
    img = Image.open(io.BytesIO(shown.png)).convert("RGB")

    def lit(x, y):
        r, g, b = img.getpixel((int(x), int(y)))
        return r > 200 and g > 170 and b < 190

    for left, bottom, right, top in boxes:  # the margin just inside each box is tinted
        assert lit((left - PAD / 2) * SCALE, (height - (top + bottom) / 2) * SCALE)
    assert not lit(5, 5)  # the page corner is not
    cached = list((tmp_path / "cache").glob("*.png"))
    assert len(cached) == 1 and ".lit.3." in cached[0].name
    assert lit_page(pdf, 2, quotes, tmp_path / "cache", sha="abc").png == shown.png
    other = lit_page(pdf, 3, quotes, tmp_path / "cache", sha="abc")
    assert not other.lit  # the quote is not on that page: drawn, nothing lit


def _answer(q="what was agency spend in 2014/15", found=True) -> Answer:
    return Answer(question=q, found=found, answer="\u201cActual: \u00a38.3 m\u201d [1]",
                  citations=(Citation(1, "pack.pdf", 3, "Pack", "2015-12-10", "Test Board", 3,
                                      quote="Agency Spend \u2014 Actual \u2014 2014/15: \u00a38.3 m"),))


def test_feedback_is_stored_beside_the_index_and_exported_as_draft_gold(tmp_path):
    row = feedback.record(tmp_path, _answer(), 1)
    feedback.record(tmp_path, _answer(), 1, "right figure", row_id=row)
    feedback.record(tmp_path, _answer("mermaids?", found=False), -1, "should say not found")
    rows = feedback.listing(tmp_path)
    assert [(r["question"], r["vote"], r["comment"]) for r in rows] == [
        ("mermaids?", -1, "should say not found"), ("what was agency spend in 2014/15", 1, "right figure")]
    assert (tmp_path / feedback.FILE).exists() and not list(tmp_path.glob("gen-*"))
    gold = [json.loads(x) for x in feedback.draft_gold_jsonl(tmp_path).splitlines()]
    good = next(g for g in gold if g["question"].startswith("what was"))
    assert good["answerable"] and good["evidence"] and good["source"] == "pack.pdf" and good["page"] == 3
    assert any(re.search(p, "£8.3 m") for p in good["answer_patterns"])
    bad = next(g for g in gold if g["question"] == "mermaids?")
    assert not bad["answerable"] and bad["feedback"]["comment"] == "should say not found"
    assert all(g["draft"] and {"id", "question", "answerable", "answer_patterns", "evidence", "type", "split"} <= set(g)
               for g in gold)


def test_sign_in_is_slowed_then_locked_per_session_and_per_process():
    guard.reset_process()
    waits: list[float] = []
    clock = [1000.0]
    session = guard.Tries()
    for _ in range(guard.MAX_TRIES):
        ok, _ = guard.attempt("guess", "right", session, sleep=waits.append, now=lambda: clock[0])
        assert not ok
    assert waits == [guard.delay(n) for n in range(guard.MAX_TRIES)] and waits[2] == 2 * waits[1] > 0
    ok, message = guard.attempt("right", "right", session, sleep=waits.append, now=lambda: clock[0])
    assert not ok and "locked" in message  # even the right password, while locked
    other = guard.Tries()  # a new session is locked too: the process counts every session's failures
    assert guard.attempt("right", "right", other, sleep=waits.append, now=lambda: clock[0])[0] is False
    clock[0] += guard.LOCK_SECONDS + 1
    assert guard.locked(other, clock[0]) == 0
    assert guard.attempt("right", "right", other, sleep=waits.append, now=lambda: clock[0])[0] is True
    guard.reset_process()


def test_a_sign_in_expires():
    assert guard.signed_in(guard.expiry(now=100.0), now=100.0 + guard.SIGNED_IN_SECONDS - 1)
    assert not guard.signed_in(guard.expiry(now=100.0), now=100.0 + guard.SIGNED_IN_SECONDS + 1)
    assert not guard.signed_in(None) and not guard.signed_in(True, now=10.0**12)


def test_coverage_counts_bodies_meetings_and_papers():
    docs = [{"source": "a.pdf", "committee": "Cabinet", "meeting_date": "2016-03-01"},
            {"source": "b.pdf", "committee": "Cabinet", "meeting_date": "2016-03-01"},
            {"source": "c.pdf", "committee": "Scrutiny", "meeting_date": "2012-10-16"},
            {"source": "d.pdf", "committee": "", "meeting_date": None}]
    cov = front.coverage(docs)
    assert cov.bodies == ("Cabinet", "Scrutiny") and cov.meetings == 2 and cov.papers == 4
    assert cov.line() == "4 papers of 2 meetings from 16 Oct 2012 to 1 Mar 2016"
    assert front.long_date("2015-12-10") == "10 Dec 2015" and front.long_date("soon") == "soon"


def test_share_links_and_conversation_export():
    link = share.permalink("http://127.0.0.1:8501/?q=old", "what was agency spend in 2014/15")
    assert link == "http://127.0.0.1:8501/?q=what%20was%20agency%20spend%20in%202014%2F15"
    text = share.answer_text(_answer(), {1: "http://h/app/static/papers/x.pdf#page=3"})
    assert text.splitlines()[-1] == "[1] Pack — Test Board, 10 Dec 2015, page 3 <http://h/app/static/papers/x.pdf#page=3>"
    doc = share.conversation_markdown([("what was agency spend in 2014/15", _answer(), {1: None})], "Chat")
    assert doc.startswith("# Chat\n\n## what was agency spend in 2014/15\n\n\u201cActual")


def test_removing_a_document_moves_its_files_out_of_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "copy of a.pdf").write_bytes(b"%PDF-1.4")
    s = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    moved = library.remove_document(s, {"source": "a.pdf", "also": ["copy of a.pdf"]})
    assert moved == ["a.pdf", "copy of a.pdf"] and not list(corpus.glob("*.pdf"))
    assert len(list((corpus / library.REMOVED).rglob("*.pdf"))) == 2
    with pytest.raises(library.RemoveRefused):
        library.remove_document(s, {"source": "../outside.pdf"})
    rows = library.rows([{"source": "a.pdf", "title": "A", "committee": "Cabinet", "meeting_date": "2016-03-01",
                          "doc_type": "pack", "pages": 3, "chunks": 9, "agenda_items": [{"title": "Budget"}]}])
    assert rows[0]["meeting"] == "1 Mar 2016" and rows[0]["parts"] == 1 and rows[0]["part titles"] == "Budget"


def test_the_upload_store_keeps_files_of_signed_in_sessions_only():
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from assistant.web.officers import gate

    mgr = MemoryUploadedFileManager("/_stcore/upload_file")
    gate(mgr)
    gate(mgr)  # once only
    rec = UploadedFileRec(file_id="f1", name="big.pdf", type="application/pdf", data=b"%PDF-" + b"x" * 1000)
    mgr.add_file("anonymous", rec)
    assert mgr.get_files("anonymous", ["f1"]) == []
    guard.mark_officer("officer-session", guard.expiry())
    mgr.add_file("officer-session", rec)
    assert [f.name for f in mgr.get_files("officer-session", ["f1"])] == ["big.pdf"]
    guard.mark_officer("officer-session", None)
    mgr.add_file("officer-session", UploadedFileRec(file_id="f2", name="b.pdf", type="application/pdf", data=b"%PDF-"))
    assert mgr.get_files("officer-session", ["f2"]) == []
