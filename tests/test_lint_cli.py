"""``jdgen lint`` and the lint summary of ``jdgen render``, as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from .conftest import DATA, DATE, make_library, run

BAD = """# Rockstar Engineer

We want a young, competitive and dominant rockstar. TODO: pay.

## Requirements

- A bachelor's degree in computer science.
- Lead, lead, lead.
"""


def test_builtin_profile_is_clean() -> None:
    result = run("lint", "senior-backend", "-c", "acme", "--date", DATE)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "senior-backend-engineer-acme.md"
    assert result.stdout.endswith("1 posting(s): 0 error(s), 0 warning(s), 0 info\n")


def test_whole_builtin_library_has_no_errors_or_warnings() -> None:
    result = run("lint", "--all", "--date", DATE, "--strict", "--format", "json")
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert len(report["postings"]) == 24  # 12 profiles x 2 companies
    assert (report["errors"], report["warnings"]) == (0, 0)
    laws = {p["posting"]: p["metrics"]["pay_laws"] for p in report["postings"]}
    assert laws["senior-backend-engineer-acme.md"] == ["US-CO"]
    assert laws["senior-backend-engineer-nordlicht.md"] == ["EU"]


def test_file_with_problems_fails_with_exit_1(isolated: Path) -> None:
    (isolated / "job.md").write_text(BAD, "utf-8")
    result = run("lint", "job.md")
    assert result.exit_code == 1
    assert result.stderr == ("error: 1 of 1 posting(s) have findings at level 'error' or "
                             "worse\n")
    lines = result.stdout.splitlines()
    assert lines[0] == "job.md"
    assert "  [intro]" in lines and "  [requirements]" in lines
    assert ("    line 3: error: 'young': Age words are discriminatory (EEOC, 29 CFR 1625.4) "
            "and deter older applicants. [exclusionary-term]") in lines
    assert "    line 3: error: unfilled placeholder 'TODO' [placeholder]" in lines
    assert ("    line 3: warning: strongly masculine-coded wording (5 masculine, 0 feminine: "
            "lead ×3, competitive, dominant) [gender-coded]") in lines
    assert "      → add 'or equivalent experience'" in lines
    assert lines[-1] == "1 posting(s): 4 error(s), 4 warning(s), 1 info"


def test_stdin_and_json() -> None:
    result = run("lint", "-", "--format", "json", input=BAD)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (posting,) = report["postings"]
    assert posting["posting"] == "-"
    assert posting["metrics"]["gender"] == {
        "verdict": "strongly masculine-coded",
        "masculine": {"lead": 3, "competitive": 1, "dominant": 1}, "feminine": {}}
    rules = [(f["rule"], f["level"], f["line"], f["text"]) for f in posting["findings"]]
    assert ("exclusionary-term", "warning", 1, "Rockstar") in rules
    assert ("degree-gate", "info", 7, "A bachelor's degree in computer science.") in rules


def test_strict_and_fail_on(isolated: Path) -> None:
    (isolated / "ok.md").write_text(
        "# Engineer\n\nA competitive salary.\n\n## How to apply\n\nhttps://x.example/apply\n\n"
        "## Equal opportunity\n\nWe are an equal opportunity employer.\n", "utf-8")
    assert run("lint", "ok.md").exit_code == 0  # warnings only
    assert run("lint", "ok.md", "--strict").exit_code == 1
    assert run("lint", "ok.md", "--fail-on", "warning").exit_code == 1
    assert run("lint", "ok.md", "--fail-on", "info").exit_code == 1


def test_config_relevels_and_sets_fail_on(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", {})
    (lib / "jdgen.toml").write_text('[lint]\nfail_on = "warning"\n[lint.rules]\n'
                                    'length = "off"\ngender-coded = "off"\n', "utf-8")
    text = tmp_path / "ok.md"
    text.write_text("# Engineer\n\n## How to apply\n\nhttps://x.example/apply\n\n"
                    "## Equal opportunity\n\nWe are an equal opportunity employer.\n", "utf-8")
    assert run("--library", str(lib), "lint", str(text)).exit_code == 0
    (lib / "jdgen.toml").write_text('[lint]\nfail_on = "warning"\n', "utf-8")
    assert run("--library", str(lib), "lint", str(text)).exit_code == 1


def test_library_terms_file(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", {"lint/exclusionary-terms.yaml": (
        "terms:\n  - term: hustle\n    level: error\n    why: Signals unpaid overtime.\n"
        "    suggest: work steadily\n")})
    result = run("--library", str(lib), "lint", "-", "--format", "json", input="We hustle.")
    (posting,) = json.loads(result.stdout)["postings"]
    assert [(f["rule"], f["text"], f["suggestion"]) for f in posting["findings"]
            if f["rule"] == "exclusionary-term"] == [
        ("exclusionary-term", "hustle", "work steadily")]


def test_bad_input_exits_2(tmp_path: Path) -> None:
    result = run("lint", "missing.md")
    assert (result.exit_code, result.stderr) == (
        2, "error: file 'missing.md' does not exist — check the path, or name a profile\n")
    result = run("lint", "no-such-profile", "-c", "acme")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown profile 'no-such-profile'")
    result = run("lint")
    assert (result.exit_code, result.stderr) == (
        2, "error: nothing to lint — name a PROFILE, a FILE.md, '-' or --all\n")
    result = run("lint", "-", "--region", "Colorado", input="x")
    assert (result.exit_code, result.stderr) == (
        2, "error: --region 'Colorado' is not a region code — use ISO 3166 codes such as "
           "US, US-CO or CA-ON\n")
    lib = make_library(tmp_path / "lib", {})
    (lib / "jdgen.toml").write_text('[lint.rules]\nreadabilty = "off"\n', "utf-8")
    result = run("--library", str(lib), "lint", "-", input="x")
    assert result.exit_code == 2
    assert result.stderr.endswith("[lint.rules] unknown rule 'readabilty' — did you mean "
                                  "'readability'?\n")
    (lib / "jdgen.toml").write_text('[lint]\nterms = ["mine.yaml"]\n', "utf-8")
    result = run("--library", str(lib), "lint", "-", input="x")
    assert (result.exit_code, result.stderr) == (
        2, "error: ../lib/jdgen.toml:2: [lint] terms is not a setting — put extra terms in "
           "lint/exclusionary-terms.yaml in the library\n")


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads((DATA / "sarif-2.1.0-subset.schema.json").read_text("utf-8"))


def test_sarif_is_valid_and_points_at_lines(sarif_schema: dict) -> None:
    result = run("lint", "-", "senior-backend", "-c", "initech", "--format", "sarif",
                 "--date", DATE, input=BAD)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    validator = jsonschema.Draft7Validator(sarif_schema,
                                           format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(log)) == []
    (run_,) = log["runs"]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "pay-transparency" in rules
    assert "Gaucher" in run_["tool"]["driver"]["rules"][rules.index("gender-coded")][
        "fullDescription"]["text"]
    by_rule = {}
    for r in run_["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        by_rule.setdefault(r["ruleId"], []).append(r)
    young = next(r for r in by_rule["exclusionary-term"]
                 if r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
                 == "young")
    assert young["level"] == "error"
    assert young["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "-"},
        "region": {"startLine": 3, "snippet": {"text": "young"}}}
    assert [a["location"]["uri"] for a in run_["artifacts"]] == [
        "senior-backend-engineer-initech.md", "-"]
    assert {r["level"] for r in by_rule["equal-opportunity"]} == {"error"}
    # The SARIF schema rejects what it should (the check can fail).
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(log))


def test_render_prints_lint_summary_and_strict_fails(isolated: Path, tmp_path: Path) -> None:
    path = tmp_path / "initrode.yaml"
    path.write_text("name: Initrode\nabout: A competitive and dominant leader in "
                    "analytics; we lead.\nlocations: [{city: Austin, region: TX, country: US}]\n"
                    "apply: {url: https://initrode.example/apply}\n"
                    "equal_opportunity: We are an equal opportunity employer.\n", "utf-8")
    result = run("render", "senior-backend", "-c", str(path), "--date", DATE)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "wrote senior-backend-engineer-initrode.md",
        "lint: senior-backend-engineer-initrode.md: 1 warning: strongly masculine-coded "
        "wording (5: analytics, competitive, dominant, …)"]
    strict = run("render", "senior-backend", "-c", str(path), "--date", DATE, "--strict",
                 "--out-dir", "dist")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        "error: lint found errors or warnings in 1 posting(s) (see 'jdgen lint')")
    assert (isolated / "dist" / "senior-backend-engineer-initrode.md").is_file()
    quiet = run("render", "senior-backend", "-c", "acme", "--date", DATE, "-q", "--strict")
    assert (quiet.exit_code, quiet.stderr) == (0, "")


def test_validate_checks_lint_settings_and_terms(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", {"lint/exclusionary-terms.yaml": (
        "terms:\n  - term: hustle\n    level: loud\n    suggest: work steadily\n")})
    result = run("validate", str(lib), "--format", "json")
    assert result.exit_code == 2
    texts = [p["text"] for p in json.loads(result.stdout)["problems"]]
    assert texts == ["../lib/lint/exclusionary-terms.yaml:2: term 'hustle': level 'loud' "
                     "is unknown — use error, warning, info or off"]


def test_lint_reads_the_posting_as_the_template_renders_it(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", {"templates/draft.md.j2": (
        '{% extends "builtin:posting.md.j2" %}\n'
        "{% block header %}\n# {{ posting.title }}\n\nSalary: TBD\n{% endblock %}\n")})
    result = run("--library", str(lib), "lint", "senior-backend", "-c", "acme", "--date", DATE,
                 "--template", "draft", "--format", "json")
    assert result.exit_code == 1
    (posting,) = json.loads(result.stdout)["postings"]
    assert [(f["rule"], f["line"], f["text"]) for f in posting["findings"]
            if f["level"] == "error"] == [("placeholder", 3, "TBD")]


def test_lint_with_a_template_without_markdown_reads_the_default_markdown(
        tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", {"templates/classic.docx": ""})  # Word only
    args = ("lint", "senior-backend", "-c", "acme", "--date", DATE, "--format", "json")
    result = run("--library", str(lib), *args, "--template", "classic")
    assert result.exit_code == 0, result.output
    assert result.stdout == run("--library", str(lib), *args).stdout


def test_batch_render_lints_each_posting_once(isolated: Path) -> None:
    result = run("render", "--all", "-c", "acme", "-c", "Initech", "--out-dir", "dist",
                 "--date", DATE, "-j", "1", "-f", "md,html")
    assert result.exit_code == 0
    lint_lines = [line for line in result.stderr.splitlines() if line.startswith("lint: ")]
    assert len(lint_lines) == 12  # Initech has no apply link nor EEO statement; Acme is clean
    single = run("render", "api-developer", "-c", "Initech", "--out-dir", "one", "--date", DATE,
                 "-f", "md,html")  # not a batch: one posting, two formats, one lint
    assert [line for line in single.stderr.splitlines() if line.startswith("lint: ")] == [
        lint_lines[0]]
    assert all("-initech.md: 2 errors, 1 warning: no equal-opportunity" in line
               for line in lint_lines)
    strict = run("render", "--all", "-c", "acme", "--out-dir", "dist", "--date", DATE,
                  "--strict", "-j", "1")
    assert strict.exit_code == 0
    strict = run("render", "api-developer", "-c", "Initech", "--out-dir", "dist", "--date",
                 DATE, "--strict", "-q", "-j", "1")  # -j: the batch path
    assert strict.exit_code == 1
    assert strict.stderr == ("error: lint found errors or warnings in 1 posting(s) (see "
                             "'jdgen lint')\n")


def test_hints_for_text_do_not_send_to_a_company_file(isolated: Path) -> None:
    # Text from a file or stdin has no company file to fix; a rendered posting does.
    text = run("lint", "-", "--format", "json", input="# Job\n\nWrite code.\n").stdout
    hints = {f["rule"]: f["suggestion"] for f in json.loads(text)["postings"][0]["findings"]}
    assert hints["equal-opportunity"] == ("add a statement that you are an equal opportunity "
                                          "employer")
    assert hints["how-to-apply"] == "add a web address or an e-mail address to apply"
    named = run("lint", "senior-backend", "-c", "Initech", "--format", "json").stdout
    hints = {f["rule"]: f["suggestion"] for f in json.loads(named)["postings"][0]["findings"]}
    assert hints["equal-opportunity"] == "set equal_opportunity in the company file"
