"""Helpers for the hostile-input tests: expect a clean failure, render values in any format."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .. import conftest
from ..conftest import run


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def fails(args: list[str], message: str, folder: Path) -> None:
    """The command exits 2 with exactly ``error: message`` and writes nothing in ``folder``."""
    before = files_under(folder)
    result = run(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr == f"error: {message}\n"
    assert "Traceback" not in result.stdout + result.stderr
    assert files_under(folder) == before


# JSON-LD needs a place of work; tests that do not set one get this.
PLACE = {"locations": [{"city": "Denver", "country": "US"}]}


def render_values(values: dict, fmt: str, profile: str = "senior-backend-engineer") -> bytes:
    """``conftest.render_values`` with a place of work, so every format can render."""
    return conftest.render_values({**PLACE, **values}, fmt, profile)


# What the README promises to remove: control characters, bidi controls,
# zero-width and other invisible format characters, tag characters, surrogates
# and non-characters. Written from Unicode properties, apart from the code.
_INVISIBLE = {0x061C, 0x180E, 0xFEFF, 0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F),
              *range(0x2060, 0x2065), *range(0x2066, 0x2070), *range(0xFFF9, 0xFFFC),
              *range(0xE0000, 0xE0080), 0xFFFE, 0xFFFF}


def _kept(c: str) -> bool:
    if c in "\n\t":
        return True
    return unicodedata.category(c) not in ("Cc", "Cs") and ord(c) not in _INVISIBLE


def visible_form(text: str, single_line: bool = False) -> str:
    """``text`` as the README says a posting shows it: NFC, invisible characters removed,
    runs of spaces made one, blank lines dropped (single-line fields: one line)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(c for c in text.replace("\t", " ") if _kept(c))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return (" " if single_line else "\n").join(x for x in lines if x)
