"""Ordering of the exported timeline."""
from __future__ import annotations

from collections.abc import Iterable

from .model import Event

__all__ = ["sort_events"]


def sort_events(events: Iterable[Event]) -> list[Event]:
    """By date (undated last), then place, then first source; stable for ties.

    Reduced ISO dates sort before the days they contain ("2019-02" < "2019-02-27"),
    which keeps a month-precision event at the head of its month.
    """
    return sorted(events, key=lambda e: (e.date is None, e.date or "", e.location or "", e.sources[0] if e.sources else ""))
