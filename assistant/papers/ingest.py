"""Files to cleaned pages: PDFs through pypdf page by page, Word and web papers, and .txt/.md packs.

Cleaning follows what council packs need: ligatures and curly quotes folded, words hyphenated
across lines joined, the `Page N` stamps and other running headers/footers dropped (the printed
number is kept as metadata), and "This page is intentionally left blank" removed.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from ..errors import UnreadableDocument
from ..records import Page

SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                       "\u00ad": "", "\u2010": "-", "\u2011": "-", "\ufffd": "", "\u200b": ""})
_PAGE_STAMP = re.compile(r"^\s*(?:page|pg\.?)\s+(\d{1,4})(?:\s+of\s+\d+)?\s*$", re.I)
_BLANK_PAGE = re.compile(r"this page (?:is )?intentionally (?:left )?blank\.?", re.I)
_HYPHEN_BREAK = re.compile(r"([a-z]{2,})-\n\s*([a-z]{2,})")
_AMOUNT = re.compile(r"£\s?\d|\d\.\d|\d\s?%")  # money, decimals, percentages: figures, not page counters
# a line of a table: two or more numbers, or cells set apart by wide gaps
_NUMBER = re.compile(r"(?<![\w.])[-(£]?\d[\d,.]*%?[)km]?(?![\w])")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fold(text: str) -> str:
    """Unicode-normalise: ligatures (NFKC), curly quotes, soft hyphens, odd spaces."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def looks_tabular(text: str) -> bool:
    """True when a page has a few lines carrying several figures each (worth a layout read)."""
    return sum(1 for line in text.splitlines() if len(_NUMBER.findall(line)) >= 2) >= 2


def read_pages(path: Path, max_pages: int = 2000, max_page_chars: int = 200_000, data: bytes | None = None,
               ocr: bool = False) -> list[Page]:
    """Read a file into cleaned pages.

    Args:
        max_pages: refuse a PDF with more pages (decompression bombs, absurd packs).
        max_page_chars: keep at most this much text of one page, so one page cannot swamp memory.
        data: the file's bytes when the caller has already read them (they are what gets parsed).
        ocr: run `ocrmypdf` on a PDF with no text layer and read the result.

    Raises:
        UnreadableDocument: the file cannot be read as a pack; the reason says what to do.
        FileNotFoundError, PermissionError: the file went away or cannot be opened.
    """
    suffix = path.suffix.lower()
    if data is None and suffix in SUFFIXES:
        data = path.read_bytes()
    if suffix == ".pdf":
        raw = _pdf_pages(path, data, max_pages, max_page_chars)
        if ocr and not any(t.strip() for _, t, _ in raw):
            raw = _pdf_pages(path, ocr_pdf(path, data), max_pages, max_page_chars)
    elif suffix == ".docx":
        from .office import docx_pages

        raw = docx_pages(path, data)
    elif suffix in (".html", ".htm"):
        from .office import html_pages

        raw = html_pages(path, data)
    elif suffix in (".txt", ".md"):
        raw = _text_pages(data.decode("utf-8", errors="replace"))
    else:
        raise UnreadableDocument(path, f"unsupported file type {suffix!r} — only {', '.join(SUFFIXES)} are indexed")
    pages = clean_pages(raw)
    if not any(p.text.strip() for p in pages):
        if suffix != ".pdf":
            raise UnreadableDocument(path, "no text — the file is blank")
        if ocr:
            raise UnreadableDocument(path, "no text even after OCR — check the scan's quality")
        raise UnreadableDocument(path, "no text — scanned? needs OCR (index with --ocr, or run `ocrmypdf` on it)")
    return pages


def ocr_available() -> bool:
    """True when `ocrmypdf` (which brings tesseract along) can be run."""
    return shutil.which("ocrmypdf") is not None and shutil.which("tesseract") is not None


def ocr_pdf(path: Path, data: bytes) -> bytes:
    """The PDF with a text layer added by ocrmypdf."""
    if not ocr_available():
        raise UnreadableDocument(path, "no text — scanned? needs OCR, but ocrmypdf/tesseract are not installed "
                                       "(pip install ocrmypdf; apt-get install tesseract-ocr)")
    with tempfile.TemporaryDirectory(prefix="boardqa-ocr-") as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(data)
        done = subprocess.run(["ocrmypdf", "--skip-text", "--quiet", str(src), str(out)],
                              capture_output=True, text=True, timeout=1800)
        if done.returncode != 0 or not out.exists():
            raise UnreadableDocument(path, f"OCR failed ({done.stderr.strip()[-200:] or done.returncode}) — "
                                           f"run `ocrmypdf` on it by hand")
        return out.read_bytes()


def _pdf_pages(path: Path, data: bytes, max_pages: int, max_page_chars: int) -> list[tuple[int, str, str]]:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if not data:
        raise UnreadableDocument(path, "empty file (0 bytes) — copy it again from the source")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument(path, "not a PDF (no %PDF header) — check the download or rename it")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise UnreadableDocument(path, f"encrypted ({type(exc).__name__}: {exc}) — save an unprotected "
                                               f"copy and re-index") from exc
            if not ok:
                raise UnreadableDocument(path, "encrypted with a password — save an unprotected copy and re-index")
        n = len(reader.pages)
        if n > max_pages:
            raise UnreadableDocument(path, f"{n} pages is over the limit of {max_pages} — split the file "
                                           f"or raise max_pages")
        out = []
        for number, page in enumerate(reader.pages, 1):
            text, layout = _page_texts(page)
            text, layout = text[:max_page_chars], layout[:max_page_chars]
            out.append((number, text, layout or ""))
        return out
    except UnreadableDocument:
        raise
    except FileNotDecryptedError as exc:
        raise UnreadableDocument(path, "encrypted with a password — save an unprotected copy and re-index") from exc
    except MemoryError as exc:
        raise UnreadableDocument(path, "too big to parse within the memory limit (a decompression bomb?) — "
                                       "split the file or re-save it") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, AssertionError, ZeroDivisionError) as exc:
        raise UnreadableDocument(path, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc}) — "
                                       f"re-download it or re-save it as PDF") from exc


def _page_texts(page) -> tuple[str, str]:
    """A page's plain text, and its layout text when it looks tabular, parsing its content stream once.

    pypdf's plain and layout reads each parse the page's content stream, and that parse is over half
    of their time (profiled on the Kent packs). The parsed stream is put back on the page so the plain
    read reuses it, and the layout read is pypdf's own `_layout_mode_text` fed the same operations.
    Any surprise from pypdf's internals falls back to its two public calls.
    """
    try:
        from pypdf._text_extraction import _layout_mode
        from pypdf.generic import ArrayObject, ContentStream, NameObject, StreamObject

        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        if not isinstance(contents, (ArrayObject, StreamObject)):
            return page.extract_text() or "", ""
        stream = contents if isinstance(contents, ContentStream) else ContentStream(contents, page.pdf, "bytes")
        page[NameObject("/Contents")] = stream
        text = page.extract_text() or ""
        if not looks_tabular(text):
            return text, ""
        groups = _layout_mode.text_show_operations(iter(stream.operations), page._layout_mode_fonts(), True, None)
        if not groups:
            return text, ""
        lines = _layout_mode.y_coordinate_groups(groups, None)
        return text, _layout_mode.fixed_width_page(lines, _layout_mode.fixed_char_width(groups, 1.25), True, 1)
    except (ImportError, AttributeError, TypeError):
        text = page.extract_text() or ""
        return text, (page.extract_text(extraction_mode="layout") or "") if looks_tabular(text) else ""


def _text_pages(text: str) -> list[tuple[int, str, str]]:
    # markdown-ish packs: tables are tab-separated rows, which read like a layout page
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = re.sub(r"\*\*|__", "", text)
    text = re.sub(r"\[([^\]]+)\]\(mailto:[^)]+\)", r"\1", text)
    parts = text.split("\f") if "\f" in text else [text]
    out = []
    for number, part in enumerate(parts, 1):
        plain = re.sub(r"^#+\s*", "", part, flags=re.M).replace("\t", " ")
        layout = re.sub(r"^#+\s*", "", part, flags=re.M).replace("\t", "    ") if "\t" in part else ""
        out.append((number, plain, layout))
    return out


def clean_pages(raw: list[tuple[int, str, str]]) -> list[Page]:
    """Fold characters, drop stamps, running headers/footers and blank-page notices."""
    folded = [(n, fold(t), fold(lay)) for n, t, lay in raw]
    running = _running_lines([t for _, t, _ in folded])
    seen_text: set[str] = set()
    seen_layout: set[str] = set()
    pages = []
    for number, text, layout in folded:
        printed = None
        kept = []
        for line in text.splitlines():
            m = _PAGE_STAMP.match(line)
            if m:
                printed = printed or int(m.group(1))
                continue
            if _is_running(line, running, seen_text):
                continue
            kept.append(line.rstrip())
        body = _BLANK_PAGE.sub("", "\n".join(kept))
        body = _HYPHEN_BREAK.sub(r"\1\2", body)
        lay_lines = [l.rstrip() for l in layout.splitlines()
                     if not _PAGE_STAMP.match(l) and not _is_running(l, running, seen_layout)]
        pages.append(Page(number=number, text=body.strip("\n"), printed=printed,
                          layout=_BLANK_PAGE.sub("", "\n".join(lay_lines))))
    return pages


def _is_running(line: str, running: set[str], seen: set[str]) -> bool:
    """True for a running header/footer line to drop.

    A repeated line carrying amounts ("TOTAL £m 334.7 290.0", a table's heading row repeated on
    every page) is data: it is kept where it first appears, and wherever its figures differ.
    """
    if _norm_line(line) not in running:
        return False
    if not _AMOUNT.search(line):
        return True
    exact = " ".join(line.split())
    if exact in seen:
        return True
    seen.add(exact)
    return False


def _norm_line(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _running_lines(texts: list[str]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (digits ignored): running headers/footers."""
    if len(texts) < 4:
        return set()
    counts: Counter[str] = Counter()
    for text in texts:
        lines = [l for l in text.splitlines() if l.strip()]
        edge = {_norm_line(l) for l in lines[:2] + lines[-2:]}
        counts.update(e for e in edge if 0 < len(e) <= 120)
    # keep the stamp rule separate: a line must repeat on over half of the pages to count as running
    return {line for line, c in counts.items() if c >= max(3, 0.5 * len(texts))}
