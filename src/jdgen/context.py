"""Merge company file < ``--vars`` file < ``--var`` values into one checked record; one clock."""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from . import models
from .errors import JdgenError, SchemaError, VariableError
from .library import Entry, Library
from .yamlfile import Key, YamlDoc, load_yaml

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$")


def posting_date(value: dt.date | None = None) -> dt.date:
    """The posting date: ``value`` (``--date``), else ``SOURCE_DATE_EPOCH``, else today (UTC)."""
    if value is not None:
        return value
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError) as e:
            raise VariableError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time",
                                hint="set it to whole seconds since 1970, or unset it") from e
    return dt.datetime.now(dt.UTC).date()


def parse_date(text: str, where: str = "--date") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise VariableError(f"{where} {text!r} is not a date", hint="write it as YYYY-MM-DD") from e


class Var(msgspec.Struct, frozen=True):
    """One ``--var key=value``."""

    key: Key
    value: str | None
    text: str


def parse_vars(items: Sequence[str]) -> list[Var]:
    """Parse ``--var`` arguments; ``a=b=c`` sets ``a`` to ``b=c``, an empty value clears."""
    result: list[Var] = []
    seen: dict[str, str] = {}
    for text in items:
        name, eq, value = text.partition("=")
        if not eq:
            raise VariableError(f"--var {text!r} has no '='", hint="write it as key=value")
        if not name:
            raise VariableError(f"--var {text!r} has an empty key", hint="write it as key=value")
        if not _KEY.match(name):
            raise VariableError(
                f"--var {text!r}: key {name!r} is not a dotted name",
                hint="use letters, digits and '_' joined by '.', e.g. salary.min=140000")
        if name in seen:
            raise VariableError(f"--var {name!r} is given twice ({seen[name]!r} and {text!r})",
                                hint="keep one")
        seen[name] = text
        key = tuple(int(p) if p.isdigit() else p for p in name.split("."))
        result.append(Var(key, value if value != "" else None, text))
    return result


def check_var_key(var: Var) -> None:
    """Refuse keys the posting schema does not have, suggesting the nearest."""
    tp = models.type_at(models.PostingVars, var.key)
    if tp is None:
        name = models.dotted(var.key)
        valid = models.leaf_keys(models.PostingVars)
        from difflib import get_close_matches

        close = get_close_matches(re.sub(r"\.\d+\.", ".0.", name), valid, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "see 'jdgen new company' for keys"
        raise VariableError(f"--var {var.text!r}: unknown key {name!r}", hint=hint)
    origin = getattr(tp, "__origin__", None)
    if origin is list or (isinstance(tp, type) and issubclass(tp, models.msgspec.Struct)):
        name = models.dotted(var.key)
        # The first key below this one: benefits -> benefits.0, salary -> salary.min.
        inner = next(k for k in models.leaf_keys(models.PostingVars)
                     if k == name or k.startswith(f"{name}."))
        example = f"{name}.0" if inner == name else inner
        raise VariableError(
            f"--var {var.text!r}: {name!r} is a {'list' if origin is list else 'group of keys'}",
            hint=f"set one {'item' if origin is list else 'key'} (e.g. {example}=...), "
                 "or use --vars FILE")


def _set(data: dict[str, Any], var: Var) -> None:
    node: Any = data
    for i, part in enumerate(var.key[:-1]):
        nxt = var.key[i + 1]
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(part, int):
            if not isinstance(node, list) or part > len(node):
                raise VariableError(
                    f"--var {var.text!r}: list index {part} is past the end "
                    f"({len(node) if isinstance(node, list) else 0} items)",
                    hint=f"use index {len(node) if isinstance(node, list) else 0} to add one")
            if part == len(node):
                node.append(empty)
            node = node[part]
        else:
            if not isinstance(node.get(part), (dict, list)):
                node[part] = empty
            node = node[part]
    last = var.key[-1]
    if isinstance(last, int):  # an item of a list of text: benefits.0=Gym
        if not isinstance(node, list) or last > len(node):
            size = len(node) if isinstance(node, list) else 0
            raise VariableError(f"--var {var.text!r}: list index {last} is past the end "
                                f"({size} items)", hint=f"use index {size} to add one")
        if last == len(node):
            node.append(var.value)
        else:
            node[last] = var.value
        return
    node[last] = var.value


class Layer(msgspec.Struct):
    """One source of posting values, for error messages."""

    data: dict[str, Any]
    doc: YamlDoc | None = None
    label: str = ""


class PostingInput(msgspec.Struct):
    """The checked values of one posting and where its company came from."""

    vars: models.PostingVars
    company_entry: Entry | None
    notices: list[str] = msgspec.field(default_factory=list)


def merge_layers(layers: list[Layer], var_items: Sequence[Var]) -> models.PostingVars:
    """Apply precedence: each layer over the one before (``models.merge``), then ``--var``.

    Layers are company file, then ``--vars`` file; ``--var`` values are set last,
    key by key, so ``locations.0.city`` reaches into a list from a lower layer.
    """
    data: dict[str, Any] = {}
    for layer in layers:
        data = models.merge(data, layer.data)
    data = copy.deepcopy(data)
    for var in var_items:
        check_var_key(var)
        _set(data, var)
    try:
        return models.msgspec.convert(data, models.PostingVars, strict=False)
    except models.msgspec.ValidationError as e:
        raise _blame(str(e), layers, var_items) from e


def _blame(text: str, layers: list[Layer], var_items: Sequence[Var]) -> JdgenError:
    key = models.parse_key(text.partition(" - at `$")[2].rstrip("`"))
    for var in reversed(var_items):
        if var.key[: len(key)] == key or key[: len(var.key)] == var.key:
            err = models.schema_error(text, models.PostingVars, None, None)
            return VariableError(f"--var {var.text!r}: {err.message}", hint=err.hint)
    for layer in reversed(layers):
        node: Any = layer.data
        for part in key:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if layer.doc is not None:
                return models.schema_error(text, models.PostingVars, layer.doc, layer.label)
    base = layers[-1] if layers else Layer({})
    return models.schema_error(text, models.PostingVars, base.doc, base.label or None)


def load_posting_input(
    library: Library,
    company: str | None,
    vars_file: str | None = None,
    var_items: Sequence[str] = (),
    date: dt.date | None = None,
) -> PostingInput:
    """Find the company, read ``--vars``, apply ``--var`` and the date; check it all."""
    notices: list[str] = []
    layers: list[Layer] = []
    entry = library.find_company(company) if company else None
    if entry is not None:
        doc = library.doc(entry.path)
        layers.append(Layer(doc.data, doc, entry.display()))
        # Check the company file alone, so errors name it.
        models.convert(doc.data, models.Company, doc, entry.display())
    elif company:
        layers.append(Layer({"name": company.strip()}))
        close = library.close_companies(company)
        guess = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
        notices.append(f"note: no company file for {company!r}{guess}; rendering with the name "
                       "only (add companies/<name>.yaml to fill in the rest)")
    else:
        raise VariableError("no company given", hint="pass --company NAME")
    if vars_file:
        vdoc = load_yaml(Path(vars_file))
        layers.append(Layer(vdoc.data, vdoc, vars_file))
    items = parse_vars(var_items)
    if date is not None:
        items = [v for v in items if v.key != ("date",)]
        items.append(Var(("date",), date.isoformat(), f"date={date.isoformat()}"))
    values = merge_layers(layers, items)
    _check_var_text(items)
    if values.date is None:
        values = models.msgspec.structs.replace(values, date=posting_date())
    if values.valid_through is None and values.application_days and values.date:
        values = models.msgspec.structs.replace(
            values, valid_through=values.date + dt.timedelta(days=values.application_days))
    if values.valid_through and values.date and values.valid_through < values.date:
        raise SchemaError(f"valid_through {values.valid_through} is before the posting date "
                          f"{values.date}", hint="pass a later --var valid_through=YYYY-MM-DD")
    return PostingInput(values, entry, notices)


def _check_var_text(items: Sequence[Var]) -> None:
    """Blame ``--var``, not the company file, for a name with nothing visible or a bad locale."""
    from .content import LOCALE_HINT, clean_line, known_locale

    for var in items:
        if var.key == ("name",) and var.value and not clean_line(var.value):
            raise VariableError(f"--var {var.text!r}: the company name has no visible text",
                                hint="set name to letters or digits")
        if var.key == ("locale",) and var.value and not known_locale(var.value):
            raise VariableError(f"--var {var.text!r}: unknown locale {var.value!r}",
                                hint=LOCALE_HINT)
