"""Run the command as a person at a terminal sees it: under a real pseudo-terminal."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]")


def on_a_terminal(*args: str, columns: int = 100, raw: bool = False) -> str:
    """What ``incidents ARGS`` writes to a terminal of ``columns`` (standard output and
    error alike), without escape sequences unless ``raw``. The terminal is an xterm,
    which does not reorder right-to-left text by itself."""
    import pty

    main, side = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("VTE_VERSION", "KONSOLE_VERSION", "NO_COLOR")}
    env.update(COLUMNS=str(columns), LINES="50", TERM="xterm-256color")
    proc = subprocess.Popen([sys.executable, "-m", "incidents", *args], stdin=side, stdout=side, stderr=side,
                            cwd=ROOT, env=env, close_fds=True)
    os.close(side)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(main)
    text = out.decode("utf-8")
    return (text if raw else _ESCAPES.sub("", text)).replace("\r\n", "\n")
