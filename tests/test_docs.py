"""docs/library.md shows what jdgen really prints: its sessions are replayed and compared."""

from __future__ import annotations

import shutil
from pathlib import Path

from .doc_session import DOC, replay


def test_library_guide_output_is_current(tmp_path: Path) -> None:
    assert shutil.which("git"), "the guide's review section needs git"
    expected = DOC.read_text("utf-8")
    assert replay(expected, tmp_path) == expected, (
        "docs/library.md is stale: run python -m tests.doc_session")


def test_every_command_has_help_and_is_in_the_readme() -> None:
    from jdgen.cli import cli

    readme = (DOC.parents[1] / "README.md").read_text("utf-8")
    for name in ("init", "new", "diff", "validate", "list"):
        command = cli.commands[name]
        assert command.help and "Example" in command.help, name
        assert f"`jdgen {name} " in readme, name
