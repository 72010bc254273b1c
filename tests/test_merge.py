"""Merging the reports of one attack: which events join, what the entry keeps, order independence."""
from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from incidents import merge_events, read_reports
from incidents.assemble import event_id, extract
from incidents.merge import canonical_order, date_span, filter_events
from incidents.model import Event, Report

# Coordinates of a made-up town and of points a known distance east of it (1° of longitude
# at 33.3° N is about 93 km).
TOWN = (33.3, 44.4)
KM_PER_DEGREE_LON = 93.0


def ev(source: str, **kw) -> Event:
    """An event as one report gives it, with plain defaults."""
    base = dict(
        event_id="", date="2021-01-21", date_precision="day", date_basis="relative",
        location="Baghdad", admin1="Baghdad", country="IQ", latitude=TOWN[0], longitude=TOWN[1],
        killed=None, wounded=None, event_type="bombing", perpetrator=None, target=None,
        sources=(source,), evidence=f"evidence of {source}", lang="en", geo_precision=1,
        place_ref="geonames:98182",
    )
    base.update(kw)
    for role in ("killed", "wounded"):
        if base[role] is not None:
            base.setdefault(f"{role}_min", base[role])
            base.setdefault(f"{role}_max", base[role])
    event = Event(**base)
    return replace(event, event_id=event_id(event.date, event.location, event.event_type, event.sources,
                                            event.evidence))


def east(km: float) -> dict:
    return dict(latitude=TOWN[0], longitude=TOWN[1] + km / KM_PER_DEGREE_LON)


# --- the example of issue 6, end to end --------------------------------------------------------

EN_REPORT = Report(
    id="wire-en-1", lang="en", published=date(2021, 1, 21),
    text="Two suicide bombers set off their vests in a crowded clothes market in central Baghdad on "
         "Thursday, killing 28 people and injuring 73, the health ministry said.",
)
AR_REPORT = Report(
    id="wire-ar-1", lang="ar", published=date(2021, 1, 22),
    text="ارتفعت حصيلة التفجيرين الانتحاريين اللذين ضربا سوقا شعبيا وسط بغداد أمس الخميس "
         "إلى 32 قتيلا و110 جرحى، بحسب وزارة الصحة.",
)
PUBLISHED = {r.id: r.published for r in (EN_REPORT, AR_REPORT)}


def test_twin_bombings_told_twice_are_one_entry():
    events = extract(EN_REPORT) + extract(AR_REPORT)
    assert len(events) == 2
    [entry] = merge_events(events, PUBLISHED)
    assert entry.date == "2021-01-21"
    assert entry.sources == ("wire-ar-1", "wire-en-1") and entry.n_sources == 2
    assert (entry.killed_min, entry.killed_max, entry.wounded_min, entry.wounded_max) == (28, 32, 73, 110)
    assert (entry.killed, entry.wounded) == (32, 110)  # the latest report's figures
    assert (entry.lang, entry.evidence) == ("en", events[0].evidence)  # the first report's sentence
    assert entry.event_type == "suicide bombing" and entry.location == "Baghdad"


def test_the_samples_of_that_attack_merge():
    samples = Path(__file__).resolve().parents[1] / "samples"
    reports = list(read_reports([str(samples / "en-baghdad-twin-bombings.txt"),
                                 str(samples / "ar-baghdad-twin-toll.txt")]))
    events = [e for r in reports for e in extract(r)]
    [entry] = merge_events(events, {r.id: r.published for r in reports})
    assert (entry.date, entry.n_sources) == ("2021-01-21", 2)
    assert (entry.killed_min, entry.killed_max, entry.wounded_min, entry.wounded_max) == (28, 32, 73, 110)


def test_towns_about_60_km_apart_on_one_day_stay_apart():
    fallujah = Report(id="r-1", lang="en", published=date(2019, 3, 6),
                      text="A car bomb exploded near a checkpoint in Fallujah on Tuesday, killing seven "
                           "people and wounding 15, police said.")
    baghdad = Report(id="r-2", lang="en", published=date(2019, 3, 6),
                     text="A car bomb exploded in a market in Baghdad on Tuesday, killing nine people and "
                          "wounding 20, police said.")
    events = extract(fallujah) + extract(baghdad)
    assert [e.date for e in events] == ["2019-03-05", "2019-03-05"]
    assert len(merge_events(events)) == 2


# --- which events join ------------------------------------------------------------------------

def test_same_town_a_week_apart_stays_apart():
    assert len(merge_events([ev("a", date="2021-01-21"), ev("b", date="2021-01-28")])) == 2


def test_dates_a_day_apart_join():
    assert len(merge_events([ev("a", date="2021-01-21"), ev("b", date="2021-01-22")])) == 1


def test_dates_two_days_apart_stay_apart():
    assert len(merge_events([ev("a", date="2021-01-21"), ev("b", date="2021-01-23")])) == 2


@pytest.mark.parametrize("km, merged", [(10, True), (24, True), (30, False), (60, False)])
def test_distance_between_places(km, merged):
    other = ev("b", location="Elsewhere", place_ref="geonames:1", **east(km))
    assert len(merge_events([ev("a"), other])) == (1 if merged else 2)


def test_events_of_one_report_never_join():
    first = ev("a", evidence="the first blast")
    second = ev("a", evidence="the second blast")
    assert len(merge_events([first, second])) == 2


def test_one_report_telling_two_attacks_pairs_them_with_another_report_telling_both():
    a1 = ev("a", killed=5, evidence="a: the market")
    a2 = ev("a", killed=40, evidence="a: the mosque")
    b1 = ev("b", killed=6, evidence="b: the market")
    b2 = ev("b", killed=42, evidence="b: the mosque")
    entries = merge_events([a1, b2, a2, b1])
    assert sorted((e.killed_min, e.killed_max) for e in entries) == [(5, 6), (40, 42)]
    assert all(e.sources == ("a", "b") for e in entries)
    assert len({e.event_id for e in entries}) == 2


@pytest.mark.parametrize("first, second, merged, kept", [
    ("bombing", "suicide bombing", True, "suicide bombing"),
    ("IED", "bombing", True, "IED"),
    ("other", "airstrike", True, "airstrike"),
    ("armed assault", "ambush", True, "ambush"),
    ("shelling", "airstrike", False, None),
    ("bombing", "armed assault", False, None),
    ("kidnapping", "assassination", False, None),
])
def test_types(first, second, merged, kept):
    entries = merge_events([ev("a", event_type=first), ev("b", event_type=second)])
    assert len(entries) == (1 if merged else 2)
    if merged:
        assert entries[0].event_type == kept


def test_a_foiled_attack_does_not_join_one_that_happened():
    assert len(merge_events([ev("a"), ev("b", mention="foiled")])) == 2


def test_events_without_date_or_place_stay_apart():
    assert len(merge_events([ev("a", date=None, date_precision=None), ev("b", date=None, date_precision=None)])) == 2
    unplaced = dict(location=None, admin1=None, country=None, latitude=None, longitude=None,
                    geo_precision=None, place_ref=None)
    assert len(merge_events([ev("a", **unplaced), ev("b", **unplaced)])) == 2


def test_a_month_joins_the_one_attack_it_can_be():
    month = ev("a", date="2021-01", date_precision="month", date_basis="explicit")
    [entry] = merge_events([month, ev("b", date="2021-01-21")])
    assert (entry.date, entry.date_precision) == ("2021-01-21", "day")  # the most precise date


def test_a_vague_event_that_could_be_two_attacks_stays_alone():
    month = ev("a", date="2021-01", date_precision="month", date_basis="explicit")
    early, late = ev("b", date="2021-01-03"), ev("c", date="2021-01-25")
    entries = merge_events([month, early, late])
    assert len(entries) == 3


def test_a_country_only_event_joins_on_the_same_day_only():
    country_only = dict(location="Iraq", admin1=None, latitude=None, longitude=None, geo_precision=4,
                        place_ref="geonames:99237")
    assert len(merge_events([ev("a", **country_only), ev("b")])) == 1
    assert len(merge_events([ev("a", date="2021-01-22", **country_only), ev("b")])) == 2
    assert len(merge_events([ev("a", country="SY", **country_only), ev("b")])) == 2


def test_a_country_only_event_with_two_candidate_attacks_stays_alone():
    country_only = dict(location="Iraq", admin1=None, latitude=None, longitude=None, geo_precision=4,
                        place_ref="geonames:99237")
    far = ev("c", location="Mosul", admin1="Nineveh", place_ref="geonames:99072", latitude=36.34, longitude=43.13)
    assert len(merge_events([ev("a", **country_only), ev("b"), far])) == 3


def test_a_division_joins_a_town_in_it_on_the_same_day():
    division = dict(location="Diyala", admin1="Diyala", latitude=33.9, longitude=45.0, geo_precision=3,
                    place_ref="iq-admin:IQG10")
    town = dict(location="Baqubah", admin1="Diyala", latitude=33.75, longitude=44.64, place_ref="geonames:98854")
    assert len(merge_events([ev("a", **division), ev("b", **town)])) == 1
    assert len(merge_events([ev("a", date="2021-01-22", **division), ev("b", **town)])) == 2
    assert len(merge_events([ev("a", admin1="Kirkuk", **{k: v for k, v in division.items() if k != "admin1"}),
                             ev("b", **town)])) == 2


def test_a_region_across_provinces_does_not_join_a_town_in_one_of_them():
    # The Yemeni west coast runs through al-Hudaydah and Taiz: naming it says nothing of
    # the province, so a strike there is not the same-day strike on Mocha (Taiz).
    coast = Report(id="post-1", lang="ar", published=date(2024, 3, 5),
                   text="شنت طائرات مسيرة اليوم هجمات على مواقع في الساحل الغربي.")
    mocha = Report(id="post-2", lang="ar", published=date(2024, 3, 5),
                   text="شنت طائرات مسيرة اليوم غارات على مواقع في مدينة المخا.")
    events = extract(coast) + extract(mocha)
    assert [(e.location, e.admin1, e.geo_precision) for e in events] == [
        ("West Coast", None, 3), ("Mocha", "Taiz", 1)]
    assert len(merge_events(events)) == 2


def test_division_only_events_join_only_when_they_tell_the_attack_alike():
    # A province sees many attacks a day: a toll one report gives and the other lacks,
    # or another type, keeps them apart.
    division = dict(location="Diyala", admin1="Diyala", latitude=33.9, longitude=45.0, geo_precision=3,
                    place_ref="iq-admin:IQG10")
    assert len(merge_events([ev("a", **division), ev("b", **division)])) == 1
    assert len(merge_events([ev("a", **division), ev("b", killed=1, **division)])) == 2
    assert len(merge_events([ev("a", **division), ev("b", **{**division, "event_type": "airstrike"})])) == 2


def test_linkage_is_complete_not_a_chain():
    # a~b and b~c are each a day apart, but a and c are two days apart: not one attack.
    events = [ev("a", date="2021-01-20"), ev("b", date="2021-01-21"), ev("c", date="2021-01-22")]
    assert sorted(e.n_sources for e in merge_events(events)) == [1, 2]


# --- what the entry keeps ---------------------------------------------------------------------

def test_figures_best_is_latest_report_and_range_spans_all():
    events = [ev("early", killed=5, wounded=10), ev("late", killed=9, wounded=None), ev("mid", killed=7)]
    published = {"early": date(2021, 1, 21), "mid": date(2021, 1, 22), "late": date(2021, 1, 23)}
    [entry] = merge_events(events, published)
    assert (entry.killed, entry.killed_min, entry.killed_max) == (9, 5, 9)
    assert (entry.wounded, entry.wounded_min, entry.wounded_max) == (10, 10, 10)
    assert entry.evidence == "evidence of early"


def test_equally_recent_reports_give_the_larger_figure():
    published = {"a": date(2021, 1, 21), "b": date(2021, 1, 21)}
    [entry] = merge_events([ev("a", killed=12), ev("b", killed=10)], published)
    assert entry.killed == 12


def test_undated_reports_count_as_oldest():
    [entry] = merge_events([ev("a", killed=12), ev("b", killed=10)], {"b": date(2021, 1, 21)})
    assert entry.killed == 10


def test_an_open_bound_stays_open():
    at_least = ev("b", killed=30, killed_min=30, killed_max=None)
    [entry] = merge_events([ev("a", killed=28), at_least])
    assert (entry.killed_min, entry.killed_max) == (28, None)


def test_a_report_without_figures_does_not_narrow_the_range():
    [entry] = merge_events([ev("a", killed=28), ev("b")])
    assert (entry.killed, entry.killed_min, entry.killed_max) == (28, 28, 28)


def test_a_named_group_beats_unknown_gunmen():
    published = {"a": date(2021, 1, 21), "b": date(2021, 1, 22)}
    [entry] = merge_events([ev("a", perpetrator="Islamic State"), ev("b", perpetrator="unknown gunmen")], published)
    assert entry.perpetrator == "Islamic State"


def test_the_most_specific_place_is_kept():
    vague = dict(location="Diyala", admin1="Diyala", latitude=33.9, longitude=45.0, geo_precision=3,
                 place_ref="iq-admin:IQG10")
    town = dict(location="Baqubah", admin1="Diyala", latitude=33.75, longitude=44.64, place_ref="geonames:98854",
                location_text="in Baquba")
    [entry] = merge_events([ev("a", **vague), ev("b", **town)])
    assert (entry.location, entry.geo_precision, entry.location_text, entry.place_ref) == \
        ("Baqubah", 1, "in Baquba", "geonames:98854")


def test_a_single_event_is_unchanged_and_keeps_its_id():
    alone = ev("a", killed=3)
    assert merge_events([alone]) == [replace(alone, n_sources=1)]


def test_entry_id_comes_from_its_content():
    a, b = ev("a"), ev("b")
    [entry] = merge_events([a, b])
    assert entry.event_id == event_id("2021-01-21", "Baghdad", "bombing", ("a", "b"), "evidence of a")
    assert entry.event_id not in (a.event_id, b.event_id)


# --- order independence -----------------------------------------------------------------------

def _crowd(seed: int) -> list[Event]:
    """Many reports of a few attacks, with near misses around them."""
    rng = random.Random(seed)
    events = []
    for n in range(60):
        day = f"2021-01-{rng.randint(10, 16):02d}"
        km = rng.choice([0, 5, 20, 40, 70])
        events.append(ev(f"r{n:02d}", date=day, location=f"P{km}", place_ref=f"x:{km}",
                         event_type=rng.choice(["bombing", "IED", "other", "shelling"]),
                         killed=rng.choice([None, 3, 4, 10]), **east(km)))
    return events


@pytest.mark.parametrize("seed", range(5))
def test_any_input_order_gives_the_same_entries(seed):
    events = _crowd(seed)
    published = {e.sources[0]: date(2021, 1, 10 + i % 7) for i, e in enumerate(events)}
    expected = merge_events(events, published)
    assert len(expected) < len(events)
    rng = random.Random(seed)
    for _ in range(10):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert merge_events(shuffled, published) == expected


def test_canonical_order_ignores_input_order():
    events = _crowd(1)
    assert canonical_order(reversed(events)) == canonical_order(events)


# --- dates and filters ------------------------------------------------------------------------

@pytest.mark.parametrize("value, span", [
    ("2021-01-21", (date(2021, 1, 21), date(2021, 1, 21))),
    ("2021-W03", (date(2021, 1, 18), date(2021, 1, 24))),
    ("2021-02", (date(2021, 2, 1), date(2021, 2, 28))),
    ("2020-12", (date(2020, 12, 1), date(2020, 12, 31))),
    ("2021", (date(2021, 1, 1), date(2021, 12, 31))),
    (None, None),
    ("someday", None),
])
def test_date_span(value, span):
    assert date_span(value) == span


def test_filters():
    events = [
        ev("a", date="2021-01-21", killed=5, event_type="bombing"),
        ev("b", date="2021-02", date_precision="month", killed=None, killed_min=24, killed_max=99),
        ev("c", date="2021-03-01", country="SY", event_type="airstrike", killed=1),
        ev("d", date=None, date_precision=None),
    ]
    ids = lambda kept: [e.sources[0] for e in kept]  # noqa: E731
    assert ids(filter_events(events, since=date(2021, 2, 15))) == ["b", "c"]
    assert ids(filter_events(events, until=date(2021, 2, 1))) == ["a", "b"]
    assert ids(filter_events(events, countries={"SY"})) == ["c"]
    assert ids(filter_events(events, types={"airstrike"})) == ["c"]
    assert ids(filter_events(events, types={"airstrike", "bombing"})) == ["a", "b", "c", "d"]
    assert ids(filter_events(events, min_killed=5)) == ["a", "b"]
    assert ids(filter_events(events)) == ["a", "b", "c", "d"]


# --- the candidate index finds every compatible pair ------------------------------------------

def _all_pairs(items, spans):
    """The decision as it was made before the index: every pair of events of one country
    (or both without), each judged by ``_affinity``. The index must find exactly these."""
    from incidents.merge import _affinity, _placed

    found = {}
    for i, a in enumerate(items):
        if spans[i] is None or not _placed(a):
            continue
        for j in range(i + 1, len(items)):
            b = items[j]
            if spans[j] is None or not _placed(b) or a.country != b.country:
                continue
            score = _affinity(a, b, (spans[i], spans[j]))
            if score is not None:
                found[(i, j)] = score
    return found


#: Centres of the generated places: Baghdad, near both poles, both sides of the
#: antimeridian and the origin, where a grid of cells in latitude and longitude would fail.
_CENTRES = [(33.3, 44.4), (89.95, 10.0), (-89.9, 120.0), (10.0, 179.95), (10.0, -179.95), (0.0, 0.0)]
_DATES = ["2021-01-05", "2021-01-06", "2021-01-07", "2021-01-08", "2021-01-31", "2021-02-01",
          "2021-W01", "2021-W02", "2021-01", "2020-12", "2021", "2020", None, "someday"]


def _generated(seed: int, n: int) -> list[Event]:
    """A dense, awkward set of events: few days, few places, every kind of vagueness."""
    rng = random.Random(seed)
    reports = [f"r{k}" for k in range(max(2, n // 2))]
    towns = []
    for k in range(rng.randint(2, 8)):
        lat0, lon0 = rng.choice(_CENTRES)
        km, bearing = rng.choice([0, 5, 20, 24.9, 25.0, 25.1, 30, 60]), rng.uniform(0, 2 * 3.14159)
        lat = max(-90.0, min(90.0, lat0 + km / 111.2 * math.cos(bearing)))
        lon = lon0 + km / (111.2 * max(0.01, math.cos(math.radians(lat)))) * math.sin(bearing)
        lon = (lon + 180) % 360 - 180
        towns.append(dict(location=f"T{k}", place_ref=rng.choice([f"x:{k}", f"x:{k % 2}", None]),
                          admin1=rng.choice(["A1", "A2", None]), admin2=rng.choice(["B1", "B2", None]),
                          latitude=lat, longitude=lon, geo_precision=rng.choice([1, 1, 2, None, 0])))
    events = []
    for k in range(n):
        place = dict(rng.choice(towns))
        shape = rng.random()
        if shape < 0.12:  # a governorate
            place.update(location=rng.choice(["A1", "A2", "Wide"]), geo_precision=3,
                         admin1=rng.choice([place["admin1"], None]), admin2=None, place_ref=None)
        elif shape < 0.24:  # a country, named or not
            place.update(location=rng.choice(["Iraq", None]), geo_precision=rng.choice([4, 4, 5, None]),
                         admin1=None, admin2=None, latitude=None, longitude=None, place_ref=None)
        elif shape < 0.28:  # no place at all
            place.update(location=None, admin1=None, admin2=None, latitude=None, longitude=None,
                         place_ref=None, geo_precision=None)
        elif shape < 0.32:  # a town without coordinates
            place.update(latitude=None, longitude=None)
        country = rng.choice(["IQ", "IQ", "IQ", "SY", None])
        if shape < 0.28 and shape >= 0.24:
            country = None
        day = rng.choice(_DATES)
        precision = {10: "day", 8: "week", 7: "month", 4: "year"}.get(len(day or ""))
        if rng.random() < 0.05:
            precision = rng.choice(["day", None])  # a precision that does not fit the date
        sources = tuple(sorted(rng.sample(reports, rng.choice([1, 1, 1, 2]))))
        events.append(ev(sources[0], sources=sources, date=day, date_precision=precision, country=country,
                         event_type=rng.choice(["bombing", "IED", "other", "shelling", "airstrike", "ambush"]),
                         killed=rng.choice([None, 1, 2]), wounded=rng.choice([None, None, 3]),
                         mention=rng.choice(["main", "main", "main", "background", "foiled", "summary"]),
                         evidence=f"evidence {k}", **place))
    return events


@pytest.mark.parametrize("seed", range(300))
def test_the_index_finds_exactly_the_pairs_of_the_all_pairs_decision(seed):
    from incidents import merge

    items = canonical_order(_generated(seed, 20 + seed % 90))
    spans = [date_span(e.date) for e in items]
    assert merge._candidate_pairs(items, spans) == _all_pairs(items, spans)


@pytest.mark.parametrize("seed", range(60))
def test_merging_through_the_index_gives_what_all_pairs_gave(seed, monkeypatch):
    from incidents import merge

    events = _generated(1000 + seed, 40 + seed)
    published = {f"r{k}": date(2021, 1, 1 + k % 20) for k in range(0, 200, 3)}
    indexed = merge_events(events, published)
    monkeypatch.setattr(merge, "_candidate_pairs", _all_pairs)
    assert indexed == merge_events(events, published)


def test_a_chain_of_days_in_one_town_is_judged_as_all_pairs_judge_it():
    from incidents import merge

    events = [ev(f"r{k}", date=f"2021-01-{10 + k // 2:02d}", killed=k % 3) for k in range(12)]
    events += [ev("m", date="2021-01", date_precision="month"), ev("w", date="2021-W02", date_precision="week"),
               ev("y", date="2021", date_precision="year"), ev("u", date=None, date_precision=None)]
    items = canonical_order(events)
    spans = [date_span(e.date) for e in items]
    assert merge._candidate_pairs(items, spans) == _all_pairs(items, spans)


@pytest.mark.parametrize("cell_km", [50.0, 5.0])
def test_the_index_finds_places_just_within_the_distance_anywhere_on_earth(cell_km, monkeypatch):
    from incidents import merge

    monkeypatch.setattr(merge, "_CELL_KM", cell_km)  # smaller cells: more pairs across their edges
    rng = random.Random(25)
    events = []
    for k in range(400):
        lat, lon = math.radians(rng.uniform(-90, 90)), math.radians(rng.uniform(-180, 180))
        d, bearing = rng.uniform(merge.MAX_KM - 0.5, merge.MAX_KM) / 6371.0, rng.uniform(0, 2 * math.pi)
        if k % 2:  # along an axis of space, where a cell too few is missed first
            lat, lon = math.radians(rng.uniform(-0.5, 0.5)), math.radians(rng.choice([0, 90, 180, -90]))
            bearing = rng.choice([0, 0.5, 1, 1.5]) * math.pi
        lat2 = math.asin(math.sin(lat) * math.cos(d) + math.cos(lat) * math.sin(d) * math.cos(bearing))
        lon2 = lon + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(lat),
                                math.cos(d) - math.sin(lat) * math.sin(lat2))
        day = date.fromordinal(date(2021, 1, 1).toordinal() + 3 * k).isoformat()
        for n, (a, b) in enumerate([(lat, lon), (lat2, lon2)]):
            events.append(ev(f"r{k}-{n}", date=day, location=f"P{k}-{n}", place_ref=None, admin2=None,
                             latitude=math.degrees(a), longitude=(math.degrees(b) + 180) % 360 - 180))
    items = canonical_order(events)
    spans = [date_span(e.date) for e in items]
    pairs = merge._candidate_pairs(items, spans)
    assert len(pairs) >= 390  # a few pairs fall just outside once rounded
    assert pairs == _all_pairs(items, spans)


# --- merging in date windows gives what merging all at once gives -----------------------------

def _in_windows(events, published=None, seed=0):
    """merge_windows over ``events`` in the order it reads them (events of one start day in any
    order), in canonical order."""
    from incidents.merge import merge_windows, window_start

    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    shuffled.sort(key=lambda e: (window_start(e) is not None, window_start(e) or 0))
    return canonical_order(merge_windows(shuffled, published))


def _spread(seed: int, n: int, days: int) -> list[Event]:
    """The events of :func:`_generated` spread over ``days`` days, with weeks, months and years
    among them: parts of the timeline close while others are still open."""
    rng = random.Random(seed)
    spread = []
    for e in _generated(seed, n):
        day = date(2020, 12, 1).toordinal() + rng.randrange(days)
        day = date.fromordinal(day)
        shape = rng.random()
        if shape < 0.7:
            value, precision = day.isoformat(), "day"
        elif shape < 0.8:
            year, week, _ = day.isocalendar()
            value, precision = f"{year}-W{week:02d}", "week"
        elif shape < 0.88:
            value, precision = day.strftime("%Y-%m"), "month"
        elif shape < 0.93:
            value, precision = str(day.year), "year"
        else:
            value, precision = rng.choice([(None, None), ("someday", "day"), (day.isoformat(), None)])
        spread.append(replace(e, date=value, date_precision=precision))
    return spread


@pytest.mark.parametrize("seed", range(300))
def test_merging_in_windows_gives_what_merging_all_at_once_gives(seed):
    events = _generated(seed, 20 + seed % 90)
    published = {f"r{k}": date(2021, 1, 1 + k % 20) for k in range(0, 200, 3)}
    assert _in_windows(events, published, seed) == merge_events(events, published)


@pytest.mark.parametrize("seed", range(60))
def test_merging_in_windows_over_months_gives_what_merging_all_at_once_gives(seed):
    events = _spread(seed, 60 + 5 * seed, days=[3, 20, 60, 400][seed % 4])
    published = {f"r{k}": date(2021, 1, 1 + k % 20) for k in range(0, 400, 3)}
    assert _in_windows(events, published, seed) == merge_events(events, published)


def test_merging_in_windows_the_samples_and_the_examples_above():
    events = [e for r in read_reports([Path(__file__).parent.parent / "samples"]) for e in extract(r)]
    assert len(events) > 10
    for group in (events, _crowd(3), _crowd(4)):
        assert _in_windows(group) == merge_events(group)
    chain = [ev(f"r{k}", date=f"2021-01-{10 + k // 2:02d}", killed=k % 3) for k in range(12)]
    chain += [ev("m", date="2021-01", date_precision="month"), ev("w", date="2021-W02", date_precision="week"),
              ev("y", date="2021", date_precision="year"), ev("u", date=None, date_precision=None)]
    assert _in_windows(chain) == merge_events(chain)


def test_merging_in_windows_holds_a_window_not_the_timeline():
    """Three years of attacks told by three reports each, a month or a year among them: what is
    held at any time is a few days' events and what they may still join, not the timeline."""
    from incidents.merge import _Window, merge_windows, window_start

    rng = random.Random(16)
    events = []
    for n in range(3000):
        attack = n // 3
        day = date.fromordinal(date(2019, 1, 1).toordinal() + attack + rng.choice([0, 0, 1]))
        value, precision = day.isoformat(), "day"
        if n % 97 == 0:
            value, precision = day.strftime("%Y-%m"), "month"
        elif n % 301 == 0:
            value, precision = str(day.year), "year"
        events.append(ev(f"r{n:05d}", date=value, date_precision=precision, location=f"T{attack % 7}",
                         place_ref=f"x:{attack % 7}", killed=attack % 5, **east(30 * (attack % 7))))
    events.sort(key=window_start)
    most = 0
    add = _Window.add

    def watched(window, e, span):
        nonlocal most
        add(window, e, span)
        most = max(most, len(window.held))

    _Window.add = watched
    try:
        entries = canonical_order(merge_windows(events))
    finally:
        _Window.add = add
    assert entries == merge_events(events)
    assert len(entries) < 1200
    assert most < 60


def test_merging_in_windows_needs_its_events_in_order_of_their_first_day():
    from incidents.merge import merge_windows

    with pytest.raises(ValueError):
        list(merge_windows([ev("a", date="2021-01-02"), ev("b", date="2021-01-01")]))


@pytest.mark.parametrize("seed", range(12))
def test_the_stored_timeline_is_the_timeline_of_merge_events(seed, tmp_path):
    """What the command exports (timeline.stored_timeline: the store read into a temporary file,
    merged in windows, sorted by SQLite) is what merge_events, the filters and sort_events give."""
    from incidents.identity import report_hash
    from incidents.merge import event_filter
    from incidents.store import Store
    from incidents.timeline import sort_events, stored_timeline

    events = _spread(seed, 150, days=[5, 40, 400][seed % 3]) if seed % 2 else _generated(seed, 120)
    told: dict[str, list[Event]] = {}
    for e in events:
        told.setdefault(e.sources[0], []).append(e)
    with Store.open(tmp_path / "t.db") as store:
        for k, (rid, found) in enumerate(sorted(told.items())):
            report = Report(id=rid, text=f"report {rid}", published=date(2021, 1, 1 + k % 9) if k % 4 else None)
            store.put(report, report_hash(report), found, {})
        mentions = {"main", "background"} if seed % 3 else None
        kept = [e for e in store.events() if mentions is None or e.mention in mentions]
        filters = [{}, {"since": date(2021, 1, 6)}, {"countries": {"IQ"}, "until": date(2021, 1, 31)}][seed % 3]
        keep = event_filter(**filters)
        for merge in (True, False):
            expected = merge_events(kept, store.published()) if merge else canonical_order(kept)
            expected = sort_events(filter_events(expected, **filters))
            with stored_timeline(store, mentions=mentions, merge=merge, keep=keep) as timeline:
                assert len(timeline) == len(expected)
                assert list(timeline) == expected
                assert list(timeline) == expected  # and again: each pass reads the file
            assert len(timeline) == len(expected)  # still known once the file is gone


def test_the_byte_key_sorts_as_sort_events_sorts():
    from incidents.timeline import sort_key

    rng = random.Random(5)
    letters = ["", "a", "b", "\0", "\x01", "é", "ع", "\uffff", "\U0001d538", " "]
    events = []
    for k in range(400):
        text = lambda: "".join(rng.choice(letters) for _ in range(rng.randint(0, 3)))  # noqa: E731
        events.append(ev(text() or "a", date=rng.choice([None, "2021-01", "2021-01-05", text()]),
                         location=rng.choice([None, text()]), sources=rng.choice([(), (text(),), (text(), "z")])))
    python = [(e.date is None, e.date or "", e.location or "", e.sources[0] if e.sources else "") for e in events]
    keys = [sort_key(e) for e in events]
    for i in range(0, 400, 3):
        for j in range(400):
            assert (keys[i] < keys[j], keys[i] == keys[j]) == (python[i] < python[j], python[i] == python[j])
