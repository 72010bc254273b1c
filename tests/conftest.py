"""Markers and fixtures shared by the test files."""
import json

import pytest

#: A terminal of fixed width with no colours: command output that tests can compare.
CLI_ENV = {"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}


@pytest.fixture
def runner():
    """Typer's runner for the command, in a fixed terminal (CLI_ENV)."""
    from typer.testing import CliRunner

    return CliRunner(env=CLI_ENV)


@pytest.fixture
def write_jsonl(tmp_path):
    """Write rows as a JSON Lines file in the test's folder; returns its path."""
    def write(rows, name="feed.jsonl"):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        return path

    return write


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "atomicity: shows that exports are atomic; tests/mutation_atomic.py checks each fails "
                   "when writes are not")
