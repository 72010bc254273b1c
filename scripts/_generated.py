"""Write generated data files, or with --check only say which ones drifted.

Every script in scripts/ derives packaged data from a source; tests run them with
--check so that the shipped file can never silently differ from what its source gives.
"""
from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(outputs: dict[Path, str], check: bool) -> int:
    """Write each path's text, or with ``check`` report stale paths; 1 if any is stale."""
    stale = [str(p) for p, text in outputs.items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    if not check:
        for path, text in outputs.items():
            path.write_text(text, encoding="utf-8")
        return 0
    sys.stderr.write("out of date: " + ", ".join(stale) + "\n" if stale else "up to date\n")
    return 1 if stale else 0
