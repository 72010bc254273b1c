"""Readers: every input format, encoding detection, and the exact error messages."""
from __future__ import annotations

import io
import json
import logging
import os
from datetime import date

import pytest

from incidents.model import Report, ReadError
from incidents.readers import parse_date_field, read_reports

UNDECODABLE = ("cannot decode: not UTF-8, UTF-16, UTF-32, Windows-1256, ISO-8859-6 or Windows-1252 "
               "(use --encoding)")


def read(*paths, **kwargs):
    return list(read_reports([str(p) for p in paths], **kwargs))


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- plain text ----------------------------------------------------------------


def test_txt_with_headers(tmp_path):
    path = write(
        tmp_path / "a.txt",
        "Title: Market blast\nPUBLISHED: 2 March 2019\nSource: https://example.org/a\n"
        "language: English\n\nA car bomb hit the market.\r\nTwo people died.\n",
    )
    assert read(path) == [
        Report(
            id=path,
            text="A car bomb hit the market.\nTwo people died.",
            published=date(2019, 3, 2),
            title="Market blast",
            url="https://example.org/a",
            lang="en",
            origin=path,
        )
    ]


def test_txt_publisher_header(tmp_path):
    path = write(tmp_path / "p.txt", "Publisher: The Riverside Courier\nSource: https://example.org/p\n\nBody.\n")
    [report] = read(path)
    assert (report.publisher, report.url, report.text) == ("The Riverside Courier", "https://example.org/p", "Body.")


def test_record_publisher_fields(tmp_path):
    path = write(
        tmp_path / "pub.jsonl",
        '{"id": "a", "text": "One.", "publisher": " Daily Ledger "}\n'
        '{"id": "b", "text": "Two.", "source_name": "Valley Post"}\n'
        '{"id": "c", "text": "Three.", "site_name": "Hill Gazette"}\n'
        '{"id": "d", "text": "Four."}\n',
    )
    assert [r.publisher for r in read(path)] == ["Daily Ledger", "Valley Post", "Hill Gazette", None]


def test_a_source_header_is_a_url_or_the_outlet(tmp_path):
    (tmp_path / "a.txt").write_text("Source: Riverside Courier\n\nBody.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Source: https://courier.example/b\nPublisher: Courier\n\nBody.\n",
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text("Source: www.courier.example/c\n\nBody.\n", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(
        '{"id": "1", "text": "Body.", "source": "Valley Post"}\n'
        '{"id": "2", "text": "Body.", "source": "https://post.example/2", "publisher": "Valley Post"}\n'
        '{"id": "3", "text": "Body.", "source": "Valley Post", "url": "https://post.example/3"}\n',
        encoding="utf-8")
    reports = read(tmp_path)
    assert [(r.url, r.publisher) for r in reports] == [
        (None, "Riverside Courier"),
        ("https://courier.example/b", "Courier"),
        ("www.courier.example/c", None),
        (None, "Valley Post"),
        ("https://post.example/2", "Valley Post"),
        ("https://post.example/3", "Valley Post"),
    ]


def test_txt_without_headers(tmp_path):
    path = write(tmp_path / "b.md", "\n\nGunmen attacked a checkpoint.\n\nNo one was hurt.\n")
    assert read(path) == [Report(id=path, text="Gunmen attacked a checkpoint.\n\nNo one was hurt.", origin=path)]


def test_txt_unknown_key_makes_the_whole_file_text(tmp_path):
    text = "Title: Not a header block after all\nNote: the figures are provisional\n\nThe body.\n"
    path = write(tmp_path / "c.txt", text)
    [report] = read(path)
    assert report.title is None
    assert report.text == text.strip()


def test_txt_header_date_key_and_date_field_date(tmp_path):
    path = write(tmp_path / "d.txt", "Date: 2019-03-02T10:31:00Z\nLang: ar-IQ\n\nنص التقرير\n")
    [report] = read(path)
    assert (report.published, report.lang, report.text) == (date(2019, 3, 2), "ar", "نص التقرير")


def test_txt_text_is_nfc(tmp_path):
    path = write(tmp_path / "e.txt", "Cafe\u0301 owner hurt\n")
    assert read(path)[0].text == "Caf\u00e9 owner hurt"


def test_headers_only_is_an_empty_report(tmp_path):
    path = write(tmp_path / "f.txt", "Title: nothing else\n\n\n")
    assert read(path) == [ReadError(path, "empty report")]


def test_empty_file(tmp_path):
    path = write(tmp_path / "g.txt", "  \n")
    assert read(path) == [ReadError(path, "empty file")]


def test_unknown_extension_named_explicitly_is_text(tmp_path):
    path = write(tmp_path / "report.article", "Shelling in the north.")
    assert read(path) == [Report(id=path, text="Shelling in the north.", origin=path)]


# --- folders and paths --------------------------------------------------------------


def test_folder_walk_order_and_skipping(tmp_path):
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    write(root / "b" / "two.txt", "two")
    write(root / "a.txt", "one")
    write(root / "c.txt", "three")
    write(root / ".secret.txt", "hidden file")
    write(root / ".hidden" / "x.txt", "hidden folder")
    write(root / "notes.docx", "unknown type")
    write(root / "README", "no extension")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    write(outside / "linked.txt", "through a link")
    os.symlink(outside, root / "link", target_is_directory=True)

    reports = read(root)
    assert [(r.id, r.text) for r in reports] == [
        (os.path.join(str(root), "a.txt"), "one"),
        (os.path.join(str(root), "b", "two.txt"), "two"),
        (os.path.join(str(root), "c.txt"), "three"),
    ]


def test_missing_path(tmp_path):
    missing = str(tmp_path / "nowhere.txt")
    assert read(missing) == [ReadError(missing, "no such file or directory")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_unreadable_file(tmp_path):
    path = write(tmp_path / "locked.txt", "secret")
    os.chmod(path, 0)
    assert read(path) == [ReadError(path, "permission denied")]


def test_errors_do_not_stop_the_other_paths(tmp_path):
    good = write(tmp_path / "ok.txt", "fine")
    assert read(tmp_path / "nope.txt", good) == [
        ReadError(str(tmp_path / "nope.txt"), "no such file or directory"),
        Report(id=good, text="fine", origin=good),
    ]


# --- JSON Lines, JSON ----------------------------------------------------------------


def test_jsonl_bad_line_in_the_middle(tmp_path):
    path = write(
        tmp_path / "feed.jsonl",
        '{"id": "r1", "text": "First.", "published": "2019-03-01"}\n'
        "\n"
        '{"id": "r2", "text": \n'
        '{"id": 3, "body": "Third.", "date": "2019-03-03", "title": "T", "url": "u", "language": "Arabic"}\n'
        "[1, 2]\n"
        '{"id": "r5", "headline": "no text"}\n'
        '{"content": "Sixth."}\n',
    )
    assert read(path) == [
        Report(id="r1", text="First.", published=date(2019, 3, 1), origin=f"{path}:1"),
        ReadError(f"{path}:3", "invalid JSON: expecting value at column 21"),
        Report(id="3", text="Third.", published=date(2019, 3, 3), title="T", url="u", lang="ar", origin=f"{path}:4"),
        ReadError(f"{path}:5", "expected a JSON object"),
        ReadError(f"{path}:6", "no text field (text, body or content)"),
        Report(id=f"{path}:7", text="Sixth.", origin=f"{path}:7"),
    ]


def test_jsonl_empty_text_and_non_string_text(tmp_path):
    path = write(tmp_path / "feed.ndjson", '{"text": "  "}\n{"text": 5}\n')
    assert read(path) == [
        ReadError(f"{path}:1", "empty report"),
        ReadError(f"{path}:2", "text field is not a string"),
    ]


def test_jsonl_with_only_blank_lines_is_empty(tmp_path):
    path = write(tmp_path / "feed.jsonl", "\n\n")
    assert read(path) == [ReadError(path, "empty file")]


def test_jsonl_cp1256_line_among_utf8_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        '{"text": "أول"}\n'.encode("utf-8") + '{"text": "ثاني"}\n'.encode("cp1256") + b'{"text": "caf\xe9 \x01"}\n'
    )
    assert read(path) == [
        Report(id=f"{path}:1", text="أول", origin=f"{path}:1"),
        Report(id=f"{path}:2", text="ثاني", origin=f"{path}:2"),
        ReadError(f"{path}:3", UNDECODABLE),
    ]


def test_jsonl_utf16_with_bom(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"text": "واحد"}\n{"text": "two"}\n'.encode("utf-16"))
    assert [(r.origin, r.text) for r in read(path)] == [(f"{path}:1", "واحد"), (f"{path}:2", "two")]


def test_json_array(tmp_path):
    path = write(
        tmp_path / "batch.json",
        '[{"id": "x", "text": "One.", "published_at": "Sat, 02 Mar 2019 10:00:00 +0000"},'
        ' "oops", {"title": "no text"}, {"text": "Four.", "lang": "fr"}]',
    )
    assert read(path) == [
        Report(id="x", text="One.", published=date(2019, 3, 2), origin=f"{path}[0]"),
        ReadError(f"{path}[1]", "expected a JSON object"),
        ReadError(f"{path}[2]", "no text field (text, body or content)"),
        Report(id=f"{path}[3]", text="Four.", origin=f"{path}[3]"),
    ]


def test_json_single_object_and_errors(tmp_path):
    single = write(tmp_path / "one.json", '{"text": "Alone."}')
    broken = write(tmp_path / "broken.json", '[{"text": "a"},\n]')
    scalar = write(tmp_path / "scalar.json", "42")
    assert read(single, broken, scalar) == [
        Report(id=single, text="Alone.", origin=single),
        # Arrays are read element by element: what comes before the error is kept.
        Report(id=f"{broken}[0]", text="a", origin=f"{broken}[0]"),
        ReadError(broken, "invalid JSON: expecting value at line 2 column 1"),
        ReadError(scalar, "expected a JSON object or an array of objects"),
    ]


# --- CSV, TSV -----------------------------------------------------------------------


def test_csv_rows(tmp_path):
    path = write(
        tmp_path / "rows.csv",
        "ID,Text,Date,Language\n"
        'a1,"A long report\nover two lines",02/03/2019,en\n'
        "\n"
        ",Second report,,\n",
    )
    assert read(path) == [
        Report(id="a1", text="A long report\nover two lines", published=date(2019, 3, 2), lang="en", origin=f"{path}:2"),
        Report(id=f"{path}:5", text="Second report", origin=f"{path}:5"),
    ]


def test_tsv_rows(tmp_path):
    path = write(tmp_path / "rows.tsv", "id\tbody\tpublished\nt1\tتقرير قصير\t2019/03/04\n")
    assert read(path) == [Report(id="t1", text="تقرير قصير", published=date(2019, 3, 4), origin=f"{path}:2")]


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path / "bad.csv", "id,headline\n1,Something\n2,Else\n")
    assert read(path) == [ReadError(path, "no text column (text, body or content)")]


# --- encodings ----------------------------------------------------------------------


def test_utf8_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Title: عنوان\n\nنص\n".encode("utf-8"))
    [report] = read(path)
    assert (report.title, report.text) == ("عنوان", "نص")


def test_utf16_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("انفجار في السوق\r\n".encode("utf-16"))
    assert read(path)[0].text == "انفجار في السوق"


def test_utf8_bom_csv_header(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbftext,id\nbody,k\n")
    assert read(path) == [Report(id="k", text="body", origin=f"{path}:2")]


def test_windows_1256_arabic(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("اختبار الترميز\n".encode("cp1256"))
    assert read(path) == [Report(id=str(path), text="اختبار الترميز", origin=str(path))]


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"caf\xe9 \x01\x02\x03 cr\xe8me")
    assert read(path) == [ReadError(str(path), UNDECODABLE)]


def test_nul_bytes_are_not_text(tmp_path):
    path = tmp_path / "utf16-no-bom.txt"
    path.write_bytes("plain".encode("utf-16-le"))
    assert read(path) == [ReadError(str(path), UNDECODABLE)]


def test_encoding_override(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("café crème".encode("latin-1"))
    assert read(path, encoding="latin-1")[0].text == "café crème"


def test_encoding_override_failure_and_unknown_name(tmp_path):
    path = tmp_path / "arabic.txt"
    path.write_bytes("خبر".encode("utf-8"))
    assert read(path, encoding="ascii") == [ReadError(str(path), "cannot decode as ascii")]
    assert read(path, encoding="no-such-codec") == [ReadError(str(path), "unknown encoding 'no-such-codec'")]


def test_encoding_override_jsonl_per_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "\xff"}\n')
    assert read(path, encoding="ascii") == [
        Report(id=f"{path}:1", text="ok", origin=f"{path}:1"),
        ReadError(f"{path}:2", "cannot decode as ascii"),
    ]


# --- stdin --------------------------------------------------------------------------


def test_stdin_text_bytes():
    stdin = io.BytesIO("Title: From a pipe\n\nقصف على القرية\n".encode("cp1256"))
    assert read("-", stdin=stdin) == [Report(id="<stdin>", text="قصف على القرية", title="From a pipe", origin="<stdin>")]


def test_stdin_json_lines_and_array():
    lines = io.StringIO('{"id": "s1", "text": "one"}\n{"text": "two"}\n')
    assert read("-", stdin=lines) == [
        Report(id="s1", text="one", origin="<stdin>:1"),
        Report(id="<stdin>:2", text="two", origin="<stdin>:2"),
    ]
    array = io.StringIO('  [{"text": "only"}]')
    assert read("-", stdin=array) == [Report(id="<stdin>[0]", text="only", origin="<stdin>[0]")]


def test_stdin_single_pretty_object():
    stdin = io.StringIO('{\n  "id": "p",\n  "text": "pretty"\n}\n')
    assert read("-", stdin=stdin) == [Report(id="p", text="pretty", origin="<stdin>")]


def test_stdin_empty():
    assert read("-", stdin=io.BytesIO(b"")) == [ReadError("<stdin>", "empty file")]


# --- HTML ---------------------------------------------------------------------------


PAGE = """<!doctype html>
<html lang="ar-IQ">
<head>
  <title>Headline | Some Site</title>
  <meta property="og:title" content="Headline">
  <meta property="article:published_time" content="2019-03-02T22:15:00+03:00">
  <link rel="canonical" href="https://example.org/news/1">
  <style>p { color: red }</style>
</head>
<body>
  <header>Site banner</header>
  <nav><ul><li>Home</li><li>World</li></ul></nav>
  <article>
    <h1>Blast kills <b>four</b></h1>
    <p>A bomb   exploded near
       the bridge,&nbsp;police said.<br>Nine were hurt [updated].</p>
    <script>track("x")</script>
    <aside>Related: other stories</aside>
    <ul><li>First item</li><li>Second item</li></ul>
  </article>
  <form>Search</form>
  <footer>Copyright</footer>
</body>
</html>
"""


def test_html_page(tmp_path):
    path = write(tmp_path / "page.html", PAGE)
    assert read(path) == [
        Report(
            id=path,
            text="Blast kills four\nA bomb exploded near the bridge, police said.\nNine were hurt [updated].\n"
            "First item\nSecond item",
            published=date(2019, 3, 2),
            title="Headline",
            url="https://example.org/news/1",
            lang="ar",
            origin=path,
        )
    ]


@pytest.fixture
def builtin_html(monkeypatch):
    """The built-in HTML reader, as without the extra incidents[html] (see tests/test_html.py)."""
    import incidents.html

    monkeypatch.setattr(incidents.html, "_trafilatura", lambda: None)


@pytest.mark.usefixtures("builtin_html")
def test_html_time_in_article_and_og_url(tmp_path):
    page = (
        '<html><head><title>Only title</title><meta property="og:url" content="https://example.org/2"></head>'
        '<body><article><header><time datetime="2020-01-05">5 Jan</time></header><p>Text.</p></article></body></html>'
    )
    path = write(tmp_path / "two.htm", page)
    [report] = read(path)
    assert (report.text, report.title, report.url, report.published, report.lang) == (
        "Text.", "Only title", "https://example.org/2", date(2020, 1, 5), None
    )


def test_html_declared_charset(tmp_path):
    path = tmp_path / "legacy.html"
    path.write_bytes('<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1"))
    assert read(path)[0].text == "café"


# --- publication dates --------------------------------------------------------------


def test_published_fallback(tmp_path):
    dated = write(tmp_path / "a.txt", "Published: 2019-03-02\n\nDated.")
    undated = write(tmp_path / "b.txt", "Undated.")
    reports = read(dated, undated, published=date(2020, 1, 1))
    assert [r.published for r in reports] == [date(2019, 3, 2), date(2020, 1, 1)]


def test_unparseable_published_value(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "q", "text": "Body.", "published": "sometime soon"}\n')
    assert read(path, published=date(2020, 1, 1)) == [
        ReadError(f"{path}:1", "unparseable publication date 'sometime soon'", warning=True),
        Report(id="q", text="Body.", published=date(2020, 1, 1), origin=f"{path}:1"),
    ]
    assert read(path)[1].published is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03-02", date(2019, 3, 2)),
        ("2019-03-02T10:31:00Z", date(2019, 3, 2)),
        ("2019-03-02T23:50:00-05:00", date(2019, 3, 2)),
        ("2019-03-02 10:31:00", date(2019, 3, 2)),
        ("02/03/2019", date(2019, 3, 2)),
        ("03/25/2019", date(2019, 3, 25)),
        ("2019/03/02", date(2019, 3, 2)),
        ("March 2, 2019", date(2019, 3, 2)),
        ("2 March 2019", date(2019, 3, 2)),
        ("2 Mar 2019", date(2019, 3, 2)),
        ("Sat, 02 Mar 2019 10:00:00 +0000", date(2019, 3, 2)),
        ("٢٠١٩-٠٣-٠٢", date(2019, 3, 2)),
        ("السبت 2 مارس 2019", date(2019, 3, 2)),
        ("yesterday", None),
        ("March 2019", None),
        ("31/31/2019", None),
        ("", None),
        ("not a date", None),
    ],
)
def test_parse_date_field(value, expected):
    assert parse_date_field(value) == expected


# --- hostile input: bounds, special files, records that cannot be read ---------------

KB = 1024


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = str(tmp_path / "pipe.txt")
    os.mkfifo(fifo)
    assert read(fifo) == [
        ReadError(fifo, "a FIFO, not a regular file (to read it, use - and redirect it to stdin)")
    ]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_is_refused():
    assert read("/dev/zero") == [
        ReadError("/dev/zero", "a character device, not a regular file (to read it, use - and redirect it to stdin)")
    ]


def test_report_over_the_size_bound_is_skipped(tmp_path):
    big = write(tmp_path / "big.txt", "x" * (4 * KB + 1))
    html = write(tmp_path / "big.html", "<p>" + "y" * 5000 + "</p>")
    fits = write(tmp_path / "fits.txt", "z" * (4 * KB))
    assert read(big, html, fits, max_size=4 * KB) == [
        ReadError(big, "report larger than 4 KB (--max-report-size)"),
        ReadError(html, "report larger than 4 KB (--max-report-size)"),
        Report(id=fits, text="z" * (4 * KB), origin=fits),
    ]


def test_jsonl_line_over_the_bound_is_skipped_and_the_next_is_read(tmp_path):
    path = write(tmp_path / "feed.jsonl",
                 '{"text": "' + "a" * 3000 + '"}\n{"text": "short"}\n{"text": "' + "b" * 900 + '"}')
    assert read(path, max_size=1000) == [
        ReadError(f"{path}:1", "report larger than 1000 bytes (--max-report-size)"),
        Report(id=f"{path}:2", text="short", origin=f"{path}:2"),
        Report(id=f"{path}:3", text="b" * 900, origin=f"{path}:3"),
    ]


def test_json_poison_records_cost_one_line_each(tmp_path):
    deep = '{"text": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write(tmp_path / "feed.jsonl", "\n".join([
        '{"text": "before"}',
        deep,
        '{"id": ' + "9" * 5000 + ', "text": "huge id"}',
        '{"text": "broken \\ud800 half", "title": "t"}',
        '{"text": "after"}',
    ]))
    assert read(path) == [
        Report(id=f"{path}:1", text="before", origin=f"{path}:1"),
        ReadError(f"{path}:2", "invalid JSON: nested too deeply"),
        ReadError(f"{path}:3", "invalid JSON: 'id' is a number of 5000 digits (at most 4300)"),
        ReadError(f"{path}:4", "lone surrogate \\ud800 replaced by U+FFFD", warning=True),
        Report(id=f"{path}:4", text="broken \ufffd half", title="t", origin=f"{path}:4"),
        Report(id=f"{path}:5", text="after", origin=f"{path}:5"),
    ]


def test_json_array_is_streamed_across_chunks(tmp_path):
    items = [{"id": f"r{i}", "text": f"report {i} " + "w" * 500} for i in range(400)]
    items[200] = {"id": 12345678901234567890, "text": "big but fine"}
    path = tmp_path / "many.json"
    path.write_text("[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]\n", encoding="utf-8")
    reports = read(path, max_size=2 * KB)
    assert len(reports) == 400
    assert (reports[0].id, reports[0].origin) == ("r0", f"{path}[0]")
    assert (reports[200].id, reports[200].text) == ("12345678901234567890", "big but fine")
    assert (reports[399].id, reports[399].origin) == ("r399", f"{path}[399]")


def test_json_array_errors_name_the_place(tmp_path):
    big = write(tmp_path / "big.json", '[{"text": "ok"}, {"text": "' + "x" * 3000 + '"}, {"text": "next"}]')
    huge = write(tmp_path / "huge.json", '[{"text": "ok"}, {"text": "' + "x" * 200_000 + '"}, {"text": "never"}]')
    deep = write(tmp_path / "deep.json", '[{"text": "ok"},\n ' + "[" * 100_000 + "]" * 100_000 + "]")
    missing_comma = write(tmp_path / "comma.json", '[{"text": "one"}\n {"text": "two"}]')
    assert read(big, huge, deep, missing_comma, max_size=2 * KB) == [
        Report(id=f"{big}[0]", text="ok", origin=f"{big}[0]"),
        ReadError(f"{big}[1]", "report larger than 2 KB (--max-report-size)"),
        Report(id=f"{big}[2]", text="next", origin=f"{big}[2]"),
        Report(id=f"{huge}[0]", text="ok", origin=f"{huge}[0]"),
        ReadError(huge, "an element larger than 2 KB (--max-report-size) at line 1 column 18; rest not read"),
        Report(id=f"{deep}[0]", text="ok", origin=f"{deep}[0]"),
        ReadError(deep, "invalid JSON: nested too deeply at line 2 column 2"),
        Report(id=f"{missing_comma}[0]", text="one", origin=f"{missing_comma}[0]"),
        ReadError(missing_comma, "invalid JSON: expecting ',' delimiter at line 2 column 2"),
    ]


def test_csv_field_bigger_than_the_csv_module_default(tmp_path):
    article = "word " * 60_000  # 300 KB: an ordinary long article
    path = write(tmp_path / "long.csv", f'id,text\nlong,"{article}"\nnext,Short one.\n')
    assert [(r.id, len(r.text)) for r in read(path)] == [("long", len(article.strip())), ("next", 10)]


def test_csv_unterminated_quote_names_the_row_and_keeps_the_rows_after(tmp_path):
    path = write(tmp_path / "rows.csv", 'id,text\na,First.\nb,"Never closed\nc,Third.\nd,Fourth.\n')
    assert read(path) == [
        Report(id="a", text="First.", origin=f"{path}:2"),
        ReadError(f"{path}:3", "unterminated quote"),
        Report(id="c", text="Third.", origin=f"{path}:4"),
        Report(id="d", text="Fourth.", origin=f"{path}:5"),
    ]


def test_csv_field_over_the_bound_names_the_row(tmp_path):
    path = write(tmp_path / "rows.csv", 'id,text\na,"' + "x" * 3000 + '"\nb,After.\n')
    assert read(path, max_size=2 * KB) == [
        ReadError(f"{path}:2", "a field larger than 2 KB (--max-report-size)"),
        Report(id="b", text="After.", origin=f"{path}:3"),
    ]


# --- encodings found by charset-normalizer ---------------------------------------

ARABIC = "قالت الشرطة إن سيارة مفخخة انفجرت في سوق شعبي وسط المدينة"


@pytest.mark.parametrize(("data", "name"), [
    (ARABIC.encode("utf-32"), "utf-32"),
    (ARABIC.encode("utf-32-le"), "utf-32-le"),
    (ARABIC.encode("iso8859-6"), "iso8859-6"),
    (ARABIC.encode("cp1256"), "cp1256"),
    ("Le café “crème” – an attack near the station".encode("cp1252"), "cp1252"),
])
def test_legacy_encodings_are_detected_and_logged(tmp_path, caplog, data, name):
    path = tmp_path / "legacy.txt"
    path.write_bytes(data)
    caplog.set_level(logging.INFO, logger="incidents.readers")
    [report] = read(path)
    assert report.text == data.decode(name).lstrip("\ufeff")
    assert caplog.messages == [f"{path}: read as {name}"]


def test_csv_in_iso_8859_6(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(f"id,text\nq,{ARABIC}\n".encode("iso8859-6"))
    assert read(path) == [Report(id="q", text=ARABIC, origin=f"{path}:2")]


# --- standard input ----------------------------------------------------------------


def test_stdin_text_that_starts_like_json_is_text():
    for text in ("[Reuters] A bomb went off.", "{Updated} A bomb went off.\n{second line}"):
        assert read("-", stdin=io.StringIO(text)) == [Report(id="<stdin>", text=text, origin="<stdin>")]


@pytest.mark.parametrize(("fmt", "data", "expected"), [
    ("txt", '{"text": "as is"}', [Report(id="<stdin>", text='{"text": "as is"}', origin="<stdin>")]),
    ("csv", "text,id\nrow one,r1\n", [Report(id="r1", text="row one", origin="<stdin>:2")]),
    ("html", "<p>Page <b>text</b></p>", [Report(id="<stdin>", text="Page text", origin="<stdin>")]),
    ("json", '[{"text": "a"}]', [Report(id="<stdin>[0]", text="a", origin="<stdin>[0]")]),
    ("jsonl", '{"text": "a"}\nnot json\n', [
        Report(id="<stdin>:1", text="a", origin="<stdin>:1"),
        ReadError("<stdin>:2", "invalid JSON: expecting value at column 1"),
    ]),
])
def test_stdin_format(fmt, data, expected):
    assert read("-", stdin=io.BytesIO(data.encode("utf-8")), stdin_format=fmt) == expected


def test_stdin_over_the_bound():
    assert read("-", stdin=io.BytesIO(b"x" * 2049), max_size=2 * KB) == [
        ReadError("<stdin>", "report larger than 2 KB (--max-report-size)")
    ]
    feed = b"".join(b'{"text": "line %d"}\n' % i for i in range(200))
    reports = read("-", stdin=io.BytesIO(feed), max_size=2 * KB)
    assert [r.origin for r in reports][-1] == "<stdin>:200"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_stdin_from_dev_zero_ends():
    with open("/dev/zero", "rb") as zero:
        assert read("-", stdin=zero, max_size=64 * KB) == [
            ReadError("<stdin>", "report larger than 64 KB (--max-report-size)")
        ]


def test_a_reader_bug_costs_that_input_only(tmp_path, monkeypatch):
    import incidents.readers as readers

    def broken(*args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(readers, "_html_page", broken)
    page = write(tmp_path / "a.html", "<p>x</p>")
    text = write(tmp_path / "b.txt", "fine")
    assert read(page, text) == [
        ReadError(page, "cannot read: RuntimeError: boom second line"),
        Report(id=text, text="fine", origin=text),
    ]


def test_single_json_object_over_the_bound(tmp_path):
    path = write(tmp_path / "one.json", '{"text": "' + "x" * 3000 + '"}')
    assert read(path, max_size=2 * KB) == [ReadError(path, "report larger than 2 KB (--max-report-size)")]


def test_jsonl_in_utf32_with_bom(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"text": "واحد"}\n{"text": "two"}\n'.encode("utf-32"))
    assert [(r.origin, r.text) for r in read(path)] == [(f"{path}:1", "واحد"), (f"{path}:2", "two")]


def test_csv_undecodable_bytes_after_the_first_chunk_cost_their_row_only(tmp_path):
    path = tmp_path / "rows.csv"
    rows = b"".join(b"r%d,Row %d.\n" % (i, i) for i in range(7000))
    path.write_bytes(b"id,text\n" + rows + b"bad,\xff\xfe\nlast,After.\n")
    items = read(path)
    assert len(items) == 7002
    assert items[6999] == Report(id="r6999", text="Row 6999.", origin=f"{path}:7001")
    assert items[-2:] == [ReadError(f"{path}:7002", "cannot decode as utf-8"),
                          Report(id="last", text="After.", origin=f"{path}:7003")]


def test_a_file_name_that_is_no_utf8_is_escaped_in_the_report_name(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"\xffbad.txt"), "w", encoding="utf-8") as fh:
        fh.write("A car bomb killed 3 people in Kirkuk.")
    [report] = list(read_reports([str(tmp_path)]))
    assert report.id == report.origin == f"{tmp_path}/\\xffbad.txt"
    report.id.encode("utf-8")  # the store and the exports can hold it

