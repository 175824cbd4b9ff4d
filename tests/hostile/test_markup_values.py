"""Class 3, values that look like code or markup: literal text in every registered format."""

from __future__ import annotations

import pytest

from jdgen import formats
from jdgen.content import _CONTROL

from ..conftest import DATE, run
from .common import render_values
from .readers import READERS, seen, squeeze

FORMATS = list(formats.FORMATS)

MARKUP = {
    "jinja": "{{ 7*7 }} {% include '/etc/passwd' %} {# hidden #} ${7*7} #{7*7}",
    "markdown-line-start": "# Heading\n## Sub\n- item\n+ plus\n1. one\n> quote\n```\n---\n===",
    "markdown-mid-line": "a *b* **c** _d_ [l](https://e.x) `code` ![i](x.png) <https://x.y> "
                         "\\ | ~~s~~ $x$ &copy; &#169;",
    "html": "<b>bold</b> <script>alert(1)</script></script> <!-- c --> &amp; &lt; "
            "<img src=x onerror=alert(1)>",
    "xml": "]]> <w:p/> & <![CDATA[x]]> <?xml version='1.0'?> </w:t></w:r> \"'",
}


def _values(text: str) -> dict:
    line = " ".join(text.split())
    return {"name": f"Co {line}", "about": text, "industry": line, "benefits": [text],
            "equal_opportunity": text, "locations": [{"city": line}]}


@pytest.fixture(scope="module")
def baseline() -> dict[str, list[str] | None]:
    """Headings of a posting with harmless values, per format."""
    return {fmt: seen(fmt, render_values(_values("plain"), fmt)).headings for fmt in FORMATS}


def test_every_format_has_a_reader() -> None:
    assert set(FORMATS) <= set(READERS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", MARKUP)
def test_markup_in_values_is_literal_text(fmt: str, case: str, baseline) -> None:
    text = MARKUP[case]
    shown = seen(fmt, render_values(_values(text), fmt))
    assert squeeze(text) in squeeze(shown.text)
    assert f"Co {squeeze(text)}" in squeeze(shown.text)
    if case == "jinja":
        assert "49" not in shown.text
    if shown.headings is not None:
        expected = [h.replace("plain", squeeze(text)) for h in baseline[fmt] or []]
        assert [squeeze(h) for h in shown.headings] == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_newlines_in_single_line_fields_make_no_blocks(fmt: str, baseline) -> None:
    shown = seen(fmt, render_values({**_values("plain"), "name": "Co plain\n\n# Injected\n- x",
                                     "industry": "a\n\nb"}, fmt))
    assert "Co plain # Injected - x" in shown.text
    if shown.headings is not None:
        assert len(shown.headings) == len(baseline[fmt] or [])
        assert "Injected" not in shown.headings


BIDI = "Acme\u202eevil\u200b\u2066x\u2069\ufeff"
XML_INVALID = "Acme\x01\x08\x0b\x0c\x1f\x7f\x85\ufffe"


@pytest.mark.parametrize(("value", "codes"), [
    (BIDI, "U+200B, U+202E, U+2066, U+2069, U+FEFF"),
    (XML_INVALID, "U+0001, U+0008, U+000B, U+000C, U+001F, U+007F, U+0085, U+FFFE"),
])
def test_invisible_and_control_characters_are_removed_with_a_warning(
        value: str, codes: str) -> None:
    result = run("render", "senior-backend", "-c", "acme", "--var", f"name={value}",
                 "-o", "-", "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"warning: removed invisible or control characters ({codes}) "
                             "from company name\n")
    assert not _CONTROL.search(result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("value", [BIDI, XML_INVALID])
def test_no_format_carries_control_characters(fmt: str, value: str) -> None:
    shown = seen(fmt, render_values({"name": value, "about": value, "benefits": [value]}, fmt))
    assert not _CONTROL.search(shown.text)
    assert "Acme" in shown.text
