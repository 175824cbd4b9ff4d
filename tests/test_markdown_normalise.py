"""The fast path of Markdown normalising gives what the line-by-line definition gives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from jdgen.formats.markdown import normalise


def by_lines(text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


TRICKY = st.sampled_from(list(" \t\n\n\n\r\x0b\x0c\x1c\x85\u2028\u2029\xa0\u3000ab#-"))


@given(st.lists(TRICKY | st.characters(), max_size=60).map("".join))
def test_normalise_matches_the_line_by_line_definition(text: str) -> None:
    assert normalise(text) == by_lines(text)


def test_normalise_examples() -> None:
    assert normalise("# T  \n\n\n\nx\t\n- a \xa0\n") == "# T\n\nx\n- a\n"
    assert normalise("a \u2028 b") == "a\n b\n"
