"""Language packs: the words each language uses, kept beside the pipeline.

A pack is a folder of TOML files named by the language's ISO 639-1 code, one file per
detector (``dates.toml``, ``numbers.toml``, ``casualties.toml``, ``places.toml``,
``triggers.toml``, ``actors.toml``, ``segment.toml``, and for a non-Latin script
``romanization.toml``, which is read as written), and a ``language.toml`` that holds the
language's profile (:data:`PROFILE_KEYS`). Every folder of ``incidents/lang/`` that holds
a ``language.toml`` is a pack, and so is every ``<code>/language.toml`` folder of the
directories listed in the environment variable ``INCIDENTS_LANG_PATH``
(:data:`LANG_PATH_VARIABLE`): adding a language means adding a folder; the pipeline,
the CLI's ``--lang`` choices, the readers' ``Language:`` names and the package data
follow. Every string in the data, keys included, goes through
:func:`incidents.normalize.fold` when it is loaded, so lexicons are written naturally
(أ, ة, ى) and still match normalised text; the profile itself is read as written.
"""
from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ..normalize import fold

__all__ = ["LanguagePack", "get_pack", "available", "detect_language", "language_names", "profile",
           "check_profile", "PROFILE_KEYS", "REQUIRED_KEYS", "LANG_PATH_VARIABLE"]

#: The environment variable naming more pack directories, separated by ``os.pathsep``;
#: each holds ``<code>/language.toml`` folders.
LANG_PATH_VARIABLE = "INCIDENTS_LANG_PATH"

#: The keys ``language.toml`` may hold, each with its meaning; a test rejects any other
#: and docs/language-packs.md lists them. The first block is the profile proper, read as
#: written by this module, the readers and the CLI; the rest is read folded by the detectors.
PROFILE_KEYS = {
    # the profile
    "name": "the language's English name (required): 'English'",
    "names": "what else a Language: header or a lang field may call it, besides the code: ['english', 'eng']",
    "script": "the script it is written in (required): 'Latin', 'Arabic'",
    "script_ranges": "[first, last] character ranges of that script that tell a report is in the language",
    "direction": "how it is written (required): 'ltr' or 'rtl'",
    "cased": "whether the script has capital letters (required)",
    "default": "the language of a report no pack's script_ranges claim (one pack: English)",
    "place_names": "how place names are found: 'capitalised' runs of capitalised words (default), or 'arabic', "
                   "every Arabic word looked up with its clitics, places of the Arab world preferred",
    # how words appear in running text
    "word_prefix": "a regular expression for the clitics a listed word may carry in front",
    "word_suffix": "a regular expression for the endings a listed word may carry behind",
    "dual_endings": "endings of the dual that make an attack word count two attacks ('غارتين')",
    "masculine_dual_endings": "the masculine dual, read only on a word that is an attack word without it",
    "verb_agreement": "endings a past-tense verb takes to agree with its subject ('قتلوا')",
    "list_joiner": "a regular expression for what may stand between the places of a list",
    "list_and": "a regular expression for the conjunction a list of places needs",
    "possessive": "a regular expression for what stands between a place and a place inside it (\"'s \")",
    "dateline": "a regular expression for a dateline opening a report ('BAGHDAD (Reuters) -')",
    "numeric_order": "how a numeric date that fits both ways reads when nothing else tells: 'dmy' or 'mdy'",
}

#: The keys a pack's profile must hold.
REQUIRED_KEYS = ("name", "script", "direction", "cased")

#: The values some keys may take.
_VALUES = {"direction": ("ltr", "rtl"), "place_names": ("capitalised", "arabic"), "numeric_order": ("dmy", "mdy")}
_LISTS = ("names", "dual_endings", "masculine_dual_endings", "verb_agreement")
_PATTERNS = ("word_prefix", "word_suffix", "list_joiner", "list_and", "possessive", "dateline")


def check_profile(profile: dict[str, Any]) -> list[str]:
    """What is wrong with a pack's profile (its ``language.toml`` as written): unknown or
    missing keys, values of the wrong kind. Empty when nothing is."""
    problems = [f"unknown key {k!r} (known: {', '.join(PROFILE_KEYS)})" for k in profile if k not in PROFILE_KEYS]
    problems += [f"missing key {k!r}" for k in REQUIRED_KEYS if k not in profile]
    for key, value in profile.items():
        if key in ("cased", "default") and not isinstance(value, bool):
            problems.append(f"{key} must be true or false")
        elif key in _LISTS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(f"{key} must be a list of strings")
        elif key in _VALUES and value not in _VALUES[key]:
            problems.append(f"{key} must be one of {', '.join(_VALUES[key])}, not {value!r}")
        elif key in ("name", "script", *_PATTERNS) and not isinstance(value, str):
            problems.append(f"{key} must be a string")
        elif key in _PATTERNS:
            try:
                re.compile(value)
            except re.error as exc:
                problems.append(f"{key} is no regular expression: {exc}")
        elif key == "script_ranges" and not (isinstance(value, list) and all(
                isinstance(r, list) and len(r) == 2 and all(isinstance(c, str) and len(c) == 1 for c in r)
                and r[0] <= r[1] for r in value)):
            problems.append("script_ranges must be a list of [first, last] characters")
    if profile.get("place_names", "capitalised") == "capitalised" and profile.get("cased") is False:
        problems.append("place_names 'capitalised' needs a cased script")
    return problems


_PROFILE = "language.toml"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Found:
    code: str
    folder: Traversable
    profile: dict[str, Any]


def _read_profile(folder: Traversable) -> dict[str, Any]:
    return tomllib.loads(folder.joinpath(_PROFILE).read_text(encoding="utf-8"))


def _folders() -> list[tuple[str, Traversable]]:
    """(code, folder) of every pack: the installed ones, then those of INCIDENTS_LANG_PATH
    in its order, each list in name order."""
    found: list[tuple[str, Traversable]] = []
    installed = resources.files(__name__)
    found += sorted(((f.name, f) for f in installed.iterdir() if f.is_dir() and f.joinpath(_PROFILE).is_file()),
                    key=lambda p: p[0])
    for entry in os.environ.get(LANG_PATH_VARIABLE, "").split(os.pathsep):
        if not entry:
            continue
        root = Path(entry).expanduser()
        if not root.is_dir():
            _log.warning("%s: %s is not a directory", LANG_PATH_VARIABLE, entry)
            continue
        found += sorted((f.name, f) for f in root.iterdir() if f.is_dir() and (f / _PROFILE).is_file())
    return found


@cache
def _discover() -> dict[str, _Found]:
    """The packs by code: the default language first, then the others by code. The first
    folder found for a code is its pack: one on INCIDENTS_LANG_PATH does not replace an
    installed pack (detectors keep what they compiled for a code for the whole run)."""
    packs: dict[str, _Found] = {}
    for code, folder in _folders():
        if code in packs:
            _log.warning("language pack %r in %s ignored: %s has it", code, folder, packs[code].folder)
            continue
        if not re.fullmatch(r"[a-z]{2,3}", code):
            _log.warning("language pack folder %s ignored: its name is no ISO 639 code", folder)
            continue
        try:
            found = packs[code] = _Found(code, folder, _read_profile(folder))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            _log.warning("language pack %s ignored: %s: %s", code, folder.joinpath(_PROFILE), exc)
            continue
        for problem in check_profile(found.profile):
            _log.warning("language pack %s: %s: %s", code, folder.joinpath(_PROFILE), problem)
    order = sorted(packs, key=lambda c: (not packs[c].profile.get("default", False), c))
    return {c: packs[c] for c in order}


def available() -> tuple[str, ...]:
    """Codes of the language packs found, the default language first, then by code.

    Discovery runs once per process; ``available.cache_clear()`` makes the next call look
    again (after INCIDENTS_LANG_PATH changed)."""
    return tuple(_discover())


def _clear() -> None:
    _discover.cache_clear()
    _detector.cache_clear()
    language_names.cache_clear()


available.cache_clear = _clear  # type: ignore[attr-defined]


def profile(code: str) -> dict[str, Any]:
    """The profile of a pack (its ``language.toml`` as written); ValueError when there is none."""
    return _found(code).profile


def _found(code: str) -> _Found:
    packs = _discover()
    if code not in packs:
        raise ValueError(f"unsupported language {code!r} (have: {', '.join(packs)})")
    return packs[code]


@cache
def language_names() -> dict[str, str]:
    """What a ``Language:`` header or a ``lang`` field may say (lower case), to the code:
    each pack's code, English name and ``names``."""
    out: dict[str, str] = {}
    for code, found in _discover().items():
        for name in (code, found.profile.get("name", ""), *found.profile.get("names", [])):
            if name:
                out.setdefault(name.strip().lower(), code)
    return out


def _fold_tree(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, list):
        return [_fold_tree(v) for v in value]
    if isinstance(value, dict):
        return {fold(k): _fold_tree(v) for k, v in value.items()}
    return value


class LanguagePack:
    """The data of one language, read lazily, one TOML file per detector."""

    def __init__(self, code: str, folder: Traversable | None = None):
        self.code = code
        self.folder = folder if folder is not None else _found(code).folder
        self._cache: dict[str, dict] = {}

    def data(self, name: str) -> dict:
        """The folded contents of ``<code>/<name>.toml`` ({} when the pack has none)."""
        if name not in self._cache:
            self._cache[name] = _fold_tree(self.raw(name))
        return self._cache[name]

    def raw(self, name: str) -> dict:
        """The contents of a data file as written (for the lexicon tests)."""
        path = self.folder.joinpath(f"{name}.toml")
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def __repr__(self) -> str:
        return f"LanguagePack({self.code!r})"


def get_pack(code: str) -> LanguagePack:
    """The pack for an ISO 639 code; ValueError for a language we do not have.

    The same object for as long as the code names the same folder, however often
    discovery is redone, so that what the detectors keep per pack holds."""
    folder = _found(code).folder
    key = (code, str(folder))
    pack = _PACKS.get(key)
    if pack is None:
        pack = _PACKS[key] = LanguagePack(code, folder)
    return pack


_PACKS: dict[tuple[str, str], LanguagePack] = {}


#: How many of the first characters of a report tell its language.
_SAMPLE = 4000
#: The share of the letters a script must have to claim a report.
_SHARE = 0.3


@cache
def _detector() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str] | None, str]:
    """Per pack with script_ranges, a pattern for its characters; one for all of them; the
    default language."""
    scripts = []
    for code, found in _discover().items():
        ranges = found.profile.get("script_ranges", [])
        if ranges:
            scripts.append((code, "".join(f"{re.escape(a)}-{re.escape(b)}" for a, b in ranges)))
    packs = _discover()
    default = next((c for c, f in packs.items() if f.profile.get("default")), None) or next(iter(packs))
    every = re.compile("[" + "".join(r for _, r in scripts) + "]") if scripts else None
    return [(c, re.compile(f"[{r}]")) for c, r in scripts], every, default


def detect_language(text: str) -> str:
    """The language whose script makes up a good share (30%) of the letters of the start
    of ``text`` ('ar' for Arabic), else the default one ('en')."""
    scripts, every, default = _detector()
    if every is None:
        return default
    sample = text[:_SAMPLE]
    # the characters of each script (its punctuation and digits too), and the other letters
    counts = [(len(pattern.findall(sample)), code) for code, pattern in scripts]
    total = sum(n for n, _ in counts) + sum(ch.isalpha() for ch in every.sub("", sample))
    best = max(counts, key=lambda c: c[0])  # the first of the largest: packs in order
    return best[1] if best[0] and best[0] >= _SHARE * total else default
