#!/usr/bin/env python3
"""Render the screenshots in docs/img/ from real runs on samples/: the timeline table at
120 columns and `incidents explain` of the founding sample, as SVG (rich's own export,
so they show exactly what a terminal shows, colours included).

Usage: python scripts/screenshots.py   (rewrites docs/img/table.svg and docs/img/explain.svg)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402

from incidents import extract  # noqa: E402
from incidents.cli.explain import _show  # noqa: E402
from incidents.explain import explain  # noqa: E402
from incidents.merge import merge_events  # noqa: E402
from incidents.readers import read_reports  # noqa: E402
from incidents.table import render_table  # noqa: E402
from incidents.timeline import sort_events  # noqa: E402

OUT = ROOT / "docs" / "img"


def _console(width: int) -> Console:
    # A fixed palette and size, so that the files change only when the output does.
    return Console(record=True, width=width, force_terminal=True, color_system="truecolor", file=open("/dev/null", "w"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    reports = [r for r in read_reports([str(ROOT / "samples")]) if hasattr(r, "text")]
    events = sort_events(merge_events([e for r in reports for e in extract(r)],
                                      {r.id: r.published for r in reports}))
    console = _console(120)
    render_table(events, console, n_reports=len(reports))
    (OUT / "table.svg").write_text(console.export_svg(title="incidents extract samples/"), encoding="utf-8")
    seed = next(r for r in reports if r.id.endswith("ar-mosul-ambush.txt"))
    console = _console(100)
    _show(explain(seed), console, visual=False)
    (OUT / "explain.svg").write_text(console.export_svg(title="incidents explain samples/ar-mosul-ambush.txt"),
                                     encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
