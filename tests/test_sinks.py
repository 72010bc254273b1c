"""Sinks: exact export bytes against golden files, the table, and atomic writes.

Regenerate the golden files after a deliberate format change with
``UPDATE_GOLDEN=1 pytest tests/test_sinks.py`` and review the diff.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from incidents.atomic import atomic_write
from incidents.model import EXPORT_FIELDS, Event, SourceInfo
from incidents.sinks import FORMATS, format_for_path, write_events
from incidents.table import render_table, summary

GOLDEN = Path(__file__).parent / "golden"

ENGLISH = Event(
    event_id="ev-0001",
    date="2019-03-02",
    date_precision="day",
    date_basis="explicit",
    location="Mosul",
    admin1="Nineveh",
    country="IQ",
    latitude=36.3350012,
    longitude=43.1188896,
    killed=4,
    wounded=9,
    event_type="bombing",
    perpetrator="unknown gunmen",
    target="civilians",
    sources=("wire-17", "site-b/a.txt"),
    evidence='A roadside bomb, which "shook the whole street", killed four people and injured nine',
    lang="en",
    date_text="on Saturday",
    location_text="in Mosul",
    admin2="Mosul District",
    geo_precision=1,
    killed_min=4,
    killed_max=4,
    wounded_min=9,
    wounded_max=9,
    attackers_killed=1,
    casualties_text="killed four people and injured nine",
    perpetrator_text="gunmen",
    target_text="a crowded market",
    mention="main",
    n_sources=2,
)

ARABIC = Event(
    event_id="ev-0002",
    date="2019-03",
    date_precision="month",
    date_basis="relative",
    location="Kirkuk",
    admin1="Kirkuk",
    country="IQ",
    latitude=35.4681,
    longitude=44.3922,
    killed=None,
    wounded=None,
    event_type="shelling",
    perpetrator=None,
    target=None,
    sources=("ar-42",),
    evidence="سقطت قذائف على حي سكني في المدينة، ولم ترد أنباء عن الضحايا",
    lang="ar",
    location_text="كركوك",
    casualties_text="عشرات",
)

UNDATED = Event(
    event_id="ev-0003",
    date=None,
    date_precision=None,
    date_basis=None,
    location=None,
    admin1=None,
    country="SY",
    latitude=None,
    longitude=None,
    killed=0,
    wounded=3,
    event_type="armed_assault",
    perpetrator=None,
    target="checkpoint",
    sources=(),
    evidence="Attackers opened fire\non a checkpoint, wounding three guards.",
    lang="en",
    mention="background",
)

EVENTS = [ENGLISH, ARABIC, UNDATED]

#: What the store keeps of the reports: all of wire-17, part of ar-42, nothing of site-b/a.txt.
SOURCES = {
    "wire-17": SourceInfo(url="https://wire.example/17", title="Bomb hits market; four dead",
                          publisher="Example Wire", published=date(2019, 3, 3)),
    "ar-42": SourceInfo(title="قصف على كركوك", published=date(2019, 3, 28)),
}


def export(fmt, events=EVENTS, **kwargs):
    kwargs.setdefault("sources", SOURCES)
    stream = io.StringIO(newline="")
    write_events(events, fmt, stream, **kwargs)
    return stream.getvalue().encode("utf-8")


def golden(name, produced):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(produced)
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "geojson"])
def test_export_matches_golden(fmt):
    produced = export(fmt)
    assert produced == golden(f"events.{fmt}", produced)


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "geojson"])
def test_export_is_deterministic(fmt):
    assert export(fmt) == export(fmt, [dataclasses.replace(e) for e in EVENTS])


#: Two more events for the column sets: a week and a year, a province, a foiled attack, text a
#: spreadsheet would run, a line break, coordinates that round to zero and near the antimeridian.
FOILED = dataclasses.replace(
    ENGLISH, event_id="ev-0004", date="2019-W10", date_precision="week", event_type="armed assault",
    evidence="=1+2\r\nsecond line", perpetrator="@group", latitude=-0.000004, longitude=-179.999996,
    sources=("wire-17", "ar-42"), mention="foiled")
PROVINCE = dataclasses.replace(
    ARABIC, event_id="ev-0005", date="2018", date_precision="year", geo_precision=3, event_type="IED",
    killed=2, killed_min=2, killed_max=5, attackers_killed=1, perpetrator="-ISIS", admin2=None)
EVERY = EVENTS + [FOILED, PROVINCE]

#: Every format in every column set, and the CSV options: the bytes written before the export
#: was streamed (tests/golden/every/), which it must give unchanged.
EVERY_EXPORT = [(fmt, columns, {}) for columns in ("incidents", "acled", "gtd", "ucdp")
                for fmt in ("csv", "json", "jsonl", "geojson")]
EVERY_EXPORT += [("csv", "incidents", {"bom": True}), ("csv", "incidents", {"raw_cells": True}),
                 ("csv", "gtd", {"bom": True, "raw_cells": True})]


def _golden_name(fmt, columns, options):
    return "every/" + "-".join([columns, *sorted(options)]) + "." + fmt


@pytest.mark.parametrize("fmt, columns, options", EVERY_EXPORT)
def test_every_export_keeps_its_bytes(fmt, columns, options):
    produced = export(fmt, EVERY, columns=columns, **options)
    assert produced == golden(_golden_name(fmt, columns, options), produced)
    if fmt != "csv":
        assert export(fmt, [], columns=columns) == golden(_golden_name(fmt, columns, {"empty": 1}), b"")


@pytest.mark.parametrize("fmt, columns, options", EVERY_EXPORT)
def test_each_row_is_written_before_the_next_event_is_read(fmt, columns, options):
    """Streaming: an export reads its events one at a time and writes each before it reads
    the next, so that no list of every row is ever made."""
    stream = io.StringIO(newline="")
    written = []  # how much was written when each event was asked for

    def events():
        for event in EVERY:
            written.append(len(stream.getvalue()))
            yield event
        written.append(len(stream.getvalue()))

    assert write_events(events(), fmt, stream, sources=SOURCES, columns=columns, **options) == len(EVERY)
    assert all(before < after for before, after in zip(written, written[1:]))
    assert stream.getvalue().encode("utf-8") == export(fmt, EVERY, columns=columns, **options)


def test_csv_parses_back_to_the_same_values():
    rows = list(csv.DictReader(io.StringIO(export("csv").decode("utf-8"), newline="")))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert rows[0]["sources"] == "wire-17; site-b/a.txt"
    assert (rows[0]["latitude"], rows[0]["longitude"]) == ("36.335", "43.11889")
    assert rows[0]["evidence"] == ENGLISH.evidence
    assert rows[1]["evidence"] == ARABIC.evidence
    assert (rows[1]["killed"], rows[1]["perpetrator"]) == ("", "")
    assert rows[2]["evidence"] == UNDATED.evidence
    assert (rows[2]["date"], rows[2]["latitude"], rows[2]["sources"], rows[2]["killed"]) == ("", "", "", "0")


def test_csv_header_without_events_and_bom():
    assert export("csv", []) == (",".join(EXPORT_FIELDS) + "\n").encode()
    assert export("csv", [], bom=True).startswith(b"\xef\xbb\xbfevent_id,")


def test_json_layout_is_that_of_json_dumps():
    text = export("json").decode("utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert export("json", []) == b"[]\n"


def test_jsonl_is_one_object_per_line():
    lines = export("jsonl").decode("utf-8").splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == ["ev-0001", "ev-0002", "ev-0003"]
    assert json.loads(lines[0])["sources"] == ["wire-17", "site-b/a.txt"]


def test_geojson_geometry():
    collection = json.loads(export("geojson"))
    assert collection["type"] == "FeatureCollection"
    first, _, last = collection["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [43.11889, 36.335]}
    assert "latitude" not in first["properties"]
    assert first["properties"]["event_id"] == "ev-0001"
    assert last["geometry"] is None


def test_coordinates_never_use_exponents():
    near_zero = dataclasses.replace(UNDATED, latitude=-0.000001, longitude=0.00003)
    line = export("jsonl", [near_zero]).decode("utf-8")
    assert '"latitude": 0.0, "longitude": 0.00003,' in line
    assert ",0.0,0.00003," in export("csv", [near_zero]).decode("utf-8")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export("table")


def test_format_for_path():
    assert [format_for_path(p) for p in ("a.CSV", "b.json", "c.ndjson", "d.jsonl", "e.geojson", "f.txt", "g.xlsx")] == [
        "csv", "json", "jsonl", "jsonl", "geojson", "table", None
    ]
    assert "table" in FORMATS


def test_summary_counts_only_known_figures():
    # the days span the month of the Kirkuk shelling
    assert summary(EVENTS, 2) == "3 events from 2 reports · 4 killed · 12 wounded · 2019-03-01 to 2019-03-31"
    assert summary([ARABIC], 1) == "1 event from 1 report · 0 killed · 0 wounded · 2019-03-01 to 2019-03-31"
    assert summary([ENGLISH], 1) == "1 event from 1 report · 4 killed · 9 wounded · 2019-03-02"
    assert summary([UNDATED], 1) == "1 event from 1 report · 0 killed · 3 wounded"


def test_render_table():
    from rich.console import Console

    out = io.StringIO()
    render_table(EVENTS, Console(file=out, width=200, color_system=None), n_reports=2)
    text = out.getvalue()
    lines = text.rstrip("\n").split("\n")
    assert lines[-1] == "3 events from 2 reports · 4 killed · 12 wounded · 2019-03-01 to 2019-03-31"
    assert "Mosul, IQ" in text
    assert "wire-17 +1" in text
    assert "سقطت قذائف" in text
    assert "A roadside bomb, which \"shook the whole street\", killed four people and injured…" in text
    undated_row = next(line for line in lines if "armed_assault" in line)
    assert undated_row.split("│")[1].strip() == "—"


def test_render_table_without_events():
    from rich.console import Console

    out = io.StringIO()
    render_table([], Console(file=out, width=200, color_system=None), n_reports=5)
    assert out.getvalue() == "0 events from 5 reports · 0 killed · 0 wounded\n"


# --- atomic_write -------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    with atomic_write(target, newline="") as fh:
        fh.write("new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["out.csv"]


def test_atomic_write_new_file_follows_umask(tmp_path):
    target = tmp_path / "fresh.bin"
    old = os.umask(0o027)
    try:
        with atomic_write(target, "wb") as fh:
            fh.write(b"\x00\x01")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"\x00\x01"
    assert os.stat(target).st_mode & 0o777 == 0o640


def test_atomic_write_failure_leaves_old_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write("half written")
            raise RuntimeError("boom")
    assert target.read_text() == "previous"
    assert os.listdir(tmp_path) == ["out.json"]


@pytest.mark.parametrize(
    "figures, cell",
    [
        (dict(killed=32, killed_min=28, killed_max=32), "32 (28–32)"),
        (dict(killed=12, killed_min=12, killed_max=None), "12+"),
        (dict(killed=40, killed_min=41, killed_max=None), "40 (41+)"),
        (dict(killed=None, killed_min=24, killed_max=99), "(24–99)"),
        (dict(killed=5, killed_min=5, killed_max=5), "5"),
    ],
)
def test_table_shows_the_range_beside_the_best_value(figures, cell):
    from rich.console import Console

    out = io.StringIO()
    render_table([dataclasses.replace(ENGLISH, **figures)], Console(file=out, width=250, color_system=None),
                 n_reports=1)
    assert re.search(rf"│ +{re.escape(cell)} │", out.getvalue())


# --- hostile report text -----------------------------------------------------------


def _csv_cells(data: bytes, *names):
    [row] = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return tuple(row[name] for name in names)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_formula_cells(start):
    event = dataclasses.replace(ENGLISH, evidence=start + "HYPERLINK(\"http://x\")", sources=(start + "src",))
    cell = "'" + start.replace("\r", "\n")
    data = export("csv", [event])
    assert _csv_cells(data, "evidence", "sources") == (cell + 'HYPERLINK("http://x")', cell + "src")
    assert _csv_cells(export("csv", [event], bom=True), "evidence") == (cell + 'HYPERLINK("http://x")',)


def test_csv_formula_cell_bytes_and_raw_cells():
    event = dataclasses.replace(ENGLISH, evidence="=1+2", longitude=-43.5, latitude=-0.25)
    line = export("csv", [event]).split(b"\n")[1]
    assert b",'=1+2," in line
    assert b",-0.25,-43.5," in line  # numbers stay numbers, negative ones too
    assert b",=1+2," in export("csv", [event], raw_cells=True).split(b"\n")[1]


def test_csv_numbers_are_not_neutralised():
    event = dataclasses.replace(ENGLISH, killed=0, wounded=12, attackers_killed=3)
    assert _csv_cells(export("csv", [event]), "killed", "wounded", "attackers_killed") == ("0", "12", "3")


def test_table_strips_escape_sequences_and_control_characters():
    from rich.console import Console

    event = dataclasses.replace(
        ENGLISH,
        location="\x1b[31mMosul\x1b[0m",
        perpetrator="\x1b]8;;https://example.org/x\x1b\\gunmen\x1b]8;;\x1b\\",
        target="a\x07b\x00c\x9b2Jd",
        evidence="Blast\x1b]0;owned\x07 kills four\tin the market",
        sources=("src\x1bc",),
    )
    out = io.StringIO()
    render_table([event], Console(file=out, width=250, color_system=None), n_reports=1)
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text and "\x9b" not in text
    assert "Mosul, IQ" in text and "│ gunmen " in text and "│ abcd " in text
    assert "Blast kills four in the market" in text and "│ src " in text


def test_csv_carriage_return_inside_a_cell_cannot_split_the_row():
    event = dataclasses.replace(ENGLISH, evidence="one\rtwo\r\nthree")
    assert b',"one\ntwo\nthree",' in export("csv", [event])
