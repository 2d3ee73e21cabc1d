"""Static checks that run with the suite: bandit (security lint) and ruff."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_bandit_has_no_unreviewed_findings():
    # Reviewed exceptions carry an inline nosec marker with the reason on the line above.
    result = run(
        "bandit", "-q", "-c", "pyproject.toml", "-r", "clinic", "exam", "reports", "scripts"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr
