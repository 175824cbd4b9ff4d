"""Class 1, hostile YAML: each case is one line naming file and line, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.yamlfile import MAX_BYTES

from ..conftest import DATE, make_library, run
from .common import fails

SYNTAX_HINT = "indent with spaces, and quote values that contain ': ' or start with '#'"


def _company(isolated: Path, raw: bytes) -> list[str]:
    lib = make_library(isolated / "lib", {})
    (lib / "companies").mkdir()
    (lib / "companies" / "x.yaml").write_bytes(raw)
    return ["--library", str(lib), "render", "senior-backend", "-c", "x", "--date", DATE]


@pytest.mark.parametrize(("raw", "message"), [
    pytest.param(b"name: !!python/object/apply:os.system ['touch pwned']\n",
                 "1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
                 "allowed — remove the '!' tag and write a plain value", id="python-tag"),
    pytest.param(b"name: X\nabout: !!binary aGk=\n",
                 "2: YAML tag 'tag:yaml.org,2002:binary' is not allowed — remove the '!' tag "
                 "and write a plain value", id="binary-tag"),
    pytest.param(b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                 b"c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nname: X\n",
                 "1: anchors and aliases (&name, *name) are not supported — write the value "
                 "out in full", id="alias-bomb"),
    pytest.param(b"name: X\nabout: a\nname: Y\n",
                 "3: duplicate key 'name' — keep one 'name' (first on line 1)", id="duplicate-key"),
    pytest.param(b"name: X\nsalary: {min: 12:30}\n",
                 "2: 'salary.min' must be a whole number, not text", id="sexagesimal-number"),
    pytest.param(b"name: X\nsalary: {min: 1_000}\n",
                 "2: 'salary.min' must be a whole number, not text", id="underscore-number"),
    pytest.param(b"name: X\nsalary: {min: 0x1F}\n",
                 "2: 'salary.min' must be a whole number, not text", id="hex-number"),
    pytest.param(b"name: X\nsalary:\n\tmin: 3\n", f"3: invalid YAML: found character '\\t' "
                 f"that cannot start any token — {SYNTAX_HINT}", id="tab-indent"),
    pytest.param(b"name: X\n---\nname: Y\n",
                 "2: invalid YAML: more than one YAML document — remove the '---' line",
                 id="two-documents"),
    pytest.param(b"- name: X\n", "1: the top level is not a mapping — write 'key: value' lines "
                 "at the top level", id="top-level-list"),
    pytest.param(b"just text\n", "1: the top level is not a mapping — write 'key: value' lines "
                 "at the top level", id="top-level-scalar"),
    pytest.param(b"", "file is empty — write a YAML mapping of keys", id="empty"),
    pytest.param(b"name: X\nabout: caf\xe9\n", "2: invalid UTF-8 (byte 0xe9) — save the file "
                 "as UTF-8", id="latin-1"),
    pytest.param(b"\xff\xfen\x00a\x00m\x00e\x00", "1: invalid UTF-8 (byte 0xff) — save the file "
                 "as UTF-8", id="utf-16"),
    pytest.param(b"name: X\nabout: a\x00b\n", "2: character U+0000 is not allowed in YAML — "
                 "delete it: control characters cannot be stored in YAML", id="nul-byte"),
    pytest.param(b"name: X\nabout: \x1b[31mred\n", "2: character U+001B is not allowed in "
                 "YAML — delete it: control characters cannot be stored in YAML", id="escape"),
    pytest.param(b"? [a, b]\n: c\nname: X\n", "1: a key must be plain text", id="complex-key"),
])
def test_bad_company_yaml(isolated: Path, raw: bytes, message: str) -> None:
    args = _company(isolated, raw)
    sep = ":" if message[0].isdigit() else ": "
    fails(args, f"lib/companies/x.yaml{sep}{message}", isolated)


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deep_nesting_is_refused_without_recursion_error(isolated: Path, depth: int) -> None:
    raw = b"name: X\nabout: " + b"[" * depth + b"]" * depth + b"\n"
    fails(_company(isolated, raw), "lib/companies/x.yaml: nesting deeper than 32 levels"
          if depth > 1000 else "lib/companies/x.yaml:2: nesting deeper than 32 levels", isolated)


def test_file_over_the_size_cap(isolated: Path) -> None:
    raw = b"name: X\nabout: " + b"x" * MAX_BYTES + b"\n"
    fails(_company(isolated, raw), "lib/companies/x.yaml: file is larger than 1024 KiB — split "
          "it or remove what is not needed", isolated)


def test_hostile_profile_yaml_names_the_profile(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {
        "profiles/p.yaml": "title: T\nskills: !!python/name:os.system\n"})
    fails(["--library", str(lib), "render", "p", "-c", "acme"],
          "lib/profiles/p.yaml:2: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not "
          "allowed — remove the '!' tag and write a plain value", isolated)


def test_yaml_1_1_words_and_numbers_stay_the_text_typed(isolated: Path) -> None:
    raw = (b"name: NO\nabout: 12:30\nindustry: yes\nlocations:\n"
           b"  - {city: 012345, region: off, country: NO}\n")
    result = run(*_company(isolated, raw), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "NO · 012345, off, NO" in result.stdout
    assert "\n12:30\n" in result.stdout


def test_bom_is_fine(isolated: Path) -> None:
    result = run(*_company(isolated, b"\xef\xbb\xbfname: Bom Corp\n"), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "## " not in result.stdout.split("\n", 3)[2]
    assert "Bom Corp" in result.stdout and "\ufeff" not in result.stdout
