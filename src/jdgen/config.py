"""Read a library's ``jdgen.toml`` into checked settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import msgspec

from .errors import JdgenError, SchemaError
from .library import CONFIG_NAME, Library, display_path
from .models import schema_error
from .yamlfile import Key, YamlDoc


class RenderSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """``[render]``: defaults for ``jdgen render``."""

    company: str | None = None
    formats: list[str] = []
    template: str | None = None
    paper: Literal["a4", "letter"] | None = None


class ValidateSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """``[validate]``: what ``jdgen validate`` checks besides the library itself."""

    lint: bool = False  # lint findings at the [lint] fail_on level are problems


class Config(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The whole file. ``[lint]`` is read by the lint rules themselves."""

    render: RenderSettings = msgspec.field(default_factory=RenderSettings)
    validate: ValidateSettings = msgspec.field(default_factory=ValidateSettings)
    lint: dict[str, Any] = {}


def config_path(library: Library) -> Path | None:
    """``jdgen.toml`` of the user library, if there is one."""
    root = library.roots[0]
    path = root.path / CONFIG_NAME
    return path if root.origin == "user" and path.is_file() else None


def read_config(library: Library) -> YamlDoc | None:
    """``jdgen.toml`` parsed, with the line of each table and key; None when there is none."""
    path = config_path(library)
    if path is None:
        return None
    import tomllib  # only when the library has a jdgen.toml

    shown = display_path(path)
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+)", str(e))
        raise SchemaError(f"invalid TOML: {str(e).split(' (at')[0]}", path=shown,
                          line=int(m.group(1)) if m else None) from e
    except (OSError, UnicodeDecodeError) as e:
        raise SchemaError(f"cannot read file: {e}", path=shown) from e
    return YamlDoc(path, data, toml_lines(text), shown)


_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_ASSIGN = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=")


def toml_lines(text: str) -> dict[Key, int]:
    """Line of each ``[table]`` and ``key =`` (a plain reading: enough to point at a line)."""
    lines: dict[Key, int] = {}
    table: Key = ()
    for number, line in enumerate(text.splitlines(), 1):
        if m := _TABLE.match(line):
            table = tuple(part.strip().strip("\"'") for part in m.group(1).split("."))
            lines.setdefault(table, number)
        elif m := _ASSIGN.match(line):
            lines.setdefault((*table, m.group(1).strip("\"'")), number)
    return lines


def load_config(library: Library) -> Config:
    """The settings of the user library; defaults when it has no ``jdgen.toml``."""
    return parse_config(read_config(library))


def parse_config(doc: YamlDoc | None) -> Config:
    """Check ``jdgen.toml`` as ``read_config`` read it; defaults for None."""
    if doc is None:
        return Config()
    shown = doc.name
    try:
        config = msgspec.convert(doc.data, Config)
    except msgspec.ValidationError as e:
        raise schema_error(str(e), Config, doc, shown) from e
    from . import formats

    try:
        formats.parse_formats(",".join(config.render.formats) or "md")
    except JdgenError as e:
        raise SchemaError(f"[render] formats: {e.message}", path=shown, hint=e.hint,
                          line=doc.line_of(("render", "formats"))) from e
    return config
