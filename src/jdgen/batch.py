"""Turn profiles × companies × formats into a planned matrix, render it in worker processes
that write each file atomically, and return one record per posting file."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec

from . import formats
from .errors import JdgenError, OutputError, VariableError
from .library import Library, Root
from .output import make_folder

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class Job(msgspec.Struct, frozen=True):
    """One file of the matrix: its place in the full matrix, a profile id, a company, a format."""

    index: int
    profile: str
    company: str
    format: str


class Record(msgspec.Struct):
    """What happened to one job: the file written, or the one-line error."""

    profile: str
    company: str
    format: str
    path: str | None = None
    bytes: int = 0
    sha256: str | None = None
    milliseconds: float = 0.0
    warnings: list[str] = msgspec.field(default_factory=list)
    error: str | None = None
    internal: bool = False  # a bug rather than bad input (exit 3, not 2)
    lint: Any = None  # the posting's LintResult, on the record of its first format
    worker: tuple[int, int] = (0, 0)  # (pid, peak RSS in KiB) of the process that did it

    def to_dict(self) -> dict[str, Any]:
        """The report's record: every field but the bookkeeping ones."""
        data = msgspec.structs.asdict(self)
        del data["internal"], data["worker"], data["lint"]
        return data


class Settings(msgspec.Struct, frozen=True):
    """Everything a worker needs to render any job; sent once to each worker."""

    roots: tuple[Root, ...]
    out_dir: str
    date: dt.date
    vars_file: str | None = None
    var: tuple[str, ...] = ()
    template: str = "posting"
    paper: str | None = None
    lint_format: str | None = None  # lint each posting in the job of this format
    cwd: str = msgspec.field(default_factory=os.getcwd)  # relative paths mean the same in workers


class Outcome(msgspec.Struct):
    """The records of the jobs that ran, in matrix order, and how the run ended."""

    planned: int
    records: list[Record]
    seconds: float
    workers: int
    signal: int | None = None  # the signal that stopped the run early

    @property
    def written(self) -> list[Record]:
        return [r for r in self.records if r.error is None]

    @property
    def failed(self) -> list[Record]:
        return [r for r in self.records if r.error is not None]

    def exit_code(self) -> int:
        """128 + signal when interrupted; 3 for a bug; 2 when any posting failed; else 0."""
        if self.signal:
            return 128 + self.signal
        if any(r.internal for r in self.records):
            return 3
        return 2 if self.failed else 0

    def peak_rss_kib(self) -> dict[int, int]:
        """Peak resident memory of each process that rendered, by process id."""
        peaks: dict[int, int] = {}
        for r in self.records:
            pid, rss = r.worker
            peaks[pid] = max(peaks.get(pid, 0), rss)
        return peaks


# --- planning ----------------------------------------------------------------


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``: the second of four slices (1-based)."""
    m = _SHARD.match(text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise VariableError(f"--shard {text!r} is not I/N with 1 <= I <= N",
                            hint="for example --shard 1/4 ... --shard 4/4")
    return int(m.group(1)), int(m.group(2))


def plan(library: Library, profiles: Sequence[str], companies: Sequence[str | None],
         formats: Sequence[str], shard: tuple[int, int] | None = None, *,
         vars_file: str | None = None, var: Sequence[str] = ()) -> list[Job]:
    """The matrix in a fixed order (profile, company, format), less repeats, then one shard.

    Profiles are ids or aliases, or every profile in the library when empty. A
    shard I/N keeps the jobs whose position in the whole matrix is I-1 modulo N,
    so every file lands in exactly one shard and slow formats are spread evenly.
    """
    if not companies or None in companies:
        raise VariableError("no company given",
                            hint="pass --company NAME (repeatable) or --all-companies")
    ids = [library.find_profile(p).name for p in profiles] if profiles else list(library.profiles)
    _check_company_files(library, companies, vars_file, var)
    keys = dict.fromkeys((p, c, f) for p in ids for c in companies for f in formats)
    jobs = [Job(i, p, c, f) for i, (p, c, f) in enumerate(keys)]  # type: ignore[arg-type]
    if shard:
        number, count = shard
        jobs = [j for j in jobs if j.index % count == number - 1]
    return jobs


def _check_company_files(library: Library, companies: Sequence[str | None],
                         vars_file: str | None = None, var: Sequence[str] = ()) -> None:
    """Two companies whose postings share file names (``acme`` and ``Acme Corp``, or two
    without a company file given one ``name`` by ``--var`` or ``--vars``) stop the batch
    before anything is written; otherwise one would overwrite the other."""
    from .content import clean_line, company_slug
    from .context import load_posting_input

    seen: dict[str, str] = {}
    for company in dict.fromkeys(c for c in companies if c is not None):
        try:
            entry = library.find_company(company)
            # Without a file, the posting is named as the merged values say.
            name = company if entry else clean_line(
                load_posting_input(library, company, vars_file, var).vars.name)
        except JdgenError:
            continue  # that job reports its own error
        slug = company_slug(entry, name)
        if slug in seen:
            raise OutputError(f"companies {seen[slug]!r} and {company!r} would write the same "
                              f"files (*-{slug}.*)", hint="pass each company once")
        seen[slug] = company


# --- one worker --------------------------------------------------------------


class Worker:
    """Renders jobs for one process, keeping its library, Jinja environments and format
    modules (PDF: stylesheet and fonts) loaded for its whole life."""

    def __init__(self, settings: Settings) -> None:
        from .render import RenderOptions

        self.settings = settings
        self.library = Library(list(settings.roots))
        self.options = RenderOptions.for_library(self.library, settings.template,
                                                 settings.paper)
        self.postings: dict[tuple[str, str], Any] = {}
        self.lint_settings: Any = None
        self.lint_options: Any = None
        # The formats whose long-lived objects are frozen (see _settle); a process
        # that froze objects of its own is left as it is.
        self.settled: set[str] | None = None if gc.get_freeze_count() else set()

    def _posting(self, profile: str, company: str) -> Any:
        from .render import load_posting

        key = (profile, company)
        if key not in self.postings:
            s = self.settings
            try:
                self.postings[key] = load_posting(self.library, profile, company,
                                                  vars_file=s.vars_file, var=s.var,
                                                  date=s.date)
            except JdgenError as e:
                self.postings[key] = e
        found = self.postings[key]
        if isinstance(found, JdgenError):
            raise found
        return found

    def run(self, job: Job) -> Record:
        """Render and write one file; never raises for a bad posting."""
        from .output import write_atomic
        from .render import file_name, render_posting

        record = Record(job.profile, job.company, job.format)
        start = time.perf_counter()
        try:
            posting, notices = self._posting(job.profile, job.company)
            with formats.collect_warnings() as found:
                data = render_posting(posting, job.format, self.options)
            record.warnings = [*notices, *found]
            path = Path(self.settings.out_dir) / file_name(posting, job.format)
            write_atomic(path, data)
            if job.format == self.settings.lint_format:
                record.lint = self._lint(posting, data if job.format == "md" else None)
            record.path, record.bytes = str(path), len(data)
            record.sha256 = hashlib.sha256(data).hexdigest()
        except JdgenError as e:
            record.error = str(e)
        except Exception as e:  # a bug: report it with the others, exit 3 at the end
            record.error = f"internal error: {type(e).__name__}: {e}"
            record.internal = True
        record.milliseconds = round((time.perf_counter() - start) * 1000, 2)
        record.worker = (os.getpid(), _peak_rss_kib())
        self._settle(job.format)
        return record

    def _settle(self, fmt: str) -> None:
        """After the first file of a format, freeze what the process now keeps for life
        (modules, templates, parsed stylesheets, fonts), so the garbage collector's
        rounds over old objects during a PDF no longer walk all of it (about 5% of a
        PDF's time). ``release`` undoes it."""
        if self.settled is not None and fmt not in self.settled:
            self.settled.add(fmt)
            gc.collect()  # what is garbage now must not be kept for life
            gc.freeze()

    def release(self) -> None:
        """Hand frozen objects back to the garbage collector (a run in its caller's process)."""
        if self.settled:
            gc.unfreeze()
            self.settled.clear()

    def _lint(self, posting: Any, markdown: bytes | None) -> Any:
        """Lint a posting in the worker that rendered it, on its Markdown."""
        from .lint import lint_posting, load_settings, markdown_options
        from .render import render_posting

        if self.lint_settings is None:
            self.lint_settings = load_settings(self.library)
            self.lint_options = markdown_options(self.library, self.settings.template)
        if markdown is None:
            markdown = render_posting(posting, "md", self.lint_options)
        return lint_posting(posting, self.lint_settings, markdown.decode("utf-8"))


def _peak_rss_kib() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


_WORKER: Worker | None = None


def _init_worker(settings: Settings) -> None:
    # Only the main process decides when to stop: a worker always finishes the file
    # it is writing, so a signal sent to the whole process group cannot leave half a file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.chdir(settings.cwd)  # a forkserver's workers start in the folder it started in
    global _WORKER
    _WORKER = Worker(settings)


def _run_in_worker(job: Job) -> Record:
    assert _WORKER is not None
    return _WORKER.run(job)


# --- the run -------------------------------------------------------------------


@contextmanager
def _signals_noted() -> Iterator[list[int]]:
    """SIGINT and SIGTERM only note themselves; the run stops at the next finished file.

    Nothing is raised from the handler, so a signal (which may reach any thread of the
    process) can never land between writing a file and counting and logging it.
    """
    noted: list[int] = []

    def handler(signum: int, _frame: Any) -> None:
        noted.append(signum)

    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, handler) for s in wanted}
    try:
        yield noted
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(jobs: Sequence[Job], settings: Settings, workers: int,
        on_record: Callable[[Record], None] = lambda r: None) -> Outcome:
    """Render every job with ``workers`` processes (1: in this process); results in order.

    On SIGINT or SIGTERM no new file is started, the ones being written are
    finished, and the outcome says which signal stopped the run.
    """
    make_folder(Path(settings.out_dir))
    workers = max(1, min(workers, len(jobs)))
    done: dict[int, Record] = {}
    stopped: int | None = None
    start = time.perf_counter()

    def take(job: Job, record: Record) -> None:
        done[job.index] = record
        on_record(record)

    with _signals_noted() as noted:
        if workers == 1:
            worker = Worker(settings)
            try:
                for job in jobs:
                    if noted:
                        break
                    take(job, worker.run(job))
            finally:
                worker.release()
        else:
            _run_pool(jobs, settings, workers, take, noted)
    if noted and len(done) < len(jobs):
        stopped = noted[0]
    records = [done[j.index] for j in jobs if j.index in done]
    return Outcome(len(jobs), records, time.perf_counter() - start, workers, stopped)


def _run_pool(jobs: Sequence[Job], settings: Settings, workers: int,
              take: Callable[[Job, Record], None], noted: list[int]) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed, wait
    from concurrent.futures.process import BrokenProcessPool

    # forkserver (Linux) starts workers from a clean process that has already
    # imported jdgen; spawn elsewhere. Never plain fork: the parent may hold threads.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["jdgen.batch", "jdgen.render"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=(settings,))
    futures = {pool.submit(_run_in_worker, job): job for job in jobs}
    taken: set[Any] = set()
    try:
        for future in as_completed(futures):
            taken.add(future)
            take(futures[future], _result(future, futures[future], BrokenProcessPool))
            if noted:
                break
        if noted:
            # Drop what has not started; the workers (which ignore signals) finish the
            # files they are on, and those are counted too.
            for future in futures:
                future.cancel()
            wait(futures)
            for future, job in futures.items():
                if not future.cancelled() and future not in taken:
                    take(job, _result(future, job, BrokenProcessPool))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Any, job: Job, broken: type[BaseException]) -> Record:
    try:
        return future.result()
    except broken as e:  # a worker died (killed, out of memory)
        return Record(job.profile, job.company, job.format, internal=True,
                      error=f"internal error: a worker process died ({e})")


def prepare(library: Library, profiles: Sequence[str], companies: Sequence[str | None],
            formats: Sequence[str], *, out_dir: str | None, all_companies: bool = False,
            shard: str | None = None, vars_file: str | None = None, var: Sequence[str] = (),
            date: dt.date | None = None, template: str = "posting",
            paper: str | None = None) -> tuple[list[Job], Settings, tuple[int, int] | None]:
    """Check the batch options and plan the matrix; nothing is rendered or written yet."""
    from .context import posting_date

    if all_companies:
        companies = list(library.companies)
        if not companies:
            raise VariableError("--all-companies: the library has no company files",
                                hint="add companies/<name>.yaml, or pass --company NAME")
    slice_ = parse_shard(shard) if shard else None
    jobs = plan(library, profiles, companies, formats, slice_, vars_file=vars_file, var=var)
    settings = Settings(tuple(library.roots), out_dir or ".", posting_date(date), vars_file,
                        tuple(var), template, paper, formats[0] if formats else None)
    return jobs, settings, slice_
