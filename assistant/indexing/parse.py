"""Files parsed in worker processes: one file's pages, parts, chunks and resolutions, every failure a reason.

Workers run under a memory cap, so a decompression bomb or a parser crash costs only that file.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..errors import UnreadableDocument
from ..records import Document
from ..settings import Settings


def page_hash(text: str) -> str:
    """A short hash of a page's prose ("" for pages with little, which say nothing about identity).

    Only lines of 50 characters or more count: running headers, footers, stamps and headings are
    shorter, and they are what differs between a report inside its pack and the same report alone.
    """
    words = " ".join(" ".join(line for line in text.lower().splitlines() if len(line.strip()) >= 50).split())
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:16] if len(words) >= 200 else ""


def parse_one(path: str, rel: str, sha: str, settings: Settings, data: bytes | None = None) -> tuple[dict, list[dict]]:
    """Parse and chunk one file (runs in a worker process). Returns (document record, chunk dicts)."""
    from ..papers.chunk import chunk_document
    from ..papers.ingest import read_pages
    from ..papers.structure import describe
    from .embed import token_counter

    pages = read_pages(Path(path), max_pages=settings.max_pages, max_page_chars=settings.max_page_chars,
                       data=data, ocr=settings.ocr)
    meta = describe(rel, pages)
    doc = Document(source=rel, sha256=sha, pages=tuple(pages), **meta)
    chunks = chunk_document(doc, token_counter(settings.model), settings.max_tokens, settings.min_chunk_chars)
    from ..papers.tablechunks import read_ruled

    chunks, tables = read_ruled(path, data, doc, chunks)  # ruled tables, read from the page geometry
    record = {"source": rel, "sha256": sha, "also": [], "pages": len(pages), "chunks": len(chunks),
              "printed_pages": {str(p.number): p.printed for p in pages if p.printed is not None}, **meta}
    record["page_hashes"] = [page_hash(p.text) for p in pages]
    from ..papers.parts import parts_of, segments

    from .versions import signature

    record["parts"] = [{**p.to_json(), "minhash": signature("\n".join(pg.text for pg in pages[p.first_page - 1:p.last_page]))}
                       for p in parts_of(pages, segments(pages, meta))]
    from ..papers.minutes import agenda_items
    from ..papers.resolutions import extract

    record["resolutions"] = [r.to_json() for r in extract(doc)]
    record["agenda_items"] = [a.to_json() for a in agenda_items(doc)]
    record["tables"] = [t.to_json() for t in tables]
    from ..papers import frontsheet, questions

    record["meetings"] = [m.to_json() for m in frontsheet.extract(doc)]
    record["questions"] = [q.to_json() for q in questions.extract(doc)] if doc.doc_type == "questions" else []
    return record, [c.to_json() for c in chunks]


def parse_safe(args) -> tuple[str, dict | None, list[dict] | None, str | None, bool]:
    """parse_one with every failure turned into a reason; the bytes parsed are the bytes hashed.

    Returns (rel, record, chunks, reason, lasting): lasting is True when the failure is in the
    bytes themselves, so the same bytes need not be parsed again.
    """
    path, rel, sha, settings = args
    try:
        with open(path, "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != sha:
            return rel, None, None, "changed while being indexed — it will be picked up on the next run", False
        rec, chunks = parse_one(path, rel, sha, settings, data=data)
        return rel, rec, chunks, None, False
    except UnreadableDocument as exc:
        return rel, None, None, exc.reason, True
    except FileNotFoundError:
        return rel, None, None, "vanished while being indexed — it will be picked up on the next run if it returns", False
    except PermissionError:
        return rel, None, None, "permission denied — make the file readable (chmod a+r) and re-run", False
    except MemoryError:
        return rel, None, None, "too big to parse within the memory limit — split the file or raise max_parse_mb", True
    except Exception as exc:  # one bad file must never stop the run
        return rel, None, None, f"could not be parsed ({type(exc).__name__}: {exc}) — re-save it as PDF and re-run", True


def limit_memory(mb: int) -> None:
    """Worker initialiser: cap the address space so a decompression bomb raises MemoryError here."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the skip reason says what was wrong, once
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: parse uncapped


def timeout_reason(seconds: float) -> str:
    """The skip reason of a file that ran past its deadline (also how a later run recognises one)."""
    return f"took longer than {seconds:g} s to read — split or re-save it"


def timed_out_under(reason: str | None) -> float | None:
    """The deadline a remembered failure ran past, or None when it failed for another reason."""
    m = re.match(r"took longer than ([\d.]+) s to read", reason or "")
    return float(m[1]) if m else None


def init_worker(settings: Settings) -> None:
    """Worker initialiser: the memory cap, and the parsing modules and tokenizer loaded now, so a file's
    deadline counts the reading of that file, not the worker's start."""
    limit_memory(settings.max_parse_mb)
    import pypdf  # noqa: F401

    from ..papers import chunk, minutes, resolutions, structure  # noqa: F401
    from .embed import token_counter

    token_counter(settings.model)


def run_parse(todo: list, workers: int, settings: Settings):
    """Yield parse_safe results as files finish. A file that runs past settings.file_timeout, or whose
    worker dies, costs only itself: its worker is replaced and the rest of the corpus goes on."""
    if workers <= 0:
        yield from (parse_safe(t) for t in todo)
        return
    from .workers import run_pool

    # biggest files first so one large pack does not finish last on its own
    order = sorted(todo, key=lambda t: -_size(t[0]))
    timeout = settings.file_timeout or None
    for task, status, result in run_pool(parse_safe, order, min(workers, len(order)), timeout=timeout,
                                         init=init_worker, initargs=(settings,)):
        if status == "ok":
            yield result
        elif status == "timeout":
            yield task[1], None, None, timeout_reason(settings.file_timeout), True
        else:
            yield (task[1], None, None, "the parser process died on it (out of memory, or a malformed file) — "
                                        "re-save it as PDF or split it", True)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
