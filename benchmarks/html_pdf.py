"""Time HTML and PDF renders per posting: a fresh process's first PDF, then the steady state.

    python benchmarks/html_pdf.py [--rounds N]

Each seed profile is rendered for Acme. The first PDF in the process pays for
importing WeasyPrint, setting up fonts and parsing the stylesheets; later ones
reuse all three. Prints wall-clock and CPU time (CPU time of this process
holds steadier on a busy machine); writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

PROFILES = ("senior-backend-developer", "senior-backend-software-engineer",
            "senior-backend-engineer", "backend-software-engineer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="steady-state rounds (default 5)")
    args = parser.parse_args()

    start = time.perf_counter()
    from jdgen.library import Library, Root, builtin_root
    from jdgen.render import RenderOptions, load_posting, render_posting

    library = Library([Root(builtin_root(), "built-in")])
    options = RenderOptions.for_library(library)
    date = dt.date(2026, 11, 22)
    postings = [load_posting(library, p, "acme", date=date)[0] for p in PROFILES]
    print(f"import jdgen + load {len(postings)} postings: {time.perf_counter() - start:.3f} s")

    t, c = time.perf_counter(), time.process_time()
    first = render_posting(postings[0], "pdf", options)
    print(f"pdf first posting (cold process): wall {time.perf_counter() - t:.3f} s, "
          f"cpu {time.process_time() - c:.3f} s")

    for fmt in ("pdf", "html"):
        wall, cpu, sizes = [], [], []
        for _ in range(args.rounds):
            for posting in postings:
                t, c = time.perf_counter(), time.process_time()
                data = render_posting(posting, fmt, options)
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
                sizes.append(len(data))
        print(f"{fmt} steady state over {len(wall)} renders: wall median "
              f"{statistics.median(wall) * 1000:.1f} ms (min {min(wall) * 1000:.1f}), "
              f"cpu median {statistics.median(cpu) * 1000:.1f} ms "
              f"(min {min(cpu) * 1000:.1f}); sizes {min(sizes)}-{max(sizes)} bytes")
    assert first == render_posting(postings[0], "pdf", options), "PDF bytes changed"


if __name__ == "__main__":
    main()
