"""The logic behind the Streamlit app, kept out of app.py so it can be read and tested on its own.

Nothing here imports streamlit at module level except the render helpers, which take `st` late;
`app.py` and `pages/` stay thin.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import html
import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..errors import BoardQAError
from ..indexing.store import read_manifest
from ..records import Answer, Citation, Passage
from ..settings import Settings
from .front import EXAMPLE_CANDIDATES, long_date
from .safe import md

APP_ROOT = Path(__file__).resolve().parents[2]  # where app.py and its static/ folder live
STATIC_DIR = APP_ROOT / "static"  # served at app/static/ when server.enableStaticServing is on
PAPERS = "papers"  # static/papers/<hash>.<suffix>: the corpus files the app links to
UPLOAD_SUFFIXES = (".pdf", ".txt", ".md")
MAX_NAME_BYTES = 200  # of an uploaded file's stem: room for the suffix and the hidden temporary name's extras
EXAMPLES = EXAMPLE_CANDIDATES  # the old name: the front page offers those the index answers
ANY = "All"
ANSWER_CHARS = 20_000  # an answer longer than this is cut on the page (a reply gone wrong, not an answer)


# ----------------------------------------------------------------------------------------- index

def index_status(settings: Settings) -> dict | None:
    """What the sidebar shows about the live index, or None when none has been built."""
    try:
        manifest = read_manifest(Path(settings.index_dir))
    except (OSError, ValueError):
        return None
    if manifest is None:
        return None
    return {k: manifest.get(k) for k in ("documents", "pages", "chunks", "built_at", "model", "version")}


@dataclass(frozen=True)
class FilterOptions:
    """The choices the sidebar offers, read from the index's document list."""

    committees: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    first: dt.date | None = None
    last: dt.date | None = None
    councils: tuple[str, ...] = ()  # offered only when the index holds more than one


def filter_options(documents: list[dict]) -> FilterOptions:
    from ..text.bodies import UNKNOWN, canonical, display

    names: dict[str, str] = {}  # one entry per body, however its papers spell it
    for d in documents:
        for name in [d.get("committee") or ""] + [p.get("committee") or "" for p in d.get("parts") or []]:
            if canonical(name) != UNKNOWN:
                names.setdefault(canonical(name), display(name))
    committees = sorted(names.values())
    # passages are filtered by the type of the part they come from (minutes, report, appendix …)
    doc_types = sorted({p.get("doc_type") or "" for d in documents for p in d.get("parts") or []}
                       | {d.get("doc_type") or "" for d in documents if not d.get("parts")} - {"", "pack"})
    dates = sorted(d for d in (_date(x.get("meeting_date")) for x in documents) if d)
    councils = sorted({d.get("council") or "" for d in documents} - {""})
    return FilterOptions(tuple(committees), tuple(doc_types), dates[0] if dates else None,
                         dates[-1] if dates else None, tuple(councils))


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def make_filters(committee: str | None, doc_type: str | None, dates, options: FilterOptions,
                 council: str | None = None):
    """Filters from the sidebar widgets; a date range left at the index's full span is no filter."""
    from ..answers.retrieve import Filters

    date_from = date_to = None
    if isinstance(dates, (list, tuple)) and dates:
        lo, hi = dates[0], dates[-1] if len(dates) > 1 else None
        if lo and lo != options.first:
            date_from = lo.isoformat()
        if hi and hi != options.last:
            date_to = hi.isoformat()
    return Filters(committee=None if committee in (None, ANY) else committee,
                   date_from=date_from, date_to=date_to,
                   doc_type=None if doc_type in (None, ANY) else doc_type,
                   council=None if council in (None, ANY) else council)


# ----------------------------------------------------------------------------------------- answers

_QUOTE = re.compile(r"\u201c(.+?)\u201d\s*\[(\d+)\]", re.S)


def quotes_by_citation(answer: Answer) -> dict[int, list[str]]:
    """The sentences the answer quotes, by citation number (from Citation.quote, else the answer text)."""
    out: dict[int, list[str]] = {}
    for c in answer.citations:
        if c.quote:  # one line per quoted sentence or row
            out.setdefault(c.n, []).extend(q for q in c.quote.split("\n") if q.strip())
    for text, n in _QUOTE.findall(answer.answer):
        if text not in out.get(int(n), []):
            out.setdefault(int(n), []).append(text)
    return out


def passage_for(citation: Citation, passages: tuple[Passage, ...], quotes: list[str] = ()) -> Passage | None:
    """The retrieved passage a citation points at: same file and page, preferring one holding the quote."""
    same = [p for p in passages if p.chunk.source == citation.source and p.chunk.page == citation.page]
    for p in same:
        body = _squash(p.chunk.text + " " + " ".join(p.chunk.rows))
        if any(_squash(q) in body for q in quotes):
            return p
    return same[0] if same else None


def _squash(text: str) -> str:
    return " ".join(text.split())


def page_label(page: int, printed: int | None) -> str:
    label = f"page {page}"
    if printed is not None and printed != page:
        label += f" (printed page {printed})"
    return label


def card_lines(c: Citation) -> tuple[str, str]:
    """The title line and the detail line of a citation card."""
    when = long_date(c.meeting_date) or "date unknown"
    pages = f"pages {c.page}\u2013{c.page_end}" if c.page_end and c.page_end > c.page else page_label(c.page, c.printed_page)
    return c.part or c.title, f"{c.committee or 'Committee unknown'} · meeting {when} · {pages}"


def highlight_html(text: str, quotes: list[str]) -> str:
    """The passage as escaped HTML with each quoted sentence wrapped in <mark> (whitespace-insensitive)."""
    spans: list[tuple[int, int]] = []
    for q in quotes:
        words = q.split()
        if not words:
            continue
        m = re.search(r"\s+".join(re.escape(w) for w in words), text)
        if m:
            spans.append(m.span())
    spans.sort()
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def passage_html(p: Passage, quotes: list[str]) -> str:
    """A passage for display: a table's rows (the quoted row marked) or the text with the quote marked."""
    c = p.chunk
    head = f"<div class='bq-section'><strong>{html.escape(c.section)}</strong></div>" if c.section else ""
    if c.kind == "table" and c.rows:
        body = "<br>".join(highlight_html(r, quotes) if any(_squash(q) == _squash(r) for q in quotes)
                           else html.escape(r) for r in c.rows)
    else:
        body = highlight_html(fold_lines(c.text), quotes)
        if quotes and "<mark>" not in body:  # the quote was read from a table row or rejoined lines
            body = "".join(f"<p><mark>{html.escape(q)}</mark></p>" for q in quotes) + body
    return (f"<div class='bq-passage' style='white-space:pre-wrap;font-size:0.9rem'>{head}{body}</div>")


def md_escape(text: str) -> str:
    """One line of text for st.markdown (kept for callers of the old name): safe.md does the work."""
    return md(text)


def answer_markdown(answer: Answer) -> str:
    """The answer text on one line with its [n] markers in bold."""
    return re.sub(r"\\\[(\d+)\\\]", r"**[\1]**", md(answer.answer, limit=ANSWER_CHARS))


_NEW_PARA = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s|[•●▪◦\-–]\s|\(?[a-z]{1,3}\)\s|[A-Z][A-Z ]{3,}$)")


def fold_lines(text: str) -> str:
    """A PDF's ragged lines joined into paragraphs: a line break stays only before a numbered or bulleted
    line, after a sentence's end, or around a blank line; 'recruit-' + 'ment' is rejoined."""
    out: list[str] = []
    for line in (x.strip() for x in text.replace("\r", "").split("\n")):
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if out and out[-1] and not _NEW_PARA.match(line) and not re.search(r"[.:;?!]$", out[-1]):
            prev = out[-1]
            if re.search(r"[a-z]-$", prev) and line[:1].islower():
                out[-1] = prev[:-1] + line
            else:
                out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return "\n".join(out).strip()


# ----------------------------------------------------------------------------------------- serving PDFs

def served_url(settings: Settings, source: str, sha256: str | None, page: int | None = None,
               static_dir: Path = STATIC_DIR) -> str | None:
    """A URL under app/static/ that serves one corpus file, opening at a page.

    The file is hard-linked (copied when the corpus is on another disk) into static/papers under a
    name made from its content hash, so no name from the corpus ever reaches a URL and Streamlit's
    static handler, which refuses symlinks out of static/, serves it. Returns None when the file
    is gone.
    """
    corpus = Path(os.path.realpath(settings.corpus_dir))
    path = Path(os.path.realpath(Path(settings.corpus_dir) / source))  # by real path: a link out is never served
    if corpus not in path.parents or not path.is_file():
        return None
    suffix = path.suffix.lower() if path.suffix.lower() in UPLOAD_SUFFIXES else ".bin"
    key = (sha256 or _quick_key(path))[:20]
    name = f"{key}{suffix}"
    folder = static_dir / PAPERS
    target = folder / name
    _prune_once_per_generation(settings, static_dir)
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{uuid.uuid4().hex[:8]}"
        try:
            os.link(path, tmp)  # follows a symlink: the served file is a real one inside static/
        except OSError:
            shutil.copyfile(path, tmp)
        os.replace(tmp, target)
    url = f"app/static/{PAPERS}/{quote(name)}"
    return f"{url}#page={page}" if page and suffix == ".pdf" else url


_PRUNED: dict[str, str] = {}  # static folder -> the generation it was last pruned for


def _prune_once_per_generation(settings: Settings, static_dir: Path) -> None:
    from ..indexing.store import current_generation

    try:
        live = current_generation(Path(settings.index_dir))
    except OSError:
        return
    if live is not None and _PRUNED.get(str(static_dir)) != live.name:
        prune_served(settings, static_dir)
        _PRUNED[str(static_dir)] = live.name


def prune_served(settings: Settings, static_dir: Path = STATIC_DIR) -> int:
    """Remove files in static/papers that are no document of the live index (a paper removed from the
    corpus stops being served). Returns how many went."""
    from ..indexing.store import read_documents

    folder = static_dir / PAPERS
    if not folder.is_dir():
        return 0
    try:
        live = {d["sha256"][:20] for d in read_documents(Path(settings.index_dir)) if d.get("sha256")}
    except (OSError, ValueError):
        return 0  # no readable index: leave everything as it is
    gone = 0
    for f in folder.iterdir():
        if f.name.split(".", 1)[0] not in live and not f.name.startswith("."):
            f.unlink(missing_ok=True)
            gone += 1
    return gone


def _quick_key(path: Path) -> str:
    import hashlib

    st = path.stat()
    return hashlib.sha256(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()


# ----------------------------------------------------------------------------------------- officers

class UploadRefused(BoardQAError):
    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")


def admin_password(secrets=None) -> str | None:
    """The officers' password from BOARDQA_ADMIN_PASSWORD, else st.secrets["admin_password"]."""
    value = os.environ.get("BOARDQA_ADMIN_PASSWORD")
    if value:
        return value
    try:
        value = secrets.get("admin_password") if secrets is not None else None
    except Exception:  # no secrets.toml: Streamlit raises rather than returning nothing
        value = None
    return str(value) if value else None


def password_ok(given: str, expected: str | None) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def safe_name(name: str) -> str:
    """A corpus file name from an uploaded one: the base name only, plain characters, an allowed suffix.

    Raises:
        UploadRefused: the name is empty, hidden or has a suffix other than .pdf, .txt or .md.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w .,()&'+-]", "_", base).strip(" .")
    base = re.sub(r"\s+", " ", base)
    if not base or base.startswith("."):
        raise UploadRefused(name, "the file has no usable name — rename it and upload again")
    stem, suffix = os.path.splitext(base)
    if suffix.lower() not in UPLOAD_SUFFIXES:
        raise UploadRefused(name, f"only {', '.join(UPLOAD_SUFFIXES)} files can be added")
    # by UTF-8 bytes, not characters: 150 'é' is 300 bytes, over the 255 most filesystems allow
    stem = stem.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip(" .") or "upload"
    return stem + suffix.lower()


def save_upload(settings: Settings, name: str, data: bytes) -> tuple[Path, bool]:
    """Write an uploaded file into the corpus folder. Returns (path, replaced an existing file).

    Raises:
        UploadRefused: bad name or suffix, too large, empty, or not what its suffix says.
    """
    clean = safe_name(name)
    limit = settings.max_file_mb * 1024 * 1024
    if len(data) > limit:
        raise UploadRefused(name, f"{len(data) // (1024 * 1024)} MB is over the {settings.max_file_mb} MB limit")
    if not data:
        raise UploadRefused(name, "the file is empty")
    if clean.endswith(".pdf") and not data[:1024].lstrip().startswith(b"%PDF-"):
        raise UploadRefused(name, "this is not a PDF (it does not start with %PDF-) — save it as PDF and retry")
    if not clean.endswith(".pdf"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRefused(name, "text files must be UTF-8 — re-save it as UTF-8 and retry") from None
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    target = corpus / clean
    if target.resolve().parent != corpus.resolve():  # belt and braces: safe_name already forbids this
        raise UploadRefused(name, "the name points outside the corpus folder")
    replaced = target.exists()
    tmp = corpus / f".{clean}.{uuid.uuid4().hex[:8]}.upload"  # hidden: a build running now ignores it
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:  # disk full, permissions, a name the filesystem refuses: this file only
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UploadRefused(name, f"could not be saved ({exc.strerror or type(exc).__name__}) — "
                                  f"ask whoever runs the server to check the corpus folder") from None
    return target, replaced


def rebuild(settings: Settings, progress=None, embedder=None):
    """Bring the index up to date with the corpus folder (one parser process: the app shares its machine)."""
    from ..indexing.build import build

    return build([Path(settings.corpus_dir)], settings, progress=progress, workers=1, embedder=embedder)
