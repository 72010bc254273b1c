"""Write a file so that readers see either the old content or the new, never half.

The data goes to a hidden temporary file next to the destination, which is
synced and then renamed over it; a crash or an exception mid-way leaves the
previous file untouched.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

__all__ = ["atomic_write"]


@contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    mode: str = "w",
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> Iterator[IO]:
    """Yield a file object whose content replaces ``path`` when the block succeeds.

    ``mode`` is ``"w"`` (text) or ``"wb"`` (binary; ``encoding`` and
    ``newline`` are then ignored). A symlink is written through to its target.
    The result keeps the permission bits of the file it replaces; a new file
    gets what a plain ``open`` would give (0o666 minus the umask).
    """
    if mode not in ("w", "wt", "wb"):
        raise ValueError(f"atomic_write supports modes 'w' and 'wb', not {mode!r}")
    binary = "b" in mode
    target = os.path.realpath(os.fspath(path))
    folder, name = os.path.split(target)
    tmp = tempfile.NamedTemporaryFile(
        mode=mode,
        dir=folder,
        prefix=f".{name}.",
        suffix=".tmp",
        delete=False,
        encoding=None if binary else encoding,
        newline=None if binary else newline,
    )
    try:
        with tmp:
            yield tmp
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, _mode_for(target))
        os.replace(tmp.name, target)
    except BaseException:
        try:
            os.unlink(tmp.name)
        except FileNotFoundError:
            pass
        raise
    _sync_folder(folder)


def _mode_for(target: str) -> int:
    """Permission bits for the new file: the old file's, else 0o666 minus the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        # The umask can only be read by setting it; put it straight back.
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; not possible everywhere, so best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
