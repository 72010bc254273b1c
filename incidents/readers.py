"""Turn files, folders and stdin into :class:`Report` objects.

Readers never raise for bad input and never print: every problem becomes a
:class:`ReadError` in the same stream as the reports, so the caller can report
it and carry on with the rest. One bad record (a JSON line, an array element, a
table row) costs that record only.

Formats, chosen by extension (case-insensitive):

- ``.txt`` / ``.md`` (and any unknown extension named explicitly): one report
  per file. An optional header block of ``Title:``, ``Published:``/``Date:``,
  ``Source:`` (a URL, or else the outlet's name), ``URL:``, ``Publisher:`` and
  ``Language:``/``Lang:`` lines may open the file; it counts only when every line
  before the first blank line is such a header.
- ``.jsonl`` / ``.ndjson``: one JSON object per line, read as a stream.
  Origins are ``path:line``.
- ``.json``: an array of objects (origins ``path[index]``, index from 0), read
  element by element, or a single object (origin ``path``).
- ``.csv`` / ``.tsv``: a header row, then one report per row (origin
  ``path:line``, the line the row starts on), read as a stream.
- ``.html`` / ``.htm``: one report per page, its article's text (see
  :mod:`incidents.html`).

Records (JSON objects and table rows) use the fields ``id``, ``text`` (or
``body``/``content``), ``published`` (or ``date``/``published_at``),
``title``, ``url``, ``publisher`` (or ``source_name``/``site_name``), ``source``
(a URL, or else the outlet's name) and ``lang`` (or ``language``). A record's own
id is unique only within its file or stream, which the report names as its
``feed``; a report without an id of its own gets its origin as id (and no feed);
text files use the path as given.

A publication date that cannot be parsed does not drop the report: a warning,
``ReadError(origin, "unparseable publication date '...'", warning=True)``,
comes first, then the report, dated with the ``published`` fallback (``None``
when none was given), exactly like a report that carries no date. A lone
surrogate in a JSON string is handled the same way: a warning, then the report
with U+FFFD.

Bounds (see docs/inputs.md): a report, a JSON Lines line or a JSON array
element larger than ``max_size`` bytes is skipped with an error; files are never
read whole unless they hold one report; only regular files are opened, so a FIFO
or a device never blocks the run (read those through stdin). The encoding each
input was read in is logged at INFO level on the ``incidents.readers`` logger.
"""
from __future__ import annotations

import codecs
import csv
import fnmatch
import io
import json
import logging
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from itertools import chain
from typing import BinaryIO, TextIO

from incidents.lang import available, language_names
from incidents.model import Report, ReadError

__all__ = ["read_reports", "parse_date_field", "MAX_REPORT_SIZE", "STDIN_FORMATS"]

STDIN_ID = "<stdin>"

#: Reports (and JSON Lines lines, JSON array elements) bigger than this many bytes are skipped.
MAX_REPORT_SIZE = 2 * 1024 * 1024

#: What ``stdin_format`` may say standard input holds.
STDIN_FORMATS = ("txt", "jsonl", "json", "csv", "html")

_UNDECODABLE = ("cannot decode: not UTF-8, UTF-16, UTF-32, Windows-1256, ISO-8859-6 or Windows-1252 "
                "(use --encoding)")
_NO_TEXT_FIELD = "no text field (text, body or content)"
_NO_TEXT_COLUMN = "no text column (text, body or content)"

_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("published", "date", "published_at")
_LANG_KEYS = ("lang", "language")
_PUBLISHER_KEYS = ("publisher", "source_name", "site_name")
#: A ``Source:`` that is a URL; any other names the outlet ("Source: Reuters").
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)\S+")

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z_-]*)[ \t]*:[ \t]*(.*)")
_HEADER_KEYS = {
    "title": "title",
    "published": "published",
    "date": "published",
    "source": "source",
    "url": "url",
    "publisher": "publisher",
    "language": "lang",
    "lang": "lang",
}

_TEXT_EXTS = (".txt", ".md")
_JSONL_EXTS = (".jsonl", ".ndjson")
_KNOWN_EXTS = frozenset(_TEXT_EXTS + _JSONL_EXTS + (".json", ".csv", ".tsv", ".html", ".htm"))
#: What a folder walk reads unless told otherwise: the report formats, without .md notes.
_WALKED_EXTS = _KNOWN_EXTS - {".md"}

#: Bytes read at a time from a stream, and looked at to choose its encoding.
_CHUNK = 64 * 1024

_log = logging.getLogger(__name__)

Item = Report | ReadError


@dataclass(frozen=True, slots=True)
class _Options:
    encoding: str | None
    fallback: date | None
    limit: int


def read_reports(
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    published: date | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_size: int = MAX_REPORT_SIZE,
    stdin_format: str | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[Item]:
    """Yield a Report or a ReadError for everything found under ``paths``.

    ``"-"`` reads ``stdin`` (default ``sys.stdin``) in ``stdin_format`` (one of
    :data:`STDIN_FORMATS`); by default as JSON when all of it is a JSON value, as
    JSON Lines when its first line is a JSON object, else as one text report.
    Folders are walked recursively in name order, skipping hidden entries,
    symlinked folders and files of other types than reports (``.md`` notes too);
    ``include`` and ``exclude`` globs add and remove files (see :func:`_walk`). ``encoding`` overrides
    detection (BOM, UTF-8, then charset-normalizer among UTF-32, Windows-1256,
    ISO-8859-6 and Windows-1252). ``published`` dates the reports that carry
    no date of their own. ``max_size`` bounds one report, in bytes.
    """
    opts = _Options(encoding, published, max_size)
    for path in paths:
        if path == "-":
            yield from _guarded(STDIN_ID, _read_stdin(sys.stdin if stdin is None else stdin, opts, stdin_format))
        elif not os.path.exists(path):
            yield ReadError(path, "no such file or directory")
        elif os.path.isdir(path):
            for found in _walk(path, tuple(include), tuple(exclude)):
                if isinstance(found, ReadError):
                    yield found
                else:
                    yield from _with_date_order(found, _guarded(found, _read_file(found, opts)))
        else:
            yield from _with_date_order(path, _guarded(path, _read_file(path, opts)))


#: Bytes of a file looked at to learn how it writes numeric dates.
_ORDER_SCAN = 8 * 1024 * 1024


def _with_date_order(path: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, each report told how its file writes numeric dates ("03/07/2018" is 7 March
    in a file whose other dates read 03/13/2018). One file is one source, so its unambiguous
    dates decide for the ambiguous ones; the scan is a regex over at most the first 8 MB."""
    from .dates import numeric_order

    order = None
    fh = _open_regular(path)  # never a blocking open of a FIFO: the reading itself says why not
    if not isinstance(fh, ReadError):
        try:
            with fh:
                order = numeric_order(fh.read(_ORDER_SCAN).decode("latin-1"))
        except OSError:
            pass
    for item in items:
        yield replace(item, date_order=order) if order and isinstance(item, Report) else item


def _guarded(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, with an unexpected failure turned into one ReadError for the input: a reader
    bug must cost the rest of that input only, never the run. The traceback goes to the log."""
    try:
        yield from items
    except Exception as exc:
        _log.debug("%s: reading failed", origin, exc_info=True)
        yield ReadError(origin, f"cannot read: {type(exc).__name__}: {_one_line(str(exc))}")


def _one_line(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_NAMED_MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%d %B, %Y")


def parse_date_field(value: str) -> date | None:
    """Parse a publication-date field; ``None`` when it is not a full date.

    Accepts ISO 8601 dates and datetimes (the date as written, without
    converting time zones), ``dd/mm/yyyy`` (day first; month first only when
    day first is impossible), ``yyyy/mm/dd``, RFC 2822 (``Sat, 02 Mar 2019
    10:00:00 +0000``), ``March 2, 2019`` and ``2 March 2019``; anything else
    goes to dateparser in strict mode, which rejects relative expressions.
    """
    text = " ".join(value.translate(_DIGITS).split())
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if m := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
        return _make_date(year, month, day) or _make_date(year, day, month)
    if m := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
        return _make_date(year, month, day)
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _NAMED_MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return _dateparser_date(text)


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dateparser_date(text: str) -> date | None:
    """Last resort for other languages and wordings; imported late because it is slow."""
    import dateparser

    try:
        parsed = dateparser.parse(
            text,
            languages=_dateparser_languages(),
            settings={"STRICT_PARSING": True, "PARSERS": ["custom-formats", "absolute-time"]},
        )
    except Exception:  # a third-party parser fed arbitrary input: any failure means "not a date"
        return None
    return parsed.date() if parsed else None


def _dateparser_languages() -> list[str]:
    """The languages of the packs that dateparser knows too (it refuses the call otherwise)."""
    from dateparser.data.languages_info import language_order

    return [code for code in available() if code in language_order]


# --- paths -------------------------------------------------------------------


def input_size(paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()) -> int | None:
    """Bytes of the files :func:`read_reports` would read from ``paths`` (a progress bar's
    whole), found by the same walk; None when one of them is a stream (``-``, a FIFO)."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        try:
            if os.path.isdir(path):
                files = [f for f in _walk(path, tuple(include), tuple(exclude)) if not isinstance(f, ReadError)]
                total += sum(os.stat(f).st_size for f in files)
            elif os.path.isfile(path):
                total += os.stat(path).st_size
            elif os.path.exists(path):
                return None
        except OSError:
            continue  # named by the reading itself
    return total


def _walk(folder: str, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Iterator[str | ReadError]:
    """Report files under ``folder``, depth first, in name order.

    A walk reads the report formats but not ``.md`` (a folder's notes), plus what an
    ``include`` glob matches, less what an ``exclude`` glob matches (a folder it matches
    is skipped whole). A glob holding "/" matches the path below ``folder``, any other
    the name; case is ignored.
    """
    def matches(globs: tuple[str, ...], rel: str, name: str) -> bool:
        return any(fnmatch.fnmatchcase((rel if "/" in glob else name).lower(), glob.lower()) for glob in globs)

    def walk(path: str, below: str) -> Iterator[str | ReadError]:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield ReadError(path, _reason(exc))
            return
        for entry in entries:
            rel = below + entry.name
            if entry.name.startswith(".") or matches(exclude, rel, entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    yield from walk(entry.path, rel + "/")
                elif entry.is_file() and (os.path.splitext(entry.name)[1].lower() in _WALKED_EXTS
                                          or matches(include, rel, entry.name)):
                    yield entry.path
            except OSError as exc:
                yield ReadError(entry.path, _reason(exc))

    yield from walk(folder, "")


def _read_file(path: str, opts: _Options) -> Iterator[Item]:
    ext = os.path.splitext(path)[1].lower()
    fh = _open_regular(path)
    if isinstance(fh, ReadError):
        yield fh
        return
    try:
        with fh:
            if ext in _JSONL_EXTS:
                yield from _records_from_lines(_jsonl_lines(fh, path, opts), path, opts)
            elif ext in (".json", ".csv", ".tsv"):
                yield from _stream(fh, path, opts, ext[1:])
            else:
                yield from _single(fh, path, opts, "html" if ext in (".html", ".htm") else "txt")
    except OSError as exc:
        yield ReadError(path, _reason(exc))


def _open_regular(path: str) -> BinaryIO | ReadError:
    """Open a regular file for reading; a FIFO or a device is refused without blocking."""
    nonblock = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO blocks until a writer comes
    try:
        fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return ReadError(path, _reason(exc))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            return ReadError(path, f"{_kind(mode)}, not a regular file (to read it, use - and redirect it to stdin)")
        if nonblock:
            os.set_blocking(fd, True)
    except OSError as exc:
        os.close(fd)
        return ReadError(path, _reason(exc))
    return os.fdopen(fd, "rb")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def _single(fh: BinaryIO, origin: str, opts: _Options, fmt: str) -> Iterator[Item]:
    """One report from a bounded read: text or an HTML page."""
    data = fh.read(opts.limit + 1)
    if len(data) > opts.limit:
        yield ReadError(origin, _too_big(opts.limit))
        return
    if not data.strip():
        yield ReadError(origin, "empty file")
        return
    try:
        text = _decode(data, opts.encoding, origin, html=fmt == "html")
    except _Undecodable as exc:
        yield ReadError(origin, str(exc))
        return
    if fmt == "html":
        yield from _html_page(text, origin, opts.fallback)
    else:
        yield from _text_report(text, origin, origin, opts.fallback)


def _stream(fh: BinaryIO, origin: str, opts: _Options, fmt: str) -> Iterator[Item]:
    """A JSON document or a CSV/TSV table, decoded as it is read."""
    text = _text_stream(fh, origin, opts)
    if isinstance(text, ReadError):
        yield text
    elif fmt == "json":
        yield from _json_stream(text, origin, opts)
    else:
        yield from _table_rows(text, origin, opts, "\t" if fmt == "tsv" else ",")


def _too_big(limit: int) -> str:
    return f"report larger than {_size(limit)} (--max-report-size)"


def _size(n: int) -> str:
    """2097152 → '2 MB', 65536 → '64 KB', 1000 → '1000 bytes'."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale} {unit}"
    return f"{n} bytes"


def _read_stdin(stream: TextIO | BinaryIO, opts: _Options, fmt: str | None) -> Iterator[Item]:
    """Standard input in ``fmt``, or guessed from what it holds; read as bytes so detection applies."""
    binary = getattr(stream, "buffer", stream)
    if isinstance(binary, io.TextIOBase):
        # A text stream (a library caller's StringIO) is already decoded: carry it as UTF-8.
        binary = io.BufferedReader(_EncodedText(binary))
        opts = _Options("utf-8", opts.fallback, opts.limit)
    if fmt == "jsonl":
        yield from _records_from_lines(_jsonl_lines(binary, STDIN_ID, opts), STDIN_ID, opts)
        return
    if fmt in ("json", "csv"):
        yield from _stream(binary, STDIN_ID, opts, fmt)
        return
    if fmt in ("txt", "html"):
        yield from _single(binary, STDIN_ID, opts, fmt)
        return
    head = binary.read(opts.limit + 1)
    if len(head) > opts.limit:
        # More than one report can hold: go on only when it is plainly JSON Lines.
        first = _decoded_or_none(head.split(b"\n", 1)[0], opts.encoding)
        if first is not None and _is_json_object(first):
            lines = _jsonl_lines(_prefixed(head, binary), STDIN_ID, opts)
            yield from _records_from_lines(lines, STDIN_ID, opts)
        else:
            yield ReadError(STDIN_ID, _too_big(opts.limit))
        return
    if not head.strip():
        yield ReadError(STDIN_ID, "empty file")
        return
    try:
        text = _decode(head, opts.encoding, STDIN_ID).lstrip("\ufeff")
    except _Undecodable as exc:
        yield ReadError(STDIN_ID, str(exc))
        return
    if text.lstrip()[:1] in ("[", "{"):
        try:
            obj = _load_json(text)
        except (json.JSONDecodeError, _JSONTooDeep):
            pass
        else:
            yield from _json_value(obj, STDIN_ID, opts.fallback)
            return
    if _is_json_object(next((line for line in text.split("\n") if line.strip()), "")):
        yield from _records_from_lines(enumerate(text.split("\n"), 1), STDIN_ID, opts)
    else:
        # Text that merely starts with "[" or "{" is a report like any other.
        yield from _text_report(text, STDIN_ID, STDIN_ID, opts.fallback)


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(_load_json(line.lstrip("\ufeff")), dict)
    except (json.JSONDecodeError, _JSONTooDeep):
        return False


class _EncodedText(io.RawIOBase):
    """A text stream read as UTF-8 bytes (lone surrogates kept as their 3-byte forms)."""

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            chunk = self._text.read(_CHUNK)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8", "surrogatepass")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream, followed by the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._head:
            data = self._rest.read(len(buffer))
        else:
            data, self._head = self._head[: len(buffer)], self._head[len(buffer):]
        buffer[: len(data)] = data
        return len(data)


def _prefixed(head: bytes, rest: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_Prefixed(head, rest), _CHUNK)


def _reason(exc: OSError) -> str:
    """A short, lowercase reason such as 'permission denied'."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


# --- encodings ---------------------------------------------------------------


class _Undecodable(Exception):
    """Bytes that no encoding we try turns into text; the message is user-facing."""


#: What charset-normalizer may choose among once UTF-8 and the BOMs have failed: the
#: encodings Arabic and English news still come in. UTF-16 without a BOM is left out,
#: because binary files pass for it.
_LEGACY = ("utf_32_le", "utf_32_be", "cp1256", "iso8859_6", "cp1252")

#: Byte order marks, UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _decode(data: bytes, encoding: str | None, origin: str, *, html: bool = False) -> str:
    """Bytes to text: the given encoding, else BOM, UTF-8, a declared HTML charset, then the
    legacy encodings charset-normalizer recognises. The choice is logged."""
    name = encoding or _bom(data)
    if name:
        text = _decode_as(data, name).lstrip("\ufeff")
    else:
        name, text = _guess(data)
        if text is None and html:
            name, text = _declared_charset(data)
        if text is None or "\x00" in text:
            # NULs in "valid" text mean UTF-16 without a BOM or a binary file.
            raise _Undecodable(_UNDECODABLE)
    _log.info("%s: read as %s", origin, codecs.lookup(name).name)
    return text


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise _Undecodable(f"unknown encoding '{encoding}'") from None
    except UnicodeError:
        raise _Undecodable(f"cannot decode as {encoding}") from None


def _guess(data: bytes) -> tuple[str, str | None]:
    """Strict UTF-8, else the legacy encoding charset-normalizer finds (None: no fit)."""
    try:
        text = data.decode("utf-8")
    except UnicodeError:
        pass
    else:
        if "\x00" not in text:  # NULs in "valid" UTF-8: UTF-32, UTF-16 or binary
            return "utf-8", text
    from charset_normalizer import from_bytes  # imported late: only legacy files need it

    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    if best is None:
        return "", None
    text = str(best)
    if any((ord(c) < 32 and c not in "\t\n\r\f") or c == "\x7f" for c in text):
        return "", None  # control characters: binary data, whatever the statistics say
    return best.encoding, text


def _decoded_or_none(data: bytes, encoding: str | None) -> str | None:
    try:
        return data.decode(encoding) if encoding else _guess(data)[1]
    except (LookupError, UnicodeError):
        return None


_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> tuple[str, str | None]:
    """Decode with the charset a page declares near its top, if that works."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return "", None
    name = m.group(1).decode("ascii")
    try:
        return name, data.decode(name)
    except (LookupError, UnicodeError):
        return "", None


def _ascii_compatible(encoding: str) -> bool:
    """Whether lines can be split on b'\\n' before decoding."""
    probe = '{"a": 1}\n'
    return probe.encode(encoding) == probe.encode("ascii")


def _text_stream(fh: BinaryIO, origin: str, opts: _Options) -> TextIO | ReadError:
    """``fh`` as text, in the encoding its first chunk shows. Later bytes that do not fit an
    ASCII-compatible encoding come through as lone surrogates (U+DC80..U+DCFF), so the caller
    can refuse just the record that holds them; in UTF-16 or UTF-32 they end the reading
    (a UnicodeDecodeError the caller reports)."""
    sample = fh.read(_CHUNK)
    if not sample.strip() and len(sample) < _CHUNK:
        return ReadError(origin, "empty file")
    name = opts.encoding or _bom(sample)
    if name is None:
        try:
            # Not final: the sample may end inside a character.
            if "\x00" not in codecs.getincrementaldecoder("utf-8")().decode(sample):
                name = "utf-8"
        except UnicodeError:
            pass
    if name is None:
        guessed, text = _guess(sample)
        if text is not None and "\x00" not in text:
            name = guessed
    if name is None:
        return ReadError(origin, _UNDECODABLE)
    try:
        codecs.lookup(name)
    except LookupError:
        return ReadError(origin, f"unknown encoding '{name}'")
    _log.info("%s: read as %s", origin, codecs.lookup(name).name)
    errors = "surrogateescape" if _ascii_compatible(name) else "strict"
    return io.TextIOWrapper(_prefixed(sample, fh), encoding=name, errors=errors, newline="")


# --- records (JSON Lines, JSON, CSV) -----------------------------------------


#: Python refuses to convert integers longer than this (``sys.set_int_max_str_digits``).
_MAX_INT_DIGITS = 4300


class _BigInt(str):
    """A JSON integer too long to convert; kept as its digits so the record can be refused."""


def _parse_int(digits: str) -> int | _BigInt:
    return _BigInt(digits) if len(digits.lstrip("-")) > _MAX_INT_DIGITS else int(digits)


class _JSONTooDeep(Exception):
    """JSON nested deeper than the parser's recursion allows."""


_DECODER = json.JSONDecoder(parse_int=_parse_int)


def _load_json(text: str) -> object:
    try:
        return _DECODER.decode(text)
    except RecursionError:
        raise _JSONTooDeep from None


def _parsed_json(text: str, where: str, *, one_line: bool) -> object | ReadError:
    """The JSON value of ``text``, or the one-line error that names ``where`` (the line
    number is left out for a JSON Lines line, which is a line already)."""
    try:
        return _load_json(text)
    except json.JSONDecodeError as exc:
        at = f"column {exc.colno}" if one_line else f"line {exc.lineno} column {exc.colno}"
        return ReadError(where, f"invalid JSON: {_json_error(exc)} at {at}")
    except _JSONTooDeep:
        return ReadError(where, "invalid JSON: nested too deeply")


def _json_error(exc: json.JSONDecodeError) -> str:
    return exc.msg[:1].lower() + exc.msg[1:]


def _jsonl_lines(fh: BinaryIO, origin: str, opts: _Options) -> Iterator[tuple[int, str | ReadError]]:
    """Numbered, decoded lines of JSON Lines, read as a stream; a line longer than the
    report bound is skipped without being held in memory.

    ASCII-compatible encodings are decoded line by line, so one bad line costs
    only that line; UTF-16 and UTF-32 go through a TextIOWrapper and stop at the
    first undecodable character.
    """
    encoding = opts.encoding
    try:
        start = fh.read(4)
        fh = _prefixed(start, fh)
        if encoding:
            codecs.lookup(encoding)
            wide = not _ascii_compatible(encoding)
        elif (bom := _bom(start)) in ("utf-16", "utf-32"):
            encoding, wide = bom, True
        else:
            wide = False
        if wide:
            _log.info("%s: read as %s", origin, codecs.lookup(encoding).name)
            yield from _wide_lines(fh, origin, encoding, opts.limit)
        else:
            yield from _narrow_lines(fh, origin, encoding, opts.limit)
    except LookupError:
        yield 0, ReadError(origin, f"unknown encoding '{encoding}'")


def _bounded_lines(fh, limit: int) -> Iterator[bytes | str | None]:
    """Lines of at most ``limit`` units (bytes or characters); None stands for a longer line,
    read past in chunks."""
    while line := fh.readline(limit + 1):
        if len(line) <= limit or line[-1:] in ("\n", b"\n"):
            yield line
            continue
        while (rest := fh.readline(_CHUNK)) and rest[-1:] not in ("\n", b"\n"):
            pass
        yield None


def _narrow_lines(fh: BinaryIO, origin: str, encoding: str | None, limit: int) -> Iterator[tuple[int, str | ReadError]]:
    for lineno, raw in enumerate(_bounded_lines(fh, limit), 1):
        where = f"{origin}:{lineno}"
        if raw is None:
            yield lineno, ReadError(where, _too_big(limit))
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            yield lineno, ""
            continue
        if encoding:
            try:
                yield lineno, raw.decode(encoding)
            except UnicodeError:
                yield lineno, ReadError(where, f"cannot decode as {encoding}")
            continue
        name, text = _guess(raw)
        if text is None:
            yield lineno, ReadError(where, _UNDECODABLE)
            continue
        if name != "utf-8":
            _log.info("%s: read as %s", where, codecs.lookup(name).name)
        yield lineno, text


def _wide_lines(fh: BinaryIO, origin: str, encoding: str, limit: int) -> Iterator[tuple[int, str | ReadError]]:
    stream = io.TextIOWrapper(fh, encoding=encoding)
    lineno = 0
    try:
        for lineno, line in enumerate(_bounded_lines(stream, limit), 1):
            yield lineno, ReadError(f"{origin}:{lineno}", _too_big(limit)) if line is None else line
    except UnicodeError:
        yield lineno + 1, ReadError(f"{origin}:{lineno + 1}", f"cannot decode as {encoding}; rest not read")
    finally:
        stream.detach()


def _records_from_lines(
    lines: Iterable[tuple[int, str | ReadError]], origin: str, opts: _Options
) -> Iterator[Item]:
    """Parse JSON Lines; a bad line yields a ReadError and the next lines go on."""
    seen = False
    for lineno, line in lines:
        if isinstance(line, ReadError):
            seen = True
            yield line
            continue
        line = line.lstrip("\ufeff").strip()
        if not line:
            continue
        seen = True
        where = f"{origin}:{lineno}"
        obj = _parsed_json(line, where, one_line=True)
        if isinstance(obj, ReadError):
            yield obj
            continue
        if not isinstance(obj, dict):
            yield ReadError(where, "expected a JSON object")
            continue
        yield from _record(obj, where, opts.fallback, origin)
    if not seen:
        yield ReadError(origin, "empty file")


def _json_value(obj: object, origin: str, fallback: date | None) -> Iterator[Item]:
    if isinstance(obj, dict):
        yield from _record(obj, origin, fallback, origin)
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from _json_item(item, origin, index, fallback)
    else:
        yield ReadError(origin, "expected a JSON object or an array of objects")


def _json_item(item: object, feed: str, index: int, fallback: date | None) -> Iterator[Item]:
    if isinstance(item, dict):
        yield from _record(item, f"{feed}[{index}]", fallback, feed)
    else:
        yield ReadError(f"{feed}[{index}]", "expected a JSON object")


def _json_stream(stream: TextIO, origin: str, opts: _Options) -> Iterator[Item]:
    """A JSON document: an array is read element by element, so that a file of any size
    streams through; anything else is one report, bounded like one."""
    doc = _JSONArray(stream, opts.limit)
    try:
        if doc.peek() != "[":
            text = doc.rest(opts.limit)
            if text is None:
                yield ReadError(origin, _too_big(opts.limit))
                return
            obj = _parsed_json(text, origin, one_line=False)
            if isinstance(obj, ReadError):
                yield obj
                return
            yield from _json_value(obj, origin, opts.fallback)
            return
        for index, item in doc.items():
            if isinstance(item, _TooBig):
                yield ReadError(f"{origin}[{index}]", _too_big(opts.limit))
            else:
                yield from _json_item(item, origin, index, opts.fallback)
    except _BadJSON as exc:
        yield ReadError(origin, str(exc))
    except UnicodeDecodeError as exc:
        yield ReadError(origin, f"cannot decode as {exc.encoding}; rest not read")


class _BadJSON(Exception):
    """A JSON document that cannot be read on; the message names the place."""


class _TooBig:
    """Stands for an array element larger than the report bound."""


_WS = re.compile(r"[ \t\n\r]*")


class _JSONArray:
    """Elements of a JSON array read from a text stream one at a time.

    Only the element being parsed is held in memory, in a buffer that grows by
    doubling, so reading stays linear; an element still incomplete past the
    report bound ends the reading, since JSON cannot be resumed mid-value.
    """

    def __init__(self, stream: TextIO, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line, self.col = 1, 1  # where buf[0] is in the document

    def _fill(self) -> bool:
        """Read more, dropping what has been parsed; False at the end of the input."""
        if self.eof:
            return False
        chunk = self.stream.read(max(_CHUNK, len(self.buf) - self.pos))
        if not chunk:
            self.eof = True
            return False
        done = self.buf[: self.pos]
        newlines = done.count("\n")
        self.line += newlines
        self.col = len(done) - done.rfind("\n") if newlines else self.col + len(done)
        self.buf, self.pos = self.buf[self.pos:] + chunk, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self._fill():
                return self.buf[self.pos: self.pos + 1]

    def rest(self, limit: int) -> str | None:
        """All that is left, or None when it is longer than ``limit``."""
        while len(self.buf) - self.pos <= limit and self._fill():
            pass
        text = self.buf[self.pos:]
        return text if len(text.encode("utf-8", "surrogatepass")) <= limit else None

    def _where(self, pos: int) -> str:
        newlines = self.buf.count("\n", 0, pos)
        if newlines:
            return f"line {self.line + newlines} column {pos - self.buf.rfind(chr(10), 0, pos)}"
        return f"line {self.line} column {self.col + pos}"

    def items(self) -> Iterator[tuple[int, object]]:
        self.pos += 1  # the "["
        if self.peek() == "]":
            self.pos += 1
        else:
            index = 0
            while True:
                yield index, self._value()
                index += 1
                c = self.peek()
                self.pos += 1
                if c == "]":
                    break
                if c != ",":
                    self.pos -= 1
                    raise _BadJSON(f"invalid JSON: expecting ',' delimiter at {self._where(self.pos)}")
        if self.peek():
            raise _BadJSON(f"invalid JSON: extra data at {self._where(self.pos)}")

    def _value(self) -> object:
        self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos <= self.limit and self._fill():
                    continue
                if len(self.buf) - self.pos > self.limit:
                    raise _BadJSON(f"an element larger than {_size(self.limit)} (--max-report-size) "
                                   f"at {self._where(self.pos)}; rest not read") from None
                raise _BadJSON(f"invalid JSON: {_json_error(exc)} at {self._where(exc.pos)}") from None
            except RecursionError:
                raise _BadJSON(f"invalid JSON: nested too deeply at {self._where(self.pos)}") from None
            if end == len(self.buf) and self._fill():
                continue  # a number may go on in the next chunk
            start, self.pos = self.pos, end
            return _TooBig() if end - start > self.limit else obj


class _Lines:
    """Numbered lines for the CSV reader, remembering those of the row being read so that
    the row can be read again from its second line."""

    #: Fed after the last line: an unterminated quoted field swallows it, a closed one does not.
    END = "\x00\x00incidents: end of input\x00\x00"

    def __init__(self, lines: Iterator[str], first: int) -> None:
        self.lines = lines
        self.number = first - 1
        self.row: list[str] = []

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            self.number += 1
            self.row.append(line)
            yield line
        yield self.END


def _table_rows(stream: TextIO, origin: str, opts: _Options, delimiter: str) -> Iterator[Item]:
    """CSV/TSV rows as records; the header row names the fields.

    A malformed row (an unterminated quote, a field over the report bound) is an
    error naming its line, and reading starts again on the line after it, so the
    rows that follow are not lost.
    """
    csv.field_size_limit(opts.limit)
    header: list[str] | None = None
    source: Iterator[str] = iter(stream)
    first = 1
    lines = _Lines(source, first)
    try:
        while True:
            lines = _Lines(source, first)
            try:
                for row in csv.reader(lines, delimiter=delimiter):
                    if row == [lines.END]:
                        break
                    if row and row[-1].endswith(lines.END):
                        raise csv.Error("unterminated quote")
                    start, lines.row = lines.number - len(lines.row) + 1, []
                    if not any(cell.strip() for cell in row):
                        continue
                    if header is None:
                        header = [cell.strip().lower() for cell in row]
                        if not any(key in header for key in _TEXT_KEYS):
                            yield ReadError(origin, _NO_TEXT_COLUMN)
                            return
                        continue
                    if any(_UNDECODED.search(cell) for cell in row):
                        yield ReadError(f"{origin}:{start}", f"cannot decode as {stream.encoding}")
                        continue
                    record: dict[str, str] = {}
                    for key, cell in zip(header, row):
                        record.setdefault(key, cell)
                    yield from _record(record, f"{origin}:{start}", opts.fallback, origin)
                break
            except csv.Error as exc:
                start = lines.number - len(lines.row) + 1
                yield ReadError(f"{origin}:{start}", _csv_reason(exc, opts.limit))
                first, source = start + 1, chain(lines.row[1:], source)
    except UnicodeDecodeError as exc:
        yield ReadError(f"{origin}:{lines.number + 1}", f"cannot decode as {exc.encoding}; rest not read")
        return
    if header is None:
        yield ReadError(origin, "empty file")


def _csv_reason(exc: csv.Error, limit: int) -> str:
    text = str(exc)
    if text.startswith("field larger than field limit"):
        return f"a field larger than {_size(limit)} (--max-report-size)"
    return text if text == "unterminated quote" else f"malformed CSV: {text}"


_SURROGATE = re.compile("[\ud800-\udfff]")
#: Bytes a stream could not decode, as surrogateescape hands them over.
_UNDECODED = re.compile("[\udc80-\udcff]")


def _record(obj: Mapping[str, object], origin: str, fallback: date | None, feed: str) -> Iterator[Item]:
    """One JSON object or table row of ``feed`` to a Report (or the reason it is not one)."""
    fields = {str(k).strip().lower(): v for k, v in obj.items()}
    big = next((k for k, v in fields.items() if isinstance(v, _BigInt)), None)
    if big is not None:
        digits = len(fields[big].lstrip("-"))
        yield ReadError(origin, f"invalid JSON: '{big}' is a number of {digits} digits (at most {_MAX_INT_DIGITS})")
        return
    present = [k for k in _TEXT_KEYS if k in fields]
    if not present:
        yield ReadError(origin, _NO_TEXT_FIELD)
        return
    text = next((fields[k] for k in present if fields[k] is not None), None)
    if text is not None and not isinstance(text, str):
        yield ReadError(origin, "text field is not a string")
        return
    surrogate = next((m for v in fields.values() if isinstance(v, str) and (m := _SURROGATE.search(v))), None)
    if surrogate:
        # Such a string cannot be written out; keep the report, with U+FFFD in its place.
        yield ReadError(origin, f"lone surrogate \\u{ord(surrogate.group()):04x} replaced by U+FFFD", warning=True)
        fields = {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in fields.items()}
        text = next(fields[k] for k in present if fields[k] is not None)
    own_id = _scalar(fields.get("id"))
    source_url, outlet = _split_source(_scalar(fields.get("source")))
    yield from _report(
        id=own_id or origin,
        text=text or "",
        origin=origin,
        published=_first_scalar(fields, _DATE_KEYS),
        fallback=fallback,
        title=_scalar(fields.get("title")),
        url=_scalar(fields.get("url")) or source_url,
        publisher=_first_scalar(fields, _PUBLISHER_KEYS) or outlet,
        lang=_first_scalar(fields, _LANG_KEYS),
        feed=feed if own_id else None,
    )


def _scalar(value: object) -> str | None:
    """A field as a stripped string; None for missing, empty or nested values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def _first_scalar(fields: Mapping[str, object], keys: tuple[str, ...]) -> str | None:
    return next((v for v in (_scalar(fields.get(k)) for k in keys) if v), None)


def _split_source(value: str | None) -> tuple[str | None, str | None]:
    """(url, publisher) of a ``Source:`` header or ``source`` field, which holds either."""
    if not value:
        return None, None
    return (value, None) if _URL.fullmatch(value) else (None, value)


# --- text and HTML -----------------------------------------------------------


def _text_report(text: str, id: str, origin: str, fallback: date | None) -> Iterator[Item]:
    """A plain-text report with its optional header block."""
    text = _clean(text)
    lines = text.split("\n")
    blank = next((i for i, line in enumerate(lines) if not line.strip()), None)
    headers: dict[str, str] = {}
    if blank:
        for line in lines[:blank]:
            m = _HEADER_LINE.fullmatch(line.strip())
            if not m or m.group(1).lower() not in _HEADER_KEYS:
                headers = {}
                break
            headers.setdefault(_HEADER_KEYS[m.group(1).lower()], m.group(2).strip())
        else:
            text = "\n".join(lines[blank + 1:])
    source_url, outlet = _split_source(headers.get("source"))
    yield from _report(
        id=id,
        text=text,
        origin=origin,
        published=headers.get("published") or None,
        fallback=fallback,
        title=headers.get("title") or None,
        url=headers.get("url") or source_url,
        publisher=headers.get("publisher") or outlet,
        lang=headers.get("lang") or None,
    )


def _html_page(markup: str, path: str, fallback: date | None) -> Iterator[Item]:
    """The article of a page and its own metadata (see incidents/html.py)."""
    from incidents import html  # only pages need it (html.parser)

    page = html.read_page(markup, path)
    if page is None:
        yield ReadError(path, "malformed HTML")
        return
    yield from _report(
        id=path,
        text=page.text,
        origin=path,
        published=page.published,
        fallback=fallback,
        title=page.title,
        url=page.url,
        lang=page.lang,
        publisher=page.publisher,
    )


# --- the report itself -------------------------------------------------------


def _clean(text: str) -> str:
    """Unix newlines, NFC, no BOM: the form every reader hands over."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _report(
    *,
    id: str,
    text: str,
    origin: str,
    published: str | None,
    fallback: date | None,
    title: str | None,
    url: str | None,
    lang: str | None,
    feed: str | None = None,
    publisher: str | None = None,
) -> Iterator[Item]:
    body = _clean(text).strip()
    if not body:
        yield ReadError(origin, "empty report")
        return
    when = fallback
    if published:
        parsed = parse_date_field(published)
        if parsed is None:
            shown = " ".join(published.split())
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            yield ReadError(origin, f"unparseable publication date '{shown}'", warning=True)
        else:
            when = parsed
    yield Report(
        id=_printable(id),
        text=body,
        published=when,
        title=(_clean(title).strip() or None) if title else None,
        url=(url.strip() or None) if url else None,
        lang=_lang_code(lang),
        publisher=(_clean(publisher).strip() or None) if publisher else None,
        origin=_printable(origin),
        feed=_printable(feed) if feed is not None else None,
    )


def _printable(name: str) -> str:
    """A name made of a file path, with the bytes of a file name that is no UTF-8 (read as
    lone surrogates) written as escapes ("\\xff"), so that the store and the exports,
    which are UTF-8, can hold it."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _lang_code(value: str | None) -> str | None:
    """'English', 'ar-IQ', 'ara' and the like to 'en' / 'ar' (the names of each language
    pack's profile); languages without a pack to None."""
    if not value:
        return None
    key = value.strip().lower().replace("_", "-").split("-")[0]
    return language_names().get(key)
