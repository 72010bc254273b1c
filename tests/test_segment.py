"""Sentences as text really arrives: run-on stops, citation markers, hard-wrapped lines,
and the abbreviations and initials that do not end a sentence."""
import pytest

from incidents.lang import get_pack
from incidents.segment import sentences


def _split(text: str, lang: str = "en") -> list[str]:
    return [text[a:b] for a, b in sentences(text, get_pack(lang))]


@pytest.mark.parametrize("text,expected", [
    ('Two guards died, officials said."The gate was rammed," one said.Others fled.',
     ['Two guards died, officials said."', 'The gate was rammed," one said.', 'Others fled.']),
    ("Three died.[1] Police said more.[2][3] Nobody claimed it.",
     ["Three died.[1]", "Police said more.[2][3]", "Nobody claimed it."]),
    ("A car bomb killed\nnine people in the\nmarket.\nOfficials blamed IS.",
     ["A car bomb killed\nnine people in the\nmarket.", "Officials blamed IS."]),
    ("Gunmen opened fire,\nkilling two.", ["Gunmen opened fire,\nkilling two."]),
    ("The U.S.Army said so. Dr.Smith agreed. J.K. Lee wrote 1.5 pages.",
     ["The U.S.Army said so.", "Dr.Smith agreed.", "J.K. Lee wrote 1.5 pages."]),
    # A line that ends without a stop before a capital is a headline or a list item: a break.
    ("Car bomb in Mosul\nThree people were killed.", ["Car bomb in Mosul", "Three people were killed."]),
])
def test_sentences(text, expected):
    assert _split(text) == expected


def test_arabic_lines_stay_sentences():
    # Without letter case a line end cannot be told from a wrap: every line is a sentence.
    assert _split("انفجار عبوة في الموصل\nقتل ثلاثة مدنيين", "ar") == ["انفجار عبوة في الموصل", "قتل ثلاثة مدنيين"]
