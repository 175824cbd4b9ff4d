"""The wheel carries the built-in library, and the installed command works on its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import DATE, REPO
from .markdown_reader import headings

LIBRARY_DIRS = ("profiles", "companies", "templates")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(out), str(REPO)], check=True, env={**os.environ, "PIP_NO_INPUT": "1"})
    (found,) = out.glob("jdgen-*.whl")
    return found


def test_wheel_contains_every_library_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in LIBRARY_DIRS:
        for path in (REPO / folder).rglob("*"):
            if path.is_file():
                rel = path.relative_to(REPO).as_posix()
                assert f"jdgen/_builtin/{rel}" in names, rel
    for path in (REPO / "src/jdgen/data").iterdir():  # lint word lists and laws
        assert f"jdgen/data/{path.name}" in names, path.name


def test_installed_wheel_renders_from_its_own_library(wheel: Path, isolated: Path) -> None:
    tmp_path = isolated
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(target), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", "import jdgen.library as l; print(l.builtin_root())"],
        capture_output=True, text=True, env=env, check=True, cwd=tmp_path)
    assert Path(result.stdout.strip()) == target / "jdgen/_builtin"
    result = subprocess.run(
        [sys.executable, "-m", "jdgen", "render", "senior-backend", "--company", "Acme",
         "--format", "md", "--date", DATE], capture_output=True, text=True, env=env,
        cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "senior-backend-engineer-acme.md").read_text("utf-8")
    assert headings(text)[0] == (1, "Senior Backend Engineer")
    # the skeleton files ship too: an installed jdgen can start a library
    init = subprocess.run([sys.executable, "-m", "jdgen", "init", "hr"], capture_output=True,
                          text=True, env=env, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "hr/.github/workflows/jdgen.yml").read_text("utf-8").endswith(
        "jdgen lint --all\n")


def test_console_script_runs_as_a_process(isolated: Path) -> None:
    tmp_path = isolated
    exe = shutil.which("jdgen", path=str(Path(sys.executable).parent))
    assert exe, "the jdgen console script is installed beside the interpreter"
    result = subprocess.run([exe, "render", "senior-backend", "--company", "Acme", "--format",
                             "md", "-o", "-", "--date", DATE], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0
    assert headings(result.stdout)[0] == (1, "Senior Backend Engineer")
    bad = subprocess.run([exe, "render", "nope"], capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr == "error: unknown profile 'nope' — see 'jdgen list profiles'\n"
    assert list(tmp_path.iterdir()) == []
