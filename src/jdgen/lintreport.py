"""Turn lint results into a report: text grouped by section, JSON, or SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .lint import LEVELS, RULES, LintResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}


def summary(result: LintResult) -> str:
    """One line: ``2 warnings: masculine-coded wording (4: competitive, …); grade 14 …``."""
    counts = [f"{n} {lv}{'s' if n != 1 else ''}" for lv in ("error", "warning")
              if (n := result.count(lv))]
    if not counts:
        return "no errors or warnings"
    parts = []
    for f in result.findings:
        if f.level in ("error", "warning"):
            parts.append(f.brief or _short(f.message))
    return f"{', '.join(counts)}: {'; '.join(dict.fromkeys(parts))}"


def _short(message: str, width: int = 70) -> str:
    return message if len(message) <= width else message[: width - 1].rstrip() + "…"


def to_text(results: Sequence[LintResult], color: bool = False) -> str:
    """Findings per posting, grouped by section, then a total line."""
    import click

    lines: list[str] = []
    for result in results:
        lines.append(click.style(result.name, bold=True) if color else result.name)
        sections: dict[str, list] = {}
        for f in result.findings:
            sections.setdefault(f.location.section or "posting", []).append(f)
        for section, findings in sections.items():
            lines.append(f"  [{section}]")
            for f in findings:
                level = f"{f.level}:"
                if color:
                    level = click.style(level, fg=_COLOUR[f.level], bold=f.level == "error")
                where = f"line {f.location.line}: " if f.location.line else ""
                lines.append(f"    {where}{level} {f.message} [{f.rule}]")
                if f.suggestion:
                    lines.append(f"      → {f.suggestion}")
                lines += [f"      source: {source}" for source in f.sources]
        r = result.metrics.get("readability", {})
        laws = result.metrics.get("pay_laws")
        lines.append(f"  {r.get('words', 0)} words, Flesch reading ease "
                     f"{r.get('flesch_reading_ease', 0):.1f}, grade "
                     f"{r.get('flesch_kincaid_grade', 0):.1f}; gender coding: "
                     f"{result.metrics.get('gender', {}).get('verdict', '-')}; pay laws: "
                     + ("not checked (no location)" if laws is None
                        else ", ".join(laws) or "none"))
    totals = {lv: sum(r.count(lv) for r in results) for lv in LEVELS}
    lines.append(f"{len(results)} posting(s): {totals['error']} error(s), "
                 f"{totals['warning']} warning(s), {totals['info']} info")
    return "\n".join(lines) + "\n"


def to_json(results: Sequence[LintResult]) -> str:
    data = {"postings": [r.to_dict() for r in results],
            "errors": sum(r.count("error") for r in results),
            "warnings": sum(r.count("warning") for r in results)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_sarif(results: Sequence[LintResult], version: str) -> str:
    """One SARIF run; each finding a result whose location is a line of the Markdown posting."""
    rule_ids = list(RULES)
    rules = [{"id": r.id, "name": r.name.title().replace(" ", "").replace("-", ""),
              "shortDescription": {"text": r.name}, "fullDescription": {"text": r.help},
              "help": {"text": r.help},
              "defaultConfiguration": {"level": _SARIF_LEVEL[r.level]}}
             for r in RULES.values()]
    out: list[dict[str, Any]] = []
    for result in results:
        for f in result.findings:
            entry: dict[str, Any] = {
                "ruleId": f.rule, "ruleIndex": rule_ids.index(f.rule),
                "level": _SARIF_LEVEL[f.level],
                "message": {"text": f.message + (f" — {f.suggestion}" if f.suggestion else "")},
                "locations": [_location(result.name, f.location)],
            }
            if f.related:
                entry["relatedLocations"] = [
                    {"id": i, **_location(result.name, loc)} for i, loc in enumerate(f.related)]
            entry["properties"] = {"posting": result.name, "section": f.location.section,
                                   "sources": list(f.sources)}
            out.append(entry)
    artifacts = [{"location": {"uri": uri}} for uri in dict.fromkeys(r.name for r in results)]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jdgen lint", "version": version,
                                "rules": rules}},
            "artifacts": artifacts,
            "results": out,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _location(uri: str, loc) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if loc.line:
        physical["region"] = {"startLine": loc.line}
        if loc.text:
            physical["region"]["snippet"] = {"text": loc.text}
    out: dict[str, Any] = {"physicalLocation": physical}
    if loc.section:
        out["logicalLocations"] = [{"name": loc.section, "kind": "section"}]
    return out


def render_report(results: Sequence[LintResult], fmt: str, *, color: bool = False) -> str:
    """The report in ``text``, ``json`` or ``sarif``."""
    if fmt == "json":
        return to_json(results)
    if fmt == "sarif":
        from . import __version__

        return to_sarif(results, __version__)
    return to_text(results, color)
