"""Progress on stderr: a bar on a terminal, one line per file in logs, nothing when quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from jdgen.batch import Record
from jdgen.progress import choose_mode, line_for, progress

from .conftest import DATE, REPO

OK = Record("api-developer", "Acme", "md", path="dist/api-developer-acme.md")
BAD = Record("broken", "Acme", "md", error="x.yaml:1: bad")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_mode_follows_the_stream() -> None:
    assert choose_mode(False, Tty()) == "bar"
    assert choose_mode(False, io.StringIO()) == "lines"
    assert choose_mode(True, Tty()) == "quiet"


def test_lines_and_quiet() -> None:
    out = io.StringIO()
    with progress("lines", 2, out) as advance:
        advance(OK)
        advance(BAD)
    assert out.getvalue() == ("wrote dist/api-developer-acme.md\n"
                              "failed broken for Acme (md)\n")
    assert line_for(BAD) == "failed broken for Acme (md)"
    out = io.StringIO()
    with progress("quiet", 2, out) as advance:
        advance(OK)
    assert out.getvalue() == ""


def test_a_terminal_gets_a_progress_bar(isolated: Path) -> None:
    main, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.run(
        [sys.executable, "-m", "jdgen", "render", "--all", "-c", "Acme", "--date", DATE,
         "--out-dir", "dist", "-j", "1"], stderr=secondary, stdout=subprocess.DEVNULL,
        env=env, timeout=120)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    screen = b"".join(chunks).decode()
    assert proc.returncode == 0
    count = len(list((REPO / "profiles").glob("*.yaml")))
    assert f"{count}/{count}" in screen
    assert "━" in screen  # rich's bar
    assert "wrote " not in screen  # no log lines on a terminal
    assert f"rendered {count}, failed 0" in screen
