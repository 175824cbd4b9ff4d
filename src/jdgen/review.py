"""Turn a profile and an old git revision of the library into diffs of every posting it shapes.

For pull-request review: a change to a parent profile changes the postings of
all its children. ``diff_family`` renders the profile and every profile that
inherits from it (directly or not) from the library as it is now and as it was
at ``old_ref``, and returns one unified diff per posting.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec

from .errors import JdgenError, NotFoundError
from .library import Library, Root

TEXT_FORMATS = ("md", "html", "jsonld")


class PostingDiff(msgspec.Struct, frozen=True):
    """One posting compared: ``status`` is changed, unchanged, added or removed."""

    profile: str
    name: str
    status: str
    diff: str


def diff_family(library: Library, profile: str, old_ref: str, company: str | None, *,
                fmt: str = "md", template: str = "posting",
                date: dt.date | None = None) -> list[PostingDiff]:
    """Diff the postings of ``profile`` and all its descendants between ``old_ref`` and now."""
    from .context import posting_date

    if fmt not in TEXT_FORMATS:
        raise JdgenError(f"diff compares text, not {fmt!r}",
                         hint=f"use --format {', '.join(TEXT_FORMATS)}")
    target = library.find_profile(profile).name
    when = posting_date(date)
    with old_library(library, old_ref) as old:
        new_ids = _family(library, target)
        old_ids = _family(old, target) if target in old.profiles else []
        result = []
        for pid in [*new_ids, *(p for p in old_ids if p not in new_ids)]:
            before = _render(old, pid, company, fmt, template, when) if pid in old_ids else None
            after = _render(library, pid, company, fmt, template, when) if pid in new_ids else None
            name = (after or before)[0]  # type: ignore[index]
            old_text = before[1] if before else ""
            new_text = after[1] if after else ""
            status = ("added" if before is None else "removed" if after is None
                      else "unchanged" if old_text == new_text else "changed")
            diff = "".join(difflib.unified_diff(
                old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                f"a/{name} ({old_ref})", f"b/{name} (working tree)"))
            result.append(PostingDiff(pid, name, status, diff))
    return result


def _family(library: Library, target: str) -> list[str]:
    """``target`` and every profile whose ``extends:`` chain reaches it, parents first."""
    found = []
    for pid in library.profiles:
        try:
            chain = library.load_profile(pid).chain
        except JdgenError:
            continue  # a broken profile outside the family must not stop the review
        if target in chain:
            found.append((chain.index(target), pid))  # generations below target
    return [pid for _, pid in sorted(found)]


def _render(library: Library, pid: str, company: str | None, fmt: str, template: str,
            date: dt.date) -> tuple[str, str]:
    from .render import render_many

    [rendered] = render_many(library, [pid], [company], [fmt], date=date, template=template)
    return rendered.name, rendered.data.decode("utf-8")


@contextmanager
def old_library(library: Library, ref: str) -> Iterator[Library]:
    """The user library as it was at git revision ``ref``, over today's built-in library."""
    root = library.roots[0]
    if root.origin != "user":
        raise JdgenError("diff compares your library with an older version of it",
                         hint="run it inside a library in git, or pass --library DIR")
    if not ref or ref.startswith("-"):
        raise JdgenError(f"{ref!r} is not a git revision", hint="use a branch, tag or commit")
    top = Path(_git(root.path, "rev-parse", "--show-toplevel").decode().strip())
    rel = root.path.resolve().relative_to(top.resolve()).as_posix()
    _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}",
         error=f"unknown git revision {ref!r}")
    archive = _git(top, "archive", "--format=tar", ref, "--", rel,
                   error=f"the library folder {rel!r} is not in revision {ref!r}")
    with tempfile.TemporaryDirectory(prefix="jdgen-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:  # Python before 3.11.4: git archive holds plain files and folders only
                tar.extractall(tmp)  # noqa: S202
        yield Library([Root(Path(tmp, rel).resolve(), "user"), *library.roots[1:]])


def _git(cwd: Path, *args: str, error: str | None = None) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise NotFoundError("git is not installed", hint="install git to compare revisions")
    proc = subprocess.run([git, *args], cwd=cwd, capture_output=True, check=False)
    if proc.returncode != 0:
        if error is None and b"not a git repository" in proc.stderr:
            raise JdgenError(f"{str(cwd)!r} is not in a git repository",
                             hint="diff --from compares with an older commit of the library")
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise JdgenError(error or f"git {args[0]} failed: {detail[-1] if detail else ''}",
                         hint="check the revision with 'git log'")
    return proc.stdout
