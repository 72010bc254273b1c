"""The command line: formats, exit codes, error lines, atomic output, the installed command."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidents.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ENV = {"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}

MOSUL_REPORT = (
    "Title: Ambush outside Mosul\nPublished: 2019-03-02\n\n"
    "Gunmen ambushed three buses carrying Popular Mobilization fighters outside Mosul on Wednesday, "
    "killing six and wounding 31, officials said.\n"
)


@pytest.fixture
def runner():
    return CliRunner(env=ENV)


def _run(runner, *args, input=None):
    return runner.invoke(app, ["extract", *map(str, args)], input=input)


def test_help_lists_exit_codes(runner):
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("incidents ")


def test_csv_from_one_report(runner, tmp_path):
    src = tmp_path / "mosul.txt"
    src.write_text(MOSUL_REPORT, encoding="utf-8")
    result = _run(runner, src, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["date"], row["date_basis"], row["location"], row["country"]) == ("2019-02-27", "relative", "Mosul", "IQ")
    assert (row["killed"], row["wounded"], row["event_type"]) == ("6", "31", "ambush")
    assert row["sources"] == str(src)


def test_format_follows_output_extension_and_writes_atomically(runner, tmp_path):
    src = tmp_path / "mosul.txt"
    src.write_text(MOSUL_REPORT, encoding="utf-8")
    out = tmp_path / "timeline.json"
    result = _run(runner, src, "-o", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["location"] for e in data] == ["Mosul"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_bad_inputs_are_named_and_the_rest_goes_on(runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "ok-1", "published": "2019-03-02", "text": MOSUL_REPORT.split("\n\n", 1)[1]}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "no-text"}) + "\n",
        encoding="utf-8",
    )
    result = _run(runner, feed, tmp_path / "missing.txt", "--format", "jsonl")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert f"incidents: {feed}:2: invalid JSON: expecting property name enclosed in double quotes at column 2" in errors
    assert f"incidents: {feed}:3: no text field (text, body or content)" in errors
    assert f"incidents: {tmp_path / 'missing.txt'}: no such file or directory" in errors
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["sources"] for e in events] == [["ok-1"]]


def test_failed_run_keeps_the_previous_export(runner, tmp_path):
    out = tmp_path / "timeline.csv"
    out.write_text("previous\n", encoding="utf-8")
    result = _run(runner, tmp_path / "missing.txt", "-o", tmp_path / "no-such-dir" / "x.csv")
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "xml"], "unknown format 'xml'"),
        (["--published", "yesterday"], "expected a date as YYYY-MM-DD"),
        (["--lang", "fr"], "unsupported language 'fr'"),
        (["--encoding", "no-such-codec"], "unknown encoding 'no-such-codec'"),
    ],
)
def test_usage_errors_exit_2(runner, tmp_path, args, message):
    result = _run(runner, tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_stdin_with_published_option(runner):
    body = MOSUL_REPORT.split("\n\n", 1)[1]
    result = _run(runner, "-", "--published", "2019-03-02", "--format", "csv", input=body)
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["date"], row["sources"]) == ("2019-02-27", "<stdin>")


def test_without_publication_date_relative_dates_stay_empty(runner):
    body = MOSUL_REPORT.split("\n\n", 1)[1]
    result = _run(runner, "-", "--format", "csv", input=body)
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["date"], row["date_basis"], row["killed"]) == ("", "", "6")


def test_table_has_summary_line(runner, tmp_path):
    src = tmp_path / "mosul.txt"
    src.write_text(MOSUL_REPORT, encoding="utf-8")
    result = _run(runner, src, "--format", "table")
    assert result.exit_code == 0
    assert "1 event from 1 report · 6 killed · 31 wounded" in result.stdout


def test_samples_run_clean(runner):
    result = _run(runner, SAMPLES, "--format", "json")
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)
    dates = [e["date"] for e in events if e["date"]]
    assert dates == sorted(dates)


def test_library_prints_nothing(capsys):
    from incidents import extract, read_reports

    for report in read_reports([str(SAMPLES)]):
        extract(report)
    captured = capsys.readouterr()
    assert captured.out == ""


@pytest.mark.skipif(shutil.which("incidents") is None and not (Path(sys.executable).parent / "incidents").exists(),
                    reason="the console script is not installed")
def test_installed_command(tmp_path):
    exe = shutil.which("incidents") or str(Path(sys.executable).parent / "incidents")
    src = tmp_path / "mosul.txt"
    src.write_text(MOSUL_REPORT, encoding="utf-8")
    done = subprocess.run([exe, "extract", str(src), "--format", "jsonl"], capture_output=True, text=True,
                          env={**os.environ, **ENV}, timeout=120)
    assert done.returncode == 0, done.stderr
    event = json.loads(done.stdout)
    assert (event["location"], event["killed"], event["wounded"]) == ("Mosul", 6, 31)
    done = subprocess.run([sys.executable, "-m", "incidents", "--version"], capture_output=True, text=True)
    assert done.stdout.startswith("incidents ")
