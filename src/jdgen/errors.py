"""One exception hierarchy for everything a user can get wrong; no click here."""

from __future__ import annotations

from os import PathLike


class JdgenError(Exception):
    """A problem with the user's input: printed as one line, exit code 2.

    ``str()`` gives ``path:line: message — hint`` with the parts that are known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class YamlError(JdgenError):
    """A YAML file that cannot be read: syntax, encoding, size, tags."""


class SchemaError(JdgenError):
    """A file or value that does not match the profile or company schema."""


class NotFoundError(JdgenError):
    """An unknown profile, company file or template."""


class InheritanceError(JdgenError):
    """An ``extends:`` chain with a cycle or an unknown parent."""


class VariableError(JdgenError):
    """A bad ``--var`` or ``--vars`` value."""


class TemplateError(JdgenError):
    """A template that fails to load, compile or render."""


class OutputError(JdgenError):
    """An output path that cannot be written."""


class StrictCheckFailed(Exception):
    """Postings were rendered but ``--strict`` checks failed: exit code 1."""


class FetchError(JdgenError):
    """A file or URL a template refers to that may not be read (network, outside the library)."""
