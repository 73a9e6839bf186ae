"""Word (.docx) and web (.html/.htm) papers to raw pages: headings and paragraphs as lines, tables as rows.

Neither format has printed pages, so text is cut into pages of about PAGE_CHARS at paragraph
boundaries (and at a Word page break), which gives a citation somewhere to point. A table row is
kept as one line, its cells set apart by wide gaps in the layout text, as a .md pack's are.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import UnreadableDocument

PAGE_CHARS = 3000  # about one printed A4 page of report prose
CELL_GAP = "    "  # what sets table cells apart in layout text (the table readers split on 2+ spaces)
# elements of a web page that are the site around the paper, not the paper
_BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
                     "button", "template", "select", "input", "menu")
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_BOILERPLATE_CLASSES = {"breadcrumb", "breadcrumbs", "cookie", "cookies", "cookie-banner", "skip", "skiplink",
                        "skip-link", "menu", "navbar", "sidebar", "site-header", "site-footer", "pagination"}
_BLOCKS = ("p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "section",
           "article", "main", "tr", "caption", "address", "figcaption", "ul", "ol", "dl")
Raw = list[tuple[int, str, str]]  # (page number, plain text, layout text)


def docx_pages(path: Path, data: bytes) -> Raw:
    """A Word document's paragraphs and tables in reading order."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        blocks: list[str | None] = []  # None marks a page break
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                blocks.append(Paragraph(child, document).text)
                if 'w:type="page"' in child.xml:  # a hard page break (Ctrl+Enter) ends the page here
                    blocks.append(None)
            elif tag == "tbl":
                blocks.extend(_row(cell.text for cell in _unique(row.cells)) for row in Table(child, document).rows)
    except UnreadableDocument:
        raise
    except Exception as exc:  # python-docx raises zip, XML and key errors for damaged files
        raise UnreadableDocument(path, f"not a readable Word document ({type(exc).__name__}) — open it in Word "
                                       f"and save it again as .docx") from exc
    return _paginate(blocks)


def html_pages(path: Path, data: bytes) -> Raw:
    """A web page's paper: navigation, headers, footers and scripts dropped; headings, text and tables kept."""
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(data, "html.parser")
    except Exception as exc:  # the parser is forgiving; anything it raises means the bytes are not a page
        raise UnreadableDocument(path, f"not a readable web page ({type(exc).__name__}) — save it again as "
                                       f"HTML or PDF") from exc
    for el in soup.find_all(_BOILERPLATE_TAGS):
        el.decompose()
    for el in soup.find_all(True):
        if el.decomposed or el.attrs is None:
            continue
        classes = {c.lower() for c in el.get("class") or []} | {str(el.get("id") or "").lower()}
        if str(el.get("role") or "").lower() in _BOILERPLATE_ROLES or classes & _BOILERPLATE_CLASSES:
            el.decompose()
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup
    for table in reversed(root.find_all("table")):  # innermost first, so a nested table is read once
        rows = [_row(c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"], recursive=False))
                for tr in table.find_all("tr")]
        table.replace_with("\n" + "\n".join(r for r in rows if r.strip()) + "\n")
    for br in root.find_all("br"):
        br.replace_with("\n")
    for el in root.find_all(_BLOCKS):
        el.insert_before("\n")
        el.append("\n")
    lines = [re.sub(r"[ \f\v\r]+", " ", line).strip(" ") for line in root.get_text().split("\n")]
    return _paginate([line for line in lines if line.strip()])


def _unique(cells) -> list:
    """A row's cells with merged cells once (python-docx repeats a merged cell in every grid column)."""
    out = []
    for c in cells:
        if not out or c._tc is not out[-1]._tc:
            out.append(c)
    return out


def _row(cells) -> str:
    return "\t".join(" ".join(str(c).split()) for c in cells)


def _paginate(blocks: list[str | None]) -> Raw:
    """Blocks of text cut into pages at a page break (None) or after about PAGE_CHARS."""
    pages: list[list[str]] = [[]]
    size = 0
    for block in blocks:
        if block is None or (size >= PAGE_CHARS and block):
            if pages[-1]:
                pages.append([])
            size = 0
            if block is None:
                continue
        pages[-1].append(block)
        size += len(block)
    out = []
    for number, lines in enumerate((p for p in pages if p), 1):
        text = "\n".join(lines)
        layout = text.replace("\t", CELL_GAP) if "\t" in text else ""
        out.append((number, text.replace("\t", " "), layout))
    return out
