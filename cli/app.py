"""The ``incidents`` command: options in, library calls, rendering out.

No extraction, merging or storage logic lives here. Exit codes: 0 all inputs
read and processed; 1 some inputs could not be read or processed (the others
still are, and the output is still written); 2 usage error; 3 the --db store is
busy (another run holds it); 4 the --db file cannot be used.
"""
from __future__ import annotations

import sys
from datetime import date
from functools import partial
from pathlib import Path
from typing import Optional

import typer

from incidents import __version__

EXIT_OK = 0
EXIT_INPUT_ERRORS = 1
EXIT_USAGE = 2
EXIT_BUSY = 3
EXIT_STORE = 4

#: A --db run commits (and says so on stderr) after this many new reports.
BATCH = 100

app = typer.Typer(
    name="incidents",
    help="Extract a timeline of attacks (date, place, killed, wounded) from English and Arabic news reports.",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"incidents {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Extract a timeline of attacks from English and Arabic news reports."""


def _parse_day(value: Optional[str], option: str | None = None) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}", param_hint=option) from None


def _error(message: str) -> None:
    """One line on stderr; control characters from file names or report text are shown
    escaped, so they can neither break the line nor drive the terminal."""
    safe = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in message)
    typer.echo(f"incidents: {safe}", err=True)


_SIZE_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "m": 1 << 20, "mb": 1 << 20, "g": 1 << 30, "gb": 1 << 30}


def _parse_size(value: str) -> int:
    """'2MB', '512k', '1000' to bytes (KB = 1024 bytes)."""
    text = value.strip().lower()
    number = text.rstrip("bkmg")
    try:
        size = int(number) * _SIZE_UNITS[text[len(number):].strip()]
    except (ValueError, KeyError):
        size = 0
    if size < 1:
        raise typer.BadParameter(f"expected a size such as 2MB, 500KB or 100000, got {value!r}",
                                 param_hint="--max-report-size")
    return size


def _logging(verbose: bool, debug: bool) -> None:
    """Library logs (the encoding each input was read in, reader tracebacks) to stderr with
    -v or --debug; set anew on each call, so that one process may run the command many times."""
    import logging

    class Stderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            _error(record.getMessage())
            if record.exc_info:
                typer.echo(logging.Formatter().formatException(record.exc_info), err=True)

    logger = logging.getLogger("incidents")
    for handler in [h for h in logger.handlers if type(h).__name__ == "Stderr"]:
        logger.removeHandler(handler)
    if verbose or debug:
        logger.addHandler(Stderr())
    logger.setLevel(logging.DEBUG if debug else logging.INFO if verbose else logging.NOTSET)


@app.command(
    epilog="Exit codes: 0 success; 1 some inputs could not be read or processed "
           "(the rest is still exported); 2 usage error; 3 the --db store is busy "
           "(another run held it for --lock-timeout seconds); 4 the --db file cannot be used.",
)
def extract(
    paths: Optional[list[str]] = typer.Argument(
        None, help="Files, folders (walked recursively) or - for standard input. "
                   "With --db they may be left out to export the stored timeline."),
    fmt: Optional[str] = typer.Option(
        None, "--format", "-f",
        help="table, csv, json, jsonl or geojson. Default: the -o file's extension, "
             "else a table on a terminal and CSV otherwise."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write to this file (atomically) instead of standard output."),
    published: Optional[str] = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                            help="Publication date for reports that carry none."),
    encoding: Optional[str] = typer.Option(None, "--encoding",
                                           help="Read files in this encoding instead of detecting it."),
    max_report_size: str = typer.Option(
        "2MB", "--max-report-size", metavar="SIZE",
        help="Skip (and name) reports bigger than this: a file, a JSON Lines line, a JSON array element "
             "(e.g. 500KB, 10MB; KB = 1024 bytes). See docs/inputs.md."),
    stdin_format: Optional[str] = typer.Option(
        None, "--stdin-format", metavar="FORMAT",
        help="What - holds: txt, jsonl, json, csv or html. Default: JSON when it all parses as JSON, "
             "JSON Lines when its first line is a JSON object, else one text report."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Treat every report as this language (en or ar)."),
    country: Optional[str] = typer.Option(
        None, "--country",
        help="Prefer places in this country (ISO 3166-1 alpha-2, e.g. IQ) and export only its events."),
    include_background: bool = typer.Option(False, "--include-background",
                                            help="Also list attacks mentioned only as background."),
    include_foiled: bool = typer.Option(False, "--include-foiled", help="Also list foiled attacks."),
    merge: bool = typer.Option(True, "--merge/--no-merge",
                               help="One entry per attack, merging the reports that tell it (default), "
                                    "or one row per report mention."),
    db: Optional[Path] = typer.Option(
        None, "--db", metavar="FILE",
        help="Keep processed reports in this SQLite file: reports already in it are skipped, and the "
             "export is the whole stored timeline. Created if missing."),
    lock_timeout: float = typer.Option(10.0, "--lock-timeout", metavar="SECONDS", min=0,
                                       help="How long to wait for a --db file another run holds (then exit 3)."),
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD",
                                        help="Export only attacks on or after this day."),
    until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM-DD",
                                        help="Export only attacks on or before this day."),
    types: Optional[list[str]] = typer.Option(None, "--type", metavar="TYPE",
                                              help="Export only this event type (repeat for several)."),
    min_killed: Optional[int] = typer.Option(None, "--min-killed", metavar="N", min=0,
                                             help="Export only attacks with at least N killed."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N",
                             help="Extract in N worker processes (same output, in the same order)."),
    engine: str = typer.Option("local", "--engine", metavar="ENGINE",
                               help="local (this machine) or dask (a Dask cluster; needs incidents[dask]). "
                                    "Same output either way. See docs/scale.md."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS",
        help="With --engine dask: the scheduler to use (default $DASK_SCHEDULER_ADDRESS, else a local "
             "cluster of --jobs worker processes)."),
    excel: bool = typer.Option(False, "--excel", help="Start CSV output with a BOM so Excel reads Arabic correctly."),
    raw_cells: bool = typer.Option(
        False, "--raw-cells",
        help="Write CSV cells as they are. By default a text cell starting with =, +, -, @, tab or CR "
             "gets a leading ' so that spreadsheets do not run it as a formula."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on standard error."),
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Also say on standard error how each input was read (its encoding)."),
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of each input that fails by a bug."),
) -> None:
    """Extract attack events from reports and print them as a sorted timeline."""
    from incidents.sinks import FORMATS, format_for_path
    from incidents.triggers import EVENT_TYPES

    pub_day = _parse_day(published, "--published")
    since_day, until_day = _parse_day(since, "--since"), _parse_day(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise typer.BadParameter(f"--since {since_day} is after --until {until_day}", param_hint="--since")
    unknown = [t for t in types or () if t not in EVENT_TYPES]
    if unknown:
        raise typer.BadParameter(f"unknown type {unknown[0]!r} (use {', '.join(EVENT_TYPES)})", param_hint="--type")
    if lang is not None and lang not in ("en", "ar"):
        raise typer.BadParameter(f"unsupported language {lang!r} (use en or ar)", param_hint="--lang")
    if encoding is not None:
        import codecs
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise typer.BadParameter(f"unknown encoding {encoding!r}", param_hint="--encoding") from None
    if fmt is not None and fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r} (use {', '.join(FORMATS)})", param_hint="--format")
    from incidents.readers import STDIN_FORMATS

    if stdin_format is not None and stdin_format not in STDIN_FORMATS:
        raise typer.BadParameter(f"unknown format {stdin_format!r} (use {', '.join(STDIN_FORMATS)})",
                                 param_hint="--stdin-format")
    max_size = _parse_size(max_report_size)
    _logging(verbose, debug)
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"unknown engine {engine!r} (use local or dask)", param_hint="--engine")
    if scheduler is not None and engine != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    from incidents.distributed import EngineUnavailable, require_dask

    if engine == "dask":
        try:
            require_dask()
        except EngineUnavailable as exc:
            _error(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
    if not paths and db is None:
        raise typer.BadParameter("give at least one input, or --db FILE to export the stored timeline",
                                 param_hint="PATHS")
    if fmt is None:
        fmt = format_for_path(str(output)) if output else None
        if fmt is None:
            fmt = "table" if output is None and sys.stdout.isatty() else "csv"
    country = country.upper() if country else None

    from incidents.store import Store, StoreBusy, StoreError

    store = None
    if db is not None:
        try:
            store = Store.open(db, lock_timeout=lock_timeout)
        except StoreBusy as exc:
            _error(f"{exc}; gave up after {lock_timeout:g} s")
            raise typer.Exit(EXIT_BUSY) from None
        except StoreError as exc:
            _error(str(exc))
            raise typer.Exit(EXIT_STORE) from None
    try:
        run = _Run(store, quiet, debug=debug)
        run.read(paths or [], pub_day, encoding, lang, country, jobs, engine, scheduler,
                 max_size=max_size, stdin_format=stdin_format)
        if store is not None:
            store.commit()
            events, dates, n_reports = store.events(), store.published(), store.count()
        else:
            events, dates, n_reports = run.events, run.published, run.n_reports

        from incidents.merge import canonical_order, filter_events, merge_events
        from incidents.timeline import sort_events

        # Which mentions to show is chosen before merging, so that it never depends on --db.
        wanted = {"main", *(["background"] if include_background else []), *(["foiled"] if include_foiled else [])}
        events = [e for e in events if e.mention in wanted]
        events = merge_events(events, dates) if merge else canonical_order(events)
        events = sort_events(filter_events(events, since=since_day, until=until_day,
                                           countries={country} if country else (), types=set(types or ()),
                                           min_killed=min_killed))
        try:
            _write(events, fmt, output, excel, n_reports, raw_cells)
        except OSError as exc:
            _error(f"{output}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(EXIT_INPUT_ERRORS) from None
    except StoreError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_STORE) from None
    except EngineUnavailable as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        if store is not None:
            store.close()
    if not quiet and fmt != "table":
        _error(run.summary(len(events), n_reports))
    raise typer.Exit(EXIT_INPUT_ERRORS if run.failures else EXIT_OK)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class _Run:
    """Reads every input and extracts from each report, into the store or a list;
    errors are reported on stderr, not raised."""

    def __init__(self, store, quiet: bool, debug: bool = False) -> None:
        self.store = store
        self.quiet = quiet
        self.debug = debug
        self.events: list = []
        self.published: dict = {}
        self.n_reports = self.new = self.seen = self.replaced = self.failures = 0

    def read(self, paths, pub_day, encoding, lang, country, jobs: int = 1, engine: str = "local",
             scheduler: str | None = None, max_size=None, stdin_format=None) -> None:
        from incidents.batch import extract_each
        from incidents.readers import read_reports

        settings = {"incidents": __version__, "lang": lang, "country": country}
        digests: dict[int, str | None] = {}
        reading = {"encoding": encoding, "published": pub_day,
                   "stdin_format": stdin_format, **({"max_size": max_size} if max_size else {})}
        select = partial(self._to_extract, lang=lang, digests=digests)
        # Every mention is kept (and stored); the export chooses which to show.
        options = {"lang": lang, "country": country, "include_background": True, "include_foiled": True}
        if engine == "dask":
            from incidents.distributed import extract_inputs

            results = extract_inputs(paths, select, workers=jobs, scheduler=scheduler, stdin=sys.stdin.buffer,
                                     reading=reading, **options)
        else:
            results = extract_each(select(read_reports(paths, stdin=sys.stdin.buffer, **reading)), jobs=jobs,
                                   **options)
        for item, found in results:
            if isinstance(found, str):
                _error(f"{item.origin or item.id}: {found}")
                if self.debug:
                    _traceback(item, options)
                self.failures += 1
                continue
            if self.store is None:
                self.events.extend(found)
                self.published[item.id] = item.published
                continue
            self.replaced += self.store.put(item, digests.pop(id(item)), found, settings)
            self.new += 1
            if self.new % BATCH == 0:
                self.store.commit()
                if not self.quiet:
                    _error(f"{_plural(self.new, 'new report')} stored so far")

    def _to_extract(self, items, lang, digests):
        """The reports still to extract: unreadable inputs are reported, stored ones skipped."""
        from incidents.model import ReadError
        from incidents.store import report_hash

        for item in items:
            if isinstance(item, ReadError):
                _error(str(item))
                self.failures += 1
                continue
            self.n_reports += 1
            if self.store is not None:
                digest = report_hash(item, lang)
                if self.store.has(digest):
                    self.seen += 1
                    continue
                digests[id(item)] = digest
            yield item

    def summary(self, n_events: int, n_reports: int) -> str:
        failed = f", {_plural(self.failures, 'input')} failed" if self.failures else ""
        if self.store is None:
            return f"{_plural(n_events, 'event')} from {_plural(n_reports, 'report')}{failed}"
        changed = f", {self.replaced} replaced" if self.replaced else ""
        return (f"{_plural(n_events, 'event')} from {_plural(n_reports, 'stored report')} "
                f"({self.new} new{changed}, {self.seen} already stored){failed}")


def _traceback(report, options) -> None:
    """Extract ``report`` again, here, to show where it fails: extraction is a pure function,
    so the failure comes back, in this process even when it happened in a worker."""
    import traceback

    from incidents import extract

    try:
        extract(report, **options)
    except Exception:
        typer.echo(traceback.format_exc().rstrip("\n"), err=True)


def _write(events, fmt, output, excel, n_reports, raw_cells=False) -> None:
    from incidents.sinks import render_table, write_events

    if fmt == "table":
        from rich.console import Console

        if output is None:
            render_table(events, Console(), n_reports=n_reports)
            return
        from incidents.atomic import atomic_write
        with atomic_write(output) as fh:
            render_table(events, Console(file=fh, width=160, color_system=None), n_reports=n_reports)
        return
    if output is None:
        # Data is UTF-8 whatever the locale says, so Arabic never fails to print.
        sys.stdout.reconfigure(encoding="utf-8")
        write_events(events, fmt, sys.stdout, excel=excel, raw_cells=raw_cells)
        sys.stdout.flush()
        return
    from incidents.atomic import atomic_write
    with atomic_write(output, newline="") as fh:
        write_events(events, fmt, fh, excel=excel, raw_cells=raw_cells)


def main() -> None:
    """Console-script entry point."""
    app()
