"""Turn Markdown (a rendered posting or any posting text) into lintable text units with lines."""

from __future__ import annotations

import re

import msgspec


class Unit(msgspec.Struct, frozen=True):
    """One heading, paragraph or list item as plain text, with where it starts."""

    kind: str  # "heading", "paragraph" or "item"
    text: str  # "\n" marks a line break inside the unit
    line: int  # 1-based line in the Markdown text
    section: str  # id of the enclosing section ("title", "intro", "responsibilities", ...)
    level: int = 0  # heading level

    def line_at(self, offset: int) -> int:
        """The Markdown line of character ``offset`` in ``text``."""
        return self.line + self.text.count("\n", 0, offset)


class Section(msgspec.Struct):
    """A second-level section: its heading and how many units it holds."""

    id: str
    heading: str | None
    line: int
    units: int = 0


class Document(msgspec.Struct):
    """A posting as plain-text units in reading order."""

    units: list[Unit] = msgspec.field(default_factory=list)
    sections: dict[str, Section] = msgspec.field(default_factory=dict)

    def in_section(self, *ids: str) -> list[Unit]:
        return [u for u in self.units if u.section in ids and u.kind != "heading"]


def section_id(heading: str) -> str:
    """``How to apply`` -> ``how-to-apply``."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-") or "section"


def _inline_text(token) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append("".join(c.content for c in child.children or []))
    return "".join(out)


def parse_markdown(text: str, ids: dict[str, str] | None = None) -> Document:
    """Units of ``text``; ``ids`` maps heading text to section ids (else a slug of the heading).

    The first-level heading is section ``title``; text before the first
    second-level heading is ``intro``; third-level headings stay in their section.
    """
    ids = ids or {}
    doc = Document()
    current = "intro"
    doc.sections[current] = Section(current, None, 1)
    from ..inline import parser

    tokens = parser().parse(text)
    kind_stack: list[str] = []
    heading_level = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            kind_stack.append("item")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            kind_stack.pop()
        elif token.type == "inline":
            opener = tokens[i - 1]
            line = (token.map or opener.map or [0])[0] + 1
            content = _inline_text(token).strip()
            if not content:
                continue
            if opener.type == "heading_open":
                if heading_level == 1:
                    doc.units.append(Unit("heading", content, line, "title", 1))
                    continue
                if heading_level == 2:
                    current = ids.get(content) or section_id(content)
                    doc.sections.setdefault(current, Section(current, content, line))
                doc.units.append(Unit("heading", content, line, current, heading_level))
                continue
            kind = kind_stack[-1] if kind_stack else "paragraph"
            doc.units.append(Unit(kind, content, line, current))
            doc.sections[current].units += 1
    return doc
