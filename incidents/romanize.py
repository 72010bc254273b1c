"""Romanise a name the gazetteer lacks, so the English ``location`` can still name it.

The rules live in the language pack (``romanization.toml``): a letter table, the
letters that are vowels, and how the weak letters (و، ي) read by position. Nothing
is guessed beyond the letters: no short vowels are added.
"""
from __future__ import annotations

import unicodedata
from functools import cache

from .lang import LanguagePack
from .normalize import fold

__all__ = ["romanize"]

_TATWEEL = "\u0640"


def romanize(name: str, pack: LanguagePack) -> str | None:
    """``name`` in Latin letters, each name word capitalised ("حلتا" → "Hlta", "الطيري"
    → "al-Tiri", "تل والقصر" → "Tal wa al-Qasr"); None when the pack has no
    romanisation or a letter is outside its table."""
    rules = _rules(pack)
    if not rules:
        return None
    words = []
    for word in name.split():
        word = "".join(ch for ch in word if not unicodedata.combining(ch) and ch != _TATWEEL)
        lead = ""
        article, conj = rules.get("article", {}), rules.get("and", {})
        al, wa = article.get("written", ""), conj.get("written", "")
        if al and wa and word.startswith(wa + al) and len(word) > len(wa + al) + 1:  # "and the ...", in a name
            lead, word = conj["latin"] + " ", word[len(wa):]
        if al and word.startswith(al) and len(word) > len(al) + 1:
            lead, word = lead + article["latin"], word[len(al):]
        spelt, prefixes = _spellings(pack)
        if fold(word) in spelt:
            words.append(lead + spelt[fold(word)])
            continue
        prefix = next((p for p in prefixes if fold(word).startswith(p) and len(word) > len(p) + 1), None)
        if prefix is not None:
            words.append(lead + prefixes[prefix])
            lead, word = "", word[len(prefix):]
        latin = _word(word, rules)
        if latin is None:
            return None
        if latin:
            words.append(lead + latin[:1].upper() + latin[1:])
    return " ".join(words) or None


@cache
def _rules(pack: LanguagePack) -> dict:
    return pack.raw("romanization")


@cache
def _spellings(pack: LanguagePack) -> tuple[dict[str, str], dict[str, str]]:
    """The [words] and [prefixes] tables keyed by folded spelling: "ابو" is "أبو"."""
    rules = _rules(pack)
    return ({fold(k): v for k, v in rules.get("words", {}).items()},
            {fold(k): v for k, v in rules.get("prefixes", {}).items()})


def _word(word: str, rules: dict) -> str | None:
    letters, vowels, weak = rules.get("letters", {}), rules.get("vowels", {}), rules.get("weak", {})
    out: list[str] = []
    vowel_before = False  # whether the sound before this letter is a vowel
    for i, ch in enumerate(word):
        if ch in weak:
            forms = weak[ch]
            nxt = word[i + 1] if i + 1 < len(word) else None
            if i == 0 or vowel_before:
                out.append(forms["consonant"])
                vowel_before = False
            elif nxt is None:
                out.append(forms["final"])
                vowel_before = True
            elif nxt in vowels:
                out.append(forms["before_vowel"])
                vowel_before = False
            elif nxt in weak and "before_weak" in forms:
                out.append(forms["before_weak"])  # "غويزة": the diminutive's w before ay
                vowel_before = False
            else:
                out.append(forms["medial"])
                vowel_before = True
        elif ch in vowels:
            out.append(vowels[ch])
            vowel_before = True
        elif ch in letters:
            out.append(letters[ch])
            vowel_before = False
        elif ch.isascii() and (ch.isalnum() or ch in "-'"):
            out.append(ch)
            vowel_before = ch.lower() in "aeiou"
        else:
            return None
    return "".join(out)
