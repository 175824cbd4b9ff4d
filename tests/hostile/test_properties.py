"""Property tests: any Unicode in any company field or ``--var``, in every registered format,
shows as typed (after the documented clean-up) or stops with exit 2 — never a traceback or hang.
"""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdgen import formats

from ..conftest import DATE, make_library, run
from .common import PLACE, visible_form
from .readers import seen, squeeze

FORMATS = list(formats.FORMATS)
# Slow renderers get fewer examples; every example is still a full render and read-back.
EXAMPLES = {"md": 60, "html": 30, "jsonld": 30, "docx": 15, "pdf": 6}
LIMIT_S = 60  # a hang guard per example, far above any real render

# field -> (YAML path under the company, single line?)
TEXT_FIELDS = {
    "name": (("name",), True),
    "about": (("about",), False),
    "benefits.0": (("benefits", 0), True),
    "equal_opportunity": (("equal_opportunity",), False),
    "locations.0.city": (("locations", 0, "city"), True),
    "locations.0.region": (("locations", 0, "region"), True),
    "remote_regions.0": (("remote_regions", 0), True),
}
# Values the schema checks: anything is accepted or refused, never a crash.
CHECKED_FIELDS = ["industry", "website", "apply.url", "apply.email", "salary.min",
                  "salary.currency", "salary.period", "workplace", "employment_type",
                  "brand_color", "locale", "locations.0.country", "valid_through",
                  "requisition_id", "date"]
VAR_FIELDS = [f for f in TEXT_FIELDS if f != "remote_regions.0"]


class Hang(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds: int = LIMIT_S) -> Iterator[None]:
    """Fail an example that runs far too long instead of letting the suite hang."""
    def stop(*_):
        raise Hang(f"one render took over {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _alphabet(fmt: str, surrogates: bool) -> st.SearchStrategy[str]:
    if fmt == "pdf":
        # Text extracted from a PDF is only as good as the font's glyphs: keep to the
        # characters the bundled fonts draw, plus every control and bidi character. A soft
        # hyphen (U+00AD) is drawn only where a line breaks, so it is not visible text.
        return st.characters(min_codepoint=0, max_codepoint=0x24F,
                             blacklist_characters="\xad") | st.sampled_from(
            "\u061c\u200b\u200e\u202e\u2066\u2069\ufeff\U000e0041")
    return st.characters(blacklist_categories=() if surrogates else ("Cs",))


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar holding exactly ``text`` (every character escaped)."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif " " <= c <= "~":
            out.append(c)
        else:
            out.append(f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def _check(result, out: Path, fmt: str, expected: str | None) -> None:
    """Exit 0 with the value shown, or exit 2 with one error line and no file."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code in (0, 2), output
    if result.exit_code == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and result.stderr.endswith(errors[0] + "\n"), result.stderr
        assert not out.exists()
        return
    if expected is not None:
        assert squeeze(expected) in squeeze(seen(fmt, out.read_bytes()).text)


def _values(draw_value: str, single: bool) -> tuple[str, str]:
    marked = f"⟦{draw_value}⟧"
    return marked, visible_form(marked, single)


@pytest.mark.parametrize("fmt", FORMATS)
def test_any_text_in_a_company_file_field(isolated: Path, fmt: str) -> None:
    out = isolated / f"out.{fmt}"

    @settings(max_examples=EXAMPLES.get(fmt, 15), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(field=st.sampled_from(sorted(TEXT_FIELDS)), value=st.text(_alphabet(fmt, False),
                                                                      max_size=40))
    def check(field: str, value: str) -> None:
        path, single = TEXT_FIELDS[field]
        marked, expected = _values(value, single)
        tree = _tree(path, "@@VALUE@@")
        body = json.dumps(tree).replace('"@@VALUE@@"', _yaml_string(marked))
        lib = make_library(isolated / "lib", {"companies/x.yaml": body})
        out.unlink(missing_ok=True)
        with bounded():
            result = run("--library", str(lib), "render", "senior-backend", "-c", "x",
                         "-f", fmt, "-o", str(out), "--date", DATE)
        _check(result, out, fmt, expected)

    check()


def _tree(path: tuple, leaf: str) -> dict:
    """A company mapping with ``leaf`` at ``path`` (list indexes are 0)."""
    node: object = leaf
    for part in reversed(path):
        node = [node] if isinstance(part, int) else {part: node}
    base = {"name": "Co", "workplace": "remote", "remote_regions": ["US"], **PLACE}
    assert isinstance(node, dict)
    if path[0] == "locations":
        node["locations"][0]["country"] = "US"
    return {**base, **node}


@pytest.mark.parametrize("fmt", FORMATS)
def test_any_text_in_a_var(isolated: Path, fmt: str) -> None:
    out = isolated / f"out.{fmt}"

    @settings(max_examples=EXAMPLES.get(fmt, 15), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(field=st.sampled_from(VAR_FIELDS), value=st.text(_alphabet(fmt, True), max_size=40))
    def check(field: str, value: str) -> None:
        marked, expected = _values(value, TEXT_FIELDS[field][1])
        out.unlink(missing_ok=True)
        with bounded():
            result = run("render", "senior-backend", "-c", "acme", "-f", fmt, "-o", str(out),
                         "--date", DATE, "--var", f"{field}={marked}")
        _check(result, out, fmt, expected)

    check()


@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(CHECKED_FIELDS), value=st.text(max_size=30))
def test_any_text_in_a_checked_var_is_accepted_or_refused(isolated: Path, field: str,
                                                         value: str) -> None:
    out = isolated / "out.md"
    out.unlink(missing_ok=True)
    with bounded():
        result = run("render", "senior-backend", "-c", "acme", "-o", str(out), "--date", DATE,
                     "--var", f"{field}={value}")
    _check(result, out, "md", None)
