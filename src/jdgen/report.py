"""Turn a batch outcome into its summary lines, the JSON report and the index pages."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .batch import Outcome, Record, Settings

SCHEMA = Path(__file__).with_name("report.schema.json")
REPORT_VERSION = 1


def summary(outcome: Outcome) -> str:
    """``rendered 46, failed 2, in 3.1 s (2 workers)``, or what an interruption left."""
    took = f"in {outcome.seconds:.1f} s ({outcome.workers} worker{'s' * (outcome.workers > 1)})"
    if outcome.signal:
        import signal

        name = signal.Signals(outcome.signal).name
        return (f"interrupted by {name}: wrote {len(outcome.written)} of {outcome.planned} "
                f"files, failed {len(outcome.failed)}, {took}; no partial files left")
    return f"rendered {len(outcome.written)}, failed {len(outcome.failed)}, {took}"


def failure_lines(records: list[Record]) -> list[str]:
    """One line per failed posting and error, naming the formats it hit."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for r in records:
        if r.error is not None:
            grouped.setdefault((r.profile, r.company, r.error), []).append(r.format)
    return [f"failed: {p} for {c} ({', '.join(fmts)}): {err}"
            for (p, c, err), fmts in grouped.items()]


def report_dict(outcome: Outcome, settings: Settings, shard: tuple[int, int] | None) -> dict:
    """The ``--report`` document; its shape is ``report.schema.json``."""
    from . import __version__

    return {
        "report_version": REPORT_VERSION,
        "jdgen": __version__,
        "date": settings.date.isoformat(),
        "shard": f"{shard[0]}/{shard[1]}" if shard else None,
        "summary": {
            "planned": outcome.planned,
            "rendered": len(outcome.written),
            "failed": len(outcome.failed),
            "seconds": round(outcome.seconds, 3),
            "workers": outcome.workers,
            "interrupted": bool(outcome.signal),
        },
        "workers": [{"peak_rss_kib": rss} for _, rss in sorted(outcome.peak_rss_kib().items())],
        "postings": [r.to_dict() for r in outcome.records],
    }


def report_json(outcome: Outcome, settings: Settings, shard: tuple[int, int] | None) -> bytes:
    return (json.dumps(report_dict(outcome, settings, shard), indent=2, ensure_ascii=False)
            + "\n").encode("utf-8")


def _rows(records: list[Record]) -> dict[tuple[str, str], list[Record]]:
    rows: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        rows.setdefault((r.profile, r.company), []).append(r)
    return rows


def _link_name(record: Record) -> str:
    return quote(Path(record.path or "").name)


def index_html(records: list[Record], title: str = "Rendered job postings") -> bytes:
    """A self-contained page linking every file, one row per posting; failures listed."""
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(title)}</title>",
           "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}"
           "table{border-collapse:collapse}td,th{padding:.3rem .8rem;text-align:left;"
           "border-bottom:1px solid #ddd}.failed{color:#a00}</style>",
           "</head>", "<body>", f"<h1>{e(title)}</h1>",
           "<table>", "<thead><tr><th>Profile</th><th>Company</th><th>Files</th></tr></thead>",
           "<tbody>"]
    for (profile, company), recs in _rows(records).items():
        links = " ".join(
            f'<a href="{e(_link_name(r))}">{e(r.format)}</a>' if r.error is None
            else f'<span class="failed" title="{e(r.error)}">{e(r.format)} (failed)</span>'
            for r in recs)
        out.append(f"<tr><td>{e(profile)}</td><td>{e(company)}</td><td>{links}</td></tr>")
    out += ["</tbody>", "</table>"]
    failures = failure_lines(records)
    if failures:
        out.append("<h2>Failed</h2>")
        out.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in failures) + "</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def index_md(records: list[Record], title: str = "Rendered job postings") -> bytes:
    """The same list as Markdown, for a repository or a CI summary page."""
    from .formats.markdown import escape

    out = [f"# {escape(title)}", "", "| Profile | Company | Files |", "|---|---|---|"]
    for (profile, company), recs in _rows(records).items():
        links = " ".join(f"[{r.format}](<{_link_name(r)}>)" if r.error is None
                         else f"{r.format} (failed)" for r in recs)
        out.append(f"| {escape(profile)} | {escape(company)} | {links} |")
    failures = failure_lines(records)
    if failures:
        out += ["", "## Failed", ""] + [f"- {escape(line)}" for line in failures]
    return ("\n".join(out) + "\n").encode("utf-8")


def write_outputs(outcome: Outcome, settings: Settings, shard: tuple[int, int] | None,
                  report: str | None, write: Callable[[Path, bytes], Any]) -> list[Path]:
    """Write ``index.html``, ``index.md`` and the ``--report`` file; return their paths."""
    folder = Path(settings.out_dir)
    title = "Rendered job postings" + (f" (shard {shard[0]} of {shard[1]})" if shard else "")
    files = {folder / "index.html": index_html(outcome.records, title),
             folder / "index.md": index_md(outcome.records, title)}
    if report:
        files[Path(report)] = report_json(outcome, settings, shard)
    for path, data in files.items():
        write(path, data)
    return list(files)
