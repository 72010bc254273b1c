"""Turn a language pack's word lists into compiled patterns.

Lexicons list words as written; the pack's ``language.toml`` says how a word
may be dressed in running text (Arabic proclitics such as و، ف، ب، ل، ك and the
article ال in front, pronoun and plural endings behind), so each list stays a
list of words rather than a list of regular expressions.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .lang import LanguagePack

__all__ = ["alternation", "term_pattern", "find_tagged", "within"]


def _affixes(pack: LanguagePack) -> tuple[str, str]:
    lang = pack.data("language")
    return lang.get("word_prefix", ""), lang.get("word_suffix", "")


def alternation(terms: list[str]) -> str:
    """One regular expression for all ``terms``, shaped as a trie of their letters; a
    space in a term matches any run of whitespace, a tab an optional run.

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
    # A space between words is any run of whitespace; a tab, an optional one.
    return r"\s+" if ch == " " else r"\s*" if ch == "\t" else re.escape(ch)


@lru_cache(maxsize=256)
def _compile(prefix: str, suffix: str, body: str) -> re.Pattern[str]:
    # The prefix is lazy: "الحشد الشعبي" must match as the whole listed phrase
    # before "ال" is taken for the article of the shorter entry "حشد".
    lead = f"(?:{prefix})??" if prefix else ""
    return re.compile(rf"(?<!\w){lead}(?P<term>{body}){suffix}(?!\w)", re.IGNORECASE)


def term_pattern(pack: LanguagePack, terms: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of ``terms`` as whole words; group ``term`` is the bare word."""
    # A pack's lists live as long as the pack, and callers ask for the same list once a
    # clause: by the list's identity that costs one look-up, where hashing its words cost
    # as much as the search. The memo holds the list, so its id stays its own.
    hit = _BY_LIST.get(id(terms))
    if hit is not None and hit[0] is terms and hit[1] is pack:
        return hit[2]
    pattern = _term_pattern(pack, tuple(terms))
    if len(_BY_LIST) < 1024:
        _BY_LIST[id(terms)] = (terms, pack, pattern)
    return pattern


_BY_LIST: dict[int, tuple] = {}


@lru_cache(maxsize=1024)
def _term_pattern(pack: LanguagePack, terms: tuple[str, ...]) -> re.Pattern[str]:
    # Keyed by the terms themselves: escaping every term on every call cost a tenth of
    # the extraction time.
    prefix, suffix = _affixes(pack)
    return _compile(prefix, suffix, alternation(list(terms)))


#: In a lexicon phrase, words the text may put between its parts: "fired … at" is
#: "fired three rounds at", "أطلق … النار" is "أطلقت مجموعة مجهولة النار".
GAP = "…"
#: What a gap may hold: one to four words, within one clause.
_GAP_WORDS = r"[^\s.,;:!?؟،؛]+(?:\s+[^\s.,;:!?؟،؛]+){0,3}?"


def find_tagged(text: str, pack: LanguagePack, table: dict[str, list[str]], start: int = 0,
                end: int | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, words, tag) of every phrase of ``{tag: [phrases]}`` found in
    ``text[start:end]``, at offsets into ``text``; a phrase with a gap (:data:`GAP`) spans
    the words it lets in, and a phrase found inside a longer one is not found again.

    The patterns and the phrase → tag map are built once per table: pack tables live as
    long as their pack, so the table itself is the cache key.
    """
    if not table:
        return []
    cached = _TAGGED.get(id(table))
    if cached is None or cached[0] is not table:
        tag_of: dict[str, str] = {}
        gapped: dict[str, str] = {}
        for tag, words in table.items():
            for w in words:
                (gapped if GAP in w else tag_of).setdefault(_key(w), tag)
        cached = _TAGGED[id(table)] = (table, term_pattern(pack, list(tag_of)), tag_of,
                                       _gapped_pattern(pack, list(gapped)), _openings(pack, list(gapped)),
                                       list(gapped.values()))
    _, pattern, tag_of, spanning, openings, tags = cached
    end = len(text) if end is None else end
    found = [(m.start("term"), m.end("term"), m.group("term"), tag_of[_key(m.group("term"))])
             for m in pattern.finditer(text, start, end)]
    if spanning is None:
        return found
    wide = [(m.start("term"), m.end("term"), m.group("term"), tags[_branch(m)])
            for m in _gapped_matches(text, spanning, openings, start, end)]
    if not wide:
        return found
    return sorted([f for f in found if not within(f[0], f[1], wide)] + wide)


def within(start: int, end: int, spans: list) -> bool:
    """Whether ``spans`` (sorted, not overlapping: what ``finditer`` gives), one of them
    holds ``start``–``end``. Only the last one starting at or before ``start`` can."""
    k = bisect_right(spans, (start, _AFTER_ANY)) - 1
    return k >= 0 and end <= spans[k][1]


#: Compares after any second field, so that a bisection by (start,) finds spans starting there.
_AFTER_ANY = float("inf")


def _gapped_matches(text: str, pattern: re.Pattern[str], openings: re.Pattern[str], start: int = 0,
                    end: int | None = None):
    """What ``pattern.finditer(text, start, end)`` finds, tried only where a phrase's first
    part opens.

    The gapped phrases are an alternation of branches that backtrack over the gap, tried
    at every character they were forty times slower than every other lexicon together.
    ``openings`` finds (zero-width, so overlapping) every place a first part starts; the
    next match of ``finditer`` is the first of those at or after the last match's end
    where the pattern matches, since it can match nowhere else.
    """
    end = len(text) if end is None else end
    resume = start
    for o in openings.finditer(text, start, end):
        if o.start() < resume:
            continue
        m = pattern.match(text, o.start(), end)
        if m is not None:
            yield m
            resume = m.end()


def _openings(pack: LanguagePack, phrases: list[str]) -> re.Pattern[str] | None:
    """A zero-width pattern at every place where the first part of a gapped phrase starts."""
    if not phrases:
        return None
    prefix, _ = _affixes(pack)
    lead = f"(?:{prefix})??" if prefix else ""
    return re.compile(rf"(?<!\w)(?={lead}{alternation([p.split(GAP)[0].strip() for p in phrases])})",
                      re.IGNORECASE)


def _gapped_pattern(pack: LanguagePack, phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern for the phrases with a gap; the group ``g<n>`` that matched names the phrase."""
    if not phrases:
        return None
    branches = []
    for n, phrase in enumerate(phrases):
        parts = [alternation([part.strip()]) for part in phrase.split(GAP)]
        branches.append(f"(?P<g{n}>" + rf"\s+{_GAP_WORDS}\s+".join(parts) + ")")
    prefix, suffix = _affixes(pack)
    return _compile(prefix, suffix, "|".join(branches))


def _branch(m: re.Match[str]) -> int:
    return next(int(name[1:]) for name, value in m.groupdict().items() if value is not None and name != "term")


_TAGGED: dict[int, tuple] = {}


def _key(word: str) -> str:
    return " ".join(word.lower().split())
