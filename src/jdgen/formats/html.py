"""Turn the content model into one self-contained HTML5 page through ``posting.html.j2``."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from jinja2 import TemplateNotFound
from markupsafe import Markup, escape

from ..content import Block, BulletList, Parts, Posting
from ..environment import get_environment, render_template
from ..errors import TemplateError
from ..inline import Span, plain_text, spans
from ..library import display_path
from . import jsonld

# Stylesheets looked up along the template chain, so a user library can replace each.
SCREEN_CSS = "posting.css"
PRINT_CSS = "print.css"
DEFAULT_BRAND = "#1F2937"


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
    """Inline parts as HTML: text escaped, profile Markdown as tags (raw HTML stays text)."""
    return Markup("").join(_span(s) for s in spans(parts))


def block(value: Block) -> Markup:
    """A ``<p>`` (classed by its role) or a ``<ul>`` with one ``<li>`` per item."""
    if isinstance(value, BulletList):
        items = Markup("\n").join(Markup("<li>%s</li>") % inline(i) for i in value.items)
        return Markup("<ul>\n%s\n</ul>") % items
    return Markup('<p class="%s">%s</p>') % (value.role, inline(value.parts))


FILTERS = (("inline", inline), ("block", block))


def logo_data_uri(path: Path | None) -> str | None:
    """The checked logo (SVG drawn to PNG) as a ``data:`` URI, so the page needs no other file."""
    if path is None:
        return None
    from ..logo import load_logo

    logo = load_logo(path)
    return f"data:image/{logo.ext};base64,{base64.b64encode(logo.data).decode('ascii')}"


def stylesheet(options, name: str) -> tuple[str, str]:
    """A stylesheet's text and file from the template chain (user library first)."""
    return _stylesheet(options.template_dirs, options.builtin_dir, name)


@lru_cache(maxsize=32)
def _stylesheet(template_dirs: tuple[Path, ...], builtin_dir: Path, name: str) -> tuple[str, str]:
    """Read and checked once per process and library, as the templates are."""
    env = get_environment(template_dirs, builtin_dir, "html", FILTERS)
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except TemplateNotFound as e:
        raise TemplateError(f"stylesheet {name!r} not found",
                            hint="see 'jdgen list templates'") from e
    except (OSError, UnicodeDecodeError) as e:
        raise TemplateError(f"stylesheet {name!r} cannot be read: {e}",
                            hint="save it as UTF-8 text") from e
    if "</style" in source.lower():
        raise TemplateError("a stylesheet may not contain '</style'", path=display_path(
            Path(filename or name)), hint="remove it; the CSS is embedded in the page")
    return source, filename or name


def page_html(posting: Posting, options, *, printed: bool = False) -> str:
    """The page as text. ``printed`` (for the PDF) leaves out the stylesheets, which the
    PDF adds parsed, and the JSON-LD, which only search engines read."""
    env = get_environment(options.template_dirs, options.builtin_dir, "html", FILTERS)
    styles = script = None
    if not printed:
        styles = {"screen": Markup(stylesheet(options, SCREEN_CSS)[0]),
                  "print": Markup(stylesheet(options, PRINT_CSS)[0])}
        # A JobPosting without Google's required properties is left out, not half-given.
        script = None if jsonld.problems(posting) else jsonld.script_json(posting)
    summary = next((b for s in posting.sections[:1] for b in s.blocks
                    if getattr(b, "role", "") == "summary"), None)
    return render_template(
        env, f"{options.template}.html.j2", posting=posting, styles=styles,
        logo=logo_data_uri(posting.logo),
        brand=posting.company.brand_color or DEFAULT_BRAND,
        jsonld=script,
        description=plain_text(summary.parts) if summary else
        f"{posting.title} at {posting.company_name}")


def render(posting: Posting, options) -> bytes:
    return page_html(posting, options).encode("utf-8")
