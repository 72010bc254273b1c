#!/usr/bin/env python3
"""Extraction speed on a real mix of reports, against a naive baseline and the floor.

The corpus is deterministic: the bundled samples, and variants generated from them
(places, figures and weekdays swapped, paragraphs of several samples joined, a lead
paragraph alone), English and Arabic, 0.3-6 KB each, as news arrives. It is written
to one JSON Lines file, and each engine reads that file:

- ``floor``: read and decode the file and run one compiled regex over every report,
  the least any extractor must pay;
- ``baseline``: a naive extractor, one regex for tolls and dateparser on each date
  phrase, as a one-afternoon script would do it;
- ``incidents -j 1`` and ``-j 2``: the command as a user runs it (start-up, reading,
  extraction, merge, CSV), in a subprocess whose peak RSS is read too.

Then a per-stage profile of the library on a slice of the corpus. With ``--rss``
it runs ``-j 1`` over growing corpora to show that peak memory does not grow with N.

Usage: python bench/throughput.py [-n 3000] [--rss 1000,10000,50000] [--profile 300]
Not a test: it prints numbers and always exits 0.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from merge import PEAK  # bench/ is this script's folder, first on sys.path

ROOT = Path(__file__).resolve().parents[1]

EN_PLACES = ["Baquba", "Kirkuk", "Tikrit", "Samarra", "Ramadi", "Fallujah", "Mosul", "Hilla", "Kut",
             "Jalalabad", "Kandahar", "Peshawar", "Quetta", "Maiduguri", "Mogadishu", "Aden"]
AR_PLACES = ["بعقوبة", "كركوك", "تكريت", "سامراء", "الرمادي", "الفلوجة", "الموصل", "الحلة", "الكوت",
             "بيجي", "الطارمية", "المقدادية", "خانقين", "هيت", "القائم", "الشرقاط"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
AR_DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

_SWAP_EN = re.compile(r"\b(?:%s)\b" % "|".join(EN_PLACES + EN_DAYS))
_SWAP_AR = re.compile("|".join(map(re.escape, sorted(AR_PLACES + AR_DAYS, key=len, reverse=True))))
_DIGITS = re.compile(r"(?<![\d/:-])\b\d{1,2}\b(?![\d/:-])")


def _samples() -> list[dict]:
    """The bundled samples as records (the readers' own parse of their headers)."""
    from incidents import read_reports
    from incidents.model import Report

    out = []
    for r in read_reports([str(ROOT / "samples")]):
        if isinstance(r, Report):
            out.append({"lang": r.lang, "text": r.text, "published": r.published.isoformat() if r.published else None,
                        "title": r.title})
    return out


def _vary(text: str, lang: str, rng: random.Random) -> str:
    places, days = (EN_PLACES, EN_DAYS) if lang == "en" else (AR_PLACES, AR_DAYS)
    swap = _SWAP_EN if lang == "en" else _SWAP_AR

    def repl(m: re.Match) -> str:
        return rng.choice(days if m.group() in days else places)

    text = swap.sub(repl, text)
    return _DIGITS.sub(lambda m: str(rng.randrange(1, 60)), text)


def corpus(n: int, seed: int = 16) -> list[dict]:
    """``n`` reports, 0.3-6 KB, about half Arabic; the same ``n`` and seed give the same corpus."""
    rng = random.Random(seed)
    base = _samples()
    by_lang = {lang: [s for s in base if s["lang"] == lang] for lang in ("en", "ar")}
    out = []
    for k in range(n):
        lang = "ar" if k % 2 else "en"
        first = rng.choice(by_lang[lang])
        paras = [p for p in first["text"].split("\n") if p.strip()]
        shape = rng.random()
        if shape < 0.15:  # a lead paragraph alone, as a wire brief
            paras = paras[:1]
        elif shape > 0.75:  # a long article: more paragraphs from other reports of the language
            while sum(map(len, paras)) < rng.randrange(2500, 5800):
                paras += [p for p in rng.choice(by_lang[lang])["text"].split("\n") if p.strip()]
        text = _vary("\n\n".join(paras), lang, rng)[:6000]
        out.append({"id": f"bench-{k:06d}", "lang": lang, "published": first["published"],
                    "title": _vary(first["title"] or "", lang, rng), "text": text})
    return out


def _write(records: list[dict], folder: Path) -> Path:
    path = folder / f"corpus-{len(records)}.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def _floor(path: Path) -> float:
    pattern = re.compile(r"\b(\d+)\s+(?:people|killed|dead|wounded)|(قتلى|جرحى|قتيل|مقتل)")
    start = time.perf_counter()
    with open(path, "rb") as fh:
        for line in fh:
            pattern.findall(json.loads(line.decode("utf-8"))["text"])
    return time.perf_counter() - start


def _baseline(path: Path) -> float:
    """A naive extractor: a toll regex and dateparser on every date-like phrase."""
    import dateparser

    tolls = re.compile(r"(\d+)\s+(?:people\s+)?(?:were\s+)?(killed|dead|wounded|injured)"
                       r"|(?:مقتل|استشهاد|إصابة|اصابة|جرح)\s+(\d+)|(\d+)\s+(?:قتلى|جرحى|شهداء)")
    dates = re.compile(r"\b(?:on\s+)?(?:%s)\b|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|"
                       r"August|September|October|November|December)(?:\s+\d{4})?|(?:يوم\s+)?(?:%s)"
                       % ("|".join(EN_DAYS), "|".join(AR_DAYS)))
    start = time.perf_counter()
    with open(path, "rb") as fh:
        for line in fh:
            rec = json.loads(line.decode("utf-8"))
            tolls.findall(rec["text"])
            for m in dates.finditer(rec["text"]):
                dateparser.parse(m.group(), languages=[rec["lang"]],
                                 settings={"RELATIVE_BASE": _base(rec["published"])})
    return time.perf_counter() - start


def _base(published: str | None):
    from datetime import datetime

    return datetime.fromisoformat(published) if published else datetime(2020, 1, 1)


def _command(path: Path, jobs: int, out: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of ``incidents extract`` over ``path`` in a subprocess, started
    from a small process of its own (bench/merge.py's PEAK: a child forked from this
    benchmark, which holds its corpus, would report at least the benchmark's RSS). The RSS is
    that of the main process; with -j 2 its workers have their own."""
    report = out.with_suffix(".peak")
    args = ["-m", "incidents", "extract", str(path), "-q", "-j", str(jobs), "-o", str(out)]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", PEAK, str(report), *args], check=True)
    seconds = time.perf_counter() - start
    rss, status = map(int, report.read_text().split())
    report.unlink()
    if status:
        print(f"  (exit status {status})")
    return seconds, rss / 1024


def _profile(records: list[dict]) -> None:
    """Time per pipeline stage, by the module that does the work (cumulative, not exclusive)."""
    from incidents import extract
    from incidents.model import Report
    from datetime import date

    reports = [Report(id=r["id"], text=r["text"], lang=r["lang"], title=r["title"], origin=r["id"],
                      published=date.fromisoformat(r["published"]) if r["published"] else None)
               for r in records]
    for r in reports[:20]:
        extract(r)
    prof = cProfile.Profile()
    prof.enable()
    for r in reports:
        extract(r)
    prof.disable()
    stats = pstats.Stats(prof)
    stages = {"normalize": "normalize.py:", "segment": "segment.py:", "triggers": "triggers.py:",
              "counts": "counts.py:", "numbers": "numbers.py:", "dates": "dates.py:", "places": "places.py:",
              "actors": "actors.py:", "gazetteer": "gazetteer.py:"}
    total = stats.total_tt
    own: dict[str, float] = {}
    for (file, line, func), (cc, nc, tt, ct, callers) in stats.stats.items():
        name = next((k for k, v in stages.items() if file.endswith(v.rstrip(":"))), None)
        if name is None:
            name = "assemble" if file.endswith("assemble.py") else "other (re, dateparser, stdlib)"
        own[name] = own.get(name, 0.0) + tt
    print(f"\nper-stage profile over {len(reports)} reports ({total:.2f} s under cProfile; exclusive time):")
    for name, t in sorted(own.items(), key=lambda kv: -kv[1]):
        print(f"  {name:32s} {t:7.2f} s  {100 * t / total:5.1f}%")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=3000, help="reports in the timed corpus")
    ap.add_argument("--rss", default="", help="comma-separated corpus sizes for the peak-RSS run")
    ap.add_argument("--profile", type=int, default=300, help="reports in the per-stage profile (0: none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = corpus(args.n)
        path = _write(records, folder)
        size = path.stat().st_size
        print(f"corpus: {args.n} reports, {size / 1e6:.1f} MB, "
              f"median {sorted(len(r['text'].encode()) for r in records)[args.n // 2] / 1000:.1f} KB")
        floor = _floor(path)
        base = _baseline(path)
        rows = [("floor: read + one regex", floor, None), ("naive baseline: regex + dateparser", base, None)]
        for jobs in (1, 2):
            seconds, rss = _command(path, jobs, folder / "out.csv")
            rows.append((f"incidents extract -j {jobs}", seconds, rss))
        print(f"{'engine':36s} {'reports/s':>10s} {'MB/s':>7s} {'peak RSS':>9s}")
        for name, seconds, rss in rows:
            print(f"{name:36s} {args.n / seconds:10.0f} {size / 1e6 / seconds:7.2f} "
                  f"{(f'{rss:.0f} MiB') if rss else '':>9s}")
        j1, j2 = rows[2][1], rows[3][1]
        print(f"-j 1 against the baseline: {base / j1:.2f}x; against the floor: {j1 / floor:.1f}x slower; "
              f"-j 2 against -j 1: {j1 / j2:.2f}x")
        if args.rss:
            print("\npeak RSS of -j 1 against N:")
            for n in (int(x) for x in args.rss.split(",")):
                p = _write(corpus(n), folder)
                seconds, rss = _command(p, 1, folder / "rss.csv")
                print(f"  N={n:>7d}: {rss:6.0f} MiB, {n / seconds:.0f} reports/s")
                p.unlink()
        if args.profile:
            _profile(records[:args.profile])
    return 0


if __name__ == "__main__":
    sys.exit(main())
