"""Worker processes with a deadline per task: a task that runs too long is stopped and its worker replaced.

A worker stops its own task when the task's time is up (a wall-clock timer, and RLIMIT_CPU as a
backstop for a parser stuck in C code); the parent kills a worker that is still busy a little after
the deadline, and starts a fresh one for the rest of the queue. Workers die with their parent
(PR_SET_PDEATHSIG on Linux, a watchdog thread elsewhere), so `kill -9` of a build leaves none behind.
"""
from __future__ import annotations

import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

GRACE = 5.0  # seconds past the deadline before the parent kills a worker whose own timer did not stop it
WATCHDOG_SECONDS = 1.0  # how often a worker without prctl checks that its parent is still there
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class Deadline(BaseException):
    """Raised inside a worker when its task's time is up (a BaseException, so a parser's own
    `except Exception` cannot swallow it)."""


def die_with_parent(parent: int) -> None:
    """Make this process end when the process `parent` does (kill -9 included)."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading

    def watch() -> None:  # no prctl here (not Linux): poll for the parent instead
        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watchdog").start()


def _on_alarm(signum, frame) -> None:
    raise Deadline()


def _cpu_budget(seconds: float) -> None:
    """Let this process use `seconds` more CPU before the kernel sends SIGXCPU (which ends it)."""
    try:
        import resource

        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime + seconds + GRACE) + 1
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the parent's wall clock still applies


def _worker(conn, func: Callable, timeout: float | None, init: Callable | None, initargs: tuple,
            parent: int) -> None:
    """A worker's life: run tasks from the pipe one at a time, each under the deadline."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops us
    if init is not None:
        init(*initargs)
    if timeout:
        signal.signal(signal.SIGALRM, _on_alarm)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            if timeout:
                _cpu_budget(timeout)
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                result = ("ok", func(task))
            finally:
                if timeout:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except Deadline:
            result = ("timeout", None)
        conn.send(result)


@dataclass
class _Slot:
    process: object
    conn: object
    task: object = None
    started: float = 0.0


def run_pool(func: Callable, tasks: list, workers: int, timeout: float | None = None,
             init: Callable | None = None, initargs: tuple = ()) -> Iterator[tuple[object, str, object]]:
    """Run func(task) for each task in `workers` spawned processes; yield (task, status, result) as they end.

    status is "ok" (result is func's return value), "timeout" (the task ran past `timeout` seconds
    and was stopped; its worker was replaced if it did not stop itself) or "died" (the worker process
    ended under it — out of memory, a crash). One task's fate never touches another's.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("spawn")
    pending = deque(tasks)
    slots: list[_Slot] = []

    def start() -> _Slot:
        here, there = ctx.Pipe()
        p = ctx.Process(target=_worker, args=(there, func, timeout, init, initargs, os.getpid()), daemon=True)
        p.start()
        there.close()
        return _Slot(p, here)

    def retire(slot: _Slot, kill: bool) -> None:
        if kill:
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        slots.remove(slot)

    try:
        for _ in range(max(1, min(workers, len(pending)))):
            slots.append(start())
        while True:
            for slot in slots:
                if slot.task is None and pending:
                    slot.task, slot.started = pending.popleft(), time.monotonic()
                    slot.conn.send(slot.task)
            busy = [s for s in slots if s.task is not None]
            if not busy:
                return
            wait_for = None
            if timeout:
                wait_for = max(0.0, min(s.started for s in busy) + timeout + GRACE - time.monotonic())
            ready = wait([s.conn for s in busy], timeout=wait_for)
            now = time.monotonic()
            for slot in busy:
                task = slot.task
                if slot.conn in ready:
                    try:
                        status, result = slot.conn.recv()
                    except (EOFError, OSError):  # the worker died under this task
                        slot.process.join(5)
                        code = slot.process.exitcode
                        status = "timeout" if code == -getattr(signal, "SIGXCPU", 0) else "died"
                        result = None
                        retire(slot, kill=True)
                        if pending:
                            slots.append(start())
                    else:
                        slot.task = None
                    yield task, status, result
                elif timeout and now - slot.started > timeout + GRACE:  # its own timer did not stop it
                    retire(slot, kill=True)
                    if pending:
                        slots.append(start())
                    yield task, "timeout", None
    finally:
        for slot in list(slots):
            try:
                slot.conn.send(None)
            except OSError:
                pass
        for slot in list(slots):
            slot.process.join(2)
            retire(slot, kill=slot.process.is_alive())
