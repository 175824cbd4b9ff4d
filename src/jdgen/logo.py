"""Turn a company logo file into checked image bytes (PNG/JPEG/GIF as they are, SVG rasterised)."""

from __future__ import annotations

import contextlib
import io
import warnings
from functools import lru_cache
from pathlib import Path

import msgspec

from .errors import SchemaError
from .library import display_path

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Logos up to this size are checked (and SVGs drawn) once per process while unchanged.
CACHED_BYTES = 1024 * 1024
_SVG_WIDTH = 600  # pixels; the logo is shown about 1.6 inches wide, so this is ~375 dpi


class Logo(msgspec.Struct, frozen=True):
    """Image bytes a document can embed, with the size in pixels."""

    data: bytes
    width: int
    height: int
    ext: str  # png, jpeg, gif


@contextlib.contextmanager
def _strict_pillow():
    """Refuse truncated images whatever another import set globally.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` when it is
    imported; a logo check must not depend on whether a PDF was rendered first.
    """
    from PIL import Image, ImageFile

    saved = ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS = saved


def _refuse(url: str, resource_type=None):
    raise _Refused(f"may not load other files or addresses ({url[:60]!r})")


def _rasterise(data: bytes) -> bytes:
    try:
        from cairosvg.surface import PNGSurface
    except (ImportError, OSError) as e:  # OSError: the cairo library itself is missing
        raise SchemaError("an SVG logo needs cairosvg and the cairo library",
                          hint="pip install cairosvg (and apt-get install libcairo2), "
                               "or use a PNG logo") from e
    # The SVG may load nothing: no files, no network (``url_fetcher`` refuses all).
    return PNGSurface.convert(bytestring=data, output_width=_SVG_WIDTH, unsafe=False,
                              url_fetcher=_refuse)


def load_logo(path: Path) -> Logo:
    """Read and fully decode the logo; any unreadable, truncated or odd image is a SchemaError.

    Every format of every posting of a company shows its logo: a file that has not
    changed is read, checked and, for an SVG, drawn once per process. "Not changed"
    means the same file (device and inode: a file renamed into its place, as many
    editors save, is another), size, and modification and change times; only a
    rewrite in place within one tick of the file system's clock goes unseen.
    A bad logo is not remembered: it fails again.
    """
    try:
        stat = path.stat()
    except OSError:
        return _load(path)  # says why it cannot be read
    if stat.st_size > CACHED_BYTES:
        return _load(path)
    return _load_unchanged(path, (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns,
                                  stat.st_ctime_ns))


@lru_cache(maxsize=64)
def _load_unchanged(path: Path, _stat: tuple[int, ...]) -> Logo:
    return _load(path)


def _load(path: Path) -> Logo:
    where = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SchemaError(f"cannot read logo file: {e.strerror}", path=where,
                          hint="check the file and its permissions") from e
    if len(data) > MAX_BYTES:
        raise SchemaError("logo file is larger than 5 MiB", path=where,
                          hint="use a smaller PNG or SVG")
    svg = path.suffix.lower() == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg ")
    try:
        return _check(_rasterise(data) if svg else data)
    except SchemaError:
        raise
    except Exception as e:  # Pillow and cairosvg raise many kinds; each means a bad file here
        raise SchemaError(f"logo {_reason(e, svg)}", path=where,
                          hint="use a PNG, JPEG or SVG file") from e


def _reason(error: Exception, svg: bool) -> str:
    from PIL import Image, UnidentifiedImageError

    if isinstance(error, UnidentifiedImageError):
        return "is not a PNG, JPEG, GIF or SVG image"
    if isinstance(error, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return f"has more than {MAX_PIXELS:,} pixels"
    if isinstance(error, _Unsupported | _Refused):
        return str(error)
    if svg:
        return "is not an SVG image that can be drawn"
    return "is damaged or truncated"


class _Unsupported(ValueError):
    pass


class _Refused(ValueError):
    pass


def _check(data: bytes) -> Logo:
    from PIL import Image

    with _strict_pillow():
        with Image.open(io.BytesIO(data)) as img:
            kind = img.format
            img.verify()  # checksums and structure, without decoding
        with Image.open(io.BytesIO(data)) as img:
            img.load()  # decodes every pixel: a truncated file fails here
            width, height = img.size
    ext = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif"}.get(kind or "")
    if ext is None:
        raise _Unsupported(f"is a {kind} image, not PNG, JPEG, GIF or SVG")
    if not width or not height:
        raise _Unsupported("is an empty image")
    return Logo(data, width, height, ext)
