"""Turn the content model into a .docx with real Word styles, or fill a branded .docx template.

Without a branded template the document is built with python-docx on its
default template: ``Title`` for the job title, ``Heading 1``/``Heading 2`` for
sections, ``List Bullet`` for list items, the brand colour set on those styles
(so Word's style pane restyles the whole posting), the logo in the page header.
Either way the package is zipped once, by jdgen, with fixed entry times and
order, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from ..content import BulletList, Paragraph, Posting, Section
from ..errors import TemplateError
from ..inline import Span, spans

LOGO_WIDTH_IN = 1.6
LOGO_MAX_HEIGHT_IN = 0.8
LINK_COLOR = "0563C1"  # Word's own hyperlink blue
CODE_FONT = "Consolas"
_ROLE_STYLE = {"meta": "Subtitle"}


def render(posting: Posting, options) -> bytes:
    """The posting as .docx bytes: a branded ``NAME.docx`` template when the library has one."""
    template = find_template(options)
    if template is not None:
        from .docx_template import render_branded

        doc = render_branded(posting, template)
    else:
        doc = _build(posting)
    return package_bytes(doc, posting.date)


def find_template(options) -> Path | None:
    """``templates/NAME.docx`` from the user folders, then the built-in one, or None.

    Only the default name may fall back to the built-in layout: a ``--template``
    that names no .docx is a typo worth an error.
    """
    from ..environment import valid_template_name

    name = f"{options.template}.docx"
    if not valid_template_name(options.template):
        raise TemplateError(f"template name {name!r} is not allowed",
                            hint="use letters, digits, '-' and '_'")
    for folder in (*options.template_dirs, options.builtin_dir):
        if (folder / name).is_file():
            return folder / name
    if options.template != "posting":
        raise TemplateError(f"template {name!r} not found",
                            hint="put a Word file of that name in your library's templates/ "
                                 "folder, or leave out --template")
    return None


# --- the built-in layout --------------------------------------------------------


def _build(posting: Posting):
    import docx
    from docx.shared import Inches

    doc = docx.Document()
    _drop_thumbnail(doc)
    styles = StyleIndex(doc.styles)
    _set_styles(styles, posting)
    logo = posting_logo(posting)
    if logo is not None:
        header = doc.sections[0].header
        header.is_linked_to_previous = False
        width, height = logo_size(logo)
        header.paragraphs[0].add_run().add_picture(io.BytesIO(logo.data), width=Inches(width),
                                                   height=Inches(height))
    # python-docx's default template opens with no paragraphs, so this is the first one.
    writer = Writer(doc, styles)
    writer.paragraph("Title", [Span(posting.title)])
    writer.sections(posting.sections)
    set_core_properties(doc, posting)
    return doc


class StyleIndex:
    """A document's styles by name, read once: name -> style id, and adding a missing style.

    python-docx's ``name in doc.styles`` (and ``add_style``, which asks it)
    walks every style on each call; its default template has 164, so a
    handful of checks cost a fifth of a posting.
    """

    def __init__(self, styles) -> None:
        from docx.oxml.ns import qn

        self.styles = styles
        self._ids: dict[str, str | None] = {}
        name_tag, val, style_id = qn("w:name"), qn("w:val"), qn("w:styleId")
        for style in styles.element.iterchildren(qn("w:style")):
            name = style.find(name_tag)
            if name is not None:  # python-docx finds the first style of a name
                self._ids.setdefault(name.get(val), style.get(style_id))

    def style_id(self, name: str) -> str | None:
        """The id of the style named ``name`` (a name as Word shows it), or None."""
        from docx.styles import BabelFish

        return self._ids.get(BabelFish.ui2internal(name))

    def __contains__(self, name: str) -> bool:
        from docx.styles import BabelFish

        return BabelFish.ui2internal(name) in self._ids

    def add(self, name: str, style_type):
        """A new style named ``name``, which the document must not have yet."""
        from docx.styles import BabelFish
        from docx.styles.style import StyleFactory

        internal = BabelFish.ui2internal(name)
        element = self.styles.element.add_style_of_type(internal, style_type, False)
        self._ids[internal] = element.styleId
        return StyleFactory(element)


class Writer:
    """Adds the posting's paragraphs to a python-docx document, in styles named once.

    ``styles`` is the StyleIndex the ids come from (a branded template's for
    its body); ids are set on paragraphs and runs directly.
    """

    def __init__(self, doc, styles: StyleIndex) -> None:
        self.doc, self.styles = doc, styles

    def sections(self, sections: tuple[Section, ...]) -> None:
        """Headings, paragraphs and list items; a paragraph style the document lacks is Normal."""
        for section in sections:
            self._section(section, 1)

    def _section(self, section: Section, level: int) -> None:
        if section.heading:
            self.paragraph(f"Heading {level}", [Span(section.heading)])
        for block in section.blocks:
            if isinstance(block, BulletList):
                for item in block.items:
                    self.paragraph("List Bullet", spans(item))
            elif isinstance(block, Paragraph):
                self.paragraph(_ROLE_STYLE.get(block.role, "Normal"), spans(block.parts))
        for sub in section.subsections:
            self._section(sub, level + 1)

    def paragraph(self, style: str, items: list[Span]) -> None:
        from lxml.etree import SubElement

        p = self.doc.add_paragraph()._p
        style_id = self.styles.style_id(style)
        if style_id and style != "Normal":
            SubElement(SubElement(p, W + "pPr"), W + "pStyle", {W + "val": style_id})
        self.spans(p, items)

    def spans(self, p, items: list[Span]) -> None:
        """Runs for styled spans; links become real hyperlinks; ``\\n`` becomes a line break.

        The XML is what python-docx's Run API makes (tests/test_docx.py compares
        them), built directly: through the API, runs took almost a third of a posting.
        """
        from docx.opc.constants import RELATIONSHIP_TYPE
        from lxml.etree import SubElement

        for span in items:
            parent = p
            if span.href:
                rid = self.doc.part.relate_to(span.href, RELATIONSHIP_TYPE.HYPERLINK,
                                              is_external=True)
                parent = SubElement(p, W + "hyperlink", {R_ID: rid, W + "history": "1"})
            r = SubElement(parent, W + "r")
            style = "Hyperlink" if span.href else "HTML Code" if span.code else None
            style_id = self.styles.style_id(style) if style else None
            if style_id or span.bold or span.italic:
                props = SubElement(r, W + "rPr")
                if style_id:
                    SubElement(props, W + "rStyle", {W + "val": style_id})
                if span.bold:
                    SubElement(props, W + "b")
                if span.italic:
                    SubElement(props, W + "i")
            run_text(r, span.text)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BREAKS = re.compile(r"([\t\r\n])")


def run_text(r, text: str) -> None:
    """What python-docx's ``run.text = text`` adds: ``<w:t>`` text, tabs, ``\\r``/``\\n`` breaks."""
    from lxml.etree import SubElement

    for piece in _BREAKS.split(text):
        if piece == "\t":
            SubElement(r, W + "tab")
        elif piece in ("\r", "\n"):
            SubElement(r, W + "br")
        elif piece:
            t = SubElement(r, W + "t")
            t.text = piece
            if len(piece.strip()) < len(piece):  # python-docx's test for "preserve"
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def add_character_styles(styles: StyleIndex) -> None:
    """The Hyperlink and HTML Code character styles links and inline code need, where missing."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    if "Hyperlink" not in styles:
        link = styles.add("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor.from_string(LINK_COLOR)
        link.font.underline = True
        link.unhide_when_used = True
    if "HTML Code" not in styles:
        code = styles.add("HTML Code", WD_STYLE_TYPE.CHARACTER)
        code.font.name = CODE_FONT
        code.unhide_when_used = True


def _set_styles(index: StyleIndex, posting: Posting) -> None:
    """Brand colour on Title and headings; hyperlink and code character styles; language."""
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    styles = index.styles
    colour = posting.company.brand_color
    if colour:
        rgb = RGBColor.from_string(colour.lstrip("#").upper())
        for name in ("Title", "Heading 1", "Heading 2"):
            styles[name].font.color.rgb = rgb
    add_character_styles(index)
    # The language of the text, for Word's spelling and hyphenation.
    lang = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:val"), posting.lang)


def _drop_thumbnail(doc) -> None:
    """python-docx's default template carries a thumbnail of some other document."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    rels = doc.part.package.rels
    for rid in [r for r, rel in rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del rels[rid]


def posting_logo(posting: Posting):
    """The company's checked logo, or None."""
    if posting.logo is None:
        return None
    from ..logo import load_logo

    return load_logo(posting.logo)


def logo_size(logo) -> tuple[float, float]:
    """Inches: the usual width, narrower when a tall logo would pass the height limit."""
    width = LOGO_WIDTH_IN
    height = width * logo.height / logo.width
    if height > LOGO_MAX_HEIGHT_IN:
        width, height = width * LOGO_MAX_HEIGHT_IN / height, LOGO_MAX_HEIGHT_IN
    return round(width, 3), round(height, 3)


# --- shared by both layouts -----------------------------------------------------


def set_core_properties(doc, posting: Posting) -> None:
    """Title, subject, author, keywords, language and fixed dates."""
    cp = doc.core_properties
    moment = dt.datetime.combine(posting.date, dt.time(), tzinfo=dt.UTC)
    cp.title = posting.title
    cp.subject = f"Job posting: {posting.title}, {posting.company_name}"
    cp.author = posting.company_name
    cp.last_modified_by = posting.company_name
    cp.keywords = ", ".join(posting.keywords)
    cp.language = posting.lang
    cp.category = "Job posting"
    cp.comments = ""
    cp.created = moment
    cp.modified = moment
    cp.revision = 1


def package_bytes(doc, date: dt.date) -> bytes:
    """A python-docx document as .docx bytes: each part deflated once, fixed times and order.

    This is python-docx's own ``Document.save()`` with the zip written by
    jdgen: saving and then rewriting the zip for fixed entry times deflated
    every part twice (a fifth of a posting's time). tests/test_docx.py checks
    that the result equals ``save()`` re-zipped, so a python-docx upgrade that
    changes these internals fails there.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return zip_entries(entries.blobs, date)


class _Entries:
    """Stands in for python-docx's zip writer: keeps each member's bytes by name."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.blobs[pack_uri.membername] = blob


def zip_entries(blobs: dict[str, bytes], date: dt.date) -> bytes:
    """A zip of ``blobs`` (member name -> bytes) with fixed entry times, attributes and order.

    ``[Content_Types].xml`` comes first, as Office writes it, then the rest by
    name. Zip dates start in 1980 and end in 2107, so the posting date is
    clamped to that range (``SOURCE_DATE_EPOCH=0`` gives 1980-01-01).
    """
    stamp = min(max((date.year, date.month, date.day, 0, 0, 0), (1980, 1, 1, 0, 0, 0)),
                (2107, 12, 31, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(blobs, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, blobs[name], compresslevel=6)
    return out.getvalue()
