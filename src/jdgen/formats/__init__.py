"""The output formats: each a module with ``render(posting, options) -> bytes``, imported lazily."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType

from ..errors import JdgenError

# name -> (module, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("markdown", "md"),
    "html": ("html", "html"),
    "docx": ("docx", "docx"),
    "pdf": ("pdf", "pdf"),
    "jsonld": ("jsonld", "jsonld"),
}
ALIASES = {"markdown": "md", "json-ld": "jsonld"}


def parse_formats(text: str) -> list[str]:
    """``md,docx`` or ``all`` -> format names, in the order given, without repeats."""
    names: list[str] = []
    for raw in text.split(","):
        name = ALIASES.get(raw.strip().lower(), raw.strip().lower())
        if name == "all":
            names.extend(FORMATS)
        elif name in FORMATS:
            names.append(name)
        else:
            raise JdgenError(f"unknown format {raw.strip()!r}",
                             hint=f"use one or more of: {', '.join(FORMATS)}, or all")
    return list(dict.fromkeys(names))


def extension(name: str) -> str:
    return FORMATS[name][1]


def load(name: str) -> ModuleType:
    """Import the format's module only when it is used (PDF and DOCX are heavy)."""
    return importlib.import_module(f"{__name__}.{FORMATS[name][0]}")


# Warnings a format finds while rendering (a PDF glyph no font has): render returns bytes,
# so they go to the list of the nearest ``collect_warnings`` block, if there is one.
_WARNINGS: ContextVar[list[str] | None] = ContextVar("jdgen_format_warnings", default=None)


def warn(message: str) -> None:
    """Report ``message`` (one line, ``warning: ...``) to the caller of the render."""
    sink = _WARNINGS.get()
    if sink is not None and message not in sink:
        sink.append(message)


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """The warnings of the renders inside the block."""
    sink: list[str] = []
    token = _WARNINGS.set(sink)
    try:
        yield sink
    finally:
        _WARNINGS.reset(token)
