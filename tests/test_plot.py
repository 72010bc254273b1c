"""incidents.plot and ``incidents plot``: the bars (exact), PNG and SVG files checked by their
bytes, the same bytes twice, and one line with exit 2 when matplotlib is missing.
All reports and events here are invented for the tests."""
import builtins
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from conftest import CLI_ENV

from incidents.cli.app import app
from incidents.model import Event
from incidents.plot import MAX_GROUPS, plot_data

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MISSING = "incidents: incidents plot needs matplotlib: install incidents[plot] (pip install 'incidents[plot]')\n"


def _event(when, killed, wounded, country="IQ", kind="bombing"):
    return Event(event_id=f"e-{when}-{killed}-{wounded}", date=when, date_precision=None, date_basis=None,
                 location=None, admin1=None, country=country, latitude=None, longitude=None, killed=killed,
                 wounded=wounded, event_type=kind, perpetrator=None, target=None, sources=("s",), evidence="",
                 lang="en")


EVENTS = [
    _event("2019-03-04", 3, None),
    _event("2019-03", 2, 1),
    _event("2019", None, 4),
    _event(None, 1, 1, country=None),
    _event("2019-03-31", 0, 2, country="SY"),
    _event("2019-W13", 5, 5),
    _event("2019-05-02", 7, 1, country=None),
]


def test_weekly_bars_run_without_gaps_and_name_what_they_leave_out():
    data = plot_data(EVENTS, "week", "country")
    assert [label for _, _, label in data.periods] == [f"2019-W{w:02d}" for w in range(10, 19)]
    assert data.periods[0][:2] == (date(2019, 3, 4), date(2019, 3, 10))
    assert data.groups == ("IQ", "unknown", "SY")  # by killed + wounded; unknown after a tie
    assert data.killed == {"IQ": (3, 0, 0, 5, 0, 0, 0, 0, 0), "unknown": (0,) * 8 + (7,), "SY": (0,) * 9}
    assert data.wounded == {"IQ": (0, 0, 0, 5, 0, 0, 0, 0, 0), "unknown": (0,) * 8 + (1,),
                            "SY": (0, 0, 0, 2, 0, 0, 0, 0, 0)}
    assert [(r.period, r.events) for r in data.left_out] == [
        ("2019-03 (week unknown)", 1), ("2019 (week unknown)", 1), ("undated", 1)]
    assert data.note() == ("Not drawn: 2 events whose date spans more than one week (2 killed, 5 wounded); "
                           "1 event undated (1 killed, 1 wounded). Bars add up known figures: "
                           "1 drawn event without a wounded figure.")


def test_monthly_bars_hold_month_dates_and_weeks_inside_a_month():
    data = plot_data(EVENTS, "month")
    assert [label for _, _, label in data.periods] == ["2019-03", "2019-04", "2019-05"]
    assert data.groups == ("all",)
    assert data.killed == {"all": (10, 0, 7)}
    assert data.wounded == {"all": (8, 0, 1)}
    assert data.note() == ("Not drawn: 1 event whose date spans more than one month (0 killed, 4 wounded); "
                           "1 event undated (1 killed, 1 wounded). Bars add up known figures: "
                           "1 drawn event without a wounded figure.")


def test_past_the_largest_groups_the_rest_is_other():
    events = [_event("2020-01-06", n + 1, 0, country=f"C{n}") for n in range(MAX_GROUPS + 2)]
    data = plot_data(events, "month", "country")
    assert data.groups == ("C9", "C8", "C7", "C6", "C5", "C4", "C3", "other")
    assert data.killed["other"] == (1 + 2 + 3,)
    assert sum(sum(v) for v in data.killed.values()) == sum(e.killed for e in events)


def test_no_dated_event_gives_no_bars():
    data = plot_data([_event(None, 2, 2)], "week", "type")
    assert (data.periods, data.groups) == ((), ())
    assert data.note() == "Not drawn: 1 event undated (2 killed, 2 wounded)."


# --- the command -------------------------------------------------------------------------

FEED = [
    {"id": "p1", "published": "2021-04-12", "lang": "en",
     "text": "A car bomb exploded at a vegetable market in Kirkuk on Sunday, killing 4 people and wounding 9, "
             "police said."},
    {"id": "p2", "published": "2021-04-14", "lang": "en",
     "text": "A mortar shell struck a residential neighbourhood of Aleppo in Syria on Tuesday, wounding 6 "
             "civilians."},
    {"id": "p3", "published": "2021-06-02", "lang": "en",
     "text": "Militants attacked a village in Diyala in 2020, killing 8 farmers."},
]


@pytest.fixture
def feed(write_jsonl):
    return write_jsonl(FEED)


def test_png_and_svg_are_written(runner, feed, tmp_path):
    pytest.importorskip("matplotlib")
    png, svg = tmp_path / "out" / "deaths.png", tmp_path / "out" / "deaths.svg"
    png.parent.mkdir()
    result = runner.invoke(app, ["plot", str(feed), "-o", str(png), "--by", "week", "--stack", "country"])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert result.stderr == (f"incidents: {png}: Not drawn: 1 event whose date spans more than one week "
                             "(8 killed, 0 wounded). Bars add up known figures: 1 drawn event without a killed "
                             "figure.\n"
                             "incidents: 3 events from 3 reports\n")

    result = runner.invoke(app, ["plot", str(feed), "-o", str(svg), "--stack", "type", "-q"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    root = ET.fromstring(svg.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert sorted(p.name for p in png.parent.iterdir()) == ["deaths.png", "deaths.svg"]  # no temporary left


def test_the_same_events_give_the_same_bytes(runner, feed, tmp_path):
    pytest.importorskip("matplotlib")
    outputs = []
    for n in range(2):
        out = tmp_path / f"run{n}.svg"
        assert runner.invoke(app, ["plot", str(feed), "-o", str(out), "-q"]).exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"<dc:date>" not in outputs[0]


def test_without_matplotlib_one_line_and_exit_2(runner, feed, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.split(".")[0] == "matplotlib":
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    out = tmp_path / "deaths.png"
    result = runner.invoke(app, ["plot", str(feed), "-o", str(out)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", MISSING)
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["-o", "deaths.pdf"], "deaths.pdf must end in .png or .svg"),
    (["-o", "-"], "- must end in .png or .svg"),
    ([], "Missing option '--output'"),
    (["-o", "deaths.png", "--by", "year"], "unknown period 'year' (use week, month)"),
    (["-o", "deaths.png", "--stack", "admin2"], "unknown field 'admin2' (use country, type, perpetrator)"),
])
def test_plot_usage_errors_exit_2(runner, feed, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["plot", str(feed), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl"]


def test_the_command_line_starts_without_matplotlib_or_the_summaries():
    code = ("import sys\nfrom incidents.cli.app import app\n"
            "try:\n    app(['plot', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'"
            " or m in ('incidents.plot', 'incidents.summarize')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**CLI_ENV, "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
