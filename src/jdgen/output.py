"""Name output files and write them atomically (temporary file, then rename)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import OutputError

MAX_SLUG = 60
# Windows device names: no file may be called this, whatever its extension.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                  *(f"lpt{i}" for i in range(1, 10))}


def slugify(text: str) -> str:
    """ASCII ``[a-z0-9-]`` slug, at most 60 characters, never a Windows device name."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        slug = "x"
    if slug in RESERVED_NAMES:
        slug += "-"
    return slug


def output_name(profile_id: str, company: str, fmt_ext: str) -> str:
    """``<profile>-<company-slug>.<ext>``."""
    return f"{slugify(profile_id)}-{slugify(company)}.{fmt_ext}"


def plan_targets(names: Sequence[tuple[str, str]], folder: Path,
                 output: str | None = None) -> list[Path]:
    """The file each ``(name, label)`` goes to; two that meet on one file are an error.

    Called before anything is written, so a clash writes nothing at all.
    """
    targets = [Path(output) if output else folder / name for name, _ in names]
    seen: dict[str, str] = {}
    for target, (_, label) in zip(targets, names, strict=True):
        key = os.path.normcase(os.path.abspath(target))
        if key in seen:
            what = (f"{label} is asked for twice" if label == seen[key]
                    else f"{seen[key]} and {label} would both be written to this file")
            raise OutputError(what,
                              path=str(target), hint="render them in separate runs or "
                              "with separate --out-dir folders")
        seen[key] = label
    return targets


def plan_rendered(results: Sequence, output: str | None, out_dir: str | None) -> list[Path]:
    """Targets for ``render_many``'s results: ``-o FILE`` (one result), else ``--out-dir``/name.

    ``-o -`` (standard output) has no targets. Checked before anything is written.
    """
    if output and out_dir:
        raise OutputError("-o and --out-dir both say where to write",
                          hint="use -o FILE for one file, or --out-dir DIR for a folder")
    if output and len(results) != 1:
        raise OutputError(f"-o names one file but this renders {len(results)}",
                          hint="use --out-dir DIR instead")
    if output == "-":
        if results and results[0].format in BINARY_FORMATS and _stdout_is_terminal():
            name = results[0].name
            raise OutputError(f"a {results[0].format.upper()} file is binary and standard "
                              "output is a terminal; nothing was written",
                              hint=f"redirect it (-o - > {name}) or write a file (-o {name})")
        return []
    return plan_targets([(r.name, r.label) for r in results], Path(out_dir or "."), output)


BINARY_FORMATS = ("docx", "pdf")


def _stdout_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # replaced or closed streams: not a terminal
        return False


def write_rendered(results: Sequence, targets: list[Path], out_dir: str | None
                   ) -> Iterator[Path]:
    """Write each result to its planned target (standard output when there is none)."""
    if not targets:
        write_stdout(results[0].data)
        return
    if out_dir:
        make_folder(Path(out_dir))
    for target, result in zip(targets, results, strict=True):
        write_atomic(target, result.data)
        yield target


def make_folder(folder: Path) -> None:
    """Create the output folder (``--out-dir``) and its parents."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create the output folder: {e.strerror}", path=str(folder),
                          hint="choose another --out-dir") from e


def _temp_name(path: Path) -> str:
    import secrets

    return f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _sweep(path: Path) -> None:
    """Remove temporary files for ``path`` left by writers that were killed (kill -9)."""
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.[0-9a-f]{{8}}\.tmp$")
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            m = pattern.match(entry.name)
            if m and not _alive(int(m.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _open_unnamed(folder: Path) -> int | None:
    """A file with no name yet (Linux ``O_TMPFILE``): if we die, the kernel drops it."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o666)
    except OSError as e:
        if e.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one.

    The bytes go to an unnamed file in the same folder (or, where the system has
    none, a ``.NAME.PID.RAND.tmp`` file), which is then linked under a
    temporary name and renamed over ``path``. A symlink at ``path`` to a file is replaced
    by a regular file (its target is left alone); the file gets the permissions
    of any new file (0644 under umask 022). A writer killed with ``kill -9``
    leaves the old file; its unnamed file vanishes with it, and a named one is
    removed by the next write to the same path. A device or pipe at ``path``
    (``-o /dev/null``) is written into, never replaced.
    """
    if _is_stream(path):
        _write_stream(path, data)
        return
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"folder {str(folder)!r} does not exist", path=str(path),
                          hint="create it first, or use --out-dir")
    _sweep(path)
    tmp = folder / _temp_name(path)
    fd: int | None = None
    named = False
    try:
        fd = _open_unnamed(folder)
        if fd is None:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            named = True
        _write_all(fd, data)
        if not named:
            # linkat(AT_SYMLINK_FOLLOW) through /proc names the unnamed file; the
            # dir fd makes os.link use linkat rather than link.
            dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.link(f"/proc/self/fd/{fd}", tmp.name, src_dir_fd=dfd, dst_dir_fd=dfd)
            finally:
                os.close(dfd)
            named = True
        os.close(fd)
        fd = None
        os.replace(tmp, path)
    except BaseException as e:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if named:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):
            raise _output_error(e, path) from e
        raise


def _is_stream(path: Path) -> bool:
    """A device, pipe or socket (``-o /dev/null``, a FIFO): written into, never replaced."""
    try:
        mode = os.stat(path).st_mode  # follows symlinks: /dev/stdout -> /proc/self/fd/1
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_stream(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as e:
        raise _output_error(e, path) from e


def _output_error(e: OSError, path: Path) -> OutputError:
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"cannot write here: {e.strerror}", path=str(path),
                           hint="choose a writable folder with -o or --out-dir")
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"cannot write file: {e.strerror}", path=str(path),
                           hint="free some disk space, or write elsewhere with --out-dir")
    return OutputError(f"cannot write file: {e.strerror}", path=str(path),
                       hint="check free space and permissions")


def write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
