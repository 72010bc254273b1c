"""Hostile input end to end: the corpus of tests/hostile_corpus.py through the command,
stdin that is not what it seems, formula cells, escape sequences and --debug."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from hostile_corpus import build, special_files
from incidents.cli.app import app

ENV = {"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}


@pytest.fixture
def runner():
    return CliRunner(env=ENV)


def _run(runner, *args, input=None):
    return runner.invoke(app, ["extract", *map(str, args)], input=input)


def _named(stderr: str) -> list[str]:
    """The error lines, less the words that class them ("warning: ", "internal error: "):
    test_cli.py holds that wording; here what counts is which record is named, and why."""
    return [line.replace("incidents: warning: ", "incidents: ").replace(": internal error: ", ": ")
            for line in stderr.splitlines()]


def test_hostile_corpus_exports_every_good_event_and_names_each_bad_record_once(runner, tmp_path):
    errors = build(tmp_path / "corpus")
    special = special_files(tmp_path)
    result = _run(runner, tmp_path / "corpus", *(path for path, _ in special),
                  "--max-report-size", "64KB", "--no-merge", "-f", "jsonl", "-q")
    assert result.exit_code == 1
    assert _named(result.stderr) == [f"incidents: {line}" for line in errors + [e for _, e in special]]
    assert "Traceback" not in result.output + result.stderr
    events = sorted((e["location"], e["killed"]) for e in map(json.loads, result.stdout.splitlines()))
    assert events == [("Baghdad", 2), ("Basrah", 3), ("Fallujah", 9), ("Kirkuk", 5), ("Mosul", 7),
                      ("Ramadi", 4), ("Raqqa", 10), ("Samarra", 8), ("Tikrit", 6)]


def test_formula_evidence_opens_as_text(runner, tmp_path):
    src = tmp_path / "bullet.txt"
    src.write_text("Published: 2019-03-02\n\n=HYPERLINK(\"http://x\") A bomb killed 3 people in Mosul on Saturday.\n",
                   encoding="utf-8")
    plain = _run(runner, src, "-f", "csv", "-q")
    assert plain.exit_code == 0, plain.stderr
    assert ",\"'=HYPERLINK(\"\"http://x\"\") A bomb killed 3 people in Mosul on Saturday.\"," in plain.stdout
    raw = _run(runner, src, "-f", "csv", "-q", "--raw-cells")
    [row] = csv.DictReader(io.StringIO(raw.stdout))
    assert row["evidence"].startswith('=HYPERLINK("http://x")')
    assert (row["killed"], row["location"]) == ("3", "Mosul")


def test_stdin_text_starting_with_a_bracket_is_not_lost(runner):
    text = "[Breaking] A car bomb killed 5 people in Kirkuk on 2 March 2019.\n"
    result = _run(runner, "-", "-f", "jsonl", "-q", input=text)
    assert result.exit_code == 0, result.stderr
    [event] = map(json.loads, result.stdout.splitlines())
    assert (event["location"], event["killed"], event["sources"]) == ("Kirkuk", 5, ["<stdin>"])


def test_stdin_format_csv(runner):
    result = _run(runner, "-", "--stdin-format", "csv", "-f", "jsonl", "-q",
                  input="id,published,text\nr1,2019-03-02,A bomb killed 8 people in Samarra on Saturday.\n")
    assert result.exit_code == 0, result.stderr
    [event] = map(json.loads, result.stdout.splitlines())
    assert (event["location"], event["killed"], event["date"]) == ("Samarra", 8, "2019-03-02")


def test_bad_option_values(runner, tmp_path):
    assert "expected a size such as 2MB, 500KB or 100000, got '2x'" in _run(
        runner, tmp_path, "--max-report-size", "2x").stderr
    assert "unknown format 'xml' (use txt, jsonl, json, csv, html)" in _run(
        runner, "-", "--stdin-format", "xml").stderr


def test_verbose_shows_the_encoding(runner, tmp_path):
    src = tmp_path / "old.txt"
    src.write_bytes("انفجرت سيارة مفخخة في كركوك".encode("iso8859-6"))
    result = _run(runner, src, "-v", "-f", "csv")
    assert f"incidents: {src}: read as iso8859-6" in result.stderr.splitlines()


def test_error_lines_cannot_carry_escape_sequences(runner, tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text('{"text": "x", "published": "\\u001b[2Jsoon\\u0007"}\n', encoding="utf-8")
    result = _run(runner, src, "-f", "csv", "-q")
    assert f"incidents: {src}:1: unparseable publication date '\\x1b[2Jsoon\\x07'" in _named(result.stderr)
    assert "\x1b" not in result.stderr


@pytest.fixture
def planted_bug(monkeypatch):
    """Extraction that fails on one report, as a bug would."""
    import incidents
    import incidents.batch

    real = incidents.extract

    def extract(report, **options):
        if "planted" in report.text:
            raise RuntimeError("planted bug")
        return real(report, **options)

    monkeypatch.setattr(incidents.batch, "extract", extract)
    monkeypatch.setattr(incidents, "extract", extract)


def test_an_extraction_bug_names_the_report_and_debug_shows_where(runner, tmp_path, planted_bug):
    bad = tmp_path / "bad.txt"
    bad.write_text("The planted report.", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Published: 2019-03-02\n\nA car bomb killed 5 people in Kirkuk on Saturday.\n", encoding="utf-8")
    plain = _run(runner, bad, good, "-f", "jsonl", "-q")
    line = f"incidents: {bad}: extraction failed: RuntimeError: planted bug"
    assert _named(plain.stderr) == [line]
    assert [json.loads(e)["location"] for e in plain.stdout.splitlines()] == ["Kirkuk"]
    debug = _run(runner, bad, good, "-f", "jsonl", "-q", "--debug")
    lines = _named(debug.stderr)  # with the library's debug log around them
    at = lines.index(line)
    assert lines[at + 1] == "Traceback (most recent call last):"
    assert lines[lines.index("RuntimeError: planted bug", at)] == "RuntimeError: planted bug"
    assert debug.exit_code == plain.exit_code != 0


def test_fuzz_target_smoke_loop(capsys):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench" / "fuzz_readers.py"
    spec = importlib.util.spec_from_file_location("fuzz_readers", path)
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    fuzz.smoke(300)
    assert capsys.readouterr().out == "300 inputs read, no failure\n"
    # The target checks what it reads: a reader that let a lone surrogate through would be caught.
    fuzz.read_reports = lambda *args, **kwargs: [fuzz.Report(id="x", text="bad \ud800")]
    with pytest.raises(AssertionError):
        fuzz.target(b"\x00text")
