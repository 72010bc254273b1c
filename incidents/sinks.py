"""Export events as CSV, JSON, JSON Lines or GeoJSON, or show them as a table.

Exports are deterministic: the same events give byte-identical output, with
fields in :data:`incidents.model.EVENT_FIELDS` order. JSON is serialised here
rather than by ``json.dumps`` so that coordinates (rounded to 5 decimals) are
always written as plain decimals, never in exponent form.

Report text is hostile until shown otherwise: CSV cells that a spreadsheet would
run as a formula are neutralised (OWASP's advice: a leading ``'``), and table
cells lose control characters and terminal escape sequences.
"""
from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from incidents.model import EVENT_FIELDS, Event

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["FORMATS", "format_for_path", "write_events", "render_table", "summary"]

FORMATS = ("table", "csv", "json", "jsonl", "geojson")

_EXTENSIONS = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojson": "geojson",
    ".txt": "table",
}

_COORDINATES = ("latitude", "longitude")
_EVIDENCE_WIDTH = 80
_MISSING = "—"


def format_for_path(path: str) -> str | None:
    """The export format an output file name implies (``.txt`` is the table), else None."""
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower())


def write_events(events: Sequence[Event], fmt: str, stream: TextIO, *, excel: bool = False,
                 raw_cells: bool = False) -> None:
    """Write ``events`` to ``stream`` as csv, json, jsonl or geojson.

    ``excel`` (CSV only) starts the output with a UTF-8 byte order mark so that
    Excel opens Arabic text correctly. CSV text cells starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return get a leading ``'`` so that no
    spreadsheet runs them as formulas; ``raw_cells`` writes them as they are.
    Open ``stream`` with ``newline=""`` to keep the "\\n" line endings on every
    platform.
    """
    rows = [_fields(event) for event in events]
    if fmt == "csv":
        _write_csv(rows, stream, excel=excel, raw_cells=raw_cells)
    elif fmt == "json":
        stream.write(_dump(rows, indent=2) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(_dump(row) + "\n")
    elif fmt == "geojson":
        stream.write(_dump(_feature_collection(rows), indent=2) + "\n")
    else:
        raise ValueError(f"cannot export format {fmt!r}; expected csv, json, jsonl or geojson")


def _fields(event: Event) -> dict[str, object]:
    """The event as an ordered mapping, with coordinates rounded and sources as a list."""
    row: dict[str, object] = {name: getattr(event, name) for name in EVENT_FIELDS}
    for name in _COORDINATES:
        value = row[name]
        if value is not None:
            row[name] = _round(value)
    row["sources"] = list(event.sources)
    return row


def _round(value: float) -> float | None:
    """Five decimals (about a metre); non-finite values count as unknown; no negative zero."""
    if not math.isfinite(value):
        return None
    return round(value, 5) + 0.0


def _number(value: float) -> str:
    """A coordinate as a plain decimal: '33.31', '44.0', never '1e-05'."""
    text = f"{value:.5f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _write_csv(rows: list[dict[str, object]], stream: TextIO, *, excel: bool, raw_cells: bool) -> None:
    if excel:
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(EVENT_FIELDS)
    for row in rows:
        writer.writerow(_cell(row[name], raw_cells) for name in EVENT_FIELDS)


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object, raw: bool = False) -> str:
    """A CSV cell. Numbers are written as numbers, a negative one too; only text is
    neutralised, since only text comes from the reports."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (int, bool)):
        return str(value)
    text = "; ".join(value) if isinstance(value, list) else str(value)
    if not raw and text.startswith(_FORMULA_START):
        text = "'" + text
    # The csv module quotes only the characters of its line terminator ("\n"): a bare CR
    # would end the row early in every reader.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _feature_collection(rows: list[dict[str, object]]) -> dict[str, object]:
    """RFC 7946: a Point [longitude, latitude] per event, null geometry when unplaced."""
    features = []
    for row in rows:
        lat, lon = row["latitude"], row["longitude"]
        geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
        properties = {k: v for k, v in row.items() if k not in _COORDINATES}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def _dump(value: object, indent: int | None = None, level: int = 0) -> str:
    """JSON text laid out like ``json.dumps(..., ensure_ascii=False)`` (with ``indent``)."""
    if isinstance(value, dict):
        items = [f"{json.dumps(k)}: {_dump(v, indent, level + 1)}" for k, v in value.items()]
        return _join(items, "{", "}", indent, level)
    if isinstance(value, list):
        return _join([_dump(v, indent, level + 1) for v in value], "[", "]", indent, level)
    if isinstance(value, float):
        return _number(value)
    return json.dumps(value, ensure_ascii=False)


def _join(items: list[str], opening: str, closing: str, indent: int | None, level: int) -> str:
    if not items:
        return opening + closing
    if indent is None:
        return opening + ", ".join(items) + closing
    inner = "\n" + " " * (indent * (level + 1))
    return opening + inner + ("," + inner).join(items) + "\n" + " " * (indent * level) + closing


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
