"""Turn the content model into a tagged PDF: the HTML page printed by WeasyPrint with print CSS."""

from __future__ import annotations

import atexit
import calendar
import contextlib
import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

from ..content import Posting
from ..errors import FetchError, JdgenError
from ..fetcher import make_fetcher
from . import warn
from .html import PRINT_CSS, SCREEN_CSS, page_html, stylesheet

PDF_CSS = "pdf.css"
# The stylesheets a PDF is printed with, in order (the doctor checks the same ones).
STYLESHEETS = (SCREEN_CSS, PRINT_CSS, PDF_CSS)
PAPERS = {"a4": "A4", "letter": "letter"}
# Letter is the custom in the United States and Canada; everywhere else prints on A4.
LETTER_TERRITORIES = frozenset({"US", "CA"})
# PDF/UA-1: tagged structure tree, language and title (WeasyPrint 61 and newer).
PDF_VARIANT = "pdf/ua-1"


def default_paper(locale: str) -> str:
    """``letter`` for en_US / en_CA (any US or CA locale), ``a4`` otherwise."""
    return "letter" if locale.partition("_")[2] in LETTER_TERRITORIES else "a4"


def _weasyprint():
    """WeasyPrint, or a clear error when its system libraries (Pango) are missing."""
    try:
        import weasyprint
    except OSError as e:
        raise JdgenError(f"PDF output needs the Pango text library: {e}",
                         hint="install it, e.g. apt-get install libpango-1.0-0 "
                              "libpangoft2-1.0-0 libharfbuzz-subset0") from e
    return weasyprint


@lru_cache(maxsize=1)
def _font_config():
    """One font configuration per process: fontconfig setup is the slow part of a first PDF."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=32)
def _parsed(sheets: tuple[tuple[str, str], ...], paper: str, roots: tuple[Path, ...]):
    """Stylesheets parsed once per process (per text, paper and library), fonts loaded once."""
    weasyprint = _weasyprint()
    fetcher = make_fetcher(roots)
    parsed = [weasyprint.CSS(string=text, base_url=Path(filename).as_uri(), url_fetcher=fetcher,
                             font_config=_font_config()) for text, filename in sheets]
    parsed.append(weasyprint.CSS(string=f"@page {{ size: {PAPERS[paper]}; }}",
                                 font_config=_font_config()))
    if fetcher.refused:
        raise fetcher.refused[0]
    return parsed


@atexit.register
def _release() -> None:
    """Drop the cached fonts before shutdown, so WeasyPrint can remove its temp files."""
    _parsed.cache_clear()
    _font_config.cache_clear()


@contextlib.contextmanager
def _font_timestamps(date: dt.date):
    """Fixed font timestamps when WeasyPrint subsets fonts with fontTools.

    Without HarfBuzz's subsetter (libharfbuzz-subset0) WeasyPrint falls back to
    fontTools, which stamps each subset font with the current time unless
    SOURCE_DATE_EPOCH is set: the PDF bytes would change from run to run.
    """
    from weasyprint.pdf import fonts

    if fonts.harfbuzz_subset is not None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(date.timetuple()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def library_roots(posting: Posting, options) -> tuple[Path, ...]:
    """The folders a PDF may read from: every library on the search path."""
    dirs = (*options.template_dirs, options.builtin_dir)
    return tuple(dict.fromkeys([posting.library_root, *(d.parent for d in dirs)]))


def render(posting: Posting, options) -> bytes:
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    paper = (options.paper or default_paper(posting.locale)).lower()
    if paper not in PAPERS:
        raise JdgenError(f"unknown paper size {paper!r}", hint="use a4 or letter")
    roots = library_roots(posting, options)
    sheets = tuple(stylesheet(options, name) for name in STYLESHEETS)
    fetcher = make_fetcher(roots)
    base = (options.template_dirs[0] if options.template_dirs else options.builtin_dir)
    try:
        css = _parsed(sheets, paper, roots)
        document = weasyprint.HTML(string=page_html(posting, options, printed=True),
                                   base_url=base.as_uri() + "/", url_fetcher=fetcher)
        with _font_timestamps(posting.date), _missing_glyphs() as missing:
            data = document.write_pdf(stylesheets=css, font_config=_font_config(),
                                      pdf_variant=PDF_VARIANT,
                                      finisher=_finish)
    except FatalURLFetchingError as e:
        if isinstance(e.__cause__, JdgenError):
            raise e.__cause__ from None
        raise FetchError(str(e), hint="check the references in the template") from e
    if fetcher.refused:
        raise fetcher.refused[0]
    if missing:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in list(missing)[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        warn(f"warning: {posting.profile_id} for {posting.company_name}: no font here has "
             f"{shown}{more}; the PDF shows an empty box for each — install a font that has "
             "them (e.g. fonts-noto-cjk, fonts-noto-color-emoji), see 'jdgen doctor'")
    return data


@contextlib.contextmanager
def _missing_glyphs():
    """The characters WeasyPrint drew as .notdef (it logs each one), in order."""
    import logging

    found: dict[str, None] = {}

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.msg.startswith(".notdef glyph") and len(record.args or ()) == 2:
                found[str(record.args[0])] = None

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def _finish(document, pdf) -> None:
    """What jdgen changes in WeasyPrint's PDF before it is written."""
    _without_version(document, pdf)
    _list_bodies(pdf)


def _without_version(_document, pdf) -> None:
    """Name the producer without its version: no library version in document metadata."""
    import pydyf
    from weasyprint import __version__

    pdf.info["Producer"] = pydyf.String("WeasyPrint")
    stamp = f"WeasyPrint {__version__}".encode()
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
            obj.stream = [c.replace(stamp, b"WeasyPrint") if isinstance(c, bytes) else c
                          for c in obj.stream]


def _list_bodies(pdf) -> None:
    """Give every list item of the structure tree a label and a body (LI: Lbl, LBody).

    pdf.css draws bullets inside the line (far cheaper to lay out than outside
    markers), and WeasyPrint then tags an item's text right under its LI. PDF
    wants the text in an LBody, as WeasyPrint tags items with outside markers:
    the text's structure elements move into one, in order. An item that also
    holds blocks (a nested list, paragraphs) has its bullet and first line in
    an LBody of WeasyPrint's own: the bullet's Lbl moves up into the LI and the
    blocks join that body. An item already tagged Lbl, LBody comes out the same.
    Marked content (the parent tree) still points at the same elements.
    """
    import pydyf

    def resolve(ref):
        return pdf.objects[int(ref.split()[0])] if isinstance(ref, bytes) else ref

    def element(kid) -> bool:
        return isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/StructElem"

    items = [o for o in pdf.objects if element(o) and o.get("S") == "/LI"]
    for item in items:
        # Kids are references to elements, or marked content and annotations of the LI
        # itself, which stay where they are.
        kids = [resolve(ref) for ref in item["K"]]
        elements = [kid for kid in kids if element(kid)]
        bodies = [kid for kid in elements if kid["S"] == "/LBody"]
        inner = {id(body): [resolve(ref) for ref in body["K"]] for body in bodies}
        if not all(element(kid) for kids_of in inner.values() for kid in kids_of):
            continue  # a body holding marked content itself: left as WeasyPrint made it
        labels, content = [], []
        for kid in elements:
            for sub in inner.get(id(kid), [kid]):
                (labels if sub["S"] == "/Lbl" else content).append(sub)
        if not content:
            continue
        body = bodies[0] if bodies else pydyf.Dictionary({
            "Type": "/StructElem", "S": "/LBody", "K": None, "Pg": item["Pg"],
            "P": item.reference})
        if not bodies:
            pdf.add_object(body)
        body["K"] = pydyf.Array([kid.reference for kid in content])
        for kid in content:
            kid["P"] = body.reference
        for kid in labels:
            kid["P"] = item.reference
        rest = [kid.reference if isinstance(kid, pydyf.Object) else kid for kid in kids
                if not element(kid)]
        item["K"] = pydyf.Array([*(kid.reference for kid in labels), body.reference, *rest])
