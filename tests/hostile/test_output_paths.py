"""Class 7, output paths: slugged names, clashes caught before writing, atomic 0644 files."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jdgen import output
from jdgen.errors import OutputError
from jdgen.output import output_name, slugify, write_atomic

from ..conftest import DATE, run
from .common import fails

BASE = ["render", "senior-backend", "-c", "acme", "--date", DATE]
NAME = "senior-backend-engineer-acme.md"


@pytest.mark.parametrize(("text", "slug"), [
    ("../../etc/passwd", "etc-passwd"),
    ("/abs/path\\win", "abs-path-win"),
    ("Ünïcödé Straße", "unicode-strae"),
    ("ﬁnance Ⅻ", "finance-xii"),
    ("CON", "con-"),
    ("lpt1", "lpt1-"),
    ("日本語", "x"),
    ("a\x00b\u202ec", "a-bc"),
    ("x" * 300, "x" * 60),
    (("ab-" * 40), ("ab-" * 20).rstrip("-")),
])
def test_slugs_are_safe_file_names(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_company_names_that_are_paths_stay_in_the_output_folder(isolated: Path) -> None:
    (isolated / "out").mkdir()
    result = run("render", "senior-backend", "-c", "..\\..\\Windows\\System32", "--out-dir", "out")
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (isolated / "out").iterdir()] == [
        "senior-backend-engineer-windows-system32.md"]
    assert output_name("../x", "..", "md") == "x-x.md"


def test_two_postings_for_one_file_are_refused_before_writing(isolated: Path) -> None:
    fails(["render", "senior-backend", "-c", "Ünïcode GmbH", "-c", "unicode gmbh"],
          "senior-backend-engineer-unicode-gmbh.md: senior-backend-engineer for Ünïcode GmbH "
          "(md) and senior-backend-engineer for unicode gmbh (md) would both be written to this "
          "file — render them in separate runs or with separate --out-dir folders", isolated)


def test_a_profile_and_its_alias_are_one_file(isolated: Path) -> None:
    fails(["render", "senior-backend", "senior-backend-engineer", "-c", "acme"],
          f"{NAME}: senior-backend-engineer for Acme Corp (md) is asked for twice — render them "
          "in separate runs or with separate --out-dir folders", isolated)


def test_symlink_at_the_target_is_replaced_and_its_target_untouched(isolated: Path) -> None:
    victim = isolated.parent / "victim.txt"
    victim.write_text("keep me")
    (isolated / NAME).symlink_to(victim)
    assert run(*BASE).exit_code == 0
    assert not (isolated / NAME).is_symlink()
    assert (isolated / NAME).read_text().startswith("# Senior Backend Engineer")
    assert victim.read_text() == "keep me"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_get_the_permissions_of_any_new_file(isolated: Path, umask: int,
                                                   mode: int) -> None:
    old = os.umask(umask)
    try:
        assert run(*BASE).exit_code == 0
        write_atomic(isolated / "again.md", b"x")
    finally:
        os.umask(old)
    assert (isolated / NAME).stat().st_mode & 0o777 == mode
    assert (isolated / "again.md").stat().st_mode & 0o777 == mode


def test_out_dir_below_a_file(isolated: Path) -> None:
    (isolated / "afile").write_text("")
    fails([*BASE, "--out-dir", "afile/sub"], "afile/sub: cannot create the output folder: "
          "Not a directory — choose another --out-dir", isolated)


# --- a writer killed mid-write -------------------------------------------------

_CHILD = """
import os, sys, time
from pathlib import Path
from jdgen import output
if sys.argv[3] == "named":
    output._open_unnamed = lambda folder: None
real = os.write
def stall(fd, data):
    n = real(fd, bytes(data[:4096]))
    Path(sys.argv[2]).write_text("half written")
    time.sleep(600)
    return n
output.os.write = stall
output.write_atomic(Path(sys.argv[1]), b"new " * 100_000)
"""


def _kill_mid_write(target: Path, marker: Path, how: str) -> None:
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(target), str(marker), how])
    try:
        for _ in range(600):  # a hang guard, not a timing check
            if marker.exists() or child.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "the writer never started"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


def test_kill_9_mid_write_keeps_the_old_file_and_leaves_no_temporary(isolated: Path) -> None:
    out = isolated / "out"
    out.mkdir()
    (out / NAME).write_text("old posting")
    _kill_mid_write(out / NAME, isolated / "marker", "unnamed")
    assert sorted(p.name for p in out.iterdir()) == [NAME]
    assert (out / NAME).read_text() == "old posting"


def test_where_there_is_no_unnamed_file_the_next_write_sweeps_the_leftover(
        isolated: Path) -> None:
    out = isolated / "out"
    out.mkdir()
    (out / NAME).write_text("old posting")
    _kill_mid_write(out / NAME, isolated / "marker", "named")
    assert (out / NAME).read_text() == "old posting"
    leftovers = [p.name for p in out.iterdir() if p.name != NAME]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".{NAME}.")
    write_atomic(out / NAME, b"new posting")
    assert sorted(p.name for p in out.iterdir()) == [NAME]
    assert (out / NAME).read_text() == "new posting"


def test_a_live_writers_temporary_file_is_not_swept(isolated: Path) -> None:
    live = isolated / f".{NAME}.{os.getpid()}.0123abcd.tmp"
    live.write_text("being written")
    write_atomic(isolated / NAME, b"x")
    assert live.exists()


# --- read-only folders and full disks ------------------------------------------


@contextlib.contextmanager
def _tmpfs(path: Path, options: str) -> Iterator[bool]:
    """Mount a small tmpfs at ``path`` where we may (root); yields whether it worked."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                             capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=True)


def _refuse(monkeypatch: pytest.MonkeyPatch, name: str, folder: Path, code: int) -> None:
    """Make ``os.NAME`` fail with ``code`` for files in ``folder`` (where no mount is possible)."""
    real = getattr(os, name)

    def failing(first, *args, **kwargs):
        if name == "write" or str(first).startswith(str(folder)):
            raise OSError(code, os.strerror(code))
        return real(first, *args, **kwargs)

    monkeypatch.setattr(output.os, name, failing)


def test_read_only_folder(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ro = isolated / "ro"
    with _tmpfs(ro, "ro,size=64k") as mounted:
        if not mounted:
            _refuse(monkeypatch, "open", ro, errno.EROFS)
        fails([*BASE, "--out-dir", "ro"], f"ro/{NAME}: cannot write here: Read-only file "
              "system — choose a writable folder with -o or --out-dir", ro)


def test_full_disk_keeps_the_old_file(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = isolated / "full"
    with _tmpfs(full, "size=64k") as mounted:
        (full / NAME).write_text("old posting")
        if not mounted:
            _refuse(monkeypatch, "write", full, errno.ENOSPC)
        fails([*BASE, "--out-dir", "full", "--var", "about=" + "a " * 100_000],
              f"full/{NAME}: cannot write file: No space left on device — free some disk "
              "space, or write elsewhere with --out-dir", full)
        assert (full / NAME).read_text() == "old posting"


def test_write_atomic_errors_are_output_errors(isolated: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse(monkeypatch, "write", isolated, errno.EIO)
    with pytest.raises(OutputError) as e:
        write_atomic(isolated / "x.md", b"data")
    assert str(e.value) == (f"{isolated / 'x.md'}: cannot write file: Input/output error — "
                            "check free space and permissions")
    assert list(isolated.iterdir()) == []


def test_a_batch_with_one_company_under_two_names_writes_nothing(isolated: Path) -> None:
    fails(["render", "senior-backend", "api-developer", "-c", "acme", "-c", "Acme Corp",
           "--jobs", "2", "--out-dir", "out"],
          "companies 'acme' and 'Acme Corp' would write the same files (*-acme.*) — pass each "
          "company once", isolated)


def test_a_batch_of_companies_given_one_name_writes_nothing(isolated: Path) -> None:
    # Without company files, each posting is named by --var name: the files would clash.
    fails(["render", "senior-backend", "api-developer", "-c", "Foo One", "-c", "Foo Two",
           "--var", "name=Same", "--jobs", "2", "--out-dir", "out"],
          "companies 'Foo One' and 'Foo Two' would write the same files (*-same.*) — pass "
          "each company once", isolated)


def test_a_pipe_or_device_at_the_target_is_written_into_not_replaced(isolated: Path) -> None:
    # `-o /dev/null` or a FIFO: renaming over it would replace the device with a file.
    import threading

    fifo = isolated / "pipe.md"
    os.mkfifo(fifo)
    link = isolated / "link.md"
    link.symlink_to(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run(*BASE, "-o", str(link))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert received[0].startswith(b"# Senior Backend Engineer")
    assert fifo.is_fifo() and link.is_symlink()


@pytest.mark.parametrize("name", ["con", "NUL", "com1", "lpt9"])
def test_new_profiles_never_get_a_windows_device_name(isolated: Path, name: str) -> None:
    assert run("init", "lib").exit_code == 0
    fails(["--library", "lib", "new", name, "--from", "senior-backend"],
          f"{name!r} is not a profile name — use lower-case letters, digits and '-', e.g. "
          "'staff-engineer'", isolated)
