"""What an hourly cron job meets, run through `incidents extract --db` twice.

    python bench/cron_scenario.py [WORK_FOLDER]

The folder holds good reports, a JSON Lines feed without ids that is rotated
between the runs, two CSV feeds whose ids clash (1, 2, 3 in each), a copy of a
report under another name, and one file named twice on the command line. Every
report tells its own attack (its own town or day), so the export must list each
attack exactly once, and after the rotation the store must still hold the
attacks of the feed's earlier lines. Prints what it checks; exits 1 when a
promise breaks.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TOWNS = ("Kirkuk", "Mosul", "Tikrit", "Ramadi", "Basra", "Najaf", "Hilla", "Samarra")


def bombing(n: int) -> str:
    return (f"A roadside bomb exploded in {TOWNS[n % len(TOWNS)]} on Monday, "
            f"killing {n + 1} people and wounding {n + 2}, police said.")


def day(n: int) -> str:
    return f"2020-{1 + n // 28:02d}-{1 + n % 28:02d}"


def record(n: int, **fields: str) -> dict[str, str]:
    return {"published": day(n), "lang": "en", "text": bombing(n), **fields}


def write_csv(path: Path, records: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "published", "lang", "text"])
        writer.writeheader()
        writer.writerows(records)


def write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def extract(*args: str) -> tuple[list[dict], str]:
    """Rows of one run's JSON Lines export (one per report mention) and its stderr."""
    done = subprocess.run([sys.executable, "-m", "incidents", "extract", *args, "--no-merge", "-f", "jsonl"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"exit {done.returncode}: {done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines()], done.stderr.strip()


def check(what: str, ok: bool, failures: list[str]) -> None:
    print(f"{'ok ' if ok else 'BAD'} {what}")
    if not ok:
        failures.append(what)


def main(work: Path) -> int:
    reports, db = work / "reports", work / "timeline.db"
    reports.mkdir(parents=True)
    for n in (0, 1):
        (reports / f"good-{n}.txt").write_text(f"Published: {day(n)}\n\n{bombing(n)}\n", encoding="utf-8")
    (reports / "copy-of-good-0.txt").write_text(f"Published: {day(0)}\n\n{bombing(0)}\n", encoding="utf-8")
    write_csv(reports / "feed-a.csv", [record(n, id=str(n - 1)) for n in (2, 3, 4)])
    write_csv(reports / "feed-b.csv", [record(n, id=str(n - 4)) for n in (5, 6, 7)])
    write_jsonl(reports / "wire.jsonl", [record(8), record(9)])
    twice = str(reports / "good-1.txt")
    failures: list[str] = []

    first, log = extract(str(reports), twice, "--db", str(db))
    print(f"run 1: {log}")
    check("run 1: every attack once", sorted(r["killed"] for r in first) == [n + 1 for n in range(10)], failures)

    write_jsonl(reports / "wire.jsonl", [record(10), record(11)])  # rotated: same lines, new reports
    second, log = extract(str(reports), twice, "--db", str(db))
    print(f"run 2: {log}")
    check("run 2: every attack once, the rotated feed's earlier ones kept",
          sorted(r["killed"] for r in second) == [n + 1 for n in range(12)], failures)
    check("run 2: two new reports, none replaced", "(2 new, 8 already stored, 2 duplicates skipped)" in log,
          failures)
    sources = [s for r in second for s in r["sources"]]
    check("every source names one report", len(sources) == len(set(sources)) == 12, failures)
    # The first feed read keeps its ids 1, 2, 3; the other's are qualified by its path.
    check("clashing ids stay apart",
          {s for s in sources if s in ("1", "2", "3") or "#" in s}
          == {"1", "2", "3"} | {f"{reports / 'feed-b.csv'}#{i}" for i in (1, 2, 3)}, failures)

    one_shot, log = extract(str(reports), twice)
    print(f"without --db: {log}")
    check("without --db: every attack once",
          sorted(r["killed"] for r in one_shot) == [1, 2, 3, 4, 5, 6, 7, 8, 11, 12], failures)
    print("every promise held" if not failures else f"{len(failures)} promise(s) broken")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(main(Path(sys.argv[1])))
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        sys.exit(main(Path(tmp)))
