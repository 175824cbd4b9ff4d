"""Check a whole library and turn every problem into a report line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from .errors import JdgenError
from .library import Library

# Validation renders samples; the date only has to be fixed.
_SAMPLE_DATE = dt.date(2000, 1, 1)


class Report(msgspec.Struct):
    """Problems found in a library, and what was checked."""

    problems: list[JdgenError] = msgspec.field(default_factory=list)
    warnings: list[JdgenError] = msgspec.field(default_factory=list)
    checked: dict[str, int] = msgspec.field(default_factory=dict)

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


# Template files whose name ends like this are rendered by that format.
_TEMPLATE_FORMATS = {".md.j2": "md", ".html.j2": "html"}


def validate_library(library: Library, formats: tuple[str, ...] = ("md", "html")) -> Report:
    """Load every profile and company and render every profile; never stop at the first error.

    Checks schema and unknown keys (with file and line), inheritance cycles and
    unknown parents, aliases claimed twice, company logos and locales; that
    every template in force compiles, and that every template style
    (``STYLE.md.j2``, ``STYLE.html.j2``; names starting with ``_`` are partials)
    renders for every profile. With ``[validate] lint = true`` in ``jdgen.toml``,
    lint findings at the ``[lint] fail_on`` level are problems too. Company files
    that cannot give JSON-LD its required properties are warnings, or errors
    when the library asks for jsonld (``formats`` here or ``[render] formats``).
    """
    from .config import load_config
    from .content import build_posting
    from .context import load_posting_input
    from .render import RenderOptions, render_posting

    report = Report()
    try:
        config = load_config(library)
    except JdgenError as e:
        report.add(e)
        config = None
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

    lint_settings = _lint_settings(library, report)
    configured = config.render.formats if config is not None else []
    strict_jsonld = bool({*formats, *configured} & {"jsonld", "all"})
    if "posting.docx" in library.templates() and "docx" not in formats:
        formats = (*formats, "docx")  # a branded Word template is checked too
    styles = _check_templates(library, formats, report)
    lint = (_linter(lint_settings, report) if lint_settings is not None and config is not None
            and config.validate.lint else None)
    # Every profile with the first company in every style; every other company with the
    # first profile in the default style.
    pairs = [(p, inputs[0], styles) for p in profiles] + [
        (profiles[0], i, [s for s in styles if s[0] == "posting"]) for i in inputs[1:]
        if profiles]
    for profile, given, wanted in pairs:
        try:
            posting = build_posting(profile, given.vars, given.company_entry, library.root,
                                    _SAMPLE_DATE)
            if given.company_entry is not None:
                _check_structured_data(posting, strict_jsonld, report)
        except JdgenError as e:
            report.add(e)
            continue
        markdown = None
        for style, fmt in wanted:
            try:
                data = render_posting(posting, fmt, RenderOptions.for_library(library, style))
            except JdgenError as e:
                report.add(e)
                continue
            if (style, fmt) == ("posting", "md"):
                markdown = data.decode("utf-8")
        if lint is not None and markdown is not None:
            lint(posting, profile.path, markdown)
    report.checked = {"profiles": len(library.profiles), "companies": len(library.companies),
                      "templates": len(library.templates())}
    return report


def _lint_settings(library: Library, report: Report) -> Any:
    """``[lint]`` in jdgen.toml and the library's ``lint/exclusionary-terms.yaml``, checked."""
    from .checks.wording import load_terms
    from .lint import load_settings

    try:
        settings = load_settings(library)
        load_terms(settings.terms)
    except JdgenError as e:
        report.add(e)
        return None
    return settings


def _check_structured_data(posting: Any, as_error: bool, report: Report) -> None:
    """JSON-LD gaps: errors where jsonld is asked for, else warnings (name-only libraries pass)."""
    from .formats.jsonld import problems

    for problem in problems(posting):
        (report.add if as_error else report.warn)(problem)


def _check_templates(library: Library, formats: tuple[str, ...],
                     report: Report) -> list[tuple[str, str]]:
    """Compile every Jinja template in force; return the (style, format) pairs to render."""
    from . import formats as registry
    from .environment import compile_template, get_environment

    styles = [("posting", fmt) for fmt in formats]
    dirs = tuple(library.template_dirs())
    builtin = library.roots[-1].path / "templates"
    for name in library.templates():
        suffix = next((s for s in _TEMPLATE_FORMATS if name.endswith(s)), None)
        if suffix is None or _TEMPLATE_FORMATS[suffix] not in formats:
            continue
        fmt = _TEMPLATE_FORMATS[suffix]
        env = get_environment(dirs, builtin, fmt, registry.load(fmt).FILTERS)
        try:
            compile_template(env, name)
        except JdgenError as e:
            report.add(e)
            styles = [s for s in styles if s != (name[: -len(suffix)], fmt)]
            continue
        style = name[: -len(suffix)]
        if not style.startswith("_") and (style, fmt) not in styles:
            styles.append((style, fmt))
    # Branded Word templates (STYLE.docx) render for every profile too.
    for name in library.templates():
        branded = (name[:-5], "docx")
        if name.endswith(".docx") and not name.startswith("_") and "docx" in formats and (
                branded not in styles):
            styles.append(branded)
    return styles


def _linter(settings: Any, report: Report):
    """A function that adds a problem for each lint finding at the failing level."""
    from .checks.findings import LEVELS
    from .lint import lint_posting

    def lint(posting, path: str, markdown: str) -> None:
        result = lint_posting(posting, settings, markdown)
        failing = LEVELS[: LEVELS.index(settings.fail_on) + 1]
        for f in result.findings:
            if f.level in failing:
                where = f" line {f.location.line}" if f.location.line else ""
                report.add(JdgenError(
                    f"lint {f.level} in {result.name}{where}: {f.message} [{f.rule}]",
                    path=path, hint=f.suggestion))

    return lint


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
