"""Turn inline parts (literal text, profile prose in Markdown, links) into styled spans.

HTML and DOCX both render from these spans, so inline Markdown means the same
thing in every format. Raw HTML in prose stays text; unsafe link targets
(``javascript:``, ``data:``, …) are dropped and their text kept.
"""

from __future__ import annotations

from functools import lru_cache

import msgspec

from .content import Parts


class Span(msgspec.Struct, frozen=True):
    """A run of text with one style; ``\\n`` in ``text`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


# The only link targets a posting may carry, in every format.
SAFE_SCHEMES = ("https://", "http://", "mailto:")


@lru_cache(maxsize=1)
def parser():
    """The one CommonMark parser, raw HTML off (shared with lint)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=4096)
def prose_spans(text: str) -> tuple[Span, ...]:
    """Parse inline Markdown into spans (emphasis, strong, code, links).

    Kept per text: one HTML page reads each prose part up to three times (the
    page, the JSON-LD description and its lists), and a batch repeats a profile's.
    """
    md = parser()
    tokens = md.parseInline(text)
    out: list[Span] = []
    bold = italic = 0
    href: str | None = None
    for token in tokens[0].children or [] if tokens else []:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            target = str(token.attrs.get("href", ""))
            href = target if target.startswith(SAFE_SCHEMES) else None
        elif kind == "link_close":
            href = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak", "image"):
            text_ = {"softbreak": " ", "hardbreak": "\n"}.get(kind, token.content)
            if kind == "image":
                text_ = "".join(c.content for c in token.children or [])
            if text_:
                out.append(Span(text_, bool(bold), bool(italic), kind == "code_inline", href))
    return tuple(_join(out))


def spans(parts: Parts) -> list[Span]:
    """Spans for a paragraph or list item."""
    out: list[Span] = []
    for part in parts:
        if part.kind == "prose":
            out += prose_spans(part.text)
        elif part.kind == "strong":
            out.append(Span(part.text, bold=True))
        elif part.kind == "link":
            out.append(Span(part.text, href=part.href))
        else:
            out.append(Span(part.text))
    return _join(out)


def plain_text(parts: Parts) -> str:
    """Inline parts as plain text: Markdown emphasis and link targets dropped."""
    return "".join(s.text for s in spans(parts))


def _join(items: list[Span]) -> list[Span]:
    """Merge neighbours with the same style (markdown-it splits text at punctuation)."""
    merged: list[Span] = []
    for s in items:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].code, merged[-1].href) == (
                s.bold, s.italic, s.code, s.href):
            last = merged.pop()
            s = Span(last.text + s.text, s.bold, s.italic, s.code, s.href)
        merged.append(s)
    return merged
