"""A fuzz target for the readers: any bytes, as any input type, must give only Reports and
ReadErrors, never an exception and never a report holding a lone surrogate.

With atheris (a coverage-guided fuzzer; optional, not installed by the project)::

    pip install atheris
    python bench/fuzz_readers.py -atheris_runs=200000 -max_len=4096
    python bench/fuzz_readers.py corpus/ -max_total_time=600   # keeps what it finds in corpus/

A crash prints the input and writes it to ``crash-<hash>``; replay it with
``python bench/fuzz_readers.py crash-<hash>``. Without atheris the same target runs
as a plain loop of random and mutated inputs (a smoke test, not a fuzzer)::

    python bench/fuzz_readers.py --smoke 2000

The first byte of each input chooses the format (extension, or stdin with a format),
the rest is the content; inputs are bounded to 4 KB reports so each run is quick.
"""
from __future__ import annotations

import atexit
import io
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from incidents.model import Report, ReadError  # noqa: E402
from incidents.readers import STDIN_FORMATS, read_reports  # noqa: E402

EXTENSIONS = (".txt", ".jsonl", ".json", ".csv", ".tsv", ".html")
KINDS = [*EXTENSIONS, *(f"stdin:{fmt}" for fmt in (None, *STDIN_FORMATS))]
LIMIT = 4096

_folder = tempfile.mkdtemp(prefix="fuzz-readers-")
atexit.register(shutil.rmtree, _folder, True)


def target(data: bytes) -> None:
    """Read ``data`` as the input kind its first byte picks; raise AssertionError on a bad result."""
    if not data:
        return
    kind, content = KINDS[data[0] % len(KINDS)], data[1:]
    if kind.startswith("stdin:"):
        fmt = kind.split(":", 1)[1]
        items = read_reports(["-"], stdin=io.BytesIO(content), max_size=LIMIT,
                             stdin_format=None if fmt == "None" else fmt)
    else:
        path = os.path.join(_folder, "input" + kind)
        with open(path, "wb") as fh:
            fh.write(content)
        items = read_reports([path], max_size=LIMIT)
    for item in items:
        assert isinstance(item, (Report, ReadError)), item
        if isinstance(item, Report):
            fields = item.text + item.id + (item.title or "") + (item.url or "")
            assert not any("\ud800" <= c <= "\udfff" for c in fields), item
            fields.encode("utf-8")


SEEDS = [
    b"Published: 2019-03-02\n\nA car bomb killed 5 people in Kirkuk.",
    b'{"text": "one", "published": "2019-03-02"}\n{"text": "\\ud800"}\n',
    b'[{"text": "a"}, {"id": 1' + b"9" * 5000 + b', "text": "b"}]',
    b"id,text\nr1,\"never closed\nr2,fine\n",
    b'<html><body><p>Text</p><a href="' + b"x" * 100,
    "انفجار في بغداد".encode("cp1256"),
    "انفجار في بغداد".encode("utf-32"),
    b"[" * 2000,
]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        pos = rng.randint(0, len(data))
        if op == 0:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 1 and data:
            del data[pos:pos + rng.randint(1, 16)]
        elif op == 2:
            data[pos:pos] = rng.choice([b'"', b"\n", b",", b"{", b"[", b"\\u", b"\x00", b"\xef\xbb\xbf", b"<"])
        else:
            data[pos:pos] = data[:rng.randint(0, 64)]
    return bytes(data)


def smoke(runs: int, seed: int = 13) -> None:
    """Random and mutated inputs through the target, without atheris."""
    rng = random.Random(seed)
    for i in range(runs):
        base = rng.choice(SEEDS) if rng.random() < 0.8 else bytes(rng.randrange(256) for _ in range(64))
        target(bytes([rng.randrange(256)]) + _mutate(rng, base))
    print(f"{runs} inputs read, no failure")


def main() -> None:
    if sys.argv[1:2] == ["--smoke"]:
        smoke(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
        return
    try:
        import atheris
    except ImportError:
        print("atheris is not installed (pip install atheris); running the smoke loop instead", file=sys.stderr)
        smoke(1000)
        return
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
