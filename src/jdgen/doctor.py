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
from pathlib import Path

import msgspec

from .library import Library

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.IGNORECASE)
_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.IGNORECASE)
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class Check(msgspec.Struct, frozen=True):
    """One line of the report: ``status`` is ok, warn or missing."""

    name: str
    status: str
    detail: str
    hint: str = ""

    def line(self) -> str:
        text = f"{self.status:<8}{self.name}: {self.detail}"
        return f"{text} — {self.hint}" if self.hint else text

    def to_dict(self) -> dict[str, str]:
        return msgspec.structs.asdict(self)


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


def _families(value: str) -> list[str]:
    return [f.strip().strip("'\"") for f in value.split(",") if f.strip()]


def stylesheet_fonts(library: Library) -> list[tuple[str, list[str], dict[str, list[Path]]]]:
    """Per stylesheet the PDF uses: its font-family lists, and the @font-face files it bundles."""
    from .formats.pdf import STYLESHEETS

    found = []
    templates = library.templates()
    for name in STYLESHEETS:
        entry = templates.get(name)
        if entry is None:
            continue
        text = re.sub(r"/\*.*?\*/", "", entry.path.read_text("utf-8", errors="replace"),
                      flags=re.S)
        faces: dict[str, list[Path]] = {}
        for block in _FACE.findall(text):
            family = _FAMILY.search(block)
            if family:
                # WeasyPrint resolves url() against the stylesheet's own folder.
                files = [entry.path.parent / url for url in _URL.findall(block)]
                faces.setdefault(_families(family.group(1))[0], []).extend(files)
        rest = _FACE.sub("", text)
        lists = list(dict.fromkeys(", ".join(_families(m)) for m in _FAMILY.findall(rest)))
        found.append((name, lists, faces))
    return found


def stylesheet_families(library: Library) -> list[str]:
    """Every family the stylesheets name, first mention first."""
    return list(dict.fromkeys(f for _, lists, _ in stylesheet_fonts(library)
                              for value in lists for f in _families(value)))


def font_checks(library: Library) -> list[Check]:
    """For each font-family list of the stylesheets: the font that will be used."""
    sheets = [s for s in stylesheet_fonts(library) if s[1]]
    if not sheets:
        return [Check("fonts", "ok", "no font-family in the stylesheets in force; "
                                     "PDFs use the system's default fonts")]
    fc_match = shutil.which("fc-match")
    checks = []
    for name, lists, faces in sheets:
        for value in lists:
            checks.append(_resolve(f"font {name}: {value}", _families(value), faces, fc_match))
    return checks


def _resolve(label: str, families: list[str], faces: dict[str, list[Path]],
             fc_match: str | None) -> Check:
    for family in families:
        if family in faces:
            missing = [p.name for p in faces[family] if not p.is_file()]
            if missing:
                return Check(label, "warn", f"{family!r} is bundled but {', '.join(missing)} "
                             "is missing", "restore the font files beside the stylesheet")
            return Check(label, "ok", f"{family} (bundled: "
                                      f"{', '.join(p.name for p in faces[family])})")
        if fc_match is None:
            return Check(label, "warn", "fc-match not found, cannot tell which fonts are used",
                         "Debian/Ubuntu: apt-get install fontconfig")
        out = subprocess.run([fc_match, "-f", "%{family[0]}|%{file}", family],
                             capture_output=True, text=True, check=False).stdout
        got, _, path = out.partition("|")
        if family in GENERIC or got.casefold() == family.casefold():
            how = "system default for " + family if family in GENERIC else "installed"
            return Check(label, "ok", f"{got} ({how}: {Path(path).name})")
    return Check(label, "warn", "none of these fonts is installed",
                 "install one (Debian/Ubuntu: apt-get install fonts-dejavu-core)")
