"""examples/ is what the current code renders (regenerate: python -m tests.regenerate_examples)."""

from __future__ import annotations

import pytest

from .regenerate_examples import EXAMPLES, example_files

FILES = example_files()


@pytest.mark.parametrize("name", sorted(FILES))
def test_example_is_current(name: str) -> None:
    path = EXAMPLES / name
    assert path.is_file(), f"missing {name}: run python -m tests.regenerate_examples"
    stale = f"stale {name}: run python -m tests.regenerate_examples"
    assert path.read_bytes() == FILES[name], stale


def test_branded_example_is_current() -> None:
    from jdgen.library import Library, Root, builtin_root
    from jdgen.render import render_many

    from .branded_template import BRANDED, LOOP, branded_examples, build

    hint = "stale examples/branded: run python -m tests.branded_template"
    assert (BRANDED / "templates" / "posting.docx").read_bytes() == build(LOOP), hint
    library = Library([Root(BRANDED, "user"), Root(builtin_root(), "built-in")])
    for name, data in branded_examples(library, render_many).items():
        assert (BRANDED / name).read_bytes() == data, hint
