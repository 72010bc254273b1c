"""A language is a folder (issue 16): tests/lang/es is a small Spanish pack, and with
INCIDENTS_LANG_PATH pointing at tests/lang/ the real command extracts Spanish reports
with it, chosen by --lang, by a Language: header or by a lang field. No line of code
outside that folder knows Spanish.

The reports are written for this test; 2019-03-07, their publication day, is a Thursday."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidents.cli.app import app
from incidents.lang import LANG_PATH_VARIABLE, available, check_profile, get_pack, language_names, profile
from incidents.normalize import fold

PACKS = Path(__file__).resolve().parent / "lang"
ENV = {"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}

KIRKUK = "Un coche bomba estalló el martes en un mercado de Kirkuk y mató a seis personas.\n"
FALLUJAH = ("Title: Ataque en Faluya\nPublished: 2019-03-07\nLanguage: Spanish\n\n"
            "Hombres armados abrieron fuego contra un puesto de control cerca de Faluya el 2 de marzo de 2019. "
            "Al menos tres soldados murieron y cuatro resultaron heridos.\n")

#: What each report gives, field by field.
KIRKUK_EVENT = {"date": "2019-03-05", "date_precision": "day", "date_basis": "relative", "date_text": "martes",
                "location": "Kirkuk", "admin1": "Kirkuk", "country": "IQ", "location_text": "Kirkuk",
                "killed": 6, "killed_min": 6, "killed_max": 6, "wounded": None, "event_type": "bombing",
                "lang": "es"}
FALLUJAH_EVENT = {"date": "2019-03-02", "date_precision": "day", "date_basis": "explicit",
                  "date_text": "2 de marzo de 2019", "location": "Fallujah", "admin1": "Anbar", "country": "IQ",
                  "location_text": "Faluya", "killed": 3, "killed_min": 3, "killed_max": None, "wounded": 4,
                  "event_type": "armed assault", "lang": "es"}


@pytest.fixture
def spanish(monkeypatch):
    """tests/lang/ on INCIDENTS_LANG_PATH for one test; packs are looked for again before
    and after, so that no other test sees Spanish."""
    monkeypatch.setenv(LANG_PATH_VARIABLE, str(PACKS))
    available.cache_clear()
    yield
    monkeypatch.delenv(LANG_PATH_VARIABLE)
    available.cache_clear()


def _events(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _picked(event: dict, expected: dict) -> dict:
    return {k: event[k] for k in expected}


def test_the_pack_is_found_only_on_the_lang_path(spanish):
    assert available() == ("en", "ar", "es")
    assert check_profile(profile("es")) == []
    assert language_names()["español"] == "es"
    pack = get_pack("es")
    for path in pack.folder.iterdir():
        if path.name.endswith(".toml"):
            pack.data(path.name[:-5])  # every file parses
    assert fold("miércoles") in pack.data("dates")["weekdays"]


def test_without_the_lang_path_there_is_no_spanish(tmp_path, runner):
    assert "es" not in available()
    report = tmp_path / "kirkuk.txt"
    report.write_text(KIRKUK, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(report), "--lang", "es", "-f", "json", "-q"])
    assert result.exit_code == 2
    assert "unsupported language 'es' (use en or ar)" in " ".join(result.output.replace("│", " ").split())


def test_a_spanish_report_extracts_with_lang(tmp_path, spanish):
    report = tmp_path / "kirkuk.txt"
    report.write_text(KIRKUK, encoding="utf-8")
    result = CliRunner(env=ENV).invoke(app, ["extract", str(report), "--lang", "es", "-f", "json",
                                             "--published", "2019-03-07", "-q"])
    [event] = _events(result)
    assert _picked(event, KIRKUK_EVENT) == KIRKUK_EVENT
    assert event["evidence"] == KIRKUK.strip()


def test_a_language_header_names_the_pack(tmp_path, spanish):
    report = tmp_path / "faluya.txt"
    report.write_text(FALLUJAH, encoding="utf-8")
    [event] = _events(CliRunner(env=ENV).invoke(app, ["extract", str(report), "-f", "json", "-q"]))
    assert _picked(event, FALLUJAH_EVENT) == FALLUJAH_EVENT


def test_a_lang_field_names_the_pack(spanish, write_jsonl):
    feed = write_jsonl([{"id": "k", "lang": "es-IQ", "published": "2019-03-07", "text": KIRKUK},
                        {"id": "f", "lang": "Spanish", "published": "2019-03-07",
                         "text": FALLUJAH.split("\n\n", 1)[1]}])
    events = _events(CliRunner(env=ENV).invoke(app, ["extract", str(feed), "-f", "json", "-q"]))
    assert [_picked(e, KIRKUK_EVENT) for e in events] == [FALLUJAH_EVENT, KIRKUK_EVENT]


def test_the_installed_command_reads_the_lang_path(tmp_path):
    """In a process of its own, as a researcher would run it."""
    report = tmp_path / "faluya.txt"
    report.write_text(FALLUJAH, encoding="utf-8")
    env = {**os.environ, **ENV, LANG_PATH_VARIABLE: str(PACKS)}
    done = subprocess.run([sys.executable, "-c", "from incidents.cli.app import main; main()",
                           "extract", str(report), "-f", "json", "-q"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    [event] = json.loads(done.stdout)
    assert _picked(event, FALLUJAH_EVENT) == FALLUJAH_EVENT


def test_the_explain_view_reads_it_too(tmp_path, spanish):
    report = tmp_path / "faluya.txt"
    report.write_text(FALLUJAH, encoding="utf-8")
    result = CliRunner(env=ENV).invoke(app, ["explain", str(report)])
    assert result.exit_code == 0, result.output
    assert "· es ·" in result.output and "'2 de marzo de 2019' → 2019-03-02" in result.output
