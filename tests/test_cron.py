"""Cron safety (issue 12): reports known by content, outputs that never destroy, exit codes
that tell the truth, robust workers, folder walks, pipes. docs/reliability.md maps each
promise to the tests here."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

import incidents.batch
from incidents.cli.app import app
from incidents.model import Report

ROOT = Path(__file__).resolve().parents[1]
ENV = {"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}
TOWNS = ("Kirkuk", "Mosul", "Tikrit", "Ramadi", "Basra", "Najaf", "Hilla", "Samarra")


def bombing(n: int) -> str:
    """The text of attack ``n``: each one in its own town or on its own day, so none merge."""
    return (f"A roadside bomb exploded in {TOWNS[n % len(TOWNS)]} on Monday, "
            f"killing {n % 7 + 1} people and wounding {n % 11 + 2}, police said.")


def day(n: int) -> str:
    return f"2020-{1 + n // 28:02d}-{1 + n % 28:02d}"


def record(n: int, **fields) -> dict:
    return {"published": day(n), "lang": "en", "text": bombing(n), **fields}


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def table(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "published", "lang", "text"])
        writer.writeheader()
        writer.writerows(records)
    return path


@pytest.fixture
def runner():
    return CliRunner(env=ENV)


def run(runner, *args, input=None):
    return runner.invoke(app, ["extract", *map(str, args)], input=input)


def rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def killed(result) -> list[int]:
    """The killed figure of each exported row, sorted: one per attack when nothing repeats."""
    assert result.exit_code == 0, result.output
    return sorted(r["killed"] for r in rows(result.stdout))


# --- identity by content ------------------------------------------------------------------


def test_a_rotated_feed_adds_and_removes_nothing(runner, tmp_path):
    db, feed = tmp_path / "store.db", tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    jsonl(feed, [record(0), record(1)])
    result = run(runner, feed, "--db", db, "-f", "jsonl")
    assert "(2 new, 0 already stored)" in result.stderr
    jsonl(feed, [record(2), record(3)])  # rotated: the same lines, other reports
    result = run(runner, feed, "--db", db, "-f", "jsonl")
    assert "4 events from 4 stored reports (2 new, 0 already stored)" in result.stderr
    assert killed(result) == [1, 2, 3, 4]
    # The lines now hold other reports, which take the place and the start of their hash as name.
    names = [s for r in rows(result.stdout) for s in r["sources"]]
    assert sorted(n for n in names if "@" not in n) == [f"{feed}:1", f"{feed}:2"]
    renamed = sorted(n.split("@") for n in names if "@" in n)
    assert [place for place, _ in renamed] == [f"{feed}:1", f"{feed}:2"]
    assert all(len(short) == 12 for _, short in renamed)


def test_ids_are_unique_only_within_their_feed(runner, tmp_path):
    one = table(tmp_path / "a.csv", [record(n, id=str(n % 3 + 1)) for n in range(3)])
    two = table(tmp_path / "b.csv", [record(n, id=str(n % 3 + 1)) for n in range(3, 6)])
    assert killed(run(runner, one, two, "-f", "jsonl")) == [1, 2, 3, 4, 5, 6]
    result = run(runner, one, two, "-f", "jsonl", "--db", tmp_path / "store.db")
    assert killed(result) == [1, 2, 3, 4, 5, 6]
    # The first feed keeps its ids; the second feed's clashing ones are qualified by it.
    assert sorted(r["sources"][0] for r in rows(result.stdout)) == sorted(
        ["1", "2", "3", f"{two}#1", f"{two}#2", f"{two}#3"])


def test_new_text_under_a_known_id_replaces_it_and_keeps_the_history(runner, tmp_path):
    db, feed = tmp_path / "store.db", tmp_path / "feed.jsonl"
    jsonl(feed, [record(0, id="a"), record(1, id="b")])
    assert run(runner, feed, "--db", db, "-f", "jsonl").exit_code == 0
    jsonl(feed, [record(0, id="a"), {**record(1, id="b"), "text": bombing(1).replace("killing 2", "killing 9")}])
    result = run(runner, feed, "--db", db, "-f", "jsonl")
    assert "2 events from 2 stored reports (1 new, 1 replaced, 1 already stored)" in result.stderr
    assert killed(result) == [1, 9]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT id, json_extract(events, '$[0].killed') FROM history").fetchall() == [
            ("b", 2)]


def test_identical_reports_count_once_with_or_without_a_store(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Published: {day(0)}\n\n{bombing(0)}\n", encoding="utf-8")
    (folder / "copy.txt").write_text(f"Published: {day(0)}\n\n{bombing(0)}  \r\n", encoding="utf-8")
    result = run(runner, folder, folder / "a.txt", "-f", "jsonl")
    assert result.stderr.splitlines() == ["incidents: 1 event from 1 report, 2 duplicates skipped"]
    [row] = rows(result.stdout)
    assert (row["sources"], row["n_sources"]) == ([str(folder / "a.txt")], 1)
    stored = run(runner, folder, folder / "a.txt", "-f", "jsonl", "--db", tmp_path / "store.db")
    assert "(1 new, 0 already stored, 2 duplicates skipped)" in stored.stderr
    assert stored.stdout == result.stdout


def test_a_bad_publication_date_is_a_warning(runner, tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", [{**record(0), "published": "sometime soon"}])
    result = run(runner, feed, "-f", "jsonl")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"incidents: warning: {feed}:1: unparseable publication date 'sometime soon'",
        "incidents: 1 event from 1 report"]
    assert [(r["date"], r["killed"]) for r in rows(result.stdout)] == [(None, 1)]  # "on Monday" of no known week


# --- outputs that never destroy --------------------------------------------------------------


@pytest.fixture
def report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_text(f"Published: {day(0)}\n\n{bombing(0)}\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_onto_a_fifo_is_refused(runner, tmp_path, report):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run(runner, report, "-o", fifo)
    assert result.exit_code == 2
    assert f"{fifo} is a FIFO, not a regular file (-o - writes to standard output)" in " ".join(
        result.output.replace("│", " ").split())
    assert Path(fifo).is_fifo()


def test_output_onto_a_device_or_a_link_to_one_is_refused(runner, tmp_path, report):
    link = tmp_path / "null.csv"
    link.symlink_to(os.devnull)
    for target in (os.devnull, link):
        result = run(runner, report, "-o", target)
        assert result.exit_code == 2
        assert "is a character device, not a regular file" in result.output
    assert not Path(os.devnull).is_file() and link.is_symlink()


@pytest.mark.parametrize("which, reason", [
    ("input", "is an input of this run"),
    ("store", "is the --db store"),
    ("inside", "is inside the input folder"),
])
def test_output_onto_what_the_run_reads_is_refused(runner, tmp_path, report, which, reason):
    db = tmp_path / "store.db"
    db.write_bytes(b"")
    target = {"input": report, "store": db, "inside": report.parent / "timeline.csv"}[which]
    before = report.read_bytes()
    source = report if which == "input" else report.parent
    result = run(runner, source, "--db", db, "-o", target)
    assert result.exit_code == 2
    assert reason in " ".join(result.output.replace("│", " ").split())
    assert report.read_bytes() == before and db.read_bytes() == b""
    assert not (report.parent / "timeline.csv").exists()


def test_dash_is_standard_output(runner, report):
    result = run(runner, report, "-o", "-", "-f", "jsonl")
    assert killed(result) == [1]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_target_is_not_replaced_and_exits_5(runner, tmp_path, report):
    out = tmp_path / "timeline.csv"
    out.write_text("previous\n", encoding="utf-8")
    out.chmod(0o444)
    result = run(runner, report, "-o", out)
    assert result.exit_code == 5
    assert result.stderr.splitlines() == [f"incidents: {out}: cannot write: read-only file, not replaced"]
    assert out.read_bytes() == b"previous\n"


def test_a_missing_folder_exits_5_before_any_work(runner, tmp_path, report):
    result = run(runner, report, "-o", tmp_path / "no-such-dir" / "x.csv", "--db", tmp_path / "store.db")
    assert result.exit_code == 5
    assert result.stderr.splitlines() == [f"incidents: {tmp_path / 'no-such-dir' / 'x.csv'}: cannot write: "
                                          "no such folder"]
    assert not (tmp_path / "store.db").exists()


def test_a_stale_temporary_file_is_removed_and_a_live_one_kept(runner, tmp_path, report):
    dead = subprocess.Popen(["true"])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out = tmp_path / "timeline.csv"
        stale = tmp_path / f".timeline.csv.{dead.pid}.x1y2.tmp"
        busy = tmp_path / f".timeline.csv.{live.pid}.z3w4.tmp"
        stale.write_text("half", encoding="utf-8")
        busy.write_text("half", encoding="utf-8")
        assert run(runner, report, "-o", out).exit_code == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in", "timeline.csv", busy.name])
    finally:
        live.kill()
        live.wait()


# --- exit codes ------------------------------------------------------------------------------------


def test_an_unknown_country_exits_2_with_the_choices(runner, report):
    result = run(runner, report, "--country", "ZZ")
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())
    assert "unknown country 'ZZ' (use an ISO 3166-1 alpha-2 code: AD, AE, AF," in text
    assert " IQ, " in text
    assert run(runner, report, "--country", "iq", "-f", "jsonl").exit_code == 0


def test_a_damaged_store_exits_4_with_one_line(runner, tmp_path, report):
    db = tmp_path / "store.db"
    feed = jsonl(tmp_path / "feed.jsonl", [record(n) for n in range(40)])
    assert run(runner, feed, "--db", db, "-f", "csv").exit_code == 0
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page past the first
    db.write_bytes(bytes(data))
    result = run(runner, report, "--db", db, "-f", "csv")
    assert result.exit_code == 4
    [line] = result.stderr.splitlines()
    assert line.startswith(f"incidents: {db}: ")
    assert "Traceback" not in result.output


def test_a_bug_in_one_report_exits_70_naming_it(runner, tmp_path, monkeypatch):
    real = incidents.batch.extract

    def flaky(report, **options):
        if report.id.endswith(":2"):
            raise RuntimeError("boom")
        return real(report, **options)

    monkeypatch.setattr(incidents.batch, "extract", flaky)
    feed = jsonl(tmp_path / "feed.jsonl", [record(n) for n in range(3)])
    result = run(runner, feed, "-f", "jsonl")
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [
        f"incidents: {feed}:2: internal error: extraction failed: RuntimeError: boom",
        "incidents: 2 events from 2 reports, 1 failed by internal error"]
    assert sorted(r["killed"] for r in rows(result.stdout)) == [1, 3]  # the others are exported


def test_a_closed_pipe_exits_quietly_with_0(tmp_path, report):
    child = subprocess.Popen([sys.executable, "-m", "incidents", "extract", str(report), "-f", "jsonl", "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **ENV})
    child.stdout.close()  # like `| head -0`: the reader is gone before the first write
    assert child.wait(timeout=120) == 0
    assert child.stderr.read() == b""


# --- the place-index cache -----------------------------------------------------------------


def test_a_damaged_place_index_is_named_and_rebuilt(tmp_path, report):
    from incidents.geo.gazetteer import index_path

    cache = tmp_path / "cache"
    cache.mkdir()
    damaged = cache / index_path().name
    with open(index_path(), "rb") as good:
        damaged.write_bytes(good.read(1 << 20))  # a copy cut short
    env = {**os.environ, **ENV, "INCIDENTS_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-m", "incidents", "extract", str(report), "-f", "jsonl"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == (
        f"incidents: {damaged}: the place index is damaged ({1 << 20} bytes where its header says "
        f"{index_path().stat().st_size // 4096} pages); rebuilding it")
    assert [(r["location"], r["killed"]) for r in rows(done.stdout)] == [("Kirkuk", 1)]
    from incidents.geo.build import index_problem
    from incidents.geo.gazetteer import source_digest

    assert index_problem(damaged, source_digest()) is None


def test_index_problem_names_what_is_wrong(tmp_path):
    from incidents.geo.build import index_problem
    from incidents.geo.gazetteer import index_path, source_digest

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"x" * 5000)
    assert index_problem(junk, source_digest()) == "not an SQLite file"
    assert index_problem(index_path(), source_digest()) is None
    assert index_problem(index_path(), "another") == "built from other sources"


# --- workers ----------------------------------------------------------------------------------


def _dies_in_a_worker(real, parent: int, victim: str, how: int = signal.SIGKILL):
    def extract(report, **options):
        if report.id == victim and os.getpid() != parent:
            os.kill(os.getpid(), how)
        return real(report, **options)
    return extract


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_workers_reports_are_retried_in_the_main_process(monkeypatch, how):
    from incidents.batch import extract_each
    from incidents.cli.app import _terminate

    # The command's SIGTERM handler is in place, as under main(): workers must not inherit it.
    monkeypatch.setattr(incidents.batch, "extract",
                        _dies_in_a_worker(incidents.batch.extract, os.getpid(), "3", how))
    previous = signal.signal(signal.SIGTERM, _terminate)
    reports = [Report(id=str(n), text=bombing(n), lang="en") for n in range(30)]
    notices: list[str] = []
    try:
        out = list(extract_each(reports, jobs=2, notice=notices.append))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert [r.id for r, _ in out] == [str(n) for n in range(30)]
    assert [[e.killed for e in events] for _, events in out] == [[n % 7 + 1] for n in range(30)]
    assert len(notices) == 1 and notices[0].startswith("a worker process died; the ")


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_a_report_that_fails_again_in_the_main_process_is_failed_by_name(runner, tmp_path, monkeypatch):
    parent = os.getpid()

    def deadly(report, **options):
        if report.id.endswith(":2"):
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            raise MemoryError("no room")
        return real(report, **options)

    real = incidents.batch.extract
    monkeypatch.setattr(incidents.batch, "extract", deadly)
    feed = jsonl(tmp_path / "feed.jsonl", [record(n) for n in range(3)])
    result = run(runner, feed, "-f", "jsonl", "-j", "2")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("incidents: a worker process died; the ")
    assert lines[1] == (f"incidents: {feed}:2: internal error: its worker process died, and extraction failed: "
                        "MemoryError: no room")
    assert result.exit_code == 70
    assert sorted(r["killed"] for r in rows(result.stdout)) == [1, 3]


def test_jobs_are_capped_at_the_cpus(runner, report):
    from incidents.cli.app import _cpus

    result = run(runner, report, "-f", "jsonl", "-j", "300")
    assert result.stderr.splitlines()[0] == f"incidents: -j 300 is more than the {_cpus()} CPUs here; using {_cpus()}"
    assert killed(result) == [1]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


@pytest.mark.skipif(not os.path.isdir("/proc") or os.cpu_count() < 2, reason="needs /proc and 2 CPUs")
def test_workers_die_with_their_parent(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", [record(n) for n in range(600)])
    child = subprocess.Popen([sys.executable, "-m", "incidents", "extract", str(feed), "-j", "2",
                              "--db", str(tmp_path / "store.db"), "-o", str(tmp_path / "out.csv")],
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, **ENV})
    for line in child.stderr:
        if "stored so far" in line:
            break
    workers = _children(child.pid)
    assert workers
    child.kill()
    child.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in workers):
        time.sleep(0.2)
    alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}")
             and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
    assert alive == []


# --- folder walks ---------------------------------------------------------------------------


def test_folder_walks_read_report_formats_and_what_globs_say(tmp_path):
    from incidents.readers import read_reports

    folder = tmp_path / "in"
    (folder / "drafts").mkdir(parents=True)
    for name in ("a.txt", "README.md", "notes.log", "drafts/b.txt", "c.HTM"):
        (folder / name).write_text(f"<p>{bombing(0)}</p>" if name.endswith("HTM") else bombing(0), encoding="utf-8")

    def read(*paths, **globs):
        return [os.path.relpath(r.origin, folder) for r in read_reports(map(str, paths), **globs)]

    assert read(folder) == ["a.txt", "c.HTM", "drafts/b.txt"]
    assert read(folder, folder / "README.md") == ["a.txt", "c.HTM", "drafts/b.txt", "README.md"]
    assert read(folder, include=["*.md"]) == ["README.md", "a.txt", "c.HTM", "drafts/b.txt"]
    assert read(folder, include=["*.MD", "*.log"], exclude=["drafts"]) == ["README.md", "a.txt", "c.HTM", "notes.log"]
    assert read(folder, exclude=["drafts/*", "*.htm"]) == ["a.txt"]


# --- the bar: a folder a cron job meets -----------------------------------------------------


def test_the_cron_scenario_script(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "cron_scenario.py"), str(tmp_path)],
                          capture_output=True, text=True, env={**os.environ, **ENV}, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "every promise held"


def test_the_library_checks_the_place_index_too(monkeypatch):
    """Gazetteer.open() goes through the same check as the command, so a library user's
    damaged cache is rebuilt too (the rebuild itself is the test above)."""
    import incidents.geo.build as build
    from incidents.geo.gazetteer import Gazetteer, index_path

    asked = []

    def checked(notice):
        asked.append(notice)
        return index_path()

    monkeypatch.setattr(build, "sound_index", checked)
    Gazetteer.open().close()
    assert len(asked) == 1
