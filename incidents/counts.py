"""Casualty figures: which numbers count the killed, the wounded or both.

Works on normalised text, one sentence or a short passage, with the words of
each language in ``lang/<code>/casualties.toml`` and the number grammar of
:mod:`incidents.numbers` (whose table defines ``value``/``low``/``high``).

Roles:

- ``killed`` and ``wounded``;
- ``combined``: one figure for killed and wounded together ("10 casualties",
  "killed or wounded 10", "مقتل وإصابة 10", "50 ما بين شهيد وجريح"); its value
  is the figure, which is not to be split;
- ``attackers_killed``: attackers among the dead ("three attackers were killed",
  "مقتل المهاجم", "the gunman and two hostages dead"). They are reported beside
  the killed figure, not subtracted from it. When they are a subset of the
  killed figure before them ("killing 11 people including the two bombers",
  "بينهم الانتحاري", "من بينهم المهاجمان"), the text starts with the including
  words ("including the two bombers"), so that a caller can tell the 11 from
  the 9 victims.

A figure gets its role, in this order, from:

1. a word right before it ("killing 6", "wounding another 40", "استشهاد 6", "وجرح 31"),
   or in Arabic right before the noun of a number word written after it, the
   usual order for one and two and a literary one for others ("استشهاد مقاتلين
   اثنين"، "مقتل جنود ثلاثة"، "إصابة أشخاص عدة"); the text then starts at the
   noun, which is no count of its own (مقاتلين may be a plural or a dual: with
   اثنين it is two, alone it is left alone);
2. a word after it and its noun phrase ("6 dead", "135 people are killed",
   "ستة قتلى", "اثنين من القتلى", "5 أشخاص لقوا حتفهم", "ثلاثة من عناصر الحشد
   الشعبي قتلوا"); a parenthesis between commas is stepped over ("Eight people,
   most of them children, were killed"), and so is a bracket ("Five civilians (two
   men, two women and a child) were killed", "Two KNF (Kuki National Front) members
   were killed"), whose figures are parts of the one before it; a combined word
   coordinated with a killed or wounded one takes that role ("were shot and killed");
   in English an after word followed by a
   figure or a determiner is an active verb, so in "two bombers killed three"
   the two get no role;
3. a toll: a toll word, then within the sentence a link right before the figure
   ("the death toll rose to 38", "ارتفاع عدد الشهداء إلى 7"); the toll word may
   be far from the figure when an update verb ties them ("The toll from a suicide
   bombing at ... on Monday rose to 15", "ارتفعت حصيلة ضحايا التفجير الذي ... إلى 32");
4. coordination with a neighbour ("killing 20 children and 11 militants",
   "11 civilians and two soldiers are killed"). Coordinated figures name
   different people, so they are one mention: the text runs from the first figure
   to the last ("20 children and 11"), the value and bounds are their sums. In
   English a singular person in such a list is a figure of one ("killing the
   groom's father and two children" is 3, "wounding a policeman and three
   passers-by" 4, "a farmer and his son" 2); attackers are not persons, so in
   "Two hostages and the gunman were killed" the gunman stays attackers_killed.

A figure whose noun counts something else (years, money, missiles, buses,
strikes, months: "2 مليون دولار", "ثلاث باصات", "seven car bombs", "11 September"),
that names a unit or a code ("Brigade 30", "لواء 30", "Route 6"), that gives an
age ("aged 25", "25-year-old") or a year ("2017") is no count; nor is a figure
with no casualty word (cell sizes, arrests, attackers who were not killed).

Without a numeral: Arabic dual nouns count two ("قتيلين"، "مقتل شخصين"); a
singular person noun after a killed or wounded word counts one ("مقتل جندي",
"إصابة شخص واحد"), as does a bare singular role noun ("أنباء عن شهيد"); a
number word that repeats the count of such a noun is read with it ("إصابة رجلين
اثنين" is one count of two, and so is "قتيلان اثنان"). English "a soldier was
killed" and "killing a local official" give one, with the words ("a soldier")
as the text, for the caller to weigh; so do "a police officer was among those
killed" and Arabic "لقي شخصان مصرعهما" (2), "لقي جندي حتفه" (1).
Negations give zero:
"none were hurt" (wounded), "nobody was killed" (killed), "no casualties" and
"دون خسائر بشرية"، "لا إصابات" (combined).

Subsets are not reported unless they carry their own casualty word: in "killing
141, including 132 children", only 141 is a count; in "16 إصابة، بما في ذلك
وفاة شخص" both 16 (wounded) and 1 (killed) are. A figure taken out of a role
("six of the wounded died", "two of the dead were children") is a subset of a
figure told elsewhere and no count at all.

``CountMention.text`` is the number with its qualifier ("at least 12",
"ما لا يقل عن 67"); a qualifier written after the noun extends it
("30 قتيلا على الأقل").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache

from .lang import LanguagePack
from .model import CountMention
from .numbers import NumberMention, Phrases, Token, find_numbers, phrase_key, tokenize

__all__ = ["find_counts", "may_count"]

_ROLES = ("killed", "wounded", "combined")
_SENTENCE_END = frozenset(".!?؟;:\n")
_TOLL_NEAR = 12  # tokens from a toll word to its link
_TOLL_FAR = 40  # ... when an update verb ties them ("the toll from ... rose to 15")
_PARENTHESIS = 8  # words between the commas of a parenthesis
_BRACKET = 12  # tokens inside a bracket stepped over in a noun phrase


@dataclass(frozen=True)
class _Lexicon:
    after: list  # (key, role, text), longest first
    before: Phrases
    active: frozenset
    followers: frozenset
    toll: Phrases
    links: Phrases
    aux: frozenset
    stop: Phrases
    max_np: int
    gap: Phrases
    coordination: frozenset
    clause_clitics: tuple
    preposition_clitics: tuple
    clitics: frozenset
    person: Phrases
    person_dual: Phrases
    attacker: Phrases
    not_counted: Phrases
    designators: Phrases
    including: Phrases
    self_killed: Phrases
    self_verbs: Phrases
    self_objects: Phrases
    negators: Phrases
    fillers: Phrases
    zero: Phrases
    articles: frozenset
    determiners: frozenset
    max_modifiers: int
    one: Phrases
    attacker_one: Phrases
    bare: Phrases
    dual: Phrases
    state: Phrases
    object_pronouns: tuple
    postposed: Phrases
    partitive: Phrases
    subset: Phrases
    parenthesis: frozenset
    dual_endings: tuple  # language.toml's endings of the dual, feminine and masculine
    brackets: dict  # opening → closing
    free: frozenset
    origin: frozenset
    updates: Phrases
    attacker_dual: Phrases
    died: Phrases
    two: Phrases
    numerals_after_noun: bool
    numeral_followers: frozenset
    listed: frozenset


@cache
def _lexicon(pack: LanguagePack) -> _Lexicon:
    data = pack.data("casualties")
    numbers = pack.data("numbers")
    clitics = tuple(numbers.get("clitics", []))

    def keys(words, payload=None):
        return Phrases((phrase_key(w, clitics), payload, w.lower()) for w in words)

    def roles(table):
        return Phrases(e for role in _ROLES for e in keys(table.get(role, []), role))

    def agreeing(table, bare=False):
        """Each verb stem of ``table`` in every form that agrees with its subject (and, with
        ``bare``, the stem itself: "اغتال" as "اغتالوا" and "اغتالت")."""
        endings = [*([""] if bare else []), *pack.data("language").get("verb_agreement", [])]
        return roles({role: [stem + e for stem in stems for e in endings] for role, stems in table.items()})

    def with_case(words):
        """Singular nouns and, where the pack writes an ending for the indefinite object
        ("مدرسا" of "مدرس": "اغتالوا مدرسا"), that form too; not on words that end in one of
        ``no_case_ending`` (a ta marbuta takes no alif)."""
        ending = nouns.get("accusative_ending", "")
        if not ending:
            return words
        bare = tuple(nouns.get("no_case_ending", []))
        return [*words, *(w + ending for w in words if " " not in w and not w.endswith((ending, *bare)))]

    def section(name):
        return data.get(name, {})

    np, nouns, zero, single, selfk = (section(n) for n in ("noun_phrase", "nouns", "zero", "singular", "self_killed"))
    toll = section("toll")
    return _Lexicon(
        after=Phrases([*roles(section("after")), *agreeing(section("after_verbs"))]),
        before=Phrases([*roles(section("before")), *agreeing(section("before_verbs"), bare=True)]),
        active=frozenset(w.lower() for w in section("active").get("words", [])),
        followers=frozenset(section("active").get("followers", [])),
        toll=roles(toll),
        links=keys(toll.get("links", [])),
        aux=frozenset(np.get("aux", [])),
        origin=frozenset(np.get("origin", [])),
        stop=keys(np.get("stop", [])),
        max_np=np.get("max", 3),
        gap=keys(np.get("gap", [])),
        coordination=frozenset(np.get("coordination", [])),
        clause_clitics=tuple(np.get("clause_clitics", [])),
        preposition_clitics=tuple(np.get("preposition_clitics", [])),
        clitics=frozenset(clitics),
        person=keys(with_case(nouns.get("person", []))),
        person_dual=keys(nouns.get("person_dual", [])),
        attacker=keys(nouns.get("attacker", [])),
        not_counted=keys(nouns.get("not_counted", [])),
        designators=keys(nouns.get("designators", [])),
        including=keys(section("including").get("words", [])),
        self_killed=keys(selfk.get("words", [])),
        self_verbs=keys(selfk.get("verbs", [])),
        self_objects=keys(selfk.get("objects", [])),
        negators=keys(zero.get("negators", [])),
        fillers=keys(zero.get("fillers", [])),
        zero=roles(zero),
        articles=frozenset(single.get("articles", [])),
        determiners=frozenset(single.get("determiners", [])),
        max_modifiers=single.get("max_modifiers", 0),
        one=keys(single.get("one", [])),
        attacker_one=keys(single.get("attacker", [])),
        bare=roles(single),
        dual=roles(section("dual")),
        state=roles(section("state")),
        object_pronouns=tuple(section("state").get("object_pronouns", [])),
        postposed=Phrases((phrase_key(p, clitics), kind) for kind, ps in numbers.get("postposed", {}).items()
                          for p in ps),
        partitive=keys(np.get("partitive", [])),
        subset=keys(np.get("subset", [])),
        parenthesis=frozenset(np.get("parenthesis", [])),
        brackets={pair[0]: pair[1] for pair in np.get("brackets", []) if len(pair) == 2},
        dual_endings=tuple(pack.data("language").get("dual_endings", []))
        + tuple(pack.data("language").get("masculine_dual_endings", [])),
        free=frozenset(np.get("free", [])),
        updates=keys(toll.get("updates", [])),
        attacker_dual=keys(section("dual").get("attacker", [])),
        died=keys(single.get("died", [])),
        two=keys(section("dual").get("two", [])),
        numerals_after_noun=np.get("numerals_after_noun", False),
        numeral_followers=frozenset(np.get("numeral_followers", [])),
        listed=frozenset(single.get("listed", [])),
    )


def _at(toks: list[Token], i: int, entries: Phrases):
    """The longest entry starting at token ``i``: (end index, payload, text, key) or None."""
    hit = entries.at(toks, i)
    if hit is None:
        return None
    (key, payload, text), end = hit
    return end, payload, text, key


def _ending(toks: list[Token], end: int, entries: Phrases):
    """The longest entry whose last token is ``end - 1``: (start index, payload) or None."""
    hit = entries.ending(toks, end)
    if hit is None:
        return None
    (_, payload, _), start = hit
    return start, payload


def _is_word(tok: Token) -> bool:
    return tok.text[0].isalnum()


@dataclass
class _Figure:
    """A number being read: its mention, tokens and what has been learnt about it."""

    mention: NumberMention
    ti: int  # first token
    tj: int  # token after the number
    role: str | None = None
    source: str = ""  # before | after | toll | coordination
    np_end: int = 0  # token after its noun phrase
    aux: bool = False  # a verb form followed the noun phrase without a role
    end: int = 0  # character end of the count text
    joined: bool = False  # shares its role with the figure before it ("20 children and 11 fighters")


class _Reader:
    """One pass over one text."""

    def __init__(self, text: str, pack: LanguagePack, toks: list[Token], numbers: list[NumberMention] | None):
        self.text = text
        self.lx = _lexicon(pack)
        self.toks = toks
        self.used: set[int] = set()
        self.parts: set[int] = set()  # first tokens of figures inside a bracket of another's phrase
        self.out: list[CountMention] = []
        starts = [t.start for t in self.toks]
        ends = [t.end for t in self.toks]
        self.figures = []
        for m in find_numbers(text, pack, self.toks) if numbers is None else numbers:
            ti = bisect_right(starts, m.start) - 1
            tj = bisect_left(ends, m.end) + 1
            self.figures.append(_Figure(m, ti, tj, end=m.end))
        self.number_at = {f.ti: f for f in self.figures}
        self._listed_people()

    def run(self) -> list[CountMention]:
        self._zeros()
        figures = [f for f in self.figures if not self._used(f.ti, f.tj) and not self._excluded(f)]
        for f in figures:
            if f.ti not in self.parts:
                self._role(f)
        figures = [f for f in figures if f.ti not in self.parts]
        self._coordinate(figures)
        for f in figures:
            self._attacker_figure(f)
        group: list[_Figure] = []
        for f in figures:
            if group and not (f.joined and f.role == group[-1].role):
                self._emit(group)
                group = []
            if f.role:
                group.append(f)
        if group:
            self._emit(group)
        self._attackers()
        self._duals_and_singulars()
        return sorted(self.out, key=lambda c: (c.start, c.end))

    # -- helpers -------------------------------------------------------------

    def _used(self, a: int, b: int) -> bool:
        return any(k in self.used for k in range(a, b))

    def _add(self, role: str, start: int, end: int, value, low, high, tokens) -> None:
        self.used.update(tokens)
        self.out.append(CountMention(start, end, self.text[start:end], role, value, low, high))

    def _stop(self, k: int) -> bool:
        tok = self.toks[k]
        return not _is_word(tok) or k in self.number_at or _at(self.toks, k, self.lx.stop) is not None

    def _back(self, ti: int) -> int:
        """Index of the token before ``ti``, stepping over a clitic glued to it ("و31")."""
        k = ti - 1
        if k >= 0 and self.toks[k].text in self.lx.clitics and self.toks[k].end == self.toks[ti].start:
            k -= 1
        return k

    def _postposed(self, k: int, value: int | None):
        """A qualifier after the noun ("30 قتيلا على الأقل"): (low, high, end token) or None."""
        hit = self.lx.postposed.at(self.toks, k)
        if hit is None:
            return None
        (_, kind), end = hit
        if kind == "at_least":
            return value, None, end
        return None, None, end

    def _person_np(self, i: int) -> int | None:
        """The token after a person noun that follows the article or determiner at ``i``, within
        ``max_modifiers`` words ("a local official", "the groom's father"), or None."""
        toks, lx = self.toks, self.lx
        for n in range(i + 1, min(len(toks), i + 2 + lx.max_modifiers)):
            if self._stop(n):
                return None
            hit = _at(toks, n, lx.person)
            if hit:
                return hit[0]
        return None

    def _passive_subject(self, i: int) -> int | None:
        """The token after a noun that follows the article at ``i`` and is the subject of a
        passive killed or wounded verb ("A ranger was seriously wounded", "an off-duty cook
        was killed"): what is killed or wounded is a person whatever the noun, which no list
        of person nouns holds in full. Things and attackers are left out: "a bus was shot at"."""
        toks, lx = self.toks, self.lx
        if i > 0 and _is_word(toks[i - 1]) and self._stop(i - 1):
            return None  # "in an adjacent market were also wounded": the object of a preposition
        for n in range(i + 1, min(len(toks), i + 2 + lx.max_modifiers)):
            if self._stop(n) or toks[n].text in lx.aux or n in self.number_at:
                return None
            k = n + 1
            while k < len(toks) and toks[k].text in lx.aux:
                k += 1
            if k == n + 1 or k >= len(toks):
                continue
            hit = _at(toks, k, lx.after)
            if (hit and hit[1] in ("killed", "wounded") and not self._active(hit[2], hit[0])
                    and not _at(toks, n, lx.not_counted) and not _at(toks, n, lx.attacker)):
                return n + 1
        return None

    def _listed_people(self) -> None:
        """Singular people in a list with a figure or with each other ("killing the groom's father
        and two children", "a policeman and a soldier were killed") become figures of one, so that
        the list is read and summed like "20 children and 11 militants"."""
        toks, lx = self.toks, self.lx
        people = {}
        for i, tok in enumerate(toks):
            if tok.text in lx.listed and i not in self.number_at:
                end = self._person_np(i)
                if end is not None:
                    people[i] = end
        listed = set()
        for i, end in people.items():
            joiner = toks[end].text if end + 1 < len(toks) else ""
            owned = end + 2 < len(toks) and toks[end + 1].text in lx.listed and end + 2 in self.number_at
            if joiner in lx.coordination and (end + 1 in people or end + 1 in self.number_at or owned):
                listed.update((i, end + 1) if end + 1 in people else (i,))  # "... and his two guards"
            elif joiner in lx.parenthesis and end + 1 in people:
                listed.add(i)  # "a policeman, a soldier and two civilians": see _coordinate
        for f in self.figures:
            k = f.tj
            while k < len(toks) and k - f.tj < lx.max_np and self._plain(k):
                k += 1
            if k + 1 < len(toks) and toks[k].text in lx.coordination and k + 1 in people:
                listed.add(k + 1)
        counted = {i: (people[i], 1) for i in listed}
        if not lx.articles:
            counted.update(self._nouns_before_figures())
        for i, (stop, value) in counted.items():
            start, end = toks[i].start, toks[stop - 1].end
            one = NumberMention(start, end, self.text[start:end], value, value, value)
            self.figures.append(_Figure(one, i, stop, end=end))
            self.number_at[i] = self.figures[-1]
        self.figures.sort(key=lambda f: f.ti)

    def _nouns_before_figures(self) -> dict[int, tuple[int, int]]:
        """Arabic: a singular or dual person noun after a role word, its number word if it
        has one ("طالب واحد"), and then "و" and a figure ("مقتل جندي و3 مدنيين", "جنديين
        وثلاثة مدنيين") or "و" and a noun with its number word after it ("مقتل طالب واحد
        ومعلمين اثنين") is a figure of one or two of that list: {token: (token after the
        noun, value)}."""
        toks, lx = self.toks, self.lx
        found = {}
        for i in range(len(toks)):
            before = _at(toks, i, lx.before)
            if not before or before[0] in self.number_at or before[0] >= len(toks):
                continue
            k = before[0]
            for nouns, value in ((lx.person_dual, 2), (lx.person, 1)):
                hit = _at(toks, k, nouns)
                if hit:
                    j = hit[0]
                    if j < len(toks) and _at(toks, j, lx.one if value == 1 else lx.two):
                        j = _at(toks, j, lx.one if value == 1 else lx.two)[0]  # "طالب واحد"
                    clitic = self.number_at.get(j)  # "و3" read as one token
                    if (clitic is not None and toks[j].text[:1] in lx.coordination
                            and toks[j].start < clitic.mention.start) or (
                            j + 1 < len(toks) and toks[j].text in lx.coordination and j + 1 in self.number_at
                    ) or self._noun_then_number(j):
                        found[k] = (j, value)
                    break
        return found

    def _noun_then_number(self, j: int) -> bool:
        """Token ``j`` is a noun with "و" glued to it and a number word follows it: the next
        item of a list, its number after its noun ("ومعلمين اثنين"). The noun has a dual (or
        plural) ending, as the number after it asks: "واعتقل اثنين" is a verb and its object."""
        toks, lx = self.toks, self.lx
        return (j + 1 < len(toks) and j + 1 in self.number_at and not toks[j + 1].is_digits
                and len(toks[j].stems) > 1 and toks[j].text[:1] in lx.coordination and _is_word(toks[j])
                and bool(lx.dual_endings) and toks[j].text.endswith(lx.dual_endings))

    def _plain(self, k: int) -> bool:
        """A word of a noun phrase: no stop, coordination, auxiliary or role word."""
        toks, lx = self.toks, self.lx
        return not (self._stop(k) or toks[k].text in lx.coordination or toks[k].text in lx.aux
                    or _at(toks, k, lx.after))

    # -- zero ------------------------------------------------------------------

    def _zeros(self) -> None:
        toks, lx = self.toks, self.lx
        for i in range(len(toks)):
            if i in self.used:
                continue
            neg = _at(toks, i, lx.negators)
            if not neg:
                continue
            k = neg[0]
            for _ in range(4):
                hit = _at(toks, k, lx.zero)
                if hit:
                    start = toks[i].start + (neg[3][0].cut(toks[i]) or 0)
                    self._add(hit[1], start, toks[hit[0] - 1].end, 0, 0, 0, range(i, hit[0]))
                    break
                filler = _at(toks, k, lx.fillers)
                if not filler:
                    break
                k = filler[0]

    # -- figures ---------------------------------------------------------------

    def _excluded(self, f: _Figure) -> bool:
        toks, lx, m = self.toks, self.lx, f.mention
        k = self._back(f.ti)
        if k >= 0 and _ending(toks, k + 1, lx.designators):
            return True
        if k >= 0 and _at(toks, f.ti, lx.one) and _ending(toks, k + 1, lx.person):
            return True  # "شخص واحد": read with its noun
        if k >= 0 and _at(toks, f.ti, lx.two) and (
                _ending(toks, k + 1, lx.person_dual) or _ending(toks, k + 1, lx.dual)):
            return True  # "رجلين اثنين"، "قتيلان اثنان": likewise
        if f.tj < len(toks):
            nxt = toks[f.tj]
            if _at(toks, f.tj, lx.not_counted) and not self._opens_pp(f.tj):
                return True  # "ثلاث سيارات" counts cars; in "أصيب 8 بانفجار" the blast is a PP
            if _at(toks, f.tj, lx.subset):
                return True  # "six of the wounded": a subset of a figure told elsewhere
            if nxt.text == "-" and nxt.start == m.end and f.tj + 1 < len(toks) and _is_word(toks[f.tj + 1]):
                return True  # "25-year-old", "13-hour"
        if m.value and 1900 <= m.value <= 2100 and m.text.isdigit() and len(m.text) == 4:
            return not (f.tj < len(toks) and _at(toks, f.tj, lx.after))
        return False

    def _role(self, f: _Figure) -> None:
        toks, lx = self.toks, self.lx
        k = self._back(f.ti)
        gap = _ending(toks, k + 1, lx.gap) if k >= 0 else None
        if gap:
            k = gap[0] - 1
        before = _ending(toks, k + 1, lx.before) if k >= 0 else None
        if before:
            before = self._paired(before)
        else:
            before = self._noun_first(f)
        right = self._right(f.tj)
        if right and right[0]:
            f.np_end, after = right[1], right[2]
        else:
            f.np_end = after = self._np_end(f.tj)
            f.aux = bool(right)
        if before:
            f.role, f.source = before[1], "before"
        elif right and right[0]:
            f.role, f.source = right[0], "after"
            self.used.update(range(right[1], right[2]))
        else:
            f.role, f.source = self._toll(k), "toll"
        post = self._postposed(after, f.mention.value)
        if f.source == "after":  # a qualifier inside the noun phrase, before the role word
            post = next((q for k in range(f.tj, right[1]) if (q := self._postposed(k, f.mention.value))), post)
        if f.role and post and f.mention.low == f.mention.high:
            f.end = toks[post[2] - 1].end
            f.mention = NumberMention(f.mention.start, f.mention.end, f.mention.text, f.mention.value,
                                      post[0], post[1], f.mention.vague)

    def _paired(self, before: tuple[int, str]) -> tuple[int, str]:
        """A killed word and a wounded word joined before one figure ("قتل وأصيب 11",
        "استشهد وجرح 14", "killed and wounded 10") give a combined toll, which is not to be
        split; ``before`` is (first token, role) of the word next to the figure."""
        toks, lx = self.toks, self.lx
        start, role = before
        if role not in ("killed", "wounded"):
            return before
        joined = toks[start].text[0] in lx.clause_clitics and toks[start].text not in lx.clause_clitics
        j = start
        if j > 0 and toks[j - 1].text in lx.coordination:
            j, joined = j - 1, True
        other = _ending(toks, j, lx.before) if joined and j > 0 else None
        # The killed word must be free: in "ثلاثة قتلوا وأصيب اثنان" it is the three's.
        if other and {other[1], role} == {"killed", "wounded"} and not self._used(other[0], j):
            return other[0], "combined"
        return before

    def _noun_first(self, f: _Figure):
        """The before word of a number word written after its noun ("مقتل جنود ثلاثة"، "إصابة
        أشخاص عدة"), or None. The figure then starts at the noun, which is read with it: "مقاتلين"
        in "استشهاد مقاتلين اثنين" is no plural of its own."""
        toks, lx, m = self.toks, self.lx, f.mention
        n = f.ti - 1
        if (not lx.numerals_after_noun or n < 1 or toks[f.ti].is_digits or self._stop(n)
                or _at(toks, n, lx.not_counted)):
            return None
        if m.start > toks[f.ti].start and toks[f.ti].text[0] in lx.clause_clitics:
            return None  # "جنود وثلاثة": a new item, not the count of the soldiers
        if (m.value is None or m.value > 2) and not self._ends_noun_phrase(f.tj):
            return None
        before = _ending(toks, n, lx.before)
        if before:
            f.ti = n
            start = toks[n].start
            f.mention = NumberMention(start, m.end, self.text[start:m.end], m.value, m.low, m.high, m.vague)
        return before

    def _ends_noun_phrase(self, j: int) -> bool:
        """Nothing at token ``j`` that a number before it could count."""
        toks, lx = self.toks, self.lx
        if j >= len(toks) or self._stop(j) or toks[j].text in lx.free or toks[j].text in lx.numeral_followers:
            return True
        if _at(toks, j, lx.after) or self._postposed(j, None):
            return True
        return len(toks[j].stems) > 1 and toks[j].text[0] in lx.clause_clitics  # "وإصابة"

    def _np_end(self, j: int) -> int:
        k = j
        while k < len(self.toks) and k - j < self.lx.max_np and not self._stop(k):
            k += 1
        return k

    def _right(self, j: int):
        """Role after the noun phrase from token ``j``: (role, role start, role end), (None, -1, 0) when a
        verb form ended the phrase, or None."""
        toks, lx = self.toks, self.lx
        words = 0
        aux = False
        k = j
        while k < len(toks):
            hit = _at(toks, k, lx.after)
            if hit:
                end, role, text, key = hit
                cut = key[0].cut(toks[k]) or 0
                if k > j and cut and toks[k].text[:cut][0] in lx.clause_clitics:
                    return None
                if self._active(text, end):
                    return None
                if role == "combined" and end + 1 < len(toks) and toks[end].text in lx.coordination:
                    # "were shot and killed", "shot and wounded": the second verb tells which
                    other = _at(toks, end + 1, lx.after)
                    if other and other[1] in ("killed", "wounded"):
                        if self._active(other[2], other[0]):
                            return None
                        return other[1], k, other[0]
                return role, k, end
            close = self._parenthesis(k) if k > j else None
            if close is None and k > j:
                close = self._bracket(k)
            if close is not None:
                k = close + 1
                continue
            qualifier = self._postposed(k, None)
            if qualifier is not None:  # "سبعة من رواد المقهى على الأقل قتلوا": no word of the phrase
                k = qualifier[2]
                continue
            home = self._origin(k)
            if home is not None:
                k = home
                continue
            if self._stop(k):
                return None
            if toks[k].text in lx.aux:
                aux = True
            elif aux:
                return None, -1, 0
            elif toks[k].text not in lx.free:
                words += 1
                if words > lx.max_np:
                    return None
            k += 1
        return None

    def _active(self, text: str, end: int) -> bool:
        """An after word used as an active verb: a figure or a determiner follows it."""
        toks, lx = self.toks, self.lx
        return text in lx.active and end < len(toks) and (toks[end].text in lx.followers or end in self.number_at)

    def _bracket(self, k: int) -> int | None:
        """The closing bracket of one opened at ``k`` inside a noun phrase ("(KNF)", "(two men
        and a child)"), within the sentence. Its figures are parts of the one outside it, and
        are not read again."""
        toks = self.toks
        closing = self.lx.brackets.get(toks[k].text)
        if closing is None:
            return None
        for n in range(k + 1, min(len(toks), k + 2 + _BRACKET)):
            if toks[n].text == closing:
                self.parts.update(f.ti for f in self.figures if k < f.ti < n)
                return n
            if toks[n].text in _SENTENCE_END:
                return None
        return None

    def _origin(self, k: int) -> int | None:
        """The token after "from Tuz Khurmatu" opened at ``k``: where the people of a noun
        phrase come from ("two policemen from Tuz Khurmatu were killed", "five people from
        the same family"), up to three words that are no stop, figure or role word."""
        toks = self.toks
        if toks[k].text not in self.lx.origin:
            return None
        n = k + 1
        if n < len(toks) and toks[n].text in self.lx.determiners:
            n += 1
        first = n
        while (n < len(toks) and n - first < 3 and _is_word(toks[n]) and not self._stop(n)
               and not _at(toks, n, self.lx.after) and toks[n].text not in self.lx.aux):
            n += 1
        return n if n > first else None

    def _parenthesis(self, k: int) -> int | None:
        """The closing comma of a parenthesis opened at ``k`` (", most of them children,"). Figures
        may be in it only as a part of the figure outside (", including two children,", ", two of
        them women,"); otherwise it may be the next item of a list."""
        toks, lx = self.toks, self.lx
        if toks[k].text not in lx.parenthesis or k + 1 >= len(toks):
            return None
        part = k + 1 in self.number_at and _at(toks, self.number_at[k + 1].tj, lx.partitive)
        figures = bool(part or _at(toks, k + 1, lx.including))
        for n in range(k + 1, min(len(toks), k + 2 + _PARENTHESIS)):
            if toks[n].text in lx.parenthesis:
                return n if n > k + 1 else None
            if n in self.number_at and not figures:
                return None
            if not _is_word(toks[n]):
                return None
        return None

    def _toll(self, k: int) -> str | None:
        """The role of a toll whose link ends at token ``k``, right before the figure."""
        toks, lx = self.toks, self.lx
        if k < 0:
            return None
        link, update = _ending(toks, k + 1, lx.links), _ending(toks, k + 1, lx.updates)
        if not link and not update:
            return None
        start = min(x[0] for x in (link, update) if x)
        for b in range(start - 1, max(-1, start - 1 - _TOLL_FAR), -1):
            told = self.number_at.get(b)
            if toks[b].text in _SENTENCE_END or (told and told.role and told.source == "toll"):
                return None  # another sentence, or a toll that has its figure already
            hit = self._toll_word(b)
            if hit:
                near = link and start - hit[0] <= _TOLL_NEAR
                return hit[1] if near or update or _ending(toks, hit[0], lx.updates) else None
        return None

    def _toll_word(self, b: int):
        """The widest toll phrase that covers token ``b`` ("casualty toll", not "toll"): (start, role)."""
        toks, lx = self.toks, self.lx
        hit = _at(toks, b, lx.toll)
        if not hit:
            return None
        start, role = b, hit[1]
        for a in range(b - 1, max(-1, b - 3), -1):
            wider = _at(toks, a, lx.toll)
            if wider and wider[0] >= hit[0]:
                start, role = a, wider[1]
        return start, role

    def _coordinate(self, figures: list[_Figure]) -> None:
        """Share a role between "N1 [noun phrase] and N2" when only one of them has it; "and
        his two guards" and a list with commas that ends in "and" ("a policeman, a soldier
        and two civilians") are joined too."""
        toks, lx = self.toks, self.lx
        pairs = list(zip(figures, figures[1:]))
        kinds = []
        for a, b in pairs:
            between = list(range(a.tj, b.ti))
            if len(between) >= 2 and toks[between[-1]].text in lx.listed and toks[between[-2]].text in lx.coordination:
                between.pop()  # "and his two guards"
            if len(between) > lx.max_np + 1:
                kinds.append(None)
            elif (between and toks[between[-1]].text in lx.coordination) or (
                    toks[b.ti].text[:1] in lx.coordination and toks[b.ti].start < b.mention.start) or (
                    between == [b.ti - 1] and self._noun_then_number(b.ti - 1)):
                stops = any(self._stop(n) for n in between if toks[n].text not in lx.coordination)
                kinds.append(None if stops else "and")
            elif len(between) == 1 and toks[between[0]].text in lx.parenthesis:
                kinds.append("comma")
            else:
                kinds.append(None)
        ends_in_and = False  # whether the run of comma pairs from here ends with "and"
        joined = [False] * len(pairs)
        for n in reversed(range(len(pairs))):
            if kinds[n] == "and":
                joined[n] = ends_in_and = True
            elif kinds[n] == "comma":
                joined[n] = ends_in_and
            else:
                ends_in_and = False
        for (a, b), ok in zip(pairs, joined):
            if not ok:
                continue
            if a.role and not b.role and a.source in ("before", "coordination") and not b.aux:
                b.role, b.source, b.joined = a.role, "coordination", True
            elif b.role and not a.role and b.source == "after":
                a.role, a.source, b.joined = b.role, "coordination", True

    def _attacker_figure(self, f: _Figure) -> None:
        """Killed attackers: an attacker noun in the figure's own noun phrase (up to "and" or a comma)."""
        toks, lx = self.toks, self.lx
        if f.role != "killed":
            return
        for n in range(f.tj, f.np_end):
            if n > f.tj and (toks[n].text in lx.coordination or toks[n].text in lx.parenthesis
                             or toks[n].text[:1] in lx.clause_clitics or self._opens_pp(n)):
                return
            if _at(toks, n, lx.attacker):
                f.role = "attackers_killed"
                return

    def _opens_pp(self, n: int) -> bool:
        """Token ``n`` starts with a preposition written as a clitic ("بهجوم"): a
        prepositional phrase begins, and the noun phrase before it has ended."""
        tok = self.toks[n]
        return len(tok.stems) > 1 and tok.text[:1] in self.lx.preposition_clitics

    def _emit(self, group: list[_Figure]) -> None:
        """One mention for a figure or for coordinated figures (their sums)."""
        first, last = group[0], group[-1]
        ms = [f.mention for f in group]

        def total(values):
            return None if any(v is None for v in values) else sum(values)

        used = [n for f in group for n in range(f.ti, f.tj)]
        self._add(first.role, first.mention.start, last.end, total([m.value for m in ms]),
                  total([m.low for m in ms]), total([m.high for m in ms]), used)

    # -- attackers without a figure ------------------------------------------------

    def _attackers(self) -> None:
        toks, lx = self.toks, self.lx
        for i in range(len(toks)):
            if i in self.used:
                continue
            inc = _at(toks, i, lx.including)
            if inc:
                group = self._attacker_group(inc[0])
                if group and self._last_role_before(i) == "killed":
                    start = toks[i].start + (inc[3][0].cut(toks[i]) or 0)
                    self._add("attackers_killed", start, toks[group[0] - 1].end, *group[1:], range(i, group[0]))
                continue
            before = _at(toks, i, lx.before)
            if before and before[1] == "killed":
                group = self._attacker_group(before[0])
                if group:
                    k = before[0]
                    self._add("attackers_killed", toks[k].start, toks[group[0] - 1].end, *group[1:],
                              range(k, group[0]))
                    continue
            verb = _at(toks, i, lx.self_verbs)
            if verb:
                span = self._attacker_one(verb[0])
                if span and _at(toks, span[3], lx.self_objects):
                    self._add("attackers_killed", span[0], span[1], 1, 1, 1, range(span[2], span[3]))
                    continue
            span = self._attacker_one(i)
            if span:
                right = self._right(span[3])
                died = right and right[0] == "killed"
                if not died:
                    died = any(_at(toks, n, lx.self_killed) for n in range(span[3], min(len(toks), span[3] + 4)))
                if not died:  # "the gunman and two hostages dead"
                    partner = self.number_at.get(span[3] + 1)
                    died = (span[3] < len(toks) and toks[span[3]].text in lx.coordination and partner is not None
                            and partner.role == "killed" and partner.source == "after")
                if died:
                    self._add("attackers_killed", span[0], span[1], 1, 1, 1, range(span[2], span[3]))

    def _attacker_one(self, i: int):
        """A singular attacker noun at ``i`` ("the bomber", "the lone gunman", "الانتحاري"):
        (start, end, first, after) or None. Modifiers need a determiner before them."""
        toks, lx = self.toks, self.lx
        k, reach = i, 0
        if k < len(toks) and toks[k].text in lx.determiners:
            k, reach = k + 1, lx.max_modifiers
        for n in range(k, min(len(toks), k + reach + 1)):
            hit = _at(toks, n, lx.attacker_one)
            if hit and not self._used(i, hit[0]):
                return toks[i].start, toks[hit[0] - 1].end, i, hit[0]
            if self._stop(n):
                break
        return None

    def _attacker_group(self, i: int):
        """Attackers named at ``i``: one ("the bomber"), two ("المهاجمان") or a figure
        ("the two bombers", "3 انتحاريين"): (after, value, low, high) or None."""
        toks, lx = self.toks, self.lx
        one = self._attacker_one(i)
        if one:
            return one[3], 1, 1, 1
        k = i + 1 if i < len(toks) and toks[i].text in lx.determiners else i
        dual = _at(toks, k, lx.attacker_dual) if k < len(toks) else None
        if dual and not self._used(k, dual[0]):
            return dual[0], 2, 2, 2
        f = self.number_at.get(k)
        if f is None or f.role or self._used(f.ti, f.tj):
            return None
        for n in range(f.tj, min(len(toks), f.tj + lx.max_modifiers + 1)):
            hit = _at(toks, n, lx.attacker)
            if hit:
                m = f.mention
                return hit[0], m.value, m.low, m.high
            if self._stop(n):
                break
        return None

    def _last_role_before(self, i: int) -> str | None:
        """The role of the nearest count before token ``i`` in the same sentence."""
        start = self.toks[i].start
        earlier = [c for c in self.out if c.end <= start]
        if not earlier:
            return None
        last = max(earlier, key=lambda c: c.end)
        return None if _SENTENCE_END.intersection(self.text[last.end:start]) else last.role

    # -- counts written as nouns -------------------------------------------------

    def _duals_and_singulars(self) -> None:
        toks, lx = self.toks, self.lx
        blocked = set()
        for i in range(len(toks)):
            hit = _at(toks, i, lx.after)
            if hit and hit[1] == "combined":
                blocked.update(range(i, hit[0]))
        for i in range(len(toks)):
            if i in self.used or i in blocked:
                continue
            dual = _at(toks, i, lx.dual)
            if dual:
                self._noun_count(dual[1], i, dual, 2)
                continue
            state = _at(toks, i, lx.state)
            if state and i > 0 and i - 1 not in self.used and self._names_one(i - 1):
                self._add(state[1], toks[i - 1].start, toks[state[0] - 1].end, 1, 1, 1, range(i - 1, state[0]))
                continue
            before = _at(toks, i, lx.before)
            if not before:
                bare = _at(toks, i, lx.bare)
                cut = bare[3][0].cut(toks[i]) if bare else None
                if bare and (not cut or toks[i].text[:cut] in lx.clause_clitics):
                    self._noun_count(bare[1], i, bare, 1)
                elif not lx.articles:
                    self._subject(i)
                continue
            k = before[0]
            if lx.articles or k >= len(toks) or k in self.used:
                continue  # English singulars take an article: see _article_singulars
            hit = _at(toks, k, lx.person_dual)
            if hit:
                self._noun_count(before[1], k, hit, 2)
                continue
            hit = _at(toks, k, lx.person)
            if hit and hit[0] not in self.used:
                self._noun_count(before[1], k, hit, 1)
        self._article_singulars()

    def _subject(self, i: int) -> None:
        """A person noun told dead after it: "لقي شخصان مصرعهما" (2), "لقي جندي حتفه" (1)."""
        toks, lx = self.toks, self.lx
        dual = _at(toks, i, lx.person_dual)
        if dual:
            right = self._right(self._numeral(dual[0], 2))
            if right and right[0]:
                self._noun_count(right[0], i, dual, 2)
            return
        one = _at(toks, i, lx.person)
        if not one:
            return
        for n in range(one[0], min(len(toks), one[0] + 2)):
            died = _at(toks, n, lx.died)
            if died:
                self._noun_count("killed", i, one, 1)
                self.used.update(range(i, died[0]))  # "جندي عراقي حتفه" is one soldier
                return

    def _numeral(self, end: int, value: int) -> int:
        """The token after a number word that repeats the count of the noun ending at ``end``
        ("شخص واحد"، "رجلين اثنين"); ``end`` when there is none."""
        hit = _at(self.toks, end, self.lx.one if value == 1 else self.lx.two)
        return hit[0] if hit else end

    def _names_one(self, k: int) -> bool:
        """Token ``k`` is a verb with a singular object pronoun ("أردوه", "فأردته")."""
        tok = self.toks[k]
        return _is_word(tok) and len(tok.text) > 3 and tok.text.endswith(self.lx.object_pronouns)

    def _noun_count(self, role: str, i: int, hit, value: int) -> None:
        """A count written as a noun (dual or singular), with "واحد"/"اثنين" or a qualifier after it."""
        toks = self.toks
        end, low, high = self._numeral(hit[0], value), value, value
        post = self._postposed(end, value)
        if post:
            low, high, end = post
        start = toks[i].start + (hit[3][0].cut(toks[i]) or 0)
        self._add(role, start, toks[end - 1].end, value, low, high, range(i, end))

    def _article_singulars(self) -> None:
        """English "a soldier was killed", "killing a local official": one, with the words as text."""
        toks, lx = self.toks, self.lx
        if not lx.articles:
            return
        for i, tok in enumerate(toks):
            if tok.text not in lx.articles or i in self.used:
                continue
            end = self._person_np(i)
            if end is None:
                end = self._passive_subject(i)
            if end is None or self._used(i, end):
                continue
            k = self._back(i)
            before = _ending(toks, k + 1, lx.before) if k >= 0 else None
            right = self._right(end)
            role = before[1] if before else (right[0] if right else None)
            if role:
                self._add(role, tok.start, toks[end - 1].end, 1, 1, 1, range(i, end))


def find_counts(text: str, pack: LanguagePack, toks: list[Token] | None = None,
                numbers: list[NumberMention] | None = None) -> list[CountMention]:
    """Casualty figures in normalised ``text`` with their roles, left to right. ``toks``
    and ``numbers`` are the text's tokens and numbers, when the caller has them already;
    they may be those of one clause of ``text`` (a :class:`incidents.doc.Doc` span), and
    then only that clause is read."""
    if toks is None:
        toks = tokenize(text, pack)
    if not _has_role_word(toks, pack):
        return []
    return [_plausible(c) for c in _Reader(text, pack, toks, numbers).run()]


#: The largest figure taken as a count of people. Past it ("99999999999999999999 killed")
#: the text is a misprint or garbage: its words stay in ``casualties_text`` (a combined
#: mention without a value), and killed and wounded stay empty.
MAX_FIGURE = 1_000_000


def _plausible(c: CountMention) -> CountMention:
    if max(c.value or 0, c.low or 0, c.high or 0) <= MAX_FIGURE:
        return c
    return replace(c, role="combined", value=None, low=None, high=None)


def may_count(toks: list[Token], pack: LanguagePack) -> bool:
    """Whether tokens of a text hold a word that could give a figure a role: without
    one, :func:`find_counts` finds nothing, and a caller may skip what depends on it."""
    return _has_role_word(toks, pack)


def _has_role_word(toks: list[Token], pack: LanguagePack) -> bool:
    # Every count takes its role from a role word; one set lookup per token spares the
    # many clauses that hold none the reader's table lookups.
    words = _role_words(pack)
    return any(stem in words for tok in toks for stem in tok.stems)


@cache
def _role_words(pack: LanguagePack) -> frozenset[str]:
    """Every word, as a token stem, of the tables that give a figure its role."""
    lx = _lexicon(pack)
    tables = (lx.after, lx.before, lx.toll, lx.zero, lx.bare, lx.dual, lx.died, lx.self_killed, lx.self_verbs)
    return frozenset(form for table in tables for entry in table for word in entry[0]
                     for form in (word.text, word.rest) if form) | lx.active
