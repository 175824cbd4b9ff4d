"""``jdgen validate`` over a whole library: one test per kind of problem, exact report lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import make_library, run

CASES = {
    "schema": ({"profiles/x.yaml": "title: X\nsummary: [a, b]\n"},
               ["lib/profiles/x.yaml:2: 'summary' must be text, not a list"]),
    "unknown-parent": ({"profiles/x.yaml": "title: X\nextends: nobody\n"},
                       ["lib/profiles/x.yaml:2: unknown parent profile 'nobody' — see "
                        "'jdgen list profiles'"]),
    "cycle": ({"profiles/a.yaml": "title: A\nextends: b\n",
               "profiles/b.yaml": "title: B\nextends: a\n"},
              ["lib/profiles/b.yaml:2: inheritance cycle: a -> b -> a — remove one of these "
               "'extends:'",
               "lib/profiles/a.yaml:2: inheritance cycle: b -> a -> b — remove one of these "
               "'extends:'"]),
    "unknown-key": ({"profiles/x.yaml": "title: X\nresponsibilites: [a]\n"},
                    ["lib/profiles/x.yaml:2: unknown key 'responsibilites' — did you mean "
                     "'responsibilities'?"]),
    "unknown-append-key": ({"profiles/x.yaml": "title: X\nextends: api-developer\n\nskils+: [a]\n"},
                           ["lib/profiles/x.yaml:4: unknown key 'skils+' — did you mean "
                            "'skills+'?"]),
    "unknown-nested-append-key": (
        {"profiles/x.yaml": "title: X\ntools:\n  cloud: [AWS]\n  langs+: [Go]\n"},
        ["lib/profiles/x.yaml:4: unknown key 'tools.langs+' — did you mean 'languages+'?"]),
    "duplicate-alias": ({"profiles/x.yaml": "title: X\naliases: [be]\n",
                         "profiles/y.yaml": "title: Y\naliases: [be]\n"},
                        ["lib/profiles/y.yaml:2: alias 'be' is already an alias of 'x' — give "
                         "each alias to one profile"]),
    "missing-logo": ({"companies/x.yaml": "name: X\nlogo: x.png\n"},
                     ["lib/companies/x.yaml: logo file 'lib/companies/x.png' does not exist — "
                      "fix 'logo:' or add the file"]),
    "partial-does-not-compile": (
        {"templates/_parts.md.j2": "{% macro x() %}\n{{ posting.title }\n{% endmacro %}\n"},
        ["lib/templates/_parts.md.j2:2: template syntax error: unexpected '}'"]),
    "style-fails-for-one-profile": (
        {"templates/brief.md.j2": "# {{ posting.title }}\n{% if posting.profile_id == "
                                  "'api-developer' %}{{ posting.nope }}{% endif %}\n"},
        ["lib/templates/brief.md.j2:2: undefined value in template: 'jdgen.content.Posting "
         "object' has no attribute 'nope' — check the variable name against 'jdgen show'"]),
    "template-typo": (
        {"templates/brief.md.j2": "# {{ posting.title }}\n{{ posting.company.nmae }}\n"},
        ["lib/templates/brief.md.j2:2: undefined value in template: 'jdgen.models.PostingVars "
         "object' has no attribute 'nmae' — did you mean 'name'?"]),
    "override-breaks-html": (
        {"templates/posting.html.j2": "<p>{{ posting.title | nosuchfilter }}</p>\n"},
        ["lib/templates/posting.html.j2:1: template syntax error: No filter named "
         "'nosuchfilter'."]),
    "bad-jdgen-toml": ({"jdgen.toml": "[validate]\nlint = \"yes\"\n"},
                       ["lib/jdgen.toml:2: 'validate.lint' must be true or false, not text"]),
    "lint-when-asked": (
        {"jdgen.toml": "[validate]\nlint = true\n",
         "profiles/x.yaml": "title: X\nextends: api-developer\nsummary: You will TODO.\n"},
        ["lib/profiles/x.yaml: lint error in x-acme.md line 7: unfilled placeholder 'TODO' "
         "[placeholder] — fill in the value or remove it"]),
}


@pytest.mark.parametrize(("files", "problems"), CASES.values(), ids=CASES.keys())
def test_validate_reports(isolated: Path, files: dict[str, str], problems: list[str]) -> None:
    lib = make_library(isolated / "lib", files)
    result = run("validate", str(lib))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[:-1] == [f"error: {p}" for p in problems]
    assert lines[-1].startswith(f"{len(problems)} problem(s) in ")
    report = json.loads(run("validate", str(lib), "--format", "json").stdout)
    assert [p["text"] for p in report["problems"]] == problems
    assert report["ok"] is False


def test_lint_findings_are_not_problems_unless_asked(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "profiles/x.yaml": "title: X\nextends: api-developer\nsummary: You will TODO.\n"})
    assert run("validate", str(lib)).exit_code == 0
    assert run("--library", str(lib), "lint", "x", "-c", "acme").exit_code == 1


def test_partials_and_styles_that_work(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "templates/_parts.md.j2": "{% macro by(p) %}at {{ p.company.name }}{% endmacro %}\n",
        "templates/brief.md.j2": "{% from '_parts.md.j2' import by %}"
                                 "# {{ posting.title }} {{ by(posting) }}\n"})
    result = run("validate", str(lib), "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["ok"] is True
