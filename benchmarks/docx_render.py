"""Measure warm DOCX render time per document (built-in layout and the branded example).

Run from the repository root:

    python -m benchmarks.docx_render [ROUNDS]

"Warm" means the libraries are imported and one document has been rendered
already; each round renders every seed profile for Acme to bytes (no disk).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROFILES = ("senior-backend-developer", "senior-backend-software-engineer",
            "senior-backend-engineer", "backend-software-engineer")


def measure(library, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per document, one figure per round.

    CPU time is the steadier figure on a shared machine; wall time is what a user waits.
    """
    import datetime as dt

    from jdgen.render import RenderOptions, load_posting, render_posting

    options = RenderOptions.for_library(library)
    postings = [load_posting(library, p, "acme", date=dt.date(2026, 11, 22))[0]
                for p in PROFILES]
    render_posting(postings[0], "docx", options)  # warm up: imports, caches
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for posting in postings:
            render_posting(posting, "docx", options)
        wall.append((time.perf_counter() - start) / len(postings))
        cpu.append((time.process_time() - start_cpu) / len(postings))
    return wall, cpu


def main() -> None:
    from jdgen.library import Library, Root, builtin_root

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    builtin = Root(builtin_root(), "built-in")
    for label, library in (
            ("built-in layout", Library([builtin])),
            ("branded example", Library([Root(REPO / "examples" / "branded", "user"), builtin]))):
        wall, cpu = measure(library, rounds)
        print(f"docx {label}: wall median {statistics.median(wall) * 1000:.1f} ms per document "
              f"(min {min(wall) * 1000:.1f}, max {max(wall) * 1000:.1f}); CPU median "
              f"{statistics.median(cpu) * 1000:.1f} ms ({rounds} rounds x {len(PROFILES)} "
              "documents)")


if __name__ == "__main__":
    main()
