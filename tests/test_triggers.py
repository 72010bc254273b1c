"""Attack words and cues, over a small corpus of sentences in each language."""
import json
from pathlib import Path

import pytest

from incidents.lang import get_pack
from incidents.normalize import fold
from incidents.triggers import best_type, find_triggers, has_cue

CORPUS = json.loads((Path(__file__).parent / "corpus" / "triggers.json").read_text(encoding="utf-8"))
CUES = ("foiled", "negated", "hypothetical", "aftermath", "accident", "violence", "separate", "anaphora")


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c["text"][:40])
def test_trigger_corpus(case):
    pack = get_pack(case["lang"])
    text = fold(case["text"])
    found = find_triggers(text, pack)
    assert (best_type([t.event_type for t in found]) if found else None) == case["type"]
    assert [c for c in CUES if has_cue(text, pack, c)] == case["cues"]


@pytest.mark.parametrize("code", ["en", "ar"])
def test_trigger_types_are_the_event_types(code):
    """A key misplaced under [types] in triggers.toml would become a type of its own."""
    from incidents.triggers import EVENT_TYPES

    data = get_pack(code).data("triggers")
    assert set(data["types"]) == set(EVENT_TYPES)
    assert set(data.get("instruments", {})) <= set(EVENT_TYPES)


def test_inflections_are_generated_from_simplemma():
    """inflections.toml is derived data: regenerating it from simplemma's dictionaries
    and the pack's lexicon gives the committed file."""
    pytest.importorskip("simplemma")
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, str(root / "scripts" / "build_inflections.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang,text,surface", [
    ("en", "A mob attacks a convoy near Gao.", "attacks"),
    ("en", "Militants clashing with troops near Gao.", "clashing"),
    ("en", "Insurgents overrun a base near Gao.", "overrun"),
    ("ar", "اختطفوا مهندسين على طريق كركوك.", "اختطفوا"),
])
def test_any_form_of_a_listed_word_is_an_attack_word(lang, text, surface):
    found = find_triggers(fold(text), get_pack(lang))
    assert [t.text for t in found] == [fold(surface)]


@pytest.mark.parametrize("lang, text, words", [
    ("en", "Rangers fired three rounds at a border post.", ["fired three rounds at"]),
    ("en", "Troops fired on protesters near the square.", ["fired on"]),
    ("en", "Rangers fired, at dawn, three rounds.", []),  # a gap holds no punctuation
    ("en", "Police say the men shot the driver dead and set his car ablaze.",
     ["shot the driver dead", "set his car ablaze"]),
    ("ar", "أطلقت مجموعة مجهولة النار على سائق سيارة أجرة.", ["اطلقت مجموعه مجهوله النار"]),
])
def test_a_phrase_with_a_gap_spans_the_words_it_lets_in(lang, text, words):
    from incidents.normalize import fold

    assert [t.text for t in find_triggers(fold(text), get_pack(lang))] == words


@pytest.mark.parametrize("text, words", [
    ("Gunmen killed a trader outside his shop.", ["Gunmen", "killed"]),
    ("Raiders kill two herders and steal their cattle.", ["kill"]),
    ("A man was killed by an arrow.", ["killed"]),  # the passive with its agent
    ("Three people were killed when the ceiling fell.", []),  # a death, not who caused it
    ("At least 22 people were reportedly killed.", []),
    ("The toll lists 172 civilians killed in the fighting.", ["fighting"]),
    ("A separatist group said it was behind the killings.", ["killings"]),
])
def test_a_killing_word_is_an_attack_when_someone_kills(text, words):
    assert [t.text for t in find_triggers(text, get_pack("en"))] == words


@pytest.mark.parametrize("text, words", [
    ("Militants could strike hotels in the capital.", []),  # a modal before a bare verb
    ("They warned that rebels might soon attack.", []),
    ("He said the group would attack again.", []),
    ("Police foiled a possible attack on the base.", []),  # an adjective of likelihood
    ("The bombing will be investigated, police said.", ["bombing"]),  # the modal governs another verb
    ("A suicide bomber struck a market.", ["suicide bomber", "struck"]),
    # said to be likely: the attack is the subject of a copula and an adjective of likelihood
    ("Analysts think a bombing of the port during the festival is likely.", []),
    ("An ambush on the convoy seems highly probable.", []),
    ("The ambush is likely to deepen the feud.", ["ambush"]),  # what the attack told will do
    ("It is likely that rebels carried out the ambush.", ["ambush"]),  # the doer is uncertain, not the attack
    # an indefinite attack in what a modal verb governs
    ("The ministry said it would meet any provocation with an airstrike on the depot.", []),
    ("Officials said they would investigate the bombing.", ["bombing"]),  # a known attack
    ("The toll could rise after a car bomb attack on the bridge.", ["car bomb", "attack"]),  # a clause of its own
    ("On 3 May 2021, a landmine planted on the road went off.", ["landmine"]),  # May, the month
])
def test_an_attack_that_may_come_is_no_attack_word(text, words):
    assert [t.text for t in find_triggers(text, get_pack("en"))] == words


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_gapped_phrases_are_found_where_the_full_scan_finds_them(lang):
    """The gapped matcher tries the pattern only where a first part opens; it must give
    what ``finditer`` over every character gives, overlapping openings included."""
    from incidents.lexicon import _TAGGED, _gapped_matches, find_tagged
    from incidents.normalize import fold
    from incidents.triggers import _types

    pack = get_pack(lang)
    table = _types(pack)
    find_tagged("", pack, table)
    _, _, _, pattern, openings, _ = _TAGGED[id(table)]
    text = fold(" ".join([
        "Rangers fired three rounds at a post, then fired on a car and opened fire fire at them.",
        "Police shot the driver dead and set his car ablaze; men set fire to set fire to a shop.",
        "أطلقت مجموعة مجهولة النار على سائق وأطلق مسلحون النار فأطلقوا النار على المارة.",
    ] * 3))
    assert [m.span() for m in _gapped_matches(text, pattern, openings)] == [m.span() for m in pattern.finditer(text)]
    assert list(pattern.finditer(text))
