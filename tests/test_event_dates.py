"""The date an event gets: numeric dates that read both ways take the order of their
source (the file's unambiguous dates, else the report's own, else the pack's: day
first); a week ("last week") dates it at week precision, across the turn of a year too."""
from __future__ import annotations

import json
from datetime import date

import pytest

from incidents import extract, read_reports
from incidents.model import Report

_RECORDS = [
    ("a", "04/13/2017: A car bomb killed three people in Kirkuk."),
    ("b", "05/06/2017: Gunmen killed two policemen in Tikrit."),
    ("c", "05/21/2017: A roadside bomb wounded four soldiers near Baiji."),
]


def _feed(tmp_path, records):
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "lang": "en"}) + "\n" for i, t in records),
                    encoding="utf-8")
    return path


def test_file_teaches_its_order_to_every_report(tmp_path):
    reports = list(read_reports([str(_feed(tmp_path, _RECORDS))]))
    assert [r.date_order for r in reports] == ["mdy", "mdy", "mdy"]
    # "05/06/2017" alone would read 5 June; the file writes months first.
    assert [e.date for e in extract(reports[1])] == ["2017-05-06"]
    assert [e.date for e in extract(reports[0])] == ["2017-04-13"]


def test_day_first_file(tmp_path):
    records = [("a", "13/04/2017: A car bomb killed three people in Kirkuk."),
               ("b", "05/06/2017: Gunmen killed two policemen in Tikrit.")]
    reports = list(read_reports([str(_feed(tmp_path, records))]))
    assert [r.date_order for r in reports] == ["dmy", "dmy"]
    assert [e.date for e in extract(reports[1])] == ["2017-06-05"]


def test_option_overrides_the_source():
    report = Report(id="x", text="05/06/2017: Gunmen killed two policemen in Tikrit.", lang="en", date_order="dmy")
    assert [e.date for e in extract(report)] == ["2017-06-05"]
    assert [e.date for e in extract(report, date_order="mdy")] == ["2017-05-06"]


def test_a_date_that_resolves_beats_a_name_that_looks_like_one():
    # "15th January" names a group and has no year: the full date dates the attack.
    report = Report(id="x", lang="en", text="01/15/1993: Members of the 15th January Front bombed an office in "
                                             "Sucre, Bolivia. Nobody was hurt.")
    assert [(e.date, e.date_text) for e in extract(report)] == [("1993-01-15", "01/15/1993")]


def test_command_line_order(tmp_path):
    import csv
    import io

    from typer.testing import CliRunner

    from incidents.cli.app import app

    report = tmp_path / "one.txt"
    report.write_text("05/06/2017: Gunmen killed two policemen in Tikrit.\n", encoding="utf-8")
    runner = CliRunner(env={"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"})

    def dates(*options):
        result = runner.invoke(app, ["extract", str(report), "--format", "csv", "-q", *options])
        assert result.exit_code == 0, result.output
        return [row["date"] for row in csv.DictReader(io.StringIO(result.stdout))]

    assert dates() == ["2017-06-05"]
    assert dates("--date-order", "mdy") == ["2017-05-06"]
    assert dates("--date-order", "dmy") == ["2017-06-05"]
    result = runner.invoke(app, ["extract", str(report), "--date-order", "ymd"])
    assert result.exit_code == 2
    assert "unknown order 'ymd' (use auto, dmy or mdy)" in result.output


@pytest.mark.parametrize("published,text,expected", [
    ("2019-03-04", "A car bomb killed nine people in Kandahar last week, officials said.", ("2019-W09", "week")),
    ("2019-03-04", "Gunmen killed two guards at a checkpoint in Kirkuk over the weekend.", ("2019-W09", "week")),
    # Across the turn of the year: the week before 2 January 2019 is ISO week 52 of 2018.
    ("2019-01-02", "A car bomb killed nine people in Kandahar last week, officials said.", ("2018-W52", "week")),
    ("2019-03-04", "Four people died after a gunman opened fire in a Tulsa bar last evening.", ("2019-03-03", "day")),
])
def test_week_dates_and_last_evening_date_the_event(published, text, expected):
    from datetime import date

    report = Report(id="x", text=text, lang="en", published=date.fromisoformat(published))
    assert [(e.date, e.date_precision) for e in extract(report)] == [expected]


def test_publication_date_is_the_field_else_the_dateline():
    from dataclasses import replace

    from incidents.assemble import publication_date

    report = Report(id="x", text="MOSUL, March 6, 2019 (AP) - A roadside bomb killed two soldiers.", lang="en")
    assert publication_date(report) == date(2019, 3, 6)
    assert publication_date(replace(report, published=date(2019, 3, 7))) == date(2019, 3, 7)
    no_year = Report(id="y", text="MOSUL, March 6 (AP) - A roadside bomb killed two soldiers.", lang="en")
    assert publication_date(no_year) is None
