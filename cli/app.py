"""The ``incidents`` command: options in, library calls, rendering out.

No extraction, merging or storage logic lives here. Exit codes (README, docs/cron.md):
0 all done; 1 some inputs failed, the rest is exported; 2 usage; 3 the --db store is
busy; 4 the store or the place-index cache cannot be used; 5 the export could not be
written (the previous one is untouched); 70 internal error. When several apply, the
highest wins.
"""
from __future__ import annotations

import functools
import inspect
import os
import signal
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator, Optional

import typer

from incidents import __version__

EXIT_OK = 0
EXIT_INPUT_ERRORS = 1
EXIT_USAGE = 2
EXIT_BUSY = 3
EXIT_STORE = 4
EXIT_WRITE = 5
EXIT_INTERNAL = 70  # EX_SOFTWARE of sysexits.h

#: A --db run commits (and says so on stderr) after this many new reports.
BATCH = 100

app = typer.Typer(
    name="incidents",
    help="Extract a timeline of attacks (date, place, killed, wounded) from English and Arabic news reports.",
    add_completion=True,
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


def _choice(values: tuple[str, ...], message: str) -> dict:
    """The typer.Option settings of a choice: the values listed in --help and completed by the
    shell, and a bad value told in the project's words (``message`` with {value} and
    {choices}: "unknown format 'xml' (use table, csv, ...)"), exit 2."""
    def parse(value: str) -> str:
        if value not in values:
            raise typer.BadParameter(message.format(value=value, choices=", ".join(values)))
        return value

    return {"metavar": f"[{'|'.join(values)}]", "parser": parse,
            "autocompletion": lambda incomplete: [v for v in values if v.startswith(incomplete)]}


def _lang_choice() -> dict:
    """The typer.Option settings of --lang: the codes of the language packs found
    (incidents.lang.available, INCIDENTS_LANG_PATH included), looked up again when a value
    is parsed or completed; a code without a pack is told as "unsupported language 'fr'
    (use en or ar)", exit 2."""
    from incidents.lang import available

    def parse(value: str) -> str:
        codes = available()
        if value not in codes:
            listed = " or ".join([", ".join(codes[:-1]), codes[-1]] if len(codes) > 1 else codes)
            raise typer.BadParameter(f"unsupported language {value!r} (use {listed})")
        return value

    return {"metavar": f"[{'|'.join(available())}]", "parser": parse,
            "autocompletion": lambda incomplete: [v for v in available() if v.startswith(incomplete)]}


#: The choices of --format, --type and --columns, written out so that --help imports no
#: library module; tests/test_exports.py checks them against incidents.sinks, .triggers, .layouts.
FORMATS = ("table", "csv", "json", "jsonl", "geojson")
EVENT_TYPES = ("assassination", "kidnapping", "suicide bombing", "IED", "airstrike", "shelling",
               "ambush", "bombing", "armed assault", "armed clash", "other")
COLUMNS = ("incidents", "acled", "gtd", "ucdp")


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


def _country_codes() -> list[str]:
    """The ISO 3166-1 alpha-2 codes a place can carry: those of GeoNames' country list."""
    import json

    from incidents.geo.gazetteer import geonames_dir

    with open(geonames_dir() / "countries.json", encoding="utf-8") as f:
        return sorted(json.load(f))


def _checked_country(value: Optional[str]) -> Optional[str]:
    """--country as an upper-case ISO code the gazetteer knows; a usage error otherwise."""
    if value is None:
        return None
    codes = _country_codes()
    if value.upper() not in codes:
        raise typer.BadParameter(f"unknown country {value.upper()!r} (use an ISO 3166-1 alpha-2 code: "
                                 f"{', '.join(codes)})", param_hint="--country")
    return value.upper()


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_EXIT_CODES = ("Exit codes: 0 success; 1 some inputs could not be read or processed "
               "(the rest is still exported); 2 usage error; 3 the --db store is busy "
               "(another run held it for --lock-timeout seconds); 4 the --db store or the place-index "
               "cache cannot be used; 5 the export could not be written (the previous one is untouched); "
               "70 internal error. When several apply, the highest wins.")


def _selection_options(
    paths: Optional[list[str]] = typer.Argument(
        None, help="Files, folders (walked recursively) or - for standard input. "
                   "With --db they may be left out to export the stored timeline."),
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
    date_order: str = typer.Option(
        "auto", "--date-order", metavar="ORDER",
        help="How numeric dates that fit both ways read (03/07/2018): dmy, mdy, or auto (default: "
             "each file's unambiguous dates decide, then the report's, then day first). See docs/dates.md."),
    include: Optional[list[str]] = typer.Option(
        None, "--include", metavar="GLOB",
        help="Also read the files this glob matches in folders (e.g. '*.md'; a walk reads .txt, .jsonl, "
             ".ndjson, .json, .csv, .tsv, .html and .htm). A glob with / matches the path below the folder."),
    exclude: Optional[list[str]] = typer.Option(
        None, "--exclude", metavar="GLOB",
        help="Skip the files and folders this glob matches in folders (repeat for several)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Treat every report as this language.",
                                       **_lang_choice()),
    country: Optional[str] = typer.Option(
        None, "--country",
        help="Prefer places in this country (ISO 3166-1 alpha-2, e.g. IQ) and export only its events."),
    include_background: bool = typer.Option(False, "--include-background",
                                            help="Also list attacks mentioned only as background."),
    include_foiled: bool = typer.Option(False, "--include-foiled", help="Also list foiled attacks."),
    include_summaries: bool = typer.Option(False, "--include-summaries",
                                           help="Also list totals that sum up several attacks told one by one."),
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
    types: Optional[list[str]] = typer.Option(None, "--type", help="Export only this event type (repeat for several).",
                                              **_choice(EVENT_TYPES, "unknown type {value!r} (use {choices})")),
    min_killed: Optional[int] = typer.Option(None, "--min-killed", metavar="N", min=0,
                                             help="Export only attacks with at least N killed."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N",
                             help="Extract in N worker processes (same output, in the same order); "
                                  "at most one per CPU."),
    engine: str = typer.Option("local", "--engine", metavar="ENGINE",
                               help="local (this machine) or dask (a Dask cluster; needs incidents[dask]). "
                                    "Same output either way. See docs/scale.md."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS",
        help="With --engine dask: the scheduler to use (default $DASK_SCHEDULER_ADDRESS, else a local "
             "cluster of --jobs worker processes)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on standard error."),
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Also say on standard error how each input was read (its encoding) "
                                      "and what was decided for each report: its events, or why it was skipped."),
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of each input that fails by a bug."),
) -> None:
    """The arguments and options that choose a timeline: which reports are read and how,
    the --db store, merging and the filters. Declared once, here; every command that reads
    reports (extract, summary, plot) gets them through ``@_selecting``."""


class Selection(SimpleNamespace):
    """The values of ``_selection_options``, by name; ``_prepare`` checks them and adds the
    parsed ones (pub_day, since_day, until_day, max_size)."""


_SELECTION = inspect.signature(_selection_options, eval_str=True).parameters


def _selecting(command):
    """Give ``command`` the arguments and options of ``_selection_options``: PATHS first,
    then the command's own options, then the shared ones. The command receives them as one
    ``Selection`` in its first parameter."""
    own = list(inspect.signature(command, eval_str=True).parameters.values())[1:]
    shared = list(_SELECTION.values())
    params = [shared[0], *own, *shared[1:]]

    @functools.wraps(command)
    def wrapper(**kwargs):
        sel = Selection(**{name: kwargs.pop(name) for name in _SELECTION})
        return command(sel, **kwargs)

    wrapper.__signature__ = inspect.Signature(params)
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


def _prepare(sel: Selection) -> None:
    """Check the shared options (a usage error raises typer.BadParameter, exit 2) and set up
    logging. Adds the parsed values to ``sel``."""
    sel.pub_day = _parse_day(sel.published, "--published")
    sel.since_day, sel.until_day = _parse_day(sel.since, "--since"), _parse_day(sel.until, "--until")
    if sel.since_day and sel.until_day and sel.since_day > sel.until_day:
        raise typer.BadParameter(f"--since {sel.since_day} is after --until {sel.until_day}", param_hint="--since")
    if sel.encoding is not None:
        import codecs
        try:
            codecs.lookup(sel.encoding)
        except LookupError:
            raise typer.BadParameter(f"unknown encoding {sel.encoding!r}", param_hint="--encoding") from None
    from incidents.readers import STDIN_FORMATS

    if sel.date_order not in ("auto", "dmy", "mdy"):
        raise typer.BadParameter(f"unknown order {sel.date_order!r} (use auto, dmy or mdy)", param_hint="--date-order")
    if sel.stdin_format is not None and sel.stdin_format not in STDIN_FORMATS:
        raise typer.BadParameter(f"unknown format {sel.stdin_format!r} (use {', '.join(STDIN_FORMATS)})",
                                 param_hint="--stdin-format")
    sel.max_size = _parse_size(sel.max_report_size)
    _logging(sel.verbose, sel.debug)
    if sel.engine not in ("local", "dask"):
        raise typer.BadParameter(f"unknown engine {sel.engine!r} (use local or dask)", param_hint="--engine")
    if sel.scheduler is not None and sel.engine != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    from incidents.distributed import EngineUnavailable, require_dask

    if sel.engine == "dask":
        try:
            require_dask()
        except EngineUnavailable as exc:
            _error(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
    if not sel.paths and sel.db is None:
        raise typer.BadParameter("give at least one input, or --db FILE to export the stored timeline",
                                 param_hint="PATHS")
    sel.country = _checked_country(sel.country)
    if sel.engine == "local" and sel.jobs > _cpus():
        _error(f"-j {sel.jobs} is more than the {_cpus()} CPUs here; using {_cpus()}")
        sel.jobs = _cpus()


@dataclass
class Timeline:
    """What ``_timeline`` yields: the chosen events, sorted, and how the run went."""

    events: list
    n_reports: int
    run: "_Run" = field(repr=False)
    #: Report id → what the exports cite of it (URL, title, publisher, publication date).
    sources: dict = field(default_factory=dict, repr=False)

    def exit_code(self) -> int:
        return EXIT_INTERNAL if self.run.crashes else EXIT_INPUT_ERRORS if self.run.failures else EXIT_OK


@contextmanager
def _timeline(sel: Selection, output: Optional[Path]) -> Iterator[Timeline]:
    """Read, store, merge, filter and sort what ``sel`` (checked by ``_prepare``) chooses, and
    yield it with the store still held: a command writes its output inside the ``with``, so
    that with --db two runs never export in the wrong order. ``output`` (None for standard
    output) is checked before anything is read. Store and engine failures exit 4 and 2."""
    from incidents.atomic import UnsafeTarget, check_target
    from incidents.distributed import EngineUnavailable
    from incidents.store import Store, StoreBusy, StoreError

    if output is not None:
        try:
            check_target(output, inputs=[p for p in sel.paths or () if p != "-"], store=sel.db)
        except UnsafeTarget as exc:
            raise typer.BadParameter(f"{output} {exc}", param_hint="--output") from None
        except OSError as exc:
            _error(f"{output}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(EXIT_WRITE) from None
    if sel.paths:
        from incidents.geo.build import sound_index

        try:
            sound_index(_error)
        except OSError as exc:
            _error(f"cannot build the place index: {exc}")
            raise typer.Exit(EXIT_STORE) from None
    try:
        # Without --db the run keeps its reports in a temporary store, under the same rules of
        # identity: a file SQLite deletes on close (""), so that memory does not grow with them.
        store = Store.open(sel.db if sel.db is not None else "", lock_timeout=sel.lock_timeout)
    except StoreBusy as exc:
        _error(f"{exc}; gave up after {sel.lock_timeout:g} s")
        raise typer.Exit(EXIT_BUSY) from None
    except StoreError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_STORE) from None
    try:
        run = _Run(store, sel.quiet, persistent=sel.db is not None, debug=sel.debug, verbose=sel.verbose)
        run.read(sel.paths or [], sel.pub_day, sel.encoding, sel.lang, sel.country, sel.jobs, sel.engine,
                 sel.scheduler, include=sel.include or (), exclude=sel.exclude or (), max_size=sel.max_size,
                 stdin_format=sel.stdin_format, date_order=None if sel.date_order == "auto" else sel.date_order)
        store.commit()
        from incidents.merge import event_filter
        from incidents.timeline import stored_timeline

        # Which mentions to show is chosen before merging, so that it never depends on --db.
        wanted = {"main", *(["background"] if sel.include_background else []),
                  *(["foiled"] if sel.include_foiled else []), *(["summary"] if sel.include_summaries else [])}
        keep = event_filter(since=sel.since_day, until=sel.until_day, countries={sel.country} if sel.country else (),
                            types=set(sel.types or ()), min_killed=sel.min_killed)
        # Merged in date windows and sorted in a temporary file: memory does not grow with the store.
        with stored_timeline(store, mentions=wanted, merge=sel.merge, keep=keep) as events:
            yield Timeline(events, store.count(), run, store.sources())
    except StoreError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_STORE) from None
    except EngineUnavailable as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        store.close()


def _write_or_exit(write, output: Optional[Path]) -> None:
    """Run ``write()``; a reader that stopped reading is no failure, any other failure to
    write exits 5 with one line."""
    from incidents.atomic import UnsafeTarget

    try:
        write()
    except BrokenPipeError:
        _stdout_gone()  # the reader stopped (… | head): its choice, not a failure
    except (OSError, UnsafeTarget) as exc:
        _error(f"{output}: cannot write: {getattr(exc, 'strerror', None) or exc}")
        raise typer.Exit(EXIT_WRITE) from None


@app.command(epilog=_EXIT_CODES)
@_selecting
def extract(
    sel: Selection,
    fmt: Optional[str] = typer.Option(
        None, "--format", "-f", **_choice(FORMATS, "unknown format {value!r} (use {choices})"),
        help="Default: the -o file's extension, else a table on a terminal and CSV otherwise."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o",
        help="Write to this file (atomically) instead of standard output (-o -). It must be a regular "
             "file or a new path, writable, and neither an input, inside an input folder, nor the --db file."),
    columns: str = typer.Option(
        "incidents", "--columns", **_choice(COLUMNS, "unknown column set {value!r} (use {choices})"),
        help="The columns of csv, json, jsonl and geojson: ours (docs/schema.md), or the column names and "
             "codes of ACLED, GTD or UCDP GED (mapped in docs/schema.md)."),
    bom: bool = typer.Option(False, "--bom", "--excel",
                             help="Start CSV output with a byte order mark, so that Excel reads Arabic correctly "
                                  "(--excel is its former name)."),
    raw_cells: bool = typer.Option(
        False, "--raw-cells",
        help="Write CSV cells as they are. By default a text cell starting with =, +, -, @, tab or CR "
             "gets a leading ' so that spreadsheets do not run it as a formula."),
) -> None:
    """Extract attack events from reports and print them as a sorted timeline."""
    from incidents.sinks import format_for_path

    _prepare(sel)
    if fmt is None:
        fmt = format_for_path(str(output)) if output else None
        if fmt is None:
            fmt = "table" if output is None and sys.stdout.isatty() else "csv"
    if columns != "incidents" and fmt == "table":
        raise typer.BadParameter(f"{columns} columns need csv, json, jsonl or geojson, not the table",
                                 param_hint="--columns")
    if output is not None and str(output) == "-":
        output = None
    with _timeline(sel, output) as timeline:
        _write_or_exit(partial(_write, timeline.events, fmt, output, bom, timeline.n_reports, raw_cells,
                               sources=timeline.sources, columns=columns), output)
    if not sel.quiet and fmt != "table":
        _error(timeline.run.summary(len(timeline.events), timeline.n_reports))
    raise typer.Exit(timeline.exit_code())


def _stdout_gone() -> None:
    """Point stdout at /dev/null so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture it)
        pass


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class _Run:
    """Reads every input and extracts from each new report into the store; errors are
    reported on stderr, not raised. Reports are known by content (incidents.identity):
    one read twice counts once, one already stored is skipped."""

    def __init__(self, store, quiet: bool, persistent: bool, debug: bool = False, verbose: bool = False) -> None:
        self.store = store
        self.quiet = quiet
        self.debug = debug
        self.verbose = verbose
        self.persistent = persistent
        self.advance = lambda item: None  # moves the progress bar past a report
        self.names: dict[str, str] = {}  # given in this run, not yet stored: name -> feed
        self.new = self.seen = self.duplicates = self.replaced = self.failures = self.crashes = 0

    def read(self, paths, pub_day, encoding, lang, country, jobs: int = 1, engine: str = "local",
             scheduler: str | None = None, include=(), exclude=(), max_size=None, stdin_format=None,
             date_order: str | None = None) -> None:
        from incidents.batch import extract_each
        from incidents.readers import read_reports

        settings = {"incidents": __version__, "lang": lang, "country": country,
                    **({"date_order": date_order} if date_order else {})}
        digests: dict[int, tuple[str, str]] = {}
        reading = {"encoding": encoding, "published": pub_day, "include": include, "exclude": exclude,
                   "stdin_format": stdin_format, **({"max_size": max_size} if max_size else {})}
        select = partial(self._to_extract, lang=lang, digests=digests)
        # Every mention is kept (and stored); the export chooses which to show.
        options = {"lang": lang, "country": country, "include_background": True, "include_foiled": True,
                   "include_summaries": True,
                   **({"date_order": date_order} if date_order else {})}
        if engine == "dask":
            from incidents.distributed import extract_inputs

            results = extract_inputs(paths, select, workers=jobs, scheduler=scheduler, stdin=sys.stdin.buffer,
                                     reading=reading, **options)
        else:
            results = extract_each(select(read_reports(paths, stdin=sys.stdin.buffer, **reading)), jobs=jobs,
                                   notice=_error, **options)
        with _progress(paths, include, exclude, shown=not self.quiet and sys.stderr.isatty()) as self.advance:
            self._store(results, digests, lang, options, settings)

    def _store(self, results, digests, lang, options, settings) -> None:
        """Store each extracted report with its events (the progress bar, if any, is up)."""
        from incidents.assemble import publication_date
        from incidents.identity import named

        for item, found in results:
            self.advance(item)
            name, digest = digests.pop(id(item))
            if isinstance(found, str):
                # A bug, not bad input: the report is named, not stored, and tried again next run.
                _error(f"{item.origin or item.id}: internal error: {found}")
                if self.debug:
                    _traceback(item, options)
                self.crashes += 1
                continue
            report, events = named(item, name, found)
            if self.verbose:
                _error(f"{item.origin or item.id}: {_decision(events)}")
            if report.published is None:
                # merge lets the latest report's toll win: a dateline dates a report too
                report = replace(report, published=publication_date(report, lang))
            self.replaced += self.store.put(report, digest, events, settings)
            self.names.pop(name, None)
            self.new += 1
            if self.persistent and self.new % BATCH == 0:
                self.store.commit()
                if not self.quiet:
                    _error(f"{_plural(self.new, 'new report')} stored so far")

    def _to_extract(self, items, lang, digests):
        """The reports still to extract: unreadable inputs are reported, copies and stored
        ones skipped; ``digests`` gets each one's unique name and content hash."""
        from incidents.identity import report_hash, source_id
        from incidents.model import ReadError

        for item in items:
            if isinstance(item, ReadError):
                if item.warning:
                    _error(f"warning: {item}")
                else:
                    _error(str(item))
                    self.failures += 1
                continue
            digest = report_hash(item, lang)
            if not self.store.first_read(digest):  # read before in this run (the store keeps the hashes)
                self.duplicates += 1
                self.advance(item)
                if self.verbose:
                    _error(f"{item.origin or item.id}: skipped: the same text was read before in this run")
                continue
            if self.store.has(digest):
                self.store.complete(digest, item)  # a store from before citations were kept
                self.seen += 1
                self.advance(item)
                if self.verbose:
                    _error(f"{item.origin or item.id}: skipped: already in the store")
                continue
            name = source_id(item, digest, lambda n: self.names[n] if n in self.names else self.store.holder(n))
            self.names[name] = item.feed or ""
            digests[id(item)] = (name, digest)
            yield item

    def summary(self, n_events: int, n_reports: int) -> str:
        failed = f", {_plural(self.failures, 'input')} failed" if self.failures else ""
        crashed = f", {self.crashes} failed by internal error" if self.crashes else ""
        copies = f", {_plural(self.duplicates, 'duplicate')} skipped" if self.duplicates else ""
        if not self.persistent:
            return f"{_plural(n_events, 'event')} from {_plural(n_reports, 'report')}{copies}{failed}{crashed}"
        changed = f", {self.replaced} replaced" if self.replaced else ""
        return (f"{_plural(n_events, 'event')} from {_plural(n_reports, 'stored report')} "
                f"({self.new} new{changed}, {self.seen} already stored{copies}){failed}{crashed}")


def _decision(events) -> str:
    """What extraction made of one report, for -v: its events in a few words each."""
    if not events:
        return "no attack event"
    told = []
    for e in events:
        figures = ", ".join(f"{n} {role}" for n, role in ((e.killed, "killed"), (e.wounded, "wounded"))
                            if n is not None) or "no figures"
        what = f"{e.event_type} on {e.date or 'an unknown day'} in {e.location or 'an unknown place'}, {figures}"
        told.append(what if e.mention == "main" else f"{what} ({e.mention})")
    return f"{_plural(len(events), 'event')}: " + "; ".join(told)


@contextmanager
def _progress(paths, include, exclude, shown: bool):
    """A progress bar on stderr while reports are extracted: reports done, their rate, and
    with the inputs' size known, how far and how long still to go. Yields the function
    that counts a report; with ``shown`` false (no terminal, -q), it does nothing."""
    if not shown:
        yield lambda item: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    from incidents.readers import input_size

    total = input_size(paths, include, exclude)
    columns = [TextColumn("{task.fields[reports]} reports · {task.fields[rate]}/s")]
    if total:
        columns += [BarColumn(), TaskProgressColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("extract", total=total or None, reports=0, rate="0")
        done = 0

        def advance(item) -> None:
            nonlocal done
            done += 1
            elapsed = bar.tasks[0].elapsed or 0
            rate = f"{done / elapsed:.0f}" if elapsed > 0.5 else "…"
            bar.update(task, advance=len(item.text.encode("utf-8", "replace")), reports=done, rate=rate)

        yield advance


def _traceback(report, options) -> None:
    """Extract ``report`` again, here, to show where it fails: extraction is a pure function,
    so the failure comes back, in this process even when it happened in a worker."""
    import traceback

    from incidents import extract

    try:
        extract(report, **options)
    except Exception:
        typer.echo(traceback.format_exc().rstrip("\n"), err=True)


def _write(events, fmt, output, bom, n_reports, raw_cells=False, *, sources=None, columns="incidents") -> None:
    from incidents.sinks import write_events
    from incidents.table import render_table

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
        write_events(events, fmt, sys.stdout, bom=bom, raw_cells=raw_cells, sources=sources, columns=columns)
        sys.stdout.flush()
        return
    from incidents.atomic import atomic_write
    with atomic_write(output, newline="") as fh:
        write_events(events, fmt, fh, bom=bom, raw_cells=raw_cells, sources=sources, columns=columns)


class _Terminated(BaseException):
    """SIGTERM, raised so that the store rolls back and temporary files go before the process dies."""


def _terminate(signum, frame) -> None:
    raise _Terminated


def main() -> None:
    """Console-script entry point: SIGTERM still kills (after cleaning up), and a bug ends the
    run with one line and exit 70, not a traceback."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
    except Exception as exc:
        _error(f"internal error: {type(exc).__name__}: {exc}")
        if "--debug" in sys.argv[1:]:
            import traceback

            traceback.print_exc()
        sys.exit(EXIT_INTERNAL)


# Commands kept in modules of their own register on ``app`` when imported.
from incidents.cli import summaries as _summaries  # noqa: E402,F401  (summary and plot)
from incidents.cli import explain as _explain  # noqa: E402,F401
