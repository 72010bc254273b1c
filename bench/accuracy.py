#!/usr/bin/env python3
"""Accuracy on the team's development sets, with the shared scorer.

Extracts ../shared/dev/en.jsonl and ar.jsonl with the installed command and prints
the scorer's line for each. The dev sets live outside the project (they are not
ours to ship); this script says so and exits 0 when they are absent.

Usage: python bench/accuracy.py [--verbose]
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"


def main() -> int:
    verbose = "--verbose" in sys.argv[1:]
    if not (DEV / "score.py").exists():
        print(f"no development set at {DEV}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "ar"):
            gold = DEV / f"{lang}.jsonl"
            pred = Path(tmp) / f"{lang}.json"
            subprocess.run([sys.executable, "-m", "incidents", "extract", str(gold), "--format", "json",
                            "-o", str(pred), "-q", "--no-merge"], check=False)
            args = [sys.executable, str(DEV / "score.py"), str(gold), str(pred)] + (["--verbose"] if verbose else [])
            out = subprocess.run(args, capture_output=True, text=True).stdout
            print(f"{lang}: {out.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
