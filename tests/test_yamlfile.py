"""The YAML loader: text stays text, line numbers kept, dangerous YAML refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jdgen.errors import JdgenError, YamlError
from jdgen.yamlfile import MAX_BYTES, load_yaml, parse_yaml


def parse(text: str | bytes):
    raw = text.encode() if isinstance(text, str) else text
    return parse_yaml(raw, Path("f.yaml"), "f.yaml")


def test_values_stay_the_text_typed() -> None:
    doc = parse("country: NO\nzip: 012345\ntime: 12:30\non: yes\nn: 1e3\nempty:\nq: 'null'\n")
    assert doc.data == {"country": "NO", "zip": "012345", "time": "12:30", "on": "yes",
                        "n": "1e3", "empty": None, "q": "null"}


def test_line_numbers_per_key_and_item() -> None:
    doc = parse("a: 1\nb:\n  - x\n  - y\nc:\n  d: 2\n")
    assert doc.line_of(("a",)) == 1
    assert doc.line_of(("b", 1)) == 4
    assert doc.line_of(("c", "d")) == 6
    assert doc.line_of(("c", "d", "missing")) == 6


def test_bom_is_fine() -> None:
    assert parse(b"\xef\xbb\xbfa: b\n").data == {"a": "b"}


@pytest.mark.parametrize(("text", "message"), [
    ("a: !!python/object/apply:os.system [echo]\n",
     "f.yaml:1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed — "
     "remove the '!' tag and write a plain value"),
    ("a: !custom x\n", "f.yaml:1: YAML tag '!custom' is not allowed — remove the '!' tag and "
                       "write a plain value"),
    ("a: &x [1]\nb: *x\n", "f.yaml:2: anchors and aliases (&name, *name) are not supported — "
                           "write the value out in full"),
    ("a: 1\nb: 2\na: 3\n", "f.yaml:3: duplicate key 'a' — keep one 'a' (first on line 1)"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2: invalid YAML: more than one YAML document — remove the "
                          "'---' line"),
    ("- a\n- b\n", "f.yaml:1: the top level is not a mapping — write 'key: value' lines at "
                   "the top level"),
    ("a:\n\t- b\n", "f.yaml:2: invalid YAML: found character '\\t' that cannot start any "
                    "token — indent with spaces, and quote values that contain ': ' or start "
                    "with '#'"),
    ("", "f.yaml: file is empty — write a YAML mapping of keys"),
    ("base: {x: 1}\nother:\n  <<: {y: 2}\n", "f.yaml:3: merge keys ('<<') are not supported — "
                                          "write the keys out, or use 'extends:' in profiles"),
])
def test_refused(text: str, message: str) -> None:
    with pytest.raises(YamlError) as e:
        parse(text)
    assert str(e.value) == message


def test_invalid_utf8_names_the_line() -> None:
    with pytest.raises(YamlError) as e:
        parse(b"a: 1\nb: caf\xe9\n")
    assert str(e.value) == "f.yaml:2: invalid UTF-8 (byte 0xe9) — save the file as UTF-8"


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    with pytest.raises(YamlError, match="nesting deeper than 32 levels"):
        parse("a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(YamlError, match="nesting deeper than 32 levels"):
        parse("a: " + "[" * 40 + "]" * 40 + "\n")


def test_billion_laughs_is_refused_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 10)]
    with pytest.raises(YamlError, match="anchors and aliases"):
        parse("\n".join(lines) + "\n")


def test_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(YamlError) as e:
        load_yaml(big, "big.yaml")
    assert str(e.value) == "big.yaml: file is larger than 1024 KiB — split it or remove what " \
                           "is not needed"


def test_flow_mapping_keeps_urls_whole() -> None:
    doc = parse("apply: {url: https://acme.example/apply, email: jobs@acme.example}\n")
    assert doc.data == {"apply": {"url": "https://acme.example/apply",
                                  "email": "jobs@acme.example"}}


def test_fast_and_pure_parsers_agree_on_every_library_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jdgen import yamlfile

    from .conftest import REPO

    files = sorted([*REPO.glob("profiles/*.yaml"), *REPO.glob("companies/*.yaml")])
    assert files
    fast = [(d.data, d.lines) for d in (load_yaml(f) for f in files)]
    monkeypatch.setattr(yamlfile, "_FAST", None)
    pure = [(d.data, d.lines) for d in (load_yaml(f) for f in files)]
    assert fast == pure


def _outcome(text: str) -> tuple:
    try:
        doc = parse(text)
    except JdgenError as e:
        return ("refused", str(e))
    return ("read", doc.data, doc.lines)


YAML_PIECES = [*"ab:-[]{},#'\"\n|>&*!?%@`~\\", "  ", "\n  ", "- ", ": ", "---", "...", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_fast_and_pure_parsers_accept_the_same_text(text: str) -> None:
    """A file reads the same with or without libyaml, or is refused by both.

    Left out are libyaml's known leniencies, where PyYAML's pure parser refuses what YAML
    allows or tolerates: tabs as separators (after ``a:``, at a line end), a comment glued
    to a block scalar header (``|#``) and ``?`` inside a flow collection's plain scalar.
    """
    from jdgen import yamlfile

    assume(not re.search(r"[|>][-+0-9]*#", text))
    assume("?" not in text or not {"[", "{"} & set(text))
    fast = _outcome(text)
    saved, yamlfile._FAST = yamlfile._FAST, None
    try:
        pure = _outcome(text)
    finally:
        yamlfile._FAST = saved
    assert fast[0] == pure[0]
    if fast[0] == "read":
        assert fast == pure

