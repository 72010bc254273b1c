"""The plain value objects that flow through the pipeline.

Every stage takes and returns these; only readers touch files on the way in and
only sinks on the way out. Spans (``start``/``end``) are offsets into the
*normalised* text of the report unless a field says otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

__all__ = [
    "SCHEMA_VERSION",
    "EVENT_FIELDS",
    "EXPORT_FIELDS",
    "Report",
    "SourceInfo",
    "ReadError",
    "DateMention",
    "Place",
    "PlaceMention",
    "CountMention",
    "TriggerMention",
    "ActorMention",
    "Event",
]

#: Version of the exported schema (see docs/schema.md); bump on any change of fields.
SCHEMA_VERSION = "1.3"


@dataclass(frozen=True, slots=True)
class Report:
    """One article as read from a file, a line of JSON Lines, a CSV row or stdin."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    lang: str | None = None
    origin: str = ""  # where it came from: "path" or "path:line"
    #: The site or outlet that published it ("Reuters", a page's site name); None: not given.
    publisher: str | None = None
    #: The file or stream whose own ids ``id`` is one of (ids are unique only within their
    #: feed); None when the report has no id of its own and ``id`` says where it was read.
    #: Left out of equality: it restates the file of ``origin``.
    feed: str | None = field(default=None, compare=False)
    #: How the report's source writes numeric dates, "dmy" (13/03/2018) or "mdy"
    #: (03/13/2018), learnt from its file's unambiguous dates; None: not known.
    date_order: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What an export cites of a report an event comes from; kept by the store, since
    events name their reports by id only."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input that could not be read; reported on stderr, never raised."""

    origin: str  # "path" or "path:line"
    message: str
    #: A problem with a report that is still read (it follows): a warning, not a failure.
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression, normalised to an ISO value of the given precision."""

    start: int
    end: int
    text: str
    value: str | None  # "2019-02-27", "2019-W09", "2019-02", "2019"; None when relative and unresolvable
    precision: str  # day | week | month | year
    basis: str  # explicit | relative


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str  # English name
    country: str  # ISO 3166-1 alpha-2, "" when unknown
    admin1: str = ""
    admin2: str = ""
    latitude: float | None = None
    longitude: float | None = None
    kind: str = "city"  # city | admin1 | admin2 | admin3 | country | region | district | unresolved
    population: int = 0
    ref: str = ""  # "geonames:98182" or an admin code such as "iq-admin:IQG10"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, resolved to a gazetteer entry."""

    start: int
    end: int
    text: str
    place: Place
    geo_precision: int  # 1 the place itself, 2 near/part of it, 3 admin1 only, 4 country only
    reference: bool = False  # told as a point the attack is located from ("60 km north of Baghdad")
    why: str = ""  # why this place and not another of the name ("the report names Nineveh")


@dataclass(frozen=True, slots=True)
class CountMention:
    """A casualty figure with its role and qualifier range."""

    start: int
    end: int
    text: str
    role: str  # killed | wounded | combined | attackers_killed
    value: int | None  # the figure as written; None for vague amounts ("dozens")
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class TriggerMention:
    """A word that names an attack, with the event type it implies."""

    start: int
    end: int
    text: str
    event_type: str


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A perpetrator or target named in the text, with its canonical name."""

    start: int
    end: int
    text: str
    name: str


@dataclass(frozen=True, slots=True)
class Event:
    """One attack, as exported. Field order is the export column order."""

    event_id: str
    date: str | None
    date_precision: str | None
    date_basis: str | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    killed: int | None
    wounded: int | None
    event_type: str
    perpetrator: str | None
    target: str | None
    sources: tuple[str, ...]
    evidence: str
    lang: str
    # Detail beyond the core columns; exported after them.
    date_text: str | None = None
    location_text: str | None = None
    admin2: str | None = None
    geo_precision: int | None = None
    place_ref: str | None = None  # "geonames:99072", "iq-admin:IQG15Q05", "supplement:Karrada"
    killed_min: int | None = None
    killed_max: int | None = None
    wounded_min: int | None = None
    wounded_max: int | None = None
    attackers_killed: int | None = None
    casualties_text: str | None = None
    perpetrator_text: str | None = None  # the words that named the perpetrator ("مسلحي تنظيم داعش")
    target_text: str | None = None  # the words that named the target ("قوات من الحشد الشعبي")
    mention: str = "main"  # main | background | foiled | summary
    n_sources: int = 1  # len(sources): how many reports tell the attack once merged


#: The fields of an event, in export order: the core fields of the issue first, then the detail.
EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event))

#: Export column order: the event's fields, then what an export derives from its date (a
#: span of full dates, ACLED's precision code) and from its sources (one entry per id of
#: ``sources``, from :class:`SourceInfo`). Appended, so that older columns keep their place.
EXPORT_FIELDS: tuple[str, ...] = EVENT_FIELDS + (
    "date_start", "date_end", "time_precision",
    "source_urls", "source_titles", "source_publishers", "source_published",
)
