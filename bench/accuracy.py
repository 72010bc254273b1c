#!/usr/bin/env python3
"""Accuracy on the team's development sets, with the shared scorer.

Extracts every set in ../shared/dev (en, ar, probes-en, probes-ar, acled-dev,
gtd-dev) with the installed command, one row per report (`--no-merge`), and
prints the scorer's line for each. The sets live outside the project (they are
not ours to ship); this script says so and exits 0 when they are absent.

Each line ends with ``wrong_country``: of the events produced for reports that
have gold attacks, the share placed in a country where none of that report's
attacks happened (issue 15's measure of places on the wrong continent).

Usage: python bench/accuracy.py [--verbose] [--keep DIR] [SET ...]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"
SETS = ("en", "ar", "probes-en", "probes-ar", "acled-dev", "gtd-dev")


def wrong_country(gold: Path, pred: Path) -> str:
    """Events placed in a country none of their report's gold attacks is in, over the
    events produced for reports with a gold country."""
    countries: dict[str, set[str]] = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            found = {e["country"] for e in item.get("events", []) if e.get("country")}
            if found:
                countries[item["id"]] = found
    try:
        events = json.loads(pred.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "wrong_country=n/a"
    judged = wrong = 0
    for e in events:
        golds = [countries[s] for s in e.get("sources", []) if s in countries]
        if golds and e.get("country"):
            judged += 1
            wrong += all(e["country"] not in g for g in golds)
    return f"wrong_country={wrong}/{judged}={wrong / judged:.3f}" if judged else "wrong_country=n/a"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="*", default=list(SETS))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--keep", help="folder to keep the predictions and verbose scorer output in")
    args = ap.parse_args()
    if not (DEV / "score.py").exists():
        print(f"no development set at {DEV}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(args.keep or tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in args.sets:
            gold = DEV / f"{name}.jsonl"
            pred = out_dir / f"{name}.json"
            subprocess.run([sys.executable, "-m", "incidents", "extract", str(gold), "--format", "json",
                            "-o", str(pred), "-q", "--no-merge"], check=False)
            verbose = args.verbose or args.keep
            cmd = [sys.executable, str(DEV / "score.py"), str(gold), str(pred)] + (["--verbose"] if verbose else [])
            out = subprocess.run(cmd, capture_output=True, text=True).stdout
            if args.keep:
                (out_dir / f"{name}.score.txt").write_text(out, encoding="utf-8")
                out = out.strip().splitlines()[-1] if out.strip() else ""
            elif not args.verbose:
                out = out.strip()
            wrong = wrong_country(gold, pred)
            print(f"{name}: {out.strip()}  {wrong}" if not args.verbose else f"== {name}\n{out}\n{wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
