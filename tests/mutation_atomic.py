"""Mutation check: the atomicity tests must fail when exports are written in place.

    python tests/mutation_atomic.py

Copies the package to a temporary folder, replaces ``incidents.atomic.atomic_write``
there with a plain ``open(path, "w")``, runs the tests marked ``atomicity`` against
the copy, and exits 1 unless every one of them fails. Run by .ci/run after the tests.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLAIN_WRITE = '''

@contextmanager
def atomic_write(path, mode="w", encoding="utf-8", newline=None):
    """Mutant: writes in place, as a plain open() does."""
    binary = "b" in mode
    with open(path, mode, encoding=None if binary else encoding, newline=None if binary else newline) as fh:
        yield fh
'''


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "incidents"
        shutil.copytree(ROOT / "incidents", package, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "cli", package / "cli", ignore=shutil.ignore_patterns("__pycache__"))
        with open(package / "atomic.py", "a", encoding="utf-8") as fh:
            fh.write(PLAIN_WRITE)
        env = {**os.environ, "PYTHONPATH": tmp, "PYTHONDONTWRITEBYTECODE": "1"}
        probe = subprocess.run([sys.executable, "-c", "import incidents.atomic as a; print(a.__file__)"],
                               capture_output=True, text=True, env=env, cwd=tmp)
        if not probe.stdout.startswith(tmp):
            print(f"mutation check: the copy is not the one imported ({probe.stdout.strip() or probe.stderr})")
            return 1
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "atomicity", "-rA", "-p", "no:cacheprovider",
                               str(ROOT / "tests")], capture_output=True, text=True, env=env, cwd=tmp)
    outcomes = re.findall(r"^(PASSED|FAILED|ERROR) (\S+)", done.stdout, flags=re.M)
    survivors = [test for outcome, test in outcomes if outcome != "FAILED"]
    if not outcomes or survivors:
        print(done.stdout[-3000:])
        print(f"mutation check: atomicity tests that pass with a plain open(): {survivors or 'none ran'}")
        return 1
    print(f"mutation check: all {len(outcomes)} atomicity tests fail when writes are not atomic")
    return 0


if __name__ == "__main__":
    sys.exit(main())
