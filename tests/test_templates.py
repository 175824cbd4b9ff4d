"""Template overrides: the loader chain, a user template replacing or extending a built-in one."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import ChoiceLoader, PrefixLoader

from jdgen.environment import loader_chain
from jdgen.library import Library, builtin_root

from .conftest import DATE, make_library, run

HEADER_ONLY = """{% extends "builtin:posting.md.j2" %}
{% block header %}
# {{ posting.title }} at {{ posting.company.name }}
{% endblock %}
"""


def _render(lib: Path | None, *args: str) -> str:
    where = ["--library", str(lib)] if lib else []
    result = run(*where, "render", "api-developer", "-c", "acme", "-o", "-", "--date", DATE,
                 *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_loader_chain_order(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"templates/posting.md.j2": "x"})
    library = Library.discover(lib)
    chain = loader_chain(library.template_dirs(), builtin_root() / "templates")
    assert isinstance(chain, ChoiceLoader)
    prefix, folders = chain.loaders
    assert isinstance(prefix, PrefixLoader)
    assert prefix.mapping["builtin"].searchpath == [str(builtin_root() / "templates")]
    assert folders.searchpath == [str(lib.resolve() / "templates"),
                                  str(builtin_root().resolve() / "templates")]


def test_user_template_replaces_the_builtin_one(isolated: Path) -> None:
    lib = make_library(isolated / "lib",
                       {"templates/posting.md.j2": "# Ours: {{ posting.title }}\n"})
    assert _render(lib) == "# Ours: Senior API Developer\n"
    assert _listing(lib)["posting.md.j2"] == (
        "posting.md.j2  user  lib/templates/posting.md.j2  (overrides the built-in one)")


def test_extending_the_builtin_template_overrides_one_block(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"templates/posting.md.j2": HEADER_ONLY})
    builtin = _render(None).splitlines()
    ours = _render(lib).splitlines()
    assert builtin[0] == "# Senior API Developer"
    assert ours[0] == "# Senior API Developer at Acme Corp"
    assert ours[1:] == builtin[1:]  # everything below the header is the built-in template's
    listing = json.loads(run("--library", str(lib), "list", "templates", "--format", "json"
                             ).stdout)
    assert [row for row in listing if row["origin"] == "user"] == [
        {"name": "posting.md.j2", "origin": "user", "path": "lib/templates/posting.md.j2",
         "overrides": True, "note": "overrides the built-in one, extends builtin:posting.md.j2"}]


def test_a_new_template_style_beside_the_builtin_one(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "templates/brief.md.j2": "{% include 'builtin:posting.md.j2' %}\n---\nbrief\n"})
    assert _render(lib, "--template", "brief").endswith("\n---\nbrief\n")
    assert _render(lib).startswith("# Senior API Developer\n")  # posting is still the built-in
    lines = _listing(lib)
    assert lines["brief.md.j2"] == ("brief.md.j2  user  lib/templates/brief.md.j2  "
                                    "(includes builtin:posting.md.j2)")
    assert lines["posting.md.j2"].startswith("posting.md.j2  built-in  ")


def _listing(lib: Path) -> dict[str, str]:
    """``jdgen list templates``, line by template name."""
    out = run("--library", str(lib), "list", "templates").stdout
    return {line.split()[0]: line for line in out.splitlines()}
