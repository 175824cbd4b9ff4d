"""Classes 5 and 6: templates and files the renderers read; each bad one is one line, exit 2.

The template sandbox's escapes and resource bombs are tested case by case in
tests/test_sandbox.py, and the PDF URL allow-list in tests/test_fetcher.py; this
file adds the cases those do not hold, and logos and branded .docx templates.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jdgen import formats

from ..branded_template import BODY, build
from ..conftest import DATE, make_library
from .common import fails

TEMPLATE = "lib/templates/posting.md.j2"
# Formats that embed the company logo.
LOGO_FORMATS = [f for f in formats.FORMATS if f in ("html", "pdf", "docx")]
COMPANY = "name: C\nlocations: [{city: Denver, country: US}]\nlogo: LOGO\n"


@pytest.mark.parametrize(("template", "message"), [
    pytest.param("{{ ''|attr('__class__') }}", "1: template tried something unsafe: access to "
                 "attribute '__class__' of 'str' object is unsafe — templates may only read "
                 "posting values", id="attr-filter"),
    pytest.param("{{ '{0.company.__class__}'.format(posting) }}", "1: template tried something "
                 "unsafe: access to attribute '__class__' of 'PostingVars' object is unsafe — "
                 "templates may only read posting values", id="format-attribute"),
    pytest.param("ok\n{{ 1 / 0 }}", "2: template failed: ZeroDivisionError: division by zero",
                 id="division-by-zero"),
    pytest.param("ok\n\n{{ posting.salry }}", "3: undefined value in template: 'jdgen.content."
                 "Posting object' has no attribute 'salry' — did you mean 'salary'?",
                 id="missing-variable"),
])
def test_template_runtime_errors(isolated: Path, template: str, message: str) -> None:
    lib = make_library(isolated / "lib", {"templates/posting.md.j2": template})
    fails(["--library", str(lib), "render", "senior-backend", "-c", "acme", "--date", DATE],
          f"{TEMPLATE}:{message}", isolated)


@pytest.mark.parametrize("name", ["../posting", "/etc/passwd", "a b", "-x", "x" * 80])
def test_template_names_are_checked_before_compiling(isolated: Path, name: str) -> None:
    fails(["render", "senior-backend", "-c", "acme", "--template", name],
          f"template name '{name}.md.j2' is not allowed — use letters, digits, '-' and '_'",
          isolated)


def _png(size=(4, 4), mode="RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


BAD_LOGOS = {
    "damaged": ("logo.png", lambda: _png()[:60], "logo is damaged or truncated — use a PNG, JPEG "
                "or SVG file"),
    "not-an-image": ("logo.png", lambda: b"MZ\x90\x00 an executable", "logo is not a PNG, JPEG, "
                     "GIF or SVG image — use a PNG, JPEG or SVG file"),
    "too-many-pixels": ("logo.png", lambda: _png((8000, 8000), "1"), "logo has more than "
                        "40,000,000 pixels — use a PNG, JPEG or SVG file"),
    "svg-external": ("logo.svg", lambda: (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
        b'<image href="file:///etc/passwd" width="9" height="9"/></svg>'),
        "logo may not load other files or addresses ('file:///etc/passwd') — use a PNG, JPEG "
        "or SVG file"),
}


@pytest.mark.parametrize("fmt", LOGO_FORMATS)
@pytest.mark.parametrize("case", BAD_LOGOS)
def test_bad_logo_files(isolated: Path, fmt: str, case: str) -> None:
    name, make, message = BAD_LOGOS[case]
    lib = make_library(isolated / "lib", {"companies/c.yaml": COMPANY.replace("LOGO", name)})
    (lib / "companies" / name).write_bytes(make())
    fails(["--library", str(lib), "render", "senior-backend", "-c", "c", "-f", fmt,
           "--date", DATE], f"lib/companies/{name}: {message}", isolated)


@pytest.mark.parametrize("fmt", LOGO_FORMATS)
def test_logo_too_large_in_bytes(isolated: Path, fmt: str) -> None:
    lib = make_library(isolated / "lib", {"companies/c.yaml": COMPANY.replace("LOGO", "logo.png")})
    (lib / "companies" / "logo.png").write_bytes(_png() + b"\0" * (6 * 2**20))
    fails(["--library", str(lib), "render", "senior-backend", "-c", "c", "-f", fmt,
           "--date", DATE], "lib/companies/logo.png: logo file is larger than 5 MiB — use a "
          "smaller PNG or SVG", isolated)


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _docm() -> bytes:
    with zipfile.ZipFile(io.BytesIO(build(BODY))) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"document.main+xml", b"document.macroEnabled.main+xml")
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    return _zip(parts)


BAD_DOCX = {
    "not-a-zip": (lambda: b"this is no zip", "not a Word .docx file — save the template from "
                  "Word as .docx"),
    "no-content-types": (lambda: _zip({"word/document.xml": b"<w:document/>"}),
                         "not a Word .docx file: it has no [Content_Types].xml — save the "
                         "template from Word as .docx"),
    "macro-enabled": (_docm, "template holds macros (.docm) — save it from Word as a plain "
                      ".docx document"),
    "zip-bomb": (lambda: _zip({"[Content_Types].xml": b"<Types/>",
                               "word/document.xml": b"\0" * (200 * 2**20)}),
                 "template unpacks to 209,715,208 bytes, far more than its size (a zip bomb?) "
                 "— save the template from Word as .docx"),
}


@pytest.mark.parametrize("case", BAD_DOCX)
def test_bad_branded_docx_templates(isolated: Path, case: str) -> None:
    make, message = BAD_DOCX[case]
    lib = make_library(isolated / "lib", {"companies/c.yaml": COMPANY.replace("LOGO", "logo.png")})
    (lib / "companies" / "logo.png").write_bytes(_png())
    (lib / "templates").mkdir()
    (lib / "templates" / "posting.docx").write_bytes(make())
    fails(["--library", str(lib), "render", "senior-backend", "-c", "c", "-f", "docx",
           "--date", DATE], f"lib/templates/posting.docx: {message}", isolated)


LIMITS = ("a template gets {} s, 1,000,000 characters per value and 5,000,000 in all; look "
          "for endless loops and recursion")


@pytest.mark.parametrize(("tag", "message"), [
    ("{{ 'x' * 10**9 }}", "template stopped: 'x' * 1000000000 would make 1,000,000,000 "
                          "characters or items (the limit is 1,000,000)"),
    ("{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}",
     "template stopped: the template ran longer than its time budget of 0.2 s"),
    ("{{ ''.__class__.__mro__ }}", "template tried something unsafe: access to attribute "
                                   "'__class__' of 'str' object is unsafe"),
])
def test_branded_docx_templates_run_in_the_bounded_sandbox(
        isolated: Path, monkeypatch: pytest.MonkeyPatch, tag: str, message: str) -> None:
    from jdgen import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.2)
    lib = make_library(isolated / "lib", {"companies/c.yaml": COMPANY.replace("LOGO", "l.png")})
    (lib / "companies" / "l.png").write_bytes(_png())
    (lib / "templates").mkdir()
    (lib / "templates" / "posting.docx").write_bytes(build([("Normal", tag)]))
    hint = ("templates may only read posting values" if "unsafe" in message
            else LIMITS.format(0.2))
    fails(["--library", str(lib), "render", "senior-backend", "-c", "c", "-f", "docx",
           "--date", DATE], f"lib/templates/posting.docx: {message} — {hint}", isolated)
