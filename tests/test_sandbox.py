"""User templates run in a bounded sandbox: each escape or blow-up ends as one line and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen import sandbox

from .conftest import DATE, make_library, run

TEMPLATE = "lib/templates/posting.md.j2"
LIMITS = ("a template gets 5 s, 1,000,000 characters per value and 5,000,000 in all; "
          "look for endless loops and recursion")
UNSAFE = "templates may only read posting values"


def _render_fails(isolated: Path, template: str, extra: dict[str, str] | None = None) -> str:
    lib = make_library(isolated / "lib", {"templates/posting.md.j2": template, **(extra or {})})
    result = run("--library", str(lib), "render", "senior-backend", "-c", "acme",
                 "--date", DATE)
    assert result.exit_code == 2, result.stdout
    assert sorted(p.name for p in isolated.iterdir()) == ["lib"]  # nothing written
    assert result.stderr.count("\n") == 1
    return result.stderr


ESCAPES = {
    "class-mro": ("{{ ''.__class__.__mro__ }}",
                  f"{TEMPLATE}:1: template tried something unsafe: access to attribute "
                  f"'__class__' of 'str' object is unsafe — {UNSAFE}"),
    "cycler-globals": ("{{ cycler.__init__.__globals__ }}",
                       f"{TEMPLATE}:1: template tried something unsafe: access to attribute "
                       f"'__init__' of 'type' object is unsafe — {UNSAFE}"),
    "self-dict": ("{{ self.__dict__ }}",
                  f"{TEMPLATE}:1: template tried something unsafe: access to attribute "
                  f"'__dict__' of 'TemplateReference' object is unsafe — {UNSAFE}"),
    "path-read": ("{{ (posting.library_root / '../../../etc/passwd').read_text() }}",
                  f"{TEMPLATE}:1: template tried something unsafe: access to attribute "
                  f"'read_text' of 'PosixPath' object is unsafe — {UNSAFE}"),
    "path-write": ("{{ posting.library_root.joinpath('x').write_text('x') }}",
                   f"{TEMPLATE}:1: template tried something unsafe: access to attribute "
                   f"'joinpath' of 'PosixPath' object is unsafe — {UNSAFE}"),
    "int-to-bytes": ("{{ (1).to_bytes(10**9, 'big') }}",
                     f"{TEMPLATE}:1: template tried something unsafe: access to attribute "
                     f"'to_bytes' of 'int' object is unsafe — {UNSAFE}"),
    "range-1e9": ("{% for i in range(10**9) %}{% endfor %}",
                  f"{TEMPLATE}:1: template stopped: range() of 1,000,000,000 items is too long "
                  f"(the limit is 100,000) — {LIMITS}"),
    "string-times-1e9": ("{{ 'x' * 10**9 }}",
                         f"{TEMPLATE}:1: template stopped: 'x' * 1000000000 would make "
                         f"1,000,000,000 characters or items (the limit is 1,000,000) — {LIMITS}"),
    "power-tower": ("{{ 9 ** 9 ** 9 }}{{ 9 ** (9 ** 9) }}",
                    f"{TEMPLATE}:1: template stopped: 9 ** 387420489 would be a number of "
                    f"about 1,228,093,894 bits (the limit is 100,000) — {LIMITS}"),
    "doubling-concat": ("{% set ns = namespace(s='x') %}{% for i in range(40) %}"
                        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                        f"{TEMPLATE}:1: template stopped: '~' would make 1,048,576 characters "
                        f"or items (the limit is 1,000,000) — {LIMITS}"),
    "format-width": ("{{ '{:>1000000000}'.format('x') }}",
                     f"{TEMPLATE}:1: template stopped: str.format() would make 1,000,000,000 "
                     f"characters or items (the limit is 1,000,000) — {LIMITS}"),
    "printf-star": ("{{ '%*s' % (10**9, 'x') }}",
                    f"{TEMPLATE}:1: template stopped: '%' formatting with '*' widths is not "
                    f"allowed in templates — {LIMITS}"),
    "printf-repeat": ("{{ '%(a)s%(a)s%(a)s' % {'a': 'x' * 999999} }}",
                      f"{TEMPLATE}:1: template stopped: '%' formatting would make 3,000,012 "
                      f"characters or items (the limit is 1,000,000) — {LIMITS}"),
    "center-filter": ("{{ 'x' | center(10**9) }}",
                      f"{TEMPLATE}:1: template stopped: the argument 1,000,000,000 of filter "
                      f"'center' is too large (the limit is 1,000,000) — {LIMITS}"),
    "replace-filter": ("{{ ('x' * 1000) | replace('x', 'y' * 100000) }}",
                       f"{TEMPLATE}:1: template stopped: filter 'replace' would make "
                       f"100,000,000 characters or items (the limit is 1,000,000) — {LIMITS}"),
    "join-separator": ("{{ range(100000) | list | join('x' * 999999, attribute='real') }}",
                       f"{TEMPLATE}:1: template stopped: filter 'join' would make "
                       f"99,998,900,001 characters or items (the limit is 1,000,000) — {LIMITS}"),
    "str-join": ("{{ ('x' * 999999).join(range(100) | map('string')) }}",
                 f"{TEMPLATE}:1: template stopped: str.join() would make 99,000,091 characters "
                 f"or items (the limit is 1,000,000) — {LIMITS}"),
    "lipsum": ("{{ lipsum(10**6) }}",
               f"{TEMPLATE}:1: template stopped: lipsum() would make 1,000,000,000 characters "
               f"or items (the limit is 1,000,000) — {LIMITS}"),
    "output-flood": ("{% set s = 'x' * 999999 %}\n{% for i in range(100) %}{{ s }}{% endfor %}",
                     f"{TEMPLATE}:2: template stopped: the template wrote more than 5,000,000 "
                     f"characters — {LIMITS}"),
    "recursive-macro": ("{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}",
                        f"{TEMPLATE}:1: template stopped: macro 'f' is nested more than 50 "
                        f"calls deep (does it call itself?) — {LIMITS}"),
    "self-include": ("{% include 'posting.md.j2' %}",
                     f"{TEMPLATE}:1: template stopped: templates include each other or macros "
                     f"call themselves too deeply — {LIMITS}"),
    "include-outside": ("\n{% include '../../secret.md.j2' %}",
                        f"{TEMPLATE}:2: template stopped: template '../../secret.md.j2' is "
                        "outside the library's templates folder — name templates in "
                        "templates/ by file name, or the built-in ones as builtin:NAME"),
    "include-absolute": ("{% include '/etc/passwd' %}",
                         f"{TEMPLATE}:1: template stopped: template '/etc/passwd' is outside "
                         "the library's templates folder — name templates in templates/ by "
                         "file name, or the built-in ones as builtin:NAME"),
}


@pytest.mark.parametrize(("template", "line"), ESCAPES.values(), ids=ESCAPES.keys())
def test_escape_is_one_line_and_exit_2(isolated: Path, template: str, line: str) -> None:
    assert _render_fails(isolated, template) == f"error: {line}\n"


def test_included_link_to_a_file_outside_is_refused(isolated: Path) -> None:
    secret = isolated.parent / "secret.txt"
    secret.write_text("password")
    lib = isolated / "lib"
    (lib / "templates").mkdir(parents=True)
    (lib / "templates/part.md.j2").symlink_to(secret)
    assert _render_fails(isolated, "{% include 'part.md.j2' %}") == (
        f"error: {TEMPLATE}:1: template stopped: template 'part.md.j2' is a link to a file "
        "outside the library — name templates in templates/ by file name, or the built-in "
        "ones as builtin:NAME\n")


@pytest.fixture
def short_budget(monkeypatch: pytest.MonkeyPatch) -> str:
    """A 0.2 s time budget, so the endless templates below stop quickly."""
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.2)
    return LIMITS.replace("5 s", "0.2 s")


def test_nested_loops_stop_at_the_time_budget(isolated: Path, short_budget: str) -> None:
    template = "{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}"
    assert _render_fails(isolated, template) == (
        f"error: {TEMPLATE}:1: template stopped: the template ran longer than its time budget "
        f"of 0.2 s — {short_budget}\n")


def test_exponential_macro_stops_at_the_time_budget(isolated: Path, short_budget: str) -> None:
    template = ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
                "{{ f(40) }}")
    assert _render_fails(isolated, template) == (
        f"error: {TEMPLATE}:1: template stopped: the template ran longer than its time budget "
        f"of 0.2 s — {short_budget}\n")


def test_company_values_are_never_templates(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "templates/posting.md.j2": "{{ posting.company.name }}|{{ posting.title }}\n",
        "companies/evil.yaml": "name: \"{{ 7*7 }} {% include 'x' %}\"\n"})
    result = run("--library", str(lib), "render", "senior-backend", "-c", "evil", "-o", "-",
                 "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "{{ 7\\*7 }} {% include 'x' %}|Senior Backend Engineer\n"


def test_ordinary_template_features_still_work(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"templates/posting.md.j2": (
        "{% for s in posting.sections if s.heading %}{{ loop.index }}. {{ s.heading }}\n"
        "{% endfor %}"
        "{{ '%s-%03d' | format('req', 7) }} {{ '{} {:>5}'.format('a', 'b') }} "
        "{{ posting.date.strftime('%Y') }} {{ [1, 2] | join(', ') }} {{ 2 ** 10 }} "
        "{{ posting.section('faq') is not none }} {{ 'a-b' | replace('-', '+') }} "
        "{{ '+'.join(['a', 'b'] | map('upper')) }}\n")})
    result = run("--library", str(lib), "render", "senior-backend", "-c", "acme", "-o", "-",
                 "--date", DATE)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1. About Acme Corp"
    assert lines[-1] == "req-007 a     b 2026 1, 2 1024 True a+b A+B"


def test_branded_word_template_has_the_same_budget(isolated: Path) -> None:
    import docx

    lib = make_library(isolated / "lib", {})
    (lib / "templates").mkdir()
    document = docx.Document()
    document.add_paragraph("{{ title }} {{ 'x' * 10**9 }}")
    document.save(str(lib / "templates/posting.docx"))
    result = run("--library", str(lib), "render", "api-developer", "-c", "acme", "-f", "docx",
                 "--date", DATE)
    assert (result.exit_code, result.stderr) == (
        2, "error: lib/templates/posting.docx: template stopped: 'x' * 1000000000 would make "
           f"1,000,000,000 characters or items (the limit is 1,000,000) — {LIMITS}\n")
    assert sorted(p.name for p in isolated.iterdir()) == ["lib"]
