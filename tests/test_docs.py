"""Documentation that must not drift from the code."""
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from incidents.cli.app import app
from incidents.model import EXPORT_FIELDS, SCHEMA_VERSION

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_schema_lists_every_exported_field_in_order():
    text = (DOCS / "schema.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| `(\w+)` \|", text, flags=re.M)
    assert [name for _, name in rows] == list(EXPORT_FIELDS)
    assert [int(number) for number, _ in rows] == list(range(1, len(EXPORT_FIELDS) + 1))


def test_schema_example_has_every_exported_field_in_order():
    text = (DOCS / "schema.md").read_text(encoding="utf-8")
    example = text[text.index("## Example"):]
    example = example[example.index("```json\n") + 8:]
    assert list(json.loads(example[:example.index("```")])) == list(EXPORT_FIELDS)


def test_schema_lists_the_columns_of_each_dataset():
    from incidents.layouts import LAYOUTS, convert

    text = (DOCS / "schema.md").read_text(encoding="utf-8")
    headings = {"acled": "### ACLED", "gtd": "### GTD", "ucdp": "### UCDP GED"}
    for layout in LAYOUTS[1:]:
        section = text[text.index(headings[layout] + "\n"):]
        section = section[:section.index("\n\n", section.index("|---"))]
        named = [name for cell in re.findall(r"^\| ([^|]+) \|", section, flags=re.M)[1:]
                 for name in re.findall(r"`(\w+)`", cell)]
        assert named == list(convert(layout, [])[0]), layout


def test_schema_names_its_version():
    assert f"Schema version **{SCHEMA_VERSION}**" in (DOCS / "schema.md").read_text(encoding="utf-8")


def test_every_command_has_help():
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    commands = re.findall(r"^│ (\w[\w-]*)\s{2,}\S", top.output, flags=re.M)
    assert commands
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert len(result.output.strip().splitlines()) > 3, name
