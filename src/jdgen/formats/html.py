"""Turn the content model into one self-contained HTML5 page through ``posting.html.j2``."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..content import Block, BulletList, Parts, Posting
from ..environment import get_environment, render_template
from ..errors import SchemaError, TemplateError
from ..inline import Span, spans
from ..library import display_path

# Stylesheets looked up along the template chain, so a user library can replace each.
SCREEN_CSS = "posting.css"
PRINT_CSS = "print.css"
DEFAULT_BRAND = "#1F2937"
MAX_LOGO = 2 * 1024 * 1024
_LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def _span(span: Span) -> Markup:
    html = Markup("<br>").join(escape(line) for line in span.text.split("\n"))
    if span.code:
        html = Markup("<code>%s</code>") % html
    if span.italic:
        html = Markup("<em>%s</em>") % html
    if span.bold:
        html = Markup("<strong>%s</strong>") % html
    if span.href:
        html = Markup('<a href="%s">%s</a>') % (span.href, html)
    return html


def inline(parts: Parts) -> Markup:
    """Inline parts as HTML: literal text escaped, profile Markdown as tags (raw HTML stays text)."""
    return Markup("").join(_span(s) for s in spans(parts))


def block(value: Block) -> Markup:
    """A ``<p>`` (classed by its role) or a ``<ul>`` with one ``<li>`` per item."""
    if isinstance(value, BulletList):
        items = Markup("\n").join(Markup("<li>%s</li>") % inline(i) for i in value.items)
        return Markup("<ul>\n%s\n</ul>") % items
    return Markup('<p class="%s">%s</p>') % (value.role, inline(value.parts))


def plain(parts: Parts) -> str:
    """The visible text of inline parts (for metadata)."""
    return "".join(s.text for s in spans(parts))


FILTERS = (("inline", inline), ("block", block), ("plain", plain))


def logo_data_uri(path: Path | None) -> str | None:
    """The logo file as a ``data:`` URI, so the page needs no other file."""
    if path is None:
        return None
    kind = _LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise SchemaError(f"logo {display_path(path)!r} is not an image jdgen can embed",
                          hint=f"use one of: {', '.join(sorted(_LOGO_TYPES))}")
    data = path.read_bytes()
    if len(data) > MAX_LOGO:
        raise SchemaError(f"logo {display_path(path)!r} is larger than 2 MiB",
                          hint="use a smaller image")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def stylesheet(options, name: str) -> tuple[str, str]:
    """A stylesheet's text and file from the template chain (user library first)."""
    env = get_environment(options.template_dirs, options.builtin_dir, "html", FILTERS)
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except Exception as e:  # TemplateNotFound, or an unreadable file
        raise TemplateError(f"stylesheet {name!r} not found",
                            hint="see 'jdgen list templates'") from e
    if "</style" in source.lower():
        raise TemplateError("a stylesheet may not contain '</style'", path=display_path(
            Path(filename or name)), hint="remove it; the CSS is embedded in the page")
    return source, filename or name


def page_html(posting: Posting, options, *, inline_css: bool,
              extra: dict[str, Any] | None = None) -> str:
    """The page as text; ``inline_css`` False leaves the stylesheets out (PDF adds them parsed)."""
    env = get_environment(options.template_dirs, options.builtin_dir, "html", FILTERS)
    styles = None
    if inline_css:
        styles = {"screen": Markup(stylesheet(options, SCREEN_CSS)[0]),
                  "print": Markup(stylesheet(options, PRINT_CSS)[0])}
    summary = next((b for s in posting.sections[:1] for b in s.blocks
                    if getattr(b, "role", "") == "summary"), None)
    return render_template(
        env, f"{options.template}.html.j2", posting=posting, styles=styles,
        logo=logo_data_uri(posting.logo),
        brand=posting.company.brand_color or DEFAULT_BRAND,
        description=plain(summary.parts) if summary else
        f"{posting.title} at {posting.company_name}",
        **(extra or {}))


def render(posting: Posting, options) -> bytes:
    """The page, with the JSON-LD JobPosting in its head when the posting can give one."""
    from .jsonld import problems, script_json

    extra = {} if problems(posting) else {"jsonld": script_json(posting)}
    return page_html(posting, options, inline_css=True, extra=extra).encode("utf-8")
