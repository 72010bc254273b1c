"""Markers shared by the test files."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "atomicity: shows that exports are atomic; tests/mutation_atomic.py checks each fails "
                   "when writes are not")
