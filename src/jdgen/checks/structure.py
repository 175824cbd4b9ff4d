"""Turn a parsed posting into structure findings: requirement count, degree gates, missing parts."""

from __future__ import annotations

import re

from .document import Document
from .findings import Collector, Location

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
_APPLY = re.compile(r"\bapply\b|\bsend (?:us )?your|\bapplications? to\b", re.IGNORECASE)
_CONTACT = re.compile(r"https?://\S+|\S+@\S+\.\w+|\bwww\.\S+")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{%|%\}|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX\b|"
                          r"\[(?:company(?: name)?|insert[^\]]*|job title|location|salary|"
                          r"name|date)\]|lorem ipsum", re.IGNORECASE)
_CASE_SENSITIVE = {"todo", "tbd", "fixme", "xxx"}
_DEGREE = re.compile(r"\b(?:degree|bachelor|master's|masters|b\.?sc?\b|m\.?sc\b|ph\.?d|"
                     r"diploma|graduate of)", re.IGNORECASE)
_EQUIVALENT = re.compile(r"equivalent|equal (?:hands-on )?experience|or (?:similar|comparable|"
                         r"relevant|practical) experience|or experience", re.IGNORECASE)
DEADLINE = re.compile(r"apply by|applications? (?:close|closes|are due|deadline)|closing date|"
                       r"deadline|application window|accepting applications until",
                       re.IGNORECASE)


def sections_of(doc: Document, kind: str) -> list[str]:
    """Ids of the sections holding ``kind`` (requirements, benefits, apply, ...)."""
    pattern = re.compile(_KINDS[kind], re.IGNORECASE)
    return [sid for sid, s in doc.sections.items()
            if sid == kind or (s.heading and pattern.search(s.heading))]



def check_structure(c: Collector, settings, eeo_known: bool | None = None,
                    apply_known: bool | None = None) -> None:
    """Requirement count, degree gates, equal opportunity, way to apply, empty sections,
    placeholders; ``*_known`` come from the content model of a rendered posting."""
    doc = c.doc
    req_ids = sections_of(doc, "requirements")
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
    body = [u for u in doc.units if u.kind != "heading"]
    eeo = eeo_known if eeo_known is not None else any(_EEO.search(u.text) for u in body)
    if not eeo:
        c.add("equal-opportunity", "no equal-opportunity statement",
              suggestion="set equal_opportunity in the company file" if eeo_known is not None
              else "add a statement that you are an equal opportunity employer")
    apply_units = doc.in_section(*sections_of(doc, "apply")) + [
        u for u in body if _APPLY.search(u.text)]
    has_apply = apply_known if apply_known is not None else any(
        _CONTACT.search(u.text) for u in apply_units)
    if not has_apply:
        c.add("how-to-apply", "no way to apply (a URL or an e-mail address)",
              suggestion="set apply.url or apply.email in the company file"
              if apply_known is not None else "add a web address or an e-mail address to apply")
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
