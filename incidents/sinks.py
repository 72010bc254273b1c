"""Export events as CSV, JSON, JSON Lines or GeoJSON (the terminal table is incidents.table).

Exports are deterministic: the same events give byte-identical output, with
fields in :data:`incidents.model.EXPORT_FIELDS` order, or in the order of a
dataset's column set (:mod:`incidents.layouts`). JSON is serialised here rather
than by ``json.dumps`` so that coordinates (rounded to 5 decimals) are always
written as plain decimals, never in exponent form.

Report text is hostile until shown otherwise: CSV cells that a spreadsheet would
run as a formula are neutralised (OWASP's advice: a leading ``'``), and table
cells lose control characters and terminal escape sequences.
"""
from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TextIO

from incidents.dates import date_span
from incidents.layouts import convert_each
from incidents.model import EVENT_FIELDS, EXPORT_FIELDS, Event, SourceInfo

__all__ = ["FORMATS", "TIME_PRECISION", "format_for_path", "write_events"]

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

#: ACLED's time_precision of each date_precision: 1 a day, 2 a week, 3 a month or coarser.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

_UNKNOWN_SOURCE = SourceInfo()


def format_for_path(path: str) -> str | None:
    """The export format an output file name implies (``.txt`` is the table), else None."""
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower())


def write_events(events: Iterable[Event], fmt: str, stream: TextIO, *,
                 sources: Mapping[str, SourceInfo] | None = None, columns: str = "incidents",
                 bom: bool = False, raw_cells: bool = False) -> int:
    """Write ``events`` to ``stream`` as csv, json, jsonl or geojson; return how many.

    ``sources`` (report id → :class:`SourceInfo`, as :meth:`incidents.store.Store.sources`
    gives) fills the source_* columns; a report it lacks has them unknown. ``columns`` is
    ``incidents`` (:data:`EXPORT_FIELDS`) or the column set of ``acled``, ``gtd`` or ``ucdp``.
    ``bom`` (CSV only) starts the output with a UTF-8 byte order mark so that Excel opens
    Arabic text correctly. CSV text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return get a leading ``'`` so that no spreadsheet runs them as formulas;
    ``raw_cells`` writes them as they are. Open ``stream`` with ``newline=""`` to keep the
    "\\n" line endings on every platform.

    Each event is written as soon as it is read, so ``events`` may be a generator of any
    length: JSON and GeoJSON are written as arrays, their opening, each element, then their
    closing, laid out as ``json.dumps(..., indent=2)`` lays out the whole.
    """
    cited = sources or {}
    names: Sequence[str] = EXPORT_FIELDS
    rows: Iterator[dict[str, object]] = (_fields(event, cited) for event in events)
    if columns != "incidents":
        names, rows = convert_each(columns, rows)
    if fmt == "csv":
        return _write_csv(names, rows, stream, bom=bom, raw_cells=raw_cells)
    if fmt == "json":
        count = _write_array(map(_dump_element(1), rows), stream, 0)
    elif fmt == "jsonl":
        count = 0
        for row in rows:
            stream.write(_dump(row) + "\n")
            count += 1
        return count
    elif fmt == "geojson":
        stream.write('{\n  "type": "FeatureCollection",\n  "features": ')
        count = _write_array(map(_dump_element(2), map(_feature, rows)), stream, 1)
        stream.write("\n}")
    else:
        raise ValueError(f"cannot export format {fmt!r}; expected csv, json, jsonl or geojson")
    stream.write("\n")
    return count


def _dump_element(level: int):
    """What dumps an element of an array at ``level`` (indent 2), as :func:`_dump` would."""
    return lambda value: _dump(value, 2, level)


def _write_array(items: Iterable[str], stream: TextIO, level: int) -> int:
    """An array at ``level`` (indent 2) of the JSON texts ``items`` (each dumped at
    ``level + 1``), written one at a time, as :func:`_join` lays it out; return how many."""
    inner = "\n" + "  " * (level + 1)
    stream.write("[")
    count = 0
    for text in items:
        stream.write(("," if count else "") + inner + text)
        count += 1
    stream.write(("\n" + "  " * level + "]") if count else "]")
    return count


def _fields(event: Event, sources: Mapping[str, SourceInfo]) -> dict[str, object]:
    """The event as an ordered mapping of EXPORT_FIELDS, with coordinates rounded, sources as
    a list, and one entry per source in each source_* list."""
    row: dict[str, object] = {name: getattr(event, name) for name in EVENT_FIELDS}
    for name in _COORDINATES:
        value = row[name]
        if value is not None:
            row[name] = _round(value)
    row["sources"] = list(event.sources)
    span = date_span(event.date)
    row["date_start"] = span[0].isoformat() if span else None
    row["date_end"] = span[1].isoformat() if span else None
    row["time_precision"] = TIME_PRECISION[event.date_precision] if span else None
    cited = [sources.get(sid, _UNKNOWN_SOURCE) for sid in event.sources]
    row["source_urls"] = [info.url for info in cited]
    row["source_titles"] = [info.title for info in cited]
    row["source_publishers"] = [info.publisher for info in cited]
    row["source_published"] = [info.published.isoformat() if info.published else None for info in cited]
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


def _write_csv(names: Sequence[str], rows: Iterable[dict[str, object]], stream: TextIO, *, bom: bool,
               raw_cells: bool) -> int:
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(names)
    count = 0
    for row in rows:
        writer.writerow(_cell(row[name], raw_cells) for name in names)
        count += 1
    return count


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object, raw: bool = False) -> str:
    """A CSV cell. Numbers are written as numbers, a negative one too; only text is
    neutralised, since only text comes from the reports. A list is joined with "; ",
    an unknown entry empty; a list with no known entry is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (int, bool)):
        return str(value)
    if isinstance(value, list):
        known = any(v is not None for v in value)
        text = "; ".join("" if v is None else str(v) for v in value) if known else ""
    else:
        text = str(value)
    if not raw and text.startswith(_FORMULA_START):
        text = "'" + text
    # The csv module quotes only the characters of its line terminator ("\n"): a bare CR
    # would end the row early in every reader.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _feature(row: dict[str, object]) -> dict[str, object]:
    """RFC 7946: a Point [longitude, latitude] per event, null geometry when unplaced."""
    lat, lon = row["latitude"], row["longitude"]
    geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
    properties = {k: v for k, v in row.items() if k not in _COORDINATES}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


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
