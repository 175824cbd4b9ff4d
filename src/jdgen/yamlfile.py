"""Turn a YAML file into plain dicts, lists and strings, with a line number per value.

Every scalar comes back as the text the user typed (or ``None`` for an empty
value), so YAML 1.1 surprises cannot happen: ``country: NO`` stays ``"NO"`` and
``zip: 012345`` stays ``"012345"``. The schema converts text to numbers and
booleans where it wants them. Tags, anchors, aliases, merge keys, duplicate
keys, several documents and deep nesting are refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import yaml as _yaml

from .errors import YamlError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
# With no implicit typing every plain scalar is text; these plain ones mean "no value"
# (YAML 1.2's null; libyaml marks a plain scalar's style "", the pure parser None).
_NULLS = {"", "~", "null", "Null", "NULL"}
_NULL = "tag:yaml.org,2002:null"

Key = tuple[str | int, ...]


class YamlDoc(msgspec.Struct):
    """A parsed YAML mapping and the line (1-based) where each value starts."""

    path: Path
    data: dict[str, Any]
    lines: dict[Key, int] = msgspec.field(default_factory=dict)
    name: str = ""  # the path as shown in messages

    def line_of(self, key: Key) -> int | None:
        """Line of ``key``, or of its nearest enclosing value."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def load_yaml(path: Path, display: str | None = None) -> YamlDoc:
    """Read ``path`` as a YAML mapping; errors name ``display`` (default: the path)."""
    name = display or str(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise YamlError(f"cannot read file: {e.strerror}", path=name) from e
    return parse_yaml(raw, path, name)


def parse_yaml(raw: bytes, path: Path, name: str) -> YamlDoc:
    """Parse YAML bytes; see the module docstring for what is refused."""
    if len(raw) > MAX_BYTES:
        raise YamlError(
            f"file is larger than {MAX_BYTES // 1024} KiB",
            path=name,
            hint="split it or remove what is not needed",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise YamlError(
            f"invalid UTF-8 (byte {raw[e.start]:#04x})", path=name, line=line,
            hint="save the file as UTF-8",
        ) from e
    try:
        node = _compose(text)
    except _yaml.reader.ReaderError as e:
        char = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        raise YamlError(
            f"character U+{char:04X} is not allowed in YAML", path=name,
            line=text[: e.position].count("\n") + 1,
            hint="delete it: control characters cannot be stored in YAML",
        ) from e
    except _yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        hint = "indent with spaces, and quote values that contain ': ' or start with '#'"
        if "expected a single document" in str(e):
            problem, hint = "more than one YAML document", "remove the '---' line"
        raise YamlError(
            f"invalid YAML: {problem}", path=name,
            line=mark.line + 1 if mark else None, hint=hint,
        ) from e
    except _yaml.YAMLError as e:
        raise YamlError(f"invalid YAML: {' '.join(str(e).split())}", path=name) from e
    except RecursionError as e:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", path=name) from e
    if node is None:
        raise YamlError("file is empty", path=name, hint="write a YAML mapping of keys")
    doc = YamlDoc(path=path, data={}, name=name)
    data = _convert(node, (), doc, name, set())
    if not isinstance(data, dict):
        raise YamlError(
            "the top level is not a mapping", path=name, line=node.start_mark.line + 1,
            hint="write 'key: value' lines at the top level",
        )
    doc.data = data
    return doc


# libyaml (PyYAML's C parser) where built, for speed; PyYAML's pure-Python parser
# otherwise, and again on any error, for its clearer messages. Either only builds
# the node tree, with the base resolver, so YAML 1.1 typing never applies: every
# scalar comes back as text, and a tag is only ever one written in the file.
_FAST = getattr(_yaml, "CBaseLoader", None)


def _compose(text: str) -> Any:
    if _FAST is not None:
        try:
            return _single_node(_FAST(text))
        except _yaml.YAMLError as e:
            if "maximum nesting depth" in str(e):  # the pure parser would recurse for seconds
                raise RecursionError(str(e)) from e
            # Otherwise parse again below, for the pure parser's message and line.
    return _single_node(_yaml.BaseLoader(text))


def _single_node(loader: Any) -> Any:
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _convert(
    node: Any, key: Key, doc: YamlDoc, name: str, seen: set[int], line: int = 0
) -> Any:
    # A mapping value is reported on its key's line (an empty value has no token).
    line = line or node.start_mark.line + 1
    doc.lines[key] = line
    if id(node) in seen:  # the composer hands out an anchored node again for each alias
        raise YamlError(
            "anchors and aliases (&name, *name) are not supported", path=name, line=line,
            hint="write the value out in full",
        )
    if node.tag not in _PLAIN_TAGS:
        raise YamlError(
            f"YAML tag {node.tag!r} is not allowed", path=name, line=line,
            hint="remove the '!' tag and write a plain value",
        )
    if len(key) > MAX_DEPTH:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", path=name, line=line)
    seen.add(id(node))
    if isinstance(node, _yaml.MappingNode):
        result: dict[str, Any] = {}
        for knode, vnode in node.value:
            if isinstance(knode, (_yaml.MappingNode, _yaml.SequenceNode)):
                raise YamlError("a key must be plain text", path=name,
                                line=knode.start_mark.line + 1)
            k = knode.value
            if k == "<<" and not knode.style:
                raise YamlError("merge keys ('<<') are not supported", path=name,
                                line=knode.start_mark.line + 1,
                                hint="write the keys out, or use 'extends:' in profiles")
            if k in result:
                raise YamlError(
                    f"duplicate key {k!r}", path=name, line=knode.start_mark.line + 1,
                    hint=f"keep one {k!r} (first on line {doc.lines[(*key, k)]})",
                )
            result[k] = _convert(vnode, (*key, k), doc, name, seen, knode.start_mark.line + 1)
        return result
    if isinstance(node, _yaml.SequenceNode):
        return [_convert(v, (*key, i), doc, name, seen) for i, v in enumerate(node.value)]
    if not node.style and (node.tag == _NULL or node.value in _NULLS):
        return None
    return node.value
