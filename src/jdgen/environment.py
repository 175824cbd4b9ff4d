"""Build the sandboxed Jinja environment: loader chain, strict undefined, escaping per output."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SecurityError

from . import sandbox
from .errors import JdgenError, TemplateError
from .library import display_path
from .sandbox import BoundedSandbox, LibraryLoader, LimitError, budget

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def valid_template_name(name: str) -> bool:
    """Letters, digits, '-' and '_': a template name can never reach outside the library."""
    return bool(_NAME.match(name))


class MdSafe(str):
    """Markdown that is already escaped; anything else printed in a .md template is escaped."""


def loader_chain(template_dirs: list[Path], builtin_dir: Path) -> ChoiceLoader:
    """User template folders first, built-in last; ``builtin:NAME`` always reaches the built-in.

    The prefix lets a library template extend the very template it replaces.
    """
    return ChoiceLoader([
        PrefixLoader({"builtin": LibraryLoader(str(builtin_dir))}, delimiter=":"),
        LibraryLoader([str(d) for d in template_dirs]),
    ])


@lru_cache(maxsize=16)
def get_environment(template_dirs: tuple[Path, ...], builtin_dir: Path, output: str,
                    filters: tuple[tuple[str, Callable[..., Any]], ...] = ()
                    ) -> BoundedSandbox:
    """One environment per library and output type, kept for the life of the process.

    ``output`` "html" turns on HTML autoescape; "md" escapes every printed
    value with ``escape`` unless it is :class:`MdSafe`.
    """
    options: dict[str, Any] = {}
    if output == "html":
        options["autoescape"] = True
    elif output == "md":
        from .formats.markdown import escape

        options["finalize"] = lambda v: v if isinstance(v, MdSafe) else escape(str(v))
    env = BoundedSandbox(
        loader=loader_chain(list(template_dirs), builtin_dir),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # no stat() of the template file per render; one process, one library
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.filters.update(dict(filters))
    return env


def render_template(env: BoundedSandbox, name: str, **context: Any) -> str:
    """Render one template within its budget; every Jinja failure becomes a one-line TemplateError.

    The budget (time, size, output, nesting) is described in :mod:`jdgen.sandbox`.
    """
    if not valid_template_name(name.split(".", 1)[0]):
        raise TemplateError(f"template name {name!r} is not allowed",
                            hint="use letters, digits, '-' and '_'")
    with template_errors(name), budget():
        return env.get_template(name).render(**context)


def compile_template(env: BoundedSandbox, name: str) -> None:
    """Load and compile one template file of the library (partials too: ``_parts.md.j2``)."""
    with template_errors(name), budget():
        env.get_template(name)


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    """Turn every Jinja failure inside the block into a one-line TemplateError."""
    try:
        yield
    except JdgenError:
        raise
    except TemplateNotFound as e:
        raise TemplateError(f"template {e.name!r} not found",
                            hint="see 'jdgen list templates'") from e
    except TemplateSyntaxError as e:
        raise TemplateError(f"template syntax error: {e.message}",
                            path=_shown(e.filename) or e.name, line=e.lineno) from e
    except UndefinedError as e:
        path, line = _template_frame(e)
        raise TemplateError(f"undefined value in template: {e.message}", path=path or name,
                            line=line, hint=undefined_hint(e.message or "")) from e
    except (RecursionError, MemoryError, SecurityError) as e:  # LimitError is one
        path, line = _template_frame(e)
        raise stopped(e, path or name, line) from e
    except Exception as e:  # a runtime error inside a (user) template
        path, line = _template_frame(e)
        if path is None:
            raise
        raise TemplateError(f"template failed: {type(e).__name__}: {e}", path=path,
                            line=line) from e


def undefined_hint(message: str) -> str:
    """``... 'jdgen.content.Posting object' has no attribute 'titel'`` -> did you mean 'title'?"""
    m = re.match(r"'(jdgen\.[\w.]+) object' has no attribute '(\w+)'", message)
    if m:
        import importlib
        from difflib import get_close_matches

        module, _, cls = m.group(1).rpartition(".")
        kind = getattr(importlib.import_module(module), cls, None)
        close = get_close_matches(m.group(2), [n for n in dir(kind) if not n.startswith("_")],
                                  n=1)
        if close:
            return f"did you mean {close[0]!r}?"
    return "check the variable name against 'jdgen show'"


def stopped(e: BaseException, path: str | None, line: int | None = None) -> TemplateError:
    """The error for a template the sandbox stopped: over a limit, too deep, or unsafe."""
    if isinstance(e, SecurityError) and not isinstance(e, LimitError):
        return TemplateError(f"template tried something unsafe: {str(e).rstrip('.')}",
                             path=path, line=line, hint="templates may only read posting values")
    message = ("templates include each other or macros call themselves too deeply"
               if isinstance(e, RecursionError) else
               "the template needs too much memory" if isinstance(e, MemoryError) else str(e))
    return TemplateError(f"template stopped: {message}", path=path, line=line,
                         hint=getattr(e, "hint", None)
                         or f"{sandbox.limits()}; look for endless loops and recursion")


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame in a traceback."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        code = tb.tb_frame.f_code
        if tb.tb_frame.f_globals.get("__jinja_template__") is not None:
            template = tb.tb_frame.f_globals["__jinja_template__"]
            found = (_shown(template.filename), template.get_corresponding_lineno(tb.tb_lineno))
        elif code.co_filename.endswith((".j2", ".html", ".md")):
            found = (_shown(code.co_filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _shown(filename: str | None) -> str | None:
    return display_path(Path(filename)) if filename else None
