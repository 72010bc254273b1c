"""The terminal table at the widths people use: nothing that matters is cut."""
from __future__ import annotations

import dataclasses
import io

import pytest
from rich.console import Console

from incidents.model import Event
from incidents.table import render_table


def _event(n: int, **changes) -> Event:
    base = Event(
        event_id=f"ev-{n}", date=f"2016-10-{n:02d}", date_precision="day", date_basis="explicit",
        location="Baqubah", admin1="Diyala", country="IQ", latitude=33.75, longitude=44.6,
        killed=n, wounded=2 * n, event_type="bombing", perpetrator="Islamic State", target="civilians",
        sources=(f"/home/analyst/archive/2016/october/diyala/report-{n:03d}.txt",),
        evidence="A parked car packed with explosives went off near a crowded market after evening "
                 "prayers, the provincial police said in a statement on the following morning.",
        lang="en", geo_precision=1)
    return dataclasses.replace(base, **changes)


EVENTS = [_event(n) for n in range(1, 26)]


def _render(events, width: int) -> list[str]:
    out = io.StringIO()
    render_table(events, Console(file=out, width=width, color_system=None), n_reports=len(events))
    return out.getvalue().rstrip("\n").split("\n")


@pytest.mark.parametrize("width", [80, 120])
def test_compact_layout_keeps_dates_and_figures_whole_one_line_per_event(width):
    lines = _render(EVENTS, width)
    assert lines[0].split() == ["Date", "Place", "Killed", "Wounded", "Type", "Evidence"]
    rows = lines[2:-1]
    assert len(rows) == 25  # one line per event
    for n, row in enumerate(rows, 1):
        assert row.startswith(f"2016-10-{n:02d}  Baqubah, IQ"), row
        cells = row.split()
        assert cells[3:6] == [str(n), str(2 * n), "bombing"]
        assert row.endswith("…") and len(row) == width
    assert lines[-1] == "25 events from 25 reports · 325 killed · 650 wounded · 2016-10-01 to 2016-10-25"


def test_wide_layout_names_sources_by_their_file():
    lines = _render(EVENTS[:2], 160)
    header = [c.strip() for c in lines[1].split("│")[1:-1]]
    assert header == ["Date", "Place", "Killed", "Wounded", "Type", "Perpetrator", "Target", "Evidence", "Sources"]
    first = [c.strip() for c in lines[3].split("│")[1:-1]]
    assert first[:7] == ["2016-10-01", "Baqubah, IQ", "1", "2", "bombing", "Islamic State", "civilians"]
    assert first[8] == "report-001.txt"
    assert all(len(line) == 160 for line in lines[:-1])


def test_stand_in_dates_and_coarse_places_are_marked_and_the_marks_explained():
    events = [_event(1, date_basis="publication"),
              _event(2, location="Diyala", geo_precision=3),
              _event(3)]
    lines = _render(events, 100)
    assert lines[2].startswith("2016-10-01*  Baqubah, IQ ")
    assert lines[3].startswith("2016-10-02   Diyala, IQ~ ")
    assert lines[4].startswith("2016-10-03   Baqubah, IQ ")
    assert lines[-2] == "* the publication day stands in for the date · ~ only the province or country is known"
    assert "*" not in "".join(_render([_event(3)], 100)[:-1])


def test_arabic_evidence_keeps_its_words_on_one_line():
    arabic = _event(1, evidence="انفجرت عبوة ناسفة قرب سوق شعبي في بعقوبة مساء أمس ما أدى إلى سقوط ضحايا", lang="ar")
    (row,) = _render([arabic], 90)[2:-1]
    assert "انفجرت عبوة ناسفة قرب" in row and row.endswith("…")
