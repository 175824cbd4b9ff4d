"""The command line as a user meets it: files written, stdout, listing, help."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from jdgen.cli import cli

from .conftest import DATE, REPO, run
from .markdown_reader import headings, outline

SEED_SECTIONS = [
    (1, "Senior Backend Engineer"),
    (2, "About Acme Corp"),
    (2, "Responsibilities"),
    (2, "Requirements"),
    (2, "Nice to have"),
    (2, "Skills and tools"),
    (3, "Tools"),
    (2, "Benefits"),
    (2, "How to apply"),
    (2, "Equal opportunity"),
    (2, "Frequently asked questions"),
]


def test_render_writes_named_file_in_current_folder(isolated: Path) -> None:
    result = run("render", "senior-backend", "--company", "Acme", "--format", "md",
                 "--date", DATE)
    assert result.exit_code == 0, result.stderr
    path = isolated / "senior-backend-engineer-acme.md"
    assert result.stderr == f"wrote {path.name}\n"
    text = path.read_text("utf-8")
    assert headings(text)[: len(SEED_SECTIONS)] == SEED_SECTIONS
    blocks = outline(text)
    intro = blocks[1].paragraphs
    assert intro[0] == "Acme Corp · Denver, CO, US · Boulder, CO, US · Hybrid · Full-time"
    assert intro[1] == "$140,000 – $175,000 per year"
    assert ("https://acme.example/careers/apply", "https://acme.example/careers/apply") in [
        link for b in blocks for link in b.links]


def test_output_file_and_out_dir_and_stdout(isolated: Path) -> None:
    assert run("render", "senior-backend", "-c", "acme", "-o", "job.md", "--date", DATE
               ).exit_code == 0
    assert run("render", "senior-backend", "-c", "acme", "--out-dir", "dist", "--date", DATE
               ).exit_code == 0
    out = run("render", "senior-backend", "-c", "acme", "-o", "-", "--date", DATE)
    assert out.exit_code == 0
    file_text = (isolated / "job.md").read_text("utf-8")
    assert file_text == (isolated / "dist/senior-backend-engineer-acme.md").read_text("utf-8")
    assert out.stdout == file_text
    assert out.stderr == ""


def test_several_profiles_and_companies(isolated: Path) -> None:
    result = run("render", "api-developer", "devops-engineer", "-c", "acme", "-c", "nordlicht",
                 "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in isolated.iterdir()) == [
        "api-developer-acme.md", "api-developer-nordlicht.md",
        "devops-engineer-acme.md", "devops-engineer-nordlicht.md"]


def test_remote_company_formats_money_for_its_locale() -> None:
    out = run("render", "backend-software-engineer", "-c", "Nordlicht Software GmbH", "-o", "-",
              "--date", DATE).stdout
    intro = outline(out)[1].paragraphs
    assert intro[0].endswith("Remote (DE, AT, NL) · Full-time")
    assert intro[1] == "85.000\xa0€ – 100.000\xa0€ per year"


@pytest.mark.parametrize(("typed", "guess"), [
    ("Acmee", "acme"), ("nordlict", "nordlicht"), ("Nordlicht Software", "nordlicht")])
def test_company_typo_notice_suggests_the_company_file(typed: str, guess: str) -> None:
    result = run("render", "senior-backend", "-c", typed, "-o", "-", "--date", DATE)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"note: no company file for {typed!r} (did you mean {guess!r}?); rendering with the "
        "name only (add companies/<name>.yaml to fill in the rest)")


def test_unknown_company_renders_with_name_and_one_notice() -> None:
    result = run("render", "senior-backend", "-c", "Initech", "-o", "-", "--date", DATE)
    assert result.exit_code == 0
    assert result.stderr == ("note: no company file for 'Initech'; rendering with the name only "
                             "(add companies/<name>.yaml to fill in the rest)\n"
                             "lint: senior-backend-engineer-initech.md: 2 errors, 1 warning: "
                             "no equal-opportunity statement; no way to apply (a URL or an "
                             "e-mail address); JSON-LD lacks required data\n")
    names = [h for _, h in headings(result.stdout)]
    assert "About Initech" not in names  # nothing known about it: no empty section
    assert "Benefits" not in names and "How to apply" not in names
    assert outline(result.stdout)[1].paragraphs[0] == "Initech"


def test_list_profiles_text_and_json() -> None:
    text = run("list", "profiles")
    assert text.exit_code == 0
    assert re.search(r"^senior-backend-engineer  Senior Backend Engineer  built-in  ",
                     text.stdout, re.M)
    rows = json.loads(run("list", "profiles", "--format", "json").stdout)
    ids = [r["name"] for r in rows]
    assert {"senior-backend-developer", "senior-backend-software-engineer",
            "senior-backend-engineer", "backend-software-engineer"} <= set(ids)
    assert len(ids) >= 10
    by_id = {r["name"]: r for r in rows}
    assert by_id["senior-backend-engineer"]["aliases"] == ["senior-backend"]
    assert all(r["origin"] == "built-in" for r in rows)
    companies = json.loads(run("list", "companies", "--format", "json").stdout)
    assert [c["name"] for c in companies] == ["acme", "nordlicht"]


def test_show_prints_resolved_profile_as_yaml() -> None:
    import yaml

    result = run("show", "api-developer")
    assert result.exit_code == 0
    first, _, body = result.stdout.partition("\n")
    assert first == "# api-developer <- senior-backend-engineer"  # the chain, each id once
    data = yaml.safe_load(body)
    assert data["title"] == "Senior API Developer"
    assert "extends" not in data and "aliases" not in data
    assert run("show", "senior-backend").stdout.startswith("# senior-backend-engineer\n")
    # inherited from the parent, with the child's appended API tool
    assert data["tools"]["api"] == ["Swagger", "Postman", "OpenAPI"]
    assert data["market"]["salary"]["source"] == "Glassdoor"


def test_validate_builtin_library() -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stderr.startswith("ok: 12 profiles, 2 companies")
    report = json.loads(run("validate", "--format", "json").stdout)
    assert report["ok"] is True and report["problems"] == []


def test_version() -> None:
    from jdgen import __version__

    result = run("--version")
    assert result.stdout == f"jdgen, version {__version__}\n"


def _commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = run(name, "-h")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"jdgen {name}" in result.stdout


@pytest.mark.parametrize("name", _commands())
def test_options_have_help_and_format_is_f_everywhere(name: str) -> None:
    options = [p for p in cli.commands[name].params if isinstance(p, click.Option)]
    assert [o.name for o in options if not o.help] == []
    for option in options:
        if "--format" in option.opts:
            assert "-f" in option.opts  # as in render, lint and diff: 'validate -f json'


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_in_readme(name: str) -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert f"`jdgen {name}" in readme


def test_date_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from jdgen.context import posting_date

    assert posting_date(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert posting_date() == dt.date(1970, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert posting_date() == dt.date(2026, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert posting_date() == dt.datetime.now(dt.UTC).date()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_format_is_not_written_to_a_terminal(isolated: Path, fmt: str) -> None:
    # A recruiter typing '-o -' at a terminal would get a screen of zip or PDF bytes.
    main, tty = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "jdgen", "render", "senior-backend", "-c",
                               "acme", "-f", fmt, "-o", "-", "--date", DATE],
                              stdout=tty, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(tty)
        os.close(main)
    assert proc.returncode == 2
    name = f"senior-backend-engineer-acme.{fmt}"
    assert proc.stderr == (f"error: a {fmt.upper()} file is binary and standard output is a "
                           f"terminal; nothing was written — redirect it (-o - > {name}) or "
                           f"write a file (-o {name})\n")
    assert not list(isolated.iterdir())


def test_output_file_and_out_dir_together_are_refused(isolated: Path) -> None:
    # README: [-o FILE | --out-dir DIR]; before, --out-dir was silently ignored.
    result = run("render", "senior-backend", "-c", "acme", "-o", "x.md", "--out-dir", "d")
    assert (result.exit_code, result.stderr) == (
        2, "error: -o and --out-dir both say where to write — use -o FILE for one file, or "
           "--out-dir DIR for a folder\n")
    assert not list(isolated.iterdir())
