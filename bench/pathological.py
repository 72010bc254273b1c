"""Time read + extract on inputs shaped to be slow, from 1 KB to 1 MB, and show the growth.

Shapes: ``prose`` (paragraphs of attack reports), ``one-line`` (the same prose without a
line break), ``numbers`` (a long run of figures) and ``html`` (a page whose last attribute
is never closed). For each shape and size the script writes one file, reads it with
``read_reports`` and extracts from it, and prints both times; then the slope of
log(time) against log(size) over the larger sizes: 1 is linear, 2 quadratic.

    python bench/pathological.py                 # all shapes, 1 KB to 1 MB
    python bench/pathological.py --shape prose --max-kb 256 --budget 30

A shape stops growing once one step takes longer than ``--budget`` seconds.
The texts are invented for this benchmark.
"""
from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from incidents import extract  # noqa: E402
from incidents.model import Report  # noqa: E402
from incidents.readers import read_reports  # noqa: E402

SENTENCES = [
    "A car bomb exploded near a crowded market in Kirkuk on Saturday, killing 5 people and wounding 12.",
    "Police said gunmen opened fire on a checkpoint in Mosul late on Friday, killing two soldiers.",
    "The provincial council met on Sunday to discuss the reconstruction budget for 2019.",
    "انفجرت عبوة ناسفة على طريق في بغداد يوم الأربعاء، ما أسفر عن مقتل ثلاثة أشخاص وإصابة سبعة آخرين.",
    "Officials said at least 14 people were hurt when mortar rounds hit a village south of Tikrit.",
]


def _prose(size: int) -> str:
    out, i = [], 0
    while sum(map(len, out)) < size:
        out.append(SENTENCES[i % len(SENTENCES)] + ("\n\n" if i % 4 == 3 else " "))
        i += 1
    return "".join(out)[:size]


def _numbers(size: int) -> str:
    return ("killed " + " ".join(str(n % 97 + 1) for n in range(size // 3)))[:size]


SHAPES = {
    "prose": (".txt", lambda n: "Published: 2019-03-02\n\n" + _prose(n)),
    "one-line": (".txt", lambda n: "Published: 2019-03-02\n\n" + _prose(n).replace("\n", " ")),
    "numbers": (".txt", lambda n: "Published: 2019-03-02\n\n" + _numbers(n)),
    "html": (".html", lambda n: "<html><body><p>" + SENTENCES[0] + '</p><a href="' + "x" * n),
}


def _time(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) on log(size), over points that take measurable time."""
    points = [(s, t) for s, t in points if t > 0.005]
    if len(points) < 2:
        return None
    xs, ys = [math.log(s) for s, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else None


def run(shape: str, max_kb: int, budget: float, folder: Path) -> None:
    ext, make = SHAPES[shape]
    print(f"\n{shape}")
    print(f"{'size':>8} {'read s':>9} {'extract s':>10} {'events':>7}")
    reads, extracts = [], []
    kb = 1
    while kb <= max_kb:
        path = folder / f"{shape}-{kb}{ext}"
        path.write_text(make(kb * 1024), encoding="utf-8")
        t_read, items = _time(lambda: list(read_reports([str(path)], max_size=4 * max_kb * 1024)))
        reports = [r for r in items if isinstance(r, Report)]
        t_extract, events = _time(lambda: [e for r in reports for e in extract(r)])
        print(f"{kb:>6}KB {t_read:>9.3f} {t_extract:>10.3f} {len(events):>7}", flush=True)
        reads.append((kb, t_read))
        extracts.append((kb, t_extract))
        if t_read + t_extract > budget:
            print(f"  (stopped: over the {budget:g} s budget)")
            break
        kb *= 4
    for name, points in (("read", reads), ("extract", extracts)):
        slope = _slope([p for p in points if p[0] >= 16] or points)
        print(f"  slope of {name}: {'n/a (too fast to measure)' if slope is None else f'{slope:.2f}'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append",
                        help="Shape to time (repeat; default all).")
    parser.add_argument("--max-kb", type=int, default=1024, help="Largest size, in KB (default 1024).")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="Stop a shape after a step slower than this many seconds (default 120).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shape or list(SHAPES):
            run(shape, args.max_kb, args.budget, Path(tmp))


if __name__ == "__main__":
    main()
