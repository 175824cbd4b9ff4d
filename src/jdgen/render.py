"""Resolve profile and posting values, build the content model, and render it to bytes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

import msgspec

from . import formats
from .content import Posting, build_posting
from .context import load_posting_input
from .errors import JdgenError, TemplateError
from .library import Library, builtin_root
from .output import output_name


class RenderOptions(msgspec.Struct, frozen=True):
    """What every format may need besides the posting; shared by the CLI and the API."""

    template: str = "posting"
    template_dirs: tuple[Path, ...] = ()
    builtin_dir: Path = msgspec.field(default_factory=lambda: builtin_root() / "templates")
    paper: str | None = None

    @classmethod
    def for_library(cls, library: Library, template: str = "posting",
                    paper: str | None = None) -> RenderOptions:
        return cls(template=template, template_dirs=tuple(library.template_dirs()),
                   builtin_dir=library.roots[-1].path / "templates", paper=paper)


class Rendered(msgspec.Struct, frozen=True):
    """One rendered file, not yet written."""

    posting: Posting
    format: str
    name: str
    data: bytes
    notices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``senior-backend-engineer for Acme Corp (md)``: which posting, in messages."""
        return f"{self.posting.profile_id} for {self.posting.company_name} ({self.format})"


def load_posting(library: Library, profile: str, company: str | None, *,
                 vars_file: str | None = None, var: Sequence[str] = (),
                 date: dt.date | None = None) -> tuple[Posting, list[str]]:
    """The content model for one profile and company, and its notices for stderr.

    The notices are the input's (e.g. a company file given by path) and the content's
    (characters removed), each once.
    """
    resolved = library.load_profile(profile)
    given = load_posting_input(library, company, vars_file, var, date)
    assert given.vars.date is not None
    posting = build_posting(resolved, given.vars, given.company_entry, library.root,
                            given.vars.date)
    return posting, list(dict.fromkeys((*given.notices, *posting.warnings)))


def render_posting(posting: Posting, fmt: str, options: RenderOptions) -> bytes:
    """One format of one posting, as bytes."""
    if fmt not in formats.FORMATS:
        raise JdgenError(f"unknown format {fmt!r}",
                         hint=f"use one of: {', '.join(formats.FORMATS)}")
    try:
        return formats.load(fmt).render(posting, options)
    except RecursionError as e:
        raise TemplateError("template recursion is too deep",
                            hint="check for a template that includes itself") from e


def render(profile: str, company: str | None = None, fmt: str = "md", *,
           library: Library | str | os.PathLike[str] | None = None,
           vars_file: str | None = None, var: Sequence[str] = (),
           date: dt.date | None = None, template: str = "posting",
           paper: str | None = None) -> bytes:
    """Render one posting to bytes: the library API behind ``jdgen render``."""
    lib = library if isinstance(library, Library) else Library.discover(library)
    posting, _ = load_posting(lib, profile, company, vars_file=vars_file, var=var, date=date)
    return render_posting(posting, fmt, RenderOptions.for_library(lib, template, paper))


def file_name(posting: Posting, fmt: str) -> str:
    """The file a posting is written to in ``fmt``: ``senior-backend-engineer-acme.md``."""
    return output_name(posting.profile_id, posting.company_slug, formats.extension(fmt))


def render_many(library: Library, profiles: Sequence[str], companies: Sequence[str | None],
                fmts: Sequence[str], *, vars_file: str | None = None,
                var: Sequence[str] = (), date: dt.date | None = None,
                template: str = "posting", paper: str | None = None) -> list[Rendered]:
    """Every profile × company × format; all inputs are read and checked before any render."""
    options = RenderOptions.for_library(library, template, paper)
    postings = []
    for profile in profiles:
        for company in companies:
            postings.append(load_posting(library, profile, company, vars_file=vars_file,
                                         var=var, date=date))
    results = []
    for posting, notices in postings:
        for fmt in fmts:
            with formats.collect_warnings() as found:
                data = render_posting(posting, fmt, options)
            results.append(Rendered(posting, fmt, file_name(posting, fmt), data,
                                    (*notices, *found)))
    return results
