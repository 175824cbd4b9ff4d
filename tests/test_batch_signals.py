"""Interrupting a batch with a real signal: workers stop, no partial file, an honest count."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import jdgen

from .conftest import DATE, REPO, make_library

# Each render spins a while, so the batch is still running when the signal comes.
SLOW = ('{% extends "builtin:posting.md.j2" %}{% block header %}'
        "{% for i in range(2000) %}{% for j in range(60) %}{% endfor %}{% endfor %}"
        "{{ super() }}{% endblock %}")
COMPANIES = 25


@pytest.mark.parametrize(("signum", "jobs"), [(signal.SIGTERM, "2"), (signal.SIGINT, "1")])
def test_signal_stops_the_batch_cleanly(isolated: Path, signum: int, jobs: str) -> None:
    files = {f"companies/c{i:02}.yaml": f"name: Company {i}\n" for i in range(COMPANIES)}
    lib = make_library(isolated / "lib", {**files, "templates/posting.md.j2": SLOW})
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jdgen", "--library", str(lib), "render", "--all",
         "--all-companies", "--date", DATE, "--out-dir", "dist", "-j", jobs],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert proc.stderr is not None
    lines = [proc.stderr.readline()]
    assert lines[0].startswith("wrote "), lines  # the batch is under way
    proc.send_signal(signum)
    proc.wait(timeout=60)  # what is left to read is a few lines: no pipe can fill up
    with proc.stderr:  # the same reader: readline may have read ahead
        lines += proc.stderr.read().splitlines()
    assert proc.returncode == 128 + signum
    dist = isolated / "dist"
    written = sorted(p.name for p in dist.iterdir())
    builtin = [len(list((REPO / d).glob("*.yaml"))) for d in ("profiles", "companies")]
    planned = builtin[0] * (builtin[1] + COMPANIES)
    m = re.fullmatch(rf"interrupted by {signal.Signals(signum).name}: wrote (\d+) of "
                     rf"{planned} files, failed 0, in [\d.]+ s \({jobs} workers?\); no partial "
                     r"files left", lines[-1])
    assert m, lines[-1]
    assert 1 <= int(m.group(1)) == len(written) < planned
    logged = sorted(line.strip().split("/")[-1] for line in lines if line.startswith("wrote "))
    assert logged == written
    companies = [f"c{i:02}" for i in range(COMPANIES)] + ["acme", "nordlicht"]
    for name in written:  # every file whole; no temporary file, no index
        assert re.fullmatch(r"[a-z-]+-(c\d\d|acme|nordlicht)\.md", name), name
        profile, company = next((name[: -len(c) - 4], c) for c in companies
                                if name.endswith(f"-{c}.md"))
        whole = jdgen.render(profile, company, "md", library=lib, date=dt.date(2026, 11, 22))
        assert (dist / name).read_bytes() == whole, name
