"""The ``jdgen`` command line: parse arguments, call the library, print; errors to exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from .errors import JdgenError, OutputError, StrictCheckFailed

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Group(click.Group):
    """Maps exceptions to exit codes in one place: input 2, strict checks 1, bugs 3."""

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # so a closed pipe is reported here, not at interpreter exit
            return result
        except BrokenPipeError:
            # The reader stopped early (``| head``): end quietly, like cat or git.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except JdgenError as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(2)
        except StrictCheckFailed as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as e:
            if (ctx.obj or {}).get("debug"):
                import traceback

                traceback.print_exc()
            else:
                click.echo(f"internal error: {type(e).__name__}: {e} "
                           "(run with --debug for the traceback, and please report it)", err=True)
            ctx.exit(3)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(None, "-V", "--version", package_name="jdgen", prog_name="jdgen")
@click.option("--library", "library", metavar="DIR", envvar=None,
              help="Library folder (else $JDGEN_LIBRARY, else the nearest jdgen.toml).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, library: str | None, debug: bool) -> None:
    """Render job postings from role profiles and company files.

    \b
    Example:
      jdgen render senior-backend --company Acme --format md
    """
    ctx.obj = {"library": library, "debug": debug}


def _library(ctx: click.Context):
    from .library import Library

    return Library.discover(ctx.obj["library"])


def _date(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from .context import parse_date

    return parse_date(value)


@cli.command("render", context_settings=CONTEXT)
@click.argument("profiles", nargs=-1, metavar="PROFILE...")
@click.option("-c", "--company", "companies", multiple=True, metavar="NAME",
              help="Company name, slug or YAML file (repeatable; default: [render] company "
                   "in jdgen.toml).")
@click.option("--var", "var", multiple=True, metavar="KEY=VALUE",
              help="Set a posting value, e.g. salary.min=140000 (repeatable).")
@click.option("--vars", "vars_file", metavar="FILE", help="YAML file of posting values.")
@click.option("-f", "--format", "fmt", metavar="LIST",
              help="md, html, docx, pdf, jsonld, a comma list, or all (default: [render] "
                   "formats in jdgen.toml, else md).")
@click.option("-o", "--output", metavar="FILE", help="Output file; '-' writes to stdout.")
@click.option("--out-dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Output folder (default: the current folder).")
@click.option("--template", metavar="NAME",
              help="Template name (default: [render] template in jdgen.toml, else posting).")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
              help="PDF paper size (else [render] paper in jdgen.toml, else letter for "
                   "US and Canadian locales, A4 elsewhere).")
@click.option("--date", callback=_date, metavar="YYYY-MM-DD",
              help="Posting date (else SOURCE_DATE_EPOCH, else today).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--strict", is_flag=True, help="Exit 1 when lint finds warnings or errors.")
@click.option("--all", "all_profiles", is_flag=True, help="Every profile in the library (batch).")
@click.option("--all-companies", is_flag=True, help="Every company file in the library (batch).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes for a batch (default: the number of CPUs).")
@click.option("--shard", metavar="I/N", help="Render only slice I of N of the batch (CI fan-out).")
@click.option("--report", metavar="FILE", help="Write a JSON record of every file (batch).")
@click.pass_context
def render_command(ctx, profiles, companies, var, vars_file, fmt, output, out_dir,
                   template, paper, date, quiet, strict, all_profiles, all_companies, jobs,
                   shard, report):
    """Render postings for PROFILE... and write one file per profile, company and format.

    \b
    Examples:
      jdgen render senior-backend --company Acme --format md
      jdgen render senior-backend --company Acme -o - | less
      jdgen render api-developer --company acme --var salary.min=150000 --format md,html
      jdgen render senior-backend --company Nordlicht --format pdf --paper letter
      jdgen render --all --all-companies --format all --out-dir dist --report report.json

    A batch (--all, --all-companies, --jobs, --shard or --report) renders in
    parallel, writes every good posting even when others fail (exit 2), and
    writes index.html and index.md beside the files.
    """
    from . import formats
    from .config import load_config
    from .render import render_many

    library = _library(ctx)
    settings = load_config(library).render
    if not companies:
        companies = (settings.company,) if settings.company else (None,)
    fmts = formats.parse_formats(fmt or ",".join(settings.formats) or "md")
    options = dict(vars_file=vars_file, var=var, date=date, paper=paper or settings.paper,
                   template=template or settings.template or "posting")
    if all_profiles or all_companies or jobs or shard or report:
        if output:
            raise OutputError("-o names one file, a batch writes many", hint="use --out-dir DIR")
        if profiles and all_profiles:
            raise OutputError("--all renders every profile", hint="name profiles or use --all")
        _render_batch(ctx, library, profiles, companies, fmts, out_dir, all_companies, jobs,
                      shard, report, quiet, strict, **options)
        return
    if not profiles:
        raise click.UsageError("name at least one PROFILE, or use --all")
    results = render_many(library, profiles, companies, fmts, **options)
    _write_results(library, results, output, out_dir, quiet, strict, options["template"])


def _write_results(library, results, output, out_dir, quiet: bool, strict: bool,
                   template: str) -> None:
    """Print notices, lint, then write every rendered file (or stdout)."""
    from .lint import lint_rendered
    from .output import plan_rendered, write_rendered

    targets = plan_rendered(results, output, out_dir)
    for notice in dict.fromkeys(n for r in results for n in r.notices):  # each once, not per format
        click.echo(notice, err=True)
    reports = lint_rendered(library, results, template)  # before writing: may raise
    for target in write_rendered(results, targets, out_dir):
        if not quiet:
            click.echo(f"wrote {target}", err=True)
    _lint_summary(reports, quiet, strict)


def _lint_summary(reports, quiet: bool, strict: bool) -> None:
    """After render: one stderr line per posting with lint errors or warnings."""
    from .lintreport import summary

    for report in reports:
        if not quiet and report.fails("warning"):
            click.echo(f"lint: {report.name}: {summary(report)}", err=True)
    failed = [r for r in reports if r.fails("warning")]
    if strict and failed:
        raise StrictCheckFailed(f"lint found errors or warnings in {len(failed)} posting(s) "
                                "(see 'jdgen lint')")


@cli.command("lint", context_settings=CONTEXT)
@click.argument("targets", nargs=-1, metavar="[PROFILE...|FILE.md|-]")
@click.option("--all", "all_profiles", is_flag=True, help="Every profile of the library.")
@click.option("-c", "--company", "companies", multiple=True, metavar="NAME",
              help="Company (repeatable; default: [render] company, else every company).")
@click.option("--var", "var", multiple=True, metavar="KEY=VALUE", help="Set a posting value.")
@click.option("--vars", "vars_file", metavar="FILE", help="YAML file of posting values.")
@click.option("--date", callback=_date, metavar="YYYY-MM-DD",
              help="Posting date: decides which pay laws are in force.")
@click.option("--template", default="posting", show_default=True, metavar="NAME",
              help="Template the postings are rendered with before linting.")
@click.option("--region", "regions", multiple=True, metavar="CODE",
              help="For FILE or -: where the job is (US-CO, CA-ON, DE); checks pay laws.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "sarif"]),
              default="text", show_default=True,
              help="Report: text grouped by section, JSON, or SARIF for code scanning.")
@click.option("--strict", is_flag=True, help="Warnings fail too (same as --fail-on warning).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Exit 1 when a finding is this level or worse (default: [lint] fail_on, "
                   "else error).")
@click.pass_context
def lint_command(ctx, targets, all_profiles, companies, var, vars_file, date, template,
                 regions, fmt, strict, fail_on):
    """Check postings for gender-coded wording (Gaucher, Friesen & Kay 2011), exclusionary
    terms, readability, length, degree gates, pay-transparency laws and missing parts.
    Exit 1 when a finding fails.

    \b
    Examples:
      jdgen lint senior-backend --company Acme
      jdgen lint --all --format sarif > lint.sarif
      jdgen lint posting.md --region US-CO --strict
    """
    from .lint import lint_targets, load_settings
    from .lintreport import render_report

    library = _library(ctx)
    settings = load_settings(library)
    stdin = sys.stdin.read() if "-" in targets else None
    results = lint_targets(library, targets, all_profiles=all_profiles, companies=companies,
                           vars_file=vars_file, var=var, date=date, regions=regions,
                           template=template, stdin=stdin, settings=settings)
    click.echo(render_report(results, fmt, color=fmt == "text"), nl=False)
    threshold = "warning" if strict else fail_on or settings.fail_on
    failed = [r.name for r in results if r.fails(threshold)]
    if failed:
        raise StrictCheckFailed(f"{len(failed)} of {len(results)} posting(s) have findings "
                                f"at level {threshold!r} or worse")


def _render_batch(ctx, library, profiles, companies, fmts, out_dir, all_companies, jobs, shard,
                  report, quiet, strict, **options):
    from . import batch
    from .output import write_atomic
    from .progress import choose_mode, progress
    from .report import failure_lines, summary, write_outputs

    planned, settings, slice_ = batch.prepare(library, profiles, companies, fmts,
                                              out_dir=out_dir, all_companies=all_companies,
                                              shard=shard, **options)
    with progress(choose_mode(quiet), len(planned)) as on_record:
        outcome = batch.run(planned, settings, jobs or batch.default_jobs(), on_record)
    for line in failure_lines(outcome.records):
        click.echo(line, err=True)
    if not outcome.signal:
        write_outputs(outcome, settings, slice_, report, write_atomic)
    if not quiet or outcome.signal:
        click.echo(summary(outcome), err=True)
    if not outcome.signal:  # the workers linted each written posting once
        lint = [r.lint for r in outcome.written if r.lint is not None]
        _lint_summary(lint, quiet, strict and outcome.exit_code() == 0)
    ctx.exit(outcome.exit_code())


@cli.command("list", context_settings=CONTEXT)
@click.argument("what", type=click.Choice(["profiles", "companies", "templates"]),
                default="profiles")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text for people, JSON for scripts and CI.")
@click.pass_context
def list_command(ctx, what, fmt):
    """List what the library holds and where each entry comes from (built-in or user).

    For templates: the one in force for each name, and whether it overrides or
    extends a built-in template.

    \b
    Examples:
      jdgen list profiles
      jdgen list templates
      jdgen list companies --format json
    """
    from .listing import list_entries

    rows = list_entries(_library(ctx), what)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo("  ".join(str(row.get(k) or "") for k in ("name", "title", "origin", "path")
                             if row.get(k) or k != "title")
                   + (f"  ({row['note']})" if row.get("note") else ""))


@cli.command("show", context_settings=CONTEXT)
@click.argument("profile")
@click.pass_context
def show_command(ctx, profile):
    """Print PROFILE after inheritance, as YAML.

    \b
    Example:
      jdgen show senior-java-developer
    """
    from .listing import dump_yaml

    resolved = _library(ctx).load_profile(profile)
    click.echo(f"# {' <- '.join(resolved.chain)}")  # the profile, then its parents
    click.echo(dump_yaml(resolved.to_dict()), nl=False)


@cli.command("diff", context_settings=CONTEXT)
@click.argument("profile")
@click.option("--from", "old_ref", required=True, metavar="REF",
              help="The git revision to compare with (branch, tag or commit).")
@click.option("-c", "--company", metavar="NAME",
              help="Company (default: [render] company in jdgen.toml).")
@click.option("-f", "--format", "fmt", type=click.Choice(["md", "html", "jsonld"]),
              default="md", show_default=True, help="The format whose text is compared.")
@click.option("--template", metavar="NAME", help="Template name (default: [render] template).")
@click.option("--date", callback=_date, metavar="YYYY-MM-DD",
              help="Posting date for both sides (else SOURCE_DATE_EPOCH, else today).")
@click.pass_context
def diff_command(ctx, profile, old_ref, company, fmt, template, date):
    """Show what changed in the postings of PROFILE and every profile that extends it.

    Renders each posting from the library at REF and as it is now, and prints
    unified diffs; a summary line per posting goes to stderr. For pull requests.

    \b
    Examples:
      jdgen diff senior-backend-engineer --from main
      jdgen diff backend-software-engineer --from HEAD~1 --company Acme
    """
    from .config import load_config
    from .review import diff_family

    library = _library(ctx)
    settings = load_config(library).render
    diffs = diff_family(library, profile, old_ref, company or settings.company, fmt=fmt,
                        template=template or settings.template or "posting", date=date)
    for d in diffs:
        click.echo(d.diff, nl=False)
    for d in diffs:
        click.echo(f"{d.status:9}  {d.name}", err=True)
    changed = sum(d.status != "unchanged" for d in diffs)
    click.echo(f"{len(diffs)} posting(s) compared with {old_ref}: {changed} differ", err=True)


@cli.command("validate", context_settings=CONTEXT)
@click.argument("path", required=False, metavar="[LIBRARY]")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text for people, JSON for scripts and CI.")
@click.pass_context
def validate_command(ctx, path, fmt):
    """Check a whole library: schema, inheritance, aliases, logos and templates.

    Exits 2 when anything is wrong.

    \b
    Examples:
      jdgen validate
      jdgen validate path/to/library --format json
    """
    from .library import Library
    from .validation import validate_library

    library = Library.discover(path or ctx.obj["library"])
    report = validate_library(library)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for problem in report.problems:
            click.echo(f"error: {problem}", err=True)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(report.summary(), err=True)
    if report.problems:
        ctx.exit(2)


@cli.command("init", context_settings=CONTEXT)
@click.argument("folder", metavar="DIR")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def init_command(folder, force):
    """Create a library in DIR: jdgen.toml, profiles, an example company, templates, CI checks.

    \b
    Example:
      jdgen init hr-postings && cd hr-postings && jdgen validate
    """
    from .scaffold import init_library

    written = init_library(Path(folder), force=force)
    click.echo(f"created a library in {folder} ({len(written)} files); next: "
               f"cd {folder} && jdgen new my-role --from senior-backend-engineer", err=True)


@cli.command("new", context_settings=CONTEXT)
@click.argument("profile", metavar="PROFILE | company")
@click.argument("name", required=False, metavar="[NAME]")
@click.option("--from", "parent", metavar="PARENT", help="The profile the new one extends.")
@click.option("--title", help="The new profile's title (default: from its name).")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.pass_context
def new_command(ctx, profile, name, parent, title, force):
    """Add a profile that extends PARENT, or a company file with every key commented.

    \b
    Examples:
      jdgen new staff-backend-engineer --from senior-backend-engineer
      jdgen new company "Example Health"
    """
    from . import scaffold
    from .library import display_path

    if profile == "company":
        if not name or parent or title:
            raise click.UsageError('write it as: jdgen new company "NAME"')
        path = scaffold.new_company(_library(ctx), name, force=force)
    else:
        if name or not parent:
            raise click.UsageError("write it as: jdgen new PROFILE --from PARENT")
        path = scaffold.new_profile(_library(ctx), profile, parent, title, force=force)
    click.echo(f"wrote {display_path(path)}", err=True)


@cli.command("doctor", context_settings=CONTEXT)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text for people, JSON for scripts and CI.")
@click.pass_context
def doctor_command(ctx, fmt):
    """Show what each format will use here (WeasyPrint, Pango, HarfBuzz, fonts) and how to
    install what is missing.

    \b
    Example:
      jdgen doctor
    """
    from .doctor import diagnose

    checks = diagnose(_library(ctx))
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in checks], indent=2, ensure_ascii=False))
    else:
        for check in checks:
            click.echo(check.line())


def main() -> None:
    """Console entry point."""
    sys.exit(cli.main(prog_name="jdgen"))
