"""Events, killed and wounded per period (and per country, province, type or perpetrator).

Pure functions of the events: nothing is read, written or printed here except by
:func:`write_csv`, which writes to the stream it is given. The conventions (docs/summaries.md):

- **Every event is counted in exactly one row**, so the rows add up to the totals.
- A dated event goes to the period of the chosen unit that holds all of its date: a day to
  its week, month or year; a week to its month when the week lies inside one month.
- An event whose date is **coarser than the unit**, or straddles two periods (a month in a
  week summary, a year in a month summary, a week that crosses the end of a month), is
  not spread over periods nor put in the first one: it gets a row of its own, labelled with its
  own date, "2019 (month unknown)".
- Rows go in order of their last day, a period before a coarse row that ends on the same day:
  "2019 (month unknown)" comes right after 2019-12.
- An **undated** event goes to the row "undated", after every period.
- **Unknown figures are not zero.** ``killed`` and ``wounded`` add up the best figures that
  are known (the ``killed`` and ``wounded`` columns of the export); ``killed_unknown`` and
  ``wounded_unknown`` count the events whose figure is unknown, in which case the sum is a
  floor. A vague figure ("dozens") has no best value and counts as unknown.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TextIO

from incidents.dates import date_span
from incidents.model import Event

__all__ = ["UNITS", "FIELDS", "CSV_COLUMNS", "Row", "Summary", "parse_by", "period_of", "period_label",
           "period_bounds", "summarize", "write_csv"]

#: The periods a summary can count by, coarsest first.
UNITS = ("year", "month", "week")

#: ``--by`` name → the Event attribute it groups by (and the column it becomes).
FIELDS = {"country": "country", "admin1": "admin1", "type": "event_type", "perpetrator": "perpetrator"}

UNDATED = "undated"
TOTAL = "total"


@dataclass(frozen=True)
class Row:
    """One line of a summary. ``start``/``end`` are the first and last day the row covers
    (None for "undated" and "total"); ``groups`` holds the values of the grouping columns,
    None where the event has none."""

    period: str
    start: date | None
    end: date | None
    groups: tuple[str | None, ...]
    events: int
    killed: int
    wounded: int
    killed_unknown: int
    wounded_unknown: int
    coarse: bool = False  # the events' date does not fit in one period of the unit


@dataclass(frozen=True)
class Summary:
    unit: str
    columns: tuple[str, ...]  # the grouping columns after the period, e.g. ("country",)
    rows: tuple[Row, ...]
    total: Row


#: The CSV header before the grouping columns, and after them.
CSV_COLUMNS = (("period", "period_start", "period_end"),
               ("events", "killed", "wounded", "killed_unknown", "wounded_unknown"))


def parse_by(text: str) -> tuple[str, tuple[str, ...]]:
    """``"month,country"`` → ``("month", ("country",))``: one unit, first, then any of
    :data:`FIELDS` once each. Raises ValueError with a message that lists the choices."""
    names = [n.strip().lower() for n in text.split(",")]
    if not names or names[0] not in UNITS:
        raise ValueError(f"{text!r} must start with a period: {', '.join(UNITS)}")
    fields: list[str] = []
    for name in names[1:]:
        if name in UNITS:
            raise ValueError(f"{text!r} names more than one period")
        if name not in FIELDS:
            raise ValueError(f"unknown grouping {name!r} (use {', '.join(FIELDS)})")
        if name in fields:
            raise ValueError(f"{text!r} names {name!r} twice")
        fields.append(name)
    return names[0], tuple(fields)


def period_of(value: str | None, unit: str) -> tuple[str, date | None, date | None, bool]:
    """The row an event dated ``value`` belongs to: (label, first day, last day, coarse).

    ``coarse`` is True when the date does not fit inside one period of ``unit``; the label
    is then the date itself with "(<unit> unknown)"."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (use {', '.join(UNITS)})")
    span = date_span(value)
    if span is None:
        return UNDATED, None, None, False
    first, last = span
    period = period_label(first, unit)
    if period == period_label(last, unit):
        return (period, *period_bounds(first, unit), False)
    return f"{value} ({unit} unknown)", first, last, True


def period_label(day: date, unit: str) -> str:
    """The period of ``unit`` that holds ``day``: "2019", "2019-03" or "2019-W10" (ISO week)."""
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_bounds(day: date, unit: str) -> tuple[date, date]:
    """The first and last day of the period of ``unit`` that holds ``day``."""
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if unit == "month":
        first = day.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def summarize(events: Iterable[Event], unit: str = "month", by: Sequence[str] = ()) -> Summary:
    """Count ``events`` per period of ``unit`` and per value of each ``by`` field.

    Grouping by ``admin1`` also groups by ``country`` (a province name is not unique
    across countries), so its rows carry both columns.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (use {', '.join(UNITS)})")
    unknown = [name for name in by if name not in FIELDS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown[0]!r} (use {', '.join(FIELDS)})")
    columns: list[str] = []
    for name in by:
        for column in (("country", "admin1") if name == "admin1" else (FIELDS[name],)):
            if column not in columns:
                columns.append(column)

    cells: dict[tuple, list[int]] = {}
    places: dict[str, tuple[date | None, date | None, bool]] = {}
    for event in events:
        label, first, last, coarse = period_of(event.date, unit)
        places[label] = (first, last, coarse)
        key = (label, tuple(getattr(event, column) for column in columns))
        counts = cells.setdefault(key, [0, 0, 0, 0, 0])
        _add(counts, event)

    def order(key: tuple) -> tuple:
        label, groups = key
        first, last, _ = places[label]
        # A period after the last one it follows; a coarse row after the periods it covers
        # (same last day: the finer first); undated at the end. Unknown group values last.
        when = (1, 0, 0) if first is None else (0, last.toordinal(), -first.toordinal())
        return (when, label, tuple((g is None, g or "") for g in groups))

    rows = tuple(Row(label, places[label][0], places[label][1], groups, *cells[(label, groups)],
                     coarse=places[label][2])
                 for label, groups in sorted(cells, key=order))
    total = [0, 0, 0, 0, 0]
    for row in rows:
        for i, value in enumerate((row.events, row.killed, row.wounded, row.killed_unknown, row.wounded_unknown)):
            total[i] += value
    return Summary(unit, tuple(columns), rows,
                   Row(TOTAL, None, None, (None,) * len(columns), *total))


def _add(counts: list[int], event: Event) -> None:
    counts[0] += 1
    if event.killed is None:
        counts[3] += 1
    else:
        counts[1] += event.killed
    if event.wounded is None:
        counts[4] += 1
    else:
        counts[2] += event.wounded


#: What a spreadsheet reads as the start of a formula (as in incidents.sinks).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_csv(summary: Summary, stream: TextIO, *, excel: bool = False) -> None:
    """The summary as CSV (``\\n`` line ends), the totals on the last row. ``excel`` starts
    it with a UTF-8 byte order mark. Unknown group values are empty cells."""
    if excel:
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow((*CSV_COLUMNS[0], *summary.columns, *CSV_COLUMNS[1]))
    for row in (*summary.rows, summary.total):
        writer.writerow((
            row.period,
            row.start.isoformat() if row.start else "",
            row.end.isoformat() if row.end else "",
            *(_text(g) for g in row.groups),
            row.events, row.killed, row.wounded, row.killed_unknown, row.wounded_unknown,
        ))


def _text(value: str | None) -> str:
    if value is None:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if text.startswith(_FORMULA_START) else text
