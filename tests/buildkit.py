"""Small corpora for the build tests: PDFs written here (good, broken, encrypted, scanned) and a fake embedder."""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import numpy as np

DIM = 384  # the bundled model's width, so a real `boardqa index` can extend an index built with this


class HashEmbedder:
    """Bag-of-words vectors from hashed words: deterministic, instant, and counts what it embeds."""

    name = "hash"

    def __init__(self):
        self.embedded: list[str] = []

    def embed(self, texts: list[str], progress=None) -> np.ndarray:
        self.embedded.extend(texts)
        out = np.zeros((len(texts), DIM), dtype="float32")
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % DIM] += 1.0
            out[i] /= max(np.linalg.norm(out[i]), 1e-9)
        if progress:
            progress(len(texts))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def pack_text(topic: str, n: int = 3) -> list[str]:
    """Pages of a plausible report about topic, each long enough to make its own chunk."""
    pages = []
    for p in range(1, n + 1):
        pages.append(
            f"Report on {topic}, part {p}.\n"
            f"1. Purpose of the report\n" +
            (f"The committee is asked to note progress on {topic} during quarter {p}. "
             f"Officers reviewed the {topic} programme with partners and residents, and the budget for {topic} "
             f"stage {p} was set at {p * 113} thousand pounds. ") * 3 +
            f"\n2. Recommendations\nThe board resolved to approve the {topic} plan, stage {p}, and to receive a "
            f"further report on {topic} in the next municipal year.")
    return pages


def write_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF with a drawing but no text layer, as a scanner without OCR makes."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def write_encrypted_pdf(path: Path, pages: list[str], user_password: str) -> Path:
    """pages encrypted with AES; user_password "" opens without asking (owner-only protection)."""
    from pypdf import PdfReader, PdfWriter

    buf = io.BytesIO()
    write_pdf(path, pages)
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    writer.write(buf)
    path.write_bytes(buf.getvalue())
    return path


def write_bad_files(folder: Path) -> dict[str, str]:
    """One of each kind of bad file; returns name -> a phrase its skip reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    good = write_pdf(folder / "tmp-good.pdf", pack_text("libraries")).read_bytes()
    (folder / "tmp-good.pdf").unlink()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "webpage.pdf").write_text("<html><body>Sorry, the document you requested was not found</body></html>")
    write_encrypted_pdf(folder / "locked.pdf", pack_text("parking"), user_password="letmein")
    write_scanned_pdf(folder / "scanned.pdf")
    return {"truncated.pdf": "re-download", "garbage.pdf": "re-download", "empty.pdf": "0 bytes",
            "webpage.pdf": "not a PDF", "locked.pdf": "password", "scanned.pdf": "needs OCR"}


def drawn_pdf(path: Path, draw, landscape: bool = False) -> Path:
    """A one-page PDF that `draw(pdf)` fills with fpdf2 (tables, ruled or not); the path written."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L" if landscape else "P")
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    draw(pdf)
    pdf.output(str(path))
    return path


def table_pdf(path: Path, rows: list[tuple[str, ...]], title: str = "", note: str = "",
              landscape: bool = False) -> Path:
    """A one-page PDF of one ruled table (its header row first) under a title line, or under a paragraph
    (`note`, wrapped as prose is)."""
    def draw(pdf):
        if note:
            pdf.multi_cell(0, 5, note)
            pdf.ln(2)
        if title:
            pdf.cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=5) as table:
            for row in rows:
                table.row(row)
    return drawn_pdf(path, draw, landscape)


def parsed_chunks(pdf: Path) -> list:
    """The chunks a build makes of one PDF, parsed as a worker parses it."""
    from assistant.indexing.parse import parse_one
    from assistant.records import Chunk
    from assistant.settings import Settings

    data = pdf.read_bytes()
    _, chunks = parse_one(str(pdf), f"t/{pdf.name}", hashlib.sha256(data).hexdigest(), Settings(), data=data)
    return [Chunk.from_json(c) for c in chunks]
