"""Turn library entries into rows for ``jdgen list`` and profiles into YAML for ``jdgen show``."""

from __future__ import annotations

import io
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
        for name, entry in library.templates().items():
            rows.append({"name": name, "origin": entry.origin, "path": entry.display()})
    return rows


def dump_yaml(data: Any) -> str:
    """Block-style YAML in the schema's key order."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.allow_unicode = True
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
