"""Places: the gazetteer (an SQLite index built once into the user cache) and its keys.

    from incidents.geo import get_gazetteer
    get_gazetteer().find("الموصل")[0]  # Place(name='Mosul', country='IQ', admin1='Nineveh', ...)

See gazetteer.py for the index and its keys, build.py for what goes into it.
"""
from .gazetteer import (
    Entry,
    Gazetteer,
    cache_dir,
    ensure_index,
    get_gazetteer,
    index_path,
    is_arabic,
    name_key,
    source_digest,
)

__all__ = [
    "Entry",
    "Gazetteer",
    "cache_dir",
    "ensure_index",
    "get_gazetteer",
    "index_path",
    "is_arabic",
    "name_key",
    "source_digest",
]
