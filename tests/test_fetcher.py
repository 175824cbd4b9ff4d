"""The PDF printer reads library files and data: URIs only; every other reference stops with exit 2.

No test touches the network: refusals happen before any connection, and the
only addresses used are 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.errors import FetchError
from jdgen.fetcher import check_url, read_url

from .conftest import DATE, make_library, run

HINT = "a template may use files inside the library folder and data: URIs only"
PAGE = ('<!DOCTYPE html><html lang="en"><head><title>{{ posting.title }}</title></head>'
        '<body><h1>{{ posting.title }}</h1><img src="%s" alt="x"></body></html>\n')


@pytest.fixture
def lib(isolated: Path) -> Path:
    (isolated / "secret.png").write_bytes(b"outside")
    root = make_library(isolated / "lib", {"templates/logo.png": "inside"})
    (root / "templates/link.png").symlink_to(isolated / "secret.png")
    return root


def test_library_files_and_data_uris_are_allowed(lib: Path) -> None:
    inside = lib / "templates/logo.png"
    assert check_url(inside.as_uri(), [lib]) == inside.resolve()
    assert read_url(inside.as_uri(), [lib]) == (b"inside", "image/png")
    assert read_url("data:text/plain;base64,aGk=", [lib]) == (b"hi", "text/plain")
    # A '../' that stays inside the library is fine.
    assert check_url((lib / "templates/../templates/logo.png").as_uri(), [lib]) == inside.resolve()


@pytest.mark.parametrize(("url", "why"), [
    ("file:///etc/passwd", "outside the library folder"),
    ("http://127.0.0.1:9/logo.png", "jdgen never uses the network"),
    ("https://127.0.0.1/logo.png", "jdgen never uses the network"),
    ("ftp://127.0.0.1/logo.png", "jdgen never uses the network"),
    ("file://127.0.0.1/etc/passwd", "not a local file"),
])
def test_other_urls_are_refused(url: str, why: str, lib: Path) -> None:
    with pytest.raises(FetchError) as e:
        read_url(url, [lib])
    assert str(e.value) == f"refused to fetch {url!r}: {why} — {HINT}"


def test_escapes_by_dot_dot_and_symlink_are_refused(lib: Path) -> None:
    for path in (lib / "templates/../../secret.png", lib / "templates/link.png"):
        with pytest.raises(FetchError, match="outside the library folder"):
            read_url(path.as_uri(), [lib])


def _render_pdf(*extra: str):
    return run("--library", "lib", "render", "senior-backend", "-c", "acme", "-f", "pdf",
               "--date", DATE, *extra)


@pytest.mark.parametrize("ref", ["file:///etc/passwd", "http://127.0.0.1:9/logo.png",
                                 "../../secret.png"])
def test_template_reference_outside_stops_the_pdf(ref: str, lib: Path, isolated: Path) -> None:
    (lib / "templates/posting.html.j2").write_text(PAGE % ref)
    out = _render_pdf()
    url = (isolated / "secret.png").as_uri() if ref.startswith("..") else ref
    why = "jdgen never uses the network" if ref.startswith("http") else "outside the library folder"
    assert out.exit_code == 2
    assert out.stderr == f"error: refused to fetch {url!r}: {why} — {HINT}\n"
    assert sorted(p.name for p in isolated.iterdir()) == ["lib", "secret.png"]


def test_stylesheet_reference_outside_stops_the_pdf(lib: Path) -> None:
    (lib / "templates/pdf.css").write_text('body { background: url("http://127.0.0.1:9/b.png") }')
    out = _render_pdf()
    assert out.exit_code == 2
    assert out.stderr == (f"error: refused to fetch 'http://127.0.0.1:9/b.png': "
                          f"jdgen never uses the network — {HINT}\n")


def test_svg_image_cannot_reach_outside(lib: Path) -> None:
    """WeasyPrint swallows errors while drawing SVG; the refusal must still stop the render."""
    (lib / "templates/evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="file:///etc/passwd" width="10" height="10"/>'
        '</svg>')
    (lib / "templates/posting.html.j2").write_text(PAGE % "evil.svg")
    out = _render_pdf()
    assert out.exit_code == 2
    assert out.stderr == (f"error: refused to fetch 'file:///etc/passwd': outside the library "
                          f"folder — {HINT}\n")
