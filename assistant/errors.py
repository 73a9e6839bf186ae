"""Named errors; each message says what to do about it."""
from __future__ import annotations

from pathlib import Path


class BoardQAError(Exception):
    """Base class for errors a user can act on."""


class UnreadableDocument(BoardQAError):
    """A file in the corpus could not be turned into text."""

    def __init__(self, path: Path | str, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


class IndexMissing(BoardQAError):
    def __init__(self, index_dir: Path | str):
        super().__init__(f"No index at {index_dir}/ — run `boardqa index corpus/ --index-dir {index_dir}` first.")


class IndexMismatch(BoardQAError):
    def __init__(self, index_dir: Path | str, what: str):
        super().__init__(f"The index at {index_dir}/ was built with {what} — rebuild it: "
                         f"`rm -r {index_dir} && boardqa index --index-dir {index_dir}`.")


class IndexBusy(BoardQAError):
    def __init__(self, index_dir: Path | str, holder: str):
        super().__init__(f"Another `boardqa index` ({holder}) is updating {index_dir}/ — wait for it to finish "
                         f"or pass --wait.")


class StoreUnavailable(BoardQAError):
    """The configured store (BOARDQA_STORE / --store) cannot be used."""

    def __init__(self, store: str, reason: str):
        super().__init__(f"The store {store!r} cannot be used: {reason}")


class LLMError(BoardQAError):
    """The optional generative model could not be reached or answered badly."""


class IndexWriteFailed(BoardQAError):
    """The new index could not be written (disk full, no permission); the previous one stays live."""

    def __init__(self, index_dir: Path | str, needed: int | None, free: int | None, cause: str | None = None):
        self.needed, self.free = needed, free
        mb = 1024 * 1024
        room = f" and {free / mb:,.1f} MB is free" if free is not None else ""
        need = f" — it needs about {needed / mb:,.1f} MB there{room}" if needed is not None else ""
        why = f" ({cause})" if cause else ""
        super().__init__(f"Could not write the index at {index_dir}/{why}{need}. Free some space, or point "
                         f"--index-dir at a disk you may write to; the previous index is still the live one.")
