"""Tests of the date finder: the two corpora, the weekday rule at calendar edges,
the Hijri conversion and the behaviour without a publication date."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from incidents.dates import find_dateline, find_dates, hijri_to_gregorian, is_background
from incidents.lang import get_pack
from incidents.normalize import fold

CORPUS = Path(__file__).parent / "corpus"


def _cases() -> list:
    params = []
    for lang in ("en", "ar"):
        entries = json.loads((CORPUS / f"dates_{lang}.json").read_text(encoding="utf-8"))
        for i, case in enumerate(entries):
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
            case_id = f"{lang}-{i:02d}-{case['note'][:50]}"
            params.append(pytest.param(lang, case, id=case_id, marks=marks))
    return params


def _found(text: str, lang: str, published: date | None) -> list[tuple]:
    mentions = find_dates(fold(text), get_pack(lang), published)
    return [(m.text, m.value, m.precision, m.basis) for m in mentions]


@pytest.mark.parametrize("lang,case", _cases())
def test_corpus(lang, case):
    published = date.fromisoformat(case["published"]) if case["published"] else None
    expected = [(fold(e["surface"]), e["value"], e["precision"], e["basis"]) for e in case["expect"]]
    assert _found(case["text"], lang, published) == expected


def test_spans_cut_the_text():
    text = fold("قتل خمسة مساء أمس، وفي 6 آذار 2019 قتل اثنان.")
    for m in find_dates(text, get_pack("ar"), date(2019, 3, 7)):
        assert text[m.start:m.end] == m.text


# -- weekday rule: bare = on or before publication, "last" = strictly before

WEEKDAY_EDGES = [
    # (published, English phrase, Arabic phrase, expected)
    ("2019-03-01", "on Wednesday", "يوم الأربعاء", "2019-02-27"),  # across a month end
    ("2019-03-01", "last Friday", "الجمعة الماضية", "2019-02-22"),
    ("2019-03-01", "on Friday", "يوم الجمعة", "2019-03-01"),  # publication day is that weekday
    ("2019-01-02", "on Sunday", "يوم الأحد", "2018-12-30"),  # across a year end
    ("2019-01-02", "last Wednesday", "الأربعاء الماضي", "2018-12-26"),
    ("2019-01-02", "Wednesday", "الأربعاء", "2019-01-02"),
    ("2020-03-01", "on Saturday", "يوم السبت", "2020-02-29"),  # leap day
    ("2020-02-29", "on Saturday", "يوم السبت", "2020-02-29"),
    ("2020-02-29", "last Saturday", "السبت الماضي", "2020-02-22"),
    ("2020-03-02", "last Saturday", "السبت الماضي", "2020-02-29"),
]


@pytest.mark.parametrize("published,en,ar,expected", WEEKDAY_EDGES, ids=lambda v: str(v))
def test_weekday_edges(published, en, ar, expected):
    pub = date.fromisoformat(published)
    for lang, phrase in (("en", f"Gunmen attacked {en}."), ("ar", f"هاجم مسلحون {ar}.")):
        [(_, value, precision, basis)] = _found(phrase, lang, pub)
        assert (value, precision, basis) == (expected, "day", "relative"), (lang, phrase)


@pytest.mark.parametrize("published,phrase,expected", [
    ("2020-03-01", "yesterday", "2020-02-29"),
    ("2019-01-01", "yesterday", "2018-12-31"),
    ("2019-01-03", "last week", "2018-W52"),
    ("2021-01-08", "last week", "2020-W53"),
    ("2019-01-15", "last month", "2018-12"),
    ("2019-01-15", "last year", "2018"),
    ("2019-03-01", "two days ago", "2019-02-27"),
])
def test_relative_edges(published, phrase, expected):
    [(_, value, _, _)] = _found(f"It happened {phrase}.", "en", date.fromisoformat(published))
    assert value == expected


# -- Hijri: tabular ("arithmetic", civil epoch 16 July 622 Julian) calendar

@pytest.mark.parametrize("hijri,gregorian", [
    ((1, 1, 1), "0622-07-19"),  # the epoch, 16 July 622 Julian
    ((1440, 9, 1), "2019-05-06"),  # 1 Ramadan 1440
    ((1364, 12, 6), "1945-11-12"),  # sample dates of Reingold & Dershowitz,
    ((1416, 10, 5), "1996-02-25"),  # "Calendrical Calculations" (arithmetic Islamic)
    ((1460, 10, 12), "2038-11-10"),
    ((1518, 3, 5), "2094-07-18"),
    ((1058, 5, 18), "1648-06-10"),
])
def test_hijri_conversion(hijri, gregorian):
    assert hijri_to_gregorian(*hijri).isoformat() == gregorian


def test_hijri_never_read_as_gregorian_year():
    found = _found("في عام 1440 هـ", "ar", date(2019, 3, 2))
    assert found == [("عام 1440 ه", "2019", "year", "explicit")]
    assert _found("بلغ عدد الضحايا 1440 ضحية", "ar", date(2019, 3, 2)) == []


# -- without a publication date

@pytest.mark.parametrize("lang,text", [
    ("en", "A bomb exploded on Monday, two days ago, last week."),
    ("ar", "انفجرت عبوة يوم الاثنين وقبل يومين والأسبوع الماضي."),
])
def test_no_published_relative_is_none(lang, text):
    mentions = find_dates(fold(text), get_pack(lang), None)
    assert len(mentions) == 3
    assert all(m.value is None and m.basis == "relative" for m in mentions)


def test_no_published_explicit_keeps_full_dates():
    assert _found("on 6 March 2019 and in 2016", "en", None) == [
        ("6 March 2019", "2019-03-06", "day", "explicit"), ("2016", "2016", "year", "explicit")]


# -- datelines

@pytest.mark.parametrize("lang,text,surface,value", [
    ("en", "BAGHDAD, March 6 (Reuters) - A car bomb killed five.", "March 6", "2019-03-06"),
    ("en", "KABUL, Afghanistan, March 6 (AP) - Gunmen attacked.", "March 6", "2019-03-06"),
    ("en", "Blast in Kabul\n\nKABUL, March 5 (Reuters) - A bomb.", "March 5", "2019-03-05"),
    ("ar", "بغداد 6 آذار (رويترز) - قتل خمسة.", "6 اذار", "2019-03-06"),
])
def test_dateline(lang, text, surface, value):
    dm = find_dateline(fold(text), get_pack(lang), date(2019, 3, 7))
    assert dm is not None and (dm.text, dm.value) == (surface, value)


@pytest.mark.parametrize("lang,text", [
    ("en", "KABUL (Reuters) - A suicide bomber killed 14 on Monday."),
    ("en", "A bomb went off on March 6 (local time) - officials said."),
    ("ar", "قال مسؤول إن 6 آذار كان يوما داميا."),
])
def test_no_dateline(lang, text):
    assert find_dateline(fold(text), get_pack(lang), date(2019, 3, 7)) is None


# -- background references

@pytest.mark.parametrize("lang,text,expected", [
    ("ar", "منذ إعلان النصر في كانون الأول عام 2017 يعد الهجوم الأعنف", [True]),
    ("en", "Roof was convicted over the 2015 massacre at the church.", [True]),
    ("en", "The group has held the town since 2014; a bomb killed 3 on 6 March 2019.", [True, False]),
    ("en", "Fighting has continued since yesterday.", [False]),
])
def test_is_background(lang, text, expected):
    pack = get_pack(lang)
    text = fold(text)
    mentions = find_dates(text, pack, date(2019, 3, 8))
    assert [is_background(text, m, pack) for m in mentions] == expected


@pytest.mark.parametrize("text,order", [
    ("Filed 13/03/2018 and 02/04/2018.", "dmy"),
    ("Filed 03/13/2018; also 02/04/2018.", "mdy"),
    ("04/05/2018 and 06/07/2018", None),  # nothing tells
    ("31.12.2019", "dmy"),
    ("12/31/2019, 11/30/2019, 10/31/2019, 09/30/2019, 13/01/2019", None),  # four to one is not enough
    ("12/31/2019, 11/30/2019, 10/31/2019, 09/30/2019, 08/31/2019, 13/01/2019", "mdy"),
])
def test_numeric_order_votes(text, order):
    from incidents.dates import numeric_order

    assert numeric_order(text) == order


@pytest.mark.parametrize("order,value", [(None, "2018-07-03"), ("dmy", "2018-07-03"), ("mdy", "2018-03-07")])
def test_ambiguous_numeric_date_follows_the_order(order, value):
    mentions = find_dates("The bomb went off on 03/07/2018 in the market.", get_pack("en"), None, order)
    assert [(m.text, m.value) for m in mentions] == [("03/07/2018", value)]


def test_unambiguous_numeric_date_ignores_the_order():
    # 13 can only be a day, whatever the source's habit.
    mentions = find_dates("on 13/03/2018 and on 03/13/2018", get_pack("en"), None, "mdy")
    assert [m.value for m in mentions] == ["2018-03-13", "2018-03-13"]


def test_report_text_decides_when_no_order_is_given():
    # The second date reads only month first, so the first is 7 March too.
    mentions = find_dates("03/07/2018: a blast; the inquiry opened 03/15/2018.", get_pack("en"), None)
    assert [m.value for m in mentions] == ["2018-03-07", "2018-03-15"]


@pytest.mark.parametrize("text", ["on 2019-02-30", "on 31/31/2019", "on 14 March 0000", "on 14 March 9999",
                                  "on 14 March 2031"])
def test_impossible_or_implausible_dates_are_no_dates(text):
    # No day exists, or the year cannot be read, or it lies past the year after publication:
    # nothing is found, rather than 14 March of the publication year.
    assert find_dates(text, get_pack("en"), date(2019, 3, 20)) == []


def test_a_posting_line_gives_the_year_when_the_report_has_no_publication_day():
    """"Posted: March 2019" above "on February 27": the attack's year is 2019; the posting
    line itself dates no attack, and a long first line is no posting line."""
    from incidents import extract
    from incidents.model import Report

    text = "Posted: June 2020\n\nRaiders killed 4 herders near Gao on May 30."
    assert [(e.date, e.location) for e in extract(Report(id="r", lang="en", text=text))] == [("2020-05-30", "Gao")]
    long_line = "A market town of the Sahel in the news again in June 2020\n\nRaiders killed 4 herders near Gao on May 30."
    assert [e.date for e in extract(Report(id="r", lang="en", text=long_line))] == [None]
