"""Turn a language pack's word lists into compiled patterns.

Lexicons list words as written; the pack's ``language.toml`` says how a word
may be dressed in running text (Arabic proclitics such as و، ف، ب، ل، ك and the
article ال in front, pronoun and plural endings behind), so each list stays a
list of words rather than a list of regular expressions.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lang import LanguagePack

__all__ = ["term_pattern", "tagged_pattern", "tag_for"]


def _affixes(pack: LanguagePack) -> tuple[str, str]:
    lang = pack.data("language")
    return lang.get("word_prefix", ""), lang.get("word_suffix", "")


def _alternation(terms: list[str]) -> str:
    # Longest first, so "suicide car bomb" wins over "car bomb" at the same place.
    ordered = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    return "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in ordered)


@lru_cache(maxsize=256)
def _compile(prefix: str, suffix: str, body: str) -> re.Pattern[str]:
    # The prefix is lazy: "الحشد الشعبي" must match as the whole listed phrase
    # before "ال" is taken for the article of the shorter entry "حشد".
    lead = f"(?:{prefix})??" if prefix else ""
    return re.compile(rf"(?<!\w){lead}(?P<term>{body}){suffix}(?!\w)", re.IGNORECASE)


def term_pattern(pack: LanguagePack, terms: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of ``terms`` as whole words; group ``term`` is the bare word."""
    prefix, suffix = _affixes(pack)
    return _compile(prefix, suffix, _alternation(list(terms)))


def tagged_pattern(pack: LanguagePack, table: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over every word of ``{tag: [words]}`` plus a map word → tag."""
    tag_of: dict[str, str] = {}
    for tag, words in table.items():
        for w in words:
            tag_of.setdefault(_key(w), tag)
    return term_pattern(pack, list(tag_of)), tag_of


def _key(word: str) -> str:
    return " ".join(word.lower().split())


def tag_for(match: re.Match[str], tag_of: dict[str, str]) -> str:
    """The tag of the word a :func:`tagged_pattern` match found."""
    return tag_of[_key(match.group("term"))]
