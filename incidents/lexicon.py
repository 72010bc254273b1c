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

__all__ = ["term_pattern", "find_tagged"]


def _affixes(pack: LanguagePack) -> tuple[str, str]:
    lang = pack.data("language")
    return lang.get("word_prefix", ""), lang.get("word_suffix", "")


def _alternation(terms: list[str]) -> str:
    """One regular expression for all ``terms``, shaped as a trie of their letters.

    A flat alternation of a few hundred words is tried word by word at every
    character (a tenth of the extraction time); the trie tries each letter once.
    Its quantifiers are greedy, so at one place the longest term wins ("suicide car
    bomb" over "car bomb"), as a flat alternation sorted longest first would do.
    """
    trie: dict = {}
    for term in {t for t in terms if t}:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [_char(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    # A term ends here and a longer one may go on: one character takes the "?" itself.
    single = len(body) == 1 or (len(body) == 2 and body[0] == "\\")
    return body + "?" if single else "(?:" + body + ")?"


def _char(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


@lru_cache(maxsize=256)
def _compile(prefix: str, suffix: str, body: str) -> re.Pattern[str]:
    # The prefix is lazy: "الحشد الشعبي" must match as the whole listed phrase
    # before "ال" is taken for the article of the shorter entry "حشد".
    lead = f"(?:{prefix})??" if prefix else ""
    return re.compile(rf"(?<!\w){lead}(?P<term>{body}){suffix}(?!\w)", re.IGNORECASE)


def term_pattern(pack: LanguagePack, terms: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of ``terms`` as whole words; group ``term`` is the bare word."""
    return _term_pattern(pack, tuple(terms))


@lru_cache(maxsize=1024)
def _term_pattern(pack: LanguagePack, terms: tuple[str, ...]) -> re.Pattern[str]:
    # Keyed by the terms themselves: escaping every term on every call cost a tenth of
    # the extraction time.
    prefix, suffix = _affixes(pack)
    return _compile(prefix, suffix, _alternation(list(terms)))


def find_tagged(text: str, pack: LanguagePack, table: dict[str, list[str]]) -> list[tuple[int, int, str, str]]:
    """(start, end, word, tag) of every word of ``{tag: [words]}`` found in ``text``.

    The pattern and the word → tag map are built once per table: pack tables live as
    long as their pack, so the table itself is the cache key.
    """
    if not table:
        return []
    cached = _TAGGED.get(id(table))
    if cached is None or cached[0] is not table:
        tag_of: dict[str, str] = {}
        for tag, words in table.items():
            for w in words:
                tag_of.setdefault(_key(w), tag)
        cached = _TAGGED[id(table)] = (table, term_pattern(pack, list(tag_of)), tag_of)
    _, pattern, tag_of = cached
    return [(m.start("term"), m.end("term"), m.group("term"), tag_of[_key(m.group("term"))])
            for m in pattern.finditer(text)]


_TAGGED: dict[int, tuple[dict, re.Pattern[str], dict[str, str]]] = {}


def _key(word: str) -> str:
    return " ".join(word.lower().split())
