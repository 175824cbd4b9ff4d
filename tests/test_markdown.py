"""Markdown postings: CommonMark structure, literal company values, prose kept as Markdown."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdgen.errors import JdgenError
from jdgen.formats.markdown import escape, normalise

from .conftest import DATE, render_values, run
from .markdown_reader import outline, plain_text

HOSTILE = "A*B_C #1 <x> {{ 7*7 }} {% include 'x' %} [l](http://e.x) `c` \\ $5 & &amp; ~s~ |t|"


def _render(values: dict, profile: str = "senior-backend-engineer") -> str:
    return render_values(values, "md", profile).decode()


def test_hostile_company_values_stay_literal() -> None:
    text = _render({"name": HOSTILE, "about": HOSTILE, "benefits": [HOSTILE, "- not a list"],
                    "equal_opportunity": "# not a heading\n1. not a list\n> not a quote"})
    blocks = outline(text)
    about = next(b for b in blocks if b.heading.startswith("About "))
    assert about.heading == f"About {HOSTILE}"
    assert about.paragraphs == [HOSTILE]
    assert next(b for b in blocks if b.heading == "Benefits").items == [HOSTILE, "- not a list"]
    eo = next(b for b in blocks if b.heading == "Equal opportunity")
    assert eo.paragraphs == ["# not a heading\n1. not a list\n> not a quote"]
    assert "49" not in text  # {{ 7*7 }} was not evaluated
    assert [b.heading for b in blocks].count(f"About {HOSTILE}") == 1
    assert not any(b.links for b in blocks if b.heading.startswith("About"))


def test_newlines_in_single_line_fields_do_not_make_blocks() -> None:
    text = _render({"name": "Acme\n# Injected\n\n- item"})
    assert outline(text)[1].paragraphs[0] == "Acme # Injected - item"
    assert all(b.heading != "Injected" for b in outline(text))


def test_profile_prose_keeps_inline_markdown() -> None:
    out = run("render", "api-developer", "-c", "acme", "-o", "-", "--date", DATE).stdout
    summary = outline(out)[1].paragraphs[2]
    assert summary.startswith("As a Senior API Developer, you will design")
    assert "**" not in summary
    assert ("OpenAPI", "https://spec.openapis.org/oas/latest.html") in outline(out)[1].links


def test_empty_sections_are_left_out() -> None:
    text = _render({"name": "Solo"}, "senior-backend-engineer")
    headings = [b.heading for b in outline(text)]
    for absent in ("About Solo", "Benefits", "How to apply", "Equal opportunity"):
        assert absent not in headings
    assert not re.search(r"^#+\s*$", text, re.M)


def _expected(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
                  "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff"
                  "\U000e0000-\U000e007f]", "", text.replace("\t", " "))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(x for x in lines if x)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_text_in_company_values_renders_literally_or_is_refused(value: str) -> None:
    try:
        text = _render({"name": "Acme", "about": value, "benefits": [value]})
    except JdgenError:
        return
    expected = _expected(value)
    blocks = outline(text)
    about = [b for b in blocks if b.heading == "About Acme"]
    if not expected:
        assert not about
        return
    assert about[0].paragraphs == [expected]
    benefits = next(b for b in blocks if b.heading == "Benefits")
    assert benefits.items == [" ".join(expected.split("\n"))]


def test_escape_round_trips_through_a_commonmark_parser() -> None:
    for value in ["1. one", "1) one", "+ plus", "= eq", "---", "***", "> q", "#x", "a\\b",
                  "<!-- c -->", "<https://x.y>", "&copy;", "&#169;", "a  b", "x_y_z", "_x_"]:
        assert plain_text(escape(value)) == value, value


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["a", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85",
                                "\u2028", "\xa0", "\u3000"]), max_size=40))
def test_normalise_strips_line_ends_and_keeps_one_blank_line(text: str) -> None:
    lines = [line.rstrip() for line in text.splitlines()]
    expected = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    assert normalise(text) == expected
