"""Read a .docx back as a person sees it: python-docx for styles, mammoth as a second reader."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html.parser import HTMLParser

# mammoth knows headings and lists; Title and Subtitle need a word.
STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
r[style-name='HTML Code'] => code
"""


@dataclass
class Para:
    style: str
    text: str
    links: list[str]


def paragraphs(data: bytes) -> list[Para]:
    """Every body paragraph: style name, text, hyperlink targets."""
    import docx

    doc = docx.Document(io.BytesIO(data))
    return [Para(p.style.name, p.text, [h.address for h in p.hyperlinks]) for p in doc.paragraphs]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []  # (tag, text) of block elements
        self.links: list[str] = []
        self._open: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "p", "li"):
            self._open.append(tag)
            self._text = []
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        elif tag == "br":
            self._text.append("\n")

    def handle_endtag(self, tag):
        if self._open and tag == self._open[-1]:
            self.items.append((self._open.pop(), "".join(self._text)))
            self._text = []

    def handle_data(self, data):
        self._text.append(data)


def mammoth_blocks(data: bytes) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(tag, text) blocks, link targets and mammoth's own warnings."""
    import mammoth

    result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP)
    parser = _Tags()
    parser.feed(result.value)
    return parser.items, parser.links, [m.message for m in result.messages]
