"""``jdgen diff PROFILE --from REF``: a change to a parent, seen in every child's posting."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import DATE, make_library, run


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=HR", "-c", "user.email=hr@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(isolated: Path) -> Path:
    """A git repository whose library (in lib/) has base <- mid <- leaf, and an unrelated one."""
    make_library(isolated / "lib", {
        "profiles/base.yaml": "title: Base Engineer\nskills: [Java]\n",
        "profiles/mid.yaml": "extends: base\ntitle: Mid Engineer\n",
        "profiles/leaf.yaml": "extends: mid\ntitle: Leaf Engineer\nskills+: [Go]\n",
        "profiles/other.yaml": "title: Other Engineer\nskills: [Java]\n",
        "profiles/gone.yaml": "extends: base\ntitle: Gone Engineer\n",
    })
    _git(isolated, "init", "-q")
    _git(isolated, "add", "-A")
    _git(isolated, "commit", "-qm", "library")
    return isolated


def _diff(*args: str):
    return run("--library", "lib", "diff", *args, "-c", "acme", "--date", DATE)


def test_parent_change_shows_in_every_descendant(repo: Path) -> None:
    lib = repo / "lib"
    (lib / "profiles/base.yaml").write_text("title: Base Engineer\nskills: [Java, Kotlin]\n")
    (lib / "profiles/other.yaml").write_text("title: Other Engineer\nskills: [Rust]\n")
    (lib / "profiles/gone.yaml").unlink()
    (lib / "profiles/fresh.yaml").write_text("extends: mid\ntitle: Fresh Engineer\n")
    result = _diff("base", "--from", "HEAD")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "changed    base-acme.md",  # the profile, then each generation below it
        "changed    mid-acme.md",
        "added      fresh-acme.md",
        "changed    leaf-acme.md",
        "removed    gone-acme.md",  # only in the old revision: last
        "5 posting(s) compared with HEAD: 5 differ",
    ]
    diffs = _split(result.stdout)
    assert list(diffs) == ["base-acme.md", "mid-acme.md", "fresh-acme.md", "leaf-acme.md",
                           "gone-acme.md"]
    for name in ("base-acme.md", "mid-acme.md"):
        assert [line for line in diffs[name] if line[:1] in "+-"] == ["+- Kotlin"]
    # leaf appends Go after the parent's list: Kotlin lands between Java and Go
    assert diffs["leaf-acme.md"][-5:] == [" - Java", "+- Kotlin", " - Go", " ", " ## Benefits"]
    assert diffs["fresh-acme.md"][0] == "+# Fresh Engineer"
    assert diffs["gone-acme.md"][0] == "-# Gone Engineer"
    assert "Other Engineer" not in result.stdout  # changed too, but not a descendant of base


def test_nothing_changed(repo: Path) -> None:
    result = _diff("mid", "--from", "HEAD")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines() == ["unchanged  mid-acme.md", "unchanged  leaf-acme.md",
                                          "2 posting(s) compared with HEAD: 0 differ"]


@pytest.mark.parametrize(("ref", "message"), [
    ("nope", "unknown git revision 'nope' — check the revision with 'git log'"),
    ("--output=x", "'--output=x' is not a git revision — use a branch, tag or commit"),
])
def test_bad_revision(repo: Path, ref: str, message: str) -> None:
    result = _diff("base", "--from", ref)
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")


def test_library_outside_git(isolated: Path) -> None:
    lib = make_library(isolated.parent / "plain", {"profiles/x.yaml": "title: X\n"})
    result = run("--library", str(lib), "diff", "x", "--from", "HEAD", "-c", "acme")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {str(lib.resolve())!r} is not in a git repository — "
                             "diff --from compares with an older commit of the library\n")


def test_built_in_library_cannot_be_diffed() -> None:
    result = run("diff", "api-developer", "--from", "HEAD", "-c", "acme")
    assert (result.exit_code, result.stderr) == (
        2, "error: diff compares your library with an older version of it — run it inside a "
           "library in git, or pass --library DIR\n")


def _split(text: str) -> dict[str, list[str]]:
    """Unified diff text -> changed lines (after the @@ header) per posting name."""
    files: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("+++ b/"):
            current = files.setdefault(line[6:].split(" ")[0], [])
        elif line.startswith(("--- a/", "@@")):
            continue
        else:
            current.append(line)
    return files
