"""Replay the shell sessions of docs/library.md and fill in their real output.

In a ```console block, ``$ command`` lines run in order (``cd`` moves between
them; everything else runs in bash, stdout and stderr together); the lines
below each command are its output. A fenced block right after
``<!-- write: PATH -->`` is written to PATH first. Regenerate the page with

    python -m tests.doc_session
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "library.md"
EPOCH = "1795305600"  # 2026-11-22


def replay(text: str, work: Path) -> str:
    """``text`` with the output of every console command replaced by what it prints now."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("JDGEN_", "GIT_"))},
           "HOME": str(work / "home"), "SOURCE_DATE_EPOCH": EPOCH, "PYTHONUNBUFFERED": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_AUTHOR_NAME": "HR", "GIT_AUTHOR_EMAIL": "hr@example.com",
           "GIT_COMMITTER_NAME": "HR", "GIT_COMMITTER_EMAIL": "hr@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"}
    (work / "home").mkdir(exist_ok=True)
    cwd = work
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.startswith("<!-- write: ") and lines[i].startswith("```"):
            path = cwd / line.removeprefix("<!-- write: ").removesuffix(" -->")
            end = lines.index("```", i + 1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines[i + 1:end]) + "\n", "utf-8")
            out.extend(lines[i:end + 1])
            i = end + 1
        elif line == "```console":
            while lines[i] != "```":
                command = lines[i].removeprefix("$ ")
                out.append(lines[i])
                i += 1
                while lines[i] != "```" and not lines[i].startswith("$ "):
                    i += 1  # the old output
                if command.startswith("cd "):
                    cwd = (cwd / command[3:]).resolve()
                    continue
                proc = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      timeout=120)
                out.extend(proc.stdout.rstrip("\n").splitlines() if proc.stdout.strip() else [])
    return "\n".join(out) + "\n"


def regenerate() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        return replay(DOC.read_text("utf-8"), Path(tmp))


if __name__ == "__main__":
    DOC.write_text(regenerate(), "utf-8")
