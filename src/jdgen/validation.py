"""Check a whole library and turn every problem into a report line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import JdgenError
from .library import Library

# Validation renders samples; the date only has to be fixed.
_SAMPLE_DATE = dt.date(2000, 1, 1)


@dataclass
class Report:
    """Problems found in a library, and what was checked."""

    problems: list[JdgenError] = field(default_factory=list)
    warnings: list[JdgenError] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    def add(self, error: JdgenError) -> None:
        if str(error) not in {str(p) for p in self.problems}:
            self.problems.append(error)

    def warn(self, error: JdgenError) -> None:
        if str(error) not in {str(w) for w in self.warnings}:
            self.warnings.append(error)

    def summary(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.checked.items())
        warned = f" ({len(self.warnings)} warning(s))" if self.warnings else ""
        if not self.problems:
            return f"ok: {counts}{warned}"
        return f"{len(self.problems)} problem(s) in {counts}{warned}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.problems,
            "checked": self.checked,
            "problems": [_entry(p) for p in self.problems],
            "warnings": [_entry(w) for w in self.warnings],
        }


def _entry(p: JdgenError) -> dict[str, Any]:
    return {"path": p.path, "line": p.line, "message": p.message, "hint": p.hint,
            "kind": type(p).__name__, "text": str(p)}


def validate_library(library: Library, formats: tuple[str, ...] = ("md", "html")) -> Report:
    """Load every profile and company and render every profile; never stop at the first error.

    Checks schema and unknown keys (with file and line), inheritance cycles and
    unknown parents, aliases claimed twice, company logos and locales, and that
    the templates in force render for every profile. Company files that cannot
    give JSON-LD its required properties are warnings, or errors when the
    library asks for jsonld (``formats`` here or ``[render] formats`` in jdgen.toml).
    """
    from .content import build_posting
    from .context import load_posting_input
    from .render import RenderOptions, render_posting

    report = Report()
    profiles = []
    for pid in library.profiles:
        try:
            profiles.append(library.load_profile(pid))
        except JdgenError as e:
            report.add(e)
    _check_aliases(library, report)

    inputs = []
    for entry in library.companies.values():
        try:
            inputs.append(load_posting_input(library, str(entry.path), date=_SAMPLE_DATE))
        except JdgenError as e:
            report.add(e)
    if not inputs:
        inputs.append(load_posting_input(library, "Example", date=_SAMPLE_DATE))

    _check_lint_settings(library, report)
    options = RenderOptions.for_library(library)
    strict_jsonld = _asks_for_jsonld(library, formats, report)
    if "posting.docx" in library.templates() and "docx" not in formats:
        formats = (*formats, "docx")  # a branded Word template is checked too
    # Every profile with the first company, every company with the first profile.
    pairs = [(p, inputs[0]) for p in profiles] + [(profiles[0], i) for i in inputs[1:]
                                                  if profiles]
    for profile, given in pairs:
        try:
            posting = build_posting(profile, given.vars, given.company_entry, library.root,
                                    _SAMPLE_DATE)
            for fmt in formats:
                render_posting(posting, fmt, options)
            if given.company_entry is not None:
                _check_structured_data(posting, strict_jsonld, report)
        except JdgenError as e:
            report.add(e)
    report.checked = {"profiles": len(library.profiles), "companies": len(library.companies),
                      "templates": len(library.templates())}
    return report


def _check_lint_settings(library: Library, report: Report) -> None:
    """``[lint]`` in jdgen.toml and the library's ``lint/exclusionary-terms.yaml``."""
    from .checks.wording import load_terms
    from .lint import load_settings

    try:
        load_terms(load_settings(library).terms)
    except JdgenError as e:
        report.add(e)


def _asks_for_jsonld(library: Library, formats: tuple[str, ...], report: Report) -> bool:
    from .config import load_config

    try:
        configured = load_config(library).render.formats
    except JdgenError as e:
        report.add(e)
        configured = []
    return bool({*formats, *configured} & {"jsonld", "all"})


def _check_structured_data(posting: Any, as_error: bool, report: Report) -> None:
    """JSON-LD gaps: errors where jsonld is asked for, else warnings (name-only libraries pass)."""
    from .formats.jsonld import problems

    for problem in problems(posting):
        (report.add if as_error else report.warn)(problem)


def _check_aliases(library: Library, report: Report) -> None:
    owners: dict[str, str] = {}
    # Built-in profiles first, so a clash is reported in the user's file.
    for pid, entry in sorted(library.profiles.items(), key=lambda kv: kv[1].origin == "user"):
        doc = library.doc(entry.path)
        aliases = doc.data.get("aliases")
        for alias in aliases if isinstance(aliases, list) else ():
            if not isinstance(alias, str):
                continue
            other = owners.get(alias) or (alias if alias in library.profiles else None)
            if other and other != pid:
                what = "a profile id" if other == alias else f"an alias of {other!r}"
                report.add(JdgenError(f"alias {alias!r} is already {what}", path=entry.display(),
                                      line=doc.line_of(("aliases",)),
                                      hint="give each alias to one profile"))
            owners.setdefault(alias, pid)
