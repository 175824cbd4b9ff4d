"""``jdgen doctor``: what the PDF path will use, and how to install what is missing."""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import pytest

from jdgen.doctor import stylesheet_families

from .conftest import make_library, run


def fake_weasyprint(monkeypatch: pytest.MonkeyPatch, subsetter: object) -> None:
    ffi = types.ModuleType("weasyprint.text.ffi")
    ffi.pango = types.SimpleNamespace(pango_version=lambda: 15012)  # type: ignore[attr-defined]
    ffi.harfbuzz_subset = subsetter  # type: ignore[attr-defined]
    text = types.ModuleType("weasyprint.text")
    text.ffi = ffi  # type: ignore[attr-defined]
    wp = types.ModuleType("weasyprint")
    wp.__version__ = "99.0"  # type: ignore[attr-defined]
    wp.text = text  # type: ignore[attr-defined]
    for name, module in (("weasyprint", wp), ("weasyprint.text", text),
                         ("weasyprint.text.ffi", ffi)):
        monkeypatch.setitem(sys.modules, name, module)


def test_reports_pdf_stack_and_the_missing_subsetter(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_weasyprint(monkeypatch, subsetter=None)
    result = run("doctor")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok      jdgen: ")
    assert "ok      format md: available" in lines
    assert "ok      WeasyPrint: 99.0" in lines
    assert "ok      Pango: 1.50.12" in lines
    assert any(line.startswith("ok      HarfBuzz: ") for line in lines)
    assert ("warn    HarfBuzz subsetter: libharfbuzz-subset missing: WeasyPrint subsets fonts "
            "with fontTools, about 4x slower per PDF — Debian/Ubuntu: apt-get install "
            "libharfbuzz-subset0") in lines


def test_subsetter_present(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_weasyprint(monkeypatch, subsetter=object())
    checks = json.loads(run("doctor", "--format", "json").stdout)
    found = {c["name"]: c for c in checks}
    assert found["HarfBuzz subsetter"]["status"] == "ok"
    assert found["WeasyPrint"] == {"name": "WeasyPrint", "status": "ok", "detail": "99.0",
                                   "hint": ""}


def test_missing_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = run("doctor")
    assert ("missing WeasyPrint: not installed (PDF output needs it) — pip install weasyprint"
            in result.stdout.splitlines())


CSS = """@font-face { font-family: "Brand"; src: url("fonts/brand.ttf"); }
h1 { font-family: "Brand", serif; }
body { font-family: 'No Such Font Xyz', "Also Missing Qq"; }
code { font-family: "No Such Font Xyz", monospace; }
"""


def test_fonts_of_the_stylesheets(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"templates/print.css": CSS})
    from jdgen.library import Library

    families = stylesheet_families(Library.discover(lib))
    assert {"Brand", "serif", "No Such Font Xyz", "Also Missing Qq", "monospace"} <= set(families)
    lines = [line for line in run("--library", str(lib), "doctor").stdout.splitlines()
             if "font print.css" in line]
    assert lines[0] == ("warn    font print.css: Brand, serif: 'Brand' is bundled but brand.ttf "
                        "is missing — restore the font files beside the stylesheet")
    if shutil.which("fc-match") is None:
        assert len(lines) == 3
        assert all(line.endswith(": fc-match not found, cannot tell which fonts are used — "
                                 "Debian/Ubuntu: apt-get install fontconfig") for line in lines[1:])
        return
    assert lines[1] == ("warn    font print.css: No Such Font Xyz, Also Missing Qq: none of "
                        "these fonts is installed — install one (Debian/Ubuntu: apt-get "
                        "install fonts-dejavu-core)")
    assert lines[2].startswith("ok      font print.css: No Such Font Xyz, monospace: ")
    assert "(system default for monospace: " in lines[2]
    (lib / "templates" / "fonts").mkdir()
    (lib / "templates" / "fonts" / "brand.ttf").write_bytes(b"x")
    line = next(line for line in run("--library", str(lib), "doctor").stdout.splitlines()
                if "font print.css: Brand" in line)
    assert line == "ok      font print.css: Brand, serif: Brand (bundled: brand.ttf)"
