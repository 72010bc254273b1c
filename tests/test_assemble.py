"""Which figures, date and place belong to which attack, over a corpus of short reports.

Each case in tests/corpus/assemble.json is written by the team; its name says the
rule it pins down.
"""
import json
from datetime import date
from pathlib import Path

import pytest

from incidents import extract
from incidents.model import Report

CASES = json.loads((Path(__file__).parent / "corpus" / "assemble.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_assemble(case):
    report = Report(id="r", text=case["text"], published=date.fromisoformat(case["published"]), lang=case["lang"])
    got = extract(report)
    assert len(got) == len(case["events"]), [(e.location, e.killed) for e in got]
    for want, event in zip(case["events"], got):
        for field, value in want.items():
            assert getattr(event, field) == value, field
