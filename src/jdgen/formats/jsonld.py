"""Turn the content model into a schema.org ``JobPosting`` as Google's job search reads it.

``render`` gives pretty, deterministic UTF-8 JSON for ``--format jsonld``;
``script_json`` gives the same data compact and safe inside an HTML
``<script type="application/ld+json">``. ``problems`` lists what keeps a
posting from Google's required properties; ``render`` refuses such a posting.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..content import BulletList, Parts, Posting, Section, clean_line
from ..errors import SchemaError
from ..inline import plain_text

CONTEXT = "https://schema.org"

# Google's case-sensitive values (developers.google.com/search/docs/…/job-posting).
EMPLOYMENT_TYPES = {"full-time": "FULL_TIME", "part-time": "PART_TIME", "contract": "CONTRACTOR",
                    "temporary": "TEMPORARY", "internship": "INTERN"}
UNIT_TEXT = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}

# Two-letter CLDR territories that are not ISO 3166-1 countries (reserved or user-assigned
# codes, CLDR groupings); the rest are exactly the 249 ISO 3166-1 alpha-2 codes.
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB",
                  "XK", "ZZ"}
_SUBDIVISION = re.compile(r"^([A-Z]{2})-([A-Z0-9]{1,3})$")
# Sections that describe the job; the FAQ is about the role in general (and may quote
# market salaries), so it stays out of the description.
_NOT_IN_DESCRIPTION = {"faq"}


# --- what keeps a posting from Google's required properties -----------------


def problems(posting: Posting) -> list[SchemaError]:
    """Missing data for Google's required properties, each naming the key to add and where.

    A posting needs ``jobLocation`` (company ``locations``) unless the role is
    fully remote; a fully remote one needs ``remote_regions`` or ``locations``.
    Country and currency codes must be real ISO 3166 / ISO 4217 codes. Title,
    description, date and organization name always exist.
    """
    return [*_location_problems(posting), *_code_problems(posting)]


def _location_problems(posting: Posting) -> list[SchemaError]:
    c = posting.company
    if _places(posting) or (c.workplace == "remote" and c.remote_regions):
        return []
    if c.workplace == "remote":
        message = ("JSON-LD for a fully remote role needs 'remote_regions' or 'locations' "
                   "(Google requires applicantLocationRequirements or jobLocation)")
        fix = "add remote_regions: [US] (ISO 3166 codes of where applicants may live)"
    else:
        message = ("JSON-LD needs 'locations' (Google requires jobLocation unless the role "
                   "is fully remote)")
        fix = ("add locations: [{city: Denver, region: CO, country: US}], "
               "or workplace: remote with remote_regions")
    if posting.company_file is None:
        message = f"no company file for {posting.company_name!r}: {message}"
        fix = (f"add companies/{posting.company_slug}.yaml with locations or remote_regions, "
               "or pass --var locations.0.city=CITY --var locations.0.country=CC")
    return [SchemaError(message, path=posting.company_file, hint=fix)]


def _code_problems(posting: Posting) -> list[SchemaError]:
    """Country and currency codes that match the pattern but are not ISO codes."""
    from babel.numbers import list_currencies

    c = posting.company
    found = []
    for i, loc in enumerate(c.locations):
        if loc.country and loc.country not in country_names():
            found.append(SchemaError(
                f"'locations.{i}.country' {loc.country!r} is not an ISO 3166 country code",
                path=posting.company_file, hint="use a code such as US, DE or GB"))
    if _salary(posting) and c.salary and c.salary.currency not in list_currencies():
        found.append(SchemaError(
            f"'salary.currency' {c.salary.currency!r} is not an ISO 4217 currency code",
            path=posting.company_file, hint="use a code such as USD, EUR or GBP"))
    return found


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English name (from CLDR, via Babel)."""
    from babel import Locale

    return {code: name for code, name in Locale.parse("en").territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}


# --- building the JobPosting --------------------------------------------------


def build(posting: Posting) -> dict[str, Any]:
    """The ``JobPosting`` as plain JSON data, keys in a fixed order."""
    c = posting.company
    name = posting.company_name  # cleaned by the content model
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "JobPosting",
        "title": posting.title,
        "description": description(posting),
        "datePosted": posting.date.isoformat(),
    }
    if c.valid_through:
        data["validThrough"] = c.valid_through.isoformat()
    if c.employment_type:
        data["employmentType"] = EMPLOYMENT_TYPES[c.employment_type]
    org: dict[str, Any] = {"@type": "Organization", "name": name}
    if c.website:
        org["sameAs"] = c.website
    if c.logo_url:
        org["logo"] = c.logo_url
    data["hiringOrganization"] = org
    industry = clean_line(c.industry)
    if industry:
        data["industry"] = industry
    places = _places(posting)
    if places:
        data["jobLocation"] = places
    if c.workplace == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        areas = [_area(clean_line(r)) for r in c.remote_regions]
        if areas:
            data["applicantLocationRequirements"] = areas
    salary = _salary(posting)
    if salary:
        data["baseSalary"] = salary
    if c.apply and c.apply.direct is not None:
        data["directApply"] = c.apply.direct
    requisition = clean_line(c.requisition_id)
    if requisition:
        data["identifier"] = {"@type": "PropertyValue", "name": name, "value": requisition}
    for key, section in (("responsibilities", "responsibilities"),
                         ("qualifications", "requirements"), ("skills", "skills"),
                         ("jobBenefits", "benefits")):
        items = _items(posting.section(section))
        if items:
            data[key] = items
    return data


def _places(posting: Posting) -> list[dict[str, Any]]:
    """One ``Place`` per company location that has any address field."""
    out = []
    for loc in posting.company.locations:
        address: dict[str, Any] = {"@type": "PostalAddress"}
        for key, value in (("addressLocality", loc.city), ("addressRegion", loc.region),
                           ("addressCountry", loc.country)):
            text = clean_line(value)
            if text:
                address[key] = text
        if len(address) > 1:
            out.append({"@type": "Place", "address": address})
    return out


def _area(region: str) -> dict[str, Any]:
    """``DE`` -> Country, ``US-CA`` -> State, anything else -> AdministrativeArea (as typed)."""
    names = country_names()
    if region in names:
        return {"@type": "Country", "name": names[region]}
    m = _SUBDIVISION.match(region)
    if m and m.group(1) in names:
        return {"@type": "State", "name": f"{m.group(2)}, {names[m.group(1)]}"}
    return {"@type": "AdministrativeArea", "name": region}


def _salary(posting: Posting) -> dict[str, Any] | None:
    """The company's own range only; a profile's market facts are never pay."""
    s = posting.company.salary
    if s is None or (s.min is None and s.max is None):
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    if s.min is not None and s.min == s.max:
        value["value"] = s.min
    else:
        if s.min is not None:
            value["minValue"] = s.min
        if s.max is not None:
            value["maxValue"] = s.max
    value["unitText"] = UNIT_TEXT[s.period]
    return {"@type": "MonetaryAmount", "currency": s.currency, "value": value}


# --- text and the HTML description --------------------------------------------


def _items(section: Section | None) -> list[str]:
    if section is None:
        return []
    return [plain_text(item) for b in section.blocks if isinstance(b, BulletList)
            for item in b.items]


def _html(parts: Parts) -> str:
    return html.escape(plain_text(parts), quote=False).replace("\n", "<br>")


def _section_html(section: Section) -> list[str]:
    out = [f"<p>{html.escape(section.heading, quote=False)}</p>"] if section.heading else []
    for b in section.blocks:
        if isinstance(b, BulletList):
            out.append("<ul>" + "".join(f"<li>{_html(i)}</li>" for i in b.items) + "</ul>")
        else:
            out.append(f"<p>{_html(b.parts)}</p>")
    for sub in section.subsections:
        out += _section_html(sub)
    return out


def description(posting: Posting) -> str:
    """The posting as HTML of ``<p>``, ``<ul>``, ``<li>`` and ``<br>`` only (what Google reads)."""
    return "".join(part for s in posting.sections if s.id not in _NOT_IN_DESCRIPTION
                   for part in _section_html(s))


# --- output -------------------------------------------------------------------


def check(posting: Posting) -> None:
    """Raise the first problem: a JobPosting without its required properties is refused."""
    found = problems(posting)
    if found:
        raise found[0]


def render(posting: Posting, options: object = None) -> bytes:
    """Pretty JSON (2-space indent, keys in build order, UTF-8, final newline)."""
    check(posting)
    return (json.dumps(build(posting), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# In JSON these characters only occur inside strings, where \\uXXXX means the same.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_json(posting: Posting) -> Markup:
    """Compact JSON for ``<script type="application/ld+json">``: no value can close the tag."""
    text = json.dumps(build(posting), ensure_ascii=False, separators=(",", ":"))
    return Markup(_SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text))
