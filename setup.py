"""Ship the default email theme (the top-level ``templates/`` folder) inside the package.

Everything else about the build is in pyproject.toml. A checkout (and an editable install)
reads ``templates/`` where it is; a regular install gets a copy at ``digest/templates/``,
which ``digest.render.theme`` falls back to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

THEME = Path(__file__).resolve().parent / "templates"


class BuildWithTheme(build_py):
    def run(self) -> None:
        super().run()
        if THEME.is_dir() and not getattr(self, "editable_mode", False):
            target = Path(self.build_lib) / "digest" / "templates"
            shutil.copytree(THEME, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithTheme})
