"""The number grammar: digits, words in both languages, vague amounts and qualifiers."""
import pytest

from incidents.lang import get_pack
from incidents.normalize import fold
from incidents.numbers import find_numbers

N = None


def _one(lang, raw):
    found = find_numbers(fold(raw), get_pack(lang))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "lang, raw, value",
    [
        ("en", "6", 6),
        ("en", "1,200", 1200),
        ("en", "2,000,000", 2000000),
        ("en", "1.5 million", 1500000),
        ("en", "2 million", 2000000),
        ("en", "one", 1),
        ("en", "twelve", 12),
        ("en", "Seventeen", 17),
        ("en", "twenty-three", 23),
        ("en", "twenty three", 23),
        ("en", "ninety", 90),
        ("en", "one hundred three", 103),
        ("en", "one hundred and three", 103),
        ("en", "a hundred", 100),
        ("en", "two thousand five hundred", 2500),
        ("en", "a thousand", 1000),
        ("en", "a dozen", 12),
        ("en", "two dozen", 24),
        ("en", "half a dozen", 6),
        ("ar", "٦", 6),
        ("ar", "١٬٢٠٠", 1200),
        ("ar", "500 ألف", 500000),
        ("ar", "2 مليون", 2000000),
        ("ar", "واحد", 1),
        ("ar", "اثنان", 2),
        ("ar", "اثنين", 2),
        ("ar", "اثنتين", 2),
        ("ar", "ثلاث", 3),
        ("ar", "ثلاثة", 3),
        ("ar", "ثمانية", 8),
        ("ar", "عشرة", 10),
        ("ar", "أحد عشر", 11),
        ("ar", "إحدى عشرة", 11),
        ("ar", "اثنا عشر", 12),
        ("ar", "خمسة عشر", 15),
        ("ar", "ثلاث عشرة", 13),
        ("ar", "عشرون", 20),
        ("ar", "عشرين", 20),
        ("ar", "ثلاثة وعشرون", 23),
        ("ar", "خمسة وأربعين", 45),
        ("ar", "مئة", 100),
        ("ar", "مائة", 100),
        ("ar", "مئة وخمسون", 150),
        ("ar", "مئتين", 200),
        ("ar", "مائتا", 200),
        ("ar", "ثلاثمائة", 300),
        ("ar", "ثلاث مئة", 300),
        ("ar", "ألف", 1000),
        ("ar", "ألفين", 2000),
        ("ar", "ألف ومئتان", 1200),
        ("ar", "خمسة آلاف", 5000),
        ("ar", "خمسون ألفا", 50000),
        ("ar", "وثلاث", 3),  # a clitic و is not part of the number
    ],
)
def test_exact_values(lang, raw, value):
    m = _one(lang, raw)
    assert (m.value, m.low, m.high, m.vague) == (value, value, value, False)


@pytest.mark.parametrize(
    "lang, raw, value, low, high",
    [
        ("en", "at least 12", 12, 12, N),
        ("en", "no fewer than 12", 12, 12, N),
        ("en", "12 or more", 12, 12, N),
        ("en", "more than 20", 20, 21, N),
        ("en", "over 200", 200, 201, N),
        ("en", "fewer than 10", 10, N, 9),
        ("en", "up to 5", 5, N, 5),
        ("en", "as many as 5", 5, N, 5),
        ("en", "no more than 5", 5, N, 5),
        ("en", "nearly 600", 600, N, 600),
        ("en", "almost fifty", 50, N, 50),
        ("en", "about 40", 40, N, N),
        ("en", "around 40", 40, N, N),
        ("en", "some 40", 40, N, N),
        ("en", "an estimated 40", 40, N, N),
        ("en", "between 5 and 7", 5, 5, 7),
        ("en", "five or six", 5, 5, 6),
        ("en", "5 to 7", 5, 5, 7),
        ("ar", "ما لا يقل عن 67", 67, 67, N),
        ("ar", "ما لايقل عن 67", 67, 67, N),
        ("ar", "على الأقل 5", 5, 5, N),
        ("ar", "5 على الأقل", 5, 5, N),
        ("ar", "أكثر من 30", 30, 31, N),
        ("ar", "واكثر من 30", 30, 31, N),
        ("ar", "ما يزيد عن 30", 30, 31, N),
        ("ar", "أقل من 10", 10, N, 9),
        ("ar", "ما يصل إلى 9", 9, N, 9),
        ("ar", "نحو 40", 40, N, N),
        ("ar", "حوالي 40", 40, N, N),
        ("ar", "حوالى 40", 40, N, N),
        ("ar", "زهاء 40", 40, N, N),
        ("ar", "قرابة الـ50", 50, N, 50),
        ("ar", "خمسة أو ستة", 5, 5, 6),
        ("ar", "بين 10 و20", 10, 10, 20),
        ("ar", "بين عشرة وعشرين", 10, 10, 20),
    ],
)
def test_qualifiers(lang, raw, value, low, high):
    m = _one(lang, raw)
    assert (m.value, m.low, m.high, m.vague) == (value, low, high, False)
    assert m.text == fold(raw).removeprefix("و")


@pytest.mark.parametrize(
    "lang, raw, low, high",
    [
        ("en", "a few", 2, 9),
        ("en", "several", 3, N),
        ("en", "a number of", 2, N),
        ("en", "many", 10, N),
        ("en", "dozens", 24, 99),
        ("en", "several dozen", 24, 99),
        ("en", "scores", 40, N),
        ("en", "hundreds", 200, 999),
        ("en", "thousands", 2000, N),
        ("en", "at least dozens", 24, N),
        ("ar", "بضعة", 2, 9),
        ("ar", "عدة", 3, N),
        ("ar", "عدد من", 2, N),
        ("ar", "عدد كبير من", 10, N),
        ("ar", "عشرات", 20, 99),
        ("ar", "العشرات", 20, 99),
        ("ar", "مئات", 200, 999),
        ("ar", "آلاف", 2000, N),
    ],
)
def test_vague_amounts(lang, raw, low, high):
    m = _one(lang, raw)
    assert (m.value, m.low, m.high, m.vague) == (N, low, high, True)


@pytest.mark.parametrize(
    "lang, raw",
    [
        ("en", "at 9:32"),
        ("en", "an F-16"),
        ("en", "AK-47 rifles"),
        ("en", "the 1st battalion"),
        ("en", "on 9/11"),
        ("en", "a 1.5 rating"),
        ("en", "rose from"),
        ("ar", "بين 9:32 و9:45"),
        ("ar", "بتاريخ 01-06-2026"),
        ("ar", "طائرة F15"),
        ("ar", "يوم الأحد"),  # أحد is only a number before عشر
    ],
)
def test_not_numbers(lang, raw):
    assert find_numbers(fold(raw), get_pack(lang)) == []


def test_several_numbers_and_their_spans():
    text = fold("مقتل 9 أشخاص وجرح 27، بينهم ثلاثة أطفال")
    found = find_numbers(text, get_pack("ar"))
    assert [(m.value, m.text) for m in found] == [(9, "9"), (27, "27"), (3, "ثلاثه")]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_separate_numbers_do_not_merge():
    found = find_numbers("killing six and wounding seven, one hundred in all", get_pack("en"))
    assert [m.value for m in found] == [6, 7, 100]
    found = find_numbers(fold("ثلاثة وأربعة"), get_pack("ar"))
    assert [m.value for m in found] == [3, 4]


@pytest.mark.parametrize(
    "lang, raw, low, high",
    [
        ("en", "they did not lose fewer than 20", 20, N),
        ("en", "it never had fewer than 20", 20, N),
        ("en", "it was not clear whether fewer than 20", N, 19),  # the negation is about something else
        ("ar", "لم يخسر العدو أقل من 20", 20, N),
        ("ar", "لا يزال أقل من 20", N, 19),  # لا يزال: "still"
    ],
)
def test_negated_fewer_than_is_at_least(lang, raw, low, high):
    m = _one(lang, raw)
    assert (m.value, m.low, m.high) == (20, low, high)
