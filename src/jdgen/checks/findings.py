"""The rule catalogue and what a rule reports: findings with a level, location and suggestion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from .document import Document, Unit

LEVELS = ("error", "warning", "info")


class Rule(msgspec.Struct, frozen=True):
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
         "above grade 12 by default ([lint] max_grade). Shorter sentences and shorter "
         "words help."),
    Rule("length", "warning", "Posting length",
         "Postings of 300-900 words get the most applications; a warning outside that "
         "range ([lint] min_words and max_words change it)."),
    Rule("requirements-count", "warning", "Too many required qualifications",
         "Long must-have lists deter qualified applicants, women more than men; a warning "
         "above 8 required items by default ([lint] max_required)."),
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
    Rule("structured-data", "warning", "JSON-LD required properties",
         "Google's job search needs a place of work: company locations, or for a fully "
         "remote role remote_regions; and real ISO 3166 / ISO 4217 codes. Without them "
         "'render --format jsonld' stops and HTML pages go without their JobPosting block."),
)}


class Location(msgspec.Struct, frozen=True):
    section: str | None
    line: int | None
    text: str | None = None


class Finding(msgspec.Struct, frozen=True):
    """One problem: rule id, level, message, the matched text and where it is, a suggestion."""

    rule: str
    level: str
    message: str
    location: Location = Location(None, None)
    suggestion: str | None = None
    related: tuple[Location, ...] = ()
    brief: str | None = None  # for one-line summaries; default: the message
    sources: tuple[str, ...] = ()  # where the rule comes from (laws, with their sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "level": self.level, "message": self.message,
            "section": self.location.section, "line": self.location.line,
            "text": self.location.text, "suggestion": self.suggestion,
            "occurrences": [{"section": r.section, "line": r.line, "text": r.text}
                            for r in self.related],
            "sources": list(self.sources),
        }


class Collector:
    """Findings with their configured levels; rules set ``off`` are dropped."""

    def __init__(self, doc: Document, levels: dict[str, str]) -> None:
        self.doc = doc
        self.levels = levels
        self.findings: list[Finding] = []

    def where(self, unit: Unit, offset: int = 0, text: str | None = None) -> Location:
        return Location(unit.section, unit.line_at(offset), text)

    def add(self, rule: str, message: str, location: Location | None = None,
            suggestion: str | None = None, level: str | None = None,
            related: Sequence[Location] = (), brief: str | None = None,
            sources: Sequence[str] = ()) -> None:
        level = self.levels.get(rule) or level or RULES[rule].level
        if level == "off":
            return
        self.findings.append(Finding(rule, level, message, location or Location(None, None),
                                     suggestion, tuple(related), brief, tuple(sources)))
