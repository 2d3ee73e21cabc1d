"""The lock files (made by `make lock`) pin every dependency of pyproject.toml, with hashes.

If this fails after a dependency was added or changed in pyproject.toml: run `make lock`.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", re.MULTILINE)


def locked(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return {canonicalize_name(m.group(1)): m.group(2) for m in PIN.finditer(text)}


def declared(*groups: str) -> list[Requirement]:
    requirements = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for group in groups:
        requirements += [
            Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][group]
        ]
    return requirements


@pytest.mark.parametrize(
    ("lock", "groups"), [("requirements.lock", ()), ("requirements-test.lock", ("test",))]
)
def test_every_declared_dependency_is_locked_within_its_range(lock, groups):
    pins = locked(lock)
    for requirement in declared(*groups):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement}: run `make lock`"
        )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-test.lock"])
def test_every_pin_has_a_hash_and_no_machine_specific_index(lock):
    text = (ROOT / lock).read_text()
    entries = [e for e in re.split(r"\n(?=[A-Za-z0-9])", text) if e[:1].isalnum()]
    assert len(entries) > 10
    for entry in entries:
        assert "==" in entry and "--hash=sha256:" in entry, entry[:200]
    assert "--find-links" not in text and "--extra-index-url" not in text
    assert "-e " not in text  # the project itself is installed editable on top, not locked


def test_gunicorn_is_on_its_supported_release_line():
    assert locked("requirements.lock")["gunicorn"].startswith("27.")
