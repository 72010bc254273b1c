#!/usr/bin/env python3
"""Cost of merging and of the --db store as a timeline grows.

Builds synthetic per-report events (a few reports per attack, attacks spread over
towns and days, as an hourly feed would give) and times, for each size:
``merge_events`` over all of them (in memory); ``merge_windows`` over them in date
order; storing them in a fresh store; and what every cron run pays even when
nothing is new: the store's timeline as the command builds it
(``timeline.stored_timeline``: read, merged in date windows, sorted in SQLite, read
back).

With ``--rss`` it runs the command in a subprocess for each size and reads its
peak RSS and time: ``incidents extract --db`` over a store of that many reports
with nothing new (what an hourly cron run pays), and a plain run (no ``--db``)
over that many one-sentence reports in a JSON Lines file.

Usage: python bench/merge.py [--sizes 1000,10000,50000,100000] [--rss 1000,10000,50000]
Not a test: it prints numbers and always exits 0.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from incidents.identity import report_hash
from incidents.merge import merge_events
from incidents.model import Event, Report
from incidents.store import Store

TOWNS = [(f"Town {n}", 30.0 + (n % 20) * 0.4, 40.0 + (n // 20) * 0.4) for n in range(200)]
TYPES = ["bombing", "suicide bombing", "IED", "armed assault", "airstrike", "other"]


def _events(count: int, seed: int = 7) -> tuple[list[Event], dict[str, date]]:
    """About three reports per attack, with the odd day or type off by one."""
    rng = random.Random(seed)
    events, published = [], {}
    for n in range(count):
        attack = n // 3
        attack_rng = random.Random(attack)
        town, lat, lon = attack_rng.choice(TOWNS)
        day = date(2015, 1, 1) + timedelta(days=attack_rng.randrange(3650) + rng.choice([0, 0, 0, 1]))
        source = f"r{n:07d}"
        published[source] = day + timedelta(days=rng.choice([0, 1]))
        killed = attack_rng.randrange(1, 40) + rng.choice([0, 0, 2])
        events.append(Event(
            event_id=source, date=day.isoformat(), date_precision="day", date_basis="relative",
            location=town, admin1="Province", country="IQ", latitude=lat, longitude=lon,
            killed=killed, wounded=None, event_type=rng.choice([attack_rng.choice(TYPES), "other"]),
            perpetrator=None, target=None, sources=(source,), evidence=f"sentence {n}", lang="en",
            geo_precision=1, place_ref=f"bench:{town}", killed_min=killed, killed_max=killed,
        ))
    return events, published


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _fill(path: Path, events: list[Event], published: dict[str, date]) -> None:
    with Store.open(path) as store:
        for e in events:
            report = Report(id=e.sources[0], text=e.evidence, published=published[e.sources[0]])
            store.put(report, report_hash(report), [e], {})
        store.commit()


# --- peak RSS of the command ------------------------------------------------------------------

#: Towns the gazetteer knows, for reports that extract to a place.
_REAL_TOWNS = ["Baquba", "Kirkuk", "Tikrit", "Samarra", "Ramadi", "Fallujah", "Mosul", "Hilla", "Kut",
               "Baiji", "Tarmiyah", "Muqdadiyah", "Khanaqin", "Hit", "Haditha", "Balad"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _reports(count: int, path: Path, seed: int = 16) -> None:
    """``count`` one-sentence reports, about three per attack, as JSON Lines."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(count):
            attack_rng = random.Random(n // 3)
            town = attack_rng.choice(_REAL_TOWNS)
            day = date(2015, 1, 1) + timedelta(days=attack_rng.randrange(3650))
            published = day + timedelta(days=rng.choice([0, 1]))
            killed = attack_rng.randrange(2, 40) + rng.choice([0, 0, 2])
            wounded = killed + attack_rng.randrange(0, 30)
            when = "on " + _WEEKDAYS[day.weekday()] if published > day else "today"
            told_by = ("police", "officials", "a security source")[n % 3]  # one text a report
            text = (f"A car bomb exploded in a market in {town} {when}, killing {killed} people and "
                    f"wounding {wounded}, {told_by} said.")
            fh.write(json.dumps({"id": f"rep-{n:07d}", "published": published.isoformat(), "lang": "en",
                                 "text": text}) + "\n")


#: Runs ``python ARGS…`` in a child and writes the child's peak RSS (KiB) and exit status to
#: the file named first. The command is started from this small process, not from the
#: benchmark: Linux keeps a process's high-water mark of RSS across exec, so a child forked
#: from the benchmark (which holds its events) would report at least the benchmark's RSS.
PEAK = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def _command(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of ``incidents`` with ``args``, in a subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "peak")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", PEAK, report, "-m", "incidents", *args], check=True)
        seconds = time.perf_counter() - start
        with open(report) as fh:
            rss, status = map(int, fh.read().split())
    if status:
        print(f"  (exit status {status})")
    return seconds, rss / 1024


def _rss(sizes: list[int]) -> None:
    print(f"\n{'reports':>8} {'--db s':>8} {'--db RSS':>9} {'plain s':>8} {'plain RSS':>10}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            events, published = _events(size)
            _fill(folder / "bench.db", events, published)
            del events, published
            db_s, db_rss = _command(["extract", "--db", str(folder / "bench.db"), "-q", "-o",
                                     str(folder / "db.csv")])
            _reports(size, folder / "reports.jsonl")
            plain_s, plain_rss = _command(["extract", str(folder / "reports.jsonl"), "-q", "-o",
                                           str(folder / "plain.csv")])
        print(f"{size:>8} {db_s:>8.2f} {db_rss:>5.0f} MiB {plain_s:>8.2f} {plain_rss:>6.0f} MiB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000,100000", help="event counts to merge ('' for none)")
    ap.add_argument("--rss", default="", help="report counts for the peak-RSS runs of the command")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        # imported here: the --rss runs also measure code from before these existed
        from incidents.merge import merge_windows, window_start
        from incidents.timeline import stored_timeline

        print(f"{'events':>8} {'entries':>8} {'merge s':>8} {'window s':>8} {'store s':>8} {'rerun s':>8}")
    for size in sizes:
        events, published = _events(size)
        entries, merge_s = _timed(lambda: merge_events(events, published))
        by_start = sorted(events, key=window_start)
        windowed, window_s = _timed(lambda: list(merge_windows(by_start, published)))
        assert len(windowed) == len(entries)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            _, store_s = _timed(lambda: _fill(path, events, published))

            def rerun() -> None:
                with Store.open(path) as store, stored_timeline(store, mentions={"main"}) as timeline:
                    for _ in timeline:
                        pass

            _, rerun_s = _timed(rerun)
        print(f"{size:>8} {len(entries):>8} {merge_s:>8.2f} {window_s:>8.2f} {store_s:>8.2f} {rerun_s:>8.2f}")
    if args.rss:
        _rss([int(s) for s in args.rss.split(",") if s])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
