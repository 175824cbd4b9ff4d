"""Class 2, hostile ``--var``: malformed pairs stop with exit 2; values are literal text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import DATE, run
from ..markdown_reader import outline
from .common import fails

BASE = ["render", "senior-backend", "-c", "acme", "--date", DATE]


@pytest.mark.parametrize(("var", "message"), [
    pytest.param("salary", "--var 'salary' has no '=' — write it as key=value", id="no-equals"),
    pytest.param("=x", "--var '=x' has an empty key — write it as key=value", id="empty-key"),
    pytest.param("my key=x", "--var 'my key=x': key 'my key' is not a dotted name — use "
                 "letters, digits and '_' joined by '.', e.g. salary.min=140000",
                 id="space-in-key"),
    pytest.param(" name=x", "--var ' name=x': key ' name' is not a dotted name — use letters, "
                 "digits and '_' joined by '.', e.g. salary.min=140000", id="leading-space"),
    pytest.param("name..x=1", "--var 'name..x=1': key 'name..x' is not a dotted name — use "
                 "letters, digits and '_' joined by '.', e.g. salary.min=140000", id="empty-part"),
    pytest.param("nаme=x", "--var 'nаme=x': key 'nаme' is not a dotted name — use letters, "
                 "digits and '_' joined by '.', e.g. salary.min=140000", id="cyrillic-a-in-key"),
    pytest.param("salary.min=-5", "--var 'salary.min=-5': 'salary.min' must be a whole number "
                 "of at least 0", id="negative-money"),
    pytest.param("salary.max=" + "9" * 5000, "--var 'salary.max=" + "9" * 5000 + "': "
                 "'salary.max' is too large a number", id="5000-digits"),
    pytest.param("name=\u202e \u200b", "--var 'name=\\u202e \\u200b': the company name has "
                 "no visible text — set name to letters or digits", id="invisible-name"),
    pytest.param("locale=xx_XX", "--var 'locale=xx_XX': unknown locale 'xx_XX' — use a locale "
                 "such as en_US or de_DE", id="unknown-locale"),
    pytest.param("salary.min=٣", "--var 'salary.min=٣': 'salary.min' must be a whole number, "
                 "not text", id="arabic-digit"),
])
def test_malformed_var(isolated: Path, var: str, message: str) -> None:
    fails([*BASE, "--var", var], message, isolated)


def test_var_given_twice(isolated: Path) -> None:
    fails([*BASE, "--var", "about=a", "--var", "about=b"],
          "--var 'about' is given twice ('about=a' and 'about=b') — keep one", isolated)


def test_value_keeps_everything_after_the_first_equals(isolated: Path) -> None:
    result = run(*BASE, "--var", "about=b=c", "-o", "-")
    assert result.exit_code == 0, result.stderr
    about = next(b for b in outline(result.stdout) if b.heading == "About Acme Corp")
    assert about.paragraphs[0] == "b=c"


def test_newline_in_a_var_value_makes_no_heading(isolated: Path) -> None:
    result = run(*BASE, "--var", "name=Evil\n# Injected heading\n\n- item", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "About Evil # Injected heading - item" in [b.heading for b in outline(result.stdout)]
    assert "Injected heading" not in [b.heading for b in outline(result.stdout)]


def test_undecodable_bytes_in_argv_are_removed_with_a_warning(isolated: Path) -> None:
    # Linux hands undecodable argv bytes to Python as lone surrogates (surrogateescape).
    result = run(*BASE, "--var", "about=caf\udce9 au lait", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "warning: removed invisible or control characters (U+DCE9) from about\n"
    about = next(b for b in outline(result.stdout) if b.heading == "About Acme Corp")
    assert about.paragraphs[0] == "caf au lait"
