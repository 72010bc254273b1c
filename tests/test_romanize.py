"""Arabic names the gazetteer lacks, romanised letter by letter for the English column."""
import pytest

from incidents.lang import get_pack
from incidents.romanize import romanize


@pytest.mark.parametrize("arabic, latin", [
    ("حلتا", "Hlta"),  # no short vowels are added
    ("كونين", "Konin"),  # و between consonants
    ("حولا", "Hola"),
    ("شيحين", "Shihin"),  # ي between consonants
    ("الخيام", "al-Khiyam"),  # the article; ي before a vowel
    ("زاوية", "Zawiya"),  # و after a vowel, ة
    ("عيترون", "Aytron"),  # ayn as its vowel; ي after a vowel
    ("عيتا الشعب", "Aita al-Shab"),  # a word of place names spelt as the press does
    ("دير ميماس", "Deir Mimas"),
    ("كفرحمام", "Kfar Hmam"),  # a glued prefix
    ("راس العين", "Ras al-Ain"),  # the words are found in any spelling (رأس, راس)
    ("الطيري", "al-Tiri"),  # final ي
    ("أبو ظبي", "Abu Zbi"),  # final و, hamza seat
    ("تل والقصر", "Tal wa al-Qasr"),  # "and the" inside a name
    ("مَيْسُ الجبل", "Mis al-Jabal"),  # diacritics are dropped
    ("بئر حسن", "Bir Hsn"),
    ("الغويزة", "al-Ghuwiza"),  # و before ي: the w of the diminutive
])
def test_romanize(arabic, latin):
    assert romanize(arabic, get_pack("ar")) == latin


def test_letters_outside_the_table_give_none():
    assert romanize("حلتا★", get_pack("ar")) is None


def test_a_pack_without_romanisation_gives_none():
    assert romanize("Hlta", get_pack("en")) is None
