"""The version a build is made as, and the tag check of a release.

    python .ci/release_version.py                 # prints version=, numeric=, upgrade_test= lines
    python .ci/release_version.py --tag v0.2.0    # the same, after checking the tag names that version

The version is read from countyadmin/__init__.py (the one place it is written; pyproject.toml reads it
there too) without importing the package. With GITHUB_OUTPUT set (GitHub Actions) the lines are also
appended to that file, for later steps. Exit status 1 with a sentence when the tag and version differ.

- numeric: the version's leading numbers, for Windows file versions (0.2.0rc1 -> 0.2.0);
- prerelease: true for an a/b/rc or .dev version (its GitHub Release is marked a pre-release);
- upgrade_test: a version above it (0.2.0 -> 0.2.1) that the Windows workflow builds a second setup as,
  to install over the first and prove an upgrade in place.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def package_version(root: Path = ROOT) -> str:
    source = root / "countyadmin" / "__init__.py"
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "__version__" for t in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise SystemExit(f"{source} sets no __version__")


def numeric_version(version: str) -> str:
    match = re.match(r"\d+(\.\d+){0,3}", version)
    if match is None:
        raise SystemExit(f"the version {version!r} does not start with a number")
    return match.group(0)


def upgrade_test_version(version: str) -> str:
    parts = [int(part) for part in numeric_version(version).split(".")]
    parts = (parts + [0, 0])[:3]
    parts[-1] += 1
    return ".".join(map(str, parts))


# PEP 440's normal form, one suffix at most: what pip, the wheel and the setup's downgrade check
# (CompareVersions in installer/countyadmin.iss) all read alike. "01.2.3", "1.2.3-rc1", "1.2.3.post0.dev1" or
# "1.2.3+county" would be normalised by pip and the wheel, not by the setup or the tag check.
_N = r"(?:0|[1-9][0-9]*)"
RELEASABLE = re.compile(rf"{_N}(?:\.{_N})*(?:(?:a|b|rc){_N}|\.post{_N}|\.dev{_N})?")


def version_problem(version: str) -> str | None:
    """None when ``version`` is releasable as written (RELEASABLE), else the sentence that says why not."""
    if RELEASABLE.fullmatch(version):
        return None
    return (
        f"The package version {version!r} is not in PEP 440's normal form with at most one suffix "
        "(like 1.2.3, 1.2.3rc1, 1.2.3.post1 or 1.2.3.dev1): pip and the setup would read it differently. "
        "Write it that way in countyadmin/__init__.py."
    )


def is_prerelease(version: str) -> bool:
    return re.search(r"(a|b|rc|\.dev)[0-9]+$", version) is not None


def tag_problem(tag: str, version: str) -> str | None:
    """None when ``tag`` is ``v`` + ``version``, else the sentence that says what to do."""
    if tag == f"v{version}":
        return None
    return (
        f"The tag {tag} does not match the package version {version}: tag the commit v{version}, "
        f"or set __version__ in countyadmin/__init__.py to {tag.removeprefix('v')} and tag that commit."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tag", help="the release tag (GITHUB_REF_NAME), which must be v<version>")
    args = parser.parse_args(argv)
    version = package_version()
    problem = version_problem(version)
    if problem is None and args.tag is not None:
        problem = tag_problem(args.tag, version)
    if problem:
        if os.environ.get("GITHUB_ACTIONS"):
            problem = f"::error title=Not releasable as tagged::{problem}"
        print(problem, file=sys.stderr)
        return 1
    lines = [
        f"version={version}",
        f"numeric={numeric_version(version)}",
        f"prerelease={'true' if is_prerelease(version) else 'false'}",
        f"upgrade_test={upgrade_test_version(version)}",
    ]
    print("\n".join(lines))
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
