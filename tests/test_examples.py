"""examples/ is what the current code renders (regenerate: python -m tests.regenerate_examples)."""

from __future__ import annotations

import pytest

from .regenerate_examples import EXAMPLES, example_files

FILES = example_files()


@pytest.mark.parametrize("name", sorted(FILES))
def test_example_is_current(name: str) -> None:
    path = EXAMPLES / name
    assert path.is_file(), f"missing {name}: run python -m tests.regenerate_examples"
    assert path.read_bytes() == FILES[name], f"stale {name}: run python -m tests.regenerate_examples"
