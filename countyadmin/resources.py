"""Where the shipped files of resources/ (icons, demo data) are, however CountyAdmin was installed.

- a PyInstaller bundle: ``<bundle>/resources`` (build_installer.spec puts them there);
- a wheel (``pip install .``): ``countyadmin/_resources``, copied in by setup.py's build step;
- a source tree or an editable install: ``resources/`` at the top of the repository.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent
DEMO_DATASET_ENV = "COUNTYADMIN_DEMO_DATASET"


@cache
def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources"] if bundle else []
    candidates += [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    for candidate in candidates:
        if (candidate / "demo").is_dir():
            return candidate
    raise FileNotFoundError(
        "CountyAdmin's resources folder is missing from this installation; reinstall CountyAdmin. "
        f"Looked in: {', '.join(str(c) for c in candidates)}"
    )


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


def demo_dataset_path() -> Path:
    """The one demo dataset both the demo database and the sandbox's demo seed are made from."""
    override = os.environ.get(DEMO_DATASET_ENV)
    return Path(override) if override else resource_path("demo", "demo_dataset.json")


def load_demo_dataset(path: Path | None = None) -> dict[str, Any]:
    import json  # only the demo reads its dataset: json is not worth its import at every start

    with open(path or demo_dataset_path(), encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data
