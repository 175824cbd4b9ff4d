"""Turn a posting (or any posting text) into lint findings: wording, readability, law, completeness.

Public API: ``lint_posting(posting)``, ``lint_text(text)`` and ``lint_targets(library, ...)``
(what ``jdgen lint`` runs); each result is a ``LintResult`` (findings and measurements).
``checks/`` holds the rule families; ``lintreport`` turns results into text, JSON or SARIF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import msgspec

from .checks import document, pay, readability, wording
from .checks.document import Document, Unit
from .checks.findings import LEVELS, RULES, Collector, Finding, Location
from .checks.structure import DEADLINE, check_structure, sections_of
from .errors import SchemaError, VariableError
from .yamlfile import YamlDoc

__all__ = ["LEVELS", "RULES", "Finding", "LintResult", "LintSettings", "Location",
           "lint_posting", "lint_rendered", "lint_targets", "lint_text",
           "load_settings",
           "settings_from"]


class LintResult(msgspec.Struct):
    """The findings for one posting, plus what was measured."""

    name: str  # shown in reports, and the artifact SARIF points at: file name or input path
    findings: list[Finding] = msgspec.field(default_factory=list)
    metrics: dict[str, Any] = msgspec.field(default_factory=dict)
    allowed: dict[str, str] = msgspec.field(default_factory=dict)

    def count(self, level: str) -> int:
        return sum(f.level == level for f in self.findings)

    def fails(self, fail_on: str) -> bool:
        """True when a finding is at ``fail_on`` or worse."""
        worst = LEVELS[: LEVELS.index(fail_on) + 1]
        return any(f.level in worst for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"posting": self.name, "uri": self.name, "errors": self.count("error"),
                "warnings": self.count("warning"), "infos": self.count("info"),
                "metrics": self.metrics, "allowed": self.allowed,
                "findings": [f.to_dict() for f in self.findings]}


class LintSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """``[lint]`` in ``jdgen.toml``."""

    fail_on: Literal["error", "warning", "info"] = "error"
    rules: dict[str, str] = {}  # rule id -> error, warning, info or off
    allow: dict[str, str] = {}  # word or phrase -> why it is fine here
    min_words: int = 300
    max_words: int = 900
    max_grade: float = 12.0
    max_required: int = 8
    terms: list[Path] = []  # the library's term files, found by load_settings


class _Table(msgspec.Struct):
    lint: LintSettings


def settings_from(data: dict[str, Any], where: str | None = None,
                  terms: Sequence[Path] = (), doc: YamlDoc | None = None) -> LintSettings:
    """Check the ``[lint]`` table; unknown rules and empty reasons are errors.

    ``doc`` (``jdgen.toml`` as read by ``config.read_config``) gives errors their line.
    """
    from .models import schema_error

    def line(*key: str) -> int | None:
        return doc.line_of(("lint", *key)) if doc is not None else None

    if "terms" in data:
        raise SchemaError("[lint] terms is not a setting", path=where, line=line("terms"),
                          hint="put extra terms in lint/exclusionary-terms.yaml in the library")
    try:
        settings = msgspec.convert({"lint": data}, _Table).lint
    except msgspec.ValidationError as e:
        raise schema_error(str(e), _Table, doc, where) from e
    for rule in settings.rules:
        if rule not in RULES:
            from difflib import get_close_matches

            close = get_close_matches(rule, RULES, n=1)
            raise SchemaError(f"[lint.rules] unknown rule {rule!r}", path=where,
                              line=line("rules", rule),
                              hint=f"did you mean {close[0]!r}?" if close
                              else f"rules: {', '.join(RULES)}")
    for rule, level in settings.rules.items():
        if level not in (*LEVELS, "off"):
            raise SchemaError(f"[lint.rules] {rule!r} cannot be {level!r}", path=where,
                              line=line("rules", rule),
                              hint="use one of: error, warning, info, off")
    for word, reason in settings.allow.items():
        if not str(reason).strip():
            raise SchemaError(f"[lint.allow] {word!r} has no reason", path=where,
                              line=line("allow", word),
                              hint=f'write why it is fine: {word} = "our job title"')
    allow = {" ".join(k.lower().split()): v for k, v in settings.allow.items()}
    return msgspec.structs.replace(settings, allow=allow, terms=list(terms))


def load_settings(library) -> LintSettings:
    """The ``[lint]`` settings of the library and its term files (built-in ones first)."""
    from .config import parse_config, read_config

    doc = read_config(library)  # once: it gives both the table and its lines
    extra = [r.path / "lint" / "exclusionary-terms.yaml" for r in reversed(library.roots)]
    return settings_from(parse_config(doc).lint, doc.name if doc else None,
                         [p for p in extra if p.is_file()], doc)


def _wording(c: Collector, settings: LintSettings) -> dict[str, Any]:
    doc = c.doc
    allowed = frozenset(settings.allow)
    coding = wording.gender_coding(doc, allowed)
    masc, fem = coding.counts("masculine"), coding.counts("feminine")
    if coding.verdict != "empty":
        if coding.verdict == "neutral":  # both sides balance: show both
            coded, shown = coding.masculine, {**masc, **fem}
        elif "masculine" in coding.verdict:
            coded, shown = coding.masculine, masc
        else:
            coded, shown = coding.feminine, fem
        words = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in shown.items())
        first = coded[0]
        unit = doc.units[first.unit]
        level = "warning" if "masculine" in coding.verdict else "info"
        c.add("gender-coded",
              f"{coding.verdict} wording ({len(coding.masculine)} masculine, "
              f"{len(coding.feminine)} feminine: {words})",
              c.where(unit, first.offset, first.word),
              "swap masculine-coded words for neutral ones (lead → guide, competitive → "
              "strong, analytical → careful) or allow them in jdgen.toml [lint.allow]"
              if level == "warning" else None,
              level=level,
              related=[c.where(doc.units[w.unit], w.offset, w.word)
                       for w in (*coding.masculine, *coding.feminine)],
              brief=f"{coding.verdict} wording ({len(coded)}: "
                    f"{', '.join(list(shown)[:3])}{', …' if len(shown) > 3 else ''})")
    for hit in wording.find_terms(doc, wording.load_terms(settings.terms), allowed):
        unit = doc.units[hit.unit]
        c.add("exclusionary-term", f"{hit.text!r}: {hit.term.why}",
              c.where(unit, hit.start, hit.text), hit.term.suggest, level=hit.term.level)
    return {"gender": {"verdict": coding.verdict, "masculine": masc, "feminine": fem}}


def _readability(c: Collector, settings: LintSettings) -> dict[str, Any]:
    measured = readability.measure([u.text for u in c.doc.units])
    grade, ease = measured.grade, measured.reading_ease
    if grade > settings.max_grade:
        c.add("readability", f"grade {grade:.1f} readability (Flesch reading ease {ease:.1f}); "
                             f"aim for grade {settings.max_grade:g} or lower",
              Location("title", 1), "use shorter sentences and everyday words",
              brief=f"grade {round(grade):g} readability")
    words = measured.words
    if not settings.min_words <= words <= settings.max_words:
        c.add("length", f"{words} words; aim for {settings.min_words}-"
                        f"{settings.max_words}", Location("title", 1),
              "cut repetition" if words > settings.max_words else "say more about the work")
    return {"readability": measured.to_dict()}


def _pay(c: Collector, facts: pay.Facts, pay_unit: Unit | None) -> dict[str, Any]:
    laws = pay.laws_for(facts)
    for missing in pay.missing_duties(facts, laws):
        codes = ", ".join(law.code for law in missing.laws)
        where = (Location(pay_unit.section, pay_unit.line, pay_unit.text) if pay_unit
                 else Location("intro", None))
        c.add("pay-transparency", f"{missing.message} — required by {codes}", where,
              _PAY_FIX[missing.duty],
              sources=[_law_source(law, missing.duty) for law in missing.laws])
    return {"pay_laws": [law.code for law in laws]}


def _law_source(law: pay.Law, duty: str) -> str:
    since = law.requires.get(duty, law.requires.get("pay_range", law.effective))
    return (f"{law.code}: {law.name}, in force from {since} (employers: {law.employers}; "
            f"sources: {', '.join(law.sources)})")


_PAY_FIX = {
    "pay_range": "set salary.min and salary.max (company file or --var salary.min=...)",
    "open": "set both salary.min and salary.max",
    "order": "swap salary.min and salary.max",
    "fixed": "give a range: salary.min below salary.max",
    "width": "narrow the range to 50,000 a year or less",
    "period": "state the pay period (salary.period: hour, day, week, month or year)",
    "benefits": "list benefits (company file 'benefits:')",
    "deadline": "set valid_through (--var valid_through=YYYY-MM-DD) or "
                "application_days in the company file",
}


def lint_document(doc: Document, facts: pay.Facts | None, settings: LintSettings, *,
                  name: str, pay_unit: Unit | None = None,
                  eeo: bool | None = None, apply: bool | None = None,
                  structured: Sequence[SchemaError] = ()) -> LintResult:
    """Run every rule family over ``doc``; ``facts`` None skips the pay rule (place unknown).

    ``structured`` are the posting's JSON-LD problems (``formats.jsonld.problems``).
    """
    c = Collector(doc, settings.rules)
    metrics: dict[str, Any] = {}
    metrics.update(_wording(c, settings))
    metrics.update(_readability(c, settings))
    check_structure(c, settings, eeo, apply)
    for problem in structured:
        c.add("structured-data", f"{problem.path}: {problem.message}" if problem.path
              else problem.message, Location("intro", None), problem.hint,
              brief="JSON-LD lacks required data")
    if facts is not None:
        metrics.update(_pay(c, facts, pay_unit))
    else:
        metrics["pay_laws"] = None
    return LintResult(name, _ordered(c.findings), metrics, dict(settings.allow))


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Reading order, so the text report lists sections as the posting does."""
    order = {lv: i for i, lv in enumerate(LEVELS)}
    return sorted(findings, key=lambda f: (f.location.line or 0, order[f.level]))


def lint_posting(posting, settings: LintSettings | None = None,
                 markdown: str | None = None) -> LintResult:
    """Lint one posting; ``markdown`` is its rendering (default: the built-in template)."""
    from .render import file_name

    if markdown is None:
        from .library import builtin_root
        from .render import RenderOptions, render_posting

        options = RenderOptions(template_dirs=(builtin_root() / "templates",))
        markdown = render_posting(posting, "md", options).decode("utf-8")
    ids = {s.heading: s.id for s in posting.sections if s.heading}
    doc = document.parse_markdown(markdown, ids)
    c = posting.company
    facts = pay.Facts(posting.date)
    facts.places = [pay.Place(loc.country, loc.region, loc.city)
                    for loc in c.locations if loc.country]
    if c.workplace == "remote":
        regions = [pay.Place.parse(r) for r in c.remote_regions]
        facts.remote_regions = [r for r in regions if r] or [
            pay.Place(p.country) for p in facts.places]
    if c.salary and (c.salary.min is not None or c.salary.max is not None):
        facts.pay = pay.Pay(c.salary.min, c.salary.max, c.salary.period, c.salary.currency,
                            posting.salary or "")
    facts.benefits = bool(posting.section("benefits"))
    facts.deadline = c.valid_through is not None
    pay_unit = next((u for u in doc.units if posting.salary and u.text == posting.salary),
                    None)
    name = file_name(posting, "md")
    from .formats.jsonld import problems

    return lint_document(doc, facts, settings or LintSettings(), name=name,
                         pay_unit=pay_unit, eeo=bool(posting.section("equal-opportunity")),
                         apply=bool(posting.section("apply")), structured=problems(posting))


def lint_text(text: str, settings: LintSettings | None = None, *, name: str = "-",
              regions: Sequence[str] = (), date: dt.date | None = None) -> LintResult:
    """Lint Markdown or text written elsewhere; ``regions`` (``US-CO``) turn on the pay rule."""
    from .context import posting_date

    doc = document.parse_markdown(text)
    facts = None
    if regions:
        places = []
        for code in regions:
            place = pay.Place.parse(code)
            if place is None:
                raise VariableError(f"--region {code!r} is not a region code",
                                    hint="use ISO 3166 codes such as US, US-CO or CA-ON")
            places.append(place)
        facts = pay.Facts(posting_date(date), places=places, remote_regions=places)
        pay_unit = None
        for unit in doc.units:
            found = pay.find_pay(unit.text)
            if found:
                facts.pay, pay_unit = found, unit
                break
        facts.benefits = bool(doc.in_section(*sections_of(doc, "benefits")))
        facts.deadline = any(DEADLINE.search(u.text) for u in doc.units)
        return lint_document(doc, facts, settings or LintSettings(), name=name,
                             pay_unit=pay_unit)
    return lint_document(doc, None, settings or LintSettings(), name=name)


# --- what to lint ----------------------------------------------------------------------

_TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")


def is_text_input(target: str) -> bool:
    """``-`` or a Markdown / text file path (anything else names a profile)."""
    return target == "-" or target.lower().endswith(_TEXT_SUFFIXES) or "/" in target


def lint_targets(library, targets: Sequence[str], *, all_profiles: bool = False,
                 companies: Sequence[str] = (), vars_file: str | None = None,
                 var: Sequence[str] = (), date: dt.date | None = None,
                 regions: Sequence[str] = (), template: str = "posting",
                 stdin: str | None = None,
                 settings: LintSettings | None = None) -> list[LintResult]:
    """Lint profiles (rendered with each company) and text files; all inputs read first.

    Without ``companies`` a profile is linted with ``[render] company`` from
    ``jdgen.toml``, else with every company of the library. ``settings`` default to
    ``load_settings(library)``.
    """
    from .errors import NotFoundError
    from .library import display_path
    from .render import load_posting, render_posting

    settings = settings or load_settings(library)
    texts = [t for t in targets if is_text_input(t)]
    profiles = [t for t in targets if not is_text_input(t)]
    if all_profiles:
        profiles += [p for p in library.profiles if p not in profiles]
    if not texts and not profiles:
        raise VariableError("nothing to lint", hint="name a PROFILE, a FILE.md, '-' or --all")
    sources: list[tuple[str, str]] = []
    for target in texts:
        if target == "-":
            sources.append(("-", stdin or ""))
            continue
        path = Path(target)
        try:
            sources.append((display_path(path), path.read_text("utf-8-sig")))
        except FileNotFoundError as e:
            raise NotFoundError(f"file {target!r} does not exist",
                                hint="check the path, or name a profile") from e
        except (OSError, UnicodeDecodeError) as e:
            raise NotFoundError(f"cannot read {target!r}: {e}", hint="pass a UTF-8 text file"
                                ) from e
    postings = []
    if profiles:
        if not companies:
            from .config import load_config

            default = load_config(library).render.company
            companies = [default] if default else [str(e.path) for e in
                                                    library.companies.values()] or [None]
        for profile in profiles:
            for company in companies:
                postings.append(load_posting(library, profile, company, vars_file=vars_file,
                                             var=var, date=date)[0])
    options = markdown_options(library, template)
    results = [lint_posting(p, settings, render_posting(p, "md", options).decode("utf-8"))
               for p in postings]
    results += [lint_text(text, settings, name=name, regions=regions, date=date)
                for name, text in sources]
    return results


def markdown_options(library, template: str):
    """Render options for the Markdown that lint reads, for a posting rendered with ``template``.

    A template may exist for some formats only (a branded classic.docx): lint then reads
    the default Markdown, which carries the same content.
    """
    from .render import RenderOptions

    md_template = template if f"{template}.md.j2" in library.templates() else "posting"
    return RenderOptions.for_library(library, md_template)


def lint_rendered(library, rendered: Sequence, template: str = "posting") -> list[LintResult]:
    """Lint each posting of ``render_many``'s results once, reusing its Markdown if rendered."""
    from .render import render_posting

    settings = load_settings(library)
    options = markdown_options(library, template)
    seen: dict[int, tuple[Any, str | None]] = {}
    for r in rendered:
        posting, md = seen.get(id(r.posting), (r.posting, None))
        seen[id(r.posting)] = (posting, r.data.decode("utf-8") if r.format == "md" else md)
    return [lint_posting(posting, settings,
                         md if md is not None
                         else render_posting(posting, "md", options).decode("utf-8"))
            for posting, md in seen.values()]
