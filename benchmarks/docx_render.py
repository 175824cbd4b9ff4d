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


def measure(library, rounds: int) -> list[float]:
    """Seconds per document, one figure per round."""
    import datetime as dt

    from jdgen.render import RenderOptions, load_posting, render_posting

    options = RenderOptions.for_library(library)
    postings = [load_posting(library, p, "acme", date=dt.date(2026, 11, 22))[0]
                for p in PROFILES]
    render_posting(postings[0], "docx", options)  # warm up: imports, caches
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for posting in postings:
            render_posting(posting, "docx", options)
        times.append((time.perf_counter() - start) / len(postings))
    return times


def main() -> None:
    from jdgen.library import Library, Root, builtin_root

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    builtin = Root(builtin_root(), "built-in")
    for label, library in (
            ("built-in layout", Library([builtin])),
            ("branded example", Library([Root(REPO / "examples" / "branded", "user"), builtin]))):
        times = measure(library, rounds)
        print(f"docx {label}: median {statistics.median(times) * 1000:.1f} ms per document, "
              f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
              f"({rounds} rounds x {len(PROFILES)} documents)")


if __name__ == "__main__":
    main()
