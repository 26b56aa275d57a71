"""Extraction quality on the shared annotated passages (skipped without ../shared)."""

import subprocess
import sys

import pytest

from .conftest import ROOT, SHARED


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not available")
def test_eval_seeds_meet_the_bar():
    result = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "eval" / "seeds.json"),
         "--min-recall", "0.9", "--min-merged", "1", "--min-edges", "1", "--max-false-nodes", "0"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
