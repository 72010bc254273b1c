"""Write a file so that readers see either the old content or the new, never half.

The data goes to a hidden temporary file next to the destination, which is
synced and then renamed over it; a crash or an exception mid-way leaves the
previous file untouched. The temporary file is removed on every exit Python
sees; one left by a killed process (its name carries the process id) is
removed by the next write to the same destination.

:func:`check_target` refuses, before any work is done, a destination that
writing would destroy (a device, a FIFO, an input of the run) or that cannot
be written.
"""
from __future__ import annotations

import errno
import logging
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

__all__ = ["atomic_write", "check_target", "UnsafeTarget"]

log = logging.getLogger(__name__)

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


class UnsafeTarget(ValueError):
    """A destination that must not be replaced: not a regular file, or a file the run reads."""


def check_target(path: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = (),
                 store: str | os.PathLike[str] | None = None) -> None:
    """Refuse ``path`` as a destination unless replacing it destroys nothing and is possible.

    Raises :class:`UnsafeTarget` when it is (or links to) anything but a regular file, is
    one of ``inputs`` or the ``store`` file, or lies inside an input folder (later runs would
    read it); :class:`OSError` when its folder is missing or not writable, or the file is
    read-only (not replaced, even by root).
    """
    target = os.path.realpath(os.fspath(path))
    kind = _kind(target)
    if kind:
        raise UnsafeTarget(f"is {kind}, not a regular file (-o - writes to standard output)")
    for given in inputs:
        source = os.path.realpath(os.fspath(given))
        if os.path.isdir(source):
            if target.startswith(source.rstrip(os.sep) + os.sep):
                raise UnsafeTarget(f"is inside the input folder {os.fspath(given)}")
        elif _same(source, target):
            raise UnsafeTarget("is an input of this run")
    if store is not None and _same(os.path.realpath(os.fspath(store)), target):
        raise UnsafeTarget("is the --db store")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise FileNotFoundError(errno.ENOENT, "no such folder", folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "cannot create files in its folder", folder)
    if os.path.exists(target) and (not os.stat(target).st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "read-only file, not replaced", target)


def _kind(target: str) -> str | None:
    """What ``target`` is when it exists and is not a regular file."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return None
    return next((name for test, name in _KINDS if test(mode)), None)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a == b


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
    gets what a plain ``open`` would give (0o666 minus the umask). Anything but a
    regular file at ``path`` raises :class:`UnsafeTarget` and is left alone.
    """
    if mode not in ("w", "wt", "wb"):
        raise ValueError(f"atomic_write supports modes 'w' and 'wb', not {mode!r}")
    binary = "b" in mode
    target = os.path.realpath(os.fspath(path))
    kind = _kind(target)
    if kind:
        raise UnsafeTarget(f"{os.fspath(path)}: is {kind}, not a regular file")
    folder, name = os.path.split(target)
    _remove_stale(folder, name)
    tmp = tempfile.NamedTemporaryFile(
        mode=mode,
        dir=folder,
        prefix=f".{name}.{os.getpid()}.",
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


def _remove_stale(folder: str, name: str) -> None:
    """Remove the temporary files of ``name`` whose writer (named in the file name) is dead."""
    prefix = f".{name}."
    try:
        entries = [e for e in os.listdir(folder) if e.startswith(prefix) and e.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        pid = entry[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            try:
                os.unlink(os.path.join(folder, entry))
                log.info("removed %s, left by a run that was killed", os.path.join(folder, entry))
            except OSError:
                pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


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
