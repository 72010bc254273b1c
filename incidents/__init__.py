"""incidents: attack timelines from English and Arabic news reports.

The library does the work and never prints: read reports, extract events from
each, sort them into a timeline, and hand them to a sink. Names are imported on
first use, so ``import incidents`` (and ``incidents --help``) stay instant.
"""
from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "extract": "incidents.assemble",
    "read_reports": "incidents.readers",
    "sort_events": "incidents.timeline",
    "merge_events": "incidents.merge",
    "Event": "incidents.model",
    "Report": "incidents.model",
    "ReadError": "incidents.model",
    "SCHEMA_VERSION": "incidents.model",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'incidents' has no attribute {name!r}")
