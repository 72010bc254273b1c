"""Attack words and the cues around them, from the language pack's triggers.toml.

A trigger names an attack and implies its type ("car bomb" → bombing, "غارة" →
airstrike). Cues are the words that change what a sentence reports: a foiled or
threatened attack, an accident, the aftermath of an old attack, the start of a
separate attack, or the attack already told of.
"""
from __future__ import annotations

import re
from functools import cache

from .lang import LanguagePack
from .lexicon import find_tagged, term_pattern, within
from .model import TriggerMention

__all__ = ["type_tier", "EVENT_TYPES", "inflected", "weak_words", "neutral_words", "find_triggers", "find_instruments", "find_cues", "has_cue", "best_type"]

#: The event types in the order that decides between several named in one attack:
#: the GTD's attack-type hierarchy (assassination, then hostage taking, then
#: bombing, then armed assault, then an armed clash), with the bombing and fire kinds most
#: specific first.
#: docs/schema.md maps them to ACLED and GTD.
EVENT_TYPES = ("assassination", "kidnapping", "suicide bombing", "IED", "airstrike", "shelling",
               "ambush", "bombing", "armed assault", "armed clash", "other")
#: Types one attack may be told with by turns ("the bomber blew himself up; the blast
#: killed five"); types of two families tell two attacks.
_FAMILIES = (frozenset({"bombing", "IED", "suicide bombing"}),
             frozenset({"armed assault", "armed clash", "ambush", "assassination"}))


def type_tier(a: str, b: str) -> int | None:
    """0 the same type, 1 one family, 2 one side unspecific ("other"); None when they contradict."""
    if a == b:
        return 0
    if "other" in (a, b):
        return 2
    if any(a in f and b in f for f in _FAMILIES):
        return 1
    return None


#: Variants one lexicon phrase may expand to; a bound on phrases of many inflected words.
_MAX_VARIANTS = 64


def inflected(pack: LanguagePack, phrases: list[str]) -> list[str]:
    """``phrases`` and every phrase made by putting other forms of their words
    (``inflections.toml``: "attack" → "attacked", "attacks", "attacking") in their place,
    so that a lexicon names each attack word once and matches it as text inflects it."""
    forms = pack.data("inflections").get("forms", {})
    out: dict[str, None] = {}
    for phrase in phrases:
        variants = [""]
        for word in phrase.split(" "):
            options = [word, *forms.get(word, ())]
            variants = [f"{v} {o}" if v else o for v in variants for o in options][:_MAX_VARIANTS]
        out.update(dict.fromkeys([phrase, *variants]))
    return list(out)


@cache
def _types(pack: LanguagePack) -> dict[str, list[str]]:
    return {tag: inflected(pack, words) for tag, words in pack.data("triggers").get("types", {}).items()}


@cache
def _not_attacks(pack: LanguagePack) -> tuple[str, ...]:
    return tuple(inflected(pack, pack.data("triggers").get("not_attacks", {}).get("phrases", [])))


@cache
def weak_words(pack: LanguagePack) -> frozenset[str]:
    """Attack words so often figurative that they need more than a country to make an event."""
    return frozenset(inflected(pack, pack.data("triggers").get("weak", {}).get("words", [])))


def find_triggers(text: str, pack: LanguagePack, start: int = 0, end: int | None = None) -> list[TriggerMention]:
    """Every attack word in normalised ``text[start:end]`` (a clause of it), in order,
    with the type it implies; the words around one are read within that span."""
    end = len(text) if end is None else end
    phrases = _not_attacks(pack)
    # "وقف إطلاق النار" (a ceasefire) holds "إطلاق النار" (gunfire): not an attack word there.
    blocked = [m.span() for m in term_pattern(pack, phrases).finditer(text, start, end)] if phrases else []
    return [TriggerMention(*found) for found in find_tagged(text, pack, _types(pack), start, end)
            if not within(found[0], found[1], blocked)
            and not _infinitive(text, start, found[0], found[2], pack)
            and not _modal(text, start, end, found[0], found[1], found[2], pack)
            and not _frame(text, start, found[0], pack)
            and not _death_without_killer(text, start, end, found[0], found[1], found[2], pack)]


@cache
def neutral_words(pack: LanguagePack) -> frozenset[str]:
    """Attack words that do not say anyone did it ([neutral] and [killing] of
    triggers.toml, in every form): an accident cue in their report explains them."""
    data = pack.data("triggers")
    return frozenset(inflected(pack, [*data.get("neutral", {}).get("words", []),
                                      *data.get("killing", {}).get("words", [])]))


def _death_without_killer(text: str, lo: int, hi: int, start: int, end: int, word: str,
                          pack: LanguagePack) -> bool:
    """A killing participle in the passive with no agent ("were killed when the roof
    fell", "172 civilians killed in the fighting") tells a death, not an attack; with an
    agent ("killed by gunmen") or an object ("gunmen killed a trader") it tells an attack."""
    grammar = pack.data("triggers").get("killing", {})
    if word.lower() not in grammar.get("participles", ()):
        return False
    following = _NEXT_WORD.match(text, end, hi)
    after = following.group(1).lower() if following else ""
    if after in grammar.get("agent", ()):
        return False
    if not after or after in grammar.get("no_object", ()):
        return True
    return _after_auxiliary(_words_before(text, lo, start), grammar)


def _words_before(text: str, lo: int, start: int) -> list[str]:
    """The (up to three) words right before ``start`` and after ``lo``, lower-cased."""
    return text[max(lo, start - 40):start].lower().split()[-3:]


def _after_auxiliary(before: list[str], grammar: dict) -> bool:
    """An auxiliary of ``grammar`` stands right before, with only adverbs between: words
    ending in its ``adverb_ending`` or listed in its ``adverbs`` ("were reportedly",
    "might soon")."""
    for w in reversed(before):
        if w in grammar.get("auxiliaries", ()):
            return True
        if not _adverb(w, grammar):
            return False
    return False


#: The word right after a trigger, if a word comes before any punctuation.
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'-]*|\d+)")


def _frame(text: str, lo: int, start: int, pack: LanguagePack) -> bool:
    """A definite attack word governed by a preposition of time ("during the fighting",
    "since the war") sets the time of something else: it tells no attack of its own."""
    frame = pack.data("triggers").get("frame", {})
    words = text[max(lo, start - 30):start].lower().split()
    return (len(words) >= 2 and words[-1] in frame.get("articles", ())
            and words[-2] in frame.get("prepositions", ()))


def _infinitive(text: str, lo: int, start: int, word: str, pack: LanguagePack) -> bool:
    """A bare verb after the infinitive marker ("ready to fight", "vowed to attack") names an
    act intended, urged or threatened, not one that happened."""
    grammar = pack.data("triggers").get("infinitive", {})
    marker = grammar.get("marker")
    if not marker or " " in word or word.lower().endswith(tuple(grammar.get("inflected", []))):
        return False
    before = text[max(lo, start - 20):start].split()
    return bool(before) and before[-1].lower() == marker


def _modal(text: str, lo: int, hi: int, start: int, end: int, word: str, pack: LanguagePack) -> bool:
    """An attack that may come: a bare verb after a modal ("could strike", "may soon
    attack"), a noun after an adjective of likelihood ("a possible attack") or said to be
    likely ("an attack on the metro during the holidays is likely"), or a new attack in
    what a modal verb governs ("it would answer any sanctions with a missile strike")."""
    grammar = pack.data("triggers").get("modal")
    if not grammar:
        return False
    before = _words_before(text, lo, start)
    if before and before[-1] in grammar.get("adjectives", ()):
        return True
    if _said_likely(text, end, hi, grammar, indefinite=bool(before) and before[-1] in grammar.get("indefinite", ())):
        return True
    if _governed(text, lo, start, grammar):
        return True
    if " " in word or word.lower().endswith(tuple(pack.data("triggers").get("infinitive", {}).get("inflected", []))):
        return False
    return _after_auxiliary(before, grammar)


def _said_likely(text: str, end: int, hi: int, grammar: dict, indefinite: bool) -> bool:
    """A copula and an adjective of likelihood follow the attack word in its clause, within
    ``reach`` words, adverbs allowed between them: the attack is the subject of "is likely".
    With an infinitive after it, only an attack not yet told is: "an attack is likely to
    come", but "the attack is likely to inflame tensions" speaks of what it will do."""
    words = [w.strip(".,;:!?") for w in text[end:hi].lower().split()[:grammar.get("reach", 0)]]
    copulas, likely = grammar.get("copulas", ()), grammar.get("predicative", ())
    for n, w in enumerate(words):
        if w in copulas:
            k = n + 1
            if k + 1 < len(words) and words[k] not in likely and _adverb(words[k], grammar):
                k += 1  # "is very likely", "seems increasingly possible"
            if k >= len(words) or words[k] not in likely:
                return False
            marker = grammar.get("infinitive_marker")
            return indefinite or not (marker and k + 1 < len(words) and words[k + 1] == marker)
    return False


def _governed(text: str, lo: int, start: int, grammar: dict) -> bool:
    """An indefinite attack noun ("a missile strike", "any attack") after a modal auxiliary
    in its clause, within ``reach`` words, with no subordinator between them that opens
    a clause of its own ("the toll could rise after a bomb ..."): an attack the modal's
    verb only speaks of."""
    before = text[lo:start].split()[-grammar.get("reach", 0):]
    if not before or before[-1].lower() not in grammar.get("indefinite", ()):
        return False
    for w in reversed(before[:-1]):
        if w[-1] in _PAUSES or w.lower() in grammar.get("subordinators", ()):
            return False  # a comma or a subordinator closes the modal's reach
        if w in grammar.get("auxiliaries", ()):
            return True  # as written: "May" is a month ("On 1 May 2020, a landmine ...")
    return False


_PAUSES = frozenset(",;:()\"")


def _adverb(word: str, grammar: dict) -> bool:
    ending = grammar.get("adverb_ending")
    return bool(ending and word.endswith(ending)) or word in grammar.get("adverbs", ())


def find_instruments(text: str, pack: LanguagePack, start: int = 0, end: int | None = None) -> list[TriggerMention]:
    """Weapons named in ``text[start:end]`` ("drones", "مسيرات"): they type an attack, never make one."""
    return [TriggerMention(*found)
            for found in find_tagged(text, pack, pack.data("triggers").get("instruments", {}), start, end)]


def find_cues(text: str, pack: LanguagePack, cue: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """Matches of one cue list (foiled, accident, separate, ...) in ``text[start:end]``."""
    pattern = _cue_pattern(pack, cue)
    return list(pattern.finditer(text, start, len(text) if end is None else end)) if pattern else []


def has_cue(text: str, pack: LanguagePack, cue: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds any word of one cue list."""
    pattern = _cue_pattern(pack, cue)
    return pattern is not None and pattern.search(text, start, len(text) if end is None else end) is not None


@cache
def _cue_pattern(pack: LanguagePack, cue: str) -> re.Pattern[str] | None:
    # By the list's name: every clause asks for a dozen lists, and keying the pattern
    # cache by a list's words hashed hundreds of words a question.
    words = pack.data("triggers").get("cues", {}).get(cue, [])
    return term_pattern(pack, words) if words else None


def best_type(types: list[str]) -> str:
    """The most specific of several implied types; "other" when there are none."""
    for t in EVENT_TYPES:
        if t in types:
            return t
    return "other"
