#!/usr/bin/env python3
"""Start-up cost of the tool: the first-ever run, a cold start, --help and --version.

Each command runs in a subprocess, from an empty folder (so that the installed package is
timed, not the sources beside this script), and the median of --runs runs is printed:

- first-ever run: `incidents extract samples/ar-mosul-ambush.txt -f csv` with an empty
  INCIDENTS_CACHE_DIR each time, so whatever a new user waits for is in it (the place
  index: read from the wheel, or built into the cache by an editable install);
- cold start: the same command in a new process with the place index present (after one
  warm-up run), against a bare `import incidents`;
- `incidents --help` and `incidents --version`;
- the place matcher alone on a short English and an Arabic report, so that the
  gazetteer's share stays visible whatever the CLI does;
- the peak resident memory of the children, cold starts and first runs apart.

With --imports N, the N slowest imports of a cold start (python -X importtime, cumulative)
follow. The bar of issue 16: first-ever run under 5 s, cold start under 0.5 s.

Usage: python bench/startup.py [--runs N] [--imports N] [--no-first]
Not a test: it prints numbers and always exits 0.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "ar-mosul-ambush.txt"

REPORT = ("BAGHDAD, May 3 - A car bomb exploded near a market in the Karrada district of Baghdad "
          "on Sunday, killing five people and wounding 12, police said.\n")

REPORT_AR = "بغداد - انفجرت سيارة مفخخة قرب سوق في حي الكرادة وسط بغداد، ما أسفر عن مقتل خمسة أشخاص وإصابة 12.\n"

PLACES_PROBE = (
    "import sys; from incidents.normalize import normalize; from incidents.lang import get_pack;"
    "from incidents.places import find_places;"
    "find_places(normalize(open(sys.argv[1], encoding='utf-8').read()).text, get_pack(sys.argv[2]))"
)

WHICH_INDEX = "from incidents.geo.build import sound_index; print(sound_index(lambda m: None))"


def _run(cmd: list[str], cwd: str, env: dict[str, str] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    status = subprocess.run(cmd, capture_output=True, cwd=cwd, env=env).returncode
    return time.perf_counter() - start, status


def _median(cmd: list[str], runs: int, cwd: str) -> tuple[float, int]:
    """Median wall time of ``cmd`` over ``runs`` runs after one warm-up run, and its exit status."""
    _run(cmd, cwd)  # warm-up: file caches, and the place index if the cache has none
    times, status = [], 0
    for _ in range(runs):
        elapsed, status = _run(cmd, cwd)
        times.append(elapsed)
    return statistics.median(times), status


def _first_runs(cmd: list[str], runs: int, cwd: str) -> tuple[list[float], str]:
    """Wall times of ``cmd``, each with an empty place-index cache, and the index it used."""
    times, where = [], ""
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "INCIDENTS_CACHE_DIR": cache}
            elapsed, _ = _run(cmd, cwd, env)
            times.append(elapsed)
            where = subprocess.run([sys.executable, "-c", WHICH_INDEX], capture_output=True, text=True, cwd=cwd,
                                   env=env).stdout.strip()
            where = "in the cache (built by the run)" if where.startswith(cache) else f"installed ({where})"
    return times, where


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _slowest_imports(cmd: list[str], n: int, cwd: str) -> list[tuple[int, str]]:
    """The n imports of largest cumulative time (µs) in one cold start."""
    done = subprocess.run([sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True, cwd=cwd)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per measure; the median is printed (default 3)")
    ap.add_argument("--imports", type=int, default=0, metavar="N", help="list the N slowest imports of a cold start")
    ap.add_argument("--no-first", action="store_true", help="skip the first-ever runs (an editable install builds)")
    args = ap.parse_args()
    exe = os.path.join(os.path.dirname(sys.executable), "incidents")
    cli = [exe] if os.path.exists(exe) else [sys.executable, "-m", "incidents"]
    extract = [*cli, "extract", str(SAMPLE), "-f", "csv"]
    with tempfile.TemporaryDirectory() as cwd:
        paths = []
        for text in (REPORT, REPORT_AR):
            path = Path(cwd) / f"report-{len(paths)}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        base, _ = _median([sys.executable, "-c", "import incidents"], args.runs, cwd)
        cold, status = _median(extract, args.runs, cwd)
        helped, _ = _median([*cli, "--help"], args.runs, cwd)
        version, _ = _median([*cli, "--version"], args.runs, cwd)
        places, _ = _median([sys.executable, "-c", PLACES_PROBE, paths[0], "en"], args.runs, cwd)
        places_ar, _ = _median([sys.executable, "-c", PLACES_PROBE, paths[1], "ar"], args.runs, cwd)
        cold_peak = _peak_mib()
        if not args.no_first:
            first, where = _first_runs(extract, args.runs, cwd)
        imports = _slowest_imports(["-c", "from incidents.cli.app import main; main()", "extract", str(SAMPLE),
                                    "-f", "csv"], args.imports, cwd) if args.imports else []
    print(f"median of {args.runs} runs; `incidents extract {SAMPLE.name} -f csv` unless said")
    if not args.no_first:
        print(f"first-ever run          : {statistics.median(first):7.2f} s  (runs: "
              f"{', '.join(f'{t:.2f}' for t in first)}; bar 5 s; place index {where})")
    print(f"cold start, index there : {cold * 1000:7.0f} ms (exit status {status}; bar 500 ms)")
    print(f"  import incidents      : {base * 1000:7.0f} ms")
    print(f"incidents --help        : {helped * 1000:7.0f} ms")
    print(f"incidents --version     : {version * 1000:7.0f} ms")
    print(f"find_places, English    : {places * 1000:7.0f} ms (difference {(places - base) * 1000:.0f} ms)")
    print(f"find_places, Arabic     : {places_ar * 1000:7.0f} ms (difference {(places_ar - base) * 1000:.0f} ms)")
    print(f"peak RSS, cold starts   : {cold_peak:7.1f} MiB (budget 200 MiB)")
    if not args.no_first:
        print(f"peak RSS, first runs    : {_peak_mib():7.1f} MiB")
    if imports:
        print("slowest imports of a cold start (cumulative):")
    for micros, name in imports:
        print(f"  {name.strip():<38s}: {micros / 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
