"""``incidents summary`` and ``incidents plot``: the timeline that ``extract`` gives, from
the same inputs and options, counted per period (incidents.summarize) or drawn
(incidents.plot). Only options and rendering live here; see docs/summaries.md."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .app import (EXIT_USAGE, _EXIT_CODES, Selection, _choice, _error, _prepare, _selecting, _timeline,
                  _write_or_exit, app)


@app.command(epilog=_EXIT_CODES)
@_selecting
def summary(
    sel: Selection,
    by: str = typer.Option(
        "month", "--by", metavar="PERIOD[,FIELD…]",
        help="A period (week, month or year), then any of country, admin1 (with its country), type and "
             "perpetrator, comma-separated: --by month,country. Undated events and events dated more "
             "coarsely than the period get rows of their own (see docs/summaries.md)."),
    fmt: Optional[str] = typer.Option(
        None, "--format", "-f", **_choice(("table", "csv"), "unknown format {value!r} (use {choices})"),
        help="table or csv. Default: a table on a terminal, CSV with -o or in a pipe."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o",
        help="Write to this file (atomically) instead of standard output (-o -). It must be a regular "
             "file or a new path, writable, and neither an input, inside an input folder, nor the --db file."),
) -> None:
    """Events, killed and wounded per week, month or year, and per country, province, type or perpetrator."""
    from incidents.summarize import parse_by

    try:
        unit, fields = parse_by(by)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--by") from None
    _prepare(sel)
    if fmt is None:
        fmt = "table" if output is None and sys.stdout.isatty() else "csv"
    if output is not None and str(output) == "-":
        output = None
    with _timeline(sel, output) as timeline:
        from incidents.summarize import summarize

        result = summarize(timeline.events, unit, fields)
        _write_or_exit(lambda: _write_summary(result, fmt, output), output)
    if not sel.quiet and fmt != "table":
        _error(timeline.run.summary(len(timeline.events), timeline.n_reports))
    raise typer.Exit(timeline.exit_code())


def _write_summary(result, fmt: str, output: Optional[Path]) -> None:
    from incidents.atomic import atomic_write
    from incidents.summarize import write_csv

    if fmt == "table":
        from rich.console import Console

        if output is None:
            _render_summary(result, Console())
            return
        with atomic_write(output) as fh:
            _render_summary(result, Console(file=fh, width=160, color_system=None))
        return
    if output is None:
        sys.stdout.reconfigure(encoding="utf-8")
        write_csv(result, sys.stdout)
        sys.stdout.flush()
        return
    with atomic_write(output, newline="") as fh:
        write_csv(result, fh)


_TITLES = {"country": "Country", "admin1": "Province", "event_type": "Type", "perpetrator": "Perpetrator"}


def _render_summary(result, console) -> None:
    """The summary as a table, the totals last, and what the last two columns mean."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Attacks per {result.unit}", title_justify="left")
    table.add_column("Period", no_wrap=True)
    for i, column in enumerate(result.columns):
        # A name is never squeezed out by the figures (up to 24 characters; longer ones fold).
        longest = max((len(row.groups[i] or "") for row in result.rows), default=0)
        table.add_column(_TITLES[column], min_width=min(24, max(len(_TITLES[column]), longest)), overflow="fold")
    for title in ("Events", "Killed", "Wounded", "No killed\nfigure", "No wounded\nfigure"):
        table.add_column(title, justify="right", no_wrap=True)

    def cells(row) -> list[Text]:
        groups = ["".join(c for c in g if c.isprintable()) if g is not None else "—" for g in row.groups]
        numbers = (row.events, row.killed, row.wounded, row.killed_unknown, row.wounded_unknown)
        return [Text(row.period), *map(Text, groups), *(Text(str(n)) for n in numbers)]

    for row in result.rows:
        table.add_row(*cells(row))
    table.add_section()
    table.add_row(*cells(result.total), style="bold")
    console.print(table)
    console.print(Text("Killed and wounded add up the known figures; the last two columns count the events "
                       "whose reports give none. Rows such as \"2019 (month unknown)\" hold events dated no "
                       "closer than that.", style="dim"))


@app.command(epilog=_EXIT_CODES)
@_selecting
def plot(
    sel: Selection,
    output: Path = typer.Option(..., "--output", "-o",
                                help="The image to write (atomically): FILE.png or FILE.svg."),
    by: str = typer.Option("month", "--by", **_choice(("week", "month"), "unknown period {value!r} (use {choices})"),
                           help="The span of one bar."),
    stack: Optional[str] = typer.Option(
        None, "--stack", **_choice(("country", "type", "perpetrator"), "unknown field {value!r} (use {choices})"),
        help="One colour per value of this field (the largest seven, then 'other')."),
) -> None:
    """Draw killed and wounded per week or month, stacked by country, type or perpetrator (needs matplotlib, the plot extra)."""
    from incidents.plot import FORMATS, PlotUnavailable, require_matplotlib

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{output} must end in .png or .svg", param_hint="--output")
    try:
        require_matplotlib()
    except PlotUnavailable as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    _prepare(sel)
    with _timeline(sel, output) as timeline:
        drawn = []
        _write_or_exit(lambda: drawn.append(_draw(timeline.events, output, fmt, by, stack)), output)
    if not sel.quiet:
        if drawn and drawn[0].note():
            _error(f"{output}: {drawn[0].note()}")
        _error(timeline.run.summary(len(timeline.events), timeline.n_reports))
    raise typer.Exit(timeline.exit_code())


def _draw(events, output: Path, fmt: str, unit: str, stack: Optional[str]):
    from incidents.atomic import atomic_write
    from incidents.plot import write_plot

    with atomic_write(output, "wb") as fh:
        return write_plot(events, fh, fmt, unit=unit, stack=stack)
