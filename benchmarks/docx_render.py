"""Measure warm DOCX render time per document (built-in layout and the branded example).

Run from the repository root:

    python -m benchmarks.docx_render [ROUNDS] [--against REV]

"Warm" means the libraries are imported and one document has been rendered
already; each round renders every seed profile for Acme to bytes (no disk).
With ``--against REV`` the DOCX modules of that git revision (``formats/docx*.py``,
with today's rest of jdgen) render the same postings
in the same process, interleaved with today's, and the CPU ratio is printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROFILES = ("senior-backend-developer", "senior-backend-software-engineer",
            "senior-backend-engineer", "backend-software-engineer")
MODULES = ("docx.py", "docx_template.py")


def postings(library):
    import datetime as dt

    from jdgen.render import RenderOptions, load_posting

    return RenderOptions.for_library(library), [
        load_posting(library, p, "acme", date=dt.date(2026, 11, 22))[0] for p in PROFILES]


def measure(library, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per document, one figure per round.

    CPU time is the steadier figure on a shared machine; wall time is what a user waits.
    """
    from jdgen.render import render_posting

    options, items = postings(library)
    render_posting(items[0], "docx", options)  # warm up: imports, caches
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for posting in items:
            render_posting(posting, "docx", options)
        wall.append((time.perf_counter() - start) / len(items))
        cpu.append((time.process_time() - start_cpu) / len(items))
    return wall, cpu


def load_revision(rev: str, folder: Path):
    """The DOCX modules of git revision ``rev`` as package ``jdgen._against``; its docx module."""
    package = folder / "_against"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in MODULES:
        shown = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:src/jdgen/formats/{name}"],
                               capture_output=True)
        if shown.returncode == 0:
            (package / name).write_bytes(shown.stdout)
    spec = importlib.util.spec_from_file_location(
        "jdgen._against", package / "__init__.py", submodule_search_locations=[str(package)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["jdgen._against"] = module
    spec.loader.exec_module(module)
    return importlib.import_module("jdgen._against.docx")


def compare(library, rounds: int, old) -> tuple[float, float, bool]:
    """CPU medians per document (old, today) over interleaved renders; whether bytes agree."""
    from jdgen.formats import docx as new

    options, items = postings(library)
    same = all(old.render(p, options) == new.render(p, options) for p in items)
    cpu: dict[object, list[float]] = {old: [], new: []}
    for i in range(rounds):
        for posting in items:
            for module in (old, new) if i % 2 == 0 else (new, old):
                start = time.process_time()
                module.render(posting, options)
                cpu[module].append(time.process_time() - start)
    return statistics.median(cpu[old]), statistics.median(cpu[new]), same


def main() -> None:
    from jdgen.library import Library, Root, builtin_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", type=int, nargs="?", default=10)
    parser.add_argument("--against", metavar="REV", help="compare with this git revision")
    args = parser.parse_args()
    builtin = Root(builtin_root(), "built-in")
    libraries = (
        ("built-in layout", Library([builtin])),
        ("branded example", Library([Root(REPO / "examples" / "branded", "user"), builtin])))
    if args.against:
        with tempfile.TemporaryDirectory() as tmp:
            old = load_revision(args.against, Path(tmp))
            for label, library in libraries:
                before, after, same = compare(library, args.rounds, old)
                print(f"docx {label}: CPU median {before * 1000:.1f} ms at {args.against}, "
                      f"{after * 1000:.1f} ms now: {before / after:.2f}x "
                      f"({args.rounds} rounds x {len(PROFILES)} documents each, interleaved; "
                      f"same bytes: {'yes' if same else 'NO'})")
        return
    for label, library in libraries:
        wall, cpu = measure(library, args.rounds)
        print(f"docx {label}: wall median {statistics.median(wall) * 1000:.1f} ms per document "
              f"(min {min(wall) * 1000:.1f}, max {max(wall) * 1000:.1f}); CPU median "
              f"{statistics.median(cpu) * 1000:.1f} ms ({args.rounds} rounds x {len(PROFILES)} "
              "documents)")


if __name__ == "__main__":
    main()
