"""Perpetrators and targets, normalised across languages (ISIS / داعش / Daesh → Islamic State).

The canonical names and the words for them live in each pack's actors.toml, so an
Arabic and an English report of one attack name the same perpetrator.
"""
from __future__ import annotations

from .lang import LanguagePack
from .lexicon import tag_for, tagged_pattern
from .model import ActorMention

__all__ = ["find_actors", "find_national_forces"]


def find_actors(text: str, pack: LanguagePack, kind: str) -> list[ActorMention]:
    """Mentions of perpetrators (``kind="perpetrators"``) or targets (``"targets"``)."""
    table = pack.data("actors").get(kind, {})
    if not table:
        return []
    pattern, tag_of = tagged_pattern(pack, table)
    return [ActorMention(m.start("term"), m.end("term"), m.group("term"), tag_for(m, tag_of))
            for m in pattern.finditer(text)]


def find_national_forces(text: str, pack: LanguagePack) -> list[ActorMention]:
    """Forces whose name tells their country ("الحشد الشعبي", "Afghan police"); the
    mention's ``name`` is the ISO 3166-1 alpha-2 code."""
    table = pack.data("actors").get("countries", {})
    if not table:
        return []
    pattern, tag_of = tagged_pattern(pack, table)
    return [ActorMention(m.start("term"), m.end("term"), m.group("term"), tag_for(m, tag_of).upper())
            for m in pattern.finditer(text)]

