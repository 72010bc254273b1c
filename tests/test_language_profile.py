"""The language profile (language.toml) of every pack, and what is derived from it:
discovery, language detection, the readers' language names and the CLI's --lang."""
from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidents import lang
from incidents.cli.app import app
from incidents.lang import (LANG_PATH_VARIABLE, PROFILE_KEYS, REQUIRED_KEYS, available, check_profile,
                            detect_language, get_pack, language_names, profile)
from incidents.readers import _lang_code

DOCS = Path(__file__).resolve().parent.parent / "docs" / "language-packs.md"


@pytest.fixture
def lang_path(monkeypatch):
    """Set INCIDENTS_LANG_PATH for one test; discovery is looked at again before and after."""
    def use(*folders):
        monkeypatch.setenv(LANG_PATH_VARIABLE, os.pathsep.join(str(f) for f in folders))
        available.cache_clear()

    yield use
    monkeypatch.delenv(LANG_PATH_VARIABLE, raising=False)
    available.cache_clear()


def _pack(root: Path, code: str, text: str) -> Path:
    (root / code).mkdir(parents=True)
    (root / code / "language.toml").write_text(text, encoding="utf-8")
    return root


_MINIMAL = 'name = "Invented"\nnames = ["inventish"]\nscript = "Latin"\ndirection = "ltr"\ncased = true\n'


# --- the schema ---------------------------------------------------------------


@pytest.mark.parametrize("code", available())
def test_every_profile_holds_only_known_keys_and_the_required_ones(code):
    assert check_profile(profile(code)) == []
    assert set(profile(code)) <= set(PROFILE_KEYS)
    assert all(key in profile(code) for key in REQUIRED_KEYS)


@pytest.mark.parametrize("bad, problem", [
    ({"script_name": "Latin"}, "unknown key 'script_name'"),
    ({"cased": "yes"}, "cased must be true or false"),
    ({"direction": "up"}, "direction must be one of ltr, rtl, not 'up'"),
    ({"names": "spanish"}, "names must be a list of strings"),
    ({"script_ranges": [["\u06ff", "\u0600"]]}, "script_ranges must be a list of [first, last] characters"),
    ({"place_names": "arabic", "cased": True, "list_and": "("}, "list_and is no regular expression"),
    ({"cased": False}, "place_names 'capitalised' needs a cased script"),
])
def test_a_bad_profile_is_told(bad, problem):
    good = {"name": "Invented", "script": "Latin", "direction": "ltr", "cased": True}
    problems = check_profile({**good, **bad})
    assert any(p.startswith(problem) for p in problems), problems
    assert check_profile({k: v for k, v in good.items() if k != "script"}) == ["missing key 'script'"]


def test_one_pack_is_the_default_and_no_name_names_two_languages():
    assert [c for c in available() if profile(c).get("default")] == ["en"]
    names = [n for c in available() for n in {n.lower() for n in (c, profile(c)["name"], *profile(c).get("names", []))}]
    assert len(names) == len(set(names))


def test_the_docs_list_every_profile_key():
    documented = set(re.findall(r"^\| `(\w+)` \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert set(PROFILE_KEYS) <= documented, set(PROFILE_KEYS) - documented


# --- discovery ----------------------------------------------------------------


def test_the_installed_packs_are_found_default_first():
    assert available() == ("en", "ar")
    with pytest.raises(ValueError, match=r"^unsupported language 'fr' \(have: en, ar\)$"):
        get_pack("fr")


def test_a_folder_on_the_lang_path_is_a_pack(tmp_path, lang_path, caplog):
    lang_path(_pack(tmp_path / "one", "xx", _MINIMAL), tmp_path / "missing")
    assert available() == ("en", "ar", "xx")
    pack = get_pack("xx")
    assert pack.data("language")["name"] == "Invented" and pack.data("triggers") == {}
    assert get_pack("xx") is pack and get_pack("en") is get_pack("en")
    assert language_names()["inventish"] == "xx" and _lang_code("Inventish") == "xx"
    assert "is not a directory" in caplog.text
    lang_path()
    assert available() == ("en", "ar")
    with pytest.raises(ValueError, match=r"\(have: en, ar\)"):
        get_pack("xx")
    assert _lang_code("inventish") is None


def test_an_installed_pack_is_not_replaced_and_a_bad_profile_is_told(tmp_path, lang_path, caplog):
    english = get_pack("en")
    _pack(tmp_path, "en", _MINIMAL)
    _pack(tmp_path, "xz", "name = ")
    lang_path(_pack(tmp_path, "xy", _MINIMAL + "colour = 'red'\n"))
    assert available() == ("en", "ar", "xy")
    assert get_pack("en") is english and profile("en")["name"] == "English"
    assert "language pack 'en'" in caplog.text and "unknown key 'colour'" in caplog.text
    assert "language pack xz ignored" in caplog.text


# --- what is derived from the profiles ----------------------------------------


def test_the_readers_names_are_the_profiles():
    assert language_names() == {"en": "en", "english": "en", "eng": "en",
                                "ar": "ar", "arabic": "ar", "ara": "ar", "عربي": "ar", "العربية": "ar"}
    assert [_lang_code(v) for v in ("English", "ar-IQ", "ARA", "العربية", "fr", "")] == ["en", "ar", "ar", "ar",
                                                                                         None, None]


@pytest.mark.parametrize("text, code", [
    ("A car bomb killed five people in Baghdad.", "en"),
    ("انفجرت سيارة مفخخة في بغداد", "ar"),
    ("", "en"),
    ("12345 !!!", "en"),
    # Arabic letters are 30% of the letters or more
    ("abcdefg" + "ابت", "ar"),
    ("abcdefgh" + "ابت", "en"),
    ("x" * 3990 + "ابتثجحخدذر" * 10, "en"),  # only the first 4000 characters count
])
def test_detection_by_script(text, code):
    assert detect_language(text) == code


def test_a_pack_with_script_ranges_is_detected(tmp_path, lang_path):
    greek = _MINIMAL.replace('"Latin"', '"Greek"') + 'script_ranges = [["\\u0370", "\\u03ff"]]\n'
    lang_path(_pack(tmp_path, "el", greek))
    assert detect_language("Έκρηξη στην Αθήνα") == "el"
    assert detect_language("Athens: Έκρηξη") == "el"
    assert detect_language("An explosion in Athens, Αθήνα") == "en"
    assert detect_language("انفجار في بغداد") == "ar"


def test_the_lang_option_offers_the_packs_found(tmp_path, lang_path):
    runner = CliRunner()
    result = runner.invoke(app, ["extract", "-", "--lang", "fr"], input="")
    assert result.exit_code == 2
    assert "unsupported language 'fr' (use en or ar)" in " ".join(result.output.replace("│", " ").split())
    lang_path(_pack(tmp_path, "xx", _MINIMAL))
    result = runner.invoke(app, ["explain", "-", "--lang", "fr"], input="")
    assert "unsupported language 'fr' (use en, ar or xx)" in " ".join(result.output.replace("│", " ").split())
    # triggers.py asks for the [types] and [cues] tables of triggers.toml
    (tmp_path / "xx" / "triggers.toml").write_text("[types]\n[cues]\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "-", "--lang", "xx", "-f", "json", "-q"], input="Nothing here.")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


@pytest.mark.parametrize("module", ["incidents/lang/__init__.py", "incidents/readers.py", "cli/app.py",
                                    "cli/explain.py"])
def test_no_language_code_is_written_in_the_code_that_derives_from_the_packs(module):
    """Outside docstrings, no string of these modules is a pack's code: what they know of
    languages comes from the profiles."""
    tree = ast.parse((Path(lang.__file__).parents[2] / module).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    strings = [node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
    assert not set(strings) & set(available())
