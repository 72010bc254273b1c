"""One normalisation for report text and for language data alike.

Matching happens on the normalised text; every normalised character remembers
the offset of the original character it came from, so evidence and surface text
are always cut from what the report really says.

What is folded (for every language, since it only touches the characters named):
- Unicode NFC;
- Arabic diacritics (harakat, tanween, shadda, sukun, superscript alef) and the
  tatweel are removed;
- Arabic letter variants are folded: أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي,
  Persian ی → ي and ک → ك;
- Arabic-Indic (٠-٩) and Persian (۰-۹) digits become ASCII, the Arabic thousands
  separator ٬ becomes "," and the decimal separator ٫ becomes ".";
- typographic apostrophes and dashes become ASCII, no-break and other spaces a space;
- an Arabic letter written against a digit gets a space between them ("في12 مارس2016").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalized", "normalize", "fold"]

_DROP = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"}

_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك", "ې": "ي",
    "٬": ",", "٫": ".",
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)
_TABLE = str.maketrans({**_MAP, **dict.fromkeys(_DROP)})


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, for each of its characters, the original offset."""

    text: str
    original: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if start >= end:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def surface(self, start: int, end: int) -> str:
        """The original words behind a span of the normalised text."""
        a, b = self.span(start, end)
        return self.original[a:b]


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching, keeping a map back to it."""
    # NFC first: composition changes lengths, so offsets refer to the NFC form,
    # which is also what readers hand over (they NFC the text they read).
    original = unicodedata.normalize("NFC", text)
    # One translation drops and folds every character at C speed; only dropped
    # characters and letters glued to digits make the offsets more than 0, 1, 2, ...
    folded = original.translate(_TABLE)
    if len(folded) == len(original):
        offsets = range(len(original) + 1)
    else:
        offsets = [i for i, ch in enumerate(original) if ch not in _DROP]
        offsets.append(len(original))
    glued = [m.start() for m in _GLUED.finditer(folded)]
    if not glued:
        return Normalized(folded, original, tuple(offsets))
    # "في12 مارس2016": Arabic writes a preposition or a month against a number; a space
    # between them lets every word and number be read as it is. The article stays on its
    # number: "الـ50" is one word, "the fifty".
    parts, spans, spaced = [], [], set()
    last = 0
    for j in glued:
        if folded[j - 2:j] == "ال" and (j == 2 or folded[j - 3] in " \n" or j - 2 in spaced):
            continue
        parts.append(folded[last:j])
        spans += (offsets[last:j], (offsets[j],))  # the space maps to the character after it
        spaced.add(j)
        last = j
    parts.append(folded[last:])
    spans.append(offsets[last:])
    return Normalized(" ".join(parts), original, tuple(i for span in spans for i in span))


#: A letter and a digit written against each other, either way round; the match starts
#: at the second of the two.
_GLUED = re.compile(r"(?<=[\u0621-\u064a])(?=[0-9])|(?<=[0-9])(?=[\u0621-\u064a])")


def fold(text: str) -> str:
    """The normalised form of ``text`` alone (for lexicon entries and lookups)."""
    return normalize(text).text
