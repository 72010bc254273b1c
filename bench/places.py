#!/usr/bin/env python3
"""Speed of the place matcher on long articles, in each language.

Builds an article of over 1,000 words from the team's place corpora (tests/corpus), runs
find_places on it once to open the index, then times it over several runs and prints
the median, in milliseconds per 1,000 words. A matcher that grows worse than linearly
with the text, or a lookup that escapes its cache, shows here.

Usage: python bench/places.py [--runs N]
Not a test: it prints numbers and always exits 0.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from incidents.lang import get_pack
from incidents.normalize import normalize
from incidents.places import find_places

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    for lang in ("en", "ar"):
        parts = [item["text"] for item in json.loads((CORPUS / f"places_{lang}.json").read_text(encoding="utf-8"))]
        text = normalize(" ".join(parts * 5)).text
        words = len(text.split())
        pack = get_pack(lang)
        found = find_places(text, pack)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            find_places(text, pack)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{lang}: {words} words, {len(found)} places, median {median * 1000:.0f} ms"
              f" ({median * 1000 * 1000 / words:.0f} ms per 1,000 words, {args.runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
