"""PDF postings read back with pypdf: text in order, paper, metadata, fonts, tags, determinism.

WeasyPrint is slow on first use, so the renders are few and shared per module.
"""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pypdf
import pytest

from jdgen.formats.pdf import default_paper

from .conftest import DATE, REPO, make_library, run
from .markdown_reader import headings as md_headings
from .markdown_reader import plain_text
from .test_html import HOSTILE, render_values

A4 = (595, 842)
LETTER = (612, 792)
UNICODE = "Zoë Ørsted – Łódź – Привет – €"
GREEK = "Καλώς ήρθατε στην ομάδα"


def pdf_text(reader: pypdf.PdfReader) -> str:
    """The text of every page without list bullets and the running footer, whitespace collapsed."""
    pages = []
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        assert re.fullmatch(r".+ Page \d+ of \d+", lines[-1]), lines[-1]
        pages += [line for line in lines[:-1] if line.strip() != "•"]
    return " ".join(" ".join(pages).split())


def assert_in_order(text: str, expected: list[str]) -> None:
    pos = 0
    for item in expected:
        found = text.find(" ".join(item.split()), pos)
        assert found >= 0, f"missing or out of order: {item!r}"
        pos = found + len(item)


def size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def struct_types(node, found: dict[str, list]) -> dict[str, list]:
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            struct_types(kid, found)
    elif isinstance(node, dict):
        if "/S" in node:
            found.setdefault(str(node["/S"]), []).append(node)
        if "/K" in node:
            struct_types(node["/K"], found)
    return found


@pytest.fixture(scope="module")
def acme() -> tuple[bytes, str]:
    """The seed posting for Acme as PDF and Markdown."""
    out = [run("render", "senior-backend", "-c", "acme", "-f", fmt, "-o", "-", "--date", DATE)
           for fmt in ("pdf", "md")]
    assert out[0].exit_code == 0, out[0].stderr
    return out[0].stdout_bytes, out[1].stdout


@pytest.fixture(scope="module")
def unicode_pdf() -> pypdf.PdfReader:
    """A German-locale posting whose values mix scripts, symbols and hostile markup."""
    data = render_values({"name": UNICODE, "about": f"{GREEK}. {HOSTILE}", "locale": "de_DE",
                          "benefits": [HOSTILE], "salary": {"min": 85000, "currency": "EUR"}},
                         "pdf")
    return pypdf.PdfReader(io.BytesIO(data))


def test_every_section_and_value_in_order(acme: tuple[bytes, str]) -> None:
    data, md = acme
    reader = pypdf.PdfReader(io.BytesIO(data))
    expected = [line for line in plain_text(md).splitlines() if line]
    assert expected[0] == "Senior Backend Engineer" and len(expected) > 40
    assert_in_order(pdf_text(reader), expected)


def test_paper_footer_and_metadata(acme: tuple[bytes, str]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(acme[0]))
    assert len(reader.pages) >= 2
    assert {size(p) for p in reader.pages} == {LETTER}
    for number, page in enumerate(reader.pages, 1):
        footer = page.extract_text().splitlines()[-1]
        assert footer == f"Acme Corp Page {number} of {len(reader.pages)}"
    meta = reader.metadata
    assert meta.title == "Senior Backend Engineer – Acme Corp"
    assert meta.author == "Acme Corp"
    assert meta.subject.startswith("As a Senior Backend Engineer, you will design")
    assert meta["/Keywords"].startswith("Java, Python or Ruby, Backend frameworks")
    assert meta["/CreationDate"] == "D:20261122"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_tagged_pdf_ua(acme: tuple[bytes, str]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(acme[0]))
    root = reader.trailer["/Root"]
    assert reader.pdf_header == "%PDF-1.7"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    tags = struct_types(root["/StructTreeRoot"], {})
    assert len(tags["/H1"]) == 1 and len(tags["/H2"]) == 9
    assert len(tags["/L"]) >= 5 and len(tags["/LI"]) == len(tags["/LBody"])
    (figure,) = tags["/Figure"]
    assert figure["/Alt"] == "Acme Corp logo"



def test_list_items_are_label_and_body(acme: tuple[bytes, str]) -> None:
    """Bullets drawn inside the line still tag each item as LI: Lbl, LBody."""
    data, md = acme
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    items = struct_types(root["/StructTreeRoot"], {})["/LI"]
    assert len(items) == sum(line.startswith("- ") for line in md.splitlines())
    for item in items:
        kids = [kid.get_object() for kid in item["/K"]]
        assert [str(kid["/S"]) for kid in kids] == ["/Lbl", "/LBody"]
        assert all(kid["/P"].get_object() == item for kid in kids)
        body = kids[1]["/K"]
        assert len(body) >= 1 and all(k.get_object()["/P"].get_object() == kids[1] for k in body)


def text_runs(data: bytes) -> list[tuple[int, float, float, str]]:
    """Every piece of text drawn: page, x, y, text."""
    runs = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        def visit(text, cm, tm, _font, _size, number=number) -> None:
            if text.strip():
                runs.append((number, round(tm[4] * cm[0] + cm[4], 1),
                             round(tm[5] * cm[3] + cm[5], 1), text))
        page.extract_text(visitor_text=visit)
    return sorted(runs)


def test_hung_bullets_print_where_outside_bullets_would(acme: tuple[bytes, str],
                                                        isolated: Path) -> None:
    """pdf.css draws bullets inside the line because that lays out faster; every bullet
    and word lands where the usual outside bullets put it."""
    builtin = (REPO / "templates" / "pdf.css").read_text("utf-8")
    fonts = (REPO / "templates" / "fonts").as_uri()
    outside = re.sub(r"ul > li[^{]*\{[^}]*\}", "", builtin).replace('url("fonts/', f'url("{fonts}/')
    assert "list-style-position" in builtin and "list-style-position" not in outside
    make_library(isolated / "lib", {"templates/pdf.css": outside})
    out = run("--library", "lib", "render", "senior-backend", "-c", "acme", "-f", "pdf", "-o",
              "-", "--date", DATE)
    assert out.exit_code == 0, out.stderr
    assert out.stdout_bytes != acme[0]
    runs = text_runs(acme[0])
    assert sum(text.strip() == "•" for *_, text in runs) >= 30
    assert text_runs(out.stdout_bytes) == runs

def test_links_are_clickable_and_safe(acme: tuple[bytes, str]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(acme[0]))
    uris = [annot.get_object()["/A"]["/URI"] for page in reader.pages
            for annot in page.get("/Annots", [])]
    assert "https://acme.example/careers/apply" in uris
    assert "mailto:jobs@acme.example" in uris
    assert all(uri.startswith(("https://", "mailto:")) for uri in uris), uris


def test_same_input_same_bytes_with_stylesheets_parsed_once(acme: tuple[bytes, str]) -> None:
    from jdgen.formats import pdf

    before = pdf._parsed.cache_info()
    again = run("render", "senior-backend", "-c", "acme", "-f", "pdf", "-o", "-", "--date", DATE)
    assert again.stdout_bytes == acme[0]
    after = pdf._parsed.cache_info()
    assert (after.misses, after.hits) == (before.misses, before.hits + 1)
    assert pdf._font_config.cache_info().currsize == 1
    assert acme[0] == (REPO / "examples/senior-backend-engineer-acme.pdf").read_bytes()


def test_same_bytes_without_harfbuzz_subset(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's fontTools fallback stamps fonts with the clock unless jdgen fixes it."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    values = {"name": "Zoë", "about": "Ελληνικά"}
    first = render_values(values, "pdf")
    time.sleep(1.1)  # fontTools stamps whole seconds
    assert render_values(values, "pdf") == first
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_other_scripts_and_symbols_come_back(unicode_pdf: pypdf.PdfReader) -> None:
    text = pdf_text(unicode_pdf)
    assert f"About {UNICODE}" in text
    assert GREEK in text
    assert "From 85.000 € per year" in text
    fonts = {str(font.get_object()["/BaseFont"]) for page in unicode_pdf.pages
             for font in page["/Resources"]["/Font"].values()}
    # Every glyph came from the bundled fonts: nothing fell back to a system font.
    assert fonts and all("+jdgen-" in name for name in fonts), fonts


def test_hostile_values_print_literally(unicode_pdf: pypdf.PdfReader) -> None:
    text = pdf_text(unicode_pdf)
    literal = " ".join(HOSTILE.split())
    assert text.count(literal) == 2  # about and benefits
    assert "49" not in text
    assert unicode_pdf.metadata.author == UNICODE
    assert unicode_pdf.trailer["/Root"]["/Lang"] == "en"


def test_characters_no_font_has_are_named_on_stderr(isolated: Path) -> None:
    # U+0378 is unassigned, so no font anywhere has it: WeasyPrint draws an empty box.
    result = run("render", "senior-backend", "-c", "acme", "-f", "pdf,md", "--out-dir", "out",
                 "--var", "name=Acme \u0378", "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "warning: senior-backend-engineer for Acme \u0378: no font here has '\\u0378' "
        "(U+0378); the PDF shows an empty box for each — install a font that has them "
        "(e.g. fonts-noto-cjk, fonts-noto-color-emoji), see 'jdgen doctor'")
    assert result.stderr.count("warning:") == 1  # the Markdown file has no such problem
    written = pypdf.PdfReader(isolated / "out" / "senior-backend-engineer-acme.pdf")
    assert written.metadata["/Author"] == "Acme \u0378"  # the PDF is still written


def test_locale_decides_paper_unless_told(unicode_pdf: pypdf.PdfReader, isolated: Path) -> None:
    assert {size(p) for p in unicode_pdf.pages} == {A4}  # de_DE
    make_library(isolated / "lib", {"jdgen.toml": '[render]\npaper = "letter"\n'})
    configured = run("--library", "lib", "render", "senior-backend", "-c", "nordlicht", "-f",
                     "pdf", "-o", "cfg.pdf", "--date", DATE)
    told = run("--library", "lib", "render", "senior-backend", "-c", "nordlicht", "-f", "pdf",
               "-o", "a4.pdf", "--paper", "A4", "--date", DATE)  # as paper sizes are written
    assert configured.exit_code == 0 and told.exit_code == 0, configured.stderr + told.stderr
    assert size(pypdf.PdfReader(isolated / "cfg.pdf").pages[0]) == LETTER
    assert size(pypdf.PdfReader(isolated / "a4.pdf").pages[0]) == A4


@pytest.mark.parametrize(("locale", "paper"), [("en_US", "letter"), ("en_CA", "letter"),
                                               ("fr_CA", "letter"), ("en_GB", "a4"),
                                               ("de_DE", "a4"), ("en", "a4")])
def test_default_paper(locale: str, paper: str) -> None:
    assert default_paper(locale) == paper


def test_unknown_paper_is_refused() -> None:
    out = run("render", "senior-backend", "-c", "acme", "-f", "pdf", "--paper", "a5")
    assert out.exit_code == 2
    assert "'a5' is not one of 'a4', 'letter'" in out.stderr


@pytest.mark.parametrize("pdf", sorted((REPO / "examples").glob("*.pdf")), ids=lambda p: p.stem)
def test_no_page_ends_with_a_heading(pdf: Path) -> None:
    """Headings stay with their first lines (examples/ is current: test_examples checks it)."""
    md = pdf.with_suffix(".md").read_text("utf-8")
    titles = {title for _, title in md_headings(md)}
    reader = pypdf.PdfReader(pdf)
    for page in reader.pages[:-1]:
        lines = [x for x in page.extract_text().splitlines()[:-1] if x.strip() != "•"]
        assert lines[-1] not in titles, f"{pdf.name}: page ends with heading {lines[-1]!r}"


def test_list_items_with_blocks_are_label_and_body() -> None:
    """Items holding a nested list or paragraphs (a user's template) are tagged LI: Lbl,
    LBody too, and an item opening with a paragraph has its bullet beside it."""
    import weasyprint

    from jdgen.formats.pdf import _finish

    rule = re.search(r"ul > li[^{]*\{[^}]*\}", (REPO / "templates" / "pdf.css").read_text("utf-8"))
    html = ("<html lang='en'><title>t</title><body><ul><li>outer<ul><li>inner</li></ul></li>"
            "<li><p>loose</p><p>more</p></li><li>see <a href='https://example.com/'>x</a>"
            "</li></ul></body></html>")
    data = weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(string=rule.group(0))], pdf_variant="pdf/ua-1",
        finisher=_finish)
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    items = struct_types(root["/StructTreeRoot"], {})["/LI"]
    shapes = []
    for item in items:
        kids = [kid.get_object() for kid in item["/K"]]
        assert all(kid["/P"].get_object() == item for kid in kids)
        body = kids[-1]
        inner = [kid.get_object() for kid in body["/K"]]
        assert all(kid["/P"].get_object() == body for kid in inner)
        shapes.append(([str(kid["/S"]) for kid in kids], [str(kid["/S"]) for kid in inner]))
    assert shapes == [(["/Lbl", "/LBody"], ["/Span"]),  # outer; its list is the L's
                      (["/Lbl", "/LBody"], ["/Span"]),  # inner
                      (["/Lbl", "/LBody"], ["/P", "/P"]),
                      (["/Lbl", "/LBody"], ["/Span", "/Link"])]
    runs = [(y, text.strip()) for _, _, y, text in text_runs(data)]
    (loose,) = [y for y, text in runs if text == "loose"]
    assert (loose, "•") in runs  # not on a line of its own above
