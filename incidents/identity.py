"""When two reports are the same report, and the name each one is known by.

A report is its content: the hash of its language, publication date, title and
text. The same content read twice (a file named twice, an article copied into
two feeds, a feed rotated under a reader's feet) is one report.

Its name, the id its events list in ``sources``, must be unique among all the
reports a store ever holds, since merging tells reports apart by it:

- a record with an id of its own keeps it, so that a researcher can join the
  export back to the feed; ids are unique only within their file or stream, so
  when another feed already holds the id the name is ``feed#id``. The same name
  from the same feed with new content is a new version of that report (an
  article edited at its source);
- any other report is named by where it was read (``path``, ``path:line``).
  Another content may turn up there later (a rotated feed, a rewritten file);
  that is another report, named ``origin@`` and the start of its hash.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from .assemble import event_id
from .model import Event, Report

__all__ = ["named", "report_hash", "source_id"]

#: Hex digits of the content hash that tell apart reports read from one place.
_SHORT = 12


def report_hash(report: Report, lang: str | None = None) -> str:
    """SHA-256 of the report's language, publication date, title and text, each normalised
    (NFC, "\\n" line ends, no trailing or surrounding blanks); ``lang`` overrides the
    report's own language. Whatever changes the events a report gives changes its hash;
    its id, feed and origin do not."""
    def norm(text: str | None) -> str:
        text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(line.rstrip() for line in text.split("\n")).strip()

    parts = [lang or report.lang or "", report.published.isoformat() if report.published else "",
             norm(report.title), norm(report.text)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def source_id(report: Report, digest: str, holder: Callable[[str], str | None]) -> str:
    """The report's unique name; ``holder`` gives the feed of the report that already
    holds a name ("" for one without a feed), or None when the name is free."""
    held = holder(report.id)
    if report.feed is not None:
        return report.id if held is None or held == report.feed else f"{report.feed}#{report.id}"
    return report.id if held is None else f"{report.id}@{digest[:_SHORT]}"


def named(report: Report, name: str, events: list[Event]) -> tuple[Report, list[Event]]:
    """The report and its events under the report's unique name (extraction, which may run
    elsewhere, calls them by the report's id); the events' ids follow their sources."""
    if name == report.id:
        return report, events
    return replace(report, id=name), [
        replace(e, sources=(name,), event_id=event_id(e.date, e.location, e.event_type, (name,), e.evidence))
        for e in events]
