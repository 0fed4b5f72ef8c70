"""The repository itself: no path of one machine in a tracked file, no tracked node_modules, a changelog
section for the version being built."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Absolute paths that only exist on somebody's machine. The image's own paths (/srv/wpq, /opt/wpq) are
#: inside the image and named by the Dockerfile, so they are not machine paths.
MACHINE_PATH = re.compile(r"(?<![\w.])/(work|home|Users|root|mnt)/[\w.-]+")


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return listing.stdout.splitlines()


def test_no_tracked_file_names_a_path_on_one_machine():
    offenders = []
    for name in tracked_files():
        path = ROOT / name
        if not path.is_file() or path.suffix in {".xlsx", ".png", ".woff", ".woff2", ".ico"}:
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        offenders += [f"{name}: {match.group(0)}" for match in MACHINE_PATH.finditer(text)]
    assert offenders == []


def test_node_modules_is_not_tracked():
    assert not [name for name in tracked_files() if name.split("/")[0] == "node_modules"]


def test_the_changelog_has_a_section_for_this_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    headings = re.findall(r"^## (.+)$", (ROOT / "CHANGELOG.md").read_text(), flags=re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert any(heading.startswith(f"{version} - ") for heading in headings)
    releases = [heading.split(" - ")[0] for heading in headings[1:]]
    assert releases == sorted(releases, key=lambda v: tuple(int(part) for part in v.split(".")), reverse=True)
