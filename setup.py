"""Only here to ship resources/ in the wheel (as countyadmin/_resources); the rest is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        # An editable install reads resources/ from the source tree (countyadmin.resources finds it).
        if not self.editable_mode:
            shutil.copytree(
                Path(__file__).parent / "resources",
                Path(self.build_lib) / "countyadmin" / "_resources",
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("*.py", "__pycache__"),
            )


setup(cmdclass={"build_py": BuildWithResources})
