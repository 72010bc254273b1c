"""The incremental store: the reports already processed and the events of each.

A store is one SQLite file. It keeps, for every report, its content hash, name
(see :mod:`incidents.identity`), publication date, title, URL and publisher (which
the exports cite) and the events extracted from it (as JSON, unmerged), which is
all that is needed to merge the whole timeline
again, deterministically, on every run. Nothing merged is stored, so the
timeline of a store is the timeline of a single run over all its reports. The
earlier versions of a report that changed at its source are kept apart, in
``history``, and are not exported.

One process at a time: opening takes an exclusive lock that is held until
:meth:`Store.close` (SQLite's exclusive locking mode); another process waits up
to ``lock_timeout`` seconds and then gets :class:`StoreBusy`. Writes happen in
transactions, so a process killed mid-run leaves the file as of its last
:meth:`Store.commit` (the rollback journal undoes the rest on the next open).
"""
from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import date
from os import PathLike

from .model import EVENT_FIELDS, Event, Report, SourceInfo

__all__ = ["Store", "StoreBusy", "StoreError", "MIGRATIONS"]

log = logging.getLogger(__name__)


class StoreError(Exception):
    """The file cannot be used as a store (not SQLite, not ours, a newer schema, I/O)."""


class StoreBusy(StoreError):
    """Another process holds the store."""


def _create_v1(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE reports (
            hash      TEXT PRIMARY KEY,  -- report_hash()
            id        TEXT NOT NULL UNIQUE,  -- incidents.identity.source_id()
            published TEXT,              -- ISO date, or NULL
            lang      TEXT,
            origin    TEXT NOT NULL,
            events    TEXT NOT NULL,     -- JSON array of the report's events, EVENT_FIELDS keys
            settings  TEXT NOT NULL      -- JSON: the extraction settings and version used
        )""")


def _add_history_v2(db: sqlite3.Connection) -> None:
    # The feed whose own id a report's name is (NULL: named by where it was read).
    db.execute("ALTER TABLE reports ADD COLUMN feed TEXT")
    db.execute("""
        CREATE TABLE history (   -- earlier versions of reports that changed at their source
            hash        TEXT NOT NULL,
            id          TEXT NOT NULL,
            published   TEXT,
            lang        TEXT,
            origin      TEXT NOT NULL,
            events      TEXT NOT NULL,
            settings    TEXT NOT NULL,
            replaced_by TEXT NOT NULL  -- the hash of the version that followed
        )""")


def _add_citation_v3(db: sqlite3.Connection) -> None:
    # What the exports cite of each report; NULL in the rows of older versions until the
    # report is read again (Store.complete).
    for table in ("reports", "history"):
        for column in ("title", "url", "publisher"):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


#: ``MIGRATIONS[n]`` takes a store from schema version ``n`` to ``n + 1``; version 0
#: is a new, empty file. Append a step for every change of the tables.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1, _add_history_v2, _add_citation_v3]


def _latest() -> int:
    """The schema version this code writes (``PRAGMA user_version`` of the file)."""
    return len(MIGRATIONS)


class Store:
    """An open store; use as a context manager, or call :meth:`close`."""

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self._db = db
        self.path = path
        self._reading = False  # whether first_read made its table

    @classmethod
    def open(cls, path: str | PathLike[str], *, lock_timeout: float = 10.0) -> Store:
        """Open (creating or migrating as needed) and lock the store at ``path``. An empty
        ``path`` is a new store in a temporary file that is deleted when it is closed."""
        where = str(path) or "temporary store"
        try:
            db = sqlite3.connect(str(path), timeout=lock_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{where}: cannot open: {exc}") from None
        try:
            db.execute("PRAGMA locking_mode = EXCLUSIVE")
            db.execute("BEGIN EXCLUSIVE")
            _upgrade(db, where)
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            db.close()
            if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise StoreBusy(f"{where}: database is busy (another run holds it)") from None
            raise StoreError(f"{where}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(f"{where}: not an incidents database ({exc})") from None
        except StoreError:
            db.close()
            raise
        db.execute("BEGIN IMMEDIATE")
        return cls(db, where)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop what was not committed and release the lock. Never raises: closing is what
        an error on the file is followed by, and the rollback journal covers a failed rollback."""
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.debug("%s: rollback failed: %s", self.path, exc)
        finally:
            self._db.close()

    def _sql(self, sql: str, params: tuple | Mapping[str, object] = ()) -> sqlite3.Cursor:
        """Run one statement; a failure of the file (disk full, I/O) becomes StoreError."""
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def commit(self) -> None:
        """Make the reports added so far durable; the lock stays held."""
        self._sql("COMMIT")
        self._sql("BEGIN IMMEDIATE")

    def has(self, digest: str) -> bool:
        """Whether a report with this content hash is stored."""
        return self._sql("SELECT 1 FROM reports WHERE hash = ?", (digest,)).fetchone() is not None

    def holder(self, name: str) -> str | None:
        """The feed of the report stored under this name ("" when it has none), or None
        when no report is."""
        row = self._sql("SELECT feed FROM reports WHERE id = ?", (name,)).fetchone()
        return None if row is None else row[0] or ""

    def put(self, report: Report, digest: str, events: list[Event], settings: Mapping[str, object]) -> bool:
        """Store a new report, named by its id, and its events. A report stored under the
        same name is an earlier version of it: it moves to the history, and True is returned."""
        replaced = self._sql(
            "INSERT INTO history (hash, id, published, lang, origin, events, settings, replaced_by,"
            " title, url, publisher) SELECT hash, id, published, lang, origin, events, settings, ?,"
            " title, url, publisher FROM reports WHERE id = ?", (digest, report.id)).rowcount
        self._sql("DELETE FROM reports WHERE id = ?", (report.id,))
        self._sql(
            "INSERT INTO reports (hash, id, published, lang, origin, events, settings, feed, title, url,"
            " publisher) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (digest, report.id, report.published.isoformat() if report.published else None,
             report.lang, report.origin,
             json.dumps([_to_json(e) for e in events], ensure_ascii=False, sort_keys=True),
             json.dumps(dict(settings), ensure_ascii=False, sort_keys=True), report.feed,
             report.title, report.url, report.publisher),
        )
        if replaced:
            log.info("report %s changed; the stored version moves to the history", report.id)
        return bool(replaced)

    def complete(self, digest: str, report: Report) -> None:
        """Fill in the title, URL and publisher of the stored report with this hash where they
        are missing: a store written before they were kept gets them when its reports are read
        again. Nothing is written when nothing is missing."""
        self._sql(
            "UPDATE reports SET title = coalesce(title, :title), url = coalesce(url, :url),"
            " publisher = coalesce(publisher, :publisher) WHERE hash = :hash AND ("
            "title IS NULL AND :title IS NOT NULL OR url IS NULL AND :url IS NOT NULL"
            " OR publisher IS NULL AND :publisher IS NOT NULL)",
            {"title": report.title, "url": report.url, "publisher": report.publisher, "hash": digest})

    def count(self) -> int:
        """How many reports are stored."""
        return self._sql("SELECT count(*) FROM reports").fetchone()[0]

    def events(self, mentions: Collection[str] | None = None) -> list[Event]:
        """Every stored report's events, unmerged, in report-id order; with ``mentions``, only
        the events of those mentions (``main``, ``background`` …).

        The reports are read one at a time, and a value that many events share (a place, a
        type, a day) is kept once: what this costs grows with the events kept, not with
        the file.
        """
        return list(self.each_event(mentions, shared={}))

    def each_event(self, mentions: Collection[str] | None = None, *,
                   shared: dict[str, str] | None = None) -> Iterator[Event]:
        """The events of :meth:`events`, one at a time, reading one report at a time.
        ``shared``, if given, keeps one copy of each value that many events share."""
        rows = self._sql("SELECT id, events FROM reports ORDER BY id, hash")
        try:
            for rid, text in rows:
                try:
                    told = [_from_json(item, shared) for item in json.loads(text)]
                except (TypeError, ValueError) as exc:
                    raise StoreError(f"{self.path}: the events stored for {rid} are damaged ({exc})") from None
                yield from (told if mentions is None else [e for e in told if e.mention in mentions])
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def published(self) -> Mapping[str, date | None]:
        """Report id → publication date, for :func:`incidents.merge.merge_events`. Each date is
        read from the file when it is asked for, so that this does not grow with the store;
        every stored date is checked first, so that a damaged one fails here."""
        self._check_dates()
        return _ById(self, "published", _day)

    def sources(self) -> Mapping[str, SourceInfo]:
        """Report id → what the exports cite of it (:func:`incidents.sinks.write_events`), read
        from the file when it is asked for, like :meth:`published`."""
        self._check_dates()
        return _ById(self, "url, title, publisher, published",
                     lambda url, title, publisher, day: SourceInfo(url=url, title=title, publisher=publisher,
                                                                   published=_day(day)))

    def _check_dates(self) -> None:
        try:
            for (day,) in self._sql("SELECT published FROM reports WHERE published IS NOT NULL"):
                date.fromisoformat(day)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{self.path}: a stored publication date is damaged ({exc})") from None
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def first_read(self, digest: str) -> bool:
        """Note that a report with this content hash was read in this run: True the first time,
        False for a copy. The hashes are kept in a temporary table of this connection (SQLite's
        temporary file, not memory), which goes when the store is closed."""
        if not self._reading:
            self._sql("CREATE TEMP TABLE read_in_run (hash TEXT PRIMARY KEY) WITHOUT ROWID")
            self._reading = True
        return self._sql("INSERT OR IGNORE INTO temp.read_in_run VALUES (?)", (digest,)).rowcount == 1


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _ById(Mapping):
    """Report id → a value made from columns of its row of ``reports``, read when asked for.
    The last values read are kept, since merging asks for each report's date several times."""

    _KEPT = 1024

    def __init__(self, store: Store, columns: str, make: Callable[..., object]) -> None:
        self._store = store
        self._one = f"SELECT {columns} FROM reports WHERE id = ?"
        self._make = make
        self._kept: dict[str, object] = {}

    def __getitem__(self, rid: str) -> object:
        try:
            return self._kept[rid]
        except KeyError:
            pass
        row = self._store._sql(self._one, (rid,)).fetchone()
        if row is None:
            raise KeyError(rid)
        try:
            value = self._make(*row)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{self._store.path}: a stored publication date is damaged ({exc})") from None
        if len(self._kept) >= self._KEPT:
            self._kept.clear()
        self._kept[rid] = value
        return value

    def __iter__(self) -> Iterator[str]:
        return (rid for rid, in self._store._sql("SELECT id FROM reports"))

    def __len__(self) -> int:
        return self._store.count()


def _upgrade(db: sqlite3.Connection, where: str) -> None:
    """Bring the schema to the latest version, or refuse a file we cannot read."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > _latest():
        raise StoreError(f"{where}: written by a newer incidents (schema {version}; "
                         f"this version reads up to {_latest()})")
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(f"{where}: not an incidents database (it has tables but no schema version)")
    for step in range(version, _latest()):
        if version:  # a new store is created, not migrated
            log.info("migrating %s from schema %d to %d", where, step, step + 1)
        MIGRATIONS[step](db)
        db.execute(f"PRAGMA user_version = {step + 1}")


def _to_json(event: Event) -> dict[str, object]:
    row = {name: getattr(event, name) for name in EVENT_FIELDS}
    row["sources"] = list(event.sources)
    return row


#: The fields an event is stored with.
_FIELDS = frozenset(EVENT_FIELDS)
#: Fields whose values recur from event to event: :meth:`Store.events` keeps one copy of each value.
_SHARED = frozenset({"date", "date_precision", "date_basis", "location", "admin1", "admin2", "country",
                     "event_type", "perpetrator", "target", "lang", "place_ref", "mention"})


def _from_json(row: dict[str, object], shared: dict[str, str] | None = None) -> Event:
    """An event as stored; fields added since it was stored take their defaults and
    fields since removed are dropped. ``shared`` maps each string of a recurring field
    (:data:`_SHARED`) met so far to the one copy kept."""
    known = {k: v for k, v in row.items() if k in _FIELDS}
    if shared is not None:
        for k in _SHARED:
            if type(known.get(k)) is str:
                known[k] = shared.setdefault(known[k], known[k])
    known["sources"] = tuple(known.get("sources") or ())
    return Event(**known)
