"""Place matching: the hand-written corpora, context and spans (speed: bench/places.py)."""
import json
from pathlib import Path

import pytest

from incidents.lang import get_pack
from incidents.normalize import fold, normalize
from incidents.places import find_places

CORPUS = Path(__file__).parent / "corpus"


def _items(lang):
    data = json.loads((CORPUS / f"places_{lang}.json").read_text(encoding="utf-8"))
    return [pytest.param(lang, item, id=f"{lang}-{n}") for n, item in enumerate(data)]


def _find(text, lang, hint=None):
    norm = normalize(text)
    return norm, find_places(norm.text, get_pack(lang), country_hint=hint)


@pytest.mark.parametrize("lang, item", _items("en") + _items("ar"))
def test_corpus(lang, item):
    norm, found = _find(item["text"], lang, item.get("hint"))
    got = [(m.text, m.place.name, m.place.country, m.geo_precision) for m in found]
    for exp in item["expect"]:
        want = (fold(exp["surface"]), exp["name"], exp["country"], exp["geo_precision"])
        assert want in got, f"{item['note']}: expected {want}, got {got}"
    if item.get("exact"):
        assert len(got) == len(item["expect"]), f"{item['note']}: unexpected extra mentions {got}"
    # spans cut the mention text out of the normalised text, and map back to the original
    for m in found:
        assert norm.text[m.start:m.end] == m.text
        assert fold(norm.surface(m.start, m.end)) == m.text


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_mentions_are_in_order_and_do_not_overlap(lang):
    for item in json.loads((CORPUS / f"places_{lang}.json").read_text(encoding="utf-8")):
        _, found = _find(item["text"], lang)
        for a, b in zip(found, found[1:]):
            assert a.end <= b.start


def test_admin1_and_country_are_filled():
    _, found = _find("A bomb exploded in the town of Hit, in Iraq's Anbar province.", "en")
    hit = next(m for m in found if m.place.name == "Hit")
    assert hit.place.admin1 == "Anbar"
    assert hit.place.country == "IQ"
    assert hit.place.latitude is not None and hit.place.longitude is not None


def test_described_place_keeps_its_name_and_the_division_it_lies_in():
    _, found = _find("A mortar round hit the village of Zarghun Kalay in Afghanistan's Helmand province.", "en")
    village, helmand = found[0], found[-1]
    assert village.text == "Zarghun Kalay" and helmand.place.kind == "admin1"
    assert (village.place.name, village.place.kind, village.place.ref) == ("Zarghun Kalay", "unresolved", "")
    assert (village.place.country, village.place.admin1, village.geo_precision) == ("AF", "Helmand", 3)
    assert (village.place.latitude, village.place.longitude) == (helmand.place.latitude, helmand.place.longitude)
    # near a town, that town's coordinates, near it (as "near Kandahar" itself); in a part
    # of a country ("central Mali"), that part's precision and no coordinates
    _, found = _find("Gunmen stormed Kalagush, a village near Kandahar.", "en")
    kandahar = found[-1].place
    assert (found[0].place.name, found[0].place.admin1, found[0].geo_precision) == ("Kalagush", "Kandahar", 2)
    assert (found[0].place.latitude, found[0].place.longitude) == (kandahar.latitude, kandahar.longitude)
    _, found = _find("Gunmen killed four herders in Kerena, a village in central Mali.", "en")
    assert (found[0].place.name, found[0].place.country, found[0].geo_precision) == ("Kerena", "ML", 3)
    assert found[0].place.latitude is None and found[0].place.longitude is None


def test_seed_report_gives_mosul():
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_461d343710672986.txt"
    if not seed.exists():
        pytest.skip("shared seeds not present")
    _, found = _find(seed.read_text(encoding="utf-8"), "ar")
    outside = [m for m in found if m.text == fold("خارج الموصل")]
    assert outside and outside[0].place.name == "Mosul" and outside[0].geo_precision == 2
    assert {m.place.country for m in found} <= {"IQ", "US"}


def test_a_district_is_placed_at_the_town_it_is_named_after():
    """Rutba district's centroid lies about 95 km from the town: the town's coordinates
    are the ones a map can use, at precision 2."""
    from incidents.geo.gazetteer import Gazetteer

    _, found = _find("قصف على قضاء الرطبة", "ar")
    town = next(p for p in Gazetteer.open().find("Rutba") if p.kind == "city")
    assert (found[0].place.name, found[0].geo_precision) == ("Rutba", 2)
    assert (found[0].place.latitude, found[0].place.longitude) == (town.latitude, town.longitude)


def test_a_quoted_local_name_is_one_name():
    """The first word of a quoted name the gazetteer lacks is not looked up alone; a
    name that fills its quotation marks, or stands after a closed one, is."""
    from incidents.places import _inside_longer_quote

    text = 'انفجرت عبوة في قرية "دير الحجر" شرق حمص'
    deir = text.index("دير")
    assert _inside_longer_quote(text, deir, deir + 3)
    assert not _inside_longer_quote(text, deir, deir + len("دير الحجر"))
    homs = text.index("حمص")
    assert not _inside_longer_quote(text, homs, homs + 3)
    text = 'قال «المرصد» إن القصف طال بلدة «كفر نبل» في ريف إدلب'
    kafr = text.index("كفر")
    assert _inside_longer_quote(text, kafr, kafr + 3)
    idlib = text.index("إدلب")
    assert not _inside_longer_quote(text, idlib, idlib + 4)


def test_frequency_lists_are_generated_from_wordfreq():
    """frequency.toml is derived data: regenerating it from wordfreq's lists gives the
    packaged files byte for byte."""
    pytest.importorskip("wordfreq")
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_frequency.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_everyday_word_needs_a_preposition_or_the_reports_geography():
    """العين "the eye" with no Emirati geography is no town; with "في" and a UAE context it is."""
    _, found = _find("أصيب شرطي برصاصة في العين خلال اشتباك في محافظة الديوانية.", "ar")
    assert [m.place.country for m in found] == ["IQ"]
    _, found = _find("قتل عامل بانفجار في العين بدولة الإمارات.", "ar")
    assert ("Al Ain City", "AE") in [(m.place.name, m.place.country) for m in found]


def test_each_place_says_why_it_was_chosen():
    """The reason is recorded with the place, for the explain view to show."""
    _, found = _find("أصيب أربعة أشخاص بانفجار عبوة ناسفة في منطقة الحرية شمال غربي بغداد", "ar")
    hurriya, baghdad = found
    assert (hurriya.place.name, hurriya.place.admin1) == ("Hurriya", "Baghdad")
    assert hurriya.why == "the report names its province or a town of it (Baghdad), over Al-Huriya (IQ)"
    assert baghdad.reference and baghdad.why.startswith("a reference point the attack is measured from (شمال غربي)")
    _, found = _find("Gunmen killed 11 villagers in Tchoma Bangou, western Niger.", "en")
    assert found[0].why == "a place the gazetteer lacks, told as lying in Niger"
    assert not found[1].reference  # "western Niger" is a part of the country, not a point measured from


def test_national_forces_and_nationalities_give_the_focus():
    from incidents.places import _lexicon, _nationalities

    pack = get_pack("ar")
    text = normalize("تصدت قوات الحشد الشعبي لهجوم شنه مسلحون قرب الحدود السورية").text
    assert _nationalities(text, _lexicon(pack), pack) == {"IQ", "SY"}
    pack = get_pack("en")
    assert _nationalities("Afghan police said Pakistani shells fell overnight.", _lexicon(pack), pack) == {"AF", "PK"}


def test_a_part_of_a_town_is_not_a_namesake_far_away():
    """"the Cannes area of Ajaccio": the Riviera's Cannes lies 180 km off, so the part is
    kept unresolved at Ajaccio; a part that does lie in its town keeps its entry."""
    from incidents.lang import get_pack
    from incidents.normalize import fold
    from incidents.places import find_places

    found = find_places(fold("Two bars were bombed in the Cannes area of Ajaccio, Corsica."), get_pack("en"))
    assert [(m.text, m.place.name, m.place.kind, m.place.admin1, m.geo_precision) for m in found][:2] == [
        ("Cannes", "Cannes", "unresolved", "Corsica", 2), ("Ajaccio", "Ajaccio", "city", "Corsica", 1)]
    found = find_places(fold("Gunmen attacked a shop in the Karrada district of Baghdad."), get_pack("en"))
    assert [(m.text, m.place.kind) for m in found] == [("Karrada", "district"), ("Baghdad", "city")]


def test_a_capital_in_brackets_after_a_country_tells_which_country():
    """"Congo (Kinshasa)" is the country whose capital is Kinshasa, not an attack in
    Kinshasa; "Congo (Brazzaville)" is the other Congo."""
    _, found = _find("Militants kidnapped six people in North Kivu, Congo (Kinshasa).", "en")
    assert [(m.text, m.place.name, m.place.kind, m.place.country) for m in found] == [
        ("North Kivu", "North Kivu", "admin1", "CD"), ("Congo", "Democratic Republic of the Congo", "country", "CD")]
    _, found = _find("A bomb went off in Congo (Brazzaville) on Monday.", "en")
    assert [(m.text, m.place.kind, m.place.country) for m in found] == [("Congo", "country", "CG")]
    # a town in brackets that is not the country's capital stays a place of its own
    _, found = _find("A bomb went off in Iraq (Kirkuk) on Monday.", "en")
    assert [(m.text, m.place.country) for m in found] == [("Iraq", "IQ"), ("Kirkuk", "IQ")]


def test_a_name_the_report_places_in_a_country_names_that_place_throughout():
    """GeoNames also calls Nîmes "Nimo"; the report says its Nimo lies in Papua New Guinea,
    and so does every mention of it, "near Nimo" as well."""
    _, found = _find("Gunmen killed six people near Nimo High School in Nimo, Papua New Guinea.", "en")
    assert [(m.text, m.place.name, m.place.country) for m in found] == [
        ("near Nimo", "Nimo", "PG"), ("Nimo", "Nimo", "PG"), ("Papua New Guinea", "Papua New Guinea", "PG")]


def test_a_type_word_does_not_tell_which_country_an_ambiguous_town_is_in():
    """"Maan town": towns called Maan lie in several countries, and "town" does not say
    which; Hama, named with it, does."""
    _, found = _find("A landmine exploded under a tractor in Maan town in Hama countryside.", "en")
    assert [(m.text, m.place.kind, m.place.country, m.place.admin1) for m in found] == [
        ("Maan", "unresolved", "SY", "Hama"), ("Hama", "city", "SY", "Hama")]
