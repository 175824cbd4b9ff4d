"""jdgen: turn a role profile plus company variables into a finished job posting."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .errors import JdgenError
    from .library import Library
    from .render import RenderOptions, render, render_many

__all__ = ["JdgenError", "Library", "RenderOptions", "__version__", "load_library", "render",
           "render_many"]

# The public API is imported on first use, so that ``jdgen render --format md``
# (which imports ``jdgen.cli``, hence this package) does not pay for modules it
# never needs, nor for importlib.metadata.
_LAZY = {"JdgenError": "errors", "Library": "library", "RenderOptions": "render",
         "render": "render", "render_many": "render"}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("jdgen")
        except PackageNotFoundError:  # running from a source tree without an install
            value = "0+unknown"
    elif name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'jdgen' has no attribute {name!r}")
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """Keeps ``jdgen.render`` the function even after the ``jdgen.render`` module is imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "render" and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable through sys.modules
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def load_library(path: str | None = None) -> Library:
    """The library found from ``path``, ``JDGEN_LIBRARY`` or ``jdgen.toml``, over the built-ins."""
    from .library import Library

    return Library.discover(path)
