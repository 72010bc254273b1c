"""Casualty figures over a corpus of sentences in each language (tests/corpus/counts_*.json).

Each case lists the counts expected in order: role, value, low, high and the
surface text (compared after normalisation). Known misses carry an "xfail"
reason and must keep failing until they are fixed.
"""
import json
from pathlib import Path

import pytest

from incidents.counts import find_counts
from incidents.lang import get_pack
from incidents.normalize import fold

CORPUS = Path(__file__).parent / "corpus"


def _cases():
    for lang in ("en", "ar"):
        cases = json.loads((CORPUS / f"counts_{lang}.json").read_text(encoding="utf-8"))
        for n, case in enumerate(cases, 1):
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
            yield pytest.param(lang, case, id=f"{lang}-{n:02d}", marks=marks)


@pytest.mark.parametrize("lang, case", list(_cases()))
def test_count_corpus(lang, case):
    found = find_counts(fold(case["text"]), get_pack(lang))
    got = [(c.role, c.value, c.low, c.high, c.text) for c in found]
    want = [(e["role"], e["value"], e["low"], e["high"], fold(e["surface"])) for e in case["expect"]]
    assert got == want, case["note"]


def test_spans_cut_the_text():
    text = fold("قتل 9 اشخاص وجرح 27، وفي هجوم آخر killed at least 4")
    for pack in (get_pack("ar"), get_pack("en")):
        for c in find_counts(text, pack):
            assert text[c.start:c.end] == c.text


def test_corpora_are_large_enough():
    for lang in ("en", "ar"):
        assert len(json.loads((CORPUS / f"counts_{lang}.json").read_text(encoding="utf-8"))) >= 40


def test_a_figure_past_the_bound_is_kept_in_words_only():
    found = find_counts(fold("A car bomb killed 99999999999999999999 people."), get_pack("en"))
    assert [(c.role, c.value, c.low, c.high, c.text) for c in found] == [
        ("combined", None, None, None, "99999999999999999999")]
    found = find_counts(fold("A car bomb killed 1000000 people."), get_pack("en"))
    assert [(c.role, c.value) for c in found] == [("killed", 1000000)]


@pytest.mark.parametrize("text", ["Two bombs killed ² people.", "A blast killed ① people.", "انفجار قتل ² أشخاص"])
def test_digit_like_signs_are_no_figures(text):
    assert find_counts(fold(text), get_pack("ar" if "انفجار" in text else "en")) == []
