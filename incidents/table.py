"""The timeline as a table for a person at a terminal, with a one-line summary.

Report text is hostile until shown otherwise: cells lose control characters and
terminal escape sequences before rich draws them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from incidents.model import Event

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["render_table", "summary"]

_EVIDENCE_WIDTH = 80
_MISSING = "—"


def summary(events: Sequence[Event], n_reports: int) -> str:
    """One line under the table: how many events, from how many reports, and the known tolls."""
    killed = sum(e.killed for e in events if e.killed is not None)
    wounded = sum(e.wounded for e in events if e.wounded is not None)
    return (
        f"{_plural(len(events), 'event')} from {_plural(n_reports, 'report')}"
        f" · {killed} killed · {wounded} wounded"
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render_table(events: Sequence[Event], console: Console, *, n_reports: int) -> None:
    """Print the events as a table, then the summary line."""
    # rich is imported here so that commands which never draw a table start fast.
    from rich.table import Table
    from rich.text import Text

    if events:
        table = Table()
        for title in ("Date", "Place", "Killed", "Wounded", "Type", "Perpetrator", "Target", "Evidence", "Sources"):
            table.add_column(title, justify="right" if title in ("Killed", "Wounded") else "left")
        for e in events:
            cells = (
                e.date,
                _place(e),
                _figure(e.killed, e.killed_min, e.killed_max),
                _figure(e.wounded, e.wounded_min, e.wounded_max),
                e.event_type,
                e.perpetrator,
                e.target,
                _shorten(e.evidence),
                _sources(e.sources),
            )
            # Text cells, not strings: report text may contain "[...]", which rich would read as markup.
            table.add_row(*(Text(_printable(cell) or _MISSING) for cell in cells))
        console.print(table)
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
    if not sources:
        return None
    return sources[0] if len(sources) == 1 else f"{sources[0]} +{len(sources) - 1}"
