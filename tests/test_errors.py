"""Every bad input: one line on stderr naming file, line and fix; exit 2; no file written."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DATE, make_library, run

PARENT = "title: Parent\nskills: [a]\n"


def _fails(args: list[str], message: str, folder: Path) -> None:
    before = sorted(p.name for p in folder.iterdir())
    result = run(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr == f"error: {message}\n"
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(p.name for p in folder.iterdir()) == before


def test_unknown_profile_suggests_close_names(isolated: Path) -> None:
    _fails(["render", "senior-backend-enginer", "-c", "acme"],
           "unknown profile 'senior-backend-enginer' — did you mean "
           "'senior-backend-engineer' or 'senior-backend-software-engineer' or "
           "'senior-backend-developer'?",
           isolated)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a/b", "..", "x\x00y"])
def test_profile_names_that_are_paths_are_refused(isolated: Path, name: str) -> None:
    _fails(["render", name, "-c", "acme"],
           f"{name!r} is not a profile name — use a profile id such as "
           "'senior-backend-engineer' (see 'jdgen list profiles')", isolated)


def test_unknown_company_file_by_path(isolated: Path) -> None:
    _fails(["render", "senior-backend", "-c", "missing/acme.yaml"],
           "company file 'missing/acme.yaml' does not exist — check the path, or pass a "
           "company name", isolated)


def test_invalid_yaml_names_file_and_line(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"profiles/bad.yaml": "title: x\nskills: [a, b\n"})
    _fails(["--library", str(lib), "render", "bad", "-c", "acme"],
           "lib/profiles/bad.yaml:3: invalid YAML: expected ',' or ']', but got "
           "'<stream end>' — indent with spaces, and quote values that contain ': ' or "
           "start with '#'", isolated)


def test_schema_violation_names_key_file_and_line(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "profiles/bad.yaml": "title: x\nskills: [a]\nsalery: 3\n",
        "profiles/typed.yaml": "title: x\nqualifications:\n  required: yes please\n",
    })
    _fails(["--library", str(lib), "render", "bad", "-c", "acme"],
           "lib/profiles/bad.yaml:3: unknown key 'salery' — did you mean 'summary'?", isolated)
    _fails(["--library", str(lib), "render", "typed", "-c", "acme"],
           "lib/profiles/typed.yaml:3: 'qualifications.required' must be a list, not text",
           isolated)


def test_unknown_key_suggests_nearest(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"companies/x.yaml": "name: X\nsalary: {mn: 3}\n"})
    _fails(["--library", str(lib), "render", "senior-backend", "-c", "x"],
           "lib/companies/x.yaml:2: unknown key 'salary.mn' — did you mean 'min'?", isolated)


def test_inheritance_cycle_names_the_chain(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "profiles/a.yaml": "extends: b\ntitle: A\n",
        "profiles/b.yaml": "extends: c\n",
        "profiles/c.yaml": "extends: a\n",
    })
    _fails(["--library", str(lib), "render", "a", "-c", "acme"],
           "lib/profiles/c.yaml:1: inheritance cycle: a -> b -> c -> a — remove one of "
           "these 'extends:'", isolated)


def test_unknown_parent(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"profiles/a.yaml": "title: A\nextends: senior-backnd\n"})
    _fails(["--library", str(lib), "render", "a", "-c", "acme"],
           "lib/profiles/a.yaml:2: unknown parent profile 'senior-backnd' — did you mean "
           "'senior-backend' or 'senior-backend-engineer' or 'senior-backend-developer'?", isolated)


@pytest.mark.parametrize(("var", "message"), [
    ("salery.min=1", "--var 'salery.min=1': unknown key 'salery.min' — did you mean "
                     "'salary.min'?"),
    ("salary.min=lots", "--var 'salary.min=lots': 'salary.min' must be a whole number, "
                        "not text"),
    ("salary", "--var 'salary' has no '=' — write it as key=value"),
    ("=3", "--var '=3' has an empty key — write it as key=value"),
    ("my key=3", "--var 'my key=3': key 'my key' is not a dotted name — use letters, digits "
                 "and '_' joined by '.', e.g. salary.min=140000"),
    ("workplace=moon", "--var 'workplace=moon': 'workplace' cannot be 'moon' — use one of: "
                       "onsite, hybrid, remote"),
    ("date=tomorrow", "--var 'date=tomorrow': 'date' is not a date — write it as YYYY-MM-DD"),
    ("locations.5.city=X", "--var 'locations.5.city=X': list index 5 is past the end "
                           "(2 items) — use index 2 to add one"),
    ("benefits=gym", "--var 'benefits=gym': 'benefits' is a list — set one item (e.g. "
                     "benefits.0=...), or use --vars FILE"),
    ("benefits.9=Gym", "--var 'benefits.9=Gym': list index 9 is past the end (7 items) — "
                       "use index 7 to add one"),
    ("salary=1", "--var 'salary=1': 'salary' is a group of keys — set one key (e.g. "
                 "salary.min=...), or use --vars FILE"),
    ("locations=Denver", "--var 'locations=Denver': 'locations' is a list — set one item "
                         "(e.g. locations.0.city=...), or use --vars FILE"),
    ("apply.url=javascript:alert(1)", "--var 'apply.url=javascript:alert(1)': 'apply.url' "
                                      "has an invalid value — use an https:// or http:// "
                                      "address"),
])
def test_bad_variables(isolated: Path, var: str, message: str) -> None:
    _fails(["render", "senior-backend", "-c", "acme", "--var", var], message, isolated)


def test_variable_given_twice(isolated: Path) -> None:
    _fails(["render", "senior-backend", "-c", "acme", "--var", "salary.min=1",
            "--var", "salary.min=2"],
           "--var 'salary.min' is given twice ('salary.min=1' and 'salary.min=2') — keep one",
           isolated)


def test_bad_value_in_vars_file_names_that_file(isolated: Path) -> None:
    (isolated / "v.yaml").write_text("salary:\n  max: 10\n  min: 20\n")
    _fails(["render", "senior-backend", "-c", "acme", "--vars", "v.yaml"],
           "v.yaml:1: salary min (20) is above max (10)", isolated)


def test_bad_date_option(isolated: Path) -> None:
    _fails(["render", "senior-backend", "-c", "acme", "--date", "2026-13-01"],
           "--date '2026-13-01' is not a date — write it as YYYY-MM-DD", isolated)


def test_output_into_missing_folder(isolated: Path) -> None:
    _fails(["render", "senior-backend", "-c", "acme", "-o", "nowhere/job.md"],
           "nowhere/job.md: folder 'nowhere' does not exist — create it first, or use "
           "--out-dir", isolated)


def test_unwritable_output_folder(isolated: Path) -> None:
    import os

    if os.geteuid() == 0:
        # root writes anywhere; a file in the way of the folder fails for everyone
        (isolated / "ro").write_text("")
        _fails(["render", "senior-backend", "-c", "acme", "-o", "ro/job.md"],
               "ro/job.md: folder 'ro' does not exist — create it first, or use --out-dir",
               isolated)
        return
    ro = isolated / "ro"
    ro.mkdir(mode=0o500)
    _fails(["render", "senior-backend", "-c", "acme", "--out-dir", "ro"],
           "ro/senior-backend-engineer-acme.md: cannot write here: Permission denied — "
           "choose a writable folder with -o or --out-dir", ro)


def test_missing_logo_names_the_path(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"companies/x.yaml": "name: X\nlogo: x.png\n"})
    _fails(["--library", str(lib), "render", "senior-backend", "-c", "x"],
           "lib/companies/x.yaml: logo file 'lib/companies/x.png' does not exist — "
           "fix 'logo:' or add the file", isolated)


def test_logo_outside_the_library_is_refused(isolated: Path) -> None:
    (isolated / "secret.png").write_bytes(b"x")
    lib = make_library(isolated / "lib", {"companies/x.yaml": "name: X\nlogo: ../../secret.png\n"})
    _fails(["--library", str(lib), "render", "senior-backend", "-c", "x"],
           "lib/companies/x.yaml: logo '../../secret.png' is outside the library folder — "
           "put the logo file beside the company file", isolated)


def test_no_partial_file_when_one_of_several_fails(isolated: Path) -> None:
    _fails(["render", "senior-backend", "nope", "-c", "acme"],
           "unknown profile 'nope' — see 'jdgen list profiles'", isolated)


def test_minus_o_with_several_outputs(isolated: Path) -> None:
    _fails(["render", "senior-backend", "api-developer", "-c", "acme", "-o", "x.md"],
           "-o names one file but this renders 2 — use --out-dir DIR instead", isolated)


def test_missing_template_value_names_the_variable(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "templates/posting.md.j2": "# {{ posting.title }}\n\n{{ posting.salry }}\n"})
    result = run("--library", str(lib), "render", "senior-backend", "-c", "acme", "-o", "-",
                 "--date", DATE)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "posting.md.j2:3: undefined value in template:" in result.stderr
    assert "'salry'" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("value", ['""', "''"])
def test_empty_company_name_is_one_clean_line(isolated: Path, value: str) -> None:
    make_library(isolated / "lib", {"companies/e.yaml": f"name: {value}\n"})
    _fails(["--library", "lib", "render", "senior-backend", "-c", "e"],
           "lib/companies/e.yaml:1: 'name' is empty — set it to visible text", isolated)
