"""``jdgen init`` and ``jdgen new``: the files they write, read back and checked by jdgen itself."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from jdgen import __version__
from jdgen.library import Library, builtin_root
from jdgen.lint import LintSettings, load_settings
from jdgen.models import Apply, Company, Location, Salary
from jdgen.scaffold import skeleton, uncomment

from .conftest import DATE, make_library, run
from .markdown_reader import outline

LIBRARY_FILES = [".github/workflows/jdgen.yml", ".pre-commit-config.yaml", "README.md",
                 "companies/example.yaml", "jdgen.toml", "profiles/README.md"]


@pytest.fixture
def lib(isolated: Path) -> Path:
    result = run("init", "hr")
    assert result.exit_code == 0, result.stderr
    return isolated / "hr"


def test_init_writes_a_library_that_validates_and_renders(lib: Path, isolated: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    templates = builtin_root() / "templates"
    builtin = sorted(str(p.relative_to(templates)) for p in templates.rglob("*") if p.is_file())
    assert "posting.md.j2" in builtin
    files = sorted(str(p.relative_to(lib)) for p in lib.rglob("*") if p.is_file())
    assert files == sorted([*LIBRARY_FILES, *(f"templates/{name}" for name in builtin)])
    for name in builtin:
        assert (lib / "templates" / name).read_bytes() == (
            builtin_root() / "templates" / name).read_bytes()
    settings = tomllib.loads((lib / "jdgen.toml").read_text("utf-8"))
    assert settings == {
        "render": {"company": "example", "formats": ["md"], "template": "posting"},
        "validate": {"lint": False},
        "lint": {"fail_on": "error", "min_words": 300, "max_words": 900, "max_grade": 12,
                 "max_required": 8, "rules": {}, "allow": {}}}
    assert load_settings(Library.discover(lib)) == LintSettings()  # documents the defaults
    monkeypatch.chdir(lib)  # found through jdgen.toml, as an HR person would use it
    assert run("validate").stderr.startswith("ok: 12 profiles, 3 companies, ")
    out = run("render", "api-developer", "-o", "-", "--date", DATE)
    assert out.exit_code == 0, out.stderr
    assert outline(out.stdout)[1].paragraphs[:2] == [
        "Example Company · Denver, CO, US · Hybrid · Full-time", "$90,000 – $120,000 per year"]


def test_init_ci_and_pre_commit_run_validate_and_lint(lib: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    workflow = yaml.safe_load((lib / ".github/workflows/jdgen.yml").read_text("utf-8"))
    steps = [s["run"] for s in workflow["jobs"]["check"]["steps"] if "run" in s]
    assert steps == [f'pip install "jdgen=={__version__}"', "jdgen validate", "jdgen lint --all"]
    config = yaml.safe_load((lib / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = config["repos"][0]["hooks"]
    assert [(h["entry"], h["pass_filenames"]) for h in hooks] == [
        ("jdgen validate", False), ("jdgen lint --all", False)]
    # the commands pass on the library as init leaves it
    monkeypatch.chdir(lib)
    for command in ("jdgen validate", "jdgen lint --all"):
        result = run(*command.split()[1:])
        assert result.exit_code == 0, (command, result.stdout, result.stderr)


def test_init_refuses_a_folder_that_is_not_empty(isolated: Path) -> None:
    (isolated / "hr").mkdir()
    (isolated / "hr/notes.txt").write_text("keep me")
    result = run("init", "hr")
    assert result.exit_code == 2
    assert result.stderr == ("error: folder 'hr' is not empty — pick an empty or new folder, "
                             "or pass --force to write into it\n")
    assert [p.name for p in (isolated / "hr").iterdir()] == ["notes.txt"]
    assert run("init", "hr", "--force").exit_code == 0
    assert (isolated / "hr/notes.txt").read_text() == "keep me"
    assert (isolated / "hr/jdgen.toml").is_file()


def test_init_refuses_a_file(isolated: Path) -> None:
    (isolated / "hr").write_text("")
    result = run("init", "hr")
    assert (result.exit_code, result.stderr) == (
        2, "error: hr: 'hr' is a file, not a folder — pick a new folder name\n")


def test_new_profile_extends_its_parent(lib: Path) -> None:
    result = run("--library", str(lib), "new", "staff-backend-engineer", "--from",
                 "senior-backend")
    assert (result.exit_code, result.stderr) == (
        0, "wrote hr/profiles/staff-backend-engineer.yaml\n")
    text = (lib / "profiles/staff-backend-engineer.yaml").read_text("utf-8")
    assert yaml.safe_load(text) == {"extends": "senior-backend-engineer",
                                    "title": "Staff Backend Engineer"}
    assert "#skills+:" in text
    library = Library.discover(lib)
    child = library.load_profile("staff-backend-engineer")
    parent = library.load_profile("senior-backend-engineer")
    assert child.chain == ("staff-backend-engineer", "senior-backend-engineer")
    assert child.profile.skills == parent.profile.skills
    assert run("--library", str(lib), "validate").exit_code == 0


def test_new_profile_examples_are_valid_when_uncommented(lib: Path) -> None:
    run("--library", str(lib), "new", "staff-go", "--from", "backend-software-engineer",
        "--title", "Staff Go Engineer")
    path = lib / "profiles/staff-go.yaml"
    path.write_text(uncomment(path.read_text("utf-8")), "utf-8")
    assert run("--library", str(lib), "validate").exit_code == 0
    library = Library.discover(lib)
    child = library.load_profile("staff-go").profile
    parent = library.load_profile("backend-software-engineer").profile
    assert child.title == "Staff Go Engineer"
    assert child.skills == [*parent.skills, "Kubernetes"]
    assert child.tools.languages == [*parent.tools.languages, "Go"]
    assert child.tools.build == ["Bazel"]
    assert child.tools.testing == parent.tools.testing
    assert child.qualifications.preferred == parent.qualifications.preferred
    assert library.find_profile("staff-go-role").name == "staff-go"


@pytest.mark.parametrize(("args", "message"), [
    (["new", "x", "--from", "nope"], "unknown profile 'nope' — see 'jdgen list profiles'"),
    (["new", "Bad Name", "--from", "api-developer"],
     "'Bad Name' is not a profile name — use lower-case letters, digits and '-', "
     "e.g. 'staff-engineer'"),
    (["new", "api-developer", "--from", "api-developer"],
     "a profile cannot extend itself ('api-developer') — give the new profile another name"),
    (["new", "devops-engineer", "--from", "api-developer"],
     "'devops-engineer' is a built-in profile — pick another name, or pass --force to "
     "override the built-in one"),
    (["new", "senior-backend", "--from", "api-developer"],
     "'senior-backend' is already an alias of 'senior-backend-engineer' — pick another name"),
])
def test_new_profile_errors(lib: Path, args: list[str], message: str) -> None:
    result = run("--library", str(lib), *args)
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")
    assert sorted(p.name for p in (lib / "profiles").iterdir()) == ["README.md"]


def test_new_refuses_to_overwrite(lib: Path) -> None:
    run("--library", str(lib), "new", "x", "--from", "api-developer")
    result = run("--library", str(lib), "new", "x", "--from", "api-developer")
    assert (result.exit_code, result.stderr) == (
        2, "error: 'hr/profiles/x.yaml' already exists — pick another name, or pass --force to "
           "replace it\n")
    assert run("--library", str(lib), "new", "x", "--from", "devops-engineer", "--force"
               ).exit_code == 0
    assert "extends: devops-engineer" in (lib / "profiles/x.yaml").read_text("utf-8")


def test_new_needs_a_user_library() -> None:
    result = run("new", "x", "--from", "api-developer")
    assert (result.exit_code, result.stderr) == (
        2, "error: no library here to add to — run 'jdgen init DIR' first, or pass "
           "--library DIR\n")


def test_new_usage_errors(lib: Path) -> None:
    assert "write it as: jdgen new PROFILE --from PARENT" in run(
        "--library", str(lib), "new", "x").stderr
    assert 'write it as: jdgen new company "NAME"' in run(
        "--library", str(lib), "new", "company").stderr


def test_new_company_lists_every_key(lib: Path) -> None:
    result = run("--library", str(lib), "new", "company", 'Müller & Söhne: "Bau" #1')
    assert (result.exit_code, result.stderr) == (0, "wrote hr/companies/muller-sohne-bau-1.yaml\n")
    text = (lib / "companies/muller-sohne-bau-1.yaml").read_text("utf-8")
    assert yaml.safe_load(text) == {"name": 'Müller & Söhne: "Bau" #1'}
    full = yaml.safe_load(uncomment(text))
    assert list(full) == list(Company.__struct_fields__)
    assert set(full["locations"][0]) == set(Location.__struct_fields__)
    assert set(full["salary"]) == set(Salary.__struct_fields__)
    assert set(full["apply"]) == set(Apply.__struct_fields__)
    out = run("--library", str(lib), "render", "api-developer", "-c", "muller-sohne-bau-1",
              "-o", "-", "--date", DATE)
    assert outline(out.stdout)[1].paragraphs[0] == 'Müller & Söhne: "Bau" #1'


def test_example_company_is_the_skeleton_with_examples_on(lib: Path) -> None:
    text = (lib / "companies/example.yaml").read_text("utf-8")
    assert text == uncomment(skeleton("company.yaml").replace("@NAME@", "Example Company"),
                             keep=("logo",))
    assert "#logo: logo.png" in text  # no logo file ships, so the key stays commented


def test_new_company_in_a_plain_library(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {})
    assert run("--library", str(lib), "new", "company", "Initech").exit_code == 0
    assert (lib / "companies/initech.yaml").is_file()
