"""Turn the skeleton files shipped in ``jdgen/skeleton/`` into a new library, profile or company."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from . import __version__, formats
from .checks.findings import RULES
from .errors import JdgenError, OutputError
from .library import Library, builtin_root, display_path, valid_id
from .output import RESERVED_NAMES, slugify, write_atomic

# Where ``jdgen init`` puts each skeleton file.
_LIBRARY_FILES = {
    "jdgen.toml": "jdgen.toml",
    "README.md": "README.md",
    "profiles/README.md": "profiles-README.md",
    ".github/workflows/jdgen.yml": "jdgen-workflow.yml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
}
EXAMPLE_COMPANY = "Example Company"
# A commented example line: '#key:' or '#  - item' (prose comments are '# text').
_EXAMPLE = re.compile(r"^#(?! \S)(?!#)(?=.)")


def skeleton(name: str) -> str:
    """The text of one skeleton file."""
    return (resources.files("jdgen") / "skeleton" / name).read_text("utf-8")


def uncomment(text: str, keep: tuple[str, ...] = ()) -> str:
    """Turn the commented examples of a skeleton on; keys named in ``keep`` stay commented."""
    out = []
    block_kept = False
    for line in text.splitlines(keepends=True):
        if _EXAMPLE.match(line):
            if not line.startswith("#  "):  # a key, not a continuation line
                block_kept = any(line.startswith(f"#{key}:") for key in keep)
            if not block_kept:
                line = line[1:]
        out.append(line)
    return "".join(out)


def _quoted(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is safe, else double-quoted (JSON is YAML)."""
    if any(ord(c) < 32 for c in text):
        raise JdgenError(f"{text!r} contains control characters", hint="use plain text")
    if re.fullmatch(r"[^\W_][\w .()/&+-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def company_text(name: str, examples_on: bool = False) -> str:
    """A company file with every key: commented examples, or (``examples_on``) filled in."""
    text = skeleton("company.yaml").replace("@NAME@", _quoted(name))
    return uncomment(text, keep=("logo",)) if examples_on else text


def init_library(folder: Path, force: bool = False) -> list[Path]:
    """Write a ready library into ``folder``; refuse a non-empty folder unless ``force``."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{str(folder)!r} is a file, not a folder", path=str(folder),
                          hint="pick a new folder name")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputError(f"folder {display_path(folder)!r} is not empty",
                          hint="pick an empty or new folder, or pass --force to write into it")
    files: dict[Path, bytes] = {}
    for target, source in _LIBRARY_FILES.items():
        text = skeleton(source).replace("@VERSION@", __version__)
        text = text.replace("@FORMATS@", ", ".join(f'"{f}"' for f in formats.FORMATS))
        text = text.replace("@RULES@", ", ".join(RULES))
        files[folder / target] = text.encode("utf-8")
    files[folder / "companies/example.yaml"] = company_text(EXAMPLE_COMPANY, True).encode()
    # Every built-in template file, fonts included, so an edited copy still finds what it uses.
    templates = builtin_root() / "templates"
    for path in sorted(templates.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files[folder / "templates" / path.relative_to(templates)] = path.read_bytes()
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    return list(files)



def _user_root(library: Library) -> Path:
    root = library.roots[0]
    if root.origin != "user":
        raise JdgenError("no library here to add to",
                         hint="run 'jdgen init DIR' first, or pass --library DIR")
    return root.path


def _check_new(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputError(f"{display_path(path)!r} already exists",
                          hint="pick another name, or pass --force to replace it")


def new_profile(library: Library, name: str, parent: str, title: str | None = None,
                force: bool = False) -> Path:
    """Write ``profiles/<name>.yaml`` extending ``parent``, with commented examples."""
    root = _user_root(library)
    pid = name.lower()
    if not valid_id(pid) or pid.split(".")[0] in RESERVED_NAMES:
        raise JdgenError(f"{name!r} is not a profile name",
                         hint="use lower-case letters, digits and '-', e.g. 'staff-engineer'")
    base = library.find_profile(parent)
    if base.name == pid:
        raise JdgenError(f"a profile cannot extend itself ({pid!r})",
                         hint="give the new profile another name")
    if pid in library.profiles and library.profiles[pid].origin == "built-in" and not force:
        raise JdgenError(f"{pid!r} is a built-in profile",
                         hint="pick another name, or pass --force to override the built-in one")
    if pid in library.aliases() and not force:
        raise JdgenError(f"{pid!r} is already an alias of {library.aliases()[pid]!r}",
                         hint="pick another name")
    path = root / "profiles" / f"{pid}.yaml"
    _check_new(path, force)
    parent_title = library.load_profile(base.name).profile.title or base.name
    words = [w for w in re.split(r"[-_.]+", pid) if w]
    text = (skeleton("profile.yaml")
            .replace("@ID@", pid).replace("@PARENT@", base.name)
            .replace("@PARENT_TITLE@", parent_title.replace("\n", " "))
            .replace("@ALIAS@", re.sub(r"[^a-z0-9-]", "-", f"{pid}-role"))
            .replace("@TITLE@", _quoted(title or " ".join(w.capitalize() for w in words))))
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    return path


def new_company(library: Library, name: str, force: bool = False) -> Path:
    """Write ``companies/<slug>.yaml`` for ``name`` with every other key as a commented example."""
    if not name.strip():
        raise JdgenError("the company name is empty", hint='jdgen new company "Acme Corp"')
    path = _user_root(library) / "companies" / f"{slugify(name)}.yaml"
    _check_new(path, force)
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, company_text(name.strip()).encode("utf-8"))
    return path
