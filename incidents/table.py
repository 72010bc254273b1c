"""The timeline as a table for a person at a terminal, with a one-line summary.

Report text is hostile until shown otherwise: cells lose control characters and
terminal escape sequences before rich draws them.
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from incidents.dates import date_span
from incidents.model import Event

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["render_table", "summary"]

_EVIDENCE_WIDTH = 80
_MISSING = "—"


def summary(events: Sequence[Event], n_reports: int) -> str:
    """One line under the table: how many events, from how many reports, the known tolls
    and the days they span."""
    killed = sum(e.killed for e in events if e.killed is not None)
    wounded = sum(e.wounded for e in events if e.wounded is not None)
    line = (
        f"{_plural(len(events), 'event')} from {_plural(n_reports, 'report')}"
        f" · {killed} killed · {wounded} wounded"
    )
    spans = [span for e in events if (span := date_span(e.date))]
    if spans:
        first, last = min(a for a, _ in spans), max(b for _, b in spans)
        line += f" · {first}" if first == last else f" · {first} to {last}"
    return line


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


#: Below this width the table drops perpetrator, target and sources and keeps every
#: row on one line; the full layout needs room for its evidence column to be read.
WIDE = 140

#: Marks on cells whose value is less than it looks, explained under the table.
STAND_IN = "*"  # the date is the publication day: the report gives none of its own
COARSE = "~"  # the place is only the province or the country (geo_precision 3-4)


def render_table(events: Sequence[Event], console: Console, *, n_reports: int) -> None:
    """Print the events as a table, then what its marks mean and the summary line.

    Date and figures never wrap; place and type take their natural width and the evidence
    what is left. Below :data:`WIDE` columns the layout is compact: one line per event.
    """
    # rich is imported here so that commands which never draw a table start fast.
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    if events:
        wide = console.width >= WIDE
        marks = set()
        rows = []
        for e in events:
            date = e.date
            if date and e.date_basis == "publication":
                date += STAND_IN
                marks.add(STAND_IN)
            place = _place(e)
            if place and e.geo_precision in (3, 4):
                place += COARSE
                marks.add(COARSE)
            cells = [date, place, _figure(e.killed, e.killed_min, e.killed_max),
                     _figure(e.wounded, e.wounded_min, e.wounded_max), e.event_type]
            if wide:
                cells += [e.perpetrator, e.target]
            cells.append(_shorten(e.evidence))
            if wide:
                cells.append(_sources(e.sources))
            rows.append([_printable(cell) or _MISSING for cell in cells])
        titles = ["Date", "Place", "Killed", "Wounded", "Type", *(["Perpetrator", "Target"] if wide else []),
                  "Evidence", *(["Sources"] if wide else [])]
        # Every column but the evidence gets its natural width, within a cap for names;
        # the evidence gets the rest of the line.
        caps = {"Place": 30 if wide else 20, "Type": 20 if wide else 14, "Perpetrator": 22, "Target": 18}
        widths = [min(max(len(title), *(cell_len(row[k]) for row in rows)), caps.get(title, 999))
                  for k, title in enumerate(titles)]
        # The wide layout frames every cell with a rule and a space either side; the compact
        # one puts a blank rule and a space between columns, and nothing at the edges.
        n = len(titles)
        e = titles.index("Evidence")
        frame = 3 * n + 1 if wide else 2 * (n - 1)
        widths[e] = max(12, console.width - (sum(widths) - widths[e]) - frame)
        table = Table(box=box.ROUNDED if wide else box.SIMPLE_HEAD, pad_edge=wide, show_edge=wide,
                      collapse_padding=not wide)
        for title, width in zip(titles, widths):
            table.add_column(title, justify="right" if title in ("Killed", "Wounded") else "left", width=width,
                             no_wrap=not wide or title not in (*caps, "Evidence"), overflow="ellipsis")
        for row in rows:
            # Text cells, not strings: report text may contain "[...]", which rich would read as markup.
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        notes = []
        if STAND_IN in marks:
            notes.append(f"{STAND_IN} the publication day stands in for the date")
        if COARSE in marks:
            notes.append(f"{COARSE} only the province or country is known")
        if notes:
            console.print(Text(" · ".join(notes), style="dim"))
    console.print(Text(summary(events, n_reports)))


#: Terminal escape sequences: CSI ("\\x1b[31m"), OSC ("\\x1b]8;;url\\x07", hyperlinks, titles) and
#: their 8-bit forms, then any other two-byte escape. Written so that no input backtracks.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(cell: str | None) -> str | None:
    """A table cell without escape sequences or control characters (white space becomes a
    space), so that report text cannot drive the terminal that shows it."""
    if not cell:
        return cell
    cell = _ESCAPE.sub("", cell)
    return _CONTROL.sub(lambda m: " " if m.group() in "\t\n\r\v\f" else "", cell)


def _figure(best: int | None, low: int | None, high: int | None) -> str | None:
    """The best value, with the range the reports allow when it is not just that value:
    "32 (28–32)", "12+" for "at least 12", "(24–99)" for "dozens"."""
    if best is None and low is None and high is None:
        return None
    if low is not None and high is None:
        span = f"{low}+"
    elif low is None and high is not None:
        span = f"≤{high}"
    elif low is not None and high is not None and low != high:
        span = f"{low}–{high}"
    else:
        return None if best is None else str(best)
    if best is None:
        return f"({span})"
    return span if span == f"{best}+" else f"{best} ({span})"


def _place(event: Event) -> str | None:
    parts = [p for p in (event.location, event.country) if p]
    return ", ".join(parts) or None


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EVIDENCE_WIDTH else text[: _EVIDENCE_WIDTH - 1].rstrip() + "…"


def _sources(sources: Sequence[str]) -> str | None:
    """The first source by its file's base name (with the line of a JSON Lines report),
    which tells sources apart where a path cut to fit would not."""
    if not sources:
        return None
    first = os.path.basename(sources[0]) or sources[0]
    return first if len(sources) == 1 else f"{first} +{len(sources) - 1}"
