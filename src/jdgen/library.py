"""Find profiles, companies and templates along the library search path."""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path

import msgspec

from . import models
from .errors import InheritanceError, NotFoundError, SchemaError
from .output import slugify
from .yamlfile import YamlDoc, load_yaml

CONFIG_NAME = "jdgen.toml"
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


def valid_id(name: str) -> bool:
    """A profile id: lower-case letters, digits, '.', '_' and '-', never '..'."""
    return bool(_ID.match(name)) and ".." not in name


def builtin_root() -> Path:
    """The library that ships with jdgen: inside the wheel, or beside ``src/``."""
    packaged = Path(__file__).parent / "_builtin"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


class Root(msgspec.Struct, frozen=True):
    path: Path
    origin: str  # "user" or "built-in"


def search_path(library: str | os.PathLike[str] | None = None,
                cwd: Path | None = None) -> list[Root]:
    """The ordered library roots: the first user library found, then the built-in one.

    Order: ``library`` (``--library``), ``$JDGEN_LIBRARY``, the nearest folder
    above ``cwd`` holding ``jdgen.toml``; the built-in library always comes last.
    """
    user: Path | None = None
    if library:
        user = Path(library)
        where = "--library"
    elif os.environ.get("JDGEN_LIBRARY"):
        user = Path(os.environ["JDGEN_LIBRARY"])
        where = "JDGEN_LIBRARY"
    else:
        start = (cwd or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                user = folder
                break
    roots = []
    builtin = builtin_root().resolve()
    if user is not None:
        if not user.is_dir():
            raise NotFoundError(f"library folder {str(user)!r} does not exist",
                                path=where, hint="create it with 'jdgen init DIR'")
        if user.resolve() != builtin:
            roots.append(Root(user.resolve(), "user"))
    roots.append(Root(builtin, "built-in"))
    return roots


class Entry(msgspec.Struct, frozen=True):
    """One file of the library and the root it was found in."""

    name: str
    path: Path
    origin: str

    def display(self) -> str:
        return display_path(self.path)


def display_path(path: Path) -> str:
    """A path relative to the working directory where that is shorter."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class Library:
    """The user's library layered over the built-in one."""

    def __init__(self, roots: list[Root]) -> None:
        self.roots = roots
        self._resolved: dict[str, models.ResolvedProfile] = {}
        self._docs: dict[Path, YamlDoc] = {}

    @classmethod
    def discover(cls, library: str | os.PathLike[str] | None = None) -> Library:
        return cls(search_path(library))

    @property
    def root(self) -> Path:
        """The folder files may be read from: the user library, else the built-in one."""
        return self.roots[0].path

    def _entries(self, folder: str, suffix: str) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        for root in self.roots:
            base = root.path / folder
            if not base.is_dir():
                continue
            for path in sorted(base.iterdir()):
                if path.name.endswith(suffix) and not path.name.startswith("."):
                    name = path.name[: -len(suffix)]
                    found.setdefault(name, Entry(name, path, root.origin))
        return dict(sorted(found.items()))

    @cached_property
    def profiles(self) -> dict[str, Entry]:
        return self._entries("profiles", ".yaml")

    @cached_property
    def companies(self) -> dict[str, Entry]:
        return self._entries("companies", ".yaml")

    def templates(self) -> dict[str, Entry]:
        """Template files by name (``posting.md.j2``), the one in force for each."""
        found: dict[str, Entry] = {}
        for root in self.roots:
            base = root.path / "templates"
            if base.is_dir():
                for path in sorted(base.iterdir()):
                    if path.is_file() and not path.name.startswith("."):
                        found.setdefault(path.name, Entry(path.name, path, root.origin))
        return dict(sorted(found.items()))

    def template_dirs(self) -> list[Path]:
        return [r.path / "templates" for r in self.roots if (r.path / "templates").is_dir()]

    def doc(self, path: Path) -> YamlDoc:
        if path not in self._docs:
            self._docs[path] = load_yaml(path, display_path(path))
        return self._docs[path]

    # --- profiles -------------------------------------------------------------

    def find_profile(self, name: str) -> Entry:
        """The profile file for an id or alias; suggests near names when unknown."""
        key = name.lower()
        if not valid_id(key):
            raise NotFoundError(
                f"{name!r} is not a profile name",
                hint="use a profile id such as 'senior-backend-engineer' "
                     "(see 'jdgen list profiles')",
            )
        if key in self.profiles:
            return self.profiles[key]
        aliases = self.aliases()
        if key in aliases:
            return self.profiles[aliases[key]]
        from difflib import get_close_matches

        close = get_close_matches(key, [*self.profiles, *aliases], n=3, cutoff=0.5)
        hint = (f"did you mean {' or '.join(repr(c) for c in close)}?" if close
                else "see 'jdgen list profiles'")
        raise NotFoundError(f"unknown profile {name!r}", hint=hint)

    def aliases(self) -> dict[str, str]:
        """alias -> profile id, over every profile that declares aliases."""
        result: dict[str, str] = {}
        for pid, entry in self.profiles.items():
            # Skip parsing files that cannot declare an alias: keeps lookups cheap.
            if "aliases" not in entry.path.read_text("utf-8", errors="replace"):
                continue
            for alias in self.doc(entry.path).data.get("aliases") or []:
                if isinstance(alias, str):
                    result.setdefault(alias.lower(), pid)
        return result

    def load_profile(self, name: str) -> models.ResolvedProfile:
        """The profile after inheritance, checked against the schema."""
        entry = self.find_profile(name)
        if entry.name not in self._resolved:
            data, chain = self._merged(entry, ())
            doc = self.doc(entry.path)
            profile = models.convert(data, models.Profile, doc)
            if not profile.title:
                raise SchemaError("missing required key 'title'", path=entry.display(),
                                  hint="add 'title:' here or in a parent ('extends:')")
            self._resolved[entry.name] = models.ResolvedProfile(
                id=entry.name, path=entry.display(), origin=entry.origin,
                chain=chain, profile=profile)
        return self._resolved[entry.name]

    def _merged(self, entry: Entry, seen: tuple[str, ...]) -> tuple[dict, tuple[str, ...]]:
        doc = self.doc(entry.path)
        chain = (*seen, entry.name)
        # Check this layer alone first, so errors name the file that has them.
        models.convert(models.check_append_keys(doc.data, doc), models.Profile, doc)
        parent_name = doc.data.get("extends")
        if not parent_name:
            return models.merge({}, doc.data), chain
        try:
            parent = self.find_profile(parent_name)
        except NotFoundError as e:
            raise InheritanceError(
                f"unknown parent profile {parent_name!r}", path=entry.display(),
                line=doc.line_of(("extends",)), hint=e.hint) from e
        if parent.name in chain:
            loop = " -> ".join((*chain, parent.name))
            raise InheritanceError(f"inheritance cycle: {loop}", path=entry.display(),
                                   line=doc.line_of(("extends",)),
                                   hint="remove one of these 'extends:'")
        base, full = self._merged(parent, chain)
        base.pop("aliases", None)  # an alias names one file, not its children
        return models.merge(base, doc.data), full

    # --- companies ------------------------------------------------------------

    def find_company(self, name: str) -> Entry | None:
        """A company file by path, slug or name (case-insensitive); None when unknown."""
        if name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name:
            path = Path(name)
            if not path.is_file():
                raise NotFoundError(f"company file {name!r} does not exist",
                                    hint="check the path, or pass a company name")
            return Entry(path.stem, path, "file")
        slug = slugify(name)
        if slug in self.companies:
            return self.companies[slug]
        wanted = name.strip().casefold()
        for entry in self.companies.values():
            data = self.doc(entry.path).data
            if str(data.get("name", "")).strip().casefold() == wanted:
                return entry
        return None

    def close_companies(self, name: str) -> list[str]:
        """Slugs of company files whose slug or name is close to ``name`` (a typo)."""
        from difflib import get_close_matches

        names = {slug: str(self.doc(e.path).data.get("name", "")).casefold()
                 for slug, e in self.companies.items()}
        close = get_close_matches(slugify(name), list(names), n=2, cutoff=0.75)
        by_name = get_close_matches(name.strip().casefold(), list(names.values()), n=2,
                                    cutoff=0.75)
        close += [slug for slug, n in names.items() if n in by_name and slug not in close]
        return close[:2]
