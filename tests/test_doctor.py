"""``jdgen doctor``: what the PDF path will use, and how to install what is missing."""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import pytest

from jdgen.doctor import bundled_families, stylesheet_families

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


CSS = "body { font-family: 'DejaVu Sans', \"No Such Font Xyz\", sans-serif; }\n"


def test_fonts_of_the_stylesheet(isolated: Path) -> None:
    lib = make_library(isolated / "lib", {"templates/print.css": CSS})
    from jdgen.library import Library

    assert stylesheet_families(Library.discover(lib)) == [
        "DejaVu Sans", "No Such Font Xyz", "sans-serif",  # print.css, ours
        "jdgen Sans", "jdgen Mono", "monospace"]  # the built-in pdf.css
    assert bundled_families(Library.discover(lib)) == {"jdgen Sans", "jdgen Mono"}
    lines = run("--library", str(lib), "doctor").stdout.splitlines()
    fonts = [line for line in lines if "font" in line.split(":")[0]]
    if shutil.which("fc-match") is None:
        assert fonts == ["warn    fonts: fc-match not found, cannot tell which fonts are used — "
                         "Debian/Ubuntu: apt-get install fontconfig"]
        return
    assert fonts[1].startswith("warn    font 'No Such Font Xyz': not installed; ")
    assert fonts[1].endswith("— install it, or name an installed font in the stylesheet "
                             "(fc-list lists them)")
    assert fonts[2].startswith("ok      font 'sans-serif': ")
    assert fonts[3] == "ok      font 'jdgen Sans': bundled with the stylesheet (@font-face)"
