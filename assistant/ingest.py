"""Files to cleaned pages: PDFs through pypdf page by page, and .txt/.md packs.

Cleaning follows what council packs need: ligatures and curly quotes folded, words hyphenated
across lines joined, the `Page N` stamps and other running headers/footers dropped (the printed
number is kept as metadata), and "This page is intentionally left blank" removed.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from pathlib import Path

from .errors import UnreadableDocument
from .records import Page

SUFFIXES = (".pdf", ".txt", ".md")
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                       "\u00ad": "", "\u2010": "-", "\u2011": "-", "\ufffd": "", "\u200b": ""})
_PAGE_STAMP = re.compile(r"^\s*(?:page|pg\.?)\s+(\d{1,4})(?:\s+of\s+\d+)?\s*$", re.I)
_BLANK_PAGE = re.compile(r"this page (?:is )?intentionally (?:left )?blank\.?", re.I)
_HYPHEN_BREAK = re.compile(r"([a-z]{2,})-\n\s*([a-z]{2,})")
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


def read_pages(path: Path, max_pages: int = 2000) -> list[Page]:
    """Read a file into cleaned pages.

    Raises:
        UnreadableDocument: the file cannot be read as a pack; the reason says what to do.
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raw = _pdf_pages(path, max_pages)
    elif suffix in (".txt", ".md"):
        raw = _text_pages(path)
    else:
        raise UnreadableDocument(path, f"unsupported file type {suffix!r} — only {', '.join(SUFFIXES)} are indexed")
    pages = clean_pages(raw)
    if not any(p.text.strip() for p in pages):
        raise UnreadableDocument(path, "no text — scanned? needs OCR (run `ocrmypdf` on it, or index with --ocr)")
    return pages


def _pdf_pages(path: Path, max_pages: int) -> list[tuple[int, str, str]]:
    import pypdf
    from pypdf.errors import PdfReadError

    if path.stat().st_size == 0:
        raise UnreadableDocument(path, "empty file (0 bytes) — copy it again from the source")
    with open(path, "rb") as f:
        magic = f.read(1024)
    if b"%PDF-" not in magic:
        raise UnreadableDocument(path, "not a PDF (no %PDF header) — check the download or rename it")
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise UnreadableDocument(path, f"encrypted ({exc}) — save an unprotected copy") from exc
            if not ok:
                raise UnreadableDocument(path, "encrypted with a password — save an unprotected copy and re-index")
        n = len(reader.pages)
        if n > max_pages:
            raise UnreadableDocument(path, f"{n} pages is over the limit of {max_pages} — split the file "
                                           f"or raise max_pages")
        out = []
        for number, page in enumerate(reader.pages, 1):
            text = page.extract_text() or ""
            layout = page.extract_text(extraction_mode="layout") if looks_tabular(text) else ""
            out.append((number, text, layout or ""))
        return out
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, MemoryError, AssertionError, ZeroDivisionError) as exc:
        raise UnreadableDocument(path, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc}) — "
                                       f"re-download it or re-save it as PDF") from exc


def _text_pages(path: Path) -> list[tuple[int, str, str]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot read ({exc.strerror}) — check the file's permissions") from exc
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
    pages = []
    for number, text, layout in folded:
        printed = None
        kept = []
        for line in text.splitlines():
            m = _PAGE_STAMP.match(line)
            if m:
                printed = printed or int(m.group(1))
                continue
            if _norm_line(line) in running:
                continue
            kept.append(line.rstrip())
        body = _BLANK_PAGE.sub("", "\n".join(kept))
        body = _HYPHEN_BREAK.sub(r"\1\2", body)
        lay_lines = [l.rstrip() for l in layout.splitlines()
                     if not _PAGE_STAMP.match(l) and _norm_line(l) not in running]
        pages.append(Page(number=number, text=body.strip("\n"), printed=printed,
                          layout=_BLANK_PAGE.sub("", "\n".join(lay_lines))))
    return pages


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
