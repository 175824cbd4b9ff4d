"""Turn library entries into rows for ``jdgen list`` and profiles into YAML for ``jdgen show``."""

from __future__ import annotations

import re
from typing import Any

from .library import Library


def list_entries(library: Library, what: str) -> list[dict[str, Any]]:
    """One row per profile, company or template: name, title, origin, path."""
    rows: list[dict[str, Any]] = []
    if what == "profiles":
        for name, entry in library.profiles.items():
            data = library.doc(entry.path).data
            rows.append({"name": name, "title": data.get("title"),
                         "extends": data.get("extends"),
                         "aliases": data.get("aliases") or [],
                         "origin": entry.origin, "path": entry.display()})
    elif what == "companies":
        for name, entry in library.companies.items():
            data = library.doc(entry.path).data
            rows.append({"name": name, "title": data.get("name"), "origin": entry.origin,
                         "path": entry.display()})
    else:
        builtin = library.roots[-1].path / "templates"
        for name, entry in library.templates().items():
            overrides = entry.origin == "user" and (builtin / name).is_file()
            extends = _BUILTIN_REF.findall(entry.path.read_text("utf-8", errors="replace")
                                           ) if entry.origin == "user" else []
            note = ", ".join(filter(None, [
                "overrides the built-in one" if overrides else "",
                *dict.fromkeys(f"{_VERB[kw]} {ref}" for kw, ref in extends)]))
            rows.append({"name": name, "origin": entry.origin, "path": entry.display(),
                         "overrides": overrides, "note": note})
    return rows


# {% extends "builtin:posting.md.j2" %} / include / import / from
_BUILTIN_REF = re.compile(r"""\{%-?\s*(extends|include|import|from)\s+["'](builtin:[^"']+)["']""")
_VERB = {"extends": "extends", "include": "includes", "import": "imports", "from": "imports"}


def dump_yaml(data: Any) -> str:
    """Block-style YAML in the schema's key order."""
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
