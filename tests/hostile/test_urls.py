"""Class 4, addresses: only http(s) for website, apply URL (mailto for e-mail); logos are files."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen import formats

from ..conftest import DATE, make_library, run
from .common import fails, render_values
from .readers import hrefs, seen

URL_HINT = "use an https:// or http:// address"
BAD_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
            "file:///etc/passwd", "/careers", "../apply.html", "//evil.example/x",
            "ftp://x.example", "https://x.example/a b", "https://x.example/\x01",
            "https://good.example\u202e/elpmaxe.live", "https://x.example/\">"]


def _company(isolated: Path, body: str) -> list[str]:
    lib = make_library(isolated / "lib", {"companies/x.yaml": "name: X\n" + body})
    return ["--library", str(lib), "render", "senior-backend", "-c", "x", "--date", DATE]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize(("key", "yaml"), [("website", "website: {}\n"),
                                           ("apply.url", "apply:\n  url: {}\n")])
def test_bad_urls_in_a_company_file(isolated: Path, url: str, key: str, yaml: str) -> None:
    quoted = '"' + url.replace("\\", "\\\\").replace('"', '\\"').replace("\x01", "\\x01") + '"'
    line = 2 if key == "website" else 3
    fails(_company(isolated, yaml.format(quoted)),
          f"lib/companies/x.yaml:{line}: {key!r} has an invalid value — {URL_HINT}", isolated)


@pytest.mark.parametrize("url", [u for u in BAD_URLS if "\x01" not in u])
def test_bad_urls_in_vars(isolated: Path, url: str) -> None:
    fails(["render", "senior-backend", "-c", "acme", "--var", f"website={url}"],
          f"--var {'website=' + url!r}: 'website' has an invalid value — {URL_HINT}", isolated)


@pytest.mark.parametrize("email", ["mailto:jobs@x.example", "jobs@x.example?bcc=all@x.example",
                                   "jobs@x.example\nBcc: all@x.example", "jobs@x", "a b@x.example",
                                   "jobs@x.example/../x", "<jobs@x.example>", "jobs@@x.example"])
def test_bad_email(isolated: Path, email: str) -> None:
    fails(["render", "senior-backend", "-c", "acme", "--var", f"apply.email={email}"],
          f"--var {'apply.email=' + email!r}: 'apply.email' has an invalid value — use an address "
          "like jobs@example.com", isolated)


@pytest.mark.parametrize("fmt", list(formats.FORMATS))
def test_good_addresses_become_links_in_every_format(fmt: str) -> None:
    data = render_values({"name": "X", "website": "http://x.example/a_b?c=d&e=(f)",
                          "apply": {"url": "https://x.example/apply",
                                    "email": "jobs+dev@x.example"}}, fmt)
    wanted = ["http://x.example/a_b?c=d&e=(f)", "https://x.example/apply",
              "mailto:jobs+dev@x.example"]
    if fmt == "jsonld":  # its description is plain text: the addresses show as text
        text = seen(fmt, data).text
        assert all(href.removeprefix("mailto:") in text for href in wanted)
        return
    found = hrefs(fmt, data)
    assert all(href in found for href in wanted)


@pytest.mark.parametrize("fmt", list(formats.FORMATS))
def test_unsafe_links_in_profile_prose_are_not_links(isolated: Path, fmt: str) -> None:
    lib = make_library(isolated / "lib", {"profiles/p.yaml": (
        "title: P\nsummary: 'Click [here](javascript:alert(1)), [there](data:text/html,x), "
        "[file](file:///etc/passwd), [rel](../x) or [ok](https://ok.example).'\n"
        # A reference definition in one item would name a target for the whole document.
        "responsibilities:\n  - '[x]: javascript:alert(1)'\n  - 'Read [this][x] or <http:x>.'\n")})
    result = run("--library", str(lib), "render", "p", "-c", "acme", "-f", fmt,
                 "--date", DATE, "-o", "out")
    assert result.exit_code == 0, result.stderr
    data = (isolated / "out").read_bytes()
    found = [h for h in hrefs(fmt, data) if "acme.example" not in h and "schema.org" not in h]
    # JSON-LD's description is plain text, without links at all.
    assert found == ([] if fmt == "jsonld" else ["https://ok.example"])
    if fmt == "md":
        assert "[here\\](javascript:alert(1))" in data.decode()


@pytest.mark.parametrize(("logo", "message"), [
    ("https://x.example/logo.png", "logo 'https://x.example/logo.png' is an address, not a "
     "file — save the image beside the company file and give its file name (e.g. logo: "
     "acme-logo.png)"),
    ("data:image/png;base64,iVBORw0KGgo=", "logo 'data:image/png;base64,iVBORw0KGgo=' is an "
     "address, not a file — save the image beside the company file and give its file name "
     "(e.g. logo: acme-logo.png)"),
    ("file:///etc/passwd", "logo 'file:///etc/passwd' is an address, not a file — save the "
     "image beside the company file and give its file name (e.g. logo: acme-logo.png)"),
    ("/etc/passwd", "logo '/etc/passwd' is outside the library folder — put the logo file "
     "beside the company file"),
    ("../../secret.png", "logo '../../secret.png' is outside the library folder — put the logo "
     "file beside the company file"),
    ("escape.png", "logo 'escape.png' is outside the library folder — put the logo file beside "
     "the company file"),
])
def test_bad_logo(isolated: Path, logo: str, message: str) -> None:
    (isolated / "secret.png").write_bytes(b"\x89PNG")
    args = _company(isolated, f"logo: '{logo}'\n")
    (isolated / "lib" / "companies" / "escape.png").symlink_to(isolated / "secret.png")
    fails(args, f"lib/companies/x.yaml: {message}", isolated)


def test_logo_cannot_be_set_from_the_command_line(isolated: Path) -> None:
    fails(["render", "senior-backend", "-c", "Nobody", "--var", "logo=/etc/passwd"],
          "'logo' needs a company file to be relative to — set logo in "
          "companies/<name>.yaml, not with --var", isolated)
