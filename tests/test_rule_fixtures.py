"""Data-driven rule tests: every rule has a bad and a good fixture.

``tests/fixtures/rules/<CODE>/`` holds ``bad.md`` (must produce the code) and ``good.md``
(must not), plus anything they need (``media/`` images, a ``.vuepress/public`` folder).
An optional ``bad.expected`` lists the exact ``LINE:COL`` of every expected finding of that
code, one per line. Each fixture folder is copied to a temporary site root first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eulerdoc.config import Config
from eulerdoc.rules import check_path
from eulerdoc.rules.registry import load_rules
from eulerdoc.site import Site
from tests.conftest import FIXTURES

RULE_FIXTURES = FIXTURES / "rules"
# Rules whose bad case cannot be a small committed file; each has a dedicated test.
NO_FIXTURE = {
    "IN001": "a missing path: tests/test_input.py",
    "IN004": "a file over 8 MiB: tests/test_input.py",
    "IMG009": "needs a git work tree: tests/test_images.py",
}


def _codes() -> list[str]:
    return sorted(load_rules())


def _lint(folder: Path, name: str, tmp_path: Path, code: str) -> list[tuple[int, int]]:
    site_dir = tmp_path / "site"
    shutil.copytree(folder, site_dir)
    site = Site(root=site_dir.resolve())
    _, found = check_path(site_dir / name, Config(), site)
    return [(d.line, d.column) for d in found if d.code == code]


@pytest.mark.parametrize("code", _codes())
def test_rule_has_fixtures(code: str) -> None:
    if code in NO_FIXTURE:
        pytest.skip(NO_FIXTURE[code])
    folder = RULE_FIXTURES / code
    assert (folder / "bad.md").is_file(), f"missing {folder}/bad.md"
    assert (folder / "good.md").is_file(), f"missing {folder}/good.md"


@pytest.mark.parametrize("code", _codes())
def test_bad_fixture_is_reported(code: str, tmp_path: Path) -> None:
    folder = RULE_FIXTURES / code
    if not (folder / "bad.md").is_file():
        pytest.skip("no fixture")
    found = _lint(folder, "bad.md", tmp_path, code)
    assert found, f"{code} not reported on its bad fixture"
    expected_file = folder / "bad.expected"
    if expected_file.is_file():
        expected = [
            tuple(int(x) for x in line.split(":"))
            for line in expected_file.read_text(encoding="utf-8").split()
            if line.strip()
        ]
        assert sorted(found) == sorted(expected)


@pytest.mark.parametrize("code", _codes())
def test_good_fixture_is_clean(code: str, tmp_path: Path) -> None:
    folder = RULE_FIXTURES / code
    if not (folder / "good.md").is_file():
        pytest.skip("no fixture")
    assert _lint(folder, "good.md", tmp_path, code) == []
