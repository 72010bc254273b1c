#!/usr/bin/env python3
"""Start-up cost of the tool: `incidents extract` on one short report against a bare import.

Runs each command in a subprocess, five times after one warm-up run (which also builds
the place index if the cache is cold), and prints the medians, their difference and the
peak resident memory of the children. Two more probes time the place matcher alone on
the same report and on an Arabic one, so the gazetteer's share stays visible whatever
the CLI does. With --cold, the one-time build of the place index into an empty cache is
timed first (its memory counts in the peak).

Usage: python bench/startup.py [--runs N] [--cold]
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

REPORT = ("BAGHDAD, May 3 - A car bomb exploded near a market in the Karrada district of Baghdad "
          "on Sunday, killing five people and wounding 12, police said.\n")

REPORT_AR = "بغداد - انفجرت سيارة مفخخة قرب سوق في حي الكرادة وسط بغداد، ما أسفر عن مقتل خمسة أشخاص وإصابة 12.\n"

PLACES_PROBE = (
    "import sys; from incidents.normalize import normalize; from incidents.lang import get_pack;"
    "from incidents.places import find_places;"
    "find_places(normalize(open(sys.argv[1], encoding='utf-8').read()).text, get_pack(sys.argv[2]))"
)


def _time(cmd: list[str], runs: int) -> tuple[float, int]:
    """Median wall time of ``cmd`` over ``runs`` runs, and its exit status."""
    subprocess.run(cmd, capture_output=True)  # warm-up: caches, and the place index if needed
    times, status = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        status = subprocess.run(cmd, capture_output=True).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), status


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cold", action="store_true", help="time the one-time build of the place index first")
    args = ap.parse_args()
    if args.cold:
        with tempfile.TemporaryDirectory() as cache:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "from incidents.geo import ensure_index; ensure_index()"],
                           capture_output=True, env={**os.environ, "INCIDENTS_CACHE_DIR": cache})
            print(f"place index build       : {time.perf_counter() - start:7.1f} s (one time, into the user cache)")
    paths = []
    for text in (REPORT, REPORT_AR):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write(text)
            paths.append(f.name)
    try:
        base, _ = _time([sys.executable, "-c", "import incidents"], args.runs)
        exe = os.path.join(os.path.dirname(sys.executable), "incidents")
        cli = [exe, "extract", paths[0]] if os.path.exists(exe) else [sys.executable, "-m", "incidents.cli", "extract",
                                                                        paths[0]]
        full, status = _time(cli, args.runs)
        places, _ = _time([sys.executable, "-c", PLACES_PROBE, paths[0], "en"], args.runs)
        places_ar, _ = _time([sys.executable, "-c", PLACES_PROBE, paths[1], "ar"], args.runs)
    finally:
        for path in paths:
            os.unlink(path)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"import incidents        : {base * 1000:7.1f} ms (median of {args.runs})")
    print(f"incidents extract       : {full * 1000:7.1f} ms (exit status {status})")
    print(f"  difference            : {(full - base) * 1000:7.1f} ms (budget 500 ms)")
    print(f"find_places, English    : {places * 1000:7.1f} ms (difference {(places - base) * 1000:.1f} ms)")
    print(f"find_places, Arabic     : {places_ar * 1000:7.1f} ms (difference {(places_ar - base) * 1000:.1f} ms)")
    print(f"peak RSS of any child   : {peak_mib:7.1f} MiB (budget 200 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
