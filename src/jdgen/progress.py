"""Turn batch records into progress on stderr: a rich bar on a terminal, one line per file
in logs, nothing with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from .batch import Record


def choose_mode(quiet: bool, stream: TextIO | None = None) -> str:
    """``"quiet"``, ``"bar"`` on a terminal, else ``"lines"`` (CI logs, pipes, files)."""
    if quiet:
        return "quiet"
    stream = stream or sys.stderr
    return "bar" if stream.isatty() else "lines"


def line_for(record: Record) -> str:
    """``wrote dist/x.md`` or ``failed x for Acme (pdf)``: the log line of one file."""
    if record.error is None:
        return f"wrote {record.path}"
    return f"failed {record.profile} for {record.company} ({record.format})"


@contextmanager
def progress(mode: str, total: int, stream: TextIO | None = None
             ) -> Iterator[Callable[[Record], None]]:
    """A callback to hand each finished record to, shown as ``mode`` says."""
    stream = stream or sys.stderr
    if mode == "quiet":
        yield lambda record: None
    elif mode == "lines":
        def log(record: Record) -> None:
            stream.write(line_for(record) + "\n")
            stream.flush()

        yield log
    else:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        bar = Progress(TextColumn("rendering"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                       TextColumn("{task.fields[last]}"),
                       console=Console(file=stream), transient=False)
        task = bar.add_task("render", total=total, failed=0, last="")
        failed = 0

        def advance(record: Record) -> None:
            nonlocal failed
            failed += record.error is not None
            bar.update(task, advance=1, failed=failed, last=record.path or "")

        with bar:
            yield advance
