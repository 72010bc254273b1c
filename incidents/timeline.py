"""Ordering of the exported timeline, and the timeline of a store built without holding it."""
from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from operator import attrgetter
from typing import TYPE_CHECKING

from .model import EVENT_FIELDS, Event

if TYPE_CHECKING:
    from .store import Store

__all__ = ["sort_events", "stored_timeline", "SortedEvents"]


def sort_events(events: Iterable[Event]) -> list[Event]:
    """By date (undated last), then place, then first source; stable for ties.

    Reduced ISO dates sort before the days they contain ("2019-02" < "2019-02-27"),
    which keeps a month-precision event at the head of its month.
    """
    return sorted(events, key=lambda e: (e.date is None, e.date or "", e.location or "", e.sources[0] if e.sources else ""))


class SortedEvents:
    """The events of a timeline, in the order ``sort_events(canonical_order(…))`` gives, kept
    in a temporary SQLite file (see :func:`stored_timeline`): each pass over it reads them
    from there, one at a time. ``len`` is known without a pass, and stays known once the
    file is closed."""

    def __init__(self, db: sqlite3.Connection, count: int) -> None:
        self._db = db
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Event]:
        from .merge import _key

        run: list[Event] = []  # events of one sort key, in the order of the whole key
        last = None
        for key, packed in self._db.execute("SELECT key, event FROM timeline ORDER BY key"):
            if key != last:
                yield from (run if len(run) < 2 else sorted(run, key=_key))
                run, last = [], key
            run.append(_unpack(packed))
        yield from (run if len(run) < 2 else sorted(run, key=_key))


@contextmanager
def stored_timeline(store: Store, *, mentions: Collection[str] | None = None, merge: bool = True,
                    keep: Callable[[Event], bool] | None = None) -> Iterator[SortedEvents]:
    """The timeline of ``store``: its events of ``mentions`` merged (``merge``) or not, those
    ``keep`` keeps, sorted as :func:`sort_events` sorts the canonical order, exactly as
    ``sort_events(filter(keep, merge_events(store.events(mentions), store.published())))``.

    Nothing grows with the store in memory: the events are read from it one report at a time
    into a temporary SQLite file (deleted when the block ends), read back in order of their
    dates to be merged in date windows (:func:`incidents.merge.merge_windows`), and the entries
    written to it again with their sort key, so that SQLite, not a Python list, sorts them.
    """
    from .merge import merge_windows, window_start

    db = sqlite3.connect("", isolation_level=None)  # a file of its own, deleted on close
    try:
        db.execute("PRAGMA temp_store = FILE")  # SQLite sorts in files beyond its page cache
        db.execute("BEGIN")
        db.execute("CREATE TABLE timeline (key BLOB NOT NULL, event BLOB NOT NULL)")
        events: Iterator[Event] = store.each_event(mentions)
        if merge:
            # The events, by the first day of their dates (those that never merge first).
            db.execute("CREATE TABLE dated (start INTEGER, event BLOB NOT NULL)")
            db.executemany("INSERT INTO dated VALUES (?, ?)", ((window_start(e), _pack(e)) for e in events))
            rows = db.execute("SELECT event FROM dated ORDER BY start")
            events = merge_windows((_unpack(packed) for packed, in rows), store.published())
        db.executemany("INSERT INTO timeline VALUES (?, ?)",
                       ((sort_key(e), _pack(e)) for e in events if keep is None or keep(e)))
        if merge:
            db.execute("DROP TABLE dated")
        count = db.execute("SELECT count(*) FROM timeline").fetchone()[0]
        yield SortedEvents(db, count)
    finally:
        db.close()


def sort_key(e: Event) -> bytes:
    """The key of :func:`sort_events` as bytes that sort as it does (SQLite compares blobs
    byte by byte): the flag of an undated event, then each text in UTF-8, which orders as
    code points do, ended by two zero bytes, a zero within it written as zero and 0xFF."""
    texts = (e.date or "", e.location or "", e.sources[0] if e.sources else "")
    return (b"\1" if e.date is None else b"\0") + b"".join(
        t.encode("utf-8", "surrogatepass").replace(b"\0", b"\0\xff") + b"\0\0" for t in texts)


_FIELDS = attrgetter(*EVENT_FIELDS)


def _pack(e: Event) -> bytes:
    return marshal.dumps(_FIELDS(e))


def _unpack(packed: bytes) -> Event:
    return Event(*marshal.loads(packed))
