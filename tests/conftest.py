"""Shared fixtures: every test runs in an empty folder with no user library in reach."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jdgen.cli import cli

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
DATE = "2026-11-22"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No JDGEN_LIBRARY, no jdgen.toml above, a fresh HOME and working folder."""
    work = tmp_path / "work"
    work.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("JDGEN_LIBRARY", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    return work


def run(*args: str, input: str | None = None) -> Result:
    """Invoke the command line in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def make_library(root: Path, files: dict[str, str]) -> Path:
    """A user library with ``jdgen.toml`` and the given files (relative path -> text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "jdgen.toml").write_text("")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
