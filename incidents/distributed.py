"""The Dask engine: the same pure extraction, mapped with ``dask.bag`` over a cluster.

The client lists the inputs (walking folders, reading stdin) and cuts them into
partitions of file paths, so that workers read their own files from a shared
filesystem and only paths travel to them; each worker extracts with the local
code (:func:`incidents.batch.extract_each`), and the client receives every
partition's read errors and events in input order. What the caller does next
(reporting errors, storing, merging, sorting) is the serial code, so the output
is that of the local engine byte for byte. Worker processes live for the whole
run, so each opens the gazetteer and loads the language packs once, through the
same process-wide caches as the local engine.

Dask is imported here, inside functions, and only by ``--engine dask``: it is an
optional extra (``incidents[dask]``) and costs a second to import.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, BinaryIO, TextIO

from .model import Event, ReadError, Report

__all__ = ["EngineUnavailable", "require_dask", "extract_inputs"]

#: A partition holds about this many bytes of input (a few seconds of work), so that
#: scheduling costs little beside extraction and a slow partition delays little.
PARTITION_BYTES = 1 << 20

#: Partitions per worker in flight: enough to keep each busy, few enough that results
#: waiting for an earlier partition stay small.
_AHEAD = 4

_INSTALL = "install incidents[dask] (pip install 'incidents[dask]')"

Source = str | Report | ReadError
Result = ReadError | tuple[Report, list[Event] | str]


class EngineUnavailable(RuntimeError):
    """Dask is not installed, or the cluster cannot be started or reached."""


def require_dask() -> None:
    """Raise :class:`EngineUnavailable` unless the ``dask`` extra is installed."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise EngineUnavailable(f"--engine dask needs Dask: {_INSTALL}") from exc


def extract_inputs(
    paths: Iterable[str],
    select: Callable[[Iterator[Report | ReadError]], Iterator[Report]] | None = None,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    reading: Mapping[str, Any] | None = None,
    **options,
) -> Iterator[tuple[Report, list[Event] | str]]:
    """(report, its events or an error message) for each report under ``paths``, in
    input order, extracted on a Dask cluster.

    ``scheduler`` (else ``DASK_SCHEDULER_ADDRESS``) names a running scheduler; without
    one a local cluster of ``workers`` processes runs for the call. ``select`` sees
    everything read, reports and read errors in input order like
    :func:`incidents.read_reports` gives them, and yields the reports it wants; it runs
    on the client, so it may report errors or skip stored reports. ``reading`` holds
    the options of :func:`incidents.read_reports` (``stdin`` apart), ``options``
    those of :func:`incidents.extract`.
    """
    require_dask()
    reading = dict(reading or {})
    sources = _sources(paths, stdin, reading)
    client, cluster = _connect(scheduler, workers)
    try:
        results = _results(client, _partitions(sources, workers), reading, options)
        yield from _select(results, select)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _sources(paths: Iterable[str], stdin: TextIO | BinaryIO | None,
             reading: dict[str, Any]) -> list[tuple[Source, int]]:
    """What workers will read, in input order, each with its size in bytes: file paths
    (folders walked here), and the reports and errors of stdin, read here."""
    from .readers import _walk, read_reports

    sources: list[tuple[Source, int]] = []
    for path in paths:
        if path == "-":
            for item in read_reports(["-"], stdin=stdin, **reading):
                sources.append((item, len(item.text) if isinstance(item, Report) else 0))
        elif os.path.isdir(path):
            # The walk of read_reports, with the globs it was given.
            globs = {key: tuple(reading[key]) for key in ("include", "exclude") if key in reading}
            for found in _walk(path, **globs):
                sources.append((found, 0) if isinstance(found, ReadError) else (found, _size(found)))
        else:
            sources.append((path, _size(path)))
    return sources


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # the worker that reads it reports why


def _partitions(sources: list[tuple[Source, int]], workers: int) -> list[list[Source]]:
    """Consecutive runs of sources of about :data:`PARTITION_BYTES` each, and at least
    four per worker when there is enough input, so that every worker has work."""
    total = sum(size for _, size in sources)
    limit = max(1, min(PARTITION_BYTES, total // (4 * max(workers, 1))))
    parts: list[list[Source]] = []
    filled = limit
    for source, size in sources:
        if filled >= limit:
            parts.append([])
            filled = 0
        parts[-1].append(source)
        filled += size
    return parts


def _connect(scheduler: str | None, workers: int):
    """A client of the named scheduler, or of a new local cluster (and that cluster)."""
    import dask
    from distributed import Client, LocalCluster

    address = scheduler or dask.config.get("scheduler-address", None)
    try:
        if address:
            return Client(address, set_as_default=False), None
        from .geo import ensure_index

        # Built here first, else every local worker would build the same index at once.
        ensure_index()
        # Processes, one thread each: extraction is pure Python and holds the GIL.
        # No dashboard, and its HTTP server on a free local port, so that two runs at once do
        # not compete for port 8787 (and warn about it).
        # The workers' sampling profiler would take the GIL from extraction for a dashboard
        # nobody sees.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR,
                                   scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"})
        return Client(cluster, set_as_default=False), cluster
    except (OSError, TimeoutError) as exc:
        where = f"the Dask scheduler at {address}" if address else "a local Dask cluster"
        raise EngineUnavailable(f"cannot reach {where}: {exc}") from exc


def _results(client, parts: list[list[Source]], reading: dict[str, Any], options: dict[str, Any]
             ) -> Iterator[Result]:
    """Every partition's results, in order, with a bounded number of partitions in flight."""
    import dask.bag as db

    if not parts:
        return
    bag = db.from_sequence(parts, npartitions=len(parts)).map_partitions(
        _run_partitions, reading=reading, options=options)
    ahead = _AHEAD * max(1, len(client.nthreads()))
    pending: deque = deque()
    for part in bag.to_delayed():
        pending.append(client.compute(part))
        if len(pending) >= ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _select(results: Iterator[Result], select) -> Iterator[tuple[Report, list[Event] | str]]:
    """Pass reports and read errors through ``select`` and pair each report it keeps
    with its events; the ones it drops are forgotten as it goes."""
    waiting: deque[tuple[Report, list[Event] | str]] = deque()

    def items() -> Iterator[Report | ReadError]:
        for result in results:
            if isinstance(result, ReadError):
                yield result
            else:
                waiting.append(result)
                yield result[0]

    for report in (select or iter)(items()):
        while waiting[0][0] is not report:
            waiting.popleft()
        yield waiting.popleft()


def _run_partitions(parts: list[list[Source]], *, reading: dict[str, Any], options: dict[str, Any]
                    ) -> list[Result]:
    """On a worker: read the sources of a partition and extract from each report."""
    from .batch import extract_each
    from .readers import read_reports

    out: list[Result] = []

    def reports() -> Iterator[Report]:
        # extract_each pulls one report at a time, so errors land in input order.
        for part in parts:
            for source in part:
                if isinstance(source, str):
                    items = read_reports([source], **reading)
                else:
                    items = [source]
                for item in items:
                    if isinstance(item, ReadError):
                        out.append(item)
                    else:
                        yield item

    for pair in extract_each(reports(), **options):
        out.append(pair)
    return out
