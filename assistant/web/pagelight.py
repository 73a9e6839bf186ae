"""A cited page rendered from its PDF with the quoted sentence or table cell lit, cached on disk."""
from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings

SCALE = 1.5  # 108 dpi: an A4 page 893 px wide, sharp on a laptop and under 0.2 s to render
LIGHT = (255, 214, 0, 110)  # translucent yellow: the words stay readable under it
PAD = 1.5  # points around each lit line, so descenders are inside the box
MIN_PIECE = 3  # a table row's cell shorter than this (after folding) is too common to light alone
VERSION = "1"  # in the cache key: a change to how pages are drawn makes new files
# characters pdfium and pypdf spell differently, folded before matching
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " ", "\ufb01": "fi", "\ufb02": "fl"})
_CELL_SPLIT = re.compile(r"\s*(?:[:;|·\u2014]|\s-\s)\s*")  # how a quoted table row joins its heading and cells


@dataclass(frozen=True)
class LitPage:
    """A rendered page: the PNG, whether the quote was found on it, and how many pages the file has."""

    png: bytes
    lit: bool
    page: int
    pages: int


def cache_root(settings: Settings) -> Path:
    """$XDG_CACHE_HOME/boardqa when set, else index/cache: beside the generations, so rebuilds keep it."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "boardqa" if xdg else Path(settings.index_dir) / "cache"


def cache_dir(settings: Settings) -> Path:
    """Where drawn pages are kept (named by file hash, page and quote, so any index can share it)."""
    return cache_root(settings) / "pages"


def page_count(pdf_path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def lit_page(pdf_path: Path, page: int, quotes: list[str] | tuple[str, ...], folder: Path,
             sha: str | None = None) -> LitPage:
    """Page `page` (1-based) of the PDF as a PNG with each quote lit; read from `folder` when done before."""
    key_src = f"{VERSION}|{sha or _file_key(pdf_path)}|{page}|{SCALE}|" + "\n".join(quotes)
    key = hashlib.sha256(key_src.encode()).hexdigest()[:32]
    for hit in folder.glob(f"{key}.*.png"):  # drawn before: <key>.<lit|plain>.<pages>.png
        _, state, n, _ = hit.name.split(".")
        return LitPage(hit.read_bytes(), state == "lit", page, int(n))
    png, lit, n = render(pdf_path, page, quotes)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{key}.{'lit' if lit else 'plain'}.{n}.png"
        tmp = folder / f".{key}.{uuid.uuid4().hex[:8]}"
        tmp.write_bytes(png)
        os.replace(tmp, target)  # two sessions rendering one page never see half a file
    except OSError:  # a read-only index folder: show it anyway, render again next time
        pass
    return LitPage(png, lit, page, n)


def _file_key(path: Path) -> str:
    st = path.stat()
    return f"{os.path.abspath(path)}:{st.st_size}:{st.st_mtime_ns}"


def render(pdf_path: Path, page: int, quotes) -> tuple[bytes, bool, int]:
    """(PNG bytes, any quote lit, pages in the file) for one page, drawn now."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        n = len(pdf)
        pg = pdf[min(max(page, 1), n) - 1]
        height = pg.get_height()
        boxes = find_boxes(pg.get_textpage(), quotes)
        img = pg.render(scale=SCALE).to_pil().convert("RGBA")
    finally:
        pdf.close()
    if boxes:
        layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for left, bottom, right, top in boxes:
            draw.rectangle([(left - PAD) * SCALE, (height - top - PAD) * SCALE,
                            (right + PAD) * SCALE, (height - bottom + PAD) * SCALE], fill=LIGHT)
        img = Image.alpha_composite(img, layer)
    out = io.BytesIO()
    img.convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue(), bool(boxes), n


def find_boxes(textpage, quotes) -> list[tuple[float, float, float, float]]:
    """The line boxes (PDF points) of each quote on the page, matched ignoring spacing, case and hyphenation.

    A quote not found whole is tried cell by cell (a table row is quoted as 'Heading: 2014/15 £8.3 m',
    which the page never prints in one run).
    """
    text = textpage.get_text_range()
    flat, where = _flatten(text)
    spans: list[tuple[int, int]] = []
    for q in quotes:
        found = _find(flat, where, q)
        if found is None:
            spans.extend(_cells(flat, where, q))
        else:
            spans.append(found)
    boxes = []
    for start, end in spans:
        for i in range(textpage.count_rects(start, end - start)):
            boxes.append(textpage.get_rect(i))
    return boxes


def _cells(flat: str, where: list[int], quote: str) -> list[tuple[int, int]]:
    """A quoted row's heading, label and cells, each found after the one before it (so '2014/15' is the
    table's column heading, not the same words in the sentence above the table)."""
    pieces = [p for p in (_flatten(x)[0] for x in _CELL_SPLIT.split(quote)) if len(p) >= MIN_PIECE]
    out, pos, figure = [], 0, False
    for p in pieces:
        i = flat.find(p, pos)
        if i >= 0:
            out.append((where[i], where[i + len(p) - 1] + 1))
            pos = i + len(p)
            figure = figure or any(ch.isdigit() for ch in p)
    return out if figure else []  # headings alone are not the row quoted


def _find(flat: str, where: list[int], quote: str) -> tuple[int, int] | None:
    needle = _flatten(quote)[0]
    if not needle:
        return None
    i = flat.find(needle)
    if i < 0:
        return None
    return where[i], where[i + len(needle) - 1] + 1


def _flatten(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, folded, with each kept character's index in the original.

    A hyphen at a line end (and pdfium's \\x02 soft hyphen) is dropped, so 'recruit-' + 'ment' is
    found as 'recruitment'.
    """
    chars, where = [], []
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "\x02\u00ad\ufffe":
            continue
        if ch == "-" and i + 1 < n and text[i + 1] in "\r\n":
            continue
        folded = ch.translate(_FOLD).lower()
        for f in folded:
            if not f.isspace():
                chars.append(f)
                where.append(i)
    return "".join(chars), where
