"""Property tests (hypothesis): readers and extraction never raise on any text, and every
span they return lies inside the text it indexes.

Texts mix arbitrary Unicode (control characters, right-to-left marks, lone surrogates
inside JSON escapes) with fragments that drive the pipeline down its paths: attack
words, numbers and number-like characters, dates that do not exist, long tokens.
Budgets are small so that the whole file stays well under 30 s in CI.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from incidents import extract
from incidents.lang import get_pack
from incidents.model import Report, ReadError
from incidents.normalize import normalize
from incidents.readers import read_reports

FRAGMENTS = [
    "A car bomb killed", "wounding", "people", "in Kirkuk", "in Mosul", "on Saturday", "yesterday",
    "5", "12", "٣", "²", "①", "½", "99999999999999999999", "2019-02-30", "14 March 0000", "31/02/2019",
    "قتل", "وأصيب", "انفجار سيارة مفخخة في بغداد", "يوم الأربعاء", "\u200f", "\u202e", "\u200d", "\ufeff",
    "\x1b[31m", "\x00", "\r", "\n\n", "\t", ". ", "، ", "x" * 300, "9" * 200,
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=30).map(" ".join)
PUBLISHED = date(2019, 3, 2)
#: No example database (nothing written into the work tree) and no shrinking: a failure
#: is shown as found, which keeps a failing run as short as a passing one.
BASE = settings(database=None, deadline=None, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(BASE, max_examples=150)


def _check(items):
    for item in items:
        assert isinstance(item, (Report, ReadError))
        if isinstance(item, Report):
            assert item.text and item.text == item.text.strip()
            assert not any("\ud800" <= c <= "\udfff" for c in item.text + item.id + (item.title or ""))


@QUICK
@given(data=st.binary(max_size=400))
def test_any_bytes_as_any_file_type(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    for ext in (".txt", ".jsonl", ".json", ".csv", ".html"):
        (folder / f"f{ext}").write_bytes(data)
    _check(read_reports([str(folder)], max_size=300))
    _check(read_reports(["-"], stdin=io.BytesIO(data), max_size=300))


@QUICK
@given(text=texts, key=st.sampled_from(["text", "title", "id", "published"]))
def test_json_lines_with_any_strings(tmp_path_factory, text, key):
    path = tmp_path_factory.mktemp("jsonl") / "feed.jsonl"
    record = {"text": "Body.", key: text}
    # ensure_ascii writes lone surrogates as \\udxxx escapes, as other tools do.
    path.write_text(json.dumps(record) + "\n" + json.dumps([record]) + "\n", encoding="utf-8")
    _check(read_reports([str(path)]))


@QUICK
@given(cells=st.lists(texts, min_size=1, max_size=4))
def test_csv_with_any_cells(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("csv") / "rows.csv"
    with open(path, "w", encoding="utf-8", newline="", errors="surrogatepass") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        writer.writerows([[str(i), cell] for i, cell in enumerate(cells)])
    _check(read_reports([str(path)]))


@QUICK
@given(text=texts)
def test_stdin_text_of_any_shape(text):
    _check(read_reports(["-"], stdin=io.BytesIO(text.encode("utf-8", "surrogatepass"))))


@settings(BASE, max_examples=80)
@given(text=texts.filter(lambda t: t.strip()), lang=st.sampled_from(["en", "ar", None]))
@example(text="² killed in Mosul", lang="en")
@example(text="A bomb killed 3 people in Mosul on 2019-02-30.", lang="en")
def test_extract_never_raises_and_keeps_its_evidence_in_the_text(text, lang):
    text = text.encode("utf-8", "replace").decode("utf-8")  # as any reader hands it over
    report = Report(id="r", text=text, published=PUBLISHED, lang=lang)
    norm = normalize(text)
    for event in extract(report, include_background=True, include_foiled=True):
        assert " ".join(event.evidence.split()) in " ".join(norm.text.split()) + " ".join(text.split())


@settings(BASE, max_examples=80)
@given(text=texts, code=st.sampled_from(["en", "ar"]))
@example(text="① and ² killed", code="en")
def test_detector_spans_lie_inside_the_text(text, code):
    from incidents.counts import find_counts
    from incidents.dates import find_dates
    from incidents.places import find_places
    from incidents.triggers import find_triggers

    pack = get_pack(code)
    norm = normalize(text.encode("utf-8", "replace").decode("utf-8")).text
    mentions = [*find_triggers(norm, pack), *find_counts(norm, pack), *find_dates(norm, pack, PUBLISHED),
                *find_places(norm, pack)]
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(norm)
        if hasattr(m, "text"):
            assert norm[m.start:m.end] == m.text


def _normalize_by_character(text: str):
    """The normalisation written one character at a time, as it was first written: the
    oracle for the translation table and the glue pattern of :func:`normalize`."""
    import unicodedata

    from incidents.normalize import _DROP, _MAP

    original = unicodedata.normalize("NFC", text)
    out, offsets = [], []
    for i, ch in enumerate(original):
        if ch in _DROP:
            continue
        ch = _MAP.get(ch, ch)
        if out:
            a, b = out[-1], ch
            glued = any(x.isascii() and x.isdigit() and "\u0621" <= y <= "\u064a" for x, y in ((b, a), (a, b)))
            article = "".join(out[-2:]) == "ال" and (len(out) == 2 or out[-3] in " \n")
            if glued and not article:
                out.append(" ")
                offsets.append(i)
        out.append(ch)
        offsets.append(i)
    offsets.append(len(original))
    return "".join(out), tuple(offsets)


@settings(BASE, max_examples=400)
@given(st.lists(st.sampled_from(list("ال5 \n9بفيx") + ["\u064b", "\u0640", "أ", "٣", "\u200f", "ة", "e\u0301"]),
                max_size=16).map("".join) | texts)
def test_normalize_agrees_with_the_character_by_character_oracle(text):
    norm = normalize(text)
    assert (norm.text, norm.offsets) == _normalize_by_character(text)
