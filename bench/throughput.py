#!/usr/bin/env python3
"""Extraction speed: reports per second through the whole pipeline, in one process.

Builds a corpus by repeating the bundled samples (and the development sets when
they sit beside the checkout) and times `extract` over it after one warm-up pass,
so the figure excludes start-up and the one-time place index build.

Usage: python bench/throughput.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from incidents import extract, read_reports
from incidents.model import Report

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "dev"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    paths = [str(ROOT / "samples")] + [str(p) for p in sorted(DEV.glob("*.jsonl"))]
    reports = [r for r in read_reports(paths) if isinstance(r, Report)]
    for r in reports:  # warm-up: caches, lexicons, place index
        extract(r)
    rates, per_lang = [], {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        for r in reports:
            t = time.perf_counter()
            extract(r)
            per_lang.setdefault(r.lang or "?", []).append(time.perf_counter() - t)
        rates.append(len(reports) / (time.perf_counter() - start))
    chars = sum(len(r.text) for r in reports)
    print(f"{len(reports)} reports, {chars} characters, {args.repeat} passes")
    print(f"median throughput: {statistics.median(rates):.0f} reports/s")
    for lang, times in sorted(per_lang.items()):
        print(f"  {lang}: median {statistics.median(times) * 1000:.1f} ms per report")


if __name__ == "__main__":
    main()
