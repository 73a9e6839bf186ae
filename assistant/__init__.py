"""boardqa: question answering over council board papers, with citations.

The package is the pipeline, one folder a stage:
    papers/    files -> pages -> parts of a pack, paragraphs, tables, chunks, minutes, resolutions
    indexing/  chunks -> vectors and BM25 -> an index generation on disk (incremental build)
    answers/   a question read once -> retrieval -> quoted, cited answer or "not in the papers"
    text/      how councils write (numbers, dates, spellings, the thesaurus, abbreviations)
    web/       what app.py and pages/ use
    cli/       the `boardqa` command
Shared by all: `records`, `settings`, `errors`; `service.Assistant` answers over one index.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Answer", "Assistant", "BoardQAError", "Citation", "Passage", "Settings", "__version__"]

if TYPE_CHECKING:
    from .errors import BoardQAError
    from .records import Answer, Citation, Passage
    from .service import Assistant
    from .settings import Settings

_HOME = {"Answer": "records", "Citation": "records", "Passage": "records", "Assistant": "service",
         "Settings": "settings", "BoardQAError": "errors"}


def __getattr__(name: str):
    """The public names, imported when first used (so `boardqa --help` loads nothing heavy)."""
    if name not in _HOME:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_HOME[name]}", __name__), name)
