"""Extraction over many reports, in order, on one core or a process pool.

``extract`` is a pure function of one report, so reports can be handed to worker
processes as they are read; results come back in input order, with a bounded
number in flight, so a folder of any size streams through in constant memory.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial

from .assemble import extract
from .model import Event, Report

__all__ = ["extract_each"]

#: Reports in flight per worker: enough to keep each busy, few enough to stream.
_AHEAD = 8


def extract_each(reports: Iterable[Report], *, jobs: int = 1,
                 **options) -> Iterator[tuple[Report, list[Event] | str]]:
    """(report, its events) for each report in input order; a report whose extraction
    fails gives an error message instead of events, and the others go on.

    ``options`` are passed to :func:`incidents.extract`; ``jobs`` > 1 runs that many
    worker processes.
    """
    work = partial(_safe_extract, **options)
    if jobs <= 1:
        for report in reports:
            yield report, work(report)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[tuple[Report, Future]] = deque()
        for report in reports:
            pending.append((report, pool.submit(work, report)))
            if len(pending) >= jobs * _AHEAD:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def _safe_extract(report: Report, **options) -> list[Event] | str:
    try:
        return extract(report, **options)
    except Exception as exc:  # a bug must not lose the other reports
        return f"extraction failed: {type(exc).__name__}: {exc}"
