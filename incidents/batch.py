"""Extraction over many reports, in order, on one core or a process pool.

``extract`` is a pure function of one report, so reports can be handed to worker
processes as they are read; results come back in input order, with a bounded
number in flight, so a folder of any size streams through in constant memory.

A worker that dies (killed, out of memory) breaks its pool: the reports then in
flight are extracted again in this process, once, and a new pool takes the rest.
Workers watch their parent and exit when it is gone, so killing a run leaves no
orphans behind.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from .assemble import extract
from .model import Event, Report

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["extract_each"]

log = logging.getLogger(__name__)

#: Reports in flight per worker: enough to keep each busy, few enough to stream.
_AHEAD = 8
#: How often a worker checks that its parent is alive, in seconds.
_WATCH = 0.5

Result = tuple[Report, "list[Event] | str"]


def extract_each(reports: Iterable[Report], *, jobs: int = 1, notice: Callable[[str], None] = log.warning,
                 **options) -> Iterator[Result]:
    """(report, its events) for each report in input order; a report whose extraction
    fails gives an error message instead of events, and the others go on.

    ``options`` are passed to :func:`incidents.extract`; ``jobs`` > 1 runs that many
    worker processes. ``notice`` hears of a worker that died.
    """
    work = partial(_safe_extract, **options)
    if jobs <= 1:
        for report in reports:
            yield report, work(report)
        return
    todo = iter(reports)
    while (yield from _in_pool(todo, jobs, work, notice)):
        pass


def _in_pool(todo: Iterator[Report], jobs: int, work: Callable[[Report], list[Event] | str],
             notice: Callable[[str], None]) -> Generator[Result, None, bool]:
    """Extract in one pool until the input ends (False) or a worker dies (True)."""
    # imported here: multiprocessing costs a one-report run (-j 1) 5 ms of its start
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[Report, Future | None]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_follow_parent)
    try:
        for report in todo:
            pending.append((report, None))
            pending[-1] = (report, pool.submit(work, report))
            while len(pending) >= jobs * _AHEAD:
                yield pending[0][0], pending[0][1].result()  # type: ignore[union-attr]
                pending.popleft()
        while pending:
            yield pending[0][0], pending[0][1].result()  # type: ignore[union-attr]
            pending.popleft()
        return False
    except BrokenProcessPool:
        pass
    finally:
        # On an early exit (the caller stopped, a signal) nothing queued is worth waiting for.
        pool.shutdown(wait=True, cancel_futures=True)
    notice(f"a worker process died; the {len(pending)} reports in flight are extracted again in the main process")
    for report, future in pending:
        if future is not None and future.done() and not future.cancelled() and future.exception() is None:
            yield report, future.result()
        else:
            yield report, _again(work, report)
    return True


def _again(work: Callable[[Report], list[Event] | str], report: Report) -> list[Event] | str:
    found = work(report)
    return f"its worker process died, and {found}" if isinstance(found, str) else found


def _safe_extract(report: Report, **options) -> list[Event] | str:
    try:
        return extract(report, **options)
    except Exception as exc:  # a bug must not lose the other reports
        return f"extraction failed: {type(exc).__name__}: {exc}"


def _follow_parent() -> None:
    """Pool initializer: exit this worker as soon as its parent is gone (it is then adopted,
    and its parent id changes). A SIGTERM handler of the parent's must not outlive the fork:
    it would turn the pool's own terminate() into an exception the parent receives."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    start = os.getppid()

    def watch() -> None:
        while os.getppid() == start:
            time.sleep(_WATCH)
        os._exit(1)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()
