"""Batch rendering: the whole matrix, shards, workers, partial failure, report and index."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from jdgen import formats
from jdgen.batch import Job, parse_shard, plan
from jdgen.errors import VariableError
from jdgen.library import Library
from jdgen.report import SCHEMA

from .conftest import DATE, REPO, make_library, run
from .markdown_reader import headings

PROFILES = sorted(p.stem for p in (REPO / "profiles").glob("*.yaml"))
COMPANIES = sorted(p.stem for p in (REPO / "companies").glob("*.yaml"))
# Every format registered that is quick to render; the matrix tests stay fast.
FAST = [f for f in formats.FORMATS if f not in ("pdf", "docx")]


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def batch(*args: str):
    return run("render", "--date", DATE, *args)


def test_all_profiles_and_companies_render_every_file(isolated: Path) -> None:
    result = batch("--all", "--all-companies", "--format", ",".join(FAST), "--out-dir", "dist",
                   "--report", "report.json", "-j", "1")
    assert result.exit_code == 0, result.stderr
    written = files_in(isolated / "dist")
    expected = {f"{p}-{c}.{formats.extension(f)}" for p in PROFILES for c in COMPANIES
                for f in FAST}
    assert set(written) == expected | {"index.html", "index.md"}
    for p in PROFILES:
        text = written[f"{p}-acme.md"].decode()
        assert headings(text)[0] == (1, Library.discover().load_profile(p).profile.title)
    report = json.loads((isolated / "report.json").read_text())
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    assert [(r["profile"], r["company"], r["format"]) for r in report["postings"]] == [
        (p, c, f) for p in PROFILES for c in COMPANIES for f in FAST]
    for record in report["postings"]:
        data = (isolated / record["path"]).read_bytes()
        assert record["bytes"] == len(data)
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["error"] is None
    assert report["summary"] == {**report["summary"], "planned": len(expected),
                                 "rendered": len(expected), "failed": 0, "interrupted": False}
    assert re.search(rf"\nrendered {len(expected)}, failed 0, in \d+\.\d s \(1 worker\)\n\Z",
                     result.stderr)


def test_format_all_means_every_registered_format() -> None:
    jobs = plan(Library.discover(), ["api-developer"], ["Acme"], formats.parse_formats("all"))
    assert [j.format for j in jobs] == list(formats.FORMATS)


@pytest.mark.parametrize("count", [1, 2, 3, 5, 7])
def test_shards_partition_the_matrix(count: int) -> None:
    library = Library.discover()
    whole = plan(library, [], ["Acme", "nordlicht"], ["md", "md", *formats.FORMATS])
    shards = [plan(library, [], ["Acme", "nordlicht"], ["md", *formats.FORMATS], (i, count))
              for i in range(1, count + 1)]
    flat = [job for shard in shards for job in shard]
    assert sorted(flat, key=lambda j: j.index) == whole
    assert len({j.index for j in flat}) == len(whole)
    assert all(abs(len(a) - len(b)) <= 1 for a in shards for b in shards)  # balanced


def test_shard_runs_write_the_whole_batch_between_them(isolated: Path) -> None:
    assert batch("--all", "-c", "Acme", "--out-dir", "whole", "-j", "1").exit_code == 0
    union: dict[str, bytes] = {}
    for i in (1, 2, 3):
        assert batch("--all", "-c", "Acme", "--out-dir", f"s{i}", "--shard", f"{i}/3",
                     "-j", "1").exit_code == 0
        part = files_in(isolated / f"s{i}")
        assert "shard" in part.pop("index.md").decode()
        part.pop("index.html")
        assert not set(part) & set(union)
        union.update(part)
    whole = files_in(isolated / "whole")
    del whole["index.md"], whole["index.html"]
    assert union == whole


def test_jobs_two_writes_the_same_bytes_as_jobs_one(isolated: Path) -> None:
    for jobs in ("1", "2"):
        result = batch("--all", "--all-companies", "-f", ",".join(FAST), "--out-dir",
                       f"j{jobs}", "-j", jobs)
        assert result.exit_code == 0, result.stderr
    one, two = files_in(isolated / "j1"), files_in(isolated / "j2")
    assert len(one) == len(PROFILES) * len(COMPANIES) * len(FAST) + 2
    assert one == two


@pytest.mark.parametrize(("text", "error"), [
    ("0/3", "--shard '0/3' is not I/N with 1 <= I <= N — for example --shard 1/4 ... "
            "--shard 4/4"),
    ("4/3", "--shard '4/3' is not I/N with 1 <= I <= N — for example --shard 1/4 ... "
            "--shard 4/4"),
    ("a", "--shard 'a' is not I/N with 1 <= I <= N — for example --shard 1/4 ... --shard 4/4"),
])
def test_bad_shard(text: str, error: str) -> None:
    with pytest.raises(VariableError) as e:
        parse_shard(text)
    assert str(e.value) == error
    result = batch("--all", "-c", "Acme", "--shard", text)
    assert (result.exit_code, result.stderr) == (2, f"error: {error}\n")


def test_batch_needs_a_company() -> None:
    result = batch("--all")
    assert (result.exit_code, result.stderr) == (
        2, "error: no company given — pass --company NAME (repeatable) or --all-companies\n")


BROKEN = "title: Broken\nsummary: [unclosed\n"
GOOD = "title: Good Role\nsummary: Does good work.\nskills: [Go]\n"


def test_one_broken_profile_fails_alone(isolated: Path) -> None:
    make_library(isolated / "lib", {"profiles/broken.yaml": BROKEN,
                                    "profiles/good.yaml": GOOD})
    result = run("--library", "lib", "render", "--date", DATE, "--all", "-c", "Acme",
                 "-c", "Nordlicht", "--out-dir", "dist", "--report", "report.json", "-j", "2")
    assert result.exit_code == 2
    error = ("lib/profiles/broken.yaml:3: invalid YAML: expected ',' or ']', but got "
             "'<stream end>' — indent with spaces, and quote values that contain ': ' or "
             "start with '#'")
    assert f"failed: broken for Acme (md): {error}\n" in result.stderr
    assert f"failed: broken for Nordlicht (md): {error}\n" in result.stderr
    written = files_in(isolated / "dist")
    assert "broken-acme.md" not in written
    expected = {f"{p}-{c}.md" for p in [*PROFILES, "good"] for c in ("acme", "nordlicht")}
    assert set(written) == expected | {"index.html", "index.md"}
    assert headings(written["good-acme.md"].decode())[0] == (1, "Good Role")
    report = json.loads((isolated / "report.json").read_text())
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    failed = [r for r in report["postings"] if r["error"]]
    assert failed == [
        {"profile": "broken", "company": c, "format": "md", "path": None, "bytes": 0,
         "sha256": None, "milliseconds": failed[i]["milliseconds"], "warnings": [],
         "error": error} for i, c in enumerate(("Acme", "Nordlicht"))]
    assert report["summary"]["failed"] == 2
    assert report["summary"]["rendered"] == len(expected)
    assert "rendered 26, failed 2, in " in result.stderr
    assert "Failed" in written["index.md"].decode()


def test_lint_lines_of_written_postings_survive_a_failure(isolated: Path) -> None:
    # One broken profile must not hide what lint found in the postings that were written.
    make_library(isolated / "lib", {"profiles/broken.yaml": BROKEN,
                                    "profiles/good.yaml": GOOD})
    result = run("--library", "lib", "render", "--date", DATE, "good", "broken", "-c",
                 "Initech", "--out-dir", "dist", "-j", "1", "--strict")
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("lint: ")]
    assert line.startswith("lint: good-initech.md: 2 errors, 2 warnings: no equal-opportunity "
                           "statement; no way to apply")
    assert "lint found errors" not in result.stderr  # exit 2 says it already


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])
        if tag == "html":
            self.lang = dict(attrs).get("lang")


def test_index_links_every_written_file(isolated: Path) -> None:
    make_library(isolated / "lib", {"profiles/broken.yaml": BROKEN,
                                    "companies/x.yaml": "name: A*B_C #1 <x>\n"})
    result = run("--library", "lib", "render", "--date", DATE, "--all", "--all-companies",
                 "--out-dir", "dist", "-j", "1")
    assert result.exit_code == 2
    dist = isolated / "dist"
    page = Links()
    page.feed((dist / "index.html").read_text())
    posted = {n for n in files_in(dist) if not n.startswith("index.")}
    assert page.lang == "en"
    assert sorted(page.links) == sorted(posted)
    index = (dist / "index.md").read_text()
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(index)
    md_links = [t.attrs["href"] for tok in tokens for t in tok.children or []
                if t.type == "link_open"]
    assert sorted(md_links) == sorted(posted)
    assert "broken" in index and "(failed)" in index


def test_batch_options_refuse_dash_o_and_profiles_with_all() -> None:
    result = batch("--all", "-c", "Acme", "-o", "x.md")
    assert (result.exit_code, result.stderr) == (
        2, "error: -o names one file, a batch writes many — use --out-dir DIR\n")
    result = batch("api-developer", "--all", "-c", "Acme")
    assert (result.exit_code, result.stderr) == (
        2, "error: --all renders every profile — name profiles or use --all\n")


def test_named_profiles_with_jobs_are_a_batch(isolated: Path) -> None:
    result = batch("senior-backend", "api-developer", "-c", "Acme", "-j", "2", "--quiet")
    assert (result.exit_code, result.stderr) == (0, "")
    assert set(files_in(isolated)) == {"senior-backend-engineer-acme.md",
                                       "api-developer-acme.md", "index.html", "index.md"}


def test_plan_order_is_profile_company_format() -> None:
    jobs = plan(Library.discover(), ["senior-backend", "api-developer"], ["Acme", "B"],
                ["md"])
    assert jobs == [Job(0, "senior-backend-engineer", "Acme", "md"),
                    Job(1, "senior-backend-engineer", "B", "md"),
                    Job(2, "api-developer", "Acme", "md"), Job(3, "api-developer", "B", "md")]


def test_in_process_run_freezes_long_lived_objects_only_while_it_runs(isolated: Path) -> None:
    """A worker freezes what it keeps for life after its first file of each format (fewer
    objects for the garbage collector to walk) and a run in the caller's process hands them
    back at the end; a process that froze objects itself is left alone."""
    import gc

    from jdgen import batch as batch_module

    jobs, settings, _ = batch_module.prepare(Library.discover(), ["senior-backend"],
                                             ["acme", "nordlicht"], ["md", "html"],
                                             out_dir=str(isolated / "dist"))
    assert gc.get_freeze_count() == 0
    seen: list[int] = []
    outcome = batch_module.run(jobs, settings, 1, lambda r: seen.append(gc.get_freeze_count()))
    assert len(outcome.written) == 4 and gc.get_freeze_count() == 0
    # Frozen for md, then for html; nothing more after (the count only drops as objects die).
    assert 0 < seen[0] < seen[1] and seen[1] >= seen[2] >= seen[3]
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        seen.clear()
        batch_module.run(jobs, settings, 1, lambda r: seen.append(gc.get_freeze_count()))
        assert all(count <= mine for count in seen) and gc.get_freeze_count() <= mine
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
