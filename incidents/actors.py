"""Perpetrators and targets, normalised across languages (ISIS / داعش / Daesh → Islamic State).

The canonical names and the words for them live in each pack's actors.toml, so an
Arabic and an English report of one attack name the same perpetrator.
"""
from __future__ import annotations

from .lang import LanguagePack
from .lexicon import find_tagged, term_pattern
from .model import ActorMention

__all__ = ["find_actors", "find_national_forces"]


def find_actors(text: str, pack: LanguagePack, kind: str) -> list[ActorMention]:
    """Mentions of perpetrators (``kind="perpetrators"``) or targets (``"targets"``),
    but for words that only contain one ("محافظة", the governorate, folds to "محافظ" with
    a pronoun ending: no governor)."""
    data = pack.data("actors")
    words = data.get("not_actors", {}).get("words", [])
    blocked = [m.span() for m in term_pattern(pack, words).finditer(text)] if words else []
    return [ActorMention(*found) for found in find_tagged(text, pack, data.get(kind, {}))
            if not any(a <= found[0] and found[1] <= b for a, b in blocked)]


def find_national_forces(text: str, pack: LanguagePack) -> list[ActorMention]:
    """Forces whose name tells their country ("الحشد الشعبي", "Afghan police"); the
    mention's ``name`` is the ISO 3166-1 alpha-2 code."""
    return find_actors(text, pack, "countries")
