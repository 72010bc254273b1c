"""What analysts load: full-date spans, ACLED's time precision, the sources' citations, the
column sets of ACLED, GTD and UCDP, --bom, the choices of --help, completion and NO_COLOR.

Every report here is invented for the tests."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidents import store as store_module
from incidents.cli import app as cli
from incidents.cli.app import app
from incidents.identity import report_hash
from incidents.model import EXPORT_FIELDS, Event, Report, SourceInfo
from incidents.readers import read_reports
from incidents.sinks import write_events

ENV = {"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}

COURIER = (
    "Title: Bus ambush near Mosul\nPublished: 2019-03-02\nSource: Riverside Courier\n"
    "URL: https://courier.example/2019/03/02/ambush\n\n"
    "Gunmen ambushed three buses carrying Popular Mobilization fighters outside Mosul on Wednesday, "
    "killing six and wounding 31, officials said.\n"
)
WIRE = json.dumps({
    "id": "wire-9", "published": "2019-03-03", "title": "Toll of Mosul bus ambush rises; seven dead",
    "source": "https://wire.example/9",
    "text": "Gunmen ambushed three buses carrying Popular Mobilization fighters outside Mosul on Wednesday, "
            "killing seven and wounding 31, a security source said.",
}) + "\n"
EVIDENCE = ("Gunmen ambushed three buses carrying Popular Mobilization fighters outside Mosul on Wednesday, "
            "killing six and wounding 31, officials said.")


def _event(event_id, date_value, precision, **changes):
    base = Event(event_id=event_id, date=date_value, date_precision=precision,
                 date_basis="explicit" if date_value else None, location="Kirkuk", admin1="Kirkuk", country="IQ",
                 latitude=35.46806, longitude=44.39222, killed=3, wounded=None, event_type="bombing",
                 perpetrator=None, target=None, sources=("r-1",), evidence="A bomb killed three.", lang="en",
                 geo_precision=1, place_ref="geonames:94787", killed_min=3, killed_max=3)
    return dataclasses.replace(base, **changes)


SPANS = [
    _event("day", "2018-02-20", "day"),
    _event("week", "2018-W08", "week"),
    _event("new-year-week", "2019-W01", "week"),
    _event("month", "2018-01", "month"),
    _event("leap-month", "2020-02", "month"),
    _event("year", "2016", "year"),
    _event("undated", None, None),
]


def export(fmt, events, **kwargs):
    stream = io.StringIO(newline="")
    write_events(events, fmt, stream, **kwargs)
    return stream.getvalue()


# --- date_start, date_end, time_precision ------------------------------------------


def test_every_dated_row_spans_its_precision_in_full_dates():
    rows = list(csv.DictReader(io.StringIO(export("csv", SPANS), newline="")))
    assert [(r["event_id"], r["date_start"], r["date_end"], r["time_precision"]) for r in rows] == [
        ("day", "2018-02-20", "2018-02-20", "1"),
        ("week", "2018-02-19", "2018-02-25", "2"),
        ("new-year-week", "2018-12-31", "2019-01-06", "2"),
        ("month", "2018-01-01", "2018-01-31", "3"),
        ("leap-month", "2020-02-01", "2020-02-29", "3"),
        ("year", "2016-01-01", "2016-12-31", "3"),
        ("undated", "", "", ""),
    ]
    for row in rows[:-1]:
        assert date.fromisoformat(row["date_start"]) <= date.fromisoformat(row["date_end"])


@pytest.mark.parametrize("fmt", ["json", "jsonl", "geojson"])
def test_the_json_formats_carry_the_same_spans(fmt):
    text = export(fmt, SPANS)
    if fmt == "json":
        rows = json.loads(text)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
    else:
        rows = [feature["properties"] for feature in json.loads(text)["features"]]
    assert [(r["date_start"], r["date_end"], r["time_precision"]) for r in rows] == [
        ("2018-02-20", "2018-02-20", 1), ("2018-02-19", "2018-02-25", 2), ("2018-12-31", "2019-01-06", 2),
        ("2018-01-01", "2018-01-31", 3), ("2020-02-01", "2020-02-29", 3), ("2016-01-01", "2016-12-31", 3),
        (None, None, None)]
    for row in rows[:-1]:
        date.fromisoformat(row["date_start"]), date.fromisoformat(row["date_end"])


def test_csv_columns_and_source_lists():
    sources = {"r-1": SourceInfo(url="https://a.example/1", publisher="A; B Media", published=date(2018, 2, 21)),
               "r-2": SourceInfo(title="Second")}
    event = _event("two", "2018-02-20", "day", sources=("r-1", "r-2", "r-3"), n_sources=3)
    header, line = export("csv", [event], sources=sources).splitlines()
    assert header.split(",") == list(EXPORT_FIELDS)
    assert line.endswith(",3,2018-02-20,2018-02-20,1,https://a.example/1; ; ,; Second; ,A; B Media; ; ,"
                         "2018-02-21; ; ")
    assert export("csv", [event]).splitlines()[1].endswith(",3,2018-02-20,2018-02-20,1,,,,")
    [row] = json.loads(export("json", [event], sources=sources))
    assert (row["source_urls"], row["source_titles"], row["source_publishers"], row["source_published"]) == (
        ["https://a.example/1", None, None], [None, "Second", None], ["A; B Media", None, None],
        ["2018-02-21", None, None])


# --- citations from the inputs to the export ---------------------------------------


@pytest.fixture
def reports(tmp_path, monkeypatch):
    """Two reports of one ambush, named by relative paths so that the ids are the same on
    every machine."""
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    Path("in/courier.txt").write_text(COURIER, encoding="utf-8")
    Path("in/wire.jsonl").write_text(WIRE, encoding="utf-8")
    return Path("in")


def _run(*args):
    return CliRunner(env=ENV).invoke(app, ["extract", *map(str, args)])


def test_the_export_cites_each_source(reports):
    result = _run(reports, "--format", "csv", "-q")
    assert result.exit_code == 0, result.output
    header, row, *rest = result.stdout.splitlines()
    assert not rest
    assert header == ",".join(EXPORT_FIELDS)
    assert row == (
        f'20a5e466ade4ff9c,2019-02-27,day,relative,Mosul,Nineveh,IQ,36.335,43.11889,7,31,ambush,,PMF,'
        f'in/courier.txt; wire-9,"{EVIDENCE}",en,Wednesday,outside Mosul,,2,geonames:99072,6,7,31,31,,,,'
        f'Popular Mobilization,main,2,2019-02-27,2019-02-27,1,'
        f'https://courier.example/2019/03/02/ambush; https://wire.example/9,'
        f'Bus ambush near Mosul; Toll of Mosul bus ambush rises; seven dead,Riverside Courier; ,'
        f'2019-03-02; 2019-03-03')


def test_a_store_of_the_previous_schema_opens_and_gains_its_citations(reports, tmp_path):
    db = tmp_path / "old.db"
    courier = next(r for r in read_reports([str(reports / "courier.txt")]))
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:  # as incidents wrote it before
        store_module._create_v1(conn)
        store_module._add_history_v2(conn)
        conn.execute("PRAGMA user_version = 2")
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        from incidents import extract

        events = [store_module._to_json(e) for e in extract(courier)]
        conn.execute("INSERT INTO reports (hash, id, published, lang, origin, events, settings, feed)"
                     " VALUES (?, ?, '2019-03-02', NULL, ?, ?, '{}', NULL)",
                     (report_hash(courier), courier.id, courier.origin, json.dumps(events)))
    stored = _run("--db", db, "--format", "jsonl", "-q")
    assert stored.exit_code == 0, stored.output
    [row] = [json.loads(line) for line in stored.stdout.splitlines()]
    assert (row["sources"], row["source_urls"], row["source_titles"], row["source_publishers"],
            row["source_published"]) == (["in/courier.txt"], [None], [None], [None], ["2019-03-02"])
    again = _run(reports / "courier.txt", "--db", db, "--format", "jsonl", "-q")
    assert again.exit_code == 0, again.output
    [row] = [json.loads(line) for line in again.stdout.splitlines()]
    assert (row["source_urls"], row["source_titles"], row["source_publishers"]) == (
        ["https://courier.example/2019/03/02/ambush"], ["Bus ambush near Mosul"], ["Riverside Courier"])
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (3,)


# --- --columns acled|gtd|ucdp ------------------------------------------------------


def test_acled_columns(reports):
    result = _run(reports, "--format", "csv", "--columns", "acled", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
        "civilian_targeting,iso,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,"
        "fatalities\n"
        f'IRQ20a5e466ade4ff9c,2019-02-27,2019,1,Political violence,Battles,Armed clash,,,368,Iraq,Nineveh,,Mosul,'
        f'36.335,43.11889,2,Riverside Courier; wire-9,"{EVIDENCE}",7\n')


def test_gtd_columns(reports):
    result = _run(reports, "--format", "csv", "--columns", "gtd", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "eventid,iyear,imonth,iday,approxdate,country_txt,provstate,city,latitude,longitude,specificity,vicinity,"
        "location,summary,suicide,attacktype1,attacktype1_txt,target1,gname,nkill,nkillter,nwound,scite1,scite2,"
        "scite3\n"
        f'201902270001,2019,2,27,,Iraq,Nineveh,Mosul,36.335,43.11889,1,1,outside Mosul,"{EVIDENCE}",0,2,'
        f'Armed Assault,Popular Mobilization,Unknown,7,,31,'
        f'"Riverside Courier, ""Bus ambush near Mosul"", 2019-03-02, https://courier.example/2019/03/02/ambush",'
        f'"""Toll of Mosul bus ambush rises; seven dead"", 2019-03-03, https://wire.example/9",\n')


def test_ucdp_columns_as_json(reports):
    result = _run(reports, "--format", "json", "--columns", "ucdp", "-q")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{
        "id": "20a5e466ade4ff9c", "year": 2019, "side_a": None, "side_b": None, "number_of_sources": 2,
        "source_article": 'Riverside Courier, "Bus ambush near Mosul", 2019-03-02, '
                          'https://courier.example/2019/03/02/ambush; "Toll of Mosul bus ambush rises; seven dead", '
                          '2019-03-03, https://wire.example/9',
        "source_office": "Riverside Courier", "source_date": "2019-03-02; 2019-03-03",
        "source_headline": "Bus ambush near Mosul; Toll of Mosul bus ambush rises; seven dead",
        "where_prec": 2, "where_coordinates": "Mosul", "where_description": "outside Mosul", "adm_1": "Nineveh",
        "adm_2": None, "latitude": 36.335, "longitude": 43.11889, "country": "Iraq", "date_prec": 1,
        "date_start": "2019-02-27", "date_end": "2019-02-27", "best": 7, "high": 7, "low": 6,
    }]


def test_dataset_codes_of_coarse_dates_places_and_victims():
    events = [
        _event("a", "2018-W08", "week", event_type="armed assault", target="civilians", perpetrator="unknown gunmen",
               attackers_killed=2, killed_max=None, geo_precision=3, sources=()),
        _event("b", "2018-01", "month", event_type="armed assault", target=None, mention="foiled",
               geo_precision=4, latitude=None, longitude=None, place_ref="geonames:99237", sources=()),
        _event("c", "2016", "year", event_type="suicide bombing", perpetrator="Islamic State", place_ref=None,
               geo_precision=2, target_text="a checkpoint", killed=None, killed_min=24, killed_max=99, sources=()),
        _event("d", None, None, event_type="armed assault", country=None, geo_precision=None, sources=()),
    ]
    acled = json.loads(export("json", events, columns="acled"))
    assert [(r["event_date"], r["year"], r["time_precision"], r["disorder_type"], r["event_type"],
             r["sub_event_type"], r["civilian_targeting"], r["geo_precision"], r["fatalities"]) for r in acled] == [
        ("2018-02-22", 2018, 2, "Political violence", "Violence against civilians", "Attack", "Civilian targeting",
         3, 5),
        ("2018-01-15", 2018, 3, "Strategic developments", "Strategic developments", "Disrupted weapons use", None,
         None, 3),
        ("2016-07-01", 2016, 3, "Political violence", "Explosions/Remote violence", "Suicide bomb", None, 2, None),
        (None, None, None, None, None, None, None, None, 3),
    ]
    assert [r["event_id_cnty"] for r in acled] == ["IRQa", "IRQb", "IRQc", "d"]
    gtd = json.loads(export("json", events, columns="gtd"))
    assert [(r["eventid"], r["iyear"], r["imonth"], r["iday"], r["approxdate"], r["specificity"], r["vicinity"],
             r["suicide"], r["attacktype1"], r["target1"], r["gname"], r["nkill"], r["nkillter"], r["scite1"])
            for r in gtd] == [
        ("201802000001", 2018, 2, 0, "2018-W08", 4, 0, 0, 2, "civilians", "Unknown", 5, 2, None),
        ("201801000001", 2018, 1, 0, "2018-01", 5, 0, 0, 2, None, "Unknown", 3, None, None),
        ("201600000001", 2016, 0, 0, "2016", 2, 0, 1, 3, "a checkpoint", "Islamic State", None, None, None),
        ("000000000001", None, None, None, None, None, None, 0, 2, None, "Unknown", 3, None, None),
    ]
    ucdp = json.loads(export("json", events, columns="ucdp"))
    assert [(r["side_a"], r["side_b"], r["where_prec"], r["date_prec"], r["best"], r["low"], r["high"])
            for r in ucdp] == [
        ("unknown gunmen", "Civilians", 4, 3, 5, 5, None),
        (None, None, 6, 4, 3, 3, 3),
        (None, "Islamic State", 2, 5, None, 24, 99),
        (None, None, None, None, 3, 3, 3),
    ]


def test_geojson_of_a_dataset_keeps_the_coordinates_in_the_geometry():
    collection = json.loads(export("geojson", SPANS[:1], columns="acled"))
    [feature] = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [44.39222, 35.46806]}
    assert list(feature["properties"]) == [c for c in cli_columns("acled") if c not in ("latitude", "longitude")]


def cli_columns(layout):
    from incidents.layouts import convert

    return list(convert(layout, [])[0])


def test_columns_with_the_table_is_a_usage_error(reports):
    result = _run(reports, "--format", "table", "--columns", "gtd")
    assert result.exit_code == 2
    assert "gtd columns need csv, json, jsonl or geojson, not the table" in result.output


def test_an_unknown_column_set_is_a_usage_error(reports):
    result = _run(reports, "--columns", "gdelt")
    assert result.exit_code == 2
    assert "unknown column set 'gdelt' (use incidents, acled, gtd, ucdp)" in result.output


# --- --bom, choices, completion, NO_COLOR ------------------------------------------


def test_bom_and_its_former_name_excel(reports):
    bom = _run(reports, "--format", "csv", "--bom", "-q")
    excel = _run(reports, "--format", "csv", "--excel", "-q")
    plain = _run(reports, "--format", "csv", "-q")
    assert bom.exit_code == excel.exit_code == plain.exit_code == 0
    assert bom.stdout_bytes == excel.stdout_bytes == b"\xef\xbb\xbf" + plain.stdout_bytes


def test_help_lists_the_choices():
    result = CliRunner(env=ENV).invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.replace("│", " ").split())
    for choices in ("[table|csv|json|jsonl|geojson]", "[en|ar]", "[incidents|acled|gtd|ucdp]", "[assassination|"):
        assert choices in text, choices


def test_the_choices_are_the_librarys():
    from incidents.layouts import LAYOUTS
    from incidents.sinks import FORMATS
    from incidents.triggers import EVENT_TYPES

    assert (cli.FORMATS, cli.EVENT_TYPES, cli.COLUMNS) == (FORMATS, EVENT_TYPES, LAYOUTS)


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "unknown format 'xml' (use table, csv, json, jsonl, geojson)"),
    (["--lang", "fr"], "unsupported language 'fr' (use en or ar)"),
    (["--type", "riot"], "unknown type 'riot' (use assassination, kidnapping, suicide bombing, IED, airstrike, "
                         "shelling, ambush, bombing, armed assault, armed clash, other)"),
])
def test_a_bad_choice_keeps_its_message_and_exit_2(reports, args, message):
    result = _run(reports, *args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())


@pytest.mark.skipif(shutil.which("incidents") is None and not (Path(sys.executable).parent / "incidents").exists(),
                    reason="the console script is not installed")
def test_shell_completion_offers_the_choices():
    exe = shutil.which("incidents") or str(Path(sys.executable).parent / "incidents")
    env = {**os.environ, "_INCIDENTS_COMPLETE": "complete_bash", "COMP_WORDS": "incidents extract --format j",
           "COMP_CWORD": "3"}
    done = subprocess.run([exe], capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stdout.split()) == (0, ["json", "jsonl"])
    help_text = subprocess.run([exe, "--help"], capture_output=True, text=True, env={**os.environ, **ENV},
                               timeout=60).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text


def test_no_color_is_honoured(reports, monkeypatch):
    """With FORCE_COLOR (as on a terminal) colour codes come out; NO_COLOR takes them away
    from the table, whatever styles it uses."""
    import incidents.table

    def coloured(events, console, n_reports):
        console.print(f"[red]{len(events)} events[/red]", highlight=False)

    forced = {"FORCE_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}
    args = ["extract", str(reports), "--format", "table", "-q"]
    table = CliRunner(env={**forced, "NO_COLOR": "1"}).invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "2019-02-27" in table.stdout and "\x1b[3" not in table.stdout and "\x1b[9" not in table.stdout
    monkeypatch.setattr(incidents.table, "render_table", coloured)
    assert CliRunner(env={**forced, "NO_COLOR": None}).invoke(app, args).stdout == "\x1b[31m1 events\x1b[0m\n"
    assert CliRunner(env={**forced, "NO_COLOR": "1"}).invoke(app, args).stdout == "1 events\n"
