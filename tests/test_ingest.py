"""Files to cleaned pages: stamps, running headers, blank-page notices, ligatures, hyphens."""
from __future__ import annotations

import pytest
from conftest import PACK_PAGES, RUNNING_HEADER, write_pack, write_text_pack

from assistant.errors import UnreadableDocument
from assistant.papers.ingest import clean_pages, fold, read_pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return read_pages(write_pack(tmp_path_factory.mktemp("ingest")))


def test_every_page_is_read(pages):
    assert [p.number for p in pages] == list(range(1, len(PACK_PAGES) + 1))


def test_page_stamps_are_dropped_and_kept_as_printed_page(pages):
    assert [p.printed for p in pages] == [p.number for p in pages]
    for p in pages:
        assert f"Page {p.number}" not in p.text
        assert f"Page {p.number}" not in p.layout


def test_blank_page_notice_is_removed(pages):
    assert "intentionally" not in " ".join(p.text + p.layout for p in pages).lower()
    assert pages[3].text.strip() == ""


def test_running_header_is_dropped(pages):
    for p in pages:
        assert RUNNING_HEADER not in p.text
        assert RUNNING_HEADER not in p.layout


def test_word_hyphenated_across_lines_is_joined(pages):
    assert "foster carer recruitment and the" in " ".join(pages[1].text.split())
    assert "recruit-" not in pages[1].text


def test_curly_quotes_are_folded(pages):
    assert "the 'Mockingbird' model" in pages[1].text
    assert 'in the "duty" teams' in pages[1].text
    assert not {"\u2018", "\u2019", "\u201c", "\u201d"} & set(pages[1].text)


def test_tables_get_a_layout_read_with_columns_apart(pages):
    layout = pages[2].layout
    row = next(line for line in layout.splitlines() if line.startswith("Actual"))
    assert "£8.3 m" in row and "   " in row.split("£8.3 m")[0]  # the cells stand apart
    assert pages[0].layout == ""  # no figures, no layout read


def test_text_pack_ligatures_and_quotes_fold(tmp_path):
    (page,) = read_pages(write_text_pack(tmp_path))
    assert "the final flexible fostering allowance" in page.text
    assert 'the "new rates" would' in page.text
    assert "\ufb01" not in page.text and "\ufb02" not in page.text


def test_clean_pages_rules():
    raw = [(1, "Agenda Item 4\nThe \ufb01nance of soft\u00adware for\u00a0carers\u2019 \u201creviews\u201d\n"
               "was re-\n  examined in well-\nbeing terms.\nPage 7 of 9", "")]
    (page,) = clean_pages(raw)
    assert page.printed == 7
    assert "The finance of software for carers' \"reviews\"" in page.text
    assert "was reexamined in wellbeing terms." in page.text  # letters on both sides: joined
    assert "Page 7" not in page.text


def test_hyphen_between_figures_is_kept():
    (page,) = clean_pages([(1, "spend in 2014-\n15 rose", "")])
    assert "2014-\n15" in page.text


def test_fold_is_nfkc_plus_quotes():
    assert fold("\ufb01\ufb02 \u2018a\u2019 \u201cb\u201d\u00a0c") == "fifl 'a' \"b\" c"


def test_running_lines_need_enough_pages():
    raw = [(n, f"Shared heading\nbody text {n}", "") for n in (1, 2, 3)]
    assert all(p.text.startswith("Shared heading") for p in clean_pages(raw))  # 3 pages: too few to tell


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"<html>not found</html>", "not a PDF"),
    (b"%PDF-1.4\n garbage", "corrupt"),
])
def test_unreadable_files_raise_a_named_error_that_says_the_fix(tmp_path, content, reason):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as info:
        read_pages(path)
    assert reason in info.value.reason
    assert "—" in info.value.reason  # followed by what to do


def test_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "minutes.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(UnreadableDocument, match="only .pdf, .docx, .html, .htm, .txt, .md"):
        read_pages(path)


def test_one_content_parse_gives_pypdf_own_plain_and_layout_reads(tmp_path):
    """The shared parse (_page_texts) must read exactly what pypdf's two public calls read."""
    import pypdf

    from assistant.papers.ingest import _page_texts, looks_tabular

    path = write_pack(tmp_path)
    fresh, shared = pypdf.PdfReader(path), pypdf.PdfReader(path)
    tabular = 0
    for a, b in zip(fresh.pages, shared.pages):
        text = a.extract_text()
        layout = a.extract_text(extraction_mode="layout") if looks_tabular(text) else ""
        tabular += bool(layout)
        assert _page_texts(b) == (text, layout)
    assert tabular  # the pack has a table page, so the layout path was compared too
