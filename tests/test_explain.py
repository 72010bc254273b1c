"""incidents explain: the words behind each value, the reasons, what was set aside, and
right-to-left text on a terminal."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from incidents.explain import explain
from incidents.model import Report
from incidents.readers import read_reports
from terminal import on_a_terminal

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "ar-mosul-ambush.txt"


def _seed():
    return next(iter(read_reports([str(SEED)])))


def test_seed_values_and_the_words_behind_them():
    found = explain(_seed())
    assert len(found.events) == 1
    values = {v.field: v for v in found.events[0].values}
    assert values["date"].value == "2019-02-27"
    assert values["date"].reason == ("'يوم الأربعاء الماضي' → 2019-02-27, counted from the publication day "
                                     "2019-03-02")
    assert values["place"].reason == ("'خارج الموصل' → Mosul, Nineveh, IQ: the only place of that name "
                                      "(precision 2: near or part of it)")
    assert (values["killed"].value, values["killed"].reason) == (6, "'6' in 'عن استشهاد 6 من المقاتلين'")
    assert (values["wounded"].value, values["wounded"].reason) == (31, "'31' in 'المقاتلين وجرح 31 آخرين'")
    assert values["perpetrator"].reason == "'تنظيم داعش' → Islamic State"
    assert values["type"].reason == "'مسلحين', 'نصبوا كميناً', 'هجوم' → ambush"
    # every span is the report's own words at its offsets; a word keeps its final tanween
    text = found.report.text
    for v in found.events[0].values:
        for s in v.spans:
            assert text[s.start:s.end] == s.text
    assert [s.text for s in values["type"].spans] == ["مسلحين", "نصبوا كميناً", "هجوم"]


def test_seed_distractors_are_set_aside_with_a_reason():
    rejected = [(r.kind, r.span.text, r.reason) for r in explain(_seed()).rejected]
    no_toll = "no casualty word reads it as killed or wounded"
    assert rejected == [
        ("number", "ثلاث", no_toll),
        ("date", "كانون الأول 2017",
         "not the attack's: another date of its sentences is more precise or nearer the attack word"),
        ("number", "واحدة", no_toll),
        ("number", "خمسة أو ستة", no_toll),
        ("number", "سبعة", no_toll),
        ("number", "نحو 2 مليون", no_toll),
        ("date", "11 أيلول", "in no sentence that tells an attack"),
    ]


REPORT = ("BAGHDAD, March 6 (Reuters) - A suicide bomber killed 12 people and wounded 30 at a market "
          "in Sadr City on Tuesday, police said on Wednesday. Since 2016 over 500 people have died in "
          "similar bombings, the ministry said. A car crash on the highway killed 3.")


def test_dateline_statement_background_and_accident_are_set_aside():
    found = explain(Report("r1", REPORT, published=date(2018, 3, 7)))
    assert [(r.kind, r.span.text, r.reason) for r in found.rejected] == [
        ("place", "BAGHDAD", "the dateline's place: where the report was filed"),
        ("date", "March 6", "the dateline: the day the report was filed"),
        ("date", "Wednesday", "dates a statement, not the attack"),
        ("date", "2016", "tells an earlier time, not the attack's"),
        ("number", "over 500", "a toll of earlier events: background"),
        ("attack word", "bombings", "in a clause about earlier events: background"),
        ("number", "3", "a toll in a clause set aside: an accident, not an attack"),
    ]
    values = {v.field: v.reason for v in found.events[0].values}
    assert values["date"] == "'Tuesday' → 2018-03-06, counted from the publication day 2018-03-07"
    assert values["killed"] == "'12' in 'bomber killed 12 people and'"


def test_the_dateline_day_and_place_stand_in_and_say_so():
    found = explain(Report("r2", "MOSUL, Iraq, June 3, 2019 (AP) - Gunmen killed two soldiers at a checkpoint."))
    values = {v.field: v.reason for v in found.events[0].values}
    assert values["date"] == ("no date told with the attack: the publication day 2019-06-03 (the dateline's day) "
                              "stands in")
    assert values["place"] == ("'MOSUL' → Mosul, Nineveh, IQ: the only place of that name; the dateline's place, "
                               "as the report tells no other (precision 1: the place itself)")
    assert [(r.kind, r.span.text) for r in found.rejected] == [("place", "Iraq"), ("date", "June 3, 2019")]


def test_unknown_figures_are_unknown_not_zero():
    found = explain(Report("r3", "A roadside bomb hit a patrol near Kirkuk on Monday.", published=date(2020, 5, 6)))
    values = {v.field: v for v in found.events[0].values}
    assert (values["killed"].value, values["killed"].reason) == (None, "no figure of the killed told (unknown, not zero)")


def test_json_is_the_same_as_data():
    done = subprocess.run([sys.executable, "-m", "incidents", "explain", str(SEED), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [d["report"] for d in data] == [str(SEED)]
    (event,) = data[0]["events"]
    killed = next(v for v in event["values"] if v["field"] == "killed")
    assert killed["spans"] == [{"field": "killed", "start": 177, "end": 178, "text": "6"}]
    assert data[0]["text"][177:178] == "6"
    assert event["event"]["killed"] == 6 and event["event"]["sources"] == [str(SEED)]
    assert {"kind": "number", "reason": "no casualty word reads it as killed or wounded", "field": "set aside",
            "start": data[0]["text"].index("سبعة"), "end": data[0]["text"].index("سبعة") + 4,
            "text": "سبعة"} in data[0]["rejected"]


def test_a_missing_file_is_named_and_the_others_are_explained(tmp_path):
    done = subprocess.run([sys.executable, "-m", "incidents", "explain", str(tmp_path / "gone.txt"), str(SEED),
                           "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert done.stderr == f"incidents: {tmp_path / 'gone.txt'}: no such file or directory\n"
    assert len(json.loads(done.stdout)) == 1


def test_display_order_of_a_right_to_left_line():
    from rich.text import Text

    from cli.bidi import display_order

    line = Text("قتل 6 اشخاص (بالموصل) في 2019")
    line.stylize("red", 4, 5)
    shown = display_order(line, rtl=True)
    assert shown.plain == "2019 يف (لصوملاب) صاخشا 6 لتق"
    (span,) = shown.spans
    assert (span.start, span.end, shown.plain[span.start:span.end]) == (24, 25, "6")
    # English around quoted Arabic keeps its order; the Arabic run is reversed
    assert display_order(Text("place: 'الموصل'\u200e → Mosul 12"), rtl=False).plain == "place: 'لصوملا'\u200e → Mosul 12"
    assert display_order(Text("no right-to-left text"), rtl=False).plain == "no right-to-left text"


def test_right_to_left_text_reads_correctly_on_a_terminal():
    pytest.importorskip("pty")
    shown = on_a_terminal("explain", str(SEED))
    # xterm draws left to right: the report's first words come in display order, flush right
    lines = shown.splitlines()
    assert lines[1].endswith("نوينمأ نولوؤسم دافأ")
    assert lines[2].startswith("   31 حرجو")  # the next line, also in display order
    assert "  place       'لصوملا جراخ'\u200e → Mosul, Nineveh, IQ" in shown
    assert "'اً" + "نيمك اوبصن'" in shown  # the tanween stays after its alif
    # a terminal that reorders by itself gets the text as written
    logical = on_a_terminal("explain", str(SEED), "--bidi", "logical")
    assert "أفاد مسؤولون أمنيون" in logical


def test_without_colour_the_marked_words_are_in_brackets():
    done = subprocess.run([sys.executable, "-m", "incidents", "explain", str(SEED)], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0
    assert "[يوم الأربعاء الماضي]" in done.stdout
    assert "استشهاد [6] من" in done.stdout and "وجرح [31] آخرين" in done.stdout
    assert "  killed      '6' in 'عن استشهاد 6 من المقاتلين'\u200e\n" in done.stdout
