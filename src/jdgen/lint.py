"""Turn a posting (or any posting text) into lint findings: wording, readability, law, completeness.

Public API: ``lint_posting(posting)``, ``lint_text(text)``, ``lint_library(library, ...)``;
each gives a ``LintResult`` (findings and measurements). ``checks/`` holds the rule
families; ``lintreport`` turns results into text, JSON or SARIF.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec

from .checks import document, pay, readability, wording
from .checks.document import Document, Unit
from .errors import SchemaError, VariableError

LEVELS = ("error", "warning", "info")
Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    id: str
    level: str  # default level; a finding may carry its own (terms from data)
    name: str
    help: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("gender-coded", "warning", "Gender-coded wording",
         "Counts masculine- and feminine-coded words (Gaucher, D., Friesen, J., & Kay, A. C. "
         "(2011). Evidence that gendered wording in job advertisements exists and sustains "
         "gender inequality. Journal of Personality and Social Psychology, 101(1), 109-128; "
         "word stems as maintained by the Gender Decoder project). Masculine-coded postings "
         "appeal less to women; a warning when the verdict is masculine-coded."),
    Rule("exclusionary-term", "warning", "Exclusionary or off-putting term",
         "Words that deter qualified applicants or signal an age, gender or origin "
         "preference, each with a replacement (jdgen/data/exclusionary-terms.yaml, "
         "extendable with lint/exclusionary-terms.yaml in a library)."),
    Rule("readability", "warning", "Hard to read",
         "Flesch reading ease and Flesch-Kincaid grade of the whole posting; a warning "
         "above grade 12 (shorter sentences and shorter words help)."),
    Rule("length", "warning", "Posting length",
         "Postings of 300-900 words get the most applications; a warning outside that."),
    Rule("requirements-count", "warning", "Too many required qualifications",
         "Long must-have lists deter qualified applicants, women more than men; a warning "
         "above 8 required items."),
    Rule("degree-gate", "info", "Degree required",
         "A degree requirement without 'or equivalent experience' shuts out people who "
         "learned the job another way."),
    Rule("pay-transparency", "error", "Pay transparency",
         "Where a pay-transparency law in force on the posting date covers the posting's "
         "location (or, for remote roles, its allowed regions), the posting must state a pay "
         "range with minimum and maximum, its period, and where the law asks, benefits and "
         "the application deadline (jdgen/data/pay-transparency.yaml, with sources). "
         "Not legal advice."),
    Rule("equal-opportunity", "error", "Equal-opportunity statement",
         "Every posting needs an equal-opportunity statement."),
    Rule("how-to-apply", "error", "Way to apply",
         "Every posting needs a way to apply: a URL or an e-mail address."),
    Rule("empty-section", "warning", "Empty section",
         "A heading with nothing under it."),
    Rule("placeholder", "error", "Unfilled placeholder",
         "Template leftovers such as {{, TODO, TBD or [Company] must not be published."),
)}


@dataclass(frozen=True)
class Location:
    section: str | None
    line: int | None
    text: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem: rule id, level, message, the matched text and where it is, a suggestion."""

    rule: str
    level: str
    message: str
    location: Location = Location(None, None)
    suggestion: str | None = None
    related: tuple[Location, ...] = ()
    brief: str | None = None  # for one-line summaries; default: the message

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "level": self.level, "message": self.message,
            "section": self.location.section, "line": self.location.line,
            "text": self.location.text, "suggestion": self.suggestion,
            "occurrences": [{"section": r.section, "line": r.line, "text": r.text}
                            for r in self.related],
        }


@dataclass
class LintResult:
    """The findings for one posting, plus what was measured."""

    name: str  # shown in reports: the Markdown file name or the input path
    uri: str  # the artifact SARIF points at
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    allowed: dict[str, str] = field(default_factory=dict)

    def count(self, level: str) -> int:
        return sum(f.level == level for f in self.findings)

    def fails(self, fail_on: str) -> bool:
        """True when a finding is at ``fail_on`` or worse."""
        worst = LEVELS[: LEVELS.index(fail_on) + 1]
        return any(f.level in worst for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"posting": self.name, "uri": self.uri, "errors": self.count("error"),
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
    terms: list[Path] = []  # extra term files (set from the library, not the TOML)


class _Table(msgspec.Struct):
    lint: LintSettings


def settings_from(data: dict[str, Any], where: str | None = None,
                  terms: Sequence[Path] = ()) -> LintSettings:
    """Check the ``[lint]`` table; unknown rules and empty reasons are errors."""
    from .models import schema_error

    data = {k: v for k, v in data.items() if k != "terms"}
    try:
        settings = msgspec.convert({"lint": data}, _Table).lint
    except msgspec.ValidationError as e:
        raise schema_error(str(e), _Table, None, where) from e
    for rule in settings.rules:
        if rule not in RULES:
            close = difflib.get_close_matches(rule, RULES, n=1)
            raise SchemaError(f"[lint.rules] unknown rule {rule!r}", path=where,
                              hint=f"did you mean {close[0]!r}?" if close
                              else f"rules: {', '.join(RULES)}")
    for rule, level in settings.rules.items():
        if level not in (*LEVELS, "off"):
            raise SchemaError(f"[lint.rules] {rule!r} cannot be {level!r}", path=where,
                              hint="use one of: error, warning, info, off")
    for word, reason in settings.allow.items():
        if not str(reason).strip():
            raise SchemaError(f"[lint.allow] {word!r} has no reason", path=where,
                              hint=f'write why it is fine: {word} = "our job title"')
    allow = {" ".join(k.lower().split()): v for k, v in settings.allow.items()}
    return msgspec.structs.replace(settings, allow=allow, terms=list(terms))


def load_settings(library) -> LintSettings:
    """The ``[lint]`` settings of the library and its term files (built-in ones first)."""
    from .config import config_path, load_config
    from .library import display_path

    path = config_path(library)
    extra = [r.path / "lint" / "exclusionary-terms.yaml" for r in reversed(library.roots)]
    return settings_from(load_config(library).lint, display_path(path) if path else None,
                         [p for p in extra if p.is_file()])


# --- linting ---------------------------------------------------------------------------


class _Collector:
    """Findings with configured levels; ``off`` rules are dropped."""

    def __init__(self, doc: Document, settings: LintSettings) -> None:
        self.doc = doc
        self.settings = settings
        self.findings: list[Finding] = []

    def where(self, unit: Unit, offset: int = 0, text: str | None = None) -> Location:
        return Location(unit.section, unit.line_at(offset), text)

    def add(self, rule: str, message: str, location: Location | None = None,
            suggestion: str | None = None, level: str | None = None,
            related: Sequence[Location] = (), brief: str | None = None) -> None:
        level = self.settings.rules.get(rule) or level or RULES[rule].level
        if level == "off":
            return
        self.findings.append(Finding(rule, level, message, location or Location(None, None),
                                     suggestion, tuple(related), brief))


# Section ids by what they hold, for postings written elsewhere (headings vary).
_KINDS = {
    "requirements": r"requirement|qualification|must[- ]have|what you (?:need|bring)|"
                    r"who you are|you have|skills you",
    "benefits": r"benefit|perk|what we offer|compensation|why join|we offer",
    "apply": r"apply|application",
    "equal-opportunity": r"equal|diversity|inclusion|eeo",
}
_EEO = re.compile(r"equal[ -](?:employment )?opportunit|we do not discriminate|without regard to|"
                  r"\beeo\b|chancengleich|gleichbehandlung", re.IGNORECASE)
_CONTACT = re.compile(r"https?://\S+|\S+@\S+\.\w+|\bwww\.\S+")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{%|%\}|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX\b|"
                          r"\[(?:company(?: name)?|insert[^\]]*|job title|location|salary|"
                          r"name|date)\]|lorem ipsum", re.IGNORECASE)
_CASE_SENSITIVE = {"todo", "tbd", "fixme", "xxx"}
_DEGREE = re.compile(r"\b(?:degree|bachelor|master's|masters|b\.?sc?\b|m\.?sc\b|ph\.?d|"
                     r"diploma|graduate of)", re.IGNORECASE)
_EQUIVALENT = re.compile(r"equivalent|equal (?:hands-on )?experience|or (?:similar|comparable|"
                         r"relevant|practical) experience|or experience", re.IGNORECASE)
_DEADLINE = re.compile(r"apply by|applications? (?:close|closes|are due|deadline)|closing date|"
                       r"deadline|application window|accepting applications until",
                       re.IGNORECASE)


def _sections_of(doc: Document, kind: str) -> list[str]:
    pattern = re.compile(_KINDS[kind], re.IGNORECASE)
    return [sid for sid, s in doc.sections.items()
            if sid == kind or (s.heading and pattern.search(s.heading))]


def _wording(c: _Collector) -> dict[str, Any]:
    doc, settings = c.doc, c.settings
    allowed = frozenset(settings.allow)
    coding = wording.gender_coding(doc, allowed)
    masc, fem = coding.counts("masculine"), coding.counts("feminine")
    if coding.verdict != "empty":
        shown = masc if "masculine" in coding.verdict else fem
        words = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in shown.items())
        coded = coding.masculine if "masculine" in coding.verdict else coding.feminine
        if not coded:  # neutral: both sides balance
            coded = coding.masculine
            words = ", ".join(masc)
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


def _readability(c: _Collector) -> dict[str, Any]:
    measured = readability.measure([u.text for u in c.doc.units])
    grade, ease = measured.grade, measured.reading_ease
    if grade > c.settings.max_grade:
        c.add("readability", f"grade {grade:g} readability (Flesch reading ease {ease:g}); "
                             f"aim for grade {c.settings.max_grade:g} or lower",
              Location("title", 1), "use shorter sentences and everyday words",
              brief=f"grade {round(grade):g} readability")
    words = measured.words
    if not c.settings.min_words <= words <= c.settings.max_words:
        c.add("length", f"{words} words; aim for {c.settings.min_words}-"
                        f"{c.settings.max_words}", Location("title", 1),
              "cut repetition" if words > c.settings.max_words else "say more about the work")
    return {"readability": measured.to_dict()}


def _structure(c: _Collector, eeo_known: bool | None = None,
               apply_known: bool | None = None) -> None:
    doc, settings = c.doc, c.settings
    req_ids = _sections_of(doc, "requirements")
    required = [u for u in doc.in_section(*req_ids) if u.kind == "item"]
    if len(required) > settings.max_required:
        unit = required[settings.max_required]
        c.add("requirements-count",
              f"{len(required)} required qualifications; keep to {settings.max_required} or "
              "fewer", c.where(unit, 0, unit.text), "move nice-to-haves to a preferred list")
    for unit in doc.in_section(*req_ids) if req_ids else doc.units:
        m = _DEGREE.search(unit.text)
        if m and not _EQUIVALENT.search(unit.text):
            c.add("degree-gate", "a degree is required without 'or equivalent experience'",
                  c.where(unit, m.start(), unit.text), "add 'or equivalent experience'")
    eeo = eeo_known if eeo_known is not None else bool(
        doc.in_section(*_sections_of(doc, "equal-opportunity"))
        and any(_EEO.search(u.text) for u in doc.units)) or any(
        _EEO.search(u.text) for u in doc.units)
    if not eeo:
        c.add("equal-opportunity", "no equal-opportunity statement",
              suggestion="set equal_opportunity in the company file")
    apply_units = doc.in_section(*_sections_of(doc, "apply"))
    has_apply = apply_known if apply_known is not None else any(
        _CONTACT.search(u.text) for u in apply_units)
    if not has_apply:
        c.add("how-to-apply", "no way to apply (a URL or an e-mail address)",
              suggestion="set apply.url or apply.email in the company file")
    for sid, section in doc.sections.items():
        if section.heading and not section.units and not any(
                u.section == sid and u.kind == "heading" and u.level > 2 for u in doc.units):
            c.add("empty-section", f"section {section.heading!r} is empty",
                  Location(sid, section.line, section.heading), "fill it in or remove it")
    for unit in doc.units:
        for m in _PLACEHOLDER.finditer(unit.text):
            if m.group(0).lower() in _CASE_SENSITIVE and not m.group(0).isupper():
                continue
            c.add("placeholder", f"unfilled placeholder {m.group(0)!r}",
                  c.where(unit, m.start(), m.group(0)), "fill in the value or remove it")


def _pay(c: _Collector, facts: pay.Facts, pay_unit: Unit | None) -> dict[str, Any]:
    laws = pay.laws_for(facts)
    for missing in pay.missing_duties(facts, laws):
        codes = ", ".join(law.code for law in missing.laws)
        names = "; ".join(f"{law.code}: {law.name} (employers: {law.employers}; sources: "
                          f"{', '.join(law.sources)})" for law in missing.laws)
        where = (Location(pay_unit.section, pay_unit.line, pay_unit.text) if pay_unit
                 else Location("intro", None))
        c.add("pay-transparency", f"{missing.message} — required by {codes}", where,
              _PAY_FIX.get(missing.duty, "see " + names))
    return {"pay_laws": [law.code for law in laws]}


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
                  name: str, uri: str, pay_unit: Unit | None = None,
                  eeo: bool | None = None, apply: bool | None = None) -> LintResult:
    """Run every rule family over ``doc``; ``facts`` None skips the pay rule (place unknown)."""
    c = _Collector(doc, settings)
    metrics: dict[str, Any] = {}
    metrics.update(_wording(c))
    metrics.update(_readability(c))
    _structure(c, eeo, apply)
    if facts is not None:
        metrics.update(_pay(c, facts, pay_unit))
    else:
        metrics["pay_laws"] = None
    order = {lv: i for i, lv in enumerate(LEVELS)}
    # Reading order, so the text report lists sections as the posting does.
    findings = sorted(c.findings, key=lambda f: (f.location.line or 0, order[f.level]))
    return LintResult(name, uri, findings, metrics, dict(settings.allow))


def lint_posting(posting, settings: LintSettings | None = None,
                 markdown: str | None = None) -> LintResult:
    """Lint one posting; ``markdown`` is its rendering (default: the built-in template)."""
    from .output import output_name

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
    name = output_name(posting.profile_id, posting.company_slug, "md")
    return lint_document(doc, facts, settings or LintSettings(), name=name, uri=name,
                         pay_unit=pay_unit, eeo=bool(posting.section("equal-opportunity")),
                         apply=bool(posting.section("apply")))


def lint_text(text: str, settings: LintSettings | None = None, *, name: str = "-",
              regions: Sequence[str] = (), date: dt.date | None = None) -> LintResult:
    """Lint Markdown or plain text written elsewhere; ``regions`` (``US-CO``) enable the pay rule."""
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
        facts.benefits = bool(doc.in_section(*_sections_of(doc, "benefits")))
        facts.deadline = any(_DEADLINE.search(u.text) for u in doc.units)
        return lint_document(doc, facts, settings or LintSettings(), name=name, uri=name,
                             pay_unit=pay_unit)
    return lint_document(doc, None, settings or LintSettings(), name=name, uri=name)


# --- what to lint ----------------------------------------------------------------------

_TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")


def is_text_input(target: str) -> bool:
    """``-`` or a Markdown / text file path (anything else names a profile)."""
    return target == "-" or target.lower().endswith(_TEXT_SUFFIXES) or "/" in target


def lint_targets(library, targets: Sequence[str], *, all_profiles: bool = False,
                 companies: Sequence[str] = (), vars_file: str | None = None,
                 var: Sequence[str] = (), date: dt.date | None = None,
                 regions: Sequence[str] = (), template: str = "posting",
                 stdin: str | None = None) -> list[LintResult]:
    """Lint profiles (rendered with each company) and text files; all inputs read first.

    Without ``companies`` a profile is linted with ``[render] company`` from
    ``jdgen.toml``, else with every company of the library.
    """
    from .errors import NotFoundError
    from .library import display_path
    from .render import RenderOptions, load_posting, render_posting

    settings = load_settings(library)
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
    options = RenderOptions.for_library(library, template)
    results = [lint_posting(p, settings, render_posting(p, "md", options).decode("utf-8"))
               for p in postings]
    results += [lint_text(text, settings, name=name, regions=regions, date=date)
                for name, text in sources]
    return results


def lint_rendered(library, rendered: Sequence, template: str = "posting") -> list[LintResult]:
    """Lint each posting of ``render_many``'s results once, reusing its Markdown if rendered."""
    from .render import RenderOptions, render_posting

    settings = load_settings(library)
    options = RenderOptions.for_library(library, template)
    seen: dict[int, tuple[Any, str | None]] = {}
    for r in rendered:
        posting, md = seen.get(id(r.posting), (r.posting, None))
        seen[id(r.posting)] = (posting, r.data.decode("utf-8") if r.format == "md" else md)
    return [lint_posting(posting, settings,
                         md if md is not None
                         else render_posting(posting, "md", options).decode("utf-8"))
            for posting, md in seen.values()]
