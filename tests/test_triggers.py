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
