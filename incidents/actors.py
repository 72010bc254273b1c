"""Perpetrators and targets, normalised across languages (ISIS / داعش / Daesh → Islamic State).

The canonical names and the words for them live in each pack's actors.toml, so an
Arabic and an English report of one attack name the same perpetrator.
"""
from __future__ import annotations

from .lang import LanguagePack
from .lexicon import find_tagged
from .model import ActorMention

__all__ = ["find_actors", "find_national_forces"]


def find_actors(text: str, pack: LanguagePack, kind: str) -> list[ActorMention]:
    """Mentions of perpetrators (``kind="perpetrators"``) or targets (``"targets"``)."""
    return [ActorMention(*found) for found in find_tagged(text, pack, pack.data("actors").get(kind, {}))]


def find_national_forces(text: str, pack: LanguagePack) -> list[ActorMention]:
    """Forces whose name tells their country ("الحشد الشعبي", "Afghan police"); the
    mention's ``name`` is the ISO 3166-1 alpha-2 code."""
    return find_actors(text, pack, "countries")
