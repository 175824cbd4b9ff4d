"""Fuzz targets shared by the bounded hypothesis run (pytest) and the atheris run (CI).

Each takes arbitrary input and either returns quietly or raises AssertionError
(or any unexpected exception) on a bug.
"""

from __future__ import annotations

from pathlib import Path

from jdgen.errors import YamlError
from jdgen.formats.markdown import escape
from jdgen.yamlfile import parse_yaml

from ..markdown_reader import plain_text


def _plain(value) -> bool:
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def fuzz_yaml(raw: bytes) -> None:
    """Any bytes load as plain text data, or fail with one YamlError line naming the file."""
    try:
        doc = parse_yaml(raw, Path("f.yaml"), "f.yaml")
    except YamlError as e:
        message = str(e)
        assert message.startswith("f.yaml"), message
        assert "\n" not in message, message
        return
    assert isinstance(doc.data, dict) and _plain(doc.data)


def fuzz_markdown_escape(text: str) -> None:
    """Escaped text reads back, through a CommonMark parser, as the text itself."""
    line = " ".join(text.split())
    if not line or any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF
                       or c == "\ufffd" or c == "\x00" for c in line):
        return
    assert plain_text(escape(line)) == line, (line, escape(line))
