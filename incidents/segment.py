"""Sentence splitting with offsets, driven by the language pack's abbreviations.

News text breaks at ``.``, ``!``, ``?``, ``؟`` and line ends; a full stop after
a known abbreviation ("U.S.", "Sept.", "Lt.") or an initial does not end a
sentence, nor does one inside a number ("1.5").
"""
from __future__ import annotations

import re

from .lang import LanguagePack

__all__ = ["sentences", "clauses"]

# A stop ends a sentence before whitespace, and in run-on text ('said."The', 'dead.Officials')
# before a capital, with citation markers ('.[1]') read with it. A line end ends one too,
# unless it only wraps a sentence: see _wrapped.
_BREAK = re.compile(r"[.!?؟]+[\"')\]»”’]*(?:\[\d{1,3}\])*(?=\s|[\"'“‘]?[A-Z])|\n+")


def sentences(text: str, pack: LanguagePack) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, whitespace trimmed, in order."""
    abbreviations = set(pack.data("segment").get("abbreviations", []))
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(text):
        if m.group() == "\n" and _wrapped(text, m.start()):
            continue
        if m.group().startswith(".") and len(m.group()) == 1:
            word = text[max(0, text.rfind(" ", 0, m.start()) + 1) : m.start()]
            bare = word.lstrip("(\"'").lower()
            if bare + "." in abbreviations or (len(bare) == 1 and bare.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):
                continue
        _add(text, start, m.end(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _wrapped(text: str, at: int) -> bool:
    """Whether the line end at ``at`` only wraps a sentence: the line before ends in a
    word or a comma and the next starts with a small letter (only cased scripts tell)."""
    before = text[:at].rstrip(" \t")[-1:]
    after = text[at + 1:].lstrip(" \t")[:1]
    return bool(before) and (before.isalnum() or before == ",") and after.islower()


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def clauses(text: str, start: int, end: int, pack: LanguagePack) -> list[tuple[int, int]]:
    """The clauses of the sentence ``text[start:end]``: it breaks where the pack's
    ``clause_breaks`` say another statement begins ("; ", ", while ", "، فيما ")."""
    breaks = pack.data("segment").get("clause_breaks", [])
    if not breaks:
        return [(start, end)]
    cuts = sorted({m.start() for m in re.finditer("|".join(breaks), text[start:end])})
    spans: list[tuple[int, int]] = []
    a = start
    for cut in cuts:
        _add(text, a, start + cut, spans)
        a = start + cut
    _add(text, a, end, spans)
    return spans

