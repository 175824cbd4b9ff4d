"""jdgen: turn a role profile plus company variables into a finished job posting."""

from importlib.metadata import PackageNotFoundError, version

from .errors import JdgenError
from .library import Library
from .render import RenderOptions, render, render_many

try:
    __version__ = version("jdgen")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0+unknown"

__all__ = ["JdgenError", "Library", "RenderOptions", "__version__", "render", "render_many"]


def load_library(path: str | None = None) -> Library:
    """The library found from ``path``, ``JDGEN_LIBRARY`` or ``jdgen.toml``, over the built-ins."""
    return Library.discover(path)
