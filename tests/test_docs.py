"""Documentation that must not drift from the code."""
import re
from pathlib import Path

from typer.testing import CliRunner

from incidents.cli.app import app
from incidents.model import EVENT_FIELDS, SCHEMA_VERSION

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_schema_lists_every_exported_field_in_order():
    text = (DOCS / "schema.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \d+ \| `(\w+)` \|", text, flags=re.M)
    assert tuple(rows) == EVENT_FIELDS


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
