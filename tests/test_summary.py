"""incidents.summarize and ``incidents summary``: every event counted once, unknown figures
kept apart from zeros, coarse and undated events in rows of their own, exact CSV bytes.
All reports and events here are invented for the tests."""
import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.cli.app import app
from incidents.model import Event
from incidents.summarize import parse_by, period_of, summarize, write_csv


def _event(when, killed, wounded, country="IQ", admin1=None, kind="bombing", perpetrator=None):
    return Event(event_id=f"e-{when}-{killed}-{wounded}", date=when, date_precision=None, date_basis=None,
                 location=None, admin1=admin1, country=country, latitude=None, longitude=None, killed=killed,
                 wounded=wounded, event_type=kind, perpetrator=perpetrator, target=None, sources=("s",),
                 evidence="", lang="en")


EVENTS = [
    _event("2019-03-04", 3, None),
    _event("2019-03", 2, 1),                       # month precision
    _event("2019", None, 4),                       # year precision
    _event(None, 1, 1, country=None),              # undated, unplaced
    _event("2019-03-31", 0, 2, country="SY"),      # 0 killed is a figure, not an unknown
    _event("2019-W13", 5, 5),                      # Mar 25..31: inside March
    _event("2019-W05", 1, 0),                      # Jan 28..Feb 3: straddles two months
]


def _csv(summary) -> bytes:
    out = io.StringIO(newline="")
    write_csv(summary, out)
    return out.getvalue().encode("utf-8")


def test_month_summary_csv_bytes():
    assert _csv(summarize(EVENTS, "month", ("country",))) == (
        b"period,period_start,period_end,country,events,killed,wounded,killed_unknown,wounded_unknown\n"
        b"2019-W05 (month unknown),2019-01-28,2019-02-03,IQ,1,1,0,0,0\n"
        b"2019-03,2019-03-01,2019-03-31,IQ,3,10,6,0,1\n"
        b"2019-03,2019-03-01,2019-03-31,SY,1,0,2,0,0\n"
        b"2019 (month unknown),2019-01-01,2019-12-31,IQ,1,0,4,1,0\n"
        b"undated,,,,1,1,1,0,0\n"
        b"total,,,,7,12,13,1,1\n")


def test_week_summary_csv_bytes():
    assert _csv(summarize(EVENTS, "week")) == (
        b"period,period_start,period_end,events,killed,wounded,killed_unknown,wounded_unknown\n"
        b"2019-W05,2019-01-28,2019-02-03,1,1,0,0,0\n"
        b"2019-W10,2019-03-04,2019-03-10,1,3,0,0,1\n"
        b"2019-W13,2019-03-25,2019-03-31,2,5,7,0,0\n"
        b"2019-03 (week unknown),2019-03-01,2019-03-31,1,2,1,0,0\n"
        b"2019 (week unknown),2019-01-01,2019-12-31,1,0,4,1,0\n"
        b"undated,,,1,1,1,0,0\n"
        b"total,,,7,12,13,1,1\n")


def test_year_summary_by_type_and_perpetrator():
    events = [_event("2018-12-31", 2, 3, kind="shelling", perpetrator="Islamic State"),
              _event("2019-W01", 4, None, kind="shelling"),  # Dec 31 2018 .. Jan 6 2019
              _event("2019-06", None, 1, kind="bombing", perpetrator="Islamic State")]
    assert _csv(summarize(events, "year", ("type", "perpetrator"))) == (
        b"period,period_start,period_end,event_type,perpetrator,events,killed,wounded,killed_unknown,"
        b"wounded_unknown\n"
        b"2018,2018-01-01,2018-12-31,shelling,Islamic State,1,2,3,0,0\n"
        b"2019-W01 (year unknown),2018-12-31,2019-01-06,shelling,,1,4,0,0,1\n"  # rows go by their last day
        b"2019,2019-01-01,2019-12-31,bombing,Islamic State,1,0,1,1,0\n"
        b"total,,,,,3,6,4,1,1\n")


def test_admin1_groups_carry_their_country():
    events = [_event("2020-01-05", 1, 1, country="IQ", admin1="Central"),
              _event("2020-01-06", 2, 2, country="XX", admin1="Central"),
              _event("2020-01-07", 3, 3, country="IQ", admin1=None)]
    summary = summarize(events, "month", ("admin1",))
    assert summary.columns == ("country", "admin1")
    assert [(r.groups, r.killed) for r in summary.rows] == [
        (("IQ", "Central"), 1), (("IQ", None), 3), (("XX", "Central"), 2)]


def test_a_cell_that_a_spreadsheet_would_run_is_neutralised():
    summary = summarize([_event("2020-01-05", 1, 1, perpetrator="=HYPERLINK(1)")], "year", ("perpetrator",))
    assert _csv(summary).splitlines()[1] == b"2020,2020-01-01,2020-12-31,'=HYPERLINK(1),1,1,1,0,0"


@pytest.mark.parametrize("value, unit, row", [
    ("2019-12-30", "week", ("2020-W01", date(2019, 12, 30), date(2020, 1, 5), False)),
    ("2019-12-30", "year", ("2019", date(2019, 1, 1), date(2019, 12, 31), False)),
    ("2020-W01", "year", ("2020-W01 (year unknown)", date(2019, 12, 30), date(2020, 1, 5), True)),
    ("2020-W02", "month", ("2020-01", date(2020, 1, 1), date(2020, 1, 31), False)),
    ("2020-02", "week", ("2020-02 (week unknown)", date(2020, 2, 1), date(2020, 2, 29), True)),
    ("2020-02", "year", ("2020", date(2020, 1, 1), date(2020, 12, 31), False)),
    (None, "month", ("undated", None, None, False)),
])
def test_period_of(value, unit, row):
    assert period_of(value, unit) == row


@pytest.mark.parametrize("text, parsed", [
    ("month", ("month", ())),
    ("week,country", ("week", ("country",))),
    (" Year , type,perpetrator", ("year", ("type", "perpetrator"))),
])
def test_parse_by(text, parsed):
    assert parse_by(text) == parsed


@pytest.mark.parametrize("text, message", [
    ("country", "must start with a period: year, month, week"),
    ("month,week", "names more than one period"),
    ("month,place", "unknown grouping 'place' (use country, admin1, type, perpetrator)"),
    ("month,type,type", "names 'type' twice"),
])
def test_parse_by_refuses(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_by(text)


_DATES = st.one_of(
    st.none(),
    st.dates(date(2017, 1, 1), date(2021, 12, 31)).map(date.isoformat),
    st.tuples(st.integers(2017, 2021), st.integers(1, 52)).map(lambda t: f"{t[0]}-W{t[1]:02d}"),
    st.tuples(st.integers(2017, 2021), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.integers(2017, 2021).map(str),
)
_FIGURES = st.one_of(st.none(), st.integers(0, 500))
_EVENTS = st.lists(st.builds(_event, _DATES, _FIGURES, _FIGURES, st.sampled_from(["IQ", "SY", None]),
                             kind=st.sampled_from(["bombing", "shelling"])), max_size=30)


@settings(max_examples=150, deadline=None)
@given(events=_EVENTS, unit=st.sampled_from(["year", "month", "week"]),
       by=st.sampled_from([(), ("country",), ("type", "country")]))
def test_every_event_is_counted_once_and_the_totals_add_up(events, unit, by):
    summary = summarize(events, unit, by)
    total = summary.total
    for name in ("events", "killed", "wounded", "killed_unknown", "wounded_unknown"):
        assert getattr(total, name) == sum(getattr(r, name) for r in summary.rows)
    assert total.events == len(events)
    assert total.killed == sum(e.killed for e in events if e.killed is not None)
    assert total.killed_unknown == sum(e.killed is None for e in events)
    assert total.wounded_unknown == sum(e.wounded is None for e in events)
    keys = [(r.period, r.groups) for r in summary.rows]
    assert len(keys) == len(set(keys))
    for row in summary.rows:  # a period row covers one period of the unit, and is sorted by its end
        if row.start is not None and not row.coarse:
            assert period_of(row.start.isoformat(), unit)[:3] == (row.period, row.start, row.end)
    ends = [r.end for r in summary.rows if r.end is not None]
    assert ends == sorted(ends)


# --- the command -------------------------------------------------------------------------

FEED = [
    {"id": "r1", "published": "2021-04-12", "lang": "en",
     "text": "A car bomb exploded at a vegetable market in Kirkuk on Sunday, killing 4 people and wounding 9, "
             "police said."},
    {"id": "r2", "published": "2021-04-20", "lang": "en",
     "text": "Gunmen attacked an army checkpoint near Tikrit on Monday, killing two soldiers, a security "
             "source said."},
    {"id": "r3", "published": "2021-05-03", "lang": "en",
     "text": "In March 2021, a roadside bomb killed three soldiers and wounded five near Baiji."},
    {"id": "r4", "lang": "en",
     "text": "A suicide bomber blew himself up at a police checkpoint in Ramadi, killing 5 policemen and "
             "wounding 7."},
    {"id": "r5", "published": "2021-04-14", "lang": "en",
     "text": "A mortar shell struck a residential neighbourhood of Aleppo in Syria on Tuesday, wounding 6 "
             "civilians."},
    {"id": "r6", "published": "2021-06-02", "lang": "en",
     "text": "Militants attacked a village in Diyala in 2020, killing 8 farmers."},
    {"id": "r7", "published": "2021-04-22", "lang": "en",
     "text": "Gunmen shot dead a shop owner in Mosul last week, police said."},
]


@pytest.fixture
def feed(write_jsonl):
    return write_jsonl(FEED)


def test_summary_totals_equal_the_sums_of_the_exported_rows(runner, feed):
    extracted = runner.invoke(app, ["extract", str(feed), "--format", "csv"])
    assert extracted.exit_code == 0, extracted.output
    rows = list(csv.DictReader(io.StringIO(extracted.stdout)))
    result = runner.invoke(app, ["summary", str(feed), "--by", "month", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "period,period_start,period_end,events,killed,wounded,killed_unknown,wounded_unknown\n"
        "2020 (month unknown),2020-01-01,2020-12-31,1,8,0,0,1\n"
        "2021-03,2021-03-01,2021-03-31,1,3,5,0,0\n"
        "2021-04,2021-04-01,2021-04-30,4,6,15,2,2\n"
        "undated,,,1,5,7,0,0\n"
        "total,,,7,22,27,2,3\n")
    total = list(csv.DictReader(io.StringIO(result.stdout)))[-1]
    assert int(total["events"]) == len(rows) == 7
    assert int(total["killed"]) == sum(int(r["killed"]) for r in rows if r["killed"])
    assert int(total["wounded"]) == sum(int(r["wounded"]) for r in rows if r["wounded"])
    assert int(total["killed_unknown"]) == sum(not r["killed"] for r in rows)
    assert result.stderr == "incidents: 7 events from 7 reports\n"


def test_summary_takes_extracts_filters(runner, feed):
    result = runner.invoke(app, ["summary", str(feed), "--by", "year,country", "--country", "sy", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["2021,2021-01-01,2021-12-31,SY,1,0,6,1,0", "total,,,,1,0,6,1,0"]
    result = runner.invoke(app, ["summary", str(feed), "--since", "2021-04-12", "--min-killed", "1", "-f", "csv"])
    assert result.stdout.splitlines()[1:] == ["2021-04,2021-04-01,2021-04-30,1,2,0,0,1", "total,,,1,2,0,0,1"]


def test_summary_to_a_file_and_as_a_table(runner, feed, tmp_path):
    out = tmp_path / "summary.csv"
    result = runner.invoke(app, ["summary", str(feed), "--by", "week", "-o", str(out), "-q"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.read_bytes().splitlines()[-1] == b"total,,,7,22,27,2,3"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl", "summary.csv"]  # no temporary left

    result = runner.invoke(app, ["summary", str(feed), "--by", "month,admin1", "-f", "table"])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.stdout.splitlines()]
    assert "2021-04 IQ Kirkuk 1 4 9 0 0" in lines
    assert "2021-04 SY Aleppo 1 0 6 1 0" in lines
    assert "2020 (month unknown) IQ Diyala 1 8 0 0 1" in lines
    assert "undated IQ Anbar 1 5 7 0 0" in lines
    assert "total — — 7 22 27 2 3" in lines


@pytest.mark.parametrize("args, message", [
    (["--by", "day"], "must start with a period"),
    (["--by", "month,place"], "unknown grouping 'place'"),
    (["--format", "json"], "unknown format 'json' (use table, csv)"),
    (["--since", "2021-05-01", "--until", "2021-04-01"], "--since 2021-05-01 is after --until 2021-04-01"),
    (["--country", "ZZ"], "unknown country 'ZZ'"),
])
def test_summary_usage_errors_exit_2(runner, feed, args, message):
    result = runner.invoke(app, ["summary", str(feed), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_summary_of_a_missing_input_exits_1_and_counts_the_rest(runner, feed, tmp_path):
    result = runner.invoke(app, ["summary", str(feed), str(tmp_path / "missing.txt"), "-f", "csv"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "total,,,7,22,27,2,3"
    assert "missing.txt" in result.stderr
