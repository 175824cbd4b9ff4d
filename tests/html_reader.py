"""Read HTML back with html5lib, an independent WHATWG parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib


def parse(html: str | bytes) -> ET.Element:
    """The document as an ElementTree, tags without namespaces."""
    return html5lib.parse(html, namespaceHTMLElements=False)


def _itertext(element: ET.Element):
    yield element.text or ""
    for child in element:
        yield "\n" if child.tag == "br" else "".join(_itertext(child))
        yield child.tail or ""


def text(element: ET.Element) -> str:
    """Visible text of an element, whitespace (and ``<br>``) collapsed to single spaces."""
    return " ".join("".join(_itertext(element)).split())


def headings(root: ET.Element) -> list[tuple[int, str]]:
    """(level, text) of every h1-h3, in document order."""
    return [(int(e.tag[1]), text(e)) for e in root.iter() if e.tag in ("h1", "h2", "h3")]
