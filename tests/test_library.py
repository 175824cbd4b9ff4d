"""The library search path, overrides of built-in files, inheritance and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.library import Library, builtin_root, search_path

from .conftest import DATE, REPO, make_library, run
from .markdown_reader import outline


def _paths(roots) -> list[tuple[Path, str]]:
    return [(r.path, r.origin) for r in roots]


def test_search_path_order(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = (builtin_root().resolve(), "built-in")
    flag = make_library(isolated / "flag", {})
    env = make_library(isolated / "env", {})
    near = make_library(isolated / "near", {})
    (near / "deep/er").mkdir(parents=True)
    monkeypatch.chdir(near / "deep/er")
    assert _paths(search_path()) == [(near.resolve(), "user"), builtin]
    monkeypatch.setenv("JDGEN_LIBRARY", str(env))
    assert _paths(search_path()) == [(env.resolve(), "user"), builtin]
    assert _paths(search_path(flag)) == [(flag.resolve(), "user"), builtin]
    monkeypatch.delenv("JDGEN_LIBRARY")
    monkeypatch.chdir(isolated)
    assert _paths(search_path()) == [builtin]


def test_builtin_library_is_the_repository_copy_in_a_source_install() -> None:
    root = builtin_root()
    assert (root / "profiles/senior-backend-engineer.yaml").is_file()
    assert (root / "templates/posting.md.j2").read_bytes() == (
        REPO / "templates/posting.md.j2").read_bytes()


def test_user_file_overrides_builtin_and_the_rest_falls_back(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "profiles/senior-backend-engineer.yaml": "title: Our Backend Engineer\n"
                                                 "aliases: [senior-backend]\nskills: [Go]\n",
        "companies/acme.yaml": "name: Acme Local\n",
    })
    library = Library.discover(lib)
    assert library.profiles["senior-backend-engineer"].origin == "user"
    assert library.profiles["api-developer"].origin == "built-in"
    # the built-in child now inherits from the user's parent
    assert library.load_profile("api-developer").profile.tools.api == ["OpenAPI"]
    out = run("--library", str(lib), "render", "senior-backend", "-c", "acme", "-o", "-",
              "--date", DATE)
    assert outline(out.stdout)[1].heading == "Our Backend Engineer"
    assert outline(out.stdout)[1].paragraphs[0] == "Acme Local"
    listing = run("--library", str(lib), "list", "profiles").stdout.splitlines()
    assert any(line.startswith("senior-backend-engineer  Our Backend Engineer  user  ")
               for line in listing)


def test_child_profile_replaces_and_appends(isolated: Path) -> None:
    lib = Library.discover(make_library(isolated / "lib", {
        "profiles/base.yaml": "title: Base\naliases: [b]\nskills: [a, b]\n"
                              "tools: {languages: [Java], build: [Maven]}\n"
                              "qualifications: {required: [r1], preferred: [p1]}\n",
        "profiles/child.yaml": "extends: b\ntitle: Child\nskills+: [c]\n"
                               "tools: {languages+: [Kotlin], build: [Gradle]}\n"
                               "qualifications: {required: [r2]}\n",
        "profiles/grandchild.yaml": "extends: child\nskills: [z]\n",
    }))
    child = lib.load_profile("child")
    assert child.chain == ("child", "base")
    assert child.profile.skills == ["a", "b", "c"]
    assert child.profile.tools.languages == ["Java", "Kotlin"]
    assert child.profile.tools.build == ["Gradle"]
    assert child.profile.qualifications.required == ["r2"]
    assert child.profile.qualifications.preferred == ["p1"]
    assert child.profile.aliases == []  # an alias belongs to its own file
    grand = lib.load_profile("grandchild")
    assert grand.chain == ("grandchild", "child", "base")
    assert grand.profile.title == "Child" and grand.profile.skills == ["z"]


def test_appending_what_the_parent_has_lists_it_once(isolated: Path) -> None:
    # backend-software-engineer already names Google Cloud and Kubernetes is new.
    make_library(isolated / "lib", {"profiles/platform.yaml":
                                    "extends: backend-software-engineer\ntitle: Platform\n"
                                    "skills+: [Kubernetes]\ntools: {cloud+: [Google Cloud]}\n"})
    out = run("--library", "lib", "render", "platform", "-c", "acme", "-o", "-", "--date", DATE)
    assert out.exit_code == 0, out.stderr
    assert "- **Cloud:** AWS, Google Cloud\n" in out.stdout
    assert out.stdout.count("- Kubernetes\n") == 1


def test_plus_and_plain_key_together_is_an_error(isolated: Path) -> None:
    lib = make_library(isolated / "lib",
                       {"profiles/x.yaml": "title: X\nskills: [a]\nskills+: [b]\n"})
    result = run("--library", str(lib), "show", "x")
    assert result.exit_code == 2
    assert result.stderr == ("error: lib/profiles/x.yaml:3: both 'skills' and 'skills+' are set"
                             " — use one: 'name:' replaces the parent's list, 'name+:' appends "
                             "to it\n")


def test_missing_title_after_inheritance(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"profiles/x.yaml": "skills: [a]\n"})
    result = run("--library", str(lib), "show", "x")
    assert result.exit_code == 2
    assert result.stderr == ("error: lib/profiles/x.yaml: missing required key 'title' — add "
                             "'title:' here or in a parent ('extends:')\n")


def test_library_flag_pointing_nowhere(isolated: Path) -> None:
    result = run("--library", "nope", "list")
    assert result.exit_code == 2
    assert result.stderr == ("error: --library: library folder 'nope' does not exist — create "
                             "it with 'jdgen init DIR'\n")


def test_validate_reports_every_problem_with_file_and_line(isolated: Path) -> None:
    import json

    lib = make_library(isolated / "lib", {
        "profiles/a.yaml": "extends: b\ntitle: A\n",
        "profiles/b.yaml": "extends: a\ntitle: B\n",
        "profiles/c.yaml": "title: C\nskils: [x]\n",
        "profiles/d.yaml": "title: D\naliases: [senior-backend]\n",
        "companies/x.yaml": "name: X\nlogo: gone.png\n",
    })
    result = run("validate", str(lib), "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False
    texts = [p["text"] for p in report["problems"]]
    assert texts == [
        "lib/profiles/b.yaml:1: inheritance cycle: a -> b -> a — remove one of these "
        "'extends:'",
        "lib/profiles/a.yaml:1: inheritance cycle: b -> a -> b — remove one of these "
        "'extends:'",
        "lib/profiles/c.yaml:2: unknown key 'skils' — did you mean 'skills'?",
        "lib/profiles/d.yaml:2: alias 'senior-backend' is already an alias of "
        "'senior-backend-engineer' — give each alias to one profile",
        "lib/companies/x.yaml: logo file 'lib/companies/gone.png' does not exist — fix "
        "'logo:' or add the file",
    ]
