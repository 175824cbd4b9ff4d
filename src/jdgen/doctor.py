"""Inspect this machine for the formats jdgen renders: turn what is installed into checks
with a status, the version found, and how to install what is missing."""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .library import Library

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    """One line of the report: ``status`` is ok, warn or missing."""

    name: str
    status: str
    detail: str
    hint: str = ""

    def line(self) -> str:
        text = f"{self.status:<8}{self.name}: {self.detail}"
        return f"{text} — {self.hint}" if self.hint else text

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def diagnose(library: Library) -> list[Check]:
    """Every check, in the order a reader needs them."""
    from . import __version__

    checks = [Check("jdgen", "ok", f"{__version__} on Python {platform.python_version()} "
                                   f"({sys.platform})")]
    checks += _format_checks()
    checks += _pdf_checks()
    checks += font_checks(library)
    return checks


def _format_checks() -> list[Check]:
    from . import formats

    checks = []
    for name in formats.FORMATS:
        try:
            formats.load(name)
        except Exception as e:  # a missing library or system package: say which
            checks.append(Check(f"format {name}", "missing", f"{type(e).__name__}: {e}",
                                "pip install the missing package (see README, Install)"))
        else:
            checks.append(Check(f"format {name}", "ok", "available"))
    return checks


def _pdf_checks() -> list[Check]:
    try:
        import weasyprint
        from weasyprint.text import ffi as wffi
    except ImportError:
        return [Check("WeasyPrint", "missing", "not installed (PDF output needs it)",
                      "pip install weasyprint")]
    except OSError as e:  # Pango or another system library is missing
        return [Check("WeasyPrint", "missing", f"cannot load a system library: {e}",
                      "Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                      "libharfbuzz-subset0")]
    pango = wffi.pango.pango_version()
    checks = [Check("WeasyPrint", "ok", weasyprint.__version__),
              Check("Pango", "ok", f"{pango // 10000}.{pango // 100 % 100}.{pango % 100}")]
    checks.append(Check("HarfBuzz", "ok", harfbuzz_version() or "loaded (version unknown)"))
    if getattr(wffi, "harfbuzz_subset", None) is not None:
        checks.append(Check("HarfBuzz subsetter", "ok",
                            "libharfbuzz-subset found: fast font subsetting in PDFs"))
    else:
        checks.append(Check("HarfBuzz subsetter", "warn",
                            "libharfbuzz-subset missing: WeasyPrint subsets fonts with "
                            "fontTools, about 4x slower per PDF",
                            "Debian/Ubuntu: apt-get install libharfbuzz-subset0"))
    return checks


def harfbuzz_version() -> str | None:
    """The HarfBuzz library's own version string, read through ctypes."""
    name = ctypes.util.find_library("harfbuzz")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.hb_version_string.restype = ctypes.c_char_p
    return lib.hb_version_string().decode()


# The stylesheets that set the PDF's fonts (the PDF renderer adds them after the screen CSS).
PDF_SHEETS = ("print.css", "pdf.css")
_FACE = re.compile(r"@font-face\s*{[^}]*?font-family\s*:\s*([^;}]+)[^}]*}", re.IGNORECASE)


def _sheets(library: Library) -> list[str]:
    templates = library.templates()
    return [templates[name].path.read_text("utf-8", errors="replace")
            for name in PDF_SHEETS if name in templates]


def _names(value: str) -> list[str]:
    names = (f.strip().strip("'\"") for f in value.split(","))
    return [n for n in names if n and "{" not in n]


def stylesheet_families(library: Library) -> list[str]:
    """Font families named in the PDF's print stylesheets in force."""
    return list(dict.fromkeys(name for text in _sheets(library)
                              for m in _FAMILY.finditer(text) for name in _names(m.group(1))))


def bundled_families(library: Library) -> set[str]:
    """Families the stylesheets bring themselves with @font-face (files in the library)."""
    return {name for text in _sheets(library)
            for m in _FACE.finditer(text) for name in _names(m.group(1))}


def font_checks(library: Library) -> list[Check]:
    """Which font each family of the print stylesheets resolves to."""
    families = stylesheet_families(library)
    if not families:
        return [Check("fonts", "ok", "no font-family in the templates in force; "
                                     "PDFs use the system's default fonts")]
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return [Check("fonts", "warn", "fc-match not found, cannot tell which fonts are used",
                      "Debian/Ubuntu: apt-get install fontconfig")]
    checks = []
    bundled = bundled_families(library)
    for family in families:
        if family in bundled:
            checks.append(Check(f"font {family!r}", "ok", "bundled with the stylesheet (@font-face)"))
            continue
        out = subprocess.run([fc_match, "-f", "%{family[0]}|%{file}", family],
                             capture_output=True, text=True, check=False).stdout
        found, _, path = out.partition("|")
        if family in GENERIC or found.casefold() == family.casefold():
            checks.append(Check(f"font {family!r}", "ok", f"{found} ({Path(path).name})"))
        else:
            checks.append(Check(f"font {family!r}", "warn", f"not installed; {found or '?'} "
                                f"is used instead", "install it, or name an installed font "
                                "in the stylesheet (fc-list lists them)"))
    return checks
