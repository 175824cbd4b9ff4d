"""Read Markdown back with markdown-it-py, an independent CommonMark parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark")


@dataclass
class Block:
    heading: str
    level: int
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


def _text(token) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def outline(markdown: str) -> list[Block]:
    """Headings in order, each with the paragraphs, list items and links under it."""
    tokens = _MD.parse(markdown)
    blocks = [Block("", 0)]
    in_item = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            blocks.append(Block(_text(tokens[i + 1]), int(tok.tag[1])))
        elif tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            (blocks[-1].items if in_item else blocks[-1].paragraphs).append(_text(tok))
        if tok.type == "inline":
            children = tok.children or []
            for j, child in enumerate(children):
                if child.type == "link_open":
                    blocks[-1].links.append((children[j + 1].content, child.attrs["href"]))
    return blocks


def headings(markdown: str) -> list[tuple[int, str]]:
    return [(b.level, b.heading) for b in outline(markdown) if b.level]


def plain_text(markdown: str) -> str:
    """All visible text, one block a line."""
    lines = []
    for b in outline(markdown):
        if b.heading:
            lines.append(b.heading)
        lines += b.paragraphs + b.items
    return "\n".join(lines)
