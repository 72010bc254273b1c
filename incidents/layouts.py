"""The column sets of ACLED, GTD and UCDP GED, for ``--columns``.

Analysts who already load one of those datasets can load an export in its shape: the
same column names, and the dataset's own codes (ACLED's sub-event types, GTD's attack
types and location specificity, UCDP's precision codes). Each layout is computed from an
export row (:data:`incidents.model.EXPORT_FIELDS`), so it says nothing that row does not.
Where the dataset's code cannot be told from the event (ACLED's type of an armed assault on
victims the report does not name), the cell is unknown, never guessed. docs/schema.md
gives the mapping, code by code.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["LAYOUTS", "convert", "convert_each"]

#: ``incidents`` is the project's own layout, EXPORT_FIELDS.
LAYOUTS = ("incidents", "acled", "gtd", "ucdp")

Row = Mapping[str, object]

#: Targets that make an attack violence against civilians (ACLED) or one-sided violence (UCDP).
_CIVILIAN_TARGETS = frozenset({"civilians", "journalists", "officials"})
#: Targets that make an attack a fight between armed parties.
_ARMED_TARGETS = frozenset({"security forces", "PMF"})

_EXPLOSIONS = "Explosions/Remote violence"
_CIVILIANS = "Violence against civilians"
_BATTLES = "Battles"

#: ACLED (event_type, sub_event_type) of the types whose coding does not depend on the victims.
_ACLED_TYPES = {
    "bombing": (_EXPLOSIONS, "Remote explosive/landmine/IED"),
    "IED": (_EXPLOSIONS, "Remote explosive/landmine/IED"),
    "suicide bombing": (_EXPLOSIONS, "Suicide bomb"),
    "shelling": (_EXPLOSIONS, "Shelling/artillery/missile attack"),
    "airstrike": (_EXPLOSIONS, "Air/drone strike"),
    "assassination": (_CIVILIANS, "Attack"),
    "kidnapping": (_CIVILIANS, "Abduction/forced disappearance"),
    "armed clash": (_BATTLES, "Armed clash"),
}

#: GTD (attacktype1, attacktype1_txt) of each event type.
_GTD_ATTACK = {
    "assassination": (1, "Assassination"),
    "armed assault": (2, "Armed Assault"),
    "ambush": (2, "Armed Assault"),
    "armed clash": (2, "Armed Assault"),
    "bombing": (3, "Bombing/Explosion"),
    "suicide bombing": (3, "Bombing/Explosion"),
    "IED": (3, "Bombing/Explosion"),
    "shelling": (3, "Bombing/Explosion"),
    "airstrike": (3, "Bombing/Explosion"),
    "kidnapping": (6, "Hostage Taking (Kidnapping)"),
    "other": (9, "Unknown"),
}

#: Our geo_precision → ACLED geo_precision (4, country only, has no ACLED code), UCDP where_prec.
_ACLED_GEO = {1: 1, 2: 2, 3: 3}
_UCDP_WHERE = {1: 1, 2: 2, 3: 4, 4: 6}
#: Our date_precision → UCDP date_prec.
_UCDP_DATE = {"day": 1, "week": 3, "month": 4, "year": 5}

ACLED_FIELDS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "civilian_targeting", "iso", "country", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
GTD_FIELDS = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city",
    "latitude", "longitude", "specificity", "vicinity", "location", "summary", "suicide",
    "attacktype1", "attacktype1_txt", "target1", "gname", "nkill", "nkillter", "nwound",
    "scite1", "scite2", "scite3",
)
UCDP_FIELDS = (
    "id", "year", "side_a", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "country", "date_prec", "date_start", "date_end",
    "best", "high", "low",
)


def convert(layout: str, rows: Iterable[Row]) -> tuple[tuple[str, ...], list[dict[str, object]]]:
    """The column names of ``layout`` and ``rows`` (export rows, in export order) in it."""
    names, converted = convert_each(layout, rows)
    return names, list(converted)


def convert_each(layout: str, rows: Iterable[Row]) -> tuple[tuple[str, ...], Iterator[dict[str, object]]]:
    """Like :func:`convert`, but each row is converted only when it is asked for, so that an
    export of any length holds one row at a time. An unknown ``layout`` raises at once."""
    if layout == "acled":
        return ACLED_FIELDS, map(_acled, rows)
    if layout == "gtd":
        return GTD_FIELDS, _gtd(rows)
    if layout == "ucdp":
        return UCDP_FIELDS, map(_ucdp, rows)
    raise ValueError(f"unknown column set {layout!r}; expected one of {', '.join(LAYOUTS)}")


# --- ACLED ---------------------------------------------------------------------------


def _acled(row: Row) -> dict[str, object]:
    country = _country(row["country"])
    event_type, sub_event_type = _acled_type(row)
    violence = "Strategic developments" if row["mention"] == "foiled" else "Political violence"
    return {
        "event_id_cnty": (country["iso3"] if country else "") + str(row["event_id"]),
        "event_date": _representative_day(row),
        "year": _year(row),
        "time_precision": row["time_precision"],
        "disorder_type": violence if event_type else None,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": row["perpetrator"],
        "civilian_targeting": "Civilian targeting" if row["target"] in _CIVILIAN_TARGETS else None,
        "iso": country["isonumeric"] if country else None,
        "country": country["name"] if country else None,
        "admin1": row["admin1"],
        "admin2": row["admin2"],
        "location": row["location"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "geo_precision": _ACLED_GEO.get(row["geo_precision"]),
        "source": _join(_unique(p or s for p, s in zip(row["source_publishers"], row["sources"]))),
        "notes": row["evidence"],
        "fatalities": _all_killed(row, "killed"),
    }


def _acled_type(row: Row) -> tuple[str | None, str | None]:
    """ACLED's event and sub-event type. An armed assault is an Attack on civilians and an
    Armed clash with armed victims; with victims unnamed it has no ACLED type (an ambush,
    laid for convoys and patrols, is then taken for a clash)."""
    if row["mention"] == "foiled":
        return "Strategic developments", "Disrupted weapons use"
    kind = row["event_type"]
    if kind in _ACLED_TYPES:
        return _ACLED_TYPES[kind]
    if kind in ("armed assault", "ambush"):
        if row["target"] in _CIVILIAN_TARGETS:
            return _CIVILIANS, "Attack"
        if row["target"] in _ARMED_TARGETS or kind == "ambush":
            return _BATTLES, "Armed clash"
    return None, None


def _representative_day(row: Row) -> str | None:
    """The one day ACLED's event_date gives: the day itself, else a day in the middle of the
    span (a week's Thursday, a month's 15th as ACLED takes a month's mid-point, 1 July)."""
    if row["date_start"] is None:
        return None
    start = date.fromisoformat(str(row["date_start"]))
    middle = {"day": start, "week": start + timedelta(days=3), "month": start.replace(day=15),
              "year": start.replace(month=7)}
    return middle[str(row["date_precision"])].isoformat()


# --- GTD -------------------------------------------------------------------------------


def _gtd(rows: Iterable[Row]) -> Iterator[dict[str, object]]:
    """GTD rows; eventid is GTD's form, the date then a case number within the day, numbered
    in export order (so unique within one export, not across exports)."""
    cases: dict[str, int] = {}  # one number a day (or month, year) of the export
    for row in rows:
        year, month, day = _gtd_date(row)
        stem = f"{year or 0:04d}{month:02d}{day:02d}"
        cases[stem] = cases.get(stem, 0) + 1
        country = _country(row["country"])
        attack = _GTD_ATTACK.get(str(row["event_type"]))
        gname = row["perpetrator"]
        citations = _citations(row)
        yield {
            "eventid": f"{stem}{cases[stem]:04d}",
            "iyear": year,
            "imonth": month if year else None,
            "iday": day if year else None,
            "approxdate": row["date"] if row["date_precision"] not in (None, "day") else None,
            "country_txt": country["name"] if country else None,
            "provstate": row["admin1"],
            "city": row["location"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            **_gtd_place(row),
            "location": row["location_text"],
            "summary": row["evidence"],
            "suicide": int(row["event_type"] == "suicide bombing"),
            "attacktype1": attack[0] if attack else None,
            "attacktype1_txt": attack[1] if attack else None,
            "target1": row["target_text"] or row["target"],
            "gname": "Unknown" if gname in (None, "unknown gunmen") else gname,
            "nkill": _all_killed(row, "killed"),
            "nkillter": row["attackers_killed"],
            "nwound": row["wounded"],
            **{f"scite{n + 1}": citations[n] if n < len(citations) else None for n in range(3)},
        }


def _gtd_date(row: Row) -> tuple[int | None, int, int]:
    """iyear, imonth and iday, the last two 0 when unknown as GTD writes them. A week gives
    its month when it lies in one."""
    if row["date_start"] is None:
        return None, 0, 0
    start, end = date.fromisoformat(str(row["date_start"])), date.fromisoformat(str(row["date_end"]))
    precision = row["date_precision"]
    month = start.month if precision != "year" and (start.year, start.month) == (end.year, end.month) else 0
    return int(str(row["date"])[:4]), month, start.day if precision == "day" else 0


def _gtd_place(row: Row) -> dict[str, object]:
    """specificity and vicinity. A place named but not in the gazetteer (no place_ref), put at
    the division it lies in, is GTD's 2: a town whose own coordinates were not found."""
    precision = row["geo_precision"]
    if precision is None:
        return {"specificity": None, "vicinity": None}
    if row["place_ref"] is None and precision in (2, 3):
        return {"specificity": 2, "vicinity": 0}
    specificity = {1: 1, 2: 1, 3: 4, 4: 5}[int(precision)]
    return {"specificity": specificity, "vicinity": int(precision == 2)}


# --- UCDP GED --------------------------------------------------------------------------


def _ucdp(row: Row) -> dict[str, object]:
    country = _country(row["country"])
    one_sided = row["target"] in _CIVILIAN_TARGETS
    return {
        "id": row["event_id"],
        "year": _year(row),
        # One-sided violence: the perpetrator, then "Civilians". Otherwise the perpetrator is
        # the non-state side_b, and side_a (a government, or another group) is not told.
        "side_a": row["perpetrator"] if one_sided else None,
        "side_b": "Civilians" if one_sided else row["perpetrator"],
        "number_of_sources": row["n_sources"],
        "source_article": _join(_citations(row)),
        "source_office": _join(_unique(row["source_publishers"])),
        "source_date": _join(_unique(row["source_published"])),
        "source_headline": _join(_unique(row["source_titles"])),
        "where_prec": _UCDP_WHERE.get(row["geo_precision"]),
        "where_coordinates": row["location"],
        "where_description": row["location_text"],
        "adm_1": row["admin1"],
        "adm_2": row["admin2"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "country": country["name"] if country else None,
        "date_prec": _UCDP_DATE.get(str(row["date_precision"])) if row["date"] else None,
        "date_start": row["date_start"],
        "date_end": row["date_end"],
        "best": _all_killed(row, "killed"),
        "high": _all_killed(row, "killed_max"),
        "low": _all_killed(row, "killed_min"),
    }


# --- shared --------------------------------------------------------------------------


def _all_killed(row: Row, figure: str) -> int | None:
    """A killed figure with the attackers who died added: ACLED, GTD and UCDP count every
    death, where ``killed`` leaves the attackers out."""
    value = row[figure]
    return None if value is None else int(value) + int(row["attackers_killed"] or 0)


def _year(row: Row) -> int | None:
    return None if row["date_start"] is None else int(str(row["date_start"])[:4])


def _citations(row: Row) -> list[str]:
    """One citation per source: publisher, "title", publication date and URL, as far as they
    are known; the source's id when none is."""
    out = []
    for sid, publisher, title, day, url in zip(row["sources"], row["source_publishers"], row["source_titles"],
                                               row["source_published"], row["source_urls"]):
        parts = [publisher, f'"{title}"' if title else None, day, url]
        out.append(", ".join(str(p) for p in parts if p) or str(sid))
    return out


def _unique(values) -> list[str]:
    """The known values, each once, in order."""
    return list(dict.fromkeys(str(v) for v in values if v))


def _join(values: list[str]) -> str | None:
    return "; ".join(values) or None


def _country(code: object) -> Mapping[str, object] | None:
    """GeoNames' record of a country (name, iso3, isonumeric) by its alpha-2 code."""
    return _countries().get(str(code)) if code else None


@lru_cache(maxsize=1)
def _countries() -> dict[str, Mapping[str, object]]:
    from incidents.geo.gazetteer import geonames_dir

    with open(geonames_dir() / "countries.json", encoding="utf-8") as f:
        return json.load(f)
