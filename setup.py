"""Ship the project's declarative folders inside the wheel.

``schema/``, ``queries/``, ``loaders/`` and the sample dataset live at the top of the
repository, where analysts find them; an installed (non-editable) package carries a
copy under ``kg/_data/``. ``kg.resources`` looks there first.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = {
    "schema": "schema",
    "queries": "queries",
    "loaders": "loaders",
    "data/sample": "sample",
    "docs/policy": "policy",
}


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        root = Path(__file__).parent
        target = Path(self.build_lib) / "kg" / "_data"
        for src, dst in SHIPPED.items():
            if (root / src).is_dir():
                shutil.copytree(root / src, target / dst, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithData})
