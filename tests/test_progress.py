"""Progress on a terminal, silence in a pipe, and -v's per-report decisions."""
from __future__ import annotations

import subprocess
import sys

import pytest

from terminal import ROOT, on_a_terminal


def test_a_terminal_sees_count_rate_and_eta(tmp_path):
    pytest.importorskip("pty")
    shown = on_a_terminal("extract", "samples/", "-o", str(tmp_path / "out.csv"))
    frames = [f for f in shown.replace("\n", "\r").split("\r") if " reports · " in f]
    assert frames, shown
    assert all(f.split(" reports · ")[0].isdigit() for f in frames)
    assert any("%" in f for f in frames)  # the inputs' size is known: a bar with what is left
    assert shown.rstrip().endswith("incidents: 25 events from 21 reports")
    quiet = on_a_terminal("extract", "samples/", "-q", "-o", str(tmp_path / "quiet.csv"))
    assert quiet == ""


def test_a_pipe_gets_no_progress(tmp_path):
    done = subprocess.run([sys.executable, "-m", "incidents", "extract", "samples/", "-o", str(tmp_path / "out.csv")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0
    assert done.stderr == "incidents: 25 events from 21 reports\n"


def test_verbose_says_what_was_decided_for_each_report(tmp_path):
    db = tmp_path / "store.db"
    args = [sys.executable, "-m", "incidents", "extract", "samples/ar-mosul-ambush.txt",
            "samples/en-mosul-reconstruction.txt", "samples/ar-basra-foiled.txt", "--db", str(db), "-v",
            "-o", str(tmp_path / "out.csv")]
    first = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0
    said = [line for line in first.stderr.splitlines() if "read as" not in line]
    assert said[:3] == [
        "incidents: samples/ar-mosul-ambush.txt: 1 event: ambush on 2019-02-27 in Mosul, 6 killed, 31 wounded",
        "incidents: samples/en-mosul-reconstruction.txt: no attack event",
        "incidents: samples/ar-basra-foiled.txt: 1 event: IED on 2020-09-13 in Basrah, no figures (foiled)",
    ]
    again = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    assert "incidents: samples/ar-mosul-ambush.txt: skipped: already in the store" in again.stderr.splitlines()
