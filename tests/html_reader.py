"""Read HTML back with html5lib, an independent WHATWG parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib


def parse(html: str | bytes) -> ET.Element:
    """The document as an ElementTree, tags without namespaces."""
    return html5lib.parse(html, namespaceHTMLElements=False)


def text(element: ET.Element) -> str:
    """Visible text of an element, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def headings(root: ET.Element) -> list[tuple[int, str]]:
    """(level, text) of every h1-h3, in document order."""
    return [(int(e.tag[1]), text(e)) for e in root.iter() if e.tag in ("h1", "h2", "h3")]
