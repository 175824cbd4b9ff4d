"""Branded Word templates: a user library's templates/posting.docx filled by docxtpl, read back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jdgen.library import Library, Root, builtin_root

from .branded_template import BODY, LOOP, build
from .conftest import make_library, run
from .docx_reader import mammoth_blocks, paragraphs
from .test_docx import COMPANY, DAY, PROFILE, fails_cleanly, png, render_docx, resaved


def _library(root: Path, template: bytes | None, company: str = COMPANY,
             name: str = "posting.docx") -> Library:
    make_library(root, {"profiles/dev.yaml": PROFILE, "companies/brand.yaml": company})
    (root / "companies" / "brand-logo.png").write_bytes(png())
    if template is not None:
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / name).write_bytes(template)
    return Library.discover(str(root))


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Library]:
    base = tmp_path_factory.mktemp("branded")
    return {"body": _library(base / "body", build(BODY)),
            "loop": _library(base / "loop", build(LOOP)),
            "plain": _library(base / "plain", None)}


@pytest.fixture(scope="module")
def rendered(libraries: dict[str, Library]) -> dict[str, bytes]:
    return {name: render_docx(lib) for name, lib in libraries.items()}


def _xml(data: bytes) -> str:
    z = zipfile.ZipFile(io.BytesIO(data))
    return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_body_tag_fills_the_template_in_its_own_styles(rendered: dict[str, bytes]) -> None:
    plain = paragraphs(rendered["plain"])
    body = paragraphs(rendered["body"])
    assert (body[0].style, body[0].text) == ("Title", "Platform Developer")
    assert body[1].style == "Subtitle"
    # The body is the built-in layout's body paragraph for paragraph, then the closing line.
    assert [(p.style, p.text, p.links) for p in body[1:-1]] == [
        (p.style, p.text, p.links) for p in plain[1:]]
    assert (body[-1].style, body[-1].text) == ("Closing",
                                               "Questions? Write to jobs@brand.example.")
    assert {p.style for p in body} >= {"Heading 1", "Heading 2", "List Bullet"}


def test_loop_template_gives_the_same_paragraphs_as_the_built_in_layout(
        rendered: dict[str, bytes]) -> None:
    plain = paragraphs(rendered["plain"])
    loop = paragraphs(rendered["loop"])
    assert [(p.style, p.text, p.links) for p in loop[:-1]] == [
        (p.style, p.text, p.links) for p in plain]
    assert loop[-1].text == ('We look forward to hearing from you. — The Brand & <Co> "Q" '
                             "hiring team")


@pytest.mark.parametrize("name", ["body", "loop"])
def test_header_logo_footer_properties_and_no_tags_left(rendered: dict[str, bytes],
                                                        name: str) -> None:
    import docx

    data = rendered[name]
    doc = docx.Document(io.BytesIO(data))
    header = doc.sections[0].header.paragraphs[0]
    assert header.text == '\tCareers at Brand & <Co> "Q"'
    assert len(header._p.xpath(".//pic:pic")) == 1
    assert doc.sections[0].footer.paragraphs[0].text.startswith(
        'Brand & <Co> "Q" · posted 2026-11-22 · page')
    assert doc.core_properties.author == 'Brand & <Co> "Q"'
    assert doc.core_properties.title == "Platform Developer"
    xml = _xml(data)
    assert "{{" not in xml and "{%" not in xml
    assert "&lt;Co&gt;" in xml
    summary = next(p for p in doc.paragraphs if p.text.startswith("You build"))
    runs = {r.text: r for r in summary.runs}
    assert runs["core"].bold and runs["fast"].italic
    assert runs["grpc"].style.name == "HTML Code"
    assert [(h.text, h.address) for h in summary.hyperlinks] == [
        ("docs", "https://docs.example/guide?a=1&b=2")]


def test_mammoth_reads_the_branded_file(rendered: dict[str, bytes]) -> None:
    blocks, links, warnings = mammoth_blocks(rendered["body"])
    assert warnings == ["Unrecognised paragraph style: Closing (Style ID: Closing)"]
    assert blocks[0] == ("h1", "Platform Developer")
    assert ("h1", 'About Brand & <Co> "Q"') in blocks
    assert ("li", "Ship the billing API.") in blocks
    assert ("p", "First line of about.\nSecond line of about.") in blocks
    assert "mailto:jobs@brand.example" in links


def test_branded_render_is_byte_identical(libraries: dict[str, Library],
                                          rendered: dict[str, bytes]) -> None:
    assert render_docx(libraries["loop"]) == rendered["loop"]


def test_each_posting_gets_its_own_values_from_a_template_compiled_once(
        libraries: dict[str, Library], rendered: dict[str, bytes]) -> None:
    # The compiled template parts are kept for the process; the values are not.
    other = render_docx(libraries["loop"], var=("name=Other & Co", "logo="))
    assert render_docx(libraries["loop"]) == rendered["loop"]
    texts = [p.text for p in paragraphs(other)]
    assert "About Other & Co" in texts
    assert not any("Brand" in t for t in texts)
    assert "word/media/image1.png" not in zipfile.ZipFile(io.BytesIO(other)).namelist()


def test_branded_package_is_what_python_docx_saves(libraries: dict[str, Library]) -> None:
    from jdgen.formats.docx import package_bytes
    from jdgen.formats.docx_template import render_branded
    from jdgen.render import load_posting

    lib = libraries["body"]
    posting, _ = load_posting(lib, "dev", "brand", date=DAY)
    doc = render_branded(posting, lib.root / "templates" / "posting.docx")
    assert package_bytes(doc, DAY) == resaved(doc, DAY)


def test_company_values_are_never_template_code(tmp_path: Path) -> None:
    lib = _library(tmp_path / "lib", build(BODY),
                   COMPANY.replace('name: Brand & <Co> "Q"', "name: '{{ 7*7 }} {%p if x %}'"))
    data = render_docx(lib)
    assert paragraphs(data)[1].text.startswith("{{ 7*7 }} {%p if x %}")


@pytest.mark.parametrize("line, message", [
    ("{{ title ", "template syntax error: unexpected '/' near '{{ title' — check the {{ }} "
                  "and {% %} tags in Word"),
    ("{{ salery }}", "undefined value in template: 'salery' is undefined — see README "
                     "'Branded Word templates' for the names"),
    ("{{ title.__class__.__mro__ }}", "template tried something unsafe: access to attribute "
                                      "'__class__' of 'str' object is unsafe — templates may "
                                      "only read posting values"),
    (b"PK\x03\x04 this is no zip", "not a Word .docx file — save the template from Word "
                                   "as .docx"),
])
def test_template_errors_are_one_line(isolated: Path, line: str | bytes, message: str) -> None:
    _library(isolated / "lib", line if isinstance(line, bytes) else build([("Normal", line)]))
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "docx"],
                  f"lib/templates/posting.docx: {message}", isolated)


def test_body_needs_the_list_style(isolated: Path) -> None:
    import docx

    doc = docx.Document(io.BytesIO(build(BODY)))
    doc.styles["List Bullet"].delete()
    out = io.BytesIO()
    doc.save(out)
    _library(isolated / "lib", out.getvalue())
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "docx"],
                  "lib/templates/posting.docx: the template has no 'List Bullet' style — apply "
                  "each style once in Word (then delete the text) so the file keeps it", isolated)


def test_named_template_and_unknown_template(isolated: Path) -> None:
    _library(isolated / "lib", build(BODY), name="classic.docx")
    result = run("--library", "lib", "render", "dev", "-c", "brand", "-f", "docx",
                 "--template", "classic", "-o", "x.docx")
    assert result.exit_code == 0, result.stderr
    assert paragraphs((isolated / "x.docx").read_bytes())[-1].style == "Closing"
    (isolated / "x.docx").unlink()
    fails_cleanly(["--library", "lib", "render", "dev", "-c", "brand", "-f", "docx",
                   "--template", "fancy"],
                  "template 'fancy.docx' not found — put a Word file of that name in your "
                  "library's templates/ folder, or leave out --template", isolated)


def test_a_batch_with_a_word_only_template_lints_the_default_markdown(isolated: Path) -> None:
    _library(isolated / "lib", build(BODY), name="classic.docx")
    single = run("--library", "lib", "render", "dev", "-c", "brand", "-f", "docx",
                 "--template", "classic", "-o", "one.docx")
    assert single.exit_code == 0, single.stderr
    result = run("--library", "lib", "render", "dev", "-c", "brand", "-f", "docx",
                 "--template", "classic", "-j", "1", "--out-dir", "dist")
    assert result.exit_code == 0, result.stderr
    [written] = (isolated / "dist").glob("*.docx")
    assert written.read_bytes() == (isolated / "one.docx").read_bytes()


def test_the_shipped_example_template_renders_acme(tmp_path: Path) -> None:
    from jdgen.render import render

    from .branded_template import BRANDED

    lib = Library([Root(BRANDED, "user"), Root(builtin_root(), "built-in")])
    data = render("senior-backend", "acme", "docx", library=lib)
    paras = paragraphs(data)
    assert (paras[0].style, paras[0].text) == ("Title", "Senior Backend Engineer")
    assert [p.text for p in paras if p.style == "Heading 1"][:2] == ["About Acme Corp",
                                                                     "Responsibilities"]
    assert paras[-1].text == "We look forward to hearing from you. — The Acme Corp hiring team"


def test_validate_checks_a_branded_template(isolated: Path) -> None:
    _library(isolated / "lib", build([("Normal", "{{ salery }}")]))
    result = run("validate", "lib")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: lib/templates/posting.docx: undefined value in template: 'salery' is undefined "
        "— see README 'Branded Word templates' for the names")


def test_compiled_parts_kept_are_bounded_in_number_and_size(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jdgen.formats import docx_template

    monkeypatch.setattr(docx_template, "MAX_COMPILED", 2)
    monkeypatch.setattr(docx_template, "MAX_COMPILED_CHARS", 20)
    env = docx_template.PartSandbox(autoescape=True)
    first = env.from_string("<a>{{ x }}</a>")
    assert env.from_string("<a>{{ x }}</a>") is first
    assert first.render(x="<&>") == "<a>&lt;&amp;&gt;</a>"
    big = "<b>" + "y" * 20 + "</b>"
    assert env.from_string(big) is not env.from_string(big) and list(env.parts) == [
        "<a>{{ x }}</a>"]
    env.from_string("<c/>")
    env.from_string("<d/>")
    assert list(env.parts) == ["<c/>", "<d/>"]
