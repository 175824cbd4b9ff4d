"""DOCX postings read back with python-docx and mammoth: styles, text, links, logo, bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from jdgen.inline import Span
from jdgen.library import Library
from jdgen.render import RenderOptions, load_posting, render_posting

from .conftest import DATE, make_library, run
from .docx_reader import mammoth_blocks, paragraphs

DAY = dt.date.fromisoformat(DATE)

PROFILE = """\
title: Platform Developer
summary: >-
  You build **core** services, *fast*, with `grpc` and our
  [docs](https://docs.example/guide?a=1&b=2).
responsibilities:
  - Ship the **billing** API.
  - Review code on [GitHub](https://github.example/org).
skills: [Go, Kubernetes]
faq:
  - question: Is it remote?
    answer: Yes, *fully*.
"""

COMPANY = """\
name: Brand & <Co> "Q"
about: |-
  First line of about.
  Second line of about.
website: https://brand.example
apply: {url: https://brand.example/apply, email: jobs@brand.example}
benefits: [Good pay, "Literal **stars** and [x](y)"]
logo: brand-logo.png
brand_color: "#AA3300"
locale: de_DE
"""


def png(width: int = 300, height: int = 100, fmt: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.radial_gradient("L").resize((width, height)).convert("RGB").save(out, fmt)
    return out.getvalue()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = make_library(tmp_path_factory.mktemp("lib"), {"profiles/dev.yaml": PROFILE,
                                                         "companies/brand.yaml": COMPANY})
    (root / "companies" / "brand-logo.png").write_bytes(png())
    return Library.discover(str(root))


def render_docx(library: Library, company: str = "brand", var: tuple[str, ...] = (),
                date: dt.date = DAY) -> bytes:
    posting, _ = load_posting(library, "dev", company, var=var, date=date)
    return render_posting(posting, "docx", RenderOptions.for_library(library))


@pytest.fixture(scope="module")
def data(library: Library) -> bytes:
    return render_docx(library)


@pytest.fixture(scope="module")
def acme() -> tuple[bytes, object]:
    lib = Library.discover(None)
    posting, _ = load_posting(lib, "senior-backend", "acme", date=DAY)
    return render_posting(posting, "docx", RenderOptions.for_library(lib)), posting


def test_acme_has_the_same_sections_in_the_same_order_as_the_content_model(acme) -> None:
    from jdgen.content import BulletList
    from jdgen.inline import spans

    data, posting = acme
    expected = [("Title", posting.title)]
    for section in posting.sections:
        for level, sec in [(1, section)] + [(2, s) for s in section.subsections]:
            if sec.heading:
                expected.append((f"Heading {level}", sec.heading))
            for block in sec.blocks:
                items = block.items if isinstance(block, BulletList) else [block.parts]
                style = "List Bullet" if isinstance(block, BulletList) else None
                for item in items:
                    text = "".join(s.text for s in spans(item))
                    expected.append((style or ("Subtitle" if block.role == "meta"
                                               else "Normal"), text))
    got = [(p.style, p.text) for p in paragraphs(data)]
    # Subsections come after their section's blocks, as in the Markdown posting.
    assert sorted(got) == sorted(expected)
    assert [t for s, t in got if s.startswith("Heading")] == [
        t for s, t in expected if s.startswith("Heading")]
    headings = [t for s, t in got if s == "Heading 1"]
    assert headings == ["About Acme Corp", "Responsibilities", "Requirements", "Nice to have",
                        "Skills and tools", "Benefits", "How to apply", "Equal opportunity",
                        "Frequently asked questions"]


def test_acme_matches_the_markdown_posting_heading_for_heading(acme) -> None:
    from markdown_it import MarkdownIt

    from jdgen.render import render as render_api

    md = render_api("senior-backend", "acme", "md", date=DAY).decode()
    tokens = MarkdownIt("commonmark").parse(md)
    md_headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens)
                   if t.type == "heading_open"]
    blocks, _, warnings = mammoth_blocks(acme[0])
    docx_headings = [(tag, text) for tag, text in blocks if tag in ("h1", "h2")]
    # Markdown: # title, ## section, ### subsection; DOCX: Title, Heading 1, Heading 2.
    assert [text for _, text in docx_headings] == [text for _, text in md_headings]
    assert [tag for tag, _ in docx_headings] == [
        {"h1": "h1", "h2": "h1", "h3": "h2"}[tag] for tag, _ in md_headings]
    md_items = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert [text for tag, text in blocks if tag == "li"] == [
        "".join(c.content for c in MarkdownIt("commonmark").parseInline(x)[0].children
                if c.type in ("text", "code_inline"))
        for x in md_items]
    assert warnings == []


def test_styles_of_headings_lists_and_paragraphs(data: bytes) -> None:
    paras = paragraphs(data)
    assert (paras[0].style, paras[0].text) == ("Title", "Platform Developer")
    assert paras[1].style == "Subtitle"
    assert paras[1].text == 'Brand & <Co> "Q"'
    by_text = {p.text: p.style for p in paras}
    assert by_text['About Brand & <Co> "Q"'] == "Heading 1"
    assert by_text["Is it remote?"] == "Heading 2"
    assert by_text["Ship the billing API."] == "List Bullet"
    assert by_text["Good pay"] == "List Bullet"
    # A company value that looks like Markdown stays literal text.
    assert by_text["Literal **stars** and [x](y)"] == "List Bullet"


def test_inline_markdown_becomes_runs_and_hyperlinks(data: bytes) -> None:
    import docx

    doc = docx.Document(io.BytesIO(data))
    summary = next(p for p in doc.paragraphs if p.text.startswith("You build"))
    assert summary.text == "You build core services, fast, with grpc and our docs."
    runs = {r.text: r for r in summary.iter_inner_content() if hasattr(r, "bold")}
    assert runs["core"].bold is True
    assert runs["fast"].italic is True
    assert runs["grpc"].style.name == "HTML Code"
    link = next(iter(summary.hyperlinks))
    assert (link.text, link.address) == ("docs", "https://docs.example/guide?a=1&b=2")
    assert link.runs[0].style.name == "Hyperlink"
    prose = [p.text for p in doc.paragraphs if not p.text.startswith("Literal")]
    assert not any("**" in t or "](" in t or "`" in t for t in prose)


def test_links_and_text_read_by_mammoth(data: bytes) -> None:
    blocks, links, warnings = mammoth_blocks(data)
    assert warnings == []
    assert links == ["https://docs.example/guide?a=1&b=2", "https://brand.example",
                     "https://github.example/org", "https://brand.example/apply",
                     "mailto:jobs@brand.example"]
    assert blocks[0] == ("h1", "Platform Developer")
    assert ("p", "First line of about.\nSecond line of about.") in blocks
    assert ("li", "Review code on GitHub.") in blocks
    assert ("p", "Apply online: https://brand.example/apply") in blocks
    assert ("p", "Or e-mail us: jobs@brand.example") in blocks


def test_newlines_in_a_value_are_line_breaks(data: bytes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "First line of about.</w:t><w:br/><w:t>Second line of about." in xml


def test_core_properties(data: bytes) -> None:
    import docx

    cp = docx.Document(io.BytesIO(data)).core_properties
    assert cp.title == "Platform Developer"
    assert cp.subject == 'Job posting: Platform Developer, Brand & <Co> "Q"'
    assert cp.author == 'Brand & <Co> "Q"'
    assert cp.keywords == "Go, Kubernetes"
    assert cp.language == "en"  # the text is English; the de_DE locale formats money
    assert cp.created == cp.modified == dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    assert cp.comments == ""


def test_brand_colour_on_title_and_heading_styles_and_language(data: bytes) -> None:
    import docx

    doc = docx.Document(io.BytesIO(data))
    for name in ("Title", "Heading 1", "Heading 2"):
        assert str(doc.styles[name].font.color.rgb) == "AA3300"
    assert 'w:lang w:val="en"' in zipfile.ZipFile(io.BytesIO(data)).read(
        "word/styles.xml").decode()


def test_logo_is_in_the_header_at_a_sensible_width(data: bytes, library: Library) -> None:
    import docx

    doc = docx.Document(io.BytesIO(data))
    header = doc.sections[0].header
    shapes = header.paragraphs[0]._p.xpath(".//pic:pic")
    assert len(shapes) == 1
    extent = header.paragraphs[0]._p.xpath(".//wp:extent")[0]
    assert int(extent.get("cx")) / 914400 == pytest.approx(1.6, abs=0.01)
    assert int(extent.get("cy")) / 914400 == pytest.approx(1.6 / 3, abs=0.01)
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert media == ["word/media/image1.png"]
    assert zipfile.ZipFile(io.BytesIO(data)).read(media[0]) == png()


def test_no_logo_no_header_picture(library: Library) -> None:
    data = render_docx(library, var=("logo=",))
    assert not [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "media/" in n]


def test_svg_logo_is_converted(tmp_path: Path) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
           '<rect width="200" height="50" fill="#AA3300"/></svg>')
    root = make_library(tmp_path / "lib", {
        "profiles/dev.yaml": PROFILE, "companies/brand.yaml": COMPANY.replace(".png", ".svg"),
        "companies/brand-logo.svg": svg})
    data = render_docx(Library.discover(str(root)))
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.read("word/media/image1.png").startswith(b"\x89PNG")
    import docx

    ext = docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0]._p.xpath(
        ".//wp:extent")[0]
    assert int(ext.get("cy")) / int(ext.get("cx")) == pytest.approx(0.25, abs=0.01)


def test_same_inputs_give_the_same_bytes(library: Library, data: bytes) -> None:
    assert render_docx(library) == data
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert {i.date_time for i in infos} == {(2026, 11, 22, 0, 0, 0)}
    names = [i.filename for i in infos]
    assert names == ["[Content_Types].xml", *sorted(names[1:])]
    assert {(i.compress_type, i.create_system, i.external_attr) for i in infos} == {
        (zipfile.ZIP_DEFLATED, 3, 0o644 << 16)}


def resaved(doc, date: dt.date) -> bytes:
    """python-docx's own ``save()``, re-zipped with the entry times and order jdgen fixes."""
    from jdgen.formats.docx import zip_entries

    out = io.BytesIO()
    doc.save(out)
    with zipfile.ZipFile(out) as z:
        return zip_entries({n: z.read(n) for n in z.namelist()}, date)


def test_package_is_what_python_docx_saves(library: Library) -> None:
    # jdgen zips python-docx's parts itself (deflating once); a python-docx
    # upgrade that changes how it writes a package must show up here.
    from jdgen.formats.docx import _build, package_bytes

    posting, _ = load_posting(library, "dev", "brand", date=DAY)
    doc = _build(posting)
    assert package_bytes(doc, DAY) == resaved(doc, DAY)


def test_style_index_agrees_with_python_docx() -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    from jdgen.formats.docx import StyleIndex

    doc = docx.Document()
    index = StyleIndex(doc.styles)
    names = [s.name for s in doc.styles]
    assert len(names) > 100 and "Heading 1" in names
    for name in [*names, "Hyperlink", "heading 1", "No Such Style"]:
        assert (name in index) == (name in doc.styles), name
        assert index.style_id(name) == (doc.styles[name].style_id if name in doc.styles
                                        else None), name
    added = index.add("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    assert doc.styles["Hyperlink"].style_id == index.style_id("Hyperlink") == added.style_id


def test_jobs_two_writes_the_same_docx_bytes_as_jobs_one(isolated: Path) -> None:
    for jobs in ("1", "2"):
        result = run("render", "senior-backend", "api-developer", "-c", "acme", "-f", "docx",
                     "--date", DATE, "--out-dir", f"j{jobs}", "-j", jobs, "--quiet")
        assert result.exit_code == 0, result.stderr
    one = {p.name: p.read_bytes() for p in (isolated / "j1").glob("*.docx")}
    assert len(one) == 2
    assert one == {p.name: p.read_bytes() for p in (isolated / "j2").glob("*.docx")}


def test_source_date_epoch_zero_clamps_zip_dates_to_1980(library: Library) -> None:
    import docx

    data = render_docx(library, date=dt.date(1970, 1, 1))
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)}
    cp = docx.Document(io.BytesIO(data)).core_properties
    assert cp.created == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def test_cli_with_source_date_epoch_zero_twice(isolated: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    for name in ("a.docx", "b.docx"):
        result = run("render", "senior-backend", "-c", "acme", "-f", "docx", "-o", name)
        assert result.exit_code == 0, result.stderr
    assert (isolated / "a.docx").read_bytes() == (isolated / "b.docx").read_bytes()
    infos = zipfile.ZipFile(isolated / "a.docx").infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


# --- bad logos, odd text, no partial files ---------------------------------------


def _logo_library(root: Path, logo: bytes) -> Path:
    make_library(root, {"profiles/dev.yaml": PROFILE, "companies/brand.yaml": COMPANY})
    (root / "companies" / "brand-logo.png").write_bytes(logo)
    return root


def fails_cleanly(args: list[str], message: str, folder: Path) -> None:
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")
    assert not [p for p in folder.iterdir() if p.suffix in (".docx", ".tmp", ".md")]


@pytest.mark.parametrize("weasyprint_imported", [False, True])
def test_truncated_logo_is_exit_2_and_writes_nothing(
        isolated: Path, monkeypatch: pytest.MonkeyPatch, weasyprint_imported: bool) -> None:
    from PIL import ImageFile

    # WeasyPrint sets this globally on import; the logo check must not care.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", weasyprint_imported)
    # Pillow's verify() passes a cut JPEG; only a strict full decode notices.
    jpeg = png(400, 300, "JPEG")
    _logo_library(isolated / "lib", jpeg[:len(jpeg) // 2])
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "md,docx",
            "--out-dir", "."],
           "lib/companies/brand-logo.png: logo is damaged or truncated — "
           "use a PNG, JPEG or SVG file", isolated)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is weasyprint_imported


def test_logo_that_is_no_image_is_exit_2(isolated: Path) -> None:
    _logo_library(isolated / "lib", b"not an image at all")
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "docx"],
           "lib/companies/brand-logo.png: logo is not a PNG, JPEG, GIF or SVG image — "
           "use a PNG, JPEG or SVG file", isolated)


def test_missing_logo_names_the_path(isolated: Path) -> None:
    _logo_library(isolated / "lib", png())
    (isolated / "lib" / "companies" / "brand-logo.png").unlink()
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "docx"],
           "lib/companies/brand.yaml: logo file 'lib/companies/brand-logo.png' does not "
           "exist — fix 'logo:' or add the file", isolated)


def test_control_characters_are_removed_with_one_warning_and_zwj_kept(isolated: Path) -> None:
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji, joined by ZWJ
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # needs its ZWNJ
    result = run("render", "senior-backend", "-c", "acme", "-f", "docx", "-o", "x.docx",
                 "--var", f"name=Acme\x01\u202e {family} {persian}",
                 "--var", "about=Line\x0bone\x00\nline two")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: removed invisible or control characters (U+0000, U+0001, U+000B, U+202E) "
        "from company name, about", "wrote x.docx"]
    paras = paragraphs((isolated / "x.docx").read_bytes())
    assert paras[1].text.startswith(f"Acme {family} {persian} \u00b7 Denver")
    assert "Lineone\nline two" in [p.text for p in paras]



# --- arbitrary company text -----------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NASTY = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from([
    "&<>\"'", "\x00\x01\x0b\x0c\x1f", "\u202eevil\u202c", "\U0001F469\u200d\U0001F4BB",
    "\u0634\u0631\u06a9\u062a \u0645\u200c\u0627", "{{ 7*7 }} {% raw %}", "line\nbreak\r\nx",
    "\ud800", "\ufffe\uffff", "**b** [l](javascript:x)"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(name=NASTY, about=NASTY, benefit=NASTY)
def test_arbitrary_company_text_gives_a_valid_docx_or_a_clean_error(
        library: Library, name: str, about: str, benefit: str) -> None:
    import docx
    import msgspec

    from jdgen.content import build_posting
    from jdgen.errors import JdgenError

    posting, _ = load_posting(library, "dev", "brand", date=DAY)
    values = msgspec.structs.replace(posting.company, name=name, about=about, benefits=[benefit],
                                     logo=None)
    try:
        changed = build_posting(library.load_profile("dev"), values, None, library.root, DAY)
    except JdgenError as e:
        assert str(e) == "the company name is empty — set 'name:' to visible text"
        return
    data = render_posting(changed, "docx", RenderOptions.for_library(library))
    doc = docx.Document(io.BytesIO(data))
    assert doc.core_properties.author == changed.company_name
    texts = [p.text for p in doc.paragraphs]
    assert texts[1].startswith(changed.company_name)
    blocks, _, warnings = mammoth_blocks(data)
    assert warnings == []
    assert blocks[1][1].startswith(changed.company_name)


def _bomb() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10000, 5000)).save(out, "PNG")  # 6 KB on disk, 50 million pixels
    return out.getvalue()


@pytest.mark.parametrize("logo, message", [
    (_bomb, "logo has more than 40,000,000 pixels"),
    (lambda: b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
             b' width="10" height="10"><image xlink:href="file:///etc/passwd" width="10" '
             b'height="10"/></svg>',
     "logo may not load other files or addresses ('file:///etc/passwd')"),
    (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "logo is not an SVG image that "
                                                                "can be drawn"),
])
def test_dangerous_logos_are_refused(isolated: Path, logo, message: str) -> None:
    _logo_library(isolated / "lib", logo())
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "docx"],
                  f"lib/companies/brand-logo.png: {message} — use a PNG, JPEG or SVG file",
                  isolated)


def test_truncated_logo_is_exit_2_after_a_pdf_render_in_the_same_process(
        isolated: Path) -> None:
    from PIL import ImageFile

    result = run("render", "senior-backend", "-c", "acme", "-f", "pdf", "-o", "a.pdf")
    assert result.exit_code == 0, result.stderr
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # what importing WeasyPrint does
    (isolated / "a.pdf").unlink()
    jpeg = png(400, 300, "JPEG")
    _logo_library(isolated / "lib", jpeg[:len(jpeg) // 2])
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "docx"],
                  "lib/companies/brand-logo.png: logo is damaged or truncated — "
                  "use a PNG, JPEG or SVG file", isolated)


def api_paragraph(doc, style: str, items) -> None:
    """The reference: a paragraph of spans made with python-docx's own Run API."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.run import Run

    paragraph = doc.add_paragraph(style=None if style == "Normal" else doc.styles[style])
    for span in items:
        if span.href:
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), doc.part.relate_to(span.href, RELATIONSHIP_TYPE.HYPERLINK,
                                                    is_external=True))
            link.set(qn("w:history"), "1")
            link.append(OxmlElement("w:r"))
            paragraph._p.append(link)
            run = Run(link[0], paragraph)
        else:
            run = paragraph.add_run()
        run.text = span.text
        if span.bold:
            run.bold = True
        if span.italic:
            run.italic = True
        if span.href or span.code:
            run.style = doc.styles["Hyperlink" if span.href else "HTML Code"]


SPAN_TEXT = st.text(st.sampled_from(["a", "Z", " ", "\t", "\n", "\r", "\u00a0", "\u3000", "&",
                                     "<", "\u00e9", "\U0001F469"]), min_size=1, max_size=12)
SPANS = st.lists(st.builds(Span, SPAN_TEXT, st.booleans(), st.booleans(), st.booleans(),
                           st.sampled_from([None, "https://x.example/?a=1&b=2"])), max_size=5)


@settings(max_examples=60, deadline=None)
@given(items=SPANS, style=st.sampled_from(["Normal", "List Bullet", "Heading 2"]))
def test_runs_are_what_python_docx_makes(items, style: str) -> None:
    import docx
    from lxml import etree

    from jdgen.formats.docx import StyleIndex, Writer, add_character_styles

    fast, reference = docx.Document(), docx.Document()
    for doc in (fast, reference):
        add_character_styles(StyleIndex(doc.styles))
    Writer(fast, StyleIndex(fast.styles)).paragraph(style, items)
    api_paragraph(reference, style, items)
    assert etree.tostring(fast.element.body) == etree.tostring(reference.element.body)
    assert fast.part.rels.xml == reference.part.rels.xml
