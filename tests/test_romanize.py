"""Arabic names the gazetteer lacks, romanised letter by letter for the English column."""
import pytest

from incidents.lang import get_pack
from incidents.romanize import romanize


@pytest.mark.parametrize("arabic, latin", [
    ("رشاف", "Rshaf"),  # no short vowels are added
    ("كوكران", "Kokran"),  # و between consonants
    ("حولا", "Hola"),
    ("سيريك", "Sirik"),  # ي between consonants
    ("الخيام", "al-Khiyam"),  # the article; ي before a vowel
    ("ماوية", "Mawiya"),  # و after a vowel, ة
    ("عيترون", "Aytron"),  # ayn as its vowel; ي after a vowel
    ("عيتا الشعب", "Aita al-Shab"),  # a word of place names spelt as the press does
    ("دير ميماس", "Deir Mimas"),
    ("كفرحمام", "Kfar Hmam"),  # a glued prefix
    ("راس العين", "Ras al-Ain"),  # the words are found in any spelling (رأس, راس)
    ("علي الطاهر", "Ali al-Tahr"),  # final ي
    ("أبو ظبي", "Abu Zbi"),  # final و, hamza seat
    ("خب والشعب", "Khb wa al-Shab"),  # "and the" inside a name
    ("مَيْسُ الجبل", "Mis al-Jabal"),  # diacritics are dropped
    ("بئر حسن", "Bir Hsn"),
])
def test_romanize(arabic, latin):
    assert romanize(arabic, get_pack("ar")) == latin


def test_letters_outside_the_table_give_none():
    assert romanize("رشاف★", get_pack("ar")) is None


def test_a_pack_without_romanisation_gives_none():
    assert romanize("Rshaf", get_pack("en")) is None
