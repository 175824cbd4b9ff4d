"""Read any rendered format back with an independent reader: visible text and headings.

Each format in ``jdgen.formats.FORMATS`` needs an entry here; a test fails when
one is missing, so every new format is covered by the hostile-input tests.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from ..markdown_reader import outline


@dataclass
class Seen:
    """What a reader of the document sees: its text and, where known, its headings."""

    text: str
    headings: list[str] | None = None


def _markdown(data: bytes) -> Seen:
    blocks = outline(data.decode("utf-8"))
    lines = []
    for b in blocks:
        lines += ([b.heading] if b.heading else []) + b.paragraphs + b.items
    return Seen("\n".join(lines), [b.heading for b in blocks if b.level])


class _HtmlText(HTMLParser):
    """Body text the way a browser shows it (no script, style or head); <br> is a newline."""

    _HIDDEN = {"script", "style", "head", "title", "template"}
    _BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "header",
              "footer", "dt", "dd", "tr", "main", "article", "address"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag == "br" or tag in self._BLOCK:
            self.parts.append("\n")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []

    def handle_endtag(self, tag):
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)
            if self._heading is not None:
                self._heading.append(data)


def _html_seen(markup: str) -> Seen:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return Seen("".join(parser.parts), parser.headings)


def _html(data: bytes) -> Seen:
    return _html_seen(data.decode("utf-8"))


def _docx(data: bytes) -> Seen:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines, headings = [], []
    for p in document.paragraphs:
        lines.append(p.text)
        if p.style is not None and p.style.name.startswith(("Heading", "Title")):
            headings.append(p.text)
    return Seen("\n".join(lines), headings)


def _pdf(data: bytes) -> Seen:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return Seen("\n".join(page.extract_text() or "" for page in reader.pages))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _jsonld(data: bytes) -> Seen:
    doc = json.loads(data.decode("utf-8"))
    description = doc.get("description", "") if isinstance(doc, dict) else ""
    rest = {k: v for k, v in doc.items() if k != "description"} if isinstance(doc, dict) else doc
    return Seen("\n".join([*_strings(rest), _html_seen(description).text]))


READERS = {"md": _markdown, "html": _html, "docx": _docx, "pdf": _pdf, "jsonld": _jsonld}


def seen(fmt: str, data: bytes) -> Seen:
    """The visible text (and headings) of ``data`` rendered as ``fmt``."""
    return READERS[fmt](data)


def squeeze(text: str) -> str:
    """Whitespace-insensitive form, for readers that wrap lines (PDF)."""
    return " ".join(text.split())


def zip_texts(data: bytes) -> str:
    """Every member of a zip (DOCX) as text, for metadata checks."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v or "" for k, v in attrs if k == "href"]


def _html_hrefs(markup: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(markup)
    parser.close()
    return parser.hrefs


def _docx_hrefs(data: bytes) -> list[str]:
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
    return [html.unescape(t) for t in
            re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)]


def _pdf_hrefs(data: bytes) -> list[str]:
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                out.append(str(action["/URI"]))
    return out


def hrefs(fmt: str, data: bytes) -> list[str]:
    """Every link target a reader of the document can follow."""
    if fmt == "md":
        return [href for b in outline(data.decode("utf-8")) for _, href in b.links]
    if fmt == "html":
        return _html_hrefs(data.decode("utf-8"))
    if fmt == "docx":
        return _docx_hrefs(data)
    if fmt == "pdf":
        return _pdf_hrefs(data)
    doc = json.loads(data.decode("utf-8"))
    addresses = [s for s in _strings(doc) if re.match(r"[A-Za-z][A-Za-z0-9+.-]{0,11}:\S", s)]
    return addresses + _html_hrefs(doc.get("description", ""))
