"""From one report to its attack events: detect per clause, then assemble.

The detectors (triggers, counts, dates, places, actors) are pure functions over
normalised text. This module decides which of their findings belong to which
attack (tests/corpus/assemble.json pins each rule down with a short report):

* a clause with an attack word that happened (not foiled, threatened, denied, an
  accident, the aftermath of an older attack or a war-wide statistic) and an
  anchor (a figure, a place, a date, or attacks that are counted) opens an event;
* the next clauses that name the same attack ("the attack", "الهجوم"), give
  figures, or stay at its place continue it; another place or "in a separate
  attack" / "وفي حادث منفصل" opens another, and a sentence that sums up several
  attacks gives way to the attacks it sums;
* places listed side by side with one toll ("in Kirkuk and Tikrit") are one
  event each, the toll kept in words;
* the date, place and figures of an event come from its own clauses first (the
  statement's date, the speaker's town and the hospital's are not the attack's);
* an attack inside a clause about the past ("since the 2016 Karrada bombing")
  or dated more than a year before publication is background.
"""
from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from datetime import date

from .actors import find_actors, find_national_forces
from .counts import find_counts, may_count
from .doc import Doc, Span
from .dates import date_span, find_dateline, find_dates, is_background, posting_line
from .geo.gazetteer import Gazetteer, get_gazetteer
from .lang import LanguagePack, detect_language, get_pack
from .model import (ActorMention, CountMention, DateMention, Event, Place, PlaceMention, Report,
                    TriggerMention)
from .normalize import Normalized, normalize
from .numbers import NumberMention, find_numbers
from .places import find_places, placed_at
from .romanize import romanize
from .lexicon import term_pattern
from .triggers import (best_type, find_cues, find_instruments, find_triggers, has_cue, neutral_words, type_tier,
                       weak_words)

__all__ = ["extract", "trace", "Clause", "Reading", "Trace", "dates_a_statement", "event_id", "publication_date"]

_STOP_CUES = ("accident", "negated", "hypothetical", "aftermath", "statistics")


@dataclass(frozen=True)
class Reading:
    """One event and the mentions each of its values was read from: what ``incidents
    explain`` shows a researcher who checks a figure. Offsets are in the normalised text."""
    event: Event
    triggers: tuple[TriggerMention, ...]  # the attack words that type it
    date: DateMention | None  # None: the publication day stands in, or no date at all
    place: PlaceMention | None
    killed: tuple[CountMention, ...]  # one figure, or the groups it sums
    wounded: tuple[CountMention, ...]
    attackers: tuple[CountMention, ...]  # attackers among the dead, counted apart
    combined: tuple[CountMention, ...]  # killed and wounded told as one figure ("10 casualties")
    perpetrator: ActorMention | None
    target: ActorMention | None
    sentences: tuple[tuple[int, int], ...]  # the sentences that tell the attack, the evidence first
    aged: bool = False  # background only for its date, over a year before publication


@dataclass(frozen=True)
class Clause:
    """What one clause was taken for."""
    start: int
    end: int
    #: "actual", "foiled", or the cue that makes its attack words no attack: "accident",
    #: "negated", "hypothetical", "aftermath" or "statistics"
    verdict: str
    triggers: list[TriggerMention]
    background_from: int | None  # where a part about earlier events begins


@dataclass(frozen=True)
class Trace:
    """Everything extraction found in one report and what it made of it, so that a reader
    can see why a value was read and why a word or a number was not."""
    norm: Normalized
    lang: str
    published: date | None  # the report's own, else its dateline's
    readings: list[Reading]  # every event, whatever its mention (main, background ...)
    dateline: DateMention | None
    dates: list[DateMention]  # every date, the dateline's and the background's too
    background_dates: list[DateMention]  # dates of a clause about an earlier time
    places: list[PlaceMention]  # every place
    filed_at: list[PlaceMention]  # the dateline's place: where the report was filed
    elsewhere: list[PlaceMention]  # the speaker's, the hospital's, the attackers' origin
    clauses: list[Clause]
    counts: list[CountMention]  # every figure read as a casualty count


@dataclass(frozen=True)
class _Village:
    """A settlement the gazetteer lacks: the words that tell it ("قرية كونين الحدودية")
    and, when they name it, the name's span ("كونين")."""
    start: int
    end: int
    name: tuple[int, int] | None


@dataclass
class _Sentence:
    start: int
    end: int
    triggers: list[TriggerMention]
    instruments: list[TriggerMention]  # weapons: they type an attack, never make one
    counts: list[CountMention]
    dates: list[DateMention]
    places: list[PlaceMention]  # where the attack may be
    elsewhere: list[PlaceMention]  # the speaker's, the hospital's, the attackers' origin
    village: _Village | None  # a settlement the gazetteer lacks ("بلدة حلتا")
    status: str  # actual | foiled | skip
    vetoed_by: str | None  # the cue that makes it no attack: one of _STOP_CUES ("accident", "negated" ...)
    violent: bool  # speaks of gunmen, militants, martyrs ... (a bare toll is then an attack)
    separate: bool  # "in a separate attack", "وفي حادث منفصل"
    opens_separately: bool  # begins so ("A second, separate airstrike ..."), not "links to a separate incident"
    anaphora: bool  # "the attack", "الهجوم"
    refers_back: bool  # its only attack words name the attack already told ("ويأتي الهجوم بعد ...")
    site: bool  # names the attack's site again to say where it lies ("الموقع يقع في أطراف قضاء بلد")
    sequel: bool  # tells what came next ("later", "وفي وقت لاحق"): at a place of its own, another attack
    aggregate: bool  # sums up several attacks: "three separate attacks", "سلسلة هجمات"
    closed: bool  # ends with a full stop (not just a line break, as in wrapped posts)
    counted: bool  # attacks are counted ("six strikes", "غارتين"): they happened
    several: bool  # two or more attacks are counted ("two bombings", "تفجيرين"): a summary, if a toll follows
    ordinal: bool  # "the first", "the second", "الثانية": one of attacks counted before
    update: bool  # gives a new toll for the attack told ("rose to", "ارتفعت حصيلة")
    jointly: bool  # gives one toll for several attacks ("between them", "في المجمل")
    targeted: bool  # the attack word has a target after it ("hit a police station", "استهدف قاعدة")
    sentence: tuple[int, int]  # the whole sentence of this clause: the evidence
    background_from: int | None  # where a clause about earlier events begins


class _ByStart:
    """Mentions of the whole report indexed by where they start: a clause finds its own
    by bisection, where a scan of the report's list per clause is quadratic in its length.
    Queries answer in the list's order. Mentions are spans, so start <= end."""

    def __init__(self, items: list) -> None:
        self.items = items
        order = sorted(range(len(items)), key=lambda k: items[k].start)
        self.keys = [items[k].start for k in order]
        self.order = None if order == list(range(len(items))) else order

    def starting(self, lo: int, hi: int) -> list:
        """The mentions that start at ``lo`` or after and before ``hi``."""
        i, j = bisect_left(self.keys, lo), bisect_left(self.keys, hi)
        if self.order is None:
            return self.items[i:j]
        return [self.items[k] for k in sorted(self.order[i:j])]

    def within(self, a: int, b: int) -> list:
        """The mentions inside ``[a, b]``."""
        return [x for x in self.starting(a, b + 1) if x.end <= b]


class _PlaceIndex:
    """Places indexed by the keys ``_same_place`` and ``_nested`` compare, so that asking
    whether a place meets any of them costs a few look-ups, not a scan of all of them."""

    def __init__(self) -> None:
        self.count = 0
        self.names: set[tuple[str, str]] = set()
        self.countries: set[str] = set()  # of every place
        self.areas: set[tuple[str, str]] = set()  # (country, admin1) of every place
        self.whole_countries: set[str] = set()  # places that are a country
        self.provinces: set[tuple[str, str]] = set()  # places that are a first-level division
        self.cells: dict[tuple[int, int], list[Place]] = {}  # quarter-degree cells

    def __len__(self) -> int:
        return self.count

    def add(self, place: Place) -> None:
        self.count += 1
        self.names.add((place.name, place.country))
        self.countries.add(place.country)
        self.areas.add((place.country, place.admin1))
        if place.kind == "country":
            self.whole_countries.add(place.country)
        if place.kind == "admin1":
            self.provinces.add((place.country, place.admin1))
        cell = _cell(place)
        if cell is not None:
            self.cells.setdefault(cell, []).append(place)

    def meets(self, n: Place) -> bool:
        """``any(_same_place(n, o) or _nested(n, o) for o in places)``."""
        if (n.name, n.country) in self.names:
            return True
        if (n.country, n.admin1) in self.provinces or n.country in self.whole_countries:
            return True  # n lies in one of them
        if n.kind == "admin1" and (n.country, n.admin1) in self.areas:
            return True  # one of them lies in n
        if n.kind == "country" and n.country in self.countries:
            return True
        cell = _cell(n)
        if cell is None:
            return False
        return any(_same_place(n, o) for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                   for o in self.cells.get((cell[0] + dy, cell[1] + dx), ()))


def _cell(p: Place) -> tuple[int, int] | None:
    """The quarter-degree cell of a place: places under 0.25 degrees apart lie in
    neighbouring cells. None without finite coordinates (such a place is near none)."""
    if p.latitude is None or p.longitude is None:
        return None
    y, x = p.latitude * 4, p.longitude * 4
    if not (math.isfinite(y) and math.isfinite(x)):
        return None
    return math.floor(y), math.floor(x)


@dataclass
class _Draft:
    sentences: list[_Sentence] = field(default_factory=list)
    summed_up: bool = False  # an aggregate whose attacks are told one by one after it
    part: bool = False  # one of those attacks, told by its ordinal ("the second", "الثانية")
    # Kept as sentences are added, so that a long draft is not rescanned per clause:
    located: _PlaceIndex = field(default_factory=_PlaceIndex, repr=False)  # places to geo precision 3
    anchor: list[PlaceMention] | None = field(default=None, repr=False)  # see _anchor

    def __post_init__(self) -> None:
        sents, self.sentences = self.sentences, []
        for s in sents:
            self.add(s)

    def add(self, s: _Sentence) -> None:
        self.sentences.append(s)
        for p in _located(s.places):
            self.located.add(p.place)
        if self.anchor is None and _specific(s.places):
            self.anchor = [p for p in _specific(s.places) if not any(ch.isdigit() for ch in p.text)]

    def places(self) -> list[PlaceMention]:
        return [p for s in self.sentences for p in s.places]


def extract(
    report: Report,
    *,
    lang: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    include_background: bool = False,
    include_foiled: bool = False,
    include_summaries: bool = False,
    date_order: str | None = None,
) -> list[Event]:
    """The attack events one report describes, in the order it tells them.

    ``date_order`` ("dmy" or "mdy") reads numeric dates that fit both ways; by
    default the report's source decides (``Report.date_order``), then the report.
    """
    found = trace(report, lang=lang, country=country, gazetteer=gazetteer, date_order=date_order)
    skipped = {m for m, wanted in (("background", include_background), ("foiled", include_foiled),
                                   ("summary", include_summaries)) if not wanted}
    return [r.event for r in found.readings if r.event.mention not in skipped]


def trace(
    report: Report,
    *,
    lang: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    date_order: str | None = None,
) -> Trace:
    """What :func:`extract` finds in one report and decides, every event kept."""
    code = lang or report.lang or detect_language(report.text)
    pack = get_pack(code)
    norm = normalize(report.text)
    doc = Doc(norm, pack)
    # An event needs an attack word or a toll, and a toll a role word ("killed"): a report
    # with neither costs one pass over its words, not the dates, places and actors. The
    # role words first: one set look-up per word, where the attack words are a pattern
    # tried at every character (a third of the time of a long report).
    if not may_count(doc.tokens, pack) and not find_triggers(norm.text, pack):
        return Trace(norm, code, report.published, [], None, [], [], [], [], [], [], [])
    gaz = gazetteer if gazetteer is not None else get_gazetteer()

    published = report.published
    order = date_order or report.date_order
    dateline = find_dateline(norm.text, pack, published, order)
    published = published or _dateline_day(dateline)

    # Without a publication day, a posting line ("Posted: March 2019") still tells the
    # year of the day-month dates the report gives without one.
    posted = posting_line(norm.text, pack, order) if published is None else None
    found = find_dates(norm.text, pack, published, order, year_reference=_last_day(posted))
    history = [d for d in found if is_background(norm.text, d, pack)]  # "since January 2018"
    # The dateline and the posting line date the report, not the attack.
    older = set(history)
    dates = [d for d in found if d not in older and not (dateline and d.start == dateline.start)
             and not (posted and d.start == posted.start)]
    every_place = find_places(norm.text, pack, gaz, country_hint=country)
    filed_at = _filed_at(norm.text, pack, dateline, every_place)
    filed = set(filed_at)
    places = [p for p in every_place if p not in filed]
    away = [p for p in places if _elsewhere(norm.text, p, pack)]
    actors = {kind: find_actors(norm.text, pack, kind) for kind in ("perpetrators", "targets")}
    found_in = _Found(_ByStart(dates), _ByStart(places), _ByStart(away), set(away), _ByStart(history),
                      _ByStart(actors["targets"]))
    sents = [_analyse(doc, span, found_in) for span in doc.clauses]
    # (An arrest with a bomb defused is a foiled attack's report: its foiled event stays.)
    arrest = bool(sents) and sents[0].vetoed_by == "aftermath" and not any(s.status == "foiled" for s in sents)
    if arrest or any(s.vetoed_by == "accident" for s in sents):
        # In a report an accident explains, a blast or a killing is the accident's ("A blast
        # at a depot killed four ... The office blamed a short circuit for the explosion"):
        # a toll, no attack. Neither a neutral word nor a toll with words of death makes one.
        # A report that opens with an arrest or a trial tells the attacks the suspects are
        # charged with ("The four are suspected of bombings that killed 11"): none of its
        # attack words opens an event unless the text says another attack begins.
        neutral = neutral_words(pack)
        for s in sents:
            if s.triggers and (all(t.text.lower() in neutral for t in s.triggers)
                               or (arrest and not (s.separate or s.opens_separately))):
                s.triggers = []
            s.violent = False
    context = _Context(report, norm, pack, code, published, sents, gaz, country, filed_at, actors)

    readings = []
    for draft in _group(sents, pack):
        listed = _listed_places(draft, context)
        readings += [_assemble(draft, context, p, listed) for p in listed] or [_assemble(draft, context)]
    if not any(r.event.mention == "main" for r in readings):
        # An old attack is background to the news a report tells; a report that tells
        # nothing newer (a retrospective, an encyclopedia entry) is about the old attack.
        readings = [replace(r, event=replace(r.event, mention="main")) if r.aged else r for r in readings]
    return Trace(norm, code, published, readings, dateline, found, history, every_place, filed_at, away,
                 [Clause(s.start, s.end, s.vetoed_by or s.status, s.triggers, s.background_from) for s in sents],
                 [c for s in sents for c in s.counts])


def publication_date(report: Report, lang: str | None = None) -> date | None:
    """The day a report was published: its own field, else its dateline's ("BAGHDAD,
    March 6 (Reuters) -" under a known year). Merge lets the latest report's toll win by
    it, so a report dated only by its dateline is not taken for the oldest."""
    if report.published is not None:
        return report.published
    pack = get_pack(lang or report.lang or detect_language(report.text))
    head = normalize(report.text[:_DATELINE_REACH]).text
    return _dateline_day(find_dateline(head, pack, None, report.date_order))


def _last_day(mention: DateMention | None) -> date | None:
    """The last day of what a date mention names (its day, or its month's last)."""
    span = date_span(mention.value) if mention is not None else None
    return span[1] if span else None


def _dateline_day(dateline: DateMention | None) -> date | None:
    """The day a dateline gives, when it gives one ("MOSUL, June 3, 2019 (AP) -")."""
    if dateline is None or dateline.precision != "day" or not dateline.value:
        return None
    return date.fromisoformat(dateline.value)


#: A dateline opens one of a report's first lines: this much text holds it.
_DATELINE_REACH = 600


def _filed_at(text: str, pack: LanguagePack, dateline: DateMention | None,
              places: list[PlaceMention]) -> list[PlaceMention]:
    """The place of a dateline ("BAGHDAD, June 3 (Reuters) -", "MOSUL (AP) -"): where
    the report was filed, not where the attack happened."""
    end = 0
    if dateline is not None:
        line = text.rfind("\n", 0, dateline.start) + 1
        end = dateline.start if line == 0 or not text[:line].strip() else 0
        if end:
            return [p for p in places if line <= p.start < end]
    pattern = pack.data("language").get("dateline")
    m = re.match(pattern, text) if pattern else None
    return [p for p in places if m and p.end <= m.end()]


def event_id(date_value: str | None, place: str | None, event_type: str,
             sources: tuple[str, ...], evidence: str) -> str:
    """A stable id from what the event is: same inputs, same id, on any machine."""
    key = "\x1f".join([date_value or "", place or "", event_type, "\x1e".join(sorted(sources)), evidence])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# --- per sentence -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Found:
    """What the detectors found in the whole report, indexed for one clause at a time."""
    dates: _ByStart
    places: _ByStart
    away: _ByStart  # places that are not where an attack happened: they neither anchor nor split one
    away_set: set[PlaceMention]
    history: _ByStart  # dates that start a clause about the past
    targets: _ByStart  # actors attacked


def _analyse(doc: Doc, span: Span, found: _Found) -> _Sentence:
    """What one clause of ``doc`` says."""
    text, pack, a, b = doc.text, doc.pack, span.start, span.end
    # The clause's tokens and numbers serve the casualty reader and the attacks it counts.
    toks = doc.tokens_in(a, b)
    numbers = find_numbers(text, pack, toks)
    triggers = find_triggers(text, pack, a, b)
    counts = find_counts(text, pack, toks, numbers)
    instruments = find_instruments(text, pack, a, b)
    vetoed_by = next((c for c in _STOP_CUES if _stops(text, pack, c, a, b, counts)), None)
    if vetoed_by is not None:
        status = "skip"
    elif has_cue(text, pack, "foiled", a, b) and not any(
            c.role in ("killed", "wounded") and c.value for c in counts):
        # People killed or hurt mean an attack happened, even if another was foiled.
        status = "foiled"
    else:
        status = "actual"
    # A clause about the past starts at a background cue or at a historical date.
    starts = [m.start() for m in find_cues(text, pack, "background", a, b) if not _told_after(text, m.end(), b, pack)]
    starts += [d.start for d in found.history.starting(a, b)]
    known = [(p.start, p.end) for p in found.places.starting(a, b)]
    back = find_cues(text, pack, "anaphora", a, b)
    told = [(m.start, m.end) for m in [*triggers, *instruments, *counts] + found.dates.starting(a, b)]
    return _Sentence(
        start=a, end=b, triggers=triggers, instruments=instruments, counts=counts,
        dates=found.dates.within(a, b),
        places=[p for p in found.places.within(a, b) if p not in found.away_set],
        elsewhere=found.away.within(a, b),
        village=_village(text, a, b, pack, known, told),
        status=status, vetoed_by=vetoed_by, violent=has_cue(text, pack, "violence", a, b),
        separate=has_cue(text, pack, "separate", a, b), anaphora=bool(back),
        opens_separately=any(m.start() - a <= _LEAD_CHARS for m in find_cues(text, pack, "separate", a, b)),
        site=has_cue(text, pack, "site", a, b), sequel=has_cue(text, pack, "sequel", a, b),
        refers_back=bool(triggers) and all(any(m.start() <= t.start < m.end() for m in back) for t in triggers),
        aggregate=has_cue(text, pack, "aggregate", a, b),
        closed=not span.last or text[a:b].rstrip()[-1:] in ".!?؟:",
        counted=_counted(triggers, numbers, pack), several=_counted(triggers, numbers, pack, least=2),
        ordinal=has_cue(text, pack, "ordinal", a, b), update=has_cue(text, pack, "update", a, b),
        jointly=has_cue(text, pack, "jointly", a, b),
        targeted=bool(triggers) and any(m.end <= b for m in found.targets.starting(triggers[0].start + 1, b + 1)),
        sentence=span.sentence,
        background_from=min(starts) if starts else None,
    )


def _stops(text: str, pack: LanguagePack, cue: str, a: int, b: int, counts: list[CountMention]) -> bool:
    """Whether clause ``text[a:b]`` holds a word of the stop list ``cue`` that speaks for the
    clause. An aftermath word does not when it is an aside ("(60 were arrested)"), the
    setting of what the clause tells ("killed during a memorial ceremony"), or a second
    outcome coordinated after a toll ("1 killed and 25 arrested", "killed one and captured
    four"): the arrests or the memorial are then part of the attack told, not its sequel."""
    if cue != "aftermath":
        return has_cue(text, pack, cue, a, b)
    return any(not _aside(text, pack, a, m.start(), counts) for m in find_cues(text, pack, cue, a, b))


def _aside(text: str, pack: LanguagePack, a: int, at: int, counts: list[CountMention]) -> bool:
    scope = pack.data("triggers").get("aftermath_scope", {})
    head = text[a:at]
    if head.count("(") > head.count(")"):
        return True
    words = head.split()
    if words and words[-1].lower() in scope.get("determiners", ()):
        words = words[:-1]
    if words and words[-1].lower() in scope.get("settings", ()):
        return True
    coordinators, subordinators = scope.get("coordinators", ()), scope.get("subordinators", ())
    for c in counts:
        if c.role not in ("killed", "wounded", "combined") or c.end > at:
            continue
        between = [w.strip(",").lower() for w in text[c.end:at].split()]
        if (len(between) <= scope.get("reach", 0) and any(w in coordinators for w in between)
                and not any(w in subordinators for w in between)):
            return True
    return False


#: How far into a sentence a cue still opens it ("A second, separate airstrike", "وفي حادث منفصل").
_LEAD_CHARS = 12


def _counted(triggers: list[TriggerMention], numbers: list[NumberMention], pack: LanguagePack,
             least: int = 1) -> bool:
    """Attacks are counted ("six strikes", the dual "غارتين"), so they happened; at
    least ``least`` of them."""
    if not triggers:
        return False
    duals = tuple(pack.data("language").get("dual_endings", []))
    numbers = [n for n in numbers if n.value and n.value >= least]
    return any(t.text.endswith(duals) if duals else False for t in triggers) or any(
        0 <= t.start - n.end <= 1 for n in numbers for t in triggers) or (
        least > 1 and any(_masculine_dual(t.text, pack) for t in triggers))


def _masculine_dual(word: str, pack: LanguagePack) -> bool:
    """An attack noun in the masculine dual ("تفجيرين", "هجومان"): the ending on a word
    that is an attack word without it (attack nouns form no plural so)."""
    for ending in pack.data("language").get("masculine_dual_endings", []):
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) > 2 and any(t.text == stem for t in find_triggers(stem, pack)):
            return True
    return False


def _told_after(text: str, at: int, end: int, pack: LanguagePack) -> bool:
    """A background cue ("في وقت سابق", "earlier") whose verb takes a complement about the
    attack told ("ذكرت الشرطة في حصيلة نشرتها في وقت سابق أن الانفجار وقع ظهر أمس",
    "police said earlier that the blast happened at noon"): the cue dates the statement,
    and what the complement says of the attack is no past of its own."""
    m = _COMPLEMENT.match(text, at, end)
    if m is None or m.group(1) not in pack.data("triggers").get("complement", {}).get("words", []):
        return False
    return any(x.start() == m.end() for x in find_cues(text, pack, "anaphora", m.end(), end))


#: The word after a cue and the whitespace around it.
_COMPLEMENT = re.compile(r"\s*(\w+)\s+")


def _foreground(items, s: _Sentence):
    """Mentions of ``s`` that come before any clause about earlier events."""
    return [x for x in items if s.background_from is None or x.start < s.background_from]


# --- which sentences tell one attack ----------------------------------------------------------

def _opens_event(s: _Sentence, pack: LanguagePack, violent_nearby: bool = False) -> bool:
    """Whether ``s`` opens an event: an attack word with an anchor, or a toll that violence
    explains, in its own sentence or, for a bare toll, in the sentence before or after
    ("Seven road workers were killed on a highway. Gunmen had set up a checkpoint.")."""
    if s.status == "skip":
        return False
    triggers = _foreground(s.triggers, s)
    if triggers:
        # What anchors the attack must belong to it, not to a clause about the past
        # ("... attacks in the area since the group lost Hawija last month").
        places = _foreground(s.places, s)
        if _foreground(s.counts, s) or _foreground(s.dates, s) or s.counted:
            return True
        if s.opens_separately and not _all_weak(triggers, pack):
            return True  # "A second, separate airstrike ... killed a shepherd": the text says it is one more
        # A name the gazetteer lacks after a preposition of place ("clashed in Baniyani")
        # is a locality all the same: only a country is too coarse to anchor.
        located = any(p.geo_precision <= 3 or p.place.kind == "unresolved" for p in places)
        if _all_weak(triggers, pack):
            return located
        # A country alone anchors an attack only with a target named ("the American base
        # in Bahrain") or a village in it ("بلدة كونين في لبنان"), not in a politician's
        # "our friends in Lebanon were targeted".
        village = s.village is not None and s.village.name is not None
        return located or (bool(places) and (s.targeted or village))
    tolls = [c for c in s.counts if c.role in ("killed", "wounded", "combined")]
    return bool(tolls) and (s.violent or violent_nearby) and s.status == "actual"


def _violent_neighbours(sents: list[_Sentence]) -> dict[tuple[int, int], bool]:
    """For each sentence, whether it (in another clause: "ثمانية حراس ... قتلوا، بينما جرح
    أربعة في الهجوم"), the one before or the one after names violence or an attack that
    happened (its clauses are not vetoed by a cue)."""
    order: list[tuple[int, int]] = []
    violent: dict[tuple[int, int], bool] = {}
    for s in sents:
        if s.sentence not in violent:
            order.append(s.sentence)
            violent[s.sentence] = False
        if s.status == "actual" and (s.violent or _foreground(s.triggers, s)):
            violent[s.sentence] = True
    return {key: violent[key] or (n > 0 and violent[order[n - 1]]) or (n + 1 < len(order) and violent[order[n + 1]])
            for n, key in enumerate(order)}


def _group(sents: list[_Sentence], pack: LanguagePack) -> list[_Draft]:
    drafts: list[_Draft] = []
    told = _PlaceIndex()  # the located places of every draft so far (see _retold)
    current: _Draft | None = None
    nearby = _violent_neighbours(sents)
    for s in sents:
        if s.status == "skip":
            continue
        if current is not None and _splits_aggregate(current, s, pack):
            current.summed_up = True
            current = _Draft([s])
            drafts.append(current)
        elif current is not None and _next_part(current, s):
            current.summed_up = current.summed_up or not current.part
            current = _Draft([s], part=True)
            drafts.append(current)
        elif current is not None and not s.separate and _continues(current, s) and not _another_attack(current, s):
            current.add(s)
        elif _retold(told, s, pack):
            continue
        elif _opens_event(s, pack, nearby.get(s.sentence, False)):
            current = _Draft([s])
            drafts.append(current)
        else:
            continue
        for p in _located(s.places):
            told.add(p.place)
    return drafts


def _another_attack(draft: _Draft, s: _Sentence) -> bool:
    """Whether a sentence that would go on with the draft tells another attack. It must
    tell a toll of its own at a place of its own (a name none of the draft's sentences
    gave, not a point measured from); then either attack words of another family (an
    armed assault after a bombing: "A roadside bomb hit a police car in Fallujah; no one
    was hurt. Gunmen later killed four soldiers at a checkpoint in Karma.") or a sequel
    word ("later", "وفي وقت لاحق") with a place that does not lie inside the draft's
    ("... في منطقة الدورة ... وفي وقت لاحق ... في منطقة الشعلة"). Without a place of its
    own ("set off crude bombs in the area, leaving 8 injured") it is the same attack."""
    if s.refers_back or not s.triggers or not any(c.value is not None for c in s.counts):
        return False
    if not s.update and _other_day(draft, s):
        return True  # "... مساء اليوم. وكان مدنيان قد أصيبا ... يوم الأحد الماضي": another attack
    told = {t.event_type for d in draft.sentences for t in d.triggers} - {"other"}
    new = {t.event_type for t in s.triggers} - {"other"}
    contradict = bool(told and new) and all(type_tier(a, b) is None for a in told for b in new)
    if not (contradict or s.sequel):
        return False
    located = [p for d in draft.sentences for p in _located(d.places) if not p.reference]
    told_at = {(p.place.name, p.place.country) for p in located}
    places = [n for n in _specific(s.places) if (n.place.name, n.place.country) not in told_at and not n.reference]
    if not contradict:
        # a finer place inside the draft's is where it happened ("in Baghdad ... in
        # Karrada"), unless the draft already named one of that kind (Karrada, then Ghazaliya)
        places = [n for n in places if not any(_inside(n.place, o.place) for o in located)
                  or any(o.place.kind == n.place.kind for o in located)]
    return bool(places)


def _other_day(draft: _Draft, s: _Sentence) -> bool:
    """The sentence dates its attack to a day before those the event's sentences give:
    an earlier attack ("وكان مدنيان قد أصيبا ... يوم الأحد الماضي"). A later day is
    mostly the same attack's sequel (a rescue, a death in hospital)."""
    days = {d.value for d in _foreground(s.dates, s) if d.precision == "day" and d.value}
    told = {d.value for x in draft.sentences for d in _foreground(x.dates, x) if d.precision == "day" and d.value}
    return bool(days and told) and max(days) < min(told)


def _inside(a: Place, b: Place) -> bool:
    """``a`` lies in ``b``: a province's or country's place, or a quarter of a town."""
    if _nested(a, b) and b.kind in ("admin1", "country"):
        return True
    return (b.kind == "city" and a.kind in ("district", "unresolved") and a.country == b.country
            and a.admin1 == b.admin1 and _same_place(a, b))


def _all_weak(triggers: list[TriggerMention], pack: LanguagePack) -> bool:
    """Whether every attack word is one so often rhetorical that it needs more to count."""
    weak = weak_words(pack)
    return all(t.text.lower() in weak for t in triggers)


def _retold(told: _PlaceIndex, s: _Sentence, pack: LanguagePack) -> bool:
    """A remark on an attack told earlier, in its town or province (``told``: the located
    places of the drafts so far), with no figure or date of its own ("the blood shed in
    that market will not be forgotten"): it opens nothing."""
    if s.separate or s.counts or s.dates or not _all_weak(s.triggers, pack):
        return False
    return any(told.meets(n.place) for n in _specific(s.places))


def _splits_aggregate(draft: _Draft, s: _Sentence, pack: LanguagePack) -> bool:
    """After "three separate attacks killed eight", an attack told at a place of its
    own is one of the three, not more of the sum."""
    first = draft.sentences[0]
    return (first.aggregate and draft.sentences[-1] is first and not _specific(first.places)
            and bool(_specific(s.places)) and _opens_event(s, pack))


def _next_part(draft: _Draft, s: _Sentence) -> bool:
    """After a toll of counted attacks ("Two bombings killed 9 in Hillah", "قتل 9 في
    تفجيرين"), a clause that names one of them by its ordinal and gives a toll of its own
    ("the first ... killed 5", "فيما قتل 4 ... بانفجار الثانية") tells that attack; the
    sum is then a summary, not one more."""
    if not s.ordinal or not any(c.value is not None for c in s.counts):
        return False
    first = draft.sentences[0]
    return draft.part or (first.several and any(c.value is not None for c in first.counts))


def _specific(places: list[PlaceMention]) -> list[PlaceMention]:
    return [p for p in places if p.geo_precision <= 2]


def _continues(draft: _Draft, s: _Sentence) -> bool:
    """Whether sentence ``s`` goes on telling the attack of ``draft``: it speaks of
    an attack or its toll and names no place other than the attack's."""
    new, old = _specific(s.places), _anchor(draft)
    last = draft.sentences[-1]
    if not last.closed and new and not old and s.start - last.end <= 2:
        return True  # a line wrapped without a full stop goes on with the same sentence
    if s.sentence == last.sentence and new and not old and not (s.triggers or s.counts):
        return True  # "A ranger was wounded in a blast while on patrol in Yaring district": where
    if not (s.triggers or s.counts or s.anaphora or s.site):
        return False
    if s.anaphora and all(p.reference for p in new):
        return True  # "the attack", at no place or only at a point it is measured from
    if s.refers_back and not s.counts and not s.dates:
        return True  # a remark on the attack told, whatever else it names ("the area between Kirkuk and ...")
    if s.site and not s.triggers and not s.counts and not s.dates and new and old and all(o.reference for o in old):
        return True  # "north of Baghdad", then "the post lies on the edge of Balad": where it was
    if s.anaphora and not _foreground(s.counts, s) and not _foreground(s.dates, s):
        # A restatement: the attack or its attackers told of already, no toll or day of its
        # own ("Police said the gunman opened fire inside a club in Midtown"), at whatever
        # place it names
        return True
    if not new:
        # Provinces decide when the clause names no town: Diyala and then Anbar are two
        # attacks, and so are a town in Taiz and then the province of al-Jawf.
        new = _located(s.places)
        return not new or not draft.located or any(draft.located.meets(n.place) for n in new)
    if not old:
        # An attack known by its province goes on only in a town of that province.
        return not draft.located or any(draft.located.meets(n.place) for n in new)
    return any(_same_place(n.place, o.place) or _nested(n.place, o.place) for n in new for o in old)


def _anchor(draft: _Draft) -> list[PlaceMention]:
    """The places the event is told at: those of the first sentence naming a town,
    but for a reference point measured off ("80 km north of Baghdad"): a later
    attack in Baghdad is another event, while "near Lyon" stays the same locality.
    The draft keeps them as its sentences are added."""
    return list(draft.anchor) if draft.anchor is not None else []


def _located(places: list[PlaceMention]) -> list[PlaceMention]:
    return [p for p in places if p.geo_precision <= 3]


def _same_place(a: Place, b: Place) -> bool:
    if a.name == b.name and a.country == b.country:
        return True
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return False
    return abs(a.latitude - b.latitude) < 0.25 and abs(a.longitude - b.longitude) < 0.25


# --- the fields of one event ------------------------------------------------------------------

@dataclass
class _Context:
    report: Report
    norm: Normalized
    pack: LanguagePack
    lang: str
    published: date | None
    sentences: list[_Sentence]
    gazetteer: Gazetteer
    country: str | None
    filed_at: list[PlaceMention]  # the dateline's place: the event's only as a last resort
    actors: dict[str, list[ActorMention]]  # perpetrators and targets of the whole report

    @cached_property
    def actor_index(self) -> dict[str, _ByStart]:
        return {kind: _ByStart(found) for kind, found in self.actors.items()}

    @cached_property
    def sole_perpetrator(self) -> ActorMention | None:
        """The first perpetrator of the report, when it names only one."""
        everywhere = _actors_in(self, "perpetrators", 0, len(self.norm.text))
        return everywhere[0] if len({m.name for m in everywhere}) == 1 else None

    @cached_property
    def _starts(self) -> list[int] | None:
        starts = [s.start for s in self.sentences]
        return starts if all(x <= y for x, y in zip(starts, starts[1:])) else None

    def sentence_from(self, at: int) -> list[_Sentence]:
        """The first sentence that starts at ``at`` or after, in a list of one (or none)."""
        if self._starts is None:
            return [s for s in self.sentences if s.start >= at][:1]
        i = bisect_left(self._starts, at)
        return self.sentences[i:i + 1]

    @cached_property
    def title_places(self) -> list[PlaceMention]:
        """Places of the title, found only for an event that names none."""
        if not self.report.title:
            return []
        return find_places(normalize(self.report.title).text, self.pack, self.gazetteer, country_hint=self.country)


def _listed_places(draft: _Draft, ctx: _Context) -> list[PlaceMention]:
    """Places the attack sentence lists side by side ("in Jalalabad and Logar
    Province", "بحضرموت ومأرب"), or attacks it joins each with its own place and a toll
    "between them" ("A suicide bomber hit a hall in Kunduz and a blast struck a bus in
    Lashkar Gah, killing 19 between them"): one attack at each, with one toll for all."""
    lead = next((s for s in draft.sentences if _foreground(s.triggers, s)), None)
    if lead is None:
        return []
    lang = ctx.pack.data("language")
    joiner, conj = lang.get("list_joiner"), lang.get("list_and")
    if not joiner or not conj:
        return []
    places = [p for p in _foreground(lead.places, lead) if p.geo_precision <= 3]
    best: list[PlaceMention] = []
    run: list[PlaceMention] = []
    joined_by_and = False
    jointly = lead.jointly
    for p in places:
        between = ctx.norm.text[run[-1].end:p.start] if run else ""
        joined = bool(re.match(joiner, between)) or (
            jointly and bool(re.search(conj, between)) and any(run[-1].end <= t.start < p.start for t in lead.triggers))
        if run and joined and not _nested(run[-1].place, p.place):
            run.append(p)
            joined_by_and = joined_by_and or bool(re.search(conj, between))
        else:
            run, joined_by_and = [p], False
        distinct = {(q.place.name, q.place.country) for q in run}
        if joined_by_and and len(distinct) >= 2 and len(run) > len(best):
            best = list(run)
    return best


def _tells_at(s: _Sentence, p: PlaceMention) -> bool:
    """The sentence names the place ``p`` names."""
    return any((q.place.name, q.place.country) == (p.place.name, p.place.country) for q in s.places)


def _told_in(sents: list[_Sentence], s: _Sentence, c: CountMention) -> _Sentence:
    """The sentence of ``sents`` that ``c`` starts in: the clause it was found in, ``s``
    (clauses never overlap), else the first that holds it."""
    if s.start <= c.start < s.end:
        return s
    return next(x for x in sents if x.start <= c.start < x.end)


def _nested(a: Place, b: Place) -> bool:
    """One place lies in the other ("Ocotlan, Jalisco"): a description, not a list."""
    for inner, outer in ((a, b), (b, a)):
        if outer.kind == "admin1" and inner.country == outer.country and inner.admin1 == outer.admin1:
            return True
        if outer.kind == "country" and inner.country == outer.country:
            return True
    return a.name == b.name and a.country == b.country


def _assemble(draft: _Draft, ctx: _Context, listed: PlaceMention | None = None,
              all_listed: list[PlaceMention] | None = None) -> Reading:
    """One event from a draft, with the mentions it was read from; ``listed`` is one of
    several places (``all_listed``) that share one toll."""
    sents = draft.sentences
    # The type comes from sentences that tell this attack (with a figure, place or
    # date), not from a general remark that follows it ("the group relies on
    # bombings and assassinations").
    told = [s for s in sents if s is sents[0] or s.counts or s.places or s.dates]
    triggers = [t for s in told for t in _foreground(s.triggers, s) + _foreground(s.instruments, s)]
    lead = next((s for s in sents if _foreground(s.triggers, s)), sents[0])
    event_type = best_type([t.event_type for t in triggers])

    date_value, precision, basis, date_text, dated_by = _date_of(draft, ctx)
    if listed is None:
        place, location_text = _with_village(lead, *_place_of(draft, ctx), ctx)
    else:
        place, location_text = listed, ctx.norm.surface(listed.start, listed.end)
    # A sentence summing up several attacks gives totals: its figures count only when
    # no sentence gives this attack's own ("over 100 killed in attacks across Iraq,
    # most of them in Sadr City ... at least 60 were killed").
    counts = [c for _, c in sorted(((_told_in(sents, s, c).aggregate, c) for s in sents
                                    for c in _foreground(s.counts, s)), key=lambda x: x[0])]
    if listed is not None:
        # The toll covers every listed place: it is kept in words, not given to one; but a
        # later sentence that tells this place alone gives its own figures ("Two car bombs
        # in Ramadi and Fallujah killed 10 ... the Ramadi blast killed six")
        others = [q for q in all_listed or [] if (q.place.name, q.place.country) != (listed.place.name,
                                                                                   listed.place.country)]
        own = [c for s in sents if s is not lead and _tells_at(s, listed) and not any(_tells_at(s, q) for q in others)
               for c in _foreground(s.counts, s)]
        counts = own or [replace(c, role="combined") for c in counts if c.role != "attackers_killed"]
    killed, killed_min, killed_max, killed_from = _figure(counts, "killed", ctx)
    wounded, wounded_min, wounded_max, wounded_from = _figure(counts, "wounded", ctx)
    summed = wounded_from if len(wounded_from) > 1 else ()  # groups of the wounded (_parts)
    attackers, _, _, attackers_from = _figure(counts, "attackers_killed", ctx)
    if attackers and killed is not None and _included(counts, ctx):
        # "11 killed, including the two bombers": the GTD counts attackers apart.
        killed, killed_min, killed_max = (max(killed - attackers, 0),
                                          None if killed_min is None else max(killed_min - attackers, 0),
                                          None if killed_max is None else max(killed_max - attackers, 0))
    if attackers and killed is None and wounded is not None:
        # "Soldiers shot dead a gunman ...; one soldier was lightly hurt": the report tells
        # its toll, and only the attacker died. Nobody else was killed (GTD's nkill 0).
        killed, killed_min, killed_max = 0, 0, 0
    combined = [c for c in counts if c.role == "combined"]
    if any(c.value == 0 for c in combined):  # "no casualties": nobody killed and nobody hurt
        killed, killed_min, killed_max = (0, 0, 0) if killed is None else (killed, killed_min, killed_max)
        wounded, wounded_min, wounded_max = (0, 0, 0) if wounded is None else (wounded, wounded_min, wounded_max)

    mention = "main"
    aged = False  # background only for being dated over a year before publication
    if draft.summed_up:
        mention = "summary"  # the total of attacks told one by one after it
    elif sents[0].status == "foiled":
        mention = "foiled"
    elif not _foreground(lead.triggers, lead) and lead.background_from is not None:
        mention = "background"
    elif basis == "explicit" and ctx.published and date_value and int(date_value[:4]) < ctx.published.year - 1:
        mention = "background"
        aged = True

    evidence = ctx.norm.surface(*lead.sentence)
    perpetrator, target = _actor(draft, ctx, "perpetrators"), _actor(draft, ctx, "targets")
    location = place.place.name if place else None
    sources = (ctx.report.id,)
    event = Event(
        event_id=event_id(date_value, location, event_type, sources, evidence),
        date=date_value, date_precision=precision, date_basis=basis,
        location=location,
        admin1=(place.place.admin1 or None) if place else None,
        country=(place.place.country or None) if place else None,
        latitude=place.place.latitude if place and place.geo_precision < 4 else None,
        longitude=place.place.longitude if place and place.geo_precision < 4 else None,
        killed=killed, wounded=wounded, event_type=event_type,
        perpetrator=perpetrator.name if perpetrator else None,
        target=target.name if target else None,
        sources=sources, evidence=evidence, lang=ctx.lang,
        date_text=date_text, location_text=location_text,
        admin2=(place.place.admin2 or None) if place else None,
        geo_precision=place.geo_precision if place and place.place.country else None,
        place_ref=(place.place.ref or None) if place else None,
        killed_min=killed_min, killed_max=killed_max,
        wounded_min=wounded_min, wounded_max=wounded_max,
        attackers_killed=attackers,
        casualties_text="; ".join([*(ctx.norm.surface(c.start, c.end) for c in combined),
                                   *([" + ".join(ctx.norm.surface(c.start, c.end) for c in summed)] if summed else [])])
        or None,
        perpetrator_text=ctx.norm.surface(perpetrator.start, perpetrator.end) if perpetrator else None,
        target_text=ctx.norm.surface(target.start, target.end) if target else None,
        mention=mention,
    )
    return Reading(event, tuple(triggers), dated_by, place, killed_from, wounded_from, attackers_from,
                   tuple(combined), perpetrator, target, tuple(dict.fromkeys(s.sentence for s in sents)), aged)


def _date_of(draft: _Draft,
             ctx: _Context) -> tuple[str | None, str | None, str | None, str | None, DateMention | None]:
    """The event's own date, else the lead's, else the publication day (no mention).

    The first of the event's sentences that dates anything tells the attack; later
    ones tell its aftermath ("claimed it in a statement last night").
    """
    lead = ctx.sentences[0] if ctx.sentences and ctx.sentences[0] is not draft.sentences[0] else None
    for s in [*draft.sentences, *([lead] if lead else [])]:
        chosen = _best_date(_foreground(s.dates, s), ctx.published, _foreground(s.triggers, s), ctx)
        if chosen is None:
            continue
        text = ctx.norm.surface(chosen.start, chosen.end)
        if chosen.value is None:  # relative, and no publication date to resolve it
            return None, None, None, text, chosen
        return chosen.value, chosen.precision, chosen.basis, text, chosen
    if ctx.published is None:
        return None, None, None, None, None
    return ctx.published.isoformat(), "day", "publication", None, None


def dates_a_statement(text: str, d: DateMention, pack: LanguagePack) -> bool:
    """A reporting word stands beside the date: it dates what was said ("announced
    today"), not the attack."""
    around = text[max(0, d.start - 30):d.start] + " " + text[d.end:d.end + 12]
    return bool(find_cues(around, pack, "reporting"))


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_COARSE_REACH = 30  # characters between a month/year date and the attack word it dates


def _starts_by(value: str, published: date) -> bool:
    """Whether a reduced ISO date ("2019-W09", "2019-03", "2019-03-01") begins by the
    publication day. Comparing the strings threw every week away: "2019-W09" > "2019-03-04"."""
    span = date_span(value)
    return span is not None and span[0] <= published


def _best_date(candidates: list[DateMention], published: date | None,
               triggers: list[TriggerMention], ctx: _Context) -> DateMention | None:
    """The most precise date not after publication that does not date a statement
    ("announced today that the toll of yesterday's bombing ..."); of equals, the
    one nearest an attack word."""
    def distance(d: DateMention) -> int:
        return min((min(abs(d.start - t.end), abs(t.start - d.end)) for t in triggers), default=0)

    # A month or a year far from any attack word dates something else in the
    # sentence ("the worst attacks since the handover in June"); a week is as near as a day.
    usable = [d for d in candidates
              if (d.value is None or published is None or _starts_by(d.value, published))
              and (d.precision in ("day", "week") or distance(d) <= _COARSE_REACH)]
    if not usable:
        return None

    def statement(d: DateMention) -> bool:
        return dates_a_statement(ctx.norm.text, d, ctx.pack)

    # A date that resolves beats one that cannot ("15th January" with no year and no
    # publication date) at the same precision: it is the one the reader can use.
    return min(usable, key=lambda d: (statement(d), _PRECISION_RANK.get(d.precision, 9), d.value is None,
                                      distance(d)))


def _place_of(draft: _Draft, ctx: _Context) -> tuple[PlaceMention | None, str | None]:
    """The place told with the attack; else the title's; else the lead's.

    The first sentence of the event that names a town or a spot near one gives it
    (later sentences tell the aftermath: "the road between the sub-district and
    the city centre"); a province or a country only when no sentence is closer.
    """
    pools = _abroad_dropped([_foreground(s.places, s) for s in draft.sentences], ctx)
    chosen = next((_most_specific(_specific(pool), ctx.norm.text, ctx.pack) for pool in pools if _specific(pool)),
                  None)
    if chosen is not None and chosen.reference:
        # "north of Baghdad", then "the post lies on the edge of Balad district": the
        # place a later sentence names in that country is the attack's, not the reference
        chosen = next((q for pool in pools for q in _specific(pool)
                       if not q.reference and q.place.country == chosen.place.country), chosen)
    if chosen is None:
        chosen = _most_specific([p for pool in pools for p in pool])
    if chosen is None:
        chosen = _most_specific(ctx.title_places)
        if chosen is not None:
            return chosen, chosen.text
    if chosen is None and ctx.sentences and ctx.sentences[0] is not draft.sentences[0]:
        chosen = _most_specific(ctx.sentences[0].places)
    if chosen is None:
        chosen = _most_specific(ctx.filed_at)
    if chosen is None:
        return _country_of(draft, ctx)
    return chosen, ctx.norm.surface(chosen.start, chosen.end)


def _abroad_dropped(pools: list[list[PlaceMention]], ctx: _Context) -> list[list[PlaceMention]]:
    """The event's sentences' places, less those in another country than one a sentence
    puts the attack in ("ambushed in Somalia; ... had been planning bombings in
    Nairobi"): a country after a preposition of place says where, and a town abroad
    told after it is another matter."""
    locative = _locative(ctx.pack)
    if locative is None:
        return pools
    text = ctx.norm.text
    where = None
    out = []
    for pool in pools:
        kept = []
        for p in pool:
            if where is None or p.place.country == where.place.country:
                kept.append(p)
            if where is None and p.place.kind == "country" and locative.search(text, max(0, p.start - 12), p.start):
                where = p
        out.append(kept)
    return out


@cache
def _locative(pack: LanguagePack) -> re.Pattern[str] | None:
    words = pack.data("places").get("locative", [])
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\s+$", re.IGNORECASE) if words else None


def _country_of(draft: _Draft, ctx: _Context) -> tuple[PlaceMention | None, str | None]:
    """No place of the attack is named, but its country may be: from the speaker's or
    the hospital's town, else from a national force ("الحشد الشعبي" is Iraqi)."""
    a, b = draft.sentences[0].start, draft.sentences[-1].end
    countries = Counter(p.place.country for s in draft.sentences for p in s.places + s.elsewhere
                        if p.place.country)
    words = None
    if not countries:
        forces = find_national_forces(ctx.norm.text[a:b], ctx.pack)
        if len({f.name for f in forces}) != 1:
            return None, None
        countries = Counter(f.name for f in forces)
        words = ctx.norm.surface(forces[0].start + a, forces[0].end + a)
    country = ctx.gazetteer.country(countries.most_common(1)[0][0])
    return (PlaceMention(a, a, "", country, 4), words) if country else (None, None)


@dataclass(frozen=True)
class _VillageWords:
    """The words of places.toml that find a village the gazetteer lacks (see _village)."""
    settlements: re.Pattern[str]  # بلدة، قرية، منطقة ...: words before a settlement's name
    kinds: re.Pattern[str]  # place-type words: they end a village's words ("بمديرية")
    stops: frozenset[str]  # prepositions
    named: frozenset[str]  # settlement words a proper name always follows
    descriptors: frozenset[str]  # words that describe, not name ("الحدودية")
    not_a_name: tuple[str, ...]  # openings of a phrase, never of a name ("للنازحين")
    everyday: frozenset[str]  # the language's common words (frequency.toml): "منطقة المطار" names no place


@cache
def _village_words(pack: LanguagePack) -> _VillageWords | None:
    places = pack.data("places")
    data = places.get("unlisted", {})
    if not data.get("words"):
        return None
    return _VillageWords(
        settlements=term_pattern(pack, data["words"]),
        kinds=term_pattern(pack, list(places.get("type_before", {}))),
        stops=frozenset(w.lower() for w in places.get("prepositions", [])),
        named=frozenset(data.get("named", [])), descriptors=frozenset(data.get("descriptors", [])),
        not_a_name=tuple(data.get("not_a_name", [])),
        everyday=frozenset(pack.data("frequency").get("zipf", {})))


def _village(text: str, a: int, b: int, pack: LanguagePack, known: list[tuple[int, int]],
             told: list[tuple[int, int]]) -> _Village | None:
    """The words after a settlement word in the clause ``text[a:b]`` ("بلدة حلتا", "قرية
    كونين الحدودية") when the gazetteer knows no place there (``known``: the spans of
    the places found): up to three words, stopping at a preposition, a number, the
    place it lies in, another place-type word ("بمديرية") or a word the clause says
    something else with (``told``: attack words, weapons, figures, dates: "بقذائف"); none
    when they only describe it ("قرية صغيرة"). The name is kept when the settlement word
    is one a proper name follows and is not "the village"; a descriptor such as
    "الحدودية" ends it."""
    lex = _village_words(pack)
    if lex is None:
        return None
    for m in lex.settlements.finditer(text, a, b):
        words: list[tuple[int, int]] = []
        for w in re.finditer(r"[^\s،,.:;؛()\"]+", text[m.end():b]):
            ws, we = m.end() + w.start(), m.end() + w.end()
            if any(s <= ws < e for s, e in known):
                if not words:
                    return None  # the gazetteer knows this one
                break  # the place it lies in ("حلتا جنوبي لبنان")
            if w.group().lower() in lex.stops or any(ch.isdigit() for ch in w.group()) or len(words) == 3:
                break
            if any(s < we and ws < e for s, e in told) or lex.kinds.fullmatch(text, ws, we):
                break
            words.append((ws, we))
            if text[we:we + 1] in "،,.:;؛()\"":
                break
        if not words or _describes(text, words[0], lex):
            continue  # "قرية صغيرة", "مخيم للنازحين", "من ناحية أخرى": no place named
        name_words = []
        # after بلدة, قرية, مخيم a name follows; after منطقة, حي, ناحية a name or a common
        # noun ("منطقة المطار"): a word the language rarely uses otherwise is a name
        named = m.group("term") in lex.named
        if (named or text[slice(*words[0])] not in lex.everyday) and m.group(0) == m.group("term"):  # not "بلدته"
            for w in words:
                if _describes(text, w, lex):
                    break  # "قرية كونين الحدودية"
                name_words.append(w)
            if not named and len(name_words) < len(words) and text.startswith(lex.not_a_name, words[len(name_words)][0]):
                name_words = []  # "مديرية خب والشعب": where such a name ends is unsure
        return _Village(m.start(), words[-1][1], (name_words[0][0], name_words[-1][1]) if name_words else None)
    return None


#: How far after a village's words a town may be named for the village to lie in or near it.
_WITHIN = 50


def _describes(text: str, word: tuple[int, int], lex: _VillageWords) -> bool:
    """The word describes a settlement ("الحدودية", "للنازحين") rather than names it."""
    a, b = word
    return text[a:b] in lex.descriptors or text.startswith(lex.not_a_name, a)


def _with_village(lead: _Sentence, place: PlaceMention | None, location_text: str | None,
                  ctx: _Context) -> tuple[PlaceMention | None, str | None]:
    """The event's place once the attack clause's village the gazetteer lacks is heeded
    ("بلدة حلتا"): its words tell the reader where, and its name, in Latin letters, is the
    location within or near the town, district, province or country it lies in. A town
    named just after the village is its area ("قرية الشقب بمديرية صبر الموادم في تعز", 2);
    one named elsewhere in the clause is another place, and the village gives way."""
    village = lead.village
    if village is None:
        return place, location_text
    if place is not None and place.geo_precision == 1:
        if not 0 <= place.start - village.end <= _WITHIN or any(
                village.end <= t.start < place.start for t in lead.triggers):
            return place, location_text
        place = replace(place, geo_precision=2)
    latin = romanize(ctx.norm.surface(*village.name), ctx.pack) if village.name else None
    if not latin and place is not None and place.geo_precision < 3:
        return place, location_text
    words = ctx.norm.surface(village.start, village.end)
    if latin and place is not None:
        place = replace(place, place=placed_at(latin, place.place))
    elif latin:
        # "في منطقة الغويزة" and nothing of where it lies: the name, with no country,
        # coordinates or precision, rather than no place at all
        place = PlaceMention(village.start, village.end, words, Place(latin, "", kind="unresolved"), 4)
    return place, words


def _elsewhere(text: str, p: PlaceMention, pack: LanguagePack) -> bool:
    """The place is where the attackers came from or went back to, the wounded were
    taken or the speaker is ("a source in Baghdad said"), not where the attack happened.
    But people the attack's own clause hits "in" or "from" a town were there: "A drone
    strike killed two senior officials in Marib", "abducted four engineers and two
    other people from Haditha"."""
    before = text[max(0, p.start - 30):p.start]
    cues = [m for m in find_cues(before, pack, "elsewhere") if m.end() >= len(before) - 12]
    if not cues:
        return False
    people = {m.span() for m in find_cues(before, pack, "people")}
    if all(m.span() in people for m in cues):
        clause = text[max(0, p.start - 120):p.start - len(before) + cues[0].start()]
        clause = clause[max(clause.rfind(ch) for ch in ".;,،؛:\n") + 1:]
        if find_triggers(clause, pack):
            return False
    return True




def _most_specific(places: list[PlaceMention], text: str = "",
                   pack: LanguagePack | None = None) -> PlaceMention | None:
    """The place of finest precision, the first of equals; but of "Baghdad's Sadr City"
    the place inside (given ``text`` and a pack whose language.toml has a ``possessive``)."""
    if not places:
        return None
    possessive = _possessive(pack) if pack is not None else None

    def owned(p: PlaceMention) -> bool:
        return possessive is not None and any(q.end < p.start and possessive.fullmatch(text, q.end, p.start)
                                              and q.place.country == p.place.country for q in places)

    return min(places, key=lambda p: (p.geo_precision, p.reference, not owned(p), p.start))


@cache
def _possessive(pack: LanguagePack) -> re.Pattern[str] | None:
    pattern = pack.data("language").get("possessive")
    return re.compile(pattern) if pattern else None


def _figure(counts: list[CountMention], role: str,
            ctx: _Context) -> tuple[int | None, int | None, int | None, tuple[CountMention, ...]]:
    """Best value and range of one role, and the mentions the value is read from: an
    updated toll wins, else the sum of groups told as more victims (see _parts), else
    the first figure."""
    found = [c for c in counts if c.role == role]
    if not found:
        return None, None, None, ()
    # A figure beats a vague amount ("many are killed, at least fifteen of them in Kabul").
    exact = [c for c in found if c.value is not None] or found
    updates = [c for c in exact if _is_update(c, ctx)]
    best = updates[-1] if updates else exact[0]
    # The range spans every figure told; an open-ended one ("at least 12") leaves it open.
    lows = [c.low for c in found if c.low is not None]
    highs = [c.high for c in found]
    low = min(lows) if lows else None
    high = None if any(h is None for h in highs) else max(highs)
    parts = _parts(counts, role, ctx)
    if parts:
        total = sum(c.value for c in parts)  # type: ignore[misc]
        return total, total if low is not None else None, total if high is not None else None, tuple(parts)
    return best.value, low, high, (best,)


def _parts(counts: list[CountMention], role: str, ctx: _Context) -> list[CountMention]:
    """The groups of victims a toll of ``role`` sums, first group first; none when it
    is one figure. "Three tourists were hurt ... four local guides were also injured":
    a second group, told as more of them, adds to the first, when no update gives a new
    total. Only the wounded: "seven militants were also killed" are mostly the
    attackers, whom the text does not mark."""
    exact = [c for c in counts if c.role == role and c.value is not None]
    if role != "wounded" or len(exact) < 2 or any(_is_update(c, ctx) for c in exact):
        return []
    more = [c for c in exact[1:] if _adds_to(c, ctx)]
    return [exact[0], *more] if more else []


def _adds_to(c: CountMention, ctx: _Context) -> bool:
    """The figure's own sentence tells it as more victims ("were also injured", "أصيب أيضا")."""
    text = ctx.norm.text
    a = max(text.rfind(ch, 0, c.start) for ch in ".!?؟\n") + 1
    ends = [i for i in (text.find(ch, c.end) for ch in ".!?؟\n") if i >= 0]
    return has_cue(text[a:min(ends, default=len(text))], ctx.pack, "additive")


def _included(counts: list[CountMention], ctx: _Context) -> bool:
    """The attackers are told as part of the killed figure ("including the bomber")."""
    words = ctx.pack.data("casualties").get("including", {}).get("words", [])
    return any(c.role == "attackers_killed" and any(c.text.lower().startswith(w) for w in words)
               for c in counts)


def _is_update(c: CountMention, ctx: _Context) -> bool:
    before = ctx.norm.text[max(0, c.start - 40):c.start]
    return bool(find_cues(before, ctx.pack, "update"))


def _actor(draft: _Draft, ctx: _Context, kind: str) -> ActorMention | None:
    """The first actor named with the attack; a perpetrator may also be named in the
    sentence after it, or be the only one the whole report names. A target is never
    the one who tells of the attack ("أفاد مسؤولون أمنيون", "police said")."""
    a, b = draft.sentences[0].start, draft.sentences[-1].end
    found = _actors_in(ctx, kind, a, b)
    if kind == "targets":
        found = [m for m in found if not _speaker(m, ctx)]
    if found or kind != "perpetrators":
        return found[0] if found else None
    after = ctx.sentence_from(b)
    if after and (found := _actors_in(ctx, kind, after[0].start, after[0].end)):
        return found[0]
    return ctx.sole_perpetrator


def _speaker(m: ActorMention, ctx: _Context) -> bool:
    """The actor is the subject of a reporting verb just before or after it: "قالت
    الشرطة", "أفاد مسؤولون", "officials said", "police told reporters"."""
    text = ctx.norm.text
    before = text[max(0, m.start - 16):m.start]
    after = text[m.end:m.end + 24]
    if any(not before[mm.end():].strip() for mm in find_cues(before, ctx.pack, "reporting")):
        return True
    # up to two more words of its noun phrase may come between ("police officials said"),
    # but no comma: in "killing two soldiers, the army said" the soldiers are not speaking
    return any(_NOUN_PHRASE_REST.fullmatch(after, 0, mm.start()) for mm in find_cues(after, ctx.pack, "reporting"))


_NOUN_PHRASE_REST = re.compile(r"(?:\s*[^\W\d_]+){0,2}\s*")


def _actors_in(ctx: _Context, kind: str, a: int, b: int) -> list[ActorMention]:
    return ctx.actor_index[kind].within(a, b)
