"""``jdgen.toml`` [render] defaults, and what the command line does when stdout closes early."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jdgen import formats

from .conftest import DATE, make_library, run

BRIEF = "# Brief: {{ posting.title }}\n"


@pytest.mark.parametrize(("toml", "args", "written"), [
    pytest.param("", ["-c", "acme"], "senior-backend-engineer-acme.md: # Senior",
                 id="built-in-default"),
    pytest.param('[render]\ntemplate = "brief"\n', ["-c", "acme"],
                 "senior-backend-engineer-acme.md: # Brief", id="toml-template"),
    pytest.param('[render]\ntemplate = "brief"\n', ["-c", "acme", "--template", "posting"],
                 "senior-backend-engineer-acme.md: # Senior", id="flag-beats-toml"),
    pytest.param('[render]\ncompany = "nordlicht"\n', [],
                 "senior-backend-engineer-nordlicht.md: # Senior", id="toml-company"),
    pytest.param('[render]\ncompany = "nordlicht"\n', ["-c", "acme"],
                 "senior-backend-engineer-acme.md: # Senior", id="company-flag-beats-toml"),
])
def test_render_settings_precedence(isolated: Path, toml: str, args: list[str],
                                    written: str) -> None:
    lib = make_library(isolated / "lib", {"templates/brief.md.j2": BRIEF})
    (lib / "jdgen.toml").write_text(toml)
    result = run("--library", str(lib), "render", "senior-backend", *args, "--date", DATE)
    assert result.exit_code == 0, result.stderr
    [path] = isolated.glob("*.md")
    assert f"{path.name}: {path.read_text('utf-8')}".startswith(written)


def test_toml_formats_are_the_default_list(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {})
    (lib / "jdgen.toml").write_text('[render]\nformats = ["md"]\ncompany = "acme"\n')
    result = run("--library", str(lib), "render", "api-developer", "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "wrote api-developer-acme.md\n"


def test_unknown_format_in_toml_names_the_file(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {})
    (lib / "jdgen.toml").write_text('[render]\nformats = ["md", "rtf"]\n')
    result = run("--library", str(lib), "render", "api-developer", "-c", "acme")
    assert result.exit_code == 2
    known = ", ".join(formats.FORMATS)
    assert result.stderr == ("error: lib/jdgen.toml:2: [render] formats: unknown format 'rtf' — "
                             f"use one or more of: {known}, or all\n")


def test_closed_stdout_pipe_ends_quietly(isolated: Path) -> None:
    """A reader that stops early (``| head -1``) is not an error: no traceback, exit 141."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before jdgen writes a byte
    try:
        proc = subprocess.run([sys.executable, "-m", "jdgen", "show", "senior-backend"],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (141, "")


def test_head_reads_one_line_of_show(isolated: Path) -> None:
    proc = subprocess.run(f"'{sys.executable}' -m jdgen show senior-backend | head -1",
                          shell=True, capture_output=True, text=True, timeout=60)
    assert proc.stdout == "# senior-backend-engineer\n"
    assert proc.stderr == ""


@pytest.mark.parametrize(("toml", "message"), [
    ('[render]\ncompany = "acme"\n\n[lint]\nmax_grade = "high"\n',
     "lib/jdgen.toml:5: 'lint.max_grade' must be a number, not text"),
    ('[lint]\nfail_on = "error"\n[lint.rules]\ndegree-gate = "of"\n',
     "lib/jdgen.toml:4: [lint.rules] 'degree-gate' cannot be 'of' — use one of: error, "
     "warning, info, off"),
    ('[lint.allow]\n"tech lead" = "the title"\n\'young\' = " "\n',
     "lib/jdgen.toml:3: [lint.allow] 'young' has no reason — write why it is fine: "
     'young = "our job title"'),
])
def test_settings_errors_name_the_line(isolated: Path, toml: str, message: str) -> None:
    make_library(isolated / "lib", {"jdgen.toml": toml})
    result = run("--library", "lib", "lint", "senior-backend", "-c", "acme")
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")
