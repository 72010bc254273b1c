"""Attack words and the cues around them, from the language pack's triggers.toml.

A trigger names an attack and implies its type ("car bomb" → bombing, "غارة" →
airstrike). Cues are the words that change what a sentence reports: a foiled or
threatened attack, an accident, the aftermath of an old attack, the start of a
separate attack, or the attack already told of.
"""
from __future__ import annotations

import re

from .lang import LanguagePack
from .lexicon import find_tagged, term_pattern
from .model import TriggerMention

__all__ = ["EVENT_TYPES", "find_triggers", "find_instruments", "find_cues", "has_cue", "best_type"]

#: The event types in the order that decides between several named in one attack:
#: the GTD's attack-type hierarchy (assassination, then hostage taking, then
#: bombing, then armed assault), with the bombing and fire kinds most specific first.
#: docs/schema.md maps them to ACLED and GTD.
EVENT_TYPES = ("assassination", "kidnapping", "suicide bombing", "IED", "airstrike", "shelling",
               "ambush", "bombing", "armed assault", "other")


def find_triggers(text: str, pack: LanguagePack) -> list[TriggerMention]:
    """Every attack word in ``text`` (normalised), in order, with the type it implies."""
    data = pack.data("triggers")
    phrases = data.get("not_attacks", {}).get("phrases", [])
    # "وقف إطلاق النار" (a ceasefire) holds "إطلاق النار" (gunfire): not an attack word there.
    blocked = [m.span() for m in term_pattern(pack, phrases).finditer(text)] if phrases else []
    return [TriggerMention(*found) for found in find_tagged(text, pack, data["types"])
            if not any(a <= found[0] and found[1] <= b for a, b in blocked)]


def find_instruments(text: str, pack: LanguagePack) -> list[TriggerMention]:
    """Weapons named in ``text`` ("drones", "مسيرات"): they type an attack, never make one."""
    return [TriggerMention(*found) for found in find_tagged(text, pack, pack.data("triggers").get("instruments", {}))]


def find_cues(text: str, pack: LanguagePack, cue: str) -> list[re.Match[str]]:
    """Matches of one cue list (foiled, accident, separate, ...) in ``text``."""
    words = pack.data("triggers")["cues"].get(cue, [])
    return list(term_pattern(pack, words).finditer(text)) if words else []


def has_cue(text: str, pack: LanguagePack, cue: str) -> bool:
    """Whether ``text`` holds any word of one cue list."""
    words = pack.data("triggers")["cues"].get(cue, [])
    return bool(words) and term_pattern(pack, words).search(text) is not None


def best_type(types: list[str]) -> str:
    """The most specific of several implied types; "other" when there are none."""
    for t in EVENT_TYPES:
        if t in types:
            return t
    return "other"
