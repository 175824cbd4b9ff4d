"""Helpers for the hostile-input tests: expect a clean failure, render values in any format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jdgen.content import Posting, build_posting
from jdgen.context import Layer, merge_layers
from jdgen.library import Library
from jdgen.render import RenderOptions, render_posting

from ..conftest import run

DAY = dt.date(2026, 11, 22)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def fails(args: list[str], message: str, folder: Path) -> None:
    """The command exits 2 with exactly ``error: message`` and writes nothing in ``folder``."""
    before = files_under(folder)
    result = run(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr == f"error: {message}\n"
    assert "Traceback" not in result.stdout + result.stderr
    assert files_under(folder) == before


def posting(values: dict, profile: str = "senior-backend-engineer") -> Posting:
    """The content model for company ``values`` (no company file) and a built-in profile."""
    library = Library.discover()
    given = merge_layers([Layer(values)], [])
    return build_posting(library.load_profile(profile), given, None, library.root, DAY)


def render_values(values: dict, fmt: str, profile: str = "senior-backend-engineer") -> bytes:
    library = Library.discover()
    return render_posting(posting(values, profile), fmt, RenderOptions.for_library(library))
