"""The command line: formats, exit codes, error lines, atomic output, the installed command."""
import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidents.cli.app import BATCH, app

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
    assert "3 the --db store is busy" in " ".join(result.output.replace("│", " ").split())


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


@pytest.mark.atomicity
def test_a_write_that_fails_midway_keeps_the_previous_export(runner, tmp_path, monkeypatch):
    import errno

    import incidents.sinks

    src = tmp_path / "in" / "mosul.txt"
    src.parent.mkdir()
    src.write_text(MOSUL_REPORT, encoding="utf-8")
    out = tmp_path / "timeline.csv"
    out.write_text("previous\n", encoding="utf-8")

    def half_then_full(events, fmt, fh, **options):
        fh.write("date,location\n2019-02-27,Mos")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(incidents.sinks, "write_events", half_then_full)
    result = _run(runner, src, "-o", out)
    assert result.exit_code == 5
    assert result.stderr.splitlines() == [f"incidents: {out}: cannot write: No space left on device"]
    assert out.read_bytes() == b"previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "timeline.csv"]


@pytest.mark.atomicity
def test_a_reader_of_the_previous_export_keeps_reading_it_whole(runner, tmp_path):
    src = tmp_path / "in" / "mosul.txt"
    src.parent.mkdir()
    src.write_text(MOSUL_REPORT, encoding="utf-8")
    out = tmp_path / "timeline.csv"
    out.write_text("previous\n" * 1000, encoding="utf-8")
    with open(out, encoding="utf-8") as reader:
        assert _run(runner, src, "-o", out).exit_code == 0
        assert reader.read() == "previous\n" * 1000  # the old file, not a truncated or new one
    assert next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))["location"] == "Mosul"


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


# --- merging, the --db store and filters (issue 6) --------------------------------------------

EN_TOLL = (
    "Title: Twin bombings in a Baghdad market\nPublished: 2021-01-21\nLanguage: en\n\n"
    "Two suicide bombers set off their vests in a crowded clothes market in central Baghdad on Thursday, "
    "killing 28 people and injuring 73, the health ministry said.\n"
)
AR_TOLL = (
    "Published: 2021-01-22\nLanguage: ar\n\n"
    "ارتفعت حصيلة التفجيرين الانتحاريين اللذين ضربا سوقا شعبيا وسط بغداد أمس الخميس "
    "إلى 32 قتيلا و110 جرحى، بحسب وزارة الصحة.\n"
)
TOWNS = ("Kirkuk", "Mosul", "Tikrit", "Ramadi", "Basra", "Najaf", "Hilla", "Samarra")


def _folder(tmp_path, name, reports):
    folder = tmp_path / name
    folder.mkdir()
    for file_name, text in reports.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return folder


def _feed(path, count, start=0):
    """``count`` short generated reports as JSON Lines, each of a bombing in one of a few towns."""
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(start, start + count):
            day = date(2020, 1, 1) + timedelta(days=n // 3)
            text = (f"A roadside bomb exploded in {TOWNS[n % len(TOWNS)]} on Monday, "
                    f"killing {n % 7 + 1} people and wounding {n % 11 + 2}, police said.")
            fh.write(json.dumps({"id": f"gen-{n:05d}", "published": day.isoformat(), "lang": "en", "text": text}) + "\n")
    return path


def test_reports_of_one_attack_merge_by_default(runner, tmp_path):
    folder = _folder(tmp_path, "in", {"en.txt": EN_TOLL, "ar.txt": AR_TOLL})
    result = _run(runner, folder, "--format", "json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert (entry["date"], entry["n_sources"]) == ("2021-01-21", 2)
    assert entry["sources"] == sorted([str(folder / "ar.txt"), str(folder / "en.txt")])
    assert (entry["killed_min"], entry["killed_max"], entry["wounded_min"], entry["wounded_max"]) == (28, 32, 73, 110)

    result = _run(runner, folder, "--format", "json", "--no-merge")
    rows = json.loads(result.stdout)
    assert sorted((r["killed"], r["n_sources"]) for r in rows) == [(28, 1), (32, 1)]


def test_a_report_dated_by_its_dateline_gives_the_latest_toll(runner, tmp_path):
    """The later report has no publication field, only a dateline: merge still knows it
    is the later one, and its toll wins."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "first", "published": "2022-05-10", "lang": "en",
                    "text": "A car bomb killed 5 people at a market in Kirkuk on Tuesday, police said."}) + "\n"
        + json.dumps({"id": "second", "lang": "en",
                      "text": "KIRKUK, May 11, 2022 (Reuters) - The toll from Tuesday's car bomb at a market "
                              "in Kirkuk rose to 9, police said."}) + "\n", encoding="utf-8")
    result = _run(runner, feed, "--format", "json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert (entry["killed"], entry["n_sources"], entry["date"]) == (9, 2, "2022-05-10")


def test_a_summary_of_several_attacks_is_listed_only_on_request(runner, tmp_path):
    report = tmp_path / "roundup.txt"
    report.write_text("Published: 2022-03-06\n\nTwo bombings killed 11 people and wounded 26 in Baqubah on "
                      "Sunday. The first, at a bus stop, killed 8 and wounded 19, while the second, near a "
                      "mosque, killed 3 and wounded 7.\n", encoding="utf-8")
    result = _run(runner, report, "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted((e["killed"], e["wounded"], e["mention"]) for e in json.loads(result.stdout)) == [
        (3, 7, "main"), (8, 19, "main")]
    result = _run(runner, report, "--format", "json", "--include-summaries")
    assert sorted((e["killed"], e["wounded"], e["mention"]) for e in json.loads(result.stdout)) == [
        (3, 7, "main"), (8, 19, "main"), (11, 26, "summary")]
    result = _run(runner, report, "--format", "json", "--include-background")
    assert len(json.loads(result.stdout)) == 2  # a summary is no background


def test_incremental_runs_give_the_one_shot_timeline(runner, tmp_path):
    db, out = tmp_path / "store.db", tmp_path / "timeline.csv"
    first = _folder(tmp_path, "first", {"en.txt": EN_TOLL, "mosul.txt": MOSUL_REPORT})
    result = _run(runner, first, "--db", db, "-o", out)
    assert result.exit_code == 0, result.output
    assert "(2 new, 0 already stored)" in result.stderr
    assert len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))) == 2

    (first / "ar.txt").write_text(AR_TOLL, encoding="utf-8")  # a new report of a stored attack
    result = _run(runner, first, "--db", db, "-o", out)
    assert "(1 new, 2 already stored)" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(r["n_sources"] for r in rows) == ["1", "2"]

    once = out.read_bytes()
    result = _run(runner, first, "--db", db, "-o", out)
    assert result.exit_code == 0 and "(0 new, 3 already stored)" in result.stderr
    assert out.read_bytes() == once

    one_shot = tmp_path / "one-shot.csv"
    assert _run(runner, first, "-o", one_shot).exit_code == 0
    assert one_shot.read_bytes() == once

    # Without inputs, --db exports what it holds.
    result = _run(runner, "--db", db, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.encode("utf-8") == once


def test_inputs_or_db_are_required(runner):
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "--db FILE" in result.output


def test_a_busy_store_exits_3(runner, tmp_path):
    from incidents.store import Store

    db = tmp_path / "store.db"
    src = tmp_path / "mosul.txt"
    src.write_text(MOSUL_REPORT, encoding="utf-8")
    with Store.open(db):
        result = _run(runner, src, "--db", db, "--lock-timeout", "0.2", "-o", tmp_path / "out.csv")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"incidents: {db}: database is busy (another run holds it); gave up after 0.2 s"]
    assert not (tmp_path / "out.csv").exists()


def test_an_unusable_store_exits_4(runner, tmp_path):
    db = tmp_path / "store.db"
    db.write_text("not a database\n" * 200, encoding="utf-8")
    result = _run(runner, "--db", db, "--format", "csv")
    assert result.exit_code == 4
    assert "not an incidents database" in result.stderr


def test_filters(runner, tmp_path):
    folder = _folder(tmp_path, "in", {"en.txt": EN_TOLL, "ar.txt": AR_TOLL, "mosul.txt": MOSUL_REPORT})

    def places(*args):
        result = _run(runner, folder, "--format", "jsonl", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["location"] for line in result.stdout.splitlines()]

    assert places() == ["Mosul", "Baghdad"]
    assert places("--since", "2020-01-01") == ["Baghdad"]
    assert places("--until", "2019-12-31") == ["Mosul"]
    assert places("--since", "2021-01-21", "--until", "2021-01-21") == ["Baghdad"]
    assert places("--type", "ambush") == ["Mosul"]
    assert places("--type", "ambush", "--type", "suicide bombing") == ["Mosul", "Baghdad"]
    assert places("--min-killed", "10") == ["Baghdad"]
    assert places("--country", "IQ") == ["Mosul", "Baghdad"]
    assert places("--country", "sy") == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--type", "riot"], "unknown type 'riot'"),
        (["--since", "2021-02-30"], "expected a date as YYYY-MM-DD"),
        (["--since", "2021-02-01", "--until", "2021-01-01"], "is after --until"),
        (["--min-killed", "-1"], "--min-killed"),
    ],
)
def test_filter_usage_errors_exit_2(runner, tmp_path, args, message):
    result = _run(runner, tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGTERM")
def test_a_run_killed_midway_keeps_the_store_and_the_export(tmp_path):
    db, out = tmp_path / "store.db", tmp_path / "timeline.csv"
    small = _feed(tmp_path / "small.jsonl", 5)
    base = [sys.executable, "-m", "incidents", "extract", "--db", str(db), "-o", str(out)]
    env = {**os.environ, **ENV}
    done = subprocess.run([*base, str(small)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    before = out.read_bytes()

    # Kill the run once it has committed its first batch; a machine fast enough to finish
    # first gets a bigger feed, a bounded number of times.
    for attempt, count in enumerate((400, 1600, 6400)):
        big = _feed(tmp_path / f"big-{attempt}.jsonl", count, start=5)
        child = subprocess.Popen([*base, str(big)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 text=True, env=env)
        for line in child.stderr:
            if "stored so far" in line:
                child.send_signal(signal.SIGTERM)
                break
        child.stderr.close()
        if child.wait(timeout=120) == -signal.SIGTERM:
            break
    else:
        pytest.skip("every run finished before it could be killed")

    assert out.read_bytes() == before
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    assert 5 + BATCH <= stored < 5 + count and (stored - 5) % BATCH == 0  # whole batches only

    done = subprocess.run([*base, str(small), str(big)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"({count + 5 - stored} new, {stored} already stored)" in done.stderr
    fresh = tmp_path / "fresh.csv"
    done = subprocess.run([sys.executable, "-m", "incidents", "extract", str(small), str(big), "-o", str(fresh)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == fresh.read_bytes()


def test_jobs_give_the_same_bytes(runner):
    one = _run(runner, SAMPLES, "--format", "jsonl", "--no-merge")
    two = _run(runner, SAMPLES, "--format", "jsonl", "--no-merge", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stdout.count("\n") > 20


def test_extract_each_reports_failures_in_order():
    from datetime import date

    from incidents.batch import extract_each
    from incidents.model import Report

    reports = [Report(id=str(i), text="Gunmen killed two policemen in Kirkuk on Monday.",
                      published=date(2020, 1, 8), lang="en") for i in range(3)]
    out = list(extract_each(reports, jobs=2))
    assert [r.id for r, _ in out] == ["0", "1", "2"]
    assert [[(e.location, e.killed, e.date) for e in events] for _, events in out] == [[("Kirkuk", 2, "2020-01-06")]] * 3
    (_, error), = extract_each([Report(id="x", text="Gunmen killed two.", lang="fr")])
    assert error == "extraction failed: ValueError: unsupported language 'fr' (have: en, ar)"
