"""The officers' list of documents (parts, meeting dates) and taking one out of the corpus."""
from __future__ import annotations

import os
import time
from pathlib import Path

from ..errors import BoardQAError
from ..settings import Settings
from .front import long_date
from .safe import plain

REMOVED = ".removed"  # corpus/.removed/: hidden, so the scan skips it; a removed paper can be put back


class RemoveRefused(BoardQAError):
    """A document could not be taken out of the corpus folder."""


def rows(documents: list[dict]) -> list[dict]:
    """One row per document for st.dataframe: literal text only (dataframe cells are never Markdown)."""
    out = []
    for d in sorted(documents, key=lambda d: (d.get("meeting_date") or "", d["source"])):
        parts = d.get("agenda_items") or []
        out.append({"file": plain(d["source"], 200), "title": plain(d.get("title"), 200),
                    "body": plain(d.get("committee"), 120), "meeting": long_date(d.get("meeting_date")) or "",
                    "type": plain(d.get("doc_type"), 40), "pages": d.get("pages"),
                    "parts": len(parts), "part titles": plain("; ".join(str(p.get("title") or "")
                                                                         for p in parts), 300),
                    "passages": d.get("chunks")})
    return out


def remove_document(settings: Settings, document: dict) -> list[str]:
    """Move a document's file (and its duplicates) into corpus/.removed/; returns the names moved.

    The index still holds it until the rebuild that follows drops it.

    Raises:
        RemoveRefused: a name points outside the corpus folder, or the move failed.
    """
    corpus = Path(os.path.abspath(settings.corpus_dir))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    moved = []
    for name in [document["source"], *document.get("also", [])]:
        path = Path(os.path.normpath(corpus / name))
        if corpus not in path.parents:
            raise RemoveRefused(f"{name} is not inside the corpus folder — remove it by hand")
        if not path.exists():
            continue
        target = corpus / REMOVED / stamp / path.relative_to(corpus)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        except OSError as exc:
            raise RemoveRefused(f"{name} could not be moved out of the corpus folder ({exc.strerror}) — "
                                f"check its permissions") from None
        moved.append(name)
    return moved
