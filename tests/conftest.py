"""Shared fixtures: every test runs in an empty folder with no user library in reach."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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


def posting_from(values: dict[str, Any], profile: str = "senior-backend-engineer",
                 library: Any = None) -> Any:
    """The content model for company ``values`` given directly (no company file)."""
    from jdgen.content import build_posting
    from jdgen.context import Layer, merge_layers
    from jdgen.library import Library

    library = library or Library.discover()
    given = merge_layers([Layer(values)], [])
    return build_posting(library.load_profile(profile), given, None, library.root,
                         dt.date.fromisoformat(DATE))


def render_values(values: dict[str, Any], fmt: str, profile: str = "senior-backend-engineer",
                  library: Any = None) -> bytes:
    """One posting with company ``values`` given directly, rendered as ``fmt``."""
    from jdgen.library import Library
    from jdgen.render import RenderOptions, render_posting

    library = library or Library.discover()
    return render_posting(posting_from(values, profile, library), fmt,
                          RenderOptions.for_library(library))
