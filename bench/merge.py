#!/usr/bin/env python3
"""Cost of merging and of the --db store as a timeline grows.

Builds synthetic per-report events (a few reports per attack, attacks spread over
towns and days, as an hourly feed would give) and times, for each size:
``merge_events`` over all of them; storing them in a fresh store; and what every
cron run pays even when nothing is new: loading the stored events and merging
them again.

Usage: python bench/merge.py [--sizes 1000,10000,50000]
Not a test: it prints numbers and always exits 0.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from incidents.merge import merge_events
from incidents.model import Event, Report
from incidents.store import Store, report_hash

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    args = ap.parse_args()
    print(f"{'events':>8} {'entries':>8} {'merge s':>8} {'store s':>8} {'rerun s':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        events, published = _events(size)
        entries, merge_s = _timed(lambda: merge_events(events, published))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"

            def fill() -> None:
                with Store.open(path) as store:
                    for e in events:
                        report = Report(id=e.sources[0], text=e.evidence, published=published[e.sources[0]])
                        store.put(report, report_hash(report), [e], {})
                    store.commit()

            _, store_s = _timed(fill)

            def rerun() -> None:
                with Store.open(path) as store:
                    merge_events(store.events(), store.published())

            _, rerun_s = _timed(rerun)
        print(f"{size:>8} {len(entries):>8} {merge_s:>8.2f} {store_s:>8.2f} {rerun_s:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
