"""Regenerate examples/: every seed profile for Acme in every format, and the lint report
of the built-in library. Run from the repository root:

    python -m tests.regenerate_examples
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEED_PROFILES = ("senior-backend-developer", "senior-backend-software-engineer",
                 "senior-backend-engineer", "backend-software-engineer")
COMPANY = "acme"
DATE = dt.date(2026, 11, 22)


def example_files() -> dict[str, bytes]:
    """File name -> bytes, rendered with the built-in library only."""
    from jdgen import formats
    from jdgen.library import Library, Root, builtin_root
    from jdgen.render import render_many

    library = Library([Root(builtin_root(), "built-in")])
    files = {r.name: r.data for r in render_many(library, SEED_PROFILES, [COMPANY],
                                                 list(formats.FORMATS), date=DATE)}
    files["lint-report.txt"] = lint_report(library)
    return files


def lint_report(library) -> bytes:
    """``jdgen lint --all --date DATE`` over the built-in library: every profile, every company."""
    from jdgen.lint import lint_targets
    from jdgen.lintreport import render_report

    results = lint_targets(library, [], all_profiles=True, date=DATE)
    return render_report(results, "text").encode("utf-8")


def main() -> None:
    for name, data in example_files().items():
        (EXAMPLES / name).write_bytes(data)
        print(f"wrote examples/{name}")
    from . import branded_template

    branded_template.main()


if __name__ == "__main__":
    main()
