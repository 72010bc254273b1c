"""A hostile corpus: every kind of bad input of issue 13 beside good reports.

Built by code rather than committed, because some inputs are large or special
(a FIFO). ``build(folder)`` writes it and returns the bad inputs, each with the
one error line a run must print for it. Run it as a script to get a folder to
try by hand::

    python tests/hostile_corpus.py /tmp/hostile
    incidents extract /tmp/hostile --max-report-size 64KB --no-merge -f jsonl

The texts are written for these tests; the places and figures are invented.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

#: The report bound the corpus is made for (``--max-report-size 64KB``).
LIMIT = 64 * 1024

HEADER = "Published: 2019-03-02\n\n"

#: (file, its bytes) of reports that must each give their event.
GOOD = {
    "good/kirkuk.txt": (HEADER + "A car bomb killed 5 people and wounded 12 in Kirkuk on Saturday.\n").encode(),
    "good/bullet.md": b"",  # not walked: .md files are notes
    "good/formula.txt": (HEADER + "- A suicide bomber killed 7 people in Mosul on Saturday.\n").encode(),
    "good/utf32.txt": (HEADER + "A roadside bomb killed 3 soldiers in Basra on Saturday.\n").encode("utf-32"),
    "good/escapes.txt": (HEADER + "\x1b]8;;https://example.org/x\x1b\\A bomb\x1b]8;;\x1b\\ killed 4 people "
                         "in Ramadi on Saturday, \x1b[31mpolice\x1b[0m said.\n").encode(),
}


def _jsonl_lines() -> list[str]:
    good = {"id": "feed-1", "published": "2019-03-02",
            "text": "Gunmen killed 2 policemen in Baghdad on Saturday."}
    surrogate = '{"id": "feed-4", "published": "2019-03-02", "text": "A mortar \\ud800 attack killed 6 people in Tikrit on Saturday."}'
    return [
        json.dumps(good),
        '{"id": "feed-2", "text": "deep", "x": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"id": ' + "7" * 4301 + ', "text": "an id too long to be a number"}',
        surrogate,
        '{"id": "feed-5", "text": ',
        json.dumps({"id": "feed-6", "text": "word " * (LIMIT // 5)}),
    ]


def build(folder: Path) -> list[str]:
    """Write the corpus under ``folder``; return the error lines (without the 'incidents: ' prefix)
    a run over the folder must print, in order."""
    folder = Path(folder)
    for name, data in GOOD.items():
        if data:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    bad = folder / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    files = {
        "big.txt": (HEADER + "The same sentence again. " * (LIMIT // 20)).encode(),
        "binary.txt": bytes(range(256)) * 4,
        "feed.jsonl": "\n".join(_jsonl_lines()).encode() + b"\n",
        "one-line.txt": ("A long line without an end " * (LIMIT // 20)).encode(),
        "page.html": b'<html><body><p>Text</p><a href="' + b"x" * (LIMIT + 10),
        "rows.csv": (b'id,published,text\n'
                     b'row-2,2019-03-02,A bomb killed 8 people in Samarra on Saturday.\n'
                     b'row-3,2019-03-02,"This quote is never closed\n'
                     b'row-4,2019-03-02,Shelling killed 9 civilians in Fallujah on Saturday.\n'),
        "rows-big.csv": b'id,text\nrow-2,"' + b"y" * (LIMIT + 1) + b'"\n',
        "batch.json": json.dumps([{"id": "arr-0", "published": "2019-03-02",
                                   "text": "An airstrike killed 10 fighters in Raqqa on Saturday."},
                                  "not an object", {"title": "no text"}]).encode(),
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
    }
    for name, data in files.items():
        (bad / name).write_bytes(data)
    b = str(bad)
    return [
        f"{b}/batch.json[1]: expected a JSON object",
        f"{b}/batch.json[2]: no text field (text, body or content)",
        f"{b}/big.txt: report larger than 64 KB (--max-report-size)",
        f"{b}/binary.txt: cannot decode: not UTF-8, UTF-16, UTF-32, Windows-1256, ISO-8859-6 or "
        "Windows-1252 (use --encoding)",
        f"{b}/deep.json: invalid JSON: nested too deeply at line 1 column 2",
        f"{b}/feed.jsonl:2: invalid JSON: nested too deeply",
        f"{b}/feed.jsonl:3: invalid JSON: 'id' is a number of 4301 digits (at most 4300)",
        f"{b}/feed.jsonl:4: lone surrogate \\ud800 replaced by U+FFFD",
        f"{b}/feed.jsonl:5: invalid JSON: expecting value at column 25",
        f"{b}/feed.jsonl:6: report larger than 64 KB (--max-report-size)",
        f"{b}/one-line.txt: report larger than 64 KB (--max-report-size)",
        f"{b}/page.html: report larger than 64 KB (--max-report-size)",
        f"{b}/rows-big.csv:2: a field larger than 64 KB (--max-report-size)",
        f"{b}/rows.csv:3: unterminated quote",
    ]


def special_files(folder: Path) -> list[tuple[str, str]]:
    """Inputs that must be refused when named: (path, error line)."""
    found = []
    if hasattr(os, "mkfifo"):
        fifo = Path(folder) / "pipe.txt"
        os.mkfifo(fifo)
        found.append((str(fifo), f"{fifo}: a FIFO, not a regular file (to read it, use - and redirect it to stdin)"))
    if os.path.exists("/dev/zero"):
        found.append(("/dev/zero", "/dev/zero: a character device, not a regular file "
                                   "(to read it, use - and redirect it to stdin)"))
    return found


if __name__ == "__main__":
    for line in build(Path(sys.argv[1])):
        print(line)
