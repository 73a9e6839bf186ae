"""The corpus scan: which files under the corpus folders are papers to index, and why the others are not."""
from __future__ import annotations

import errno
import os
from pathlib import Path

from ..papers.ingest import SUFFIXES


def scan(paths: list[Path], suffixes: tuple[str, ...] = SUFFIXES, skipped: list[dict] | None = None,
         follow_links: bool = False, ignore: tuple[Path, ...] = ()) -> list[tuple[Path, str]]:
    """Files to index as (absolute path, path relative to the corpus root it was found under).

    A symbolic link is followed only to a file inside its corpus root (or anywhere with follow_links);
    links out, loops, dangling links and files of other types are put in `skipped` with a reason.
    Folders in `ignore` (an index kept inside the corpus) and hidden files are passed over quietly.
    """
    found: dict[str, Path] = {}
    skipped = skipped if skipped is not None else []
    ignored = {os.path.realpath(p) for p in ignore}
    for root in paths:
        if root.is_file():
            found[shown_name(root.name)] = root
            continue
        real_root = os.path.realpath(root)
        def unreadable(exc: OSError, root: Path = root) -> None:
            where = shown_name(os.path.relpath(exc.filename or str(root), root)) if exc.filename else str(root)
            skipped.append({"path": where, "reason": f"folder could not be read ({exc.strerror}) — make it "
                                                     f"readable (chmod a+rx) and re-run"})

        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):  # never descends a linked folder
            here = Path(dirpath)
            keep = []
            for d in sorted(dirnames):
                if d.startswith(".") or os.path.realpath(here / d) in ignored:
                    continue
                if (here / d).is_symlink():
                    rel = shown_name((here / d).relative_to(root).as_posix())
                    skipped.append({"path": rel, "reason": "a link to a folder, not followed — move or copy "
                                                           "the folder into the corpus"})
                    continue
                keep.append(d)
            dirnames[:] = keep
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                p = here / name
                rel = shown_name(p.relative_to(root).as_posix())
                problem = _link_problem(p, real_root, follow_links) if p.is_symlink() else None
                if problem is None and p.suffix.lower() not in suffixes:
                    problem = (f"unsupported type {p.suffix.lower() or '(no suffix)'!r} — only "
                               f"{', '.join(suffixes)} files are indexed")
                if problem:
                    skipped.append({"path": rel, "reason": problem})
                else:
                    found[rel] = p
    return [(p, rel) for rel, p in sorted(found.items())]


def shown_name(name: str) -> str:
    """A file name as it may be stored and shown: undecodable bytes (a non-UTF-8 name, which
    os.fsdecode keeps as surrogates) become U+FFFD, control characters '?'."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("?" if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)


def _link_problem(path: Path, real_root: str, follow_links: bool) -> str | None:
    """Why a symbolic link is not followed, or None when it points at a file inside the corpus."""
    try:
        target = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
            return "a symbolic link loop — point the link at the paper itself, or remove it"
        return "a link to a file that is not there (a dangling or unreadable link) — fix or remove the link"
    if not follow_links and os.path.commonpath([target, real_root]) != real_root:
        return "a link to a file outside the corpus folder, not followed — copy the file in, or index with --follow-links"
    return None
