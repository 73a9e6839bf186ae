"""The officers' sign-in: failed tries slowed and then locked (per session and per process), logged; expiry."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from . import webapp as w

log = logging.getLogger("boardqa.officers")

BASE_DELAY = 0.5  # seconds before the answer to the first failed try; it doubles with each further one
MAX_DELAY = 8.0  # the longest wait for one try: slow enough to stop guessing, short enough for a typo
MAX_TRIES = 5  # failed tries (in a session, or in the whole process) before sign-in is locked
LOCK_SECONDS = 15 * 60  # how long a lock lasts; an officer who is locked out waits or restarts the app
PROCESS_WINDOW = 15 * 60  # failures older than this no longer count against the whole process
SIGNED_IN_SECONDS = 30 * 60  # an officer's sign-in lasts this long, then the password is asked again


@dataclass
class Tries:
    """Failed tries: times of recent failures and the end of a lock, if any."""

    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0


_process = Tries()  # every session of this server together: many sessions cannot share out the guesses
_lock = threading.Lock()


def delay(n_failures: int) -> float:
    """Seconds to wait before answering a try after n failures (0 for the first try)."""
    return 0.0 if n_failures <= 0 else min(BASE_DELAY * 2 ** (n_failures - 1), MAX_DELAY)


def locked(session: Tries, now: float | None = None) -> float:
    """Seconds left of a lock on this session or on the process (0 when sign-in is open)."""
    now = time.time() if now is None else now
    with _lock:
        return max(session.locked_until - now, _process.locked_until - now, 0.0)


def attempt(given: str, expected: str | None, session: Tries, who: str = "?",
            sleep=time.sleep, now=time.time) -> tuple[bool, str]:
    """Check a password with the delay and lock applied. Returns (signed in, message for the page)."""
    t = now()
    left = locked(session, t)
    if left > 0:
        log.warning("officers sign-in refused while locked (session %s, %.0f s left)", who, left)
        return False, f"Sign-in is locked after {MAX_TRIES} failed tries — try again in {_minutes(left)}."
    with _lock:
        _process.failures = [f for f in _process.failures if t - f < PROCESS_WINDOW]
        n = max(len(session.failures), len(_process.failures))
    sleep(delay(n))  # this session's script waits; other sessions are served meanwhile
    if w.password_ok(given, expected):
        session.failures.clear()
        log.info("officers sign-in (session %s)", who)
        return True, ""
    t = now()
    session.failures.append(t)
    with _lock:
        _process.failures.append(t)
        if len(_process.failures) >= MAX_TRIES:
            _process.locked_until = t + LOCK_SECONDS
            _process.failures.clear()
    if len(session.failures) >= MAX_TRIES:
        session.locked_until = t + LOCK_SECONDS
        session.failures.clear()
    log.warning("officers sign-in failed (session %s, %d in this session)", who, len(session.failures))
    left = locked(session, t)
    if left > 0:
        return False, f"Sign-in is locked after {MAX_TRIES} failed tries — try again in {_minutes(left)}."
    return False, "That password is not right."


def signed_in(until: float | None, now: float | None = None) -> bool:
    """Whether an officer's sign-in (its expiry time, or None) still holds."""
    return bool(until) and (time.time() if now is None else now) < until


def expiry(now: float | None = None) -> float:
    return (time.time() if now is None else now) + SIGNED_IN_SECONDS


def _minutes(seconds: float) -> str:
    m = max(1, round(seconds / 60))
    return f"{m} minute{'s' * (m != 1)}"


_officers: dict[str, float] = {}  # session id -> end of its sign-in: the sessions whose uploads are kept


def mark_officer(session_id: str, until: float | None) -> None:
    """Record (until given) or forget (None) a signed-in session, for the upload gate."""
    with _lock:
        if until:
            _officers[session_id] = until
        else:
            _officers.pop(session_id, None)


def is_officer(session_id: str, now: float | None = None) -> bool:
    with _lock:
        return signed_in(_officers.get(session_id), now)


def reset_process() -> None:
    """Forget every failure (tests; an officer restarting the app gets the same)."""
    with _lock:
        _process.failures.clear()
        _process.locked_until = 0.0
