"""Numbers as reports write them: digits, number words, vague amounts, qualifiers.

Works on normalised text (see :mod:`incidents.normalize`); the words of each
language are in ``lang/<code>/numbers.toml``. A mention keeps the figure as
written in ``value`` and the range the wording allows in ``low``..``high``
(``None`` = no bound):

=========================================================  =====  ======  ======
wording                                                    value  low     high
=========================================================  =====  ======  ======
exact: "12", "twelve", "1,200", "اثنا عشر", "مئتين"        N      N       N
at least: "at least N", "N or more", "ما لا يقل عن N",
"على الأقل"                                                N      N       None
more than: "more than N", "over N", "أكثر من N"            N      N+1     None
fewer than: "less/fewer than N", "أقل من N"                N      None    N-1
negated fewer than: "did not lose fewer than N",
"لم يخسر أقل من N" (read as at least)                     N      N       None
at most: "up to N", "as many as N", "no more than N",
"ما يصل إلى N"                                             N      None    N
nearly: "nearly N", "almost N", "close to N", "قرابة N",
"ما يقرب من N"                                             N      None    N
about: "about N", "around N", "some N", "an estimated N",
"N or so", "نحو"، "حوالي"، "زهاء"، "ما يقارب"، "N تقريبا"  N      None    None
range: "N or M", "N to M", "between N and M", "N أو M",
"بين N و M" (M > N)                                        N      N       M
vague: "several", "dozens", "scores", "hundreds", "عدة"،
"عشرات"، "مئات" (table below)                              None   floor   ceiling
=========================================================  =====  ======  ======

``value`` is always the figure as written, so "at least 12", "more than 12" and
"about 12" all have value 12; the qualifier shows only in the range. A range
takes its lower end as value. Vague amounts have ``vague=True``, value None and
the range from the ``[vague]`` table of the pack; the floor is the least the
wording allows ("dozens" is at least two dozen), so a consumer that must code one
figure can take ``low`` as the conservative reading, as ACLED does:

==================================================  =====  =====
amount                                              low    high
==================================================  =====  =====
a few, a handful, بضعة                              2      9
a couple of                                         2      3
a number of, عدد من                                 2      None
several, عدة                                        3      None
many, numerous, عدد كبير، العديد من                 10     None
dozens, several dozen, عشرات (Arabic "tens": 20)    24     99
scores                                              40     None
hundreds, several hundred, مئات                     200    999
thousands, آلاف                                     2000   None
==================================================  =====  =====

A qualifier on a vague amount opens the matching side: "at least dozens" has
high None.

Not numbers here: times ("9:32"), dates written with "-" or "/" ("01-06-2026",
"9/11"), codes with letters ("F-16", "F15", "AK-47", "1st") and decimals that no
multiplier follows ("1.5"; but "1.5 million" is 1500000). "1.200" is read as a
decimal, not as 1200: only "," separates thousands. Whether a number counts
people (and not years, money or missiles) is for :mod:`incidents.counts`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lang import LanguagePack

__all__ = ["NumberMention", "Phrases", "Token", "Word", "tokenize", "find_numbers", "match_phrase", "phrase_key"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number in the text, with the range its wording allows."""

    start: int
    end: int
    text: str
    value: int | None  # the figure as written; None for vague amounts
    low: int | None
    high: int | None
    vague: bool = False


@dataclass(frozen=True, slots=True)
class Token:
    """A word, a number or a punctuation mark, lower-cased."""

    start: int
    end: int
    text: str
    stems: tuple[str, ...]  # text, then text without each clitic prefix it starts with

    @property
    def is_digits(self) -> bool:
        # isdecimal, not isdigit: "²" and "①" are digits but no figure ("10²" is no count).
        return self.text[0].isdecimal()

    def match(self, words) -> int | None:
        """Length of the clitic to cut for the token to be one of ``words`` (None: it is not)."""
        for stem in self.stems:
            if stem in words:
                return len(self.text) - len(stem)
        return None


# An abbreviation written with full stops ("U.S.", "U.N.") is one word, so that it stands
# between a figure and its noun as any modifier does ("three U.S. contractors").
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|(?:[^\W\d_]\.){2,}"
                    r"|[^\W\d_]+(?:['\-][^\W\d_]+)*|[^\w\s]")


def tokenize(text: str, pack: LanguagePack) -> list[Token]:
    """Split normalised text into tokens, with the clitic-free stems of each word."""
    g = _grammar(pack)
    known = g.stems
    out = []
    for m in _TOKEN.finditer(text):
        low = m.group().lower()
        if m.group().isupper() and len(low) > 1 and low.isalpha() and _amid_lowercase(text, m.start(), m.end()):
            # Capitals amid small letters write an acronym ("5 IS militants were killed"),
            # not the word they spell ("is"); a headline in capitals is words.
            low = m.group()
        stems = known.get(low)
        if stems is None:
            stems = [low]
            for c in g.clitics:
                if low.startswith(c) and len(low) - len(c) >= 2:
                    stems.append(low[len(c):])
            stems = tuple(dict.fromkeys(stems))
            if len(known) < 200_000:
                known[low] = stems
        out.append(Token(m.start(), m.end(), low, stems))
    return out


def _amid_lowercase(text: str, start: int, end: int) -> bool:
    return any(ch.islower() for ch in text[max(0, start - _CASE_REACH):end + _CASE_REACH])


#: How far around a word in capitals to look for small letters.
_CASE_REACH = 12


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a lexicon phrase, as it may appear with clitics in the text."""

    text: str
    prefix: str = ""  # a clitic the entry itself starts with ("و" of "وجرحى")
    rest: str = ""  # the entry without it

    def cut(self, tok: Token) -> int | None:
        """Length of the clitics before the word in ``tok`` (None: ``tok`` is another word).

        "جرحى" matches "والجرحى" (cut 3); "وجرحى" matches it too, its own و included
        (cut 0), but "فأكثر" does not match "وأكثر".
        """
        if self.text in tok.stems:
            return len(tok.text) - len(self.text)
        if self.prefix and tok.text.startswith(self.prefix) and self.rest in tok.stems:
            return 0
        return None


def match_phrase(tokens: list[Token], i: int, phrase: tuple[Word, ...]) -> int | None:
    """Index after ``phrase`` when it starts at token ``i``."""
    if i + len(phrase) > len(tokens):
        return None
    for k, word in enumerate(phrase):
        if word.cut(tokens[i + k]) is None:
            return None
    return i + len(phrase)


class Phrases(list):
    """Lexicon entries ``(key, *payload)`` in priority order, the longest key first (a
    stable sort, so equals keep the order given), indexed by the stems of their first
    and last words.

    A scan of every entry at every token cost more than half of the extraction time;
    the index tries only the entries whose first (or last) word the token can be, in
    the same order, so the answer is that of the scan.
    """

    def __init__(self, entries=()):
        super().__init__(sorted(entries, key=lambda entry: -len(entry[0])))
        self._first: dict[str, list[int]] = {}
        self._last: dict[str, list[int]] = {}
        for n, entry in enumerate(self):
            for index, word in ((self._first, entry[0][0]), (self._last, entry[0][-1])):
                for form in {word.text, word.rest}:
                    index.setdefault(form, []).append(n)
        self._seen_first: dict[str, tuple[int, ...]] = {}
        self._seen_last: dict[str, tuple[int, ...]] = {}

    def _candidates(self, tok: Token, last: bool) -> tuple[int, ...]:
        # A token's stems follow from its text, so the text keys the memo.
        seen = self._seen_last if last else self._seen_first
        found = seen.get(tok.text)
        if found is None:
            index = self._last if last else self._first
            found = tuple(sorted({n for stem in tok.stems for n in index.get(stem, ())}))
            if len(seen) < 50_000:
                seen[tok.text] = found
        return found

    def matches(self, toks: list[Token], i: int):
        """(entry, index after it) of every entry starting at token ``i``, in priority order."""
        if i >= len(toks):
            return
        for n in self._candidates(toks[i], last=False):
            entry = self[n]
            end = match_phrase(toks, i, entry[0])
            if end is not None:
                yield entry, end

    def at(self, toks: list[Token], i: int):
        """(entry, index after it) of the first entry starting at token ``i``, or None."""
        # The loop of matches() written out: this runs millions of times a corpus, and
        # a generator per call cost a tenth of its time.
        if i >= len(toks):
            return None
        tok = toks[i]
        found = self._seen_first.get(tok.text)
        if found is None:
            found = self._candidates(tok, last=False)
        for n in found:
            entry = self[n]
            end = match_phrase(toks, i, entry[0])
            if end is not None:
                return entry, end
        return None

    def ending(self, toks: list[Token], end: int):
        """(entry, start index) of the first entry whose last token is ``end - 1``, or None."""
        if end <= 0 or end > len(toks):
            return None
        for n in self._candidates(toks[end - 1], last=True):
            entry = self[n]
            start = end - len(entry[0])
            if start >= 0 and match_phrase(toks, start, entry[0]) == end:
                return entry, start
        return None


def phrase_key(text: str, clitics: tuple[str, ...]) -> tuple[Word, ...]:
    """A lexicon phrase as words to match against tokens."""
    key = []
    for word in text.lower().split():
        prefix = next((c for c in clitics if word.startswith(c) and len(word) - len(c) >= 2), "")
        key.append(Word(word, prefix, word[len(prefix):]))
    return tuple(key)


@dataclass(frozen=True)
class _Grammar:
    clitics: tuple[str, ...]
    words: dict  # word -> (kind, value)
    teen_suffix: frozenset
    articles: frozenset
    connectors: frozenset
    phrases: list  # (key, value), longest first
    vague: list  # (key, low, high), longest first
    qualifiers: list  # (key, kind), longest first
    postposed: list
    between: list
    range_and: frozenset
    range_or: frozenset
    not_after: frozenset
    negators: list
    negation_reach: int
    stems: dict  # word -> its stems, filled as words are met


@cache
def _grammar(pack: LanguagePack) -> _Grammar:
    data = pack.data("numbers")
    clitics = tuple(data.get("clitics", []))
    words: dict[str, tuple[str, int]] = {}
    for section, kind in (("units", "unit"), ("teens", "teen"), ("tens", "ten"), ("teen_units", "teen_unit"),
                          ("multipliers", "mult"), ("plural_multipliers", "plural_mult"), ("values", "value"),
                          ("dozens", "dozen")):
        for word, value in data.get(section, {}).items():
            words[word.lower()] = (kind, value)

    def qualifier_list(table):
        return Phrases((phrase_key(p, clitics), kind) for kind, ps in table.items() for p in ps)

    ranges = data.get("ranges", {})
    return _Grammar(
        clitics=clitics,
        words=words,
        teen_suffix=frozenset(data.get("teen_suffix", [])),
        articles=frozenset(data.get("articles", [])),
        connectors=frozenset(data.get("connectors", [])),
        phrases=Phrases([(phrase_key(p, clitics), v) for p, v in data.get("phrases", {}).items()]),
        vague=Phrases([(phrase_key(p, clitics), r.get("low"), r.get("high")) for p, r in data.get("vague", {}).items()]),
        qualifiers=qualifier_list(data.get("qualifiers", {})),
        postposed=qualifier_list(data.get("postposed", {})),
        between=Phrases([(phrase_key(p, clitics), "between") for p in ranges.get("between", [])]),
        range_and=frozenset(ranges.get("and", [])),
        range_or=frozenset(ranges.get("or", [])),
        not_after=frozenset(ranges.get("not_after", [])),
        negators=Phrases([(phrase_key(p, clitics), None) for p in data.get("negation", {}).get("words", [])]),
        negation_reach=data.get("negation", {}).get("reach", 0),
        stems={},
    )


def find_numbers(text: str, pack: LanguagePack, toks: list[Token] | None = None) -> list[NumberMention]:
    """Every number in normalised ``text``, left to right, without overlaps; ``toks`` are
    its tokens when the caller has them already."""
    g = _grammar(pack)
    if toks is None:
        toks = tokenize(text, pack)
    out = []
    i = 0
    while i < len(toks):
        found = _mention(toks, i, text, g)
        if found:
            out.append(found[0])
            i = found[1]
        else:
            i += 1
    return out


# A core is the number itself: (value, low, high, vague, start, end, next token index).
_Core = tuple[int | None, int | None, int | None, bool, int, int, int]


def _mention(toks: list[Token], i: int, text: str, g: _Grammar) -> tuple[NumberMention, int] | None:
    for table in (g.between, g.qualifiers):
        for (key, kind), j in table.matches(toks, i):
            core = _core(toks, _skip_clitic(toks, j, g), text, g)
            if core is None:
                continue
            start = toks[i].start + (key[0].cut(toks[i]) or 0)
            if kind == "between":
                return _range(toks, core, start, text, g, needs_and=True)
            value, low, high, vague, _, end, j = core
            if kind == "fewer_than" and _negated(toks, i, g):
                kind = "at_least"
            low, high = _qualify(kind, value, low, high)
            return NumberMention(start, end, text[start:end], value, low, high, vague), j
    core = _core(toks, _skip_clitic(toks, i, g), text, g)
    if core is None:
        return None
    before = toks[i - 1].match(g.not_after) if i else None
    ranged = None if before is not None else _range(toks, core, core[4], text, g, needs_and=False)
    if ranged:
        return ranged
    value, low, high, vague, start, end, j = core
    hit = g.postposed.at(toks, j)
    if hit is not None:
        (_, kind), k = hit
        low, high = _qualify(kind, value, low, high)
        end, j = toks[k - 1].end, k
    return NumberMention(start, end, text[start:end], value, low, high, vague), j


def _range(toks, core: _Core, start: int, text: str, g: _Grammar, needs_and: bool):
    """``core`` followed by "or"/"to"/"and" and a larger figure: a range (None when it is not one)."""
    value, _, _, vague, _, end, j = core
    if not vague and j < len(toks):
        joiner = g.range_and if needs_and else g.range_or
        k = j + 1 if toks[j].text in joiner else (j if needs_and and g.clitics else None)
        if k is not None:
            other = _core(toks, _skip_clitic(toks, k, g), text, g)
            if other and not other[3] and other[0] > value:
                end = other[5]
                return NumberMention(start, end, text[start:end], value, value, other[0]), other[6]
    if needs_and:
        _, low, high, vague, cstart, end, j = core
        return NumberMention(cstart, end, text[cstart:end], value, low, high, vague), j
    return None


def _qualify(kind: str, value: int | None, low: int | None, high: int | None) -> tuple[int | None, int | None]:
    """The range that a qualifier gives a figure (see the module table)."""
    if value is None:  # vague amount: the qualifier only opens one side
        if kind in ("at_least", "more_than"):
            return low, None
        if kind in ("fewer_than", "at_most", "nearly"):
            return None, high
        return low, high
    return {
        "at_least": (value, None),
        "more_than": (value + 1, None),
        "fewer_than": (None, value - 1),
        "at_most": (None, value),
        "nearly": (None, value),
        "about": (None, None),
    }[kind]


def _negated(toks: list[Token], i: int, g: _Grammar) -> bool:
    """A negator shortly before token ``i``, with no punctuation between ("not fewer than" is "at least")."""
    for k in range(i - 1, max(-1, i - 1 - g.negation_reach), -1):
        if not toks[k].text[0].isalnum():
            return False
        if g.negators.at(toks, k) is not None:
            return True
    return False


def _skip_clitic(toks: list[Token], i: int, g: _Grammar) -> int:
    """Step over a clitic written on its own right before digits ("و31", "الـ50")."""
    if (i + 1 < len(toks) and toks[i].text in g.clitics and toks[i].end == toks[i + 1].start
            and toks[i + 1].is_digits):
        return i + 1
    return i


def _core(toks: list[Token], i: int, text: str, g: _Grammar) -> _Core | None:
    if i >= len(toks):
        return None
    hit = g.phrases.at(toks, i)
    if hit is not None:
        (_, value), j = hit
        return value, value, value, False, toks[i].start, toks[j - 1].end, j
    hit = g.vague.at(toks, i)
    if hit is not None:
        (key, low, high), j = hit
        start = toks[i].start + (key[0].cut(toks[i]) or 0)
        return None, low, high, True, start, toks[j - 1].end, j
    if toks[i].is_digits:
        return _digits(toks, i, text, g)
    return _words(toks, i, g)


def _digits(toks: list[Token], i: int, text: str, g: _Grammar) -> _Core | None:
    tok = toks[i]
    before, after = text[max(0, tok.start - 2):tok.start], text[tok.end:tok.end + 2]
    if (after[:1] in (":", "/", "-") and after[1:2].isdigit()) or (before[-1:] in (":", "/", "-") and before[:1].isdigit()):
        return None  # a time or a date
    if (after[:1].isascii() and after[:1].isalpha()) or (before[-1:].isascii() and before[-1:].isalpha()):
        return None  # a code or an ordinal: F15, 5M, 1st
    if before[-1:] == "-" and before[:1].isalpha():
        return None  # F-16, AK-47
    number = float(tok.text.replace(",", ""))
    j = i + 1
    if j < len(toks):
        kind, mult = g.words.get(toks[j].text, (None, 0))
        if kind in ("mult", "plural_mult") and mult >= 1000:
            number, j = number * mult, j + 1
    if number != int(number):
        return None
    value = int(number)
    return value, value, value, False, tok.start, toks[j - 1].end, j


def _word(tok: Token, g: _Grammar, first: bool) -> tuple[str, int, bool, int] | None:
    """(kind, value, joined by a connector, clitic length) of a number word, or None."""
    if tok.text in g.words:
        return (*g.words[tok.text], False, 0)
    for stem in tok.stems[1:]:
        if stem in g.words:
            cut = len(tok.text) - len(stem)
            joined = tok.text[:cut] in g.connectors
            if first or joined:
                return (*g.words[stem], joined and not first, cut)
    return None


def _words(toks: list[Token], i: int, g: _Grammar) -> _Core | None:
    """Number words, from "one" to "two thousand five hundred and six" or "ثلاثة وعشرون ألفا"."""
    state = (0, 0, None)  # total, current, kind of the last part read
    start = end = None
    j = next_j = i
    pending = False  # a connector word was read ("and")
    while j < len(toks):
        tok = toks[j]
        last = state[2]
        if last is None and tok.text in g.articles:
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            if nxt and g.words.get(nxt.text, ("",))[0] in ("mult", "dozen"):
                state, start, j = (0, 1, "unit"), tok.start, j + 1
                continue
            break
        if last is not None and tok.text in g.connectors and not pending:
            pending, j = True, j + 1
            continue
        if "-" in tok.text:  # "twenty-three": every part must be a number word
            parts = tok.text.split("-")
            if not all(p in g.words for p in parts):
                break
            read = [(*g.words[p], False, 0) for p in parts]
        else:
            word = _word(tok, g, first=last is None)
            if word is None:
                break
            read = [word]
        new = state
        for kind, value, joined, cut in read:
            joined = joined or pending
            suffix = j + 1 < len(toks) and toks[j + 1].text in g.teen_suffix and len(read) == 1
            if kind == "teen_unit" or (kind == "unit" and value < 10 and suffix):
                new = _step(new, "teen", value + 10, joined) if suffix else None
                if new is not None:
                    j += 1  # the suffix is read with its unit
            else:
                new = _step(new, kind, value, joined)
            if new is None:
                break
            if start is None:
                start = tok.start + cut
        if new is None:
            break
        state, pending = new, False
        end, j = toks[j].end, j + 1
        next_j = j
        if state[2] == "dozen":
            break
    if start is None or end is None:
        return None
    value = state[0] + state[1]
    return value, value, value, False, start, end, next_j


def _step(state, kind: str, value: int, joined: bool):
    """Add one part to (total, current, last kind); None when it cannot follow."""
    total, current, last = state
    big = ("mult", "plural_mult", "value")
    if kind in ("unit", "teen"):
        if last is None or (last in big and (joined or current % 100 == 0)) or (
                kind == "unit" and last == "ten" and not joined and current % 10 == 0):
            return total, current + value, kind
        return None
    if kind == "ten":
        if last is None or (last in big and (joined or current % 100 == 0)) or (last == "unit" and joined and current < 10):
            return total, current + value, "ten"
        return None
    if kind == "dozen":
        if last is None or (last == "unit" and not joined and current <= 10):
            return total, (current or 1) * value, "dozen"
        return None
    if kind in ("mult", "plural_mult"):
        if joined:
            return None
        if value < 1000:  # hundred
            if last in ("unit", "teen", "ten") and 0 < current < 100:
                return total, current * value, "mult"
            if last is None and kind == "mult":
                return total, value, "mult"
            return None
        if last in ("unit", "teen", "ten", "mult", "value") and current:
            return total + current * value, 0, kind
        if last is None and kind == "mult":
            return total + value, 0, "mult"
        return None
    if kind == "value":
        if last is None or (joined and last in big and value < max(current, total, 1)):
            if value >= 1000:
                return total + value, current, "value"
            return total, current + value, "value"
        return None
    return None
