"""Turn YAML data into checked profile and company records; resolve ``extends:``."""

from __future__ import annotations

import re
import typing
from datetime import date
from typing import Annotated, Any, Literal

import msgspec

from .errors import SchemaError
from .yamlfile import Key, YamlDoc

Text = Annotated[str, msgspec.Meta(min_length=1)]
# Characters no address may hold: spaces, quotes and brackets that end a link in
# Markdown or HTML, control characters (invalid in XML), and the invisible
# bidi and zero-width characters that make an address read as another one.
_NOT_IN_ADDRESS = "\\s<>\"'`\\\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
HttpUrl = Annotated[str, msgspec.Meta(pattern=f"^https?://[^{_NOT_IN_ADDRESS}]+$")]
# mailto: takes the address alone; '?', '&' or '/' would add headers or a path.
Email = Annotated[str, msgspec.Meta(
    pattern=f"^[^@?&/#%(),;:\\[\\]{_NOT_IN_ADDRESS}]+@[\\w-]+(\\.[\\w-]+)*\\.[^\\W\\d_]{{2,}}$")]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Money = Annotated[int, msgspec.Meta(ge=0)]
Period = Literal["hour", "day", "week", "month", "year"]


class _Record(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    pass


# --- profiles ---------------------------------------------------------------


class Qualifications(_Record):
    required: list[Text] = []
    preferred: list[Text] = []


class Tools(_Record):
    languages: list[Text] = []
    frameworks: list[Text] = []
    databases: list[Text] = []
    cloud: list[Text] = []
    version_control: list[Text] = []
    build: list[Text] = []
    testing: list[Text] = []
    api: list[Text] = []


class Faq(_Record):
    question: Text
    answer: Text


class MarketSalary(_Record):
    average: Money | None = None
    min: Money | None = None
    max: Money | None = None
    currency: Currency = "USD"
    period: Period = "year"
    source: Text | None = None


class Market(_Record):
    salary: MarketSalary | None = None
    locations: list[Text] = []
    role_types: list[Text] = []


class Profile(_Record):
    """A role profile; ``title`` is required once ``extends:`` is resolved."""

    title: Text | None = None
    aliases: list[Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$")]] = []
    extends: Text | None = None
    level: Text | None = None
    summary: Text | None = None
    responsibilities: list[Text] = []
    qualifications: Qualifications = msgspec.field(default_factory=Qualifications)
    skills: list[Text] = []
    tools: Tools = msgspec.field(default_factory=Tools)
    faq: list[Faq] = []
    market: Market = msgspec.field(default_factory=Market)


# --- companies and postings -------------------------------------------------


class Location(_Record):
    city: Text | None = None
    region: Text | None = None
    country: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")] | None = None


class Salary(_Record):
    min: Money | None = None
    max: Money | None = None
    currency: Currency = "USD"
    period: Period = "year"

    def __post_init__(self) -> None:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"salary min ({self.min}) is above max ({self.max})")


class Apply(_Record):
    url: HttpUrl | None = None
    email: Email | None = None
    direct: bool | None = None  # JSON-LD directApply: the URL takes an application directly


class Company(_Record):
    name: Text
    about: Text | None = None
    website: HttpUrl | None = None
    industry: Text | None = None
    locations: list[Location] = []
    workplace: Literal["onsite", "hybrid", "remote"] | None = None
    remote_regions: list[Text] = []
    employment_type: (
        Literal["full-time", "part-time", "contract", "temporary", "internship"] | None
    ) = None
    salary: Salary | None = None
    benefits: list[Text] = []
    equal_opportunity: Text | None = None
    apply: Apply | None = None
    # Days the application window stays open: valid_through = date + this, unless set.
    application_days: Annotated[int, msgspec.Meta(ge=1, le=366)] | None = None
    logo: Text | None = None
    logo_url: HttpUrl | None = None  # public address of the logo, for JSON-LD
    brand_color: Annotated[str, msgspec.Meta(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = None
    locale: Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] = "en_US"


class PostingVars(Company):
    """Company values plus the keys that belong to one opening."""

    date: date | None = None
    valid_through: date | None = None
    requisition_id: Text | None = None


# --- conversion with errors users can act on --------------------------------

_WHAT = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "array": "a list",
    "object": "a mapping of keys",
    "bool": "true or false",
    "null": "empty",
}


def convert(data: Any, kind: type[msgspec.Struct], doc: YamlDoc | None,
            where: str | None = None) -> Any:
    """Check ``data`` against ``kind``; raise SchemaError naming file, line and key."""
    try:
        return msgspec.convert(data, kind, strict=False)
    except msgspec.ValidationError as e:
        raise schema_error(str(e), kind, doc, where) from e


def schema_error(text: str, kind: type, doc: YamlDoc | None, where: str | None) -> SchemaError:
    """Translate a msgspec message into a one-line SchemaError."""
    message, _, at = text.partition(" - at `$")
    key = parse_key(at.rstrip("`"))
    hint = None
    m = re.match(r"Object contains unknown field `(.*)`", message)
    if m:
        field = m.group(1)
        key = (*key, field)
        known = field_names(kind, key[:-1])
        from difflib import get_close_matches

        close = get_close_matches(field.rstrip("+"), known, n=1)
        shown = written_key(doc, key) if doc is not None else key
        plus = "+" if str(shown[-1]).endswith("+") else ""
        message = f"unknown key {dotted(shown)!r}"
        hint = (f"did you mean {close[0] + plus!r}?" if close
                else f"known keys here: {', '.join(known)}")
    elif m := re.match(r"Object missing required field `(.*)`", message):
        key = (*key, m.group(1))
        message = f"missing required key {dotted(key)!r}"
    elif m := re.match(r"Expected `(.*?)`, got `(.*?)`", message):
        wanted = " or ".join(
            _WHAT.get(t, t) for t in m.group(1).split(" | ") if t != "null")
        message = f"{dotted(key)!r} must be {wanted}, not {_WHAT.get(m.group(2), m.group(2))}"
    elif message == "Integer value out of range":
        message = f"{dotted(key)!r} is too large a number"
    elif m := re.match(r"Expected `int` >= (\d+)$", message):
        message = f"{dotted(key)!r} must be a whole number of at least {m.group(1)}"
    elif m := re.match(r"Expected `(.*?)` matching regex", message):
        message = f"{dotted(key)!r} has an invalid value"
        hint = _PATTERN_HINTS.get(key[-1] if key else "")
    elif m := re.match(r"Invalid enum value (.*)", message):
        allowed = literal_values(kind, key)
        message = f"{dotted(key)!r} cannot be {m.group(1)}"
        hint = f"use one of: {', '.join(allowed)}" if allowed else None
    elif re.match(r"Expected `(str|array)` of length >= 1", message):
        message = f"{dotted(key)!r} is empty"
        hint = "set it to visible text"
    elif message.startswith("Invalid RFC3339"):
        message = f"{dotted(key)!r} is not a date"
        hint = "write it as YYYY-MM-DD"
    elif key and not message.startswith(str(key[-1])):
        message = f"{dotted(key)!r}: {message}"
    if doc is not None:
        return SchemaError(message, path=where or doc.name or doc.path,
                           line=doc.line_of(written_key(doc, key)), hint=hint)
    return SchemaError(message, path=where, hint=hint)


def written_key(doc: YamlDoc, key: Key) -> Key:
    """``key`` as the file spells it: ``skills+`` where the file appends with ``+``.

    ``check_append_keys`` drops the ``+`` before the schema check, so the key in an
    error must get it back for its line to be found.
    """
    out: Key = ()
    for part in key:
        if (*out, part) not in doc.lines and isinstance(part, str) \
                and (*out, f"{part}+") in doc.lines:
            part = f"{part}+"
        out = (*out, part)
    return out


_PATTERN_HINTS = {
    "website": "use an https:// or http:// address",
    "url": "use an https:// or http:// address",
    "logo_url": "use an https:// or http:// address",
    "email": "use an address like jobs@example.com",
    "currency": "use an ISO 4217 code such as USD or EUR",
    "country": "use a two-letter ISO 3166 code such as US or DE",
    "brand_color": "use a hex colour such as \"#1F5FAE\" (quoted)",
    "locale": "use a locale such as en_US or de_DE",
    "aliases": "use lower-case letters, digits and '-'",
}


def parse_key(text: str) -> Key:
    """``.salary.min`` / ``.locations[1].city`` -> ("salary", "min") / ("locations", 1, "city")."""
    key: list[str | int] = []
    for m in re.finditer(r"\.([^.\[]+)|\[(\d+)\]", text):
        key.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return tuple(key)


def dotted(key: Key) -> str:
    return ".".join(str(k) for k in key)


def _unwrap(tp: Any) -> Any:
    """The struct or list type inside ``X | None`` / ``Annotated[X, ...]``."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def type_at(kind: Any, key: Key) -> Any:
    """The type reached from ``kind`` by ``key``, or None where the key is unknown."""
    tp = kind
    for part in key:
        tp = _unwrap(tp)
        if isinstance(part, int):
            if typing.get_origin(tp) is not list:
                return None
            tp = typing.get_args(tp)[0]
        elif isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            hints = typing.get_type_hints(tp, include_extras=True)
            if part not in hints:
                return None
            tp = hints[part]
        else:
            return None
    return _unwrap(tp)


def field_names(kind: Any, key: Key) -> list[str]:
    tp = type_at(kind, key)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return list(tp.__struct_fields__)
    return []


def literal_values(kind: Any, key: Key) -> list[str]:
    tp = type_at(kind, key)
    if typing.get_origin(tp) is Literal:
        return [str(a) for a in typing.get_args(tp)]
    return []


def leaf_keys(kind: Any, prefix: Key = ()) -> list[str]:
    """Every dotted key a ``--var`` may set (list items shown as ``.0.``)."""
    out: list[str] = []
    for name in field_names(kind, ()):
        tp = type_at(kind, (name,))
        key = (*prefix, name)
        if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            out += leaf_keys(tp, key)
        elif typing.get_origin(tp) is list:
            item = _unwrap(typing.get_args(tp)[0])
            if isinstance(item, type) and issubclass(item, msgspec.Struct):
                out += leaf_keys(item, (*key, 0))
            else:
                out.append(dotted(key))
        else:
            out.append(dotted(key))
    return out


# --- inheritance -------------------------------------------------------------


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge two layers; the one rule for profiles, companies and variables.

    Mappings merge key by key; lists and scalars in ``override`` replace those in
    ``base``; a key written ``name+`` appends its list to ``base[name]`` (missing
    counts as empty), leaving out items ``base[name]`` already holds, so no posting
    lists a skill twice. ``None`` in ``override`` replaces too (it clears a value).
    """
    result = dict(base)
    for key, value in override.items():
        if key.endswith("+"):
            name = key[:-1]
            old = result.get(name) or []
            result[name] = [*old, *(v for v in value or [] if v not in old)]
        elif isinstance(value, dict):
            old = result.get(key)
            result[key] = merge(old if isinstance(old, dict) else {}, value)
        else:
            result[key] = value
    return result


def check_append_keys(data: Any, doc: YamlDoc, key: Key = ()) -> Any:
    """Validate-ready copy of a profile layer: ``name+`` keys become ``name``.

    ``name+`` must hold a list, and may not stand beside ``name``.
    """
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k.endswith("+"):
            name = k[:-1]
            if name in data:
                raise SchemaError(
                    f"both {dotted((*key, name))!r} and {dotted((*key, k))!r} are set",
                    path=doc.name, line=doc.line_of((*key, k)),
                    hint="use one: 'name:' replaces the parent's list, 'name+:' appends to it",
                )
            if not isinstance(v, list):
                raise SchemaError(
                    f"{dotted((*key, k))!r} must be a list", path=doc.name,
                    line=doc.line_of((*key, k)), hint="'+' appends items to a list")
            out[name] = v
        else:
            out[k] = check_append_keys(v, doc, (*key, k))
    return out


class ResolvedProfile(msgspec.Struct, frozen=True):
    """A profile after ``extends:`` with where it came from."""

    id: str
    path: str
    origin: str
    chain: tuple[str, ...]
    profile: Profile

    def to_dict(self) -> dict[str, Any]:
        data = msgspec.to_builtins(self.profile)
        data.pop("extends", None)
        return data
