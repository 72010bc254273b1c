#!/usr/bin/env python3
"""Regenerate incidents/geo/data/iraq_admin.tsv from the Open Admin Data tables.

Source: ../shared/data/iraq-admin/ (open-admin-data/iraq-administrative-divisions,
CC BY 4.0). The packaged TSV is what the tool ships; this script is the only way
it is written, and tests/test_gazetteer.py checks that the two agree.

What is added on the way: common English spellings (the source has one
transliteration), the GeoNames admin1 codes of each governorate (so GeoNames
towns get a governorate name), and one correction: district IQG10Q03 is Balad
Ruz, which the source names مندلي in Arabic (Mandali is its sub-district
IQG10Q03N01).

Usage: python scripts/build_iraq_admin.py [SOURCE_DIR] [--check]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "iraq-admin"
TARGET = ROOT / "incidents" / "geo" / "data" / "iraq_admin.tsv"

COLUMNS = ("ref", "kind", "name", "names_en", "names_ar", "lat", "lon", "admin1", "admin2", "geonames_admin1")

# Governorates: preferred English name, other spellings, extra Arabic names, GeoNames admin1 codes.
GOVERNORATES = {
    "IQG01": ("Anbar", "Al-Anbar|Al Anbar|Anbar Governorate", "الأنبار", "01"),
    "IQG02": ("Basra", "Basrah|Al-Basrah|Al Basrah|Basra Governorate", "البصرة", "02"),
    "IQG03": ("Muthanna", "Al-Muthanna|Al Muthanna|Muthana", "المثنى", "03"),
    "IQG04": ("Najaf", "Al-Najaf|An Najaf|Najaf Governorate", "النجف", "17"),
    "IQG05": ("Qadisiyah", "Al-Qadisiyah|Al-Qadissiya|Qadisiyyah|Qadisiya|Al Qadisiyah", "القادسية", "04"),
    "IQG06": ("Sulaymaniyah", "Sulaimaniyah|Suleimaniyah|Sulaimani|Slemani|Al-Sulaymaniyah", "السليمانية", "05|19"),
    "IQG07": ("Babil", "Babylon|Babel|Babil Governorate", "بابل", "06"),
    "IQG08": ("Baghdad", "Baghdad Governorate|Baghdad Province", "بغداد", "07"),
    "IQG09": ("Duhok", "Dohuk|Dahuk|Dihok|Duhok Governorate", "دهوك", "08"),
    "IQG10": ("Diyala", "Diala|Diyala Governorate|Diyala Province", "ديالى|ديالي", "10"),
    "IQG11": ("Erbil", "Arbil|Irbil|Hawler|Erbil Governorate", "أربيل|اربيل", "11"),
    "IQG12": ("Karbala", "Kerbala|Karbalaa|Kerbela|Karbala Governorate", "كربلاء", "12"),
    "IQG13": ("Kirkuk", "Tamim|Al-Tamim|At-Ta'mim|Kirkuk Governorate", "كركوك|التأميم", "13"),
    "IQG14": ("Maysan", "Misan|Missan|Maysan Governorate", "ميسان", "14"),
    "IQG15": ("Nineveh", "Ninawa|Ninewa|Nineva|Ninevah|Ninawa Governorate|Nineveh Governorate", "نينوى", "15"),
    "IQG16": ("Salahuddin", "Salah al-Din|Salah ad Din|Salah Al-Din|Saladin|Salaheddin|Salahaddin|Salah ad-Din",
              "صلاح الدين", "18"),
    "IQG17": ("Dhi Qar", "Thi Qar|Dhiqar|Thiqar|Zi Qar", "ذي قار|ذيقار", "09"),
    "IQG18": ("Wasit", "Wassit|Wasit Governorate", "واسط", "16"),
}

# Districts and sub-districts: preferred English name and other spellings, for the
# places that appear in the news under a spelling other than the source's.
SPELLINGS = {
    "IQG01Q01": "Fallujah|Falluja|Al-Fallujah|Fallouja",
    "IQG01Q02": "Al-Qaim|Qaim|Al Qa'im|Al-Kaim",
    "IQG01Q03": "Ramadi|Al-Ramadi|Ar Ramadi",
    "IQG01Q04": "Rutba|Rutbah|Ar Rutbah|Al-Rutba",
    "IQG01Q05": "Anah|Ana|Aanah",
    "IQG01Q06": "Haditha|Hadithah",
    "IQG01Q07": "Hit|Heet|Hīt",
    "IQG01Q01N01": "Amiriyat al-Fallujah|Amiriyah|Al-Amiriyah|Amiriyat Fallujah",
    "IQG01Q01N02": "Karma|Garma|Al-Karma|Al-Garma",
    "IQG01Q03N01": "Habbaniyah|Habbaniya|Al-Habbaniyah",
    "IQG01Q07N01": "Baghdadi|Al-Baghdadi",
    "IQG01Q07N03": "Kubaisa|Kubaysah",
    "IQG01Q04N01": "Nukhaib|Nukhayb|Al-Nukhaib",
    "IQG01Q02N02": "Ubaydi|Al-Ubaydi|Obeidi",
    "IQG02Q01": "Abu al-Khasib|Abu Al-Khaseeb|Abu al Khasib",
    "IQG02Q02": "Basra|Al-Basrah",
    "IQG02Q03": "Faw|Al-Faw|Fao",
    "IQG02Q05": "Qurna|Al-Qurnah|Al-Qurna",
    "IQG02Q06": "Zubair|Az Zubayr|Al-Zubair",
    "IQG02Q07": "Shatt al-Arab|Shat Al-Arab",
    "IQG02Q06N03": "Umm Qasr|Um Qasr",
    "IQG02Q06N02": "Safwan",
    "IQG03Q04": "Samawah|Samawa|As Samawah|Al-Samawa",
    "IQG03Q02": "Rumaitha|Rumaythah|Al-Rumaitha",
    "IQG04Q01": "Kufa|Al-Kufa|Kufah",
    "IQG04Q03": "Najaf|Al-Najaf",
    "IQG05Q02": "Diwaniyah|Diwaniya|Al-Diwaniyah|Ad Diwaniyah",
    "IQG06Q01": "Sulaymaniyah|Al-Sulaymaniyah",
    "IQG06Q02": "Chamchamal|Chamchamal District",
    "IQG06Q05": "Halabja|Halabcha",
    "IQG07Q02": "Hillah|Hilla|Al-Hillah|Al-Hilla",
    "IQG07Q04": "Musayyib|Al-Musayyib|Mussayab|Al-Mussyab",
    "IQG07Q03": "Mahawil|Al-Mahawil|Al-Mahaweel",
    "IQG07Q01": "Hashimiyah|Al-Hashimiya",
    "IQG07Q04N01": "Jurf al-Sakhar|Jurf Al-Sakhar|Jurf as-Sakhar|Jurf al-Nasr|Jurf al Sakhr",
    "IQG07Q04N02": "Iskandariya|Iskandariyah|Al-Iskandariya",
    "IQG08Q01": "Adhamiya|Al-Adhamiya",
    "IQG08Q02": "Kadhimiya|Al-Kadhmiyah|Al-Kadhimiya",
    "IQG08Q03": "Karkh|Al-Karkh",
    "IQG08Q04": "Mada'in|Al-Mada'in|Madain|Salman Pak",
    "IQG08Q05": "Mahmudiyah|Mahmoudiya|Al-Mahmoudiya|Mahmudiya",
    "IQG08Q06": "Rusafa|Al-Risafa|Al-Rusafa|Risafa",
    "IQG08Q07": "Thawra|Al-Thawra",
    "IQG08Q02N02": "Abu Ghraib|Abu Ghuraib|Abu Ghurayb",
    "IQG08Q02N04": "Tarmiyah|Tarmiya|Al-Tarmiya|At Tarmiyah",
    "IQG08Q02N05": "Taji|Al-Taji|At Taji",
    "IQG08Q05N03": "Latifiya|Latifiyah|Al-Latifya",
    "IQG08Q05N04": "Yusufiya|Yusufiyah|Al-Yousifya",
    "IQG08Q06N01": "Karrada|Al-Karrada|Karrada al-Sharqiya|Al-Karrada Al-Sharqia",
    "IQG08Q06N02": "New Baghdad|Baghdad al-Jadida|Baghdad Al-Jedeeda",
    "IQG08Q03N03": "Mansour|Al-Mansour",
    "IQG08Q03N01": "Mamoon|Al-Mamoon",
    "IQG09Q04": "Zakho|Zaxo",
    "IQG09Q01": "Amadiya|Amedi|Al-Amadiya",
    "IQG09Q03": "Simele|Sumail|Sumel",
    "IQG10Q01": "Khalis|Al-Khalis",
    "IQG10Q02": "Muqdadiyah|Muqdadiya|Al-Muqdadiya|Miqdadiyah",
    "IQG10Q03": "Balad Ruz|Baladruz|Balad Rooz",
    "IQG10Q04": "Baqubah|Baquba|Ba'qubah|Baqouba",
    "IQG10Q05": "Khanaqin|Khaniqin",
    "IQG10Q06": "Kifri|Kifry",
    "IQG10Q01N01": "Udhaim|Adhaim|Al-Adhaim|Al-Udhaim|Al-Atheem|Al-Azim",
    "IQG10Q01N02": "Mansuriyah|Mansouriya|Al-Mansouriyah",
    "IQG10Q03N01": "Mandali|Mandli",
    "IQG10Q04N01": "Buhriz|Bahraz",
    "IQG10Q05N01": "Saadiya|Saadiyah|Al-Saadiya|As Sa'diyah",
    "IQG10Q05N04": "Jalawla|Jalula|Jalawla'",
    "IQG10Q06N03": "Qara Tapa|Qaratapa|Qara Tabe",
    "IQG11Q02": "Erbil",
    "IQG11Q03": "Koya|Koysinjaq|Koisanjaq",
    "IQG11Q04": "Makhmur|Makhmour",
    "IQG11Q05": "Rawanduz|Rwanduz",
    "IQG11Q06": "Shaqlawa|Shaqlawah",
    "IQG12Q01": "Ain al-Tamr|Ain Al-Tamur|Ayn at Tamr",
    "IQG12Q02": "Hindiya|Al-Hindiya|Hindiyah",
    "IQG12Q03": "Karbala|Kerbela",
    "IQG13Q01": "Hawija|Hawijah|Al-Hawija|Al-Hawiga",
    "IQG13Q02": "Daquq|Daqouq|Taouq",
    "IQG13Q03": "Dibis|Dibs|Ad Dibs",
    "IQG13Q04": "Kirkuk",
    "IQG13Q01N02": "Zab|Al-Zab|Az Zab",
    "IQG13Q01N03": "Al-Riyadh|Riyadh",
    "IQG13Q01N04": "Abbasi|Al-Abbasi",
    "IQG13Q02N01": "Rashad|Al-Rashad",
    "IQG13Q03N03": "Altun Kupri|Altun Qupri|Altin Kopru|Prde",
    "IQG14Q01": "Amarah|Amara|Al-Amarah|Al-Amara",
    "IQG14Q05": "Majar al-Kabir|Al-Mejar Al-Kabir|Majar al Kabir",
    "IQG14Q06": "Qalat Saleh|Qal'at Salih",
    "IQG15Q01": "Aqrah|Aqra|Akre",
    "IQG15Q02": "Baaj|Al-Baaj|Ba'aj",
    "IQG15Q03": "Hamdaniya|Al-Hamdaniya|Bakhdida|Qaraqosh",
    "IQG15Q04": "Hatra|Al-Hatra|Al-Hadar",
    "IQG15Q05": "Mosul|Al-Mosul",
    "IQG15Q06": "Shekhan|Shikhan|Al-Shikhan",
    "IQG15Q07": "Sinjar|Shingal",
    "IQG15Q08": "Tal Afar|Tal Afar District|Tel Afar|Telafar|Tall Afar",
    "IQG15Q09": "Tel Kaif|Tilkaif|Tel Keppe|Tilkaef",
    "IQG15Q05N01": "Qayyarah|Qayara|Al-Qayyarah|Al-Qayarra",
    "IQG15Q05N02": "Hammam al-Alil|Hamam al-Alil|Hammam Al-Alil",
    "IQG15Q05N03": "Bashiqa|Bashika|Baashiqa",
    "IQG15Q05N04": "Muhamadath|Al-Muhamadath",
    "IQG15Q03N02": "Bartella|Bartalla|Bartilla",
    "IQG15Q03N01": "Nimrud|Namroud",
    "IQG15Q07N01": "Qairawan|Al-Qairawan",
    "IQG15Q08N02": "Ayadiya|Al-Ayadiya",
    "IQG15Q08N03": "Zummar|Zumar",
    "IQG15Q08N04": "Rabia|Rabiaa|Rabi'a",
    "IQG15Q09N02": "Alqosh|Al-Qosh",
    "IQG16Q01": "Dour|Al-Dour|Ad Dawr|Al-Daur",
    "IQG16Q02": "Shirqat|Sharqat|Al-Shirqat|Ash Sharqat",
    "IQG16Q03": "Baiji|Bayji|Beiji|Beygee",
    "IQG16Q04": "Balad",
    "IQG16Q05": "Samarra",
    "IQG16Q06": "Tikrit|Tekrit",
    "IQG16Q07": "Tuz Khurmatu|Tuz Khormato|Tooz Khurmato|Tuz",
    "IQG16Q01N01": "Hamrin|Hamreen",
    "IQG16Q03N03": "Makhoul|Makkhoul|Makhool",
    "IQG16Q04N02": "Ishaqi|Al-Ishaqi|Al-Esshaqi",
    "IQG16Q04N03": "Dhuluiya|Duluiyah|Al-Dhuluiya|Al-Duloeyah",
    "IQG16Q04N04": "Dujail|Dujayl|Ad Dujayl|Al-Dujeel",
    "IQG16Q04N01": "Yathrib|Yathreb",
    "IQG16Q05N02": "Tharthar|Al-Tharthar",
    "IQG16Q06N02": "Al-Alam|Alam",
    "IQG16Q07N01": "Amerli|Amirli|Amerly|Ameraly",
    "IQG16Q07N03": "Sulaiman Bek|Sulaiman Beg|Sulaiman Baig",
    "IQG17Q04": "Nasiriyah|Nasiriya|An Nasiriyah|Al-Nasiriya",
    "IQG17Q03": "Shatrah|Shatra|Al-Shatra",
    "IQG17Q05": "Suq al-Shuyukh|Suq Al-Shoyokh|Souq al-Shuyukh",
    "IQG17Q01": "Chibayish|Al-Chibayish|Jibayish",
    "IQG17Q02": "Rifai|Al-Rifai|Ar Rifa'i",
    "IQG18Q01": "Al-Hayy|Hai|Al-Hai",
    "IQG18Q02": "Kut|Al-Kut",
    "IQG18Q03": "Numaniyah|Al-Numaniyah|Al-Namaniya",
    "IQG18Q04": "Suwaira|Al-Suwaira|Suwayrah",
    "IQG18Q05": "Badra|Badrah",
    "IQG18Q04N05": "Aziziyah|Al-Aziziya",
}

# Arabic names the source gets wrong, and extra Arabic spellings.
ARABIC = {
    "IQG10Q03": "بلدروز|بلد روز",
    "IQG07Q04N01": "جرف الصخر|جرف النصر",
    "IQG16Q07N01": "آمرلي|امرلي",
    "IQG10Q05N04": "جلولاء",
    "IQG10Q01N01": "العظيم",
    "IQG15Q03": "الحمدانية|بغديدا|قره قوش|قرقوش",
}

LEVEL_KIND = {1: "admin1", 2: "admin2", 3: "admin3"}


def _clean(cell: str) -> str:
    return " ".join(str(cell or "").replace("\t", " ").split())


def render(source: Path) -> str:
    """The packaged TSV for the tables in ``source``."""
    govs, rows = {}, []
    for name in ("all-governorate.json", "all-district.json", "all-subdistrict.json"):
        with open(source / name, encoding="utf-8") as f:
            rows.extend(json.load(f))
    for r in rows:
        if r["level"] == 1:
            govs[r["id"]] = GOVERNORATES[r["id"]][0]
    by_id = {r["id"]: r for r in rows}
    lines = [
        "# Iraq's governorates, districts (qada) and sub-districts (nahiya). GENERATED by",
        "# scripts/build_iraq_admin.py from Open Admin Data, open-admin-data/iraq-administrative-divisions",
        "# (CC BY 4.0), with added spellings and one correction; do not edit by hand.",
        "\t".join(COLUMNS),
    ]
    for r in sorted(rows, key=lambda r: r["id"]):
        rid, level = r["id"], r["level"]
        src_en, src_ar = _clean(r["name"]["en"]), _clean(r["name"]["local"])
        codes = ""
        if level == 1:
            name, alt_en, alt_ar, codes = GOVERNORATES[rid]
            names_en = [src_en, *alt_en.split("|")]
            names_ar = [src_ar, *alt_ar.split("|")]
        else:
            spell = SPELLINGS.get(rid, "").split("|") if rid in SPELLINGS else []
            name = spell[0] if spell else src_en
            names_en = [src_en, *spell[1:]]
            names_ar = ARABIC[rid].split("|") if rid in ARABIC else [src_ar]
        ancestors = {a["level"]: a["id"] for a in r.get("ancestors", [])}
        admin1 = govs[rid] if level == 1 else govs[ancestors[1]]
        admin2 = ""
        if level == 3:
            parent = ancestors[2]
            p_spell = SPELLINGS.get(parent, "").split("|")
            admin2 = p_spell[0] if parent in SPELLINGS else _clean(by_id[parent]["name"]["en"])
        seen: list[str] = []
        for n in names_en:
            if n and n != name and n not in seen:
                seen.append(n)
        ar_seen: list[str] = []
        for n in names_ar:
            if n and n not in ar_seen:
                ar_seen.append(n)
        lines.append("\t".join([rid, LEVEL_KIND[level], name, "|".join(seen), "|".join(ar_seen),
                                _clean(r["geo"]["lat"]), _clean(r["geo"]["lon"]), admin1, admin2, codes]))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    from _generated import write_or_check  # scripts/ is on sys.path when run as a script

    check = "--check" in argv
    args = [a for a in argv if not a.startswith("--")]
    source = Path(args[0]) if args else DEFAULT_SOURCE
    return write_or_check({TARGET: render(source)}, check)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
