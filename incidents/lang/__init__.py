"""Language packs: the words each language uses, kept beside the pipeline.

A pack is a folder ``incidents/lang/<code>/`` of TOML files, one per detector
(``dates.toml``, ``numbers.toml``, ``casualties.toml``, ``places.toml``,
``triggers.toml``, ``actors.toml``, ``segment.toml``, and for a non-Latin script
``romanization.toml``, which is read as written). Adding a language means
adding a folder; the pipeline does not change. Every string in the data, keys
included, goes through :func:`incidents.normalize.fold` when it is loaded, so
lexicons are written naturally (أ, ة, ى) and still match normalised text.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from ..normalize import fold

__all__ = ["LanguagePack", "get_pack", "available", "detect_language"]

_CODES = ("en", "ar")


def available() -> tuple[str, ...]:
    """Codes of the installed language packs."""
    return _CODES


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

    def __init__(self, code: str):
        self.code = code
        self._cache: dict[str, dict] = {}

    def data(self, name: str) -> dict:
        """The folded contents of ``<code>/<name>.toml`` ({} when the pack has none)."""
        if name not in self._cache:
            path = resources.files(f"incidents.lang.{self.code}").joinpath(f"{name}.toml")
            if path.is_file():
                self._cache[name] = _fold_tree(tomllib.loads(path.read_text(encoding="utf-8")))
            else:
                self._cache[name] = {}
        return self._cache[name]

    def raw(self, name: str) -> dict:
        """The contents of a data file as written (for the lexicon tests)."""
        path = resources.files(f"incidents.lang.{self.code}").joinpath(f"{name}.toml")
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def __repr__(self) -> str:
        return f"LanguagePack({self.code!r})"


@cache
def get_pack(code: str) -> LanguagePack:
    """The pack for an ISO 639-1 code; ValueError for a language we do not have."""
    if code not in _CODES:
        raise ValueError(f"unsupported language {code!r} (have: {', '.join(_CODES)})")
    return LanguagePack(code)


def detect_language(text: str) -> str:
    """'ar' when Arabic letters make up a good share of the letters, else 'en'."""
    arabic = latin = 0
    for ch in text[:4000]:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            arabic += 1
        elif ch.isalpha():
            latin += 1
    return "ar" if arabic and arabic >= 0.3 * (arabic + latin) else "en"
