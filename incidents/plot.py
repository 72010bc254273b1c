"""Killed and wounded per week or month as stacked bars, written to PNG or SVG.

matplotlib is an optional extra (``incidents[plot]``) and is imported only when a plot is
drawn: importing this module costs nothing. The figure is drawn on a bare
``matplotlib.figure.Figure``, never through pyplot, so no GUI backend is ever chosen (PNG
goes through Agg) and the caller's matplotlib state is left alone. The same events give
the same bytes: SVG ids come from a fixed salt and the SVG carries no date.

The counting is :func:`incidents.summarize.summarize`'s, so a plot shows the same figures
as ``incidents summary``. Bars add up the known figures. Events that no bar can hold (undated,
or dated only to a period coarser than a bar: a month on a weekly plot, a year on a monthly
one) are not drawn but named in a note under the plot, with their figures, and returned in
:attr:`PlotData.left_out` for the caller to report.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from incidents.model import Event
from incidents.summarize import Row, period_bounds, period_label, summarize

__all__ = ["FORMATS", "UNITS", "STACKS", "MAX_GROUPS", "PlotUnavailable", "PlotData", "require_matplotlib",
           "plot_data", "write_plot"]

FORMATS = ("png", "svg")
UNITS = ("week", "month")
#: ``--stack`` name → the summarize field.
STACKS = ("country", "type", "perpetrator")
#: The largest groups (by killed + wounded) get a colour each; the rest are drawn as "other".
MAX_GROUPS = 8
OTHER = "other"
UNKNOWN = "unknown"
ALL = "all"


class PlotUnavailable(RuntimeError):
    """matplotlib is not installed."""


def require_matplotlib() -> None:
    """Raise :class:`PlotUnavailable` with the install command when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotUnavailable("incidents plot needs matplotlib: install incidents[plot] "
                              "(pip install 'incidents[plot]')") from None


@dataclass(frozen=True)
class PlotData:
    """What the bars show. ``periods`` runs without gaps from the first dated bar to the last
    (first day, last day, label); ``killed[g][i]`` and ``wounded[g][i]`` are group ``g``'s
    figures in period ``i``. ``left_out`` are the summary rows no bar holds (coarse dates,
    undated); ``killed_unknown``/``wounded_unknown`` count the drawn events without a figure."""

    unit: str
    periods: tuple[tuple[date, date, str], ...]
    groups: tuple[str, ...]
    killed: dict[str, tuple[int, ...]]
    wounded: dict[str, tuple[int, ...]]
    left_out: tuple[Row, ...]
    killed_unknown: int
    wounded_unknown: int

    def note(self) -> str:
        """The line under the plot: what is not drawn and what the bars leave out."""
        parts = []
        coarse = [r for r in self.left_out if r.coarse]
        undated = [r for r in self.left_out if r.start is None]
        for rows, what in ((coarse, f"whose date spans more than one {self.unit}"), (undated, "undated")):
            if rows:
                n, k, w = (sum(getattr(r, f) for r in rows) for f in ("events", "killed", "wounded"))
                parts.append(f"{_plural(n, 'event')} {what} ({k} killed, {w} wounded)")
        sentences = [f"Not drawn: {'; '.join(parts)}."] if parts else []
        unknown = [f"{_plural(n, 'drawn event')} without a {what} figure"
                   for n, what in ((self.killed_unknown, "killed"), (self.wounded_unknown, "wounded")) if n]
        if unknown:
            sentences.append(f"Bars add up known figures: {' and '.join(unknown)}.")
        return " ".join(sentences)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def plot_data(events: Iterable[Event], unit: str = "month", stack: str | None = None) -> PlotData:
    """The bars of the plot of ``events`` per ``unit`` (week or month), stacked by ``stack``."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (use {', '.join(UNITS)})")
    if stack is not None and stack not in STACKS:
        raise ValueError(f"unknown stack {stack!r} (use {', '.join(STACKS)})")
    summary = summarize(events, unit, (stack,) if stack else ())
    drawn = [r for r in summary.rows if r.start is not None and not r.coarse]
    left_out = tuple(r for r in summary.rows if r.start is None or r.coarse)

    periods: list[tuple[date, date, str]] = []
    if drawn:
        day, last = min(r.start for r in drawn), max(r.start for r in drawn)
        while day <= last:
            first, end = period_bounds(day, unit)
            periods.append((first, end, period_label(day, unit)))
            day = date.fromordinal(end.toordinal() + 1)
    index = {start: i for i, (start, _, _) in enumerate(periods)}

    def group(row: Row) -> str:
        return (row.groups[0] or UNKNOWN) if stack else ALL

    sizes: dict[str, int] = {}
    for row in drawn:
        sizes[group(row)] = sizes.get(group(row), 0) + row.killed + row.wounded
    ranked = sorted(sizes, key=lambda g: (-sizes[g], g == UNKNOWN, g))
    keep = ranked if len(ranked) <= MAX_GROUPS else ranked[:MAX_GROUPS - 1]
    groups = tuple(keep) + ((OTHER,) if len(keep) < len(ranked) else ())
    killed = {g: [0] * len(periods) for g in groups}
    wounded = {g: [0] * len(periods) for g in groups}
    for row in drawn:
        g = group(row) if group(row) in keep else OTHER
        killed[g][index[row.start]] += row.killed
        wounded[g][index[row.start]] += row.wounded
    return PlotData(unit, tuple(periods), groups, {g: tuple(v) for g, v in killed.items()},
                    {g: tuple(v) for g, v in wounded.items()}, left_out,
                    sum(r.killed_unknown for r in drawn), sum(r.wounded_unknown for r in drawn))


_TITLES = {"country": "country", "type": "event type", "perpetrator": "perpetrator"}


def write_plot(events: Iterable[Event], stream: BinaryIO, fmt: str, *, unit: str = "month",
               stack: str | None = None) -> PlotData:
    """Draw the plot of ``events`` into ``stream`` as ``fmt`` (png or svg); return its data.

    Raises :class:`PlotUnavailable` when matplotlib is missing."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    data = plot_data(events, unit, stack)
    require_matplotlib()
    import matplotlib
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.hashsalt": "incidents", "svg.fonttype": "path", "font.size": 9}):
        fig = Figure(figsize=(10, 6), dpi=100, layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True)
        title = f"Killed and wounded per {unit}" + (f", by {_TITLES[stack]}" if stack else "")
        fig.suptitle(title)
        colours = matplotlib.colormaps["tab10"].colors
        starts = [date2num(first) for first, _, _ in data.periods]
        widths = [0.8 * ((end - first).days + 1) for first, end, _ in data.periods]
        for ax, figures, label in ((top, data.killed, "killed"), (bottom, data.wounded, "wounded")):
            base = [0] * len(data.periods)
            for i, g in enumerate(data.groups):
                colour = "0.6" if g in (OTHER, UNKNOWN) else colours[i % len(colours)]
                ax.bar(starts, figures[g], width=widths, bottom=base, align="edge", color=colour,
                       label=g, linewidth=0)
                base = [b + v for b, v in zip(base, figures[g])]
            ax.set_ylabel(label)
            ax.yaxis.get_major_locator().set_params(integer=True)
            ax.grid(axis="y", linewidth=0.3)
            ax.set_axisbelow(True)
        if not data.periods:
            top.text(0.5, 0.5, "no dated events", transform=top.transAxes, ha="center", va="center")
            bottom.set_xticks([])
        else:
            locator = AutoDateLocator()
            bottom.xaxis.set_major_locator(locator)
            bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        if stack and data.groups:
            top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title=_TITLES[stack])
        note = data.note()
        if note:
            import textwrap

            fig.supxlabel(textwrap.fill(note, 150), fontsize=8, color="0.3")
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(stream, format=fmt, metadata=metadata)
    return data
