"""Golden lint output on the real articles of ../shared/corpus.

The expected findings (``tests/golden/*.txt``: ``file:line:col: CODE`` only, no article
text) were reviewed by hand against the rendered pages: every finding is a real problem
and every line the site shows wrong is reported. Regenerate after a deliberate rule
change with ``EULERDOC_UPDATE_GOLDEN=1 python -m pytest tests/test_corpus_golden.py`` and
review the diff.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
FOLDERS = {"seeds": "seeds", "website-v2": "website-v2"}


def _lint(folder: Path) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-m", "eulerdoc", "lint", "--format", "json", "--lang", "en", "."],
        cwd=folder,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    found = json.loads(result.stdout)
    lines = sorted(
        f"{Path(d['path']).as_posix()}:{d['line']}:{d['column']}: {d['code']}" for d in found
    )
    return result.returncode, lines


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_corpus_findings_match_golden(name: str) -> None:
    folder = CORPUS / FOLDERS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not present")
    _code, lines = _lint(folder)
    golden = GOLDEN / f"{name}.txt"
    text = "".join(line + "\n" for line in lines)
    if os.environ.get("EULERDOC_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing {golden}; set EULERDOC_UPDATE_GOLDEN=1 to create it"
    assert text == golden.read_text(encoding="utf-8")
