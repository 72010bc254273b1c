"""Long reports: the indexes that keep extraction linear give what the scans they replace gave.

A report of ~200 KB made of one short report told again and again (each copy an attack
of its own, told at the same places, so no copy continues another's) must give that
report's events once per copy: a mention looked up at the wrong offset, a draft asking
the wrong neighbours or a place index missing a key would lose or merge events in later
copies. The helpers are also checked against the scans they replace. Timing is left to
``bench/pathological.py``. The English sentences are invented (those of the benchmark).
"""
from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from incidents import extract, read_reports
from incidents.assemble import _ByStart, _nested, _PlaceIndex, _same_place
from incidents.model import Place, PlaceMention, Report
from incidents.places import Candidate, _Spans, _without_overlaps

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

BLOCK_EN = (
    "A car bomb exploded near a crowded market in Kirkuk on Saturday, killing 5 people and wounding 12. "
    "Police said gunmen opened fire on a checkpoint in Mosul late on Friday, killing two soldiers. "
    "The provincial council met on Sunday to discuss the reconstruction budget for 2019. "
    "Officials said at least 14 people were hurt when mortar rounds hit a village south of Tikrit.\n\n"
)


def _repeated(report: Report, size: int = 200_000) -> tuple[Report, int]:
    text = report.text.strip() + "\n\n"
    n = size // len(text) + 1
    return Report(id=report.id, text=text * n, published=report.published, lang=report.lang), n


@pytest.mark.parametrize("report", [
    Report(id="block-en", text=BLOCK_EN, published=date(2019, 3, 2), lang="en"),
    next(read_reports([str(SAMPLES / "ar-salahuddin-attacks.txt")])),
], ids=lambda r: r.id)
def test_a_long_report_gives_the_events_of_its_parts(report):
    one = [asdict(e) for e in extract(report)]
    assert one, "the block must tell attacks"
    long, n = _repeated(report)
    assert len(long.text) >= 200_000
    assert [asdict(e) for e in extract(long)] == one * n


def _places(seed: int, n: int) -> list[Place]:
    rng = random.Random(seed)
    kinds = ["city", "city", "admin1", "country", "district", "unresolved"]
    out = []
    for _ in range(n):
        country = rng.choice(["IQ", "SY", "YE", ""])
        lat = rng.choice([None, round(rng.uniform(30, 31), 3), float("nan")])
        out.append(Place(rng.choice(["Kirkuk", "Mosul", "Hit", "Taiz"]), country,
                         admin1=rng.choice(["", "Anbar", "Taiz", "Nineveh"]),
                         latitude=lat, longitude=None if lat is None else round(rng.uniform(44, 45), 3),
                         kind=rng.choice(kinds)))
    return out


def test_place_index_meets_what_the_scan_meets():
    for seed in range(30):
        old, new = _places(seed, 12), _places(seed + 1000, 12)
        index = _PlaceIndex()
        for o in old:
            index.add(o)
        for n in new:
            assert index.meets(n) == any(_same_place(n, o) or _nested(n, o) for o in old)


def test_indexes_answer_as_the_scans():
    rng = random.Random(7)
    spans = sorted((a, a + rng.randint(1, 9)) for a in rng.sample(range(0, 2000), 300))
    mentions, last = [], -1
    for a, b in spans:
        if a >= last:  # places found never overlap
            mentions.append(PlaceMention(a, b, "x", Place("X", "IQ"), 1))
            last = b
    by_start, index = _ByStart(mentions), _Spans(mentions)
    for _ in range(300):
        a = rng.randint(0, 2000)
        b = a + rng.randint(0, 60)
        assert by_start.within(a, b) == [m for m in mentions if a <= m.start and m.end <= b]
        assert index.overlapping(a, b) == [m for m in mentions if m.start < b and a < m.end]
        assert list(index.after(a)) == [m for m in mentions if m.start >= a]
    cands = [Candidate(a, a + rng.randint(1, 20), 1, []) for a in (rng.randint(0, 500) for _ in range(400))]
    cands.sort(key=lambda c: -(c.end - c.start))
    taken: list[Candidate] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    assert _without_overlaps(cands) == sorted(taken, key=lambda c: c.start)
