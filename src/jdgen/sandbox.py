"""Run templates in a bounded Jinja sandbox: attribute allow-lists plus time and size budgets.

Jinja's ``ImmutableSandboxedEnvironment`` blocks ``__class__``-style tricks but
lets a template loop for hours, build a gigabyte string (``'x' * 10**9``) or
call methods of any object it can reach (``posting.library_root.read_text()``).
:class:`BoundedSandbox` adds, per render (see :func:`budget`):

- a time budget, checked at every loop step, call, attribute, operator and output;
- a size cap on every string, list or number a template makes, checked *before*
  the operations that could blow up (``*``, ``**``, ``%``, ``format``, ``join``…);
- a cap on everything a template emits, counting text built inside macros;
- a cap on nested macro calls, so a macro calling itself stops quickly;
- method calls only on plain data (strings, lists, dicts, dates) and jdgen's own
  content model: never on paths or other objects that reach the system.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePath
from typing import Any

import msgspec
from jinja2 import FileSystemLoader, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Macro
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
    SecurityError,
)
from markupsafe import Markup

MAX_SECONDS = 5.0  # wall-clock time for one template render
MAX_SIZE = 1_000_000  # characters or items in any one value a template makes
MAX_OUTPUT = 5_000_000  # characters a render may emit, counting macros and blocks
MAX_DEPTH = 50  # nested macro calls
MAX_BITS = 100_000  # about 30,000 decimal digits
MAX_RANGE = 100_000  # items in range()
MAX_TEMPLATE_BYTES = 1024 * 1024

_STR_METHODS = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "format", "format_map",
    "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "islower", "isnumeric",
    "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition",
    "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition",
    "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "striptags", "swapcase",
    "title", "unescape", "upper", "zfill",
})
_NUMBER_ATTRS = frozenset({"real", "imag", "numerator", "denominator", "is_integer",
                           "bit_length"})
_PATH_ATTRS = frozenset({"name", "stem", "suffix"})
# Types whose methods only read or copy plain data.
_DATA_TYPES = (dict, list, tuple, set, frozenset, range, dt.date, dt.time, dt.timedelta,
               decimal.Decimal)
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


class LimitError(SecurityError):
    """A template went over one of its budgets, or reached outside the library."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def limits() -> str:
    """The budgets in one line, for error hints and docs."""
    return (f"a template gets {MAX_SECONDS:g} s, {MAX_SIZE:,} characters per value and "
            f"{MAX_OUTPUT:,} in all")


class Budget(msgspec.Struct):
    """What one render may still spend."""

    seconds: float
    deadline: float
    emitted: int = 0
    depth: int = 0


_current: ContextVar[Budget | None] = ContextVar("jdgen_template_budget", default=None)


@contextmanager
def budget(seconds: float | None = None) -> Iterator[Budget]:
    """Give the renders inside this block a fresh budget (``seconds`` defaults to MAX_SECONDS)."""
    seconds = MAX_SECONDS if seconds is None else seconds
    token = _current.set(Budget(seconds, time.monotonic() + seconds))
    try:
        yield _current.get()  # type: ignore[misc]
    finally:
        _current.reset(token)


def tick() -> None:
    """Stop a render that has used up its time."""
    spent = _current.get()
    if spent is not None and time.monotonic() > spent.deadline:
        raise LimitError(f"the template ran longer than its time budget of {spent.seconds:g} s")


def _too_big(what: str, size: int, limit: int = MAX_SIZE) -> LimitError:
    return LimitError(f"{what} would make {size:,} characters or items (the limit is {limit:,})")


def sized(value: Any, what: str = "a value") -> Any:
    """``value`` if it is within MAX_SIZE, else LimitError."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and (
            len(value) > MAX_SIZE):
        raise _too_big(what, len(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        raise LimitError(f"{what} would be a number of {value.bit_length():,} bits "
                         f"(the limit is {MAX_BITS:,})")
    return value


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else len(str(value))


def _check_width(spec: str, what: str) -> None:
    """Refuse a format spec whose width or precision is beyond MAX_SIZE."""
    numbers = [int(n) for n in re.findall(r"\d+", spec)]
    if numbers and max(numbers) > MAX_SIZE:
        raise _too_big(what, max(numbers))


def check_printf(fmt: str, args: Any, what: str = "'%' formatting") -> None:
    """Refuse ``fmt % args`` when its result could go beyond MAX_SIZE."""
    specs = _PRINTF.findall(fmt)
    if any("*" in (width, precision) for width, precision, _ in specs):
        raise LimitError(f"{what} with '*' widths is not allowed in templates")
    _check_width("".join(w + "." + p for w, p, _ in specs), what)
    values = list(args.values()) if isinstance(args, dict) else (
        list(args) if isinstance(args, tuple) else [args])
    longest = max((_length(v) for v in values), default=0)
    widest = max((int(w or 0) for w, _, _ in specs), default=0)
    estimate = len(fmt) + len(specs) * max(longest, widest)
    if estimate > MAX_SIZE:
        raise _too_big(what, estimate)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    seqs = (str, bytes, list, tuple)
    if operator == "*":
        if isinstance(left, seqs) and isinstance(right, int):
            left, right = right, left
        if isinstance(left, int) and isinstance(right, seqs) and left > 0:
            if left * len(right) > MAX_SIZE:
                raise _too_big(f"{_short(right)} * {left}", left * len(right))
        elif isinstance(left, int) and isinstance(right, int) and (
                left.bit_length() + right.bit_length() > MAX_BITS):
            raise LimitError(f"'*' would make a number of over {MAX_BITS:,} bits")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            bits = right * math.log2(abs(left))
            if bits > MAX_BITS:
                raise LimitError(f"{left} ** {right} would be a number of about {bits:,.0f} bits"
                                 f" (the limit is {MAX_BITS:,})")
    elif operator == "+":
        if isinstance(left, seqs) and isinstance(right, seqs) and (
                len(left) + len(right) > MAX_SIZE):
            raise _too_big("'+'", len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        check_printf(left, right)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:16] + "…" + text[-3:]


def _estimate_join(items: list[Any], sep: Any) -> int:
    sep_len = len(str(sep)) if sep is not None else 0
    return sum(_length(i) for i in items) + sep_len * max(len(items) - 1, 0)


def _estimate_replace(text: str, old: str, new: str, count: int = -1) -> int:
    hits = (text.count(old) if old else len(text) + 1)
    if count is not None and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Estimate the result of string methods that can grow their input; returns the args
    to call with (an iterable given to ``join`` becomes a list, so it is read only once)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return args
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        if args[0] > MAX_SIZE:
            raise _too_big(f"str.{name}({args[0]})", args[0])
    elif name == "replace" and len(args) >= 2:
        estimate = _estimate_replace(owner, str(args[0]), str(args[1]),
                                     *(args[2:3] if len(args) > 2 else ()))
        if estimate > MAX_SIZE:
            raise _too_big("str.replace()", estimate)
    elif name == "join" and args:
        items = list(args[0])
        estimate = _estimate_join(items, owner)
        if estimate > MAX_SIZE:
            raise _too_big("str.join()", estimate)
        return (items, *args[1:])
    return args


# --- filters that can grow their input ---------------------------------------------------


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: refuse huge numeric arguments and oversized results, keep pass_context."""
    # pass_context / pass_eval_context / pass_environment filters take that first
    skip = 1 if getattr(func, "jinja_pass_arg", None) else 0
    precheck = _FILTER_CHECKS.get(name)

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        tick()
        head, value, rest = args[:skip], args[skip], args[skip + 1:]
        for arg in (*rest, *kwargs.values()):
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_SIZE:
                raise LimitError(f"the argument {arg:,} of filter {name!r} is too large "
                                 f"(the limit is {MAX_SIZE:,})")
        if precheck:
            value = precheck(value, rest, kwargs)
        return sized(func(*head, value, *rest, **kwargs), f"filter {name!r}")

    return guarded


def _arg(rest: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str,
         default: Any) -> Any:
    return rest[index] if len(rest) > index else kwargs.get(name, default)


def _pre_join(value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    items = list(value)
    sep = _arg(rest, kwargs, 0, "d", "")
    if _arg(rest, kwargs, 1, "attribute", None) is None:
        estimate = _estimate_join(items, sep)
    else:  # the attribute values are not known yet: count the separators alone
        estimate = len(str(sep)) * max(len(items) - 1, 0)
    if estimate > MAX_SIZE:
        raise _too_big("filter 'join'", estimate)
    return items


def _pre_replace(value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    old, new = _arg(rest, kwargs, 0, "old", ""), _arg(rest, kwargs, 1, "new", "")
    estimate = _estimate_replace(str(value), str(old), str(new),
                                 _arg(rest, kwargs, 2, "count", None))
    if estimate > MAX_SIZE:
        raise _too_big("filter 'replace'", estimate)
    return value


def _pre_indent(value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    text, width = str(value), _arg(rest, kwargs, 0, "width", 4)
    pad = len(width) if isinstance(width, str) else int(width)
    estimate = len(text) + (text.count("\n") + 1) * pad
    if estimate > MAX_SIZE:
        raise _too_big("filter 'indent'", estimate)
    return value


def _pre_format(value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    check_printf(str(value), kwargs or rest, "filter 'format'")
    return value


def _pre_wordwrap(value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    text = str(value)
    width = int(_arg(rest, kwargs, 0, "width", 79))
    wrap = _arg(rest, kwargs, 2, "wrapstring", None) or "\n"
    estimate = len(text) + (len(text) // max(width, 1) + 1) * len(str(wrap))
    if estimate > MAX_SIZE:
        raise _too_big("filter 'wordwrap'", estimate)
    return value


def _pre_tojson(value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    indent = _arg(rest, kwargs, 0, "indent", None)
    if isinstance(indent, int) and indent > 16 or isinstance(indent, str) and len(indent) > 16:
        raise LimitError("filter 'tojson' takes an indent of at most 16")
    return value


_FILTER_CHECKS: dict[str, Callable[[Any, tuple[Any, ...], dict[str, Any]], Any]] = {
    "join": _pre_join, "replace": _pre_replace, "indent": _pre_indent, "format": _pre_format,
    "wordwrap": _pre_wordwrap, "tojson": _pre_tojson,
}


# --- the code generator: every loop, output and '~' goes through the budget ----------------


class BoundedCodeGenerator(CodeGenerator):
    """Compiles templates so that loops, output and ``~`` report to the environment."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        node.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_iter"), [node.iter], [],
                               None, None, lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(", \"'~'\")")

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.emit({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.emit(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")


_BY_NAME = "name templates in templates/ by file name, or the built-in ones as builtin:NAME"


class LibraryLoader(FileSystemLoader):
    """A FileSystemLoader that stays inside its folders and refuses very large files."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = template.replace("\\", "/").split("/")
        if template.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", template):
            raise LimitError(f"template {template!r} is outside the library's templates folder",
                             hint=_BY_NAME)
        source, filename, uptodate = super().get_source(environment, template)
        path = Path(filename).resolve()
        if not any(path.is_relative_to(Path(d).resolve()) for d in self.searchpath):
            raise LimitError(f"template {template!r} is a link to a file outside the library",
                             hint=_BY_NAME)
        if len(source.encode("utf-8")) > MAX_TEMPLATE_BYTES:
            raise LimitError(f"template {template!r} is larger than "
                             f"{MAX_TEMPLATE_BYTES // 1024 // 1024} MiB")
        return source, filename, uptodate


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment for every template jdgen renders, built-in or user."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = _range
        self.globals["lipsum"] = _lipsum
        self.filters = {name: _guard_filter(name, f) for name, f in self.filters.items()}

    # Every way a template touches a value passes through one of these.

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, (bytes, bytearray, memoryview)):
            return False
        if isinstance(obj, PurePath):
            return attr in _PATH_ATTRS
        if isinstance(obj, (int, float)):
            return attr in _NUMBER_ATTRS
        if isinstance(value, (types.MethodType, types.BuiltinMethodType)):
            module = type(obj).__module__ or ""
            return isinstance(obj, _DATA_TYPES) or module.startswith(("jinja2.", "jdgen."))
        return True

    def getattr(self, obj: Any, attribute: str) -> Any:
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        tick()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        tick()
        _check_binop(operator, left, right)
        return sized(super().call_binop(context, operator, left, right), f"'{operator}'")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        tick()
        args = _check_call(__obj, args, kwargs)
        spent = _current.get()
        if not isinstance(__obj, Macro) or spent is None:
            return sized(super().call(__context, __obj, *args, **kwargs), "a call")
        spent.depth += 1
        try:
            if spent.depth > MAX_DEPTH:
                raise LimitError(f"macro {__obj.name!r} is nested more than {MAX_DEPTH} calls "
                                 "deep (does it call itself?)")
            return sized(super().call(__context, __obj, *args, **kwargs), "a macro")
        finally:
            spent.depth -= 1

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if super().wrap_str_format(value) is None:
            return None
        owner: str = value.__self__
        formatter: SandboxedFormatter = (
            _BoundedEscapeFormatter(self, escape=owner.escape) if isinstance(owner, Markup)
            else _BoundedFormatter(self))
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            tick()
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one mapping")
                args, kwargs = (), args[0]
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(bounded, value)

    # Hooks the compiled templates call (see BoundedCodeGenerator).

    def bounded_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """A loop that checks the time budget at every step."""
        for item in iterable:
            tick()
            yield item

    def emit(self, value: str) -> str:
        """Count every piece of output against MAX_OUTPUT.

        The clock is not read here: output repeats only inside loops and macro calls,
        which check it at every step.
        """
        spent = _current.get()
        if spent is not None:
            spent.emitted += len(value)
            if spent.emitted > MAX_OUTPUT:
                raise LimitError(f"the template wrote more than {MAX_OUTPUT:,} characters")
        return value

    @staticmethod
    def sized(value: Any, what: str) -> Any:
        return sized(value, what)


class _SizedFields:
    """Checks each formatted field's spec, and the running length of the result."""

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._total = len(format_string)
        return super().vformat(format_string, args, kwargs)  # type: ignore[misc]

    def format_field(self, value: Any, format_spec: str) -> str:
        tick()
        _check_width(format_spec, "str.format()")
        text = super().format_field(value, format_spec)  # type: ignore[misc]
        self._total += len(text)
        if self._total > MAX_SIZE:
            raise _too_big("str.format()", self._total)
        return text


class _BoundedFormatter(_SizedFields, SandboxedFormatter):
    pass


class _BoundedEscapeFormatter(_SizedFields, SandboxedEscapeFormatter):
    pass


def _range(*args: int) -> range:
    tick()
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise LimitError(f"range() of {len(result):,} items is too long "
                         f"(the limit is {MAX_RANGE:,})")
    return result


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    from jinja2.utils import generate_lorem_ipsum

    if n * max > MAX_SIZE // 10:
        raise _too_big("lipsum()", n * max * 10)
    return generate_lorem_ipsum(n, html, min, max)


