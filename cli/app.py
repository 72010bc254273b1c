"""The ``incidents`` command: options in, library calls, rendering out.

No extraction logic lives here. Exit codes: 0 all inputs read and processed;
1 some inputs could not be read or processed (the others still are, and the
output is still written); 2 usage error.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from incidents import __version__

EXIT_OK = 0
EXIT_INPUT_ERRORS = 1
EXIT_USAGE = 2

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


def _parse_day(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _error(message: str) -> None:
    typer.echo(f"incidents: {message}", err=True)


@app.command(
    epilog="Exit codes: 0 success; 1 some inputs could not be read or processed "
           "(the rest is still exported); 2 usage error.",
)
def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders (walked recursively) or - for standard input."),
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
    lang: Optional[str] = typer.Option(None, "--lang", help="Treat every report as this language (en or ar)."),
    country: Optional[str] = typer.Option(None, "--country",
                                          help="Prefer places in this country (ISO 3166-1 alpha-2, e.g. IQ)."),
    include_background: bool = typer.Option(False, "--include-background",
                                            help="Also list attacks mentioned only as background."),
    include_foiled: bool = typer.Option(False, "--include-foiled", help="Also list foiled attacks."),
    excel: bool = typer.Option(False, "--excel", help="Start CSV output with a BOM so Excel reads Arabic correctly."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on standard error."),
) -> None:
    """Extract attack events from reports and print them as a sorted timeline."""
    from incidents.sinks import FORMATS, format_for_path

    pub_day = _parse_day(published)
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
    if fmt is None:
        fmt = format_for_path(str(output)) if output else None
        if fmt is None:
            fmt = "table" if output is None and sys.stdout.isatty() else "csv"
    country = country.upper() if country else None

    events, n_reports, failures = _run(paths, pub_day, encoding, lang, country, include_background, include_foiled)

    from incidents.timeline import sort_events
    events = sort_events(events)
    try:
        _write(events, fmt, output, excel, n_reports)
    except OSError as exc:
        _error(f"{output}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(EXIT_INPUT_ERRORS) from None
    if not quiet and fmt != "table":
        _error(_plural(len(events), "event") + " from " + _plural(n_reports, "report")
               + (f", {_plural(failures, 'input')} failed" if failures else ""))
    raise typer.Exit(EXIT_INPUT_ERRORS if failures else EXIT_OK)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _run(paths, pub_day, encoding, lang, country, include_background, include_foiled):
    """Read every input and extract from each report; errors are reported, not raised."""
    from incidents.assemble import extract as extract_events
    from incidents.model import ReadError
    from incidents.readers import read_reports

    events = []
    n_reports = failures = 0
    for item in read_reports(paths, encoding=encoding, published=pub_day, stdin=sys.stdin.buffer):
        if isinstance(item, ReadError):
            _error(str(item))
            failures += 1
            continue
        n_reports += 1
        try:
            events.extend(extract_events(item, lang=lang, country=country,
                                         include_background=include_background, include_foiled=include_foiled))
        except Exception as exc:  # a bug must not lose the other reports
            _error(f"{item.origin or item.id}: extraction failed: {type(exc).__name__}: {exc}")
            failures += 1
    return events, n_reports, failures


def _write(events, fmt, output, excel, n_reports) -> None:
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
        write_events(events, fmt, sys.stdout, excel=excel)
        sys.stdout.flush()
        return
    from incidents.atomic import atomic_write
    with atomic_write(output, newline="") as fh:
        write_events(events, fmt, fh, excel=excel)


def main() -> None:
    """Console-script entry point."""
    app()
