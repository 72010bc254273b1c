"""One timeline entry per attack: merge the events that several reports tell of it.

Two events are *compatible* when they come from different reports, their dates
agree within a day (a coarser date covers its whole week, month or year), their
places agree and their types do not contradict. Entries are then grown by
complete linkage: two groups join only if every event of one is compatible with
every event of the other, and the best-matching pairs are joined first. Every
step is a function of the events' content alone (the input is sorted on it
first), so the same events in any order give the same entries and ids.

docs/merge.md gives the rules with examples; this module is their reference.
"""
from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from heapq import heappop, heappush
from datetime import date
from operator import itemgetter

from .assemble import event_id
from .dates import date_span
from .model import EVENT_FIELDS, Event
from .triggers import type_tier

__all__ = ["merge_events", "merge_windows", "window_start", "canonical_order", "filter_events", "event_filter",
           "date_span", "MAX_KM"]

#: Places at most this far apart (great-circle, km) may be the same attack.
MAX_KM = 25.0
#: Dates may differ by this many days (midnight attacks, late reports).
_DAY_SLACK = 1

#: In a family, the generic type gives way to a specific one.
_GENERIC = frozenset({"bombing", "armed assault", "other"})
_BASIS_RANK = {"explicit": 0, "relative": 0, "publication": 1}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_UNNAMED = "unknown gunmen"


# --- dates ------------------------------------------------------------------------------------

def _gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two spans; 0 when they overlap."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


# --- compatibility ----------------------------------------------------------------------------

def _precision(e: Event) -> int:
    return e.geo_precision or 1


def _country_only(e: Event) -> bool:
    return _precision(e) >= 4 or not e.location


def _vague_place(e: Event) -> bool:
    return _precision(e) >= 3 or not e.location


def _placed(e: Event) -> bool:
    return bool(e.location or e.country)


def _division(e: Event) -> str | None:
    """The first-level division, which a division-only event names as its place."""
    return e.admin1 or (e.location if _precision(e) == 3 else None)


def _km(a: Event, b: Event) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _place_tier(a: Event, b: Event, day_gap: int) -> int | None:
    """How well two places agree: 0 the same entry, 1 near each other, 2 the same
    division, 3 the same country on the same day; None when they disagree."""
    if a.country and b.country and a.country != b.country:
        return None
    if day_gap and (_vague_place(a) or _vague_place(b)):
        return None  # the wider the place, the narrower the date: a coarse place needs the same day
    if _country_only(a) or _country_only(b):
        both_days = a.date_precision == "day" and b.date_precision == "day"
        return 3 if a.country and a.country == b.country and both_days else None
    if (a.place_ref and a.place_ref == b.place_ref) or a.location == b.location:
        return 0
    if _precision(a) == 3 or _precision(b) == 3:
        return 2 if _division(a) and _division(a) == _division(b) else None
    km = _km(a, b)
    if km is not None and km <= MAX_KM:
        return 1
    if (_precision(a) == 2 or _precision(b) == 2) and a.admin2 and a.admin2 == b.admin2 and a.admin1 == b.admin1:
        return 2
    return None


def _affinity(a: Event, b: Event, spans: tuple) -> tuple | None:
    """None when ``a`` and ``b`` cannot be one attack, else how well they match (lower is better)."""
    if set(a.sources) & set(b.sources):
        return None  # one report's events are separate attacks
    if any((a.mention == m) != (b.mention == m) for m in ("foiled", "summary")):
        return None  # a foiled plot is not the attack, nor a total of several one of them
    span_a, span_b = spans
    if span_a is None or span_b is None or not _placed(a) or not _placed(b):
        return None
    day_gap = _gap(span_a, span_b)
    if day_gap > _DAY_SLACK:
        return None
    tier = type_tier(a.event_type, b.event_type)
    if tier is None:
        return None
    place_tier = _place_tier(a, b, day_gap)
    if place_tier is None:
        return None
    if (_vague_place(a) or _vague_place(b)) and not _same_story(a, b, tier):
        return None
    if a.killed is not None and b.killed is not None:
        toll_gap = abs(a.killed - b.killed)
    else:
        toll_gap = math.inf
    return day_gap, place_tier, tier, toll_gap


def _same_story(a: Event, b: Event, tier: int) -> bool:
    """Two events known only by their province or country are one attack only if they
    tell it alike: the same type and no figure one gives that the other lacks or
    contradicts (a region sees many attacks a day)."""
    return tier == 0 and a.killed == b.killed and a.wounded == b.wounded


def _coarse(e: Event) -> bool:
    """A date or a place too vague to tell one attack from another nearby."""
    return e.date_precision != "day" or _vague_place(e)


# --- candidates -------------------------------------------------------------------------------
#
# Comparing every pair of events of a country within a day of each other grows with the
# square of the events of a day. Instead each event is filed under keys (its place, its
# division, the cell of its coordinates, the way it tells the attack) and compared only
# with the events filed under the keys it looks in, within a day. The keys are chosen so
# that every pair _affinity accepts shares one; _affinity still decides.

#: Edge (km) of the cubes that index coordinates. Places are points in space, not in
#: latitude and longitude, so that neither a pole nor the antimeridian splits a neighbourhood.
_CELL_KM = 50.0
_EARTH_KM = 6371.0


def _point(e: Event) -> tuple[float, float, float] | None:
    """Where ``e`` is in space (km from the earth's centre); None without finite coordinates."""
    if e.latitude is None or e.longitude is None:
        return None
    lat, lon = float(e.latitude), float(e.longitude)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    lat, lon = math.radians(lat), math.radians(lon)
    return (_EARTH_KM * math.cos(lat) * math.cos(lon), _EARTH_KM * math.cos(lat) * math.sin(lon),
            _EARTH_KM * math.sin(lat))


def _cells_near(point: tuple[float, float, float]) -> list[tuple]:
    """The cells of every point within MAX_KM (and a margin for rounding) of ``point``: the
    straight line between two points on the sphere is never longer than the arc, so a place
    _km puts within MAX_KM is in one of them."""
    reach = MAX_KM + 1.0
    x, y, z = (range(math.floor((c - reach) / _CELL_KM), math.floor((c + reach) / _CELL_KM) + 1) for c in point)
    return [("cell", i, j, k) for i in x for j in y for k in z]


def _filed_keys(e: Event) -> list[tuple]:
    """The keys ``e`` is filed under (see :func:`_look_keys`)."""
    keys = [("story", e.event_type, e.killed, e.wounded)] if e.date_precision == "day" else []
    if _country_only(e):
        return keys
    keys.append(("place", e.location))
    if e.place_ref:
        keys.append(("ref", e.place_ref))
    division = _division(e)
    if division:
        keys.append(("division", division))
    if _precision(e) != 3:
        point = _point(e)
        if point is not None:
            keys.append(("cell", *(math.floor(c / _CELL_KM) for c in point)))
        if e.admin2:
            keys.append(("admin2", e.admin2, e.admin1))
    return keys


#: Keys that both events of any pair they let agree look in: such a pair is judged from its first event.
_MUTUAL = frozenset({"place", "ref", "cell"})


def _look_keys(e: Event) -> tuple[list[tuple], bool]:
    """The keys ``e`` looks in for the events it may be one attack with, and whether it
    also looks in the cells around its point (:func:`_cells_near`). Each way _place_tier
    (and _same_story) let two places agree is a key that one of the two files and the
    other looks in."""
    if _country_only(e):
        # Only the same day in the same country, told alike: the same type and figures.
        return ([("story", e.event_type, e.killed, e.wounded)] if e.country and e.date_precision == "day" else []), False
    keys = [("place", e.location)]
    if e.place_ref:
        keys.append(("ref", e.place_ref))
    if _precision(e) == 3:
        division = _division(e)
        return (keys + [("division", division)] if division else keys), False
    if e.admin2 and _precision(e) == 2:
        keys.append(("admin2", e.admin2, e.admin1))
    return keys, True


# --- clustering -------------------------------------------------------------------------------

def _lead(e: Event) -> tuple:
    """The start of :func:`_key` (date, place and sources, which tell most events apart),
    flat: it orders as the pairs of the key do, in one tuple instead of four."""
    return (e.date is None, e.date, e.location is None, e.location, e.sources is None, e.sources)


def _key(e: Event) -> tuple:
    """A total order on content: date, place and sources first, then every field."""
    lead = (e.date, e.location, e.sources)
    return tuple((v is None, v) for v in (*lead, *(getattr(e, f) for f in EVENT_FIELDS)))


def canonical_order(events: Iterable[Event]) -> list[Event]:
    """``events`` in an order that depends on their content only, never on input order.

    The order of ``sorted(events, key=_key)``, made in two stable sorts: on the lead of
    the key, then each run of equal leads on the whole key. The whole key (a pair for
    every field) is made only for the few events that need it: made for every event at
    once, it took about 2 KB an event.
    """
    keyed = sorted(((_lead(e), e) for e in events), key=itemgetter(0))
    ordered: list[Event] = []
    start = 0
    while start < len(keyed):
        lead, end = keyed[start][0], start + 1
        while end < len(keyed) and keyed[end][0] == lead:
            end += 1
        if end - start == 1:
            ordered.append(keyed[start][1])
        else:
            ordered += sorted((e for _, e in keyed[start:end]), key=_key)
        start = end
    return ordered


def _candidate_pairs(items: Sequence[Event], spans: Sequence) -> dict[tuple[int, int], tuple]:
    """Affinity of every compatible pair (i < j).

    Only events of one country (or both without one) whose date spans come within a day
    of each other are judged, and of those only the ones filed under a key the other looks
    in (:func:`_look_keys`): each event meets its neighbours, not its whole country.
    """
    placed = [i for i, e in enumerate(items) if spans[i] is not None and _placed(e)]
    # A key that only one side of a pair looks in (a division, a story …) is filed only if
    # some event looks in it: most events are looked for by their place, never by their story.
    sought = {(items[i].country, key) for i in placed for key in _look_keys(items[i])[0]
              if key[0] not in _MUTUAL}
    # country -> key -> length of the date span in days -> (first days, events), sorted
    # on the first day
    filed: dict[str | None, dict[tuple, dict[int, tuple[array, array]]]] = {}
    for i in placed:
        e, span = items[i], spans[i]
        first = span[0].toordinal()
        length = span[1].toordinal() - first
        keys = filed.setdefault(e.country, {})
        for key in _filed_keys(e):
            if key[0] in _MUTUAL or (e.country, key) in sought:
                days, numbers = keys.setdefault(key, {}).setdefault(length, (array("l"), array("l")))
                days.append(first)
                numbers.append(i)
    for keys in filed.values():
        for by_length in keys.values():
            for length, (days, numbers) in by_length.items():
                order = sorted(range(len(days)), key=days.__getitem__)
                by_length[length] = (array("l", (days[k] for k in order)), array("l", (numbers[k] for k in order)))
    found: dict[tuple[int, int], tuple] = {}
    judged: set[int] = set()  # i * len(items) + j of each pair judged
    near: dict[tuple, list] = {}  # (country, point) -> the filed cells around it
    for i in placed:
        e = items[i]
        keys = filed[e.country]
        look, around = _look_keys(e)
        buckets = [(keys[key], key[0] in _MUTUAL) for key in look if key in keys]
        point = _point(e) if around else None
        if point is not None:
            if (e.country, point) not in near:
                near[e.country, point] = [(keys[cell], True) for cell in _cells_near(point) if cell in keys]
            buckets += near[e.country, point]
        start, end = spans[i][0].toordinal() - _DAY_SLACK, spans[i][1].toordinal() + _DAY_SLACK
        for by_length, mutual in buckets:
            for length, (days, numbers) in by_length.items():
                # a span of this length that starts in [start - length, end] comes within the slack
                for j in numbers[bisect_left(days, start - length):bisect_right(days, end)]:
                    if j == i or (mutual and j < i):
                        continue  # itself; or a pair that j, looking under the same key, judges
                    a, b = (i, j) if i < j else (j, i)
                    if a * len(items) + b in judged:
                        continue
                    judged.add(a * len(items) + b)
                    score = _affinity(items[a], items[b], (spans[a], spans[b]))
                    if score is not None:
                        found[a, b] = score
    return found


def _ambiguous(items: Sequence[Event], pairs: Mapping[tuple[int, int], tuple]) -> set[int]:
    """Vague events that could belong to more than one attack: they stay on their own."""
    coarse = {i for pair in pairs for i in pair if _coarse(items[i])}
    partners: dict[int, set[int]] = {}
    for i, j in pairs:
        if i in coarse:
            partners.setdefault(i, set()).add(j)
        if j in coarse:
            partners.setdefault(j, set()).add(i)
    ambiguous = set()
    for i, near in partners.items():
        ordered = sorted(near)
        if any((x, y) not in pairs for n, x in enumerate(ordered) for y in ordered[n + 1:]):
            ambiguous.add(i)
    return ambiguous


def _clusters(items: Sequence[Event], pairs: Mapping[tuple[int, int], tuple] | None = None) -> list[list[int]]:
    """The groups of ``items`` (in canonical order) by their numbers; ``pairs`` is the affinity
    of every compatible pair (i < j), found by :func:`_candidate_pairs` when not given."""
    if pairs is None:
        pairs = _candidate_pairs(items, [date_span(e.date) for e in items])
    vague = _ambiguous(items, pairs)
    root = list(range(len(items)))  # a group is known by its first event
    members: dict[int, list[int]] = {}  # of the groups of more than one event
    for (i, j), _ in sorted(pairs.items(), key=lambda kv: (kv[1], kv[0])):
        if i in vague or j in vague:
            continue
        a, b = root[i], root[j]
        if a == b:
            continue
        if any((min(x, y), max(x, y)) not in pairs for x in members.get(a, [a]) for y in members.get(b, [b])):
            continue
        keep, gone = min(a, b), max(a, b)
        joined = members.pop(gone, [gone])
        for k in joined:
            root[k] = keep
        members[keep] = sorted(members.get(keep, [keep]) + joined)
    return [members.get(i, [i]) for i in range(len(items)) if root[i] == i]


# --- one entry from its events ----------------------------------------------------------------

def merge_events(events: Iterable[Event], published: Mapping[str, date | None] | None = None) -> list[Event]:
    """The timeline entries of ``events``, one per attack, in canonical order.

    ``published`` maps a report id to its publication date; it decides which
    report is the latest (its figures win) and the first (its evidence is kept).
    Reports it does not date count as the oldest.
    """
    items = canonical_order(events)
    pubs = published or {}
    entries = [_combine([items[k] for k in group], pubs) for group in _clusters(items)]
    return canonical_order(entries)


# --- merging in date windows -----------------------------------------------------------------
#
# merge_events holds every event. But an event only ever meets the events whose date spans come
# within a day of its own, so events read in order of the first day of their span can be merged
# holding only the events whose span can still meet a later one (the *window*) and the groups
# they belong to. What merge_events decides is kept exactly:
#
# - Groups are found inside the connected parts of the graph whose edges are the compatible
#   pairs (_affinity) between events that are not *ambiguous* (_ambiguous: a coarse event whose
#   partners are not all compatible with each other, which stays alone). Greedy joining never
#   crosses from one part to another, so each part, once complete, is merged on its own by the
#   very code merge_events runs (_clusters, then _combine), with the same result.
# - A part is complete when none of its events is in the window any more (nothing later can
#   meet it) and no edge to it waits on an undecided coarse event.
# - Whether a coarse event is ambiguous is known for certain once it leaves the window (it has
#   met all its partners), or as soon as two of its partners are not compatible. Until then its
#   edges wait: they hold the parts they would join open, and are dropped or joined when it is
#   decided.

#: A coarse event still in the window, not yet known to be ambiguous; one known to be; one that
#: left the window without being.
_OPEN, _VAGUE, _CLEAR = 0, 1, 2


def window_start(e: Event) -> int | None:
    """The first day (ordinal) of ``e``'s date span, the order :func:`merge_windows` reads events
    in; None for an event that never merges with another (no date span, or no place)."""
    span = date_span(e.date)
    return span[0].toordinal() if span is not None and _placed(e) else None


def merge_windows(events: Iterable[Event], published: Mapping[str, date | None] | None = None) -> Iterator[Event]:
    """The entries :func:`merge_events` gives, in no set order, holding only a window of
    ``events``: they must come in order of :func:`window_start` (an event whose start is None
    anywhere), and what is held at a time is the events whose dates can still meet a later
    one, and the groups of the events they may join. ``canonical_order`` of the result is
    ``merge_events(events, published)``.
    """
    window = _Window(published or {})
    for e in events:
        span = date_span(e.date)
        if span is None or not _placed(e):
            yield _combine([e], window.pubs)
            continue
        window.add(e, span)
        if window.ready:
            yield from window.ready
            window.ready.clear()
    window.finish()
    yield from window.ready


class _Window:
    """The state of :func:`merge_windows`. Events are numbered as they come. The window is
    indexed like :func:`_candidate_pairs` (under the keys an event files and looks in), so that
    each event meets only the events of the window that may share its place; the parts of the
    graph of compatible pairs (see above) are kept by union-find, each with the count of what
    holds it open: its events in the window, and the waiting edges that touch it."""

    def __init__(self, pubs: Mapping[str, date | None]) -> None:
        self.pubs = pubs
        self.ready: list[Event] = []  # entries made, not yet handed out
        self.count = 0
        self.last = -math.inf  # the start of the latest event
        # every event held: in the window, or in a part still open
        self.held: dict[int, Event] = {}
        self.parent: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}  # of each part, by its root
        self.holds: dict[int, int] = {}  # of each part, by its root
        # the window
        self.ends: list[tuple[int, int]] = []  # (last day + the slack, number): a heap
        self.spans: dict[int, tuple[date, date]] = {}
        self.adjacent: dict[int, set[int]] = {}  # the compatible events of the window
        self.scores: dict[int, dict[int, tuple]] = {}  # of each event held: the affinity of each earlier partner
        self.same: dict[tuple, tuple] = {}
        self.filed: dict[tuple, dict[int, None]] = {}  # (country, key) -> events filed under it
        self.looking: dict[tuple, dict[int, None]] = {}  # (country, key) -> events looking in it
        self.buckets: dict[int, list[tuple[dict, tuple, dict[int, None]]]] = {}
        # coarse events: _OPEN, _VAGUE or _CLEAR; the partners of the open ones; waiting edges
        self.state: dict[int, int] = {}
        self.partners: dict[int, set[int]] = {}
        self.waiting: dict[int, list[list]] = {}  # [a, b, live] on each coarse end

    # -- events in ------------------------------------------------------------------------

    def add(self, e: Event, span: tuple[date, date]) -> None:
        start = span[0].toordinal()
        if start < self.last:
            raise ValueError("merge_windows needs its events in order of the first day of their date span")
        self.last = start
        while self.ends and self.ends[0][0] < start:
            self._leave(heappop(self.ends)[1])
        n, self.count = self.count, self.count + 1
        filed, (look, around) = _filed_keys(e), _look_keys(e)
        scores = {}
        for k in self._candidates(e, filed, look, around):
            score = _affinity(self.held[k], e, (self.spans[k], span))
            if score is not None:
                scores[k] = self.same.setdefault(score, score)  # a few scores recur: one copy each
        self.scores[n] = scores  # kept with the part, which is merged from them
        found = list(scores)
        partners = set(found)
        for k in found:  # the coarse partners of ``e`` learn whether they still have but one attack to join
            if self.state.get(k) == _OPEN:
                if all(p in partners for p in self.partners[k]):
                    self.partners[k].add(n)
                else:
                    self._vague(k)
        coarse = _coarse(e)
        if coarse:
            if any(b not in self.adjacent[a] for i, a in enumerate(found) for b in found[i + 1:]):
                self.state[n] = _VAGUE
            else:
                self.state[n] = _OPEN
                self.partners[n] = set(partners)
        self.held[n], self.parent[n], self.members[n], self.holds[n] = e, n, [n], 1
        self.spans[n] = span
        self.adjacent[n] = partners
        for k in found:
            self.adjacent[k].add(n)
            if not coarse and k not in self.state:
                self._union(k, n)
            elif self.state.get(k) != _VAGUE and self.state.get(n) != _VAGUE:
                edge = [k, n, True]
                for end in (k, n):
                    self.holds[self._find(end)] += 1
                    if end in self.state:
                        self.waiting.setdefault(end, []).append(edge)
        self._file(n, e, filed, look)
        heappush(self.ends, (span[1].toordinal() + _DAY_SLACK, n))

    def finish(self) -> None:
        while self.ends:
            self._leave(heappop(self.ends)[1])
        assert not self.held, "every part is merged once the window is empty"

    # -- the index of the window -----------------------------------------------------------

    def _file(self, n: int, e: Event, filed: list[tuple], look: list[tuple]) -> None:
        """File ``n`` under its keys (``filed``); under the keys only one side of a pair looks in
        (a division, a district, a story), note too that it looks, so that a later event filed
        there finds it."""
        where = [(self.filed, (e.country, key)) for key in filed]
        where += [(self.looking, (e.country, key)) for key in look if key[0] not in _MUTUAL]
        self.buckets[n] = [(index, key, index.setdefault(key, {})) for index, key in where]
        for _, _, bucket in self.buckets[n]:
            bucket[n] = None

    def _candidates(self, e: Event, filed: list[tuple], look: list[tuple], around: bool) -> set[int]:
        """The events of the window ``e`` may be one attack with: those filed under the keys it
        looks in (and the cells around it), and those looking in the keys it files that only
        one side of a pair looks in. A key both sides file and look in (a place, an entry, a
        cell) is found from the later side."""
        found: set[int] = set()
        for key in look:
            found.update(self.filed.get((e.country, key), ()))
        point = _point(e) if around else None
        if point is not None:
            for cell in _cells_near(point):
                found.update(self.filed.get((e.country, cell), ()))
        for key in filed:
            if key[0] not in _MUTUAL:
                found.update(self.looking.get((e.country, key), ()))
        return found

    # -- events out ------------------------------------------------------------------------

    def _leave(self, n: int) -> None:
        """``n`` leaves the window: no later event can meet it."""
        for index, key, bucket in self.buckets.pop(n):
            del bucket[n]
            if not bucket:
                del index[key]
        for k in self.adjacent.pop(n):
            if k in self.adjacent:
                self.adjacent[k].discard(n)
        del self.spans[n]
        if self.state.get(n) == _OPEN:  # it met all its partners, and they form one attack
            self.state[n] = _CLEAR
            del self.partners[n]
            for edge in self.waiting.pop(n, ()):
                other = edge[0] if edge[1] == n else edge[1]
                if edge[2] and self.state.get(other, _CLEAR) == _CLEAR:
                    edge[2] = False
                    root = self._union(n, other)
                    self.holds[root] -= 2
        self._release(self._find(n))

    def _vague(self, n: int) -> None:
        """``n``, coarse, could be more than one attack: it stays alone, and its edges are dropped."""
        self.state[n] = _VAGUE
        del self.partners[n]
        for edge in self.waiting.pop(n, ()):
            if edge[2]:
                edge[2] = False
                for end in edge[:2]:
                    root = self._find(end)
                    self.holds[root] -= 1
                    if self.holds[root] == 0:
                        self._merge(root)

    def _release(self, root: int) -> None:
        self.holds[root] -= 1
        if self.holds[root] == 0:
            self._merge(root)

    def _merge(self, root: int) -> None:
        """The part of ``root`` is complete: merge it as merge_events would, and let it go."""
        numbers = self.members.pop(root)
        del self.holds[root]
        for k in numbers:
            del self.parent[k]
            self.state.pop(k, None)
        if len(numbers) == 1:
            del self.scores[numbers[0]]
            self.ready.append(_combine([self.held.pop(numbers[0])], self.pubs))
            return
        # In canonical order, numbered as merge_events numbers them among themselves; the pairs
        # are those judged as the events came (every pair of a part was: one met the other).
        ordered = sorted(numbers, key=lambda k: _key(self.held[k]))
        place = {k: i for i, k in enumerate(ordered)}
        pairs = {}
        for k in numbers:
            for other, score in self.scores.pop(k).items():
                if other in place:
                    i, j = place[other], place[k]
                    pairs[(i, j) if i < j else (j, i)] = score
        items = [self.held.pop(k) for k in ordered]
        # Each report's date once for the whole part: _combine asks for it several times.
        pubs = {s: self.pubs.get(s) for s in {s for e in items for s in e.sources}}
        self.ready += [_combine([items[i] for i in group], pubs) for group in _clusters(items, pairs)]

    # -- the parts -------------------------------------------------------------------------

    def _find(self, n: int) -> int:
        parent = self.parent
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def _union(self, a: int, b: int) -> int:
        a, b = self._find(a), self._find(b)
        if a == b:
            return a
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] += self.members.pop(b)
        self.holds[a] += self.holds.pop(b)
        return a


def _combine(group: list[Event], pubs: Mapping[str, date | None]) -> Event:
    sources = tuple(sorted({s for e in group for s in e.sources}))
    if len(group) == 1:
        alone = group[0]
        return alone if alone.n_sources == len(sources) else replace(alone, n_sources=len(sources))

    def first_day(e: Event) -> tuple:
        days = [pubs[s] for s in e.sources if pubs.get(s)]
        return (not days, min(days) if days else date.min, e.sources)

    def last_day(e: Event) -> tuple:
        days = [pubs[s] for s in e.sources if pubs.get(s)]
        return (bool(days), max(days) if days else date.min)

    by_report = sorted(group, key=first_day)  # the first report by date, then id
    first = by_report[0]

    date_counts = Counter(e.date for e in group)
    when = min(by_report, key=lambda e: (_PRECISION_RANK.get(e.date_precision or "", 9),
                                         _BASIS_RANK.get(e.date_basis or "", 2),
                                         -date_counts[e.date]))
    place_counts = Counter((e.place_ref, e.location) for e in group)
    where = min(by_report, key=lambda e: (e.location is None, _precision(e),
                                          -place_counts[(e.place_ref, e.location)]))
    event_type = _merged_type([e.event_type for e in group])

    killed, killed_min, killed_max = _figures(group, "killed", last_day)
    wounded, wounded_min, wounded_max = _figures(group, "wounded", last_day)
    attackers = _latest(group, "attackers_killed", last_day)
    texts = list(dict.fromkeys(e.casualties_text for e in by_report if e.casualties_text))
    mention = next(m for m in ("main", "background", "foiled", "summary") if any(e.mention == m for e in group))
    perpetrator = _actor(group, "perpetrator", last_day, prefer_named=True)
    target = _actor(group, "target", last_day)

    return replace(
        first,
        event_id=event_id(when.date, where.location, event_type, sources, first.evidence),
        date=when.date, date_precision=when.date_precision, date_basis=when.date_basis, date_text=when.date_text,
        location=where.location, admin1=where.admin1, country=where.country,
        latitude=where.latitude, longitude=where.longitude, location_text=where.location_text,
        admin2=where.admin2, geo_precision=where.geo_precision, place_ref=where.place_ref,
        killed=killed, wounded=wounded, event_type=event_type,
        perpetrator=perpetrator, perpetrator_text=_words_for(group, "perpetrator", perpetrator, first_day),
        target=target, target_text=_words_for(group, "target", target, first_day),
        sources=sources, n_sources=len(sources),
        killed_min=killed_min, killed_max=killed_max, wounded_min=wounded_min, wounded_max=wounded_max,
        attackers_killed=attackers, casualties_text="; ".join(texts) or None, mention=mention,
    )


def _merged_type(types: list[str]) -> str:
    """The most specific type the reports agree on: "other" and a family's generic
    type give way; then the most frequent; then the first in alphabetical order."""
    specific = [t for t in types if t not in _GENERIC] or [t for t in types if t != "other"] or types
    counts = Counter(specific)
    return min(counts, key=lambda t: (-counts[t], t))


def _latest(group: list[Event], name: str, last_day) -> int | None:
    """The figure of the latest report that gives one; of two equally recent, the larger."""
    given = [e for e in group if getattr(e, name) is not None]
    if not given:
        return None
    return getattr(max(given, key=lambda e: (last_day(e), getattr(e, name))), name)


def _figures(group: list[Event], role: str, last_day) -> tuple[int | None, int | None, int | None]:
    """Best value and the range that spans every report's figures; a bound any report
    leaves open stays open."""
    best = _latest(group, role, last_day)
    told = [e for e in group
            if any(getattr(e, n) is not None for n in (role, f"{role}_min", f"{role}_max"))]
    if not told:
        return best, None, None
    lows = [getattr(e, f"{role}_min") for e in told]
    highs = [getattr(e, f"{role}_max") for e in told]
    low = None if None in lows else min(lows)
    high = None if None in highs else max(highs)
    return best, low, high


def _actor(group: list[Event], name: str, last_day, *, prefer_named: bool = False) -> str | None:
    """The name given by the latest report that gives one; a group's name beats
    "unknown gunmen" whatever the date; of equally recent names, the first alphabetically."""
    given = [e for e in group if getattr(e, name)]
    if prefer_named and any(getattr(e, name) != _UNNAMED for e in given):
        given = [e for e in given if getattr(e, name) != _UNNAMED]
    if not given:
        return None
    latest = max(last_day(e) for e in given)
    return min(getattr(e, name) for e in given if last_day(e) == latest)


def _words_for(group: list[Event], name: str, chosen: str | None, first_day) -> str | None:
    """The words the first report (by date, then id) used for the chosen actor."""
    texts = [getattr(e, name + "_text") for e in sorted(group, key=first_day) if getattr(e, name) == chosen]
    return next((t for t in texts if t), None)


# --- filters ----------------------------------------------------------------------------------

def filter_events(
    events: Iterable[Event],
    *,
    since: date | None = None,
    until: date | None = None,
    countries: Collection[str] = (),
    types: Collection[str] = (),
    min_killed: int | None = None,
) -> list[Event]:
    """The events every given filter keeps, in the given order.

    A coarse date is kept when its period overlaps [since, until]; an undated
    event is dropped as soon as a date bound is given. ``min_killed`` reads the
    best figure, else the lower bound of the range ("dozens" counts as 24).
    """
    keep = event_filter(since=since, until=until, countries=countries, types=types, min_killed=min_killed)
    return [e for e in events if keep(e)]


def event_filter(
    *,
    since: date | None = None,
    until: date | None = None,
    countries: Collection[str] = (),
    types: Collection[str] = (),
    min_killed: int | None = None,
) -> Callable[[Event], bool]:
    """Whether an event passes the filters of :func:`filter_events`, one event at a time."""

    def keep(e: Event) -> bool:
        if since or until:
            span = date_span(e.date)
            if span is None or (since and span[1] < since) or (until and span[0] > until):
                return False
        if countries and e.country not in countries:
            return False
        if types and e.event_type not in types:
            return False
        if min_killed is not None:
            figure = e.killed if e.killed is not None else e.killed_min
            if figure is None or figure < min_killed:
                return False
        return True

    return keep
