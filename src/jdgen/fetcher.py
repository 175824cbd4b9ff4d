"""Turn a URL that WeasyPrint asks for into bytes: files under the library roots and data: only.

Everything else (``http://``, ``file:///etc/passwd``, a ``../`` that climbs out
of the library, a symlink pointing outside) is refused with a FetchError that
names the reference. Nothing here opens a socket.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, url2pathname

from .errors import FetchError
from .library import display_path

MAX_BYTES = 16 * 1024 * 1024
_HINT = "a template may use files inside the library folder and data: URIs only"


def check_url(url: str, roots: Iterable[Path]) -> Path | None:
    """The library file ``url`` names, or None for a ``data:`` URI; FetchError otherwise."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        raise FetchError(f"refused to fetch {url!r}: jdgen never uses the network", hint=_HINT)
    if parts.netloc not in ("", "localhost"):
        raise FetchError(f"refused to fetch {url!r}: not a local file", hint=_HINT)
    path = Path(url2pathname(parts.path))
    real = path.resolve()
    if not any(real.is_relative_to(root.resolve()) for root in roots):
        raise FetchError(f"refused to fetch {url!r}: outside the library folder", hint=_HINT)
    if not real.is_file():
        raise FetchError(f"cannot fetch {display_path(real)!r}: no such file",
                         hint="fix the reference in the template or stylesheet")
    return real


def read_url(url: str, roots: Iterable[Path]) -> tuple[bytes, str]:
    """The bytes and media type behind an allowed URL."""
    path = check_url(url, roots)
    if path is None:
        from urllib.request import DataHandler

        with DataHandler().data_open(Request(url)) as response:
            return response.read(), response.headers.get_content_type()
    if path.stat().st_size > MAX_BYTES:
        raise FetchError(f"refused to fetch {url!r}: larger than 16 MiB", hint=_HINT)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), kind


def make_fetcher(roots: Iterable[Path]):
    """A WeasyPrint ``url_fetcher`` over ``roots``; its ``refused`` list keeps every refusal.

    WeasyPrint turns a fetch error into a fatal error (``fail_on_errors``), but
    some callers (SVG drawing) swallow even those, so the renderer also checks
    ``refused`` after printing.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = tuple(Path(r) for r in roots)

    class LibraryFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allow_redirects=False,
                             allowed_protocols=("file", "data"))
            self.refused: list[FetchError] = []

        def fetch(self, url, headers=None):
            try:
                data, kind = read_url(url, allowed)
            except FetchError as e:
                self.refused.append(e)
                raise
            except (OSError, ValueError) as e:
                error = FetchError(f"cannot fetch {url!r}: {e}", hint=_HINT)
                self.refused.append(error)
                raise error from e
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    return LibraryFetcher()
