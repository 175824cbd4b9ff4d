"""Fill a branded Word template (``templates/NAME.docx`` with Jinja tags) from the content model.

docxtpl renders the template with ``autoescape=True`` in jdgen's sandboxed,
strict Jinja environment, so company values are always text. The template
sees plain strings, rich text (inline Markdown as runs, links as hyperlinks)
and, for the easy path, ``body``: every section in the template's own
``Heading 1``/``Heading 2``/``List Bullet`` styles.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

import msgspec

from ..content import BulletList, Paragraph, Posting, Section
from ..errors import TemplateError
from ..inline import Span, spans
from ..library import display_path
from ..sandbox import BoundedSandbox
from . import docx as plain

# Paragraph styles ``body`` uses; a template that uses ``body`` must define them.
BODY_STYLES = ("Heading 1", "Heading 2", "List Bullet")


def render_branded(posting: Posting, template: Path):
    """The filled template as a python-docx document, for the caller to zip.

    docxtpl's own ``save()`` adds nothing to python-docx's unless media are
    replaced (``replace_pic``/``replace_media``), which jdgen never asks for.
    """
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError
    from lxml import etree

    from ..environment import stopped
    from ..sandbox import budget

    where = display_path(template)
    check_package(template, where)
    tpl = DocxTemplate(str(template))
    try:
        tpl.init_docx()
    except Exception as e:  # python-docx raises several kinds for a file that is not .docx
        raise TemplateError("not a Word .docx file", path=where,
                            hint="save the template from Word as .docx") from e
    styles = plain.StyleIndex(tpl.docx.styles)
    plain.add_character_styles(styles)
    context = _context(posting, tpl, styles, where)
    try:
        with budget():
            tpl.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateSyntaxError as e:
        # docxtpl keeps the text around the error, its XML tags stripped.
        near = " ".join(" ".join(getattr(e, "docx_context", None) or ()).split())
        raise TemplateError(f"template syntax error: {e.message}"
                            + (f" near {near[:80]!r}" if near else ""), path=where,
                            hint="check the {{ }} and {% %} tags in Word") from e
    except UndefinedError as e:
        raise TemplateError(f"undefined value in template: {e.message}", path=where,
                            hint="see README 'Branded Word templates' for the names") from e
    except (RecursionError, MemoryError, SecurityError) as e:  # LimitError is one
        raise stopped(e, where) from e
    except TemplateError:
        raise
    except etree.XMLSyntaxError as e:  # what a misplaced {%p %} tag produces
        raise TemplateError("the filled template is not valid Word XML", path=where,
                            hint="put each {%p ... %} tag in a paragraph of its own") from e
    except Exception as e:  # a runtime error inside the template's tags
        raise TemplateError(f"template failed: {type(e).__name__}: {e}", path=where) from e
    plain.set_core_properties(tpl.docx, posting)
    return tpl.docx


MAX_PACKAGE = 20 * 1024 * 1024  # bytes of the .docx file
MAX_UNPACKED = 100 * 1024 * 1024  # bytes of all its parts together
MAX_RATIO = 100  # unpacked / packed: Word files compress about 3-10 times


def check_package(template: Path, where: str) -> None:
    """Refuse, before anything unzips it, a template that is no .docx, a zip bomb or has macros."""
    import zipfile

    hint = "save the template from Word as .docx"
    if template.stat().st_size > MAX_PACKAGE:
        raise TemplateError(f"template is larger than {MAX_PACKAGE // 2**20} MiB", path=where,
                            hint="remove large images from it")
    try:
        with zipfile.ZipFile(template) as z:
            infos = z.infolist()
            types = (z.read("[Content_Types].xml")[:MAX_PACKAGE]
                     if "[Content_Types].xml" in z.namelist() else None)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise TemplateError("not a Word .docx file", path=where, hint=hint) from e
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(template.stat().st_size, 1):
        raise TemplateError(f"template unpacks to {unpacked:,} bytes, far more than its size "
                            "(a zip bomb?)", path=where, hint=hint)
    if types is None:
        raise TemplateError("not a Word .docx file: it has no [Content_Types].xml", path=where,
                            hint=hint)
    if b"macroEnabled" in types or any(i.filename.endswith("vbaProject.bin") for i in infos):
        raise TemplateError("template holds macros (.docm)", path=where,
                            hint="save it from Word as a plain .docx document")


class PartSandbox(BoundedSandbox):
    """The bounded sandbox of every template, compiling each part of a Word template once.

    docxtpl hands every part (body, headers, footers, properties) to
    ``from_string`` on every render; one template file gives the same parts each
    time, and compiling them was a third of a branded posting. The time and size
    budgets belong to each render (see ``sandbox.budget``), not to the environment.
    At most MAX_COMPILED parts of up to MAX_COMPILED_CHARS each are kept.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.parts: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002
        if (globals is not None or template_class is not None or not isinstance(source, str)
                or len(source) > MAX_COMPILED_CHARS):
            return super().from_string(source, globals, template_class)
        if source not in self.parts:
            if len(self.parts) >= MAX_COMPILED:
                del self.parts[next(iter(self.parts))]
            self.parts[source] = super().from_string(source)
        return self.parts[source]


MAX_COMPILED = 64  # template parts kept compiled, oldest dropped first
MAX_COMPILED_CHARS = 1024 * 1024  # a larger part is compiled on each render, not kept


@functools.cache
def _environment() -> PartSandbox:
    """One sandbox per process for Word templates: strict, autoescaped, bounded."""
    from jinja2 import StrictUndefined

    return PartSandbox(undefined=StrictUndefined, autoescape=True)


# --- what a template sees --------------------------------------------------------


def _context(posting: Posting, tpl, styles: plain.StyleIndex, where: str) -> dict[str, Any]:
    c = posting.company
    rich = _Rich(tpl, styles)
    sections = [_section(s, rich) for s in posting.sections]
    return {
        "title": posting.title,
        "company": posting.company_name,
        "meta": posting.meta,
        "meta_line": " · ".join(posting.meta),
        "salary": posting.salary or "",
        "date": posting.date.isoformat(),
        "website": c.website or "",
        "apply_url": c.apply.url if c.apply and c.apply.url else "",
        "apply_email": c.apply.email if c.apply and c.apply.email else "",
        "sections": sections,
        "section": {s.id: s for s in sections},
        "logo": _logo(posting, tpl),
        "body": _Body(posting, tpl, styles, where),
    }


class _Rich:
    """Spans as docxtpl RichText, with the template's own style ids for links and code."""

    def __init__(self, tpl, styles: plain.StyleIndex) -> None:
        self.tpl = tpl
        self.link_style = styles.style_id("Hyperlink")
        self.code_style = styles.style_id("HTML Code")

    def __call__(self, items: list[Span]):
        from docxtpl import RichText

        text = RichText()
        for s in items:
            style = self.link_style if s.href else self.code_style if s.code else None
            text.add(s.text, style=style, bold=s.bold, italic=s.italic,
                     url_id=self.tpl.build_url_id(s.href) if s.href else None)
        return text


class TemplateBlock(msgspec.Struct, frozen=True):
    """A paragraph (``kind`` "paragraph", ``text``) or a list (``kind`` "list", ``items``)."""

    kind: str
    role: str = ""
    text: Any = ""
    items: tuple[Any, ...] = ()


class TemplateSection(msgspec.Struct, frozen=True):
    """What ``{% for s in sections %}`` sees."""

    id: str
    heading: str
    blocks: tuple[TemplateBlock, ...]
    subsections: tuple[TemplateSection, ...]


def _section(section: Section, rich: _Rich) -> TemplateSection:
    blocks = []
    for block in section.blocks:
        if isinstance(block, BulletList):
            blocks.append(TemplateBlock("list", items=tuple(rich(spans(i)) for i in block.items)))
        elif isinstance(block, Paragraph):
            blocks.append(TemplateBlock("paragraph", block.role, rich(spans(block.parts))))
    return TemplateSection(section.id, section.heading or "", tuple(blocks),
                           tuple(_section(s, rich) for s in section.subsections))


def _logo(posting: Posting, tpl):
    """An InlineImage at the built-in layout's size, or "" when the company has no logo."""
    logo = plain.posting_logo(posting)
    if logo is None:
        return ""
    from docx.shared import Inches
    from docxtpl import InlineImage

    width, height = plain.logo_size(logo)
    return InlineImage(tpl, io.BytesIO(logo.data), width=Inches(width), height=Inches(height))


class _Body:
    """``{{p body }}``: every section, built when the template prints it, in its styles."""

    def __init__(self, posting: Posting, tpl, styles: plain.StyleIndex, where: str) -> None:
        self.posting, self.tpl, self.styles, self.where = posting, tpl, styles, where

    def __html__(self) -> str:
        missing = [s for s in BODY_STYLES if s not in self.styles]
        if missing:
            raise TemplateError(
                f"the template has no {', '.join(repr(m) for m in missing)} style",
                path=self.where,
                hint="apply each style once in Word (then delete the text) so the file keeps it")
        # A scratch python-docx document whose part is the template's: styles and
        # hyperlinks resolve in the template (docxtpl's Subdoc does the same, but
        # needs docxcompose for features jdgen does not use).
        import docx
        from lxml import etree

        scratch = docx.Document()
        scratch._part = self.tpl.docx._part
        body = scratch.element.body
        body.remove(body.sectPr)
        plain.Writer(scratch, self.styles).sections(self.posting.sections)
        return "".join(etree.tostring(child, encoding="unicode") for child in body)

    __str__ = __html__
