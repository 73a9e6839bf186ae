"""What the front page says is there: bodies, date span, meetings and papers, and examples that work."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

EXAMPLE_CANDIDATES = (  # tried in this order; only those the live index answers are offered
    "What was agency spend in 2014/15?",
    "What did Ofsted rate Coventry children's services in 2014?",
    "What are family hubs?",
    "When was the Children's Services Improvement Plan signed off?",
)
EXAMPLES_SHOWN = 4  # a short list people read; more is a wall of buttons
MAX_TRIED = 8  # questions tried per generation at most: each costs an answer (0.1–1 s)
DERIVED = 4  # questions made from the index's own resolutions when the fixed ones do not fit it


def long_date(value: str | None) -> str | None:
    """An ISO date as '10 Dec 2015' (the one format the app shows); other text unchanged."""
    try:
        d = dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return value
    return f"{d.day} {d:%b %Y}" if d else value


@dataclass(frozen=True)
class Coverage:
    """What the index covers, in the words of the front page."""

    bodies: tuple[str, ...]
    first: str | None
    last: str | None
    meetings: int
    papers: int

    def line(self) -> str:
        span = (f"from {long_date(self.first)} to {long_date(self.last)}" if self.first and self.last
                and self.first != self.last else f"of {long_date(self.first)}" if self.first else "undated")
        return (f"{self.papers} paper{'s' * (self.papers != 1)} of {self.meetings} "
                f"meeting{'s' * (self.meetings != 1)} {span}")


def coverage(documents: list[dict]) -> Coverage:
    """Bodies, meeting-date span, meetings (body and date) and papers of the live generation's documents."""
    bodies = sorted({d.get("committee") or "" for d in documents} - {""})
    dates = sorted(d["meeting_date"][:10] for d in documents if d.get("meeting_date"))
    meetings = {(d.get("committee") or "", d["meeting_date"][:10]) for d in documents if d.get("meeting_date")}
    return Coverage(tuple(bodies), dates[0] if dates else None, dates[-1] if dates else None, len(meetings),
                    len(documents))


def candidates(documents: list[dict]) -> list[str]:
    """The fixed examples, then questions made from the index's own resolutions (any corpus has some)."""
    out = list(EXAMPLE_CANDIDATES)
    for d in documents:
        for r in d.get("resolutions", [])[:2]:
            title = " ".join(str(r.get("item_title") or "").split())
            if 3 <= len(title) <= 60 and not re.search(r"\d{4}|minutes|apolog", title, re.I):
                out.append(f"What was decided about {title.rstrip(' .:;–—-')}?")
        if len(out) >= len(EXAMPLE_CANDIDATES) + DERIVED:
            break
    return list(dict.fromkeys(out))


def answers_well(answer) -> bool:
    """An example worth offering: found, cited, and quoting the papers (not a bare 'see the papers')."""
    return bool(answer.found and answer.citations and "\u201c" in answer.answer)


def cached(generation: Path | None, cache: Path) -> list[str] | None:
    """The examples checked for this generation, or None when they have not been checked yet."""
    path = _path(generation, cache)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _memory.get(str(path))


def examples(assistant, documents: list[dict], generation: Path | None, cache: Path) -> list[str]:
    """Up to EXAMPLES_SHOWN questions the live index answers well, checked once per generation."""
    done = cached(generation, cache)
    if done is not None:
        return done
    good: list[str] = []
    for q in candidates(documents)[:MAX_TRIED]:
        while _busy[0] > 0:  # a reader's question goes first: the examples are not urgent
            time.sleep(0.2)
        try:
            if answers_well(assistant.ask(q)):
                good.append(q)
        except Exception:  # an example that fails is just not offered
            continue
        if len(good) >= EXAMPLES_SHOWN:
            break
    path = _path(generation, cache)
    _memory[str(path)] = good
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}")
        tmp.write_text(json.dumps(good), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only index folder: this process remembers them
        pass
    return good


def examples_later(assistant, documents: list[dict], generation: Path | None, cache: Path) -> None:
    """Check the examples in a background thread (once per generation and process): the page never waits."""
    key = str(_path(generation, cache))
    with _lock:
        if key in _running:
            return
        _running.add(key)
    threading.Thread(target=examples, args=(assistant, documents, generation, cache), daemon=True,
                     name="boardqa-examples").start()


def _path(generation: Path | None, cache: Path) -> Path:
    return Path(cache) / f"examples-{generation.name if generation else 'none'}.json"


@contextmanager
def asking():
    """Around a reader's question: the background check of examples waits while one is answered."""
    with _lock:
        _busy[0] += 1
    try:
        yield
    finally:
        with _lock:
            _busy[0] -= 1


_busy = [0]
_memory: dict[str, list[str]] = {}  # examples of generations whose cache folder could not be written
_running: set[str] = set()
_lock = threading.Lock()
