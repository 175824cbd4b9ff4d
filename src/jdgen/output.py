"""Name output files and write them atomically (temporary file, then rename)."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

from .errors import OutputError

MAX_SLUG = 60
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def slugify(text: str) -> str:
    """ASCII ``[a-z0-9-]`` slug, at most 60 characters, never a Windows device name."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        slug = "x"
    if slug in _RESERVED:
        slug += "-"
    return slug


def output_name(profile_id: str, company: str, fmt_ext: str) -> str:
    """``<profile>-<company-slug>.<ext>``."""
    return f"{slugify(profile_id)}-{slugify(company)}.{fmt_ext}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    A reader sees the old file or the new one, never half of one; a symlink at
    ``path`` is replaced by a regular file and its target is left alone.
    """
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"folder {str(folder)!r} does not exist", path=str(path),
                          hint="create it first, or use --out-dir")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(f"cannot write here: {e.strerror}", path=str(path),
                          hint="choose a writable folder with -o or --out-dir") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write file: {e.strerror}", path=str(path),
                              hint="check free space and permissions") from e
        raise


def write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
