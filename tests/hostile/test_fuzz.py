"""A bounded fuzz run of the YAML loader and the Markdown escaper, on every test run.

CI also runs the same targets under atheris (coverage-guided) for a bounded time:
see ``tests/hostile/fuzz_atheris.py`` and ``.ci/run``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .fuzz_targets import fuzz_markdown_escape, fuzz_yaml

YAML_BITS = st.sampled_from(["a: ", "- ", "&x ", "*x", "!!python/object:os.system ", "? ",
                             ": ", "{", "}", "[", "]", ",", "'", '"', "\n", "  ", "\t", "#",
                             "---\n", "...\n", "%YAML 1.1\n", "<<: ", "|\n  ", ">-\n  ",
                             "\\x00", "\\U0001F600", "NO", "012345", "12:30", "~", "null"])
SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(st.binary(max_size=200),
                 st.lists(YAML_BITS | st.text(max_size=5), max_size=30).map(
                     lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))))
@example(b"\xef\xbb\xbfa: b\n")
@example(b"a: [" * 200)
@example(b"a: &a [*a]\n")
def test_yaml_loader_fuzz(raw: bytes) -> None:
    fuzz_yaml(raw)


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    "\\`*_[]<>|~$&#;!+-=.)(0123456789 \n"), max_size=40))
@example("1. one")
@example("&amp; &#169; &copy;")
@example("<!-- x -->")
def test_markdown_escape_fuzz(text: str) -> None:
    fuzz_markdown_escape(text)
