"""Shared fixtures: the real-article corpus beside the repository (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# The test command is reproducible: property-based tests draw the same examples on every
# run, so CI passes or fails on the code, not on luck. Exploration with new examples is
# ``--hypothesis-profile=explore`` (what ``scripts/fuzz.py`` runs, round after round).
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile("default")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_articles() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*.md") if p.name != "README.md")


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


requires_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
