"""One report, read once: its normalised text and what every detector shares.

Each clause used to be cut out of the report, tokenised again, searched, and what was
found in it moved back by the clause's start. A :class:`Doc` holds the normalised text
(with its map back to the original), the tokens of the whole text with their clitic
stems, and the sentences and clauses as spans. Detectors read a span of it, and every
offset they give is an offset into the text.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .lang import LanguagePack
from .normalize import Normalized
from .numbers import Token, tokenize
from .segment import clauses, sentences

__all__ = ["Doc", "Span"]


@dataclass(frozen=True, slots=True)
class Span:
    """A clause: its bounds, and the bounds of the sentence it belongs to."""

    start: int
    end: int
    sentence: tuple[int, int]

    @property
    def last(self) -> bool:
        """Whether the clause ends its sentence."""
        return self.end == self.sentence[1]


class Doc:
    """A report's normalised text, tokenised once, with its clauses."""

    def __init__(self, norm: Normalized, pack: LanguagePack):
        self.norm = norm
        self.text = norm.text
        self.pack = pack
        self.tokens: list[Token] = tokenize(self.text, pack)
        self._starts = [t.start for t in self.tokens]
        self._clauses: list[Span] | None = None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens of ``text[start:end]``. Sentences and clauses end where no token
        goes on, so a clause's tokens are those its text alone would give."""
        return self.tokens[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    @property
    def clauses(self) -> list[Span]:
        """Every clause of every sentence, in order."""
        if self._clauses is None:
            self._clauses = [Span(a, b, (sa, sb)) for sa, sb in sentences(self.text, self.pack)
                             for a, b in clauses(self.text, sa, sb, self.pack)]
        return self._clauses
