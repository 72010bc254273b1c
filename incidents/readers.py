"""Turn files, folders and stdin into :class:`Report` objects.

Readers never raise for bad input and never print: every problem becomes a
:class:`ReadError` in the same stream as the reports, so the caller can report
it and carry on with the rest.

Formats, chosen by extension (case-insensitive):

- ``.txt`` / ``.md`` (and any unknown extension named explicitly): one report
  per file. An optional header block of ``Title:``, ``Published:``/``Date:``,
  ``Source:``/``URL:`` and ``Language:``/``Lang:`` lines may open the file; it
  counts only when every line before the first blank line is such a header.
- ``.jsonl`` / ``.ndjson``: one JSON object per line, read as a stream.
  Origins are ``path:line``.
- ``.json``: an array of objects (origins ``path[index]``, index from 0) or a
  single object (origin ``path``).
- ``.csv`` / ``.tsv``: a header row, then one report per row (origin
  ``path:line``, the line the row starts on).
- ``.html`` / ``.htm``: one report per page, visible body text only.

Records (JSON objects and table rows) use the fields ``id``, ``text`` (or
``body``/``content``), ``published`` (or ``date``/``published_at``),
``title``, ``url`` and ``lang`` (or ``language``). A report without its own
id gets its origin as id; text files use the path as given.

A publication date that cannot be parsed does not drop the report: a
``ReadError(origin, "unparseable publication date '...'")`` comes first, then
the report, dated with the ``published`` fallback (``None`` when none was
given), exactly like a report that carries no date.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import BinaryIO, TextIO

from incidents.model import Report, ReadError

__all__ = ["read_reports", "parse_date_field"]

STDIN_ID = "<stdin>"

_UNDECODABLE = "cannot decode: not UTF-8, UTF-16 or Windows-1256 (use --encoding)"
_NO_TEXT_FIELD = "no text field (text, body or content)"
_NO_TEXT_COLUMN = "no text column (text, body or content)"

_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("published", "date", "published_at")
_LANG_KEYS = ("lang", "language")

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z_-]*)[ \t]*:[ \t]*(.*)")
_HEADER_KEYS = {
    "title": "title",
    "published": "published",
    "date": "published",
    "source": "url",
    "url": "url",
    "language": "lang",
    "lang": "lang",
}

_LANG_NAMES = {
    "en": "en", "eng": "en", "english": "en",
    "ar": "ar", "ara": "ar", "arabic": "ar", "عربي": "ar", "العربية": "ar",
}

_TEXT_EXTS = (".txt", ".md")
_JSONL_EXTS = (".jsonl", ".ndjson")
_KNOWN_EXTS = frozenset(_TEXT_EXTS + _JSONL_EXTS + (".json", ".csv", ".tsv", ".html", ".htm"))

Item = Report | ReadError


def read_reports(
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    published: date | None = None,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Item]:
    """Yield a Report or a ReadError for everything found under ``paths``.

    ``"-"`` reads ``stdin`` (default ``sys.stdin``) as text, or as JSON / JSON
    Lines when it starts with ``[`` / ``{``. Folders are walked recursively in
    name order, skipping hidden entries, symlinked folders and files of unknown
    type. ``encoding`` overrides detection (BOM, UTF-8, then Windows-1256).
    ``published`` dates the reports that carry no date of their own.
    """
    for path in paths:
        if path == "-":
            yield from _read_stdin(sys.stdin if stdin is None else stdin, encoding, published)
        elif not os.path.exists(path):
            yield ReadError(path, "no such file or directory")
        elif os.path.isdir(path):
            for found in _walk(path):
                if isinstance(found, ReadError):
                    yield found
                else:
                    yield from _with_date_order(found, _read_file(found, encoding, published))
        else:
            yield from _with_date_order(path, _read_file(path, encoding, published))


#: Bytes of a file looked at to learn how it writes numeric dates.
_ORDER_SCAN = 8 * 1024 * 1024


def _with_date_order(path: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, each report told how its file writes numeric dates ("03/07/2018" is 7 March
    in a file whose other dates read 03/13/2018). One file is one source, so its unambiguous
    dates decide for the ambiguous ones; the scan is a regex over at most the first 8 MB."""
    from .dates import numeric_order

    try:
        with open(path, "rb") as fh:
            order = numeric_order(fh.read(_ORDER_SCAN).decode("latin-1"))
    except OSError:
        order = None
    for item in items:
        yield replace(item, date_order=order) if order and isinstance(item, Report) else item


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
            languages=["en", "ar"],
            settings={"STRICT_PARSING": True, "PARSERS": ["custom-formats", "absolute-time"]},
        )
    except Exception:  # a third-party parser fed arbitrary input: any failure means "not a date"
        return None
    return parsed.date() if parsed else None


# --- paths -------------------------------------------------------------------


def _walk(folder: str) -> Iterator[str | ReadError]:
    """Files of known type under ``folder``, depth first, in name order."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield ReadError(folder, _reason(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
            elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in _KNOWN_EXTS:
                yield entry.path
        except OSError as exc:
            yield ReadError(entry.path, _reason(exc))


def _read_file(path: str, encoding: str | None, fallback: date | None) -> Iterator[Item]:
    ext = os.path.splitext(path)[1].lower()
    if ext in _JSONL_EXTS:
        yield from _records_from_lines(_jsonl_lines(path, encoding), path, fallback)
        return
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        yield ReadError(path, _reason(exc))
        return
    if not data.strip():
        yield ReadError(path, "empty file")
        return
    try:
        text = _decode(data, encoding, html=ext in (".html", ".htm"))
    except _Undecodable as exc:
        yield ReadError(path, str(exc))
        return
    if ext == ".json":
        yield from _json_document(text, path, fallback)
    elif ext in (".csv", ".tsv"):
        yield from _table_rows(text, path, fallback, "\t" if ext == ".tsv" else ",")
    elif ext in (".html", ".htm"):
        yield from _html_page(text, path, fallback)
    else:
        yield from _text_report(text, path, path, fallback)


def _read_stdin(stream: TextIO | BinaryIO, encoding: str | None, fallback: date | None) -> Iterator[Item]:
    """Read all of stdin, preferring its bytes so that detection applies."""
    try:
        data = getattr(stream, "buffer", stream).read()
    except OSError as exc:
        yield ReadError(STDIN_ID, _reason(exc))
        return
    if isinstance(data, bytes):
        try:
            data = _decode(data, encoding) if data.strip() else ""
        except _Undecodable as exc:
            yield ReadError(STDIN_ID, str(exc))
            return
    text = data.lstrip("\ufeff")
    head = text.lstrip()[:1]
    if not head:
        yield ReadError(STDIN_ID, "empty file")
    elif head == "[":
        yield from _json_document(text, STDIN_ID, fallback)
    elif head == "{":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError:
            lines = enumerate(text.split("\n"), 1)
            yield from _records_from_lines(lines, STDIN_ID, fallback)
        else:
            yield from _json_value(obj, STDIN_ID, fallback)
    else:
        yield from _text_report(text, STDIN_ID, STDIN_ID, fallback)


def _reason(exc: OSError) -> str:
    """A short, lowercase reason such as 'permission denied'."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


# --- encodings ---------------------------------------------------------------


class _Undecodable(Exception):
    """Bytes that no encoding we try turns into text; the message is user-facing."""


def _decode(data: bytes, encoding: str | None, *, html: bool = False) -> str:
    """Bytes to text: the given encoding, else BOM, UTF-8, a declared HTML charset, Windows-1256."""
    if encoding:
        return _decode_as(data, encoding).lstrip("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16")
    text = _guess(data)
    if text is None and html:
        text = _declared_charset(data)
    if text is None or "\x00" in text:
        # NULs in "valid" text mean UTF-16 without a BOM or a binary file.
        raise _Undecodable(_UNDECODABLE)
    return text


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise _Undecodable(f"unknown encoding '{encoding}'") from None
    except UnicodeError:
        raise _Undecodable(f"cannot decode as {encoding}") from None


def _guess(data: bytes) -> str | None:
    """Strict UTF-8, else Windows-1256 when the result reads like Arabic."""
    try:
        return data.decode("utf-8")
    except UnicodeError:
        pass
    # cp1256 maps every byte, so decoding always succeeds; judge the result instead.
    text = data.decode("cp1256")
    return text if _looks_arabic(text) else None


def _looks_arabic(text: str) -> bool:
    """True for ASCII plus mostly Arabic letters, without control characters."""
    if any((ord(c) < 32 and c not in "\t\n\r\f") or c == "\x7f" for c in text):
        return False
    non_ascii = [c for c in text if ord(c) > 127]
    arabic = sum(1 for c in non_ascii if "\u0600" <= c <= "\u06ff")
    return arabic > 0 and arabic >= 0.7 * len(non_ascii)


_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """Decode with the charset a page declares near its top, if that works."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return data.decode(m.group(1).decode("ascii"))
    except (LookupError, UnicodeError):
        return None


def _ascii_compatible(encoding: str) -> bool:
    """Whether lines can be split on b'\\n' before decoding."""
    probe = '{"a": 1}\n'
    return probe.encode(encoding) == probe.encode("ascii")


# --- records (JSON Lines, JSON, CSV) -----------------------------------------


def _jsonl_lines(path: str, encoding: str | None) -> Iterator[tuple[int, str | ReadError]]:
    """Numbered, decoded lines of a JSON Lines file, without loading it whole.

    ASCII-compatible encodings are decoded line by line, so one bad line costs
    only that line; UTF-16 goes through a TextIOWrapper and stops at the first
    undecodable character.
    """
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield 0, ReadError(path, _reason(exc))
        return
    with fh:
        try:
            start = fh.peek(4)[:4]
            if encoding:
                codecs.lookup(encoding)
                wide = not _ascii_compatible(encoding)
            elif start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                encoding, wide = "utf-16", True
            else:
                wide = False
            if wide:
                yield from _wide_lines(fh, path, encoding)
            else:
                yield from _narrow_lines(fh, path, encoding)
        except LookupError:
            yield 0, ReadError(path, f"unknown encoding '{encoding}'")
        except OSError as exc:
            yield 0, ReadError(path, _reason(exc))


def _narrow_lines(fh: BinaryIO, path: str, encoding: str | None) -> Iterator[tuple[int, str | ReadError]]:
    for lineno, raw in enumerate(fh, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            yield lineno, ""
            continue
        if encoding:
            try:
                yield lineno, raw.decode(encoding)
            except UnicodeError:
                yield lineno, ReadError(f"{path}:{lineno}", f"cannot decode as {encoding}")
            continue
        text = _guess(raw)
        yield lineno, ReadError(f"{path}:{lineno}", _UNDECODABLE) if text is None else text


def _wide_lines(fh: BinaryIO, path: str, encoding: str) -> Iterator[tuple[int, str | ReadError]]:
    stream = io.TextIOWrapper(fh, encoding=encoding)
    try:
        for lineno, line in enumerate(stream, 1):
            yield lineno, line
    except UnicodeError:
        yield 0, ReadError(path, f"cannot decode as {encoding}")
    finally:
        stream.detach()


def _records_from_lines(
    lines: Iterable[tuple[int, str | ReadError]], path: str, fallback: date | None
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
        origin = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(origin, f"invalid JSON: {exc.msg[:1].lower()}{exc.msg[1:]} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield ReadError(origin, "expected a JSON object")
            continue
        yield from _record(obj, origin, fallback)
    if not seen:
        yield ReadError(path, "empty file")


def _json_document(text: str, path: str, fallback: date | None) -> Iterator[Item]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = exc.msg[:1].lower() + exc.msg[1:]
        yield ReadError(path, f"invalid JSON: {msg} at line {exc.lineno} column {exc.colno}")
        return
    yield from _json_value(obj, path, fallback)


def _json_value(obj: object, path: str, fallback: date | None) -> Iterator[Item]:
    if isinstance(obj, dict):
        yield from _record(obj, path, fallback)
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            origin = f"{path}[{index}]"
            if isinstance(item, dict):
                yield from _record(item, origin, fallback)
            else:
                yield ReadError(origin, "expected a JSON object")
    else:
        yield ReadError(path, "expected a JSON object or an array of objects")


def _table_rows(text: str, path: str, fallback: date | None, delimiter: str) -> Iterator[Item]:
    """CSV/TSV rows as records; the header row names the fields."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    last_line = 0
    try:
        for row in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                if not any(key in header for key in _TEXT_KEYS):
                    yield ReadError(path, _NO_TEXT_COLUMN)
                    return
                continue
            record: dict[str, str] = {}
            for key, cell in zip(header, row):
                record.setdefault(key, cell)
            yield from _record(record, f"{path}:{first_line}", fallback)
    except csv.Error as exc:
        yield ReadError(f"{path}:{last_line + 1}", f"malformed CSV: {exc}")
        return
    if header is None:
        yield ReadError(path, "empty file")


def _record(obj: Mapping[str, object], origin: str, fallback: date | None) -> Iterator[Item]:
    """One JSON object or table row to a Report (or the reason it is not one)."""
    fields = {str(k).strip().lower(): v for k, v in obj.items()}
    present = [k for k in _TEXT_KEYS if k in fields]
    if not present:
        yield ReadError(origin, _NO_TEXT_FIELD)
        return
    text = next((fields[k] for k in present if fields[k] is not None), None)
    if text is not None and not isinstance(text, str):
        yield ReadError(origin, "text field is not a string")
        return
    yield from _report(
        id=_scalar(fields.get("id")) or origin,
        text=text or "",
        origin=origin,
        published=_first_scalar(fields, _DATE_KEYS),
        fallback=fallback,
        title=_scalar(fields.get("title")),
        url=_scalar(fields.get("url")),
        lang=_first_scalar(fields, _LANG_KEYS),
    )


def _scalar(value: object) -> str | None:
    """A field as a stripped string; None for missing, empty or nested values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def _first_scalar(fields: Mapping[str, object], keys: tuple[str, ...]) -> str | None:
    return next((v for v in (_scalar(fields.get(k)) for k in keys) if v), None)


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
    yield from _report(
        id=id,
        text=text,
        origin=origin,
        published=headers.get("published") or None,
        fallback=fallback,
        title=headers.get("title") or None,
        url=headers.get("url") or None,
        lang=headers.get("lang") or None,
    )


class _PageParser(HTMLParser):
    """Collects the visible body text and the metadata of one HTML page."""

    SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg"})
    BLOCK = frozenset({
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "article", "section", "main", "blockquote", "pre", "table", "tr", "td", "th",
        "figure", "figcaption", "hr",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.lang: str | None = None
        self.canonical: str | None = None
        self.article_time: str | None = None
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._in_title = False
        self._article_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        # An article's <time> often sits in its (skipped) <header>, so look before skipping.
        if tag == "time" and self._article_depth and self.article_time is None:
            self.article_time = a.get("datetime") or None
        if self._skip_tag:
            self._skip_depth += tag == self._skip_tag
            return
        if tag in self.SKIP:
            self._skip_tag, self._skip_depth = tag, 1
        elif tag == "html":
            self.lang = a.get("lang") or self.lang
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
        elif tag == "article":
            self._article_depth += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if not self._skip_depth:
                    self._skip_tag = None
            return
        if tag == "title":
            self._in_title = False
        elif tag == "article" and self._article_depth:
            self._article_depth -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip_tag:
            return
        if self._in_title:
            self.title_parts.append(data)
        else:
            # Source line breaks are just spaces; only tags make new lines.
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


_HTML_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "date",
    "pubdate",
    "dc.date",
    "dc.date.issued",
    "datepublished",
)


def _html_page(markup: str, path: str, fallback: date | None) -> Iterator[Item]:
    """Body text of a page, minus navigation and scripts; metadata from head tags."""
    parser = _PageParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        yield ReadError(path, "malformed HTML")
        return
    title = parser.meta.get("og:title") or " ".join("".join(parser.title_parts).split()) or None
    published = next((parser.meta[k] for k in _HTML_DATE_META if k in parser.meta), parser.article_time)
    yield from _report(
        id=path,
        text=parser.text(),
        origin=path,
        published=published,
        fallback=fallback,
        title=title,
        url=parser.canonical or parser.meta.get("og:url"),
        lang=parser.lang,
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
            yield ReadError(origin, f"unparseable publication date '{shown}'")
        else:
            when = parsed
    yield Report(
        id=id,
        text=body,
        published=when,
        title=(_clean(title).strip() or None) if title else None,
        url=(url.strip() or None) if url else None,
        lang=_lang_code(lang),
        origin=origin,
    )


def _lang_code(value: str | None) -> str | None:
    """'English', 'ar-IQ', 'ara' and the like to 'en' / 'ar'; other languages to None."""
    if not value:
        return None
    key = value.strip().lower().replace("_", "-").split("-")[0]
    return _LANG_NAMES.get(key)
