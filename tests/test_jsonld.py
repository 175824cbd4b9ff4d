"""JSON-LD postings read back as linked data: pyld expands them against a local schema.org context.

``tests/data/schemaorg-context.jsonld`` holds the schema.org context's
definitions of the terms a JobPosting uses, in the form schema.org publishes
them (``@vocab`` http://schema.org/, URL properties as ``@id``, dates as
``schema:Date``). pyld's document loader is replaced so nothing is fetched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import html5lib
import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld

from jdgen.formats import jsonld as fmt

from .conftest import DATA, DATE, make_library, posting_from, run

S = "http://schema.org/"
CONTEXT = json.loads((DATA / "schemaorg-context.jsonld").read_text("utf-8"))
SCHEMA_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org",
               "http://schema.org/"}


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    if url not in SCHEMA_URLS:
        raise AssertionError(f"pyld tried to load {url!r}")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": CONTEXT}


def expand(data: dict[str, Any]) -> dict[str, Any]:
    """The one expanded node of a posting: every key a full schema.org IRI."""
    nodes = jsonld.expand(data, {"documentLoader": _loader})
    assert len(nodes) == 1
    return nodes[0]


def one(node: dict[str, Any], prop: str) -> Any:
    values = node[S + prop]
    assert len(values) == 1, (prop, values)
    return values[0]


def text(node: dict[str, Any], prop: str) -> Any:
    return one(node, prop)["@value"]


def texts(node: dict[str, Any], prop: str) -> list[Any]:
    return [v["@value"] for v in node.get(S + prop, [])]


def typed(node: dict[str, Any], kind: str) -> dict[str, Any]:
    assert node["@type"] == [S + kind]
    return node



def render_cli(profile: str, company: str, *args: str) -> dict[str, Any]:
    result = run("render", profile, "-c", company, "-f", "jsonld", "-o", "-", "--date", DATE,
                 *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def description_tags(html: str) -> set[str]:
    doc = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return {el.tag for el in doc.iter() if isinstance(el.tag, str)} - {"DOCUMENT_FRAGMENT"}


def description_text(html: str) -> str:
    return "".join(html5lib.parseFragment(html, namespaceHTMLElements=False).itertext())


# --- the on-site/hybrid, remote and market-salary cases ------------------------


def test_hybrid_company_has_every_property_with_its_type() -> None:
    data = render_cli("senior-backend", "acme", "--var", "requisition_id=BE-2026-17",
                      "--var", "valid_through=2026-12-31")
    assert data["@context"] == "https://schema.org"
    node = typed(expand(data), "JobPosting")
    assert text(node, "title") == "Senior Backend Engineer"
    assert one(node, "datePosted") == {"@value": "2026-11-22", "@type": S + "Date"}
    assert one(node, "validThrough") == {"@value": "2026-12-31", "@type": S + "Date"}
    assert text(node, "employmentType") == "FULL_TIME"
    assert text(node, "industry") == "Software"
    assert one(node, "directApply") == {"@value": True}

    org = typed(one(node, "hiringOrganization"), "Organization")
    assert text(org, "name") == "Acme Corp"
    assert one(org, "sameAs") == {"@id": "https://acme.example"}
    assert one(org, "logo") == {"@id": "https://acme.example/images/acme-logo.png"}

    places = [typed(p, "Place") for p in node[S + "jobLocation"]]
    addresses = [typed(one(p, "address"), "PostalAddress") for p in places]
    assert [(text(a, "addressLocality"), text(a, "addressRegion"), text(a, "addressCountry"))
            for a in addresses] == [("Denver", "CO", "US"), ("Boulder", "CO", "US")]
    for a in addresses:
        assert pycountry.countries.get(alpha_2=text(a, "addressCountry")) is not None
    assert S + "jobLocationType" not in node  # hybrid is not TELECOMMUTE
    assert S + "applicantLocationRequirements" not in node

    pay = typed(one(node, "baseSalary"), "MonetaryAmount")
    assert pycountry.currencies.get(alpha_3=text(pay, "currency")).alpha_3 == "USD"
    value = typed(one(pay, "value"), "QuantitativeValue")
    assert (text(value, "minValue"), text(value, "maxValue"), text(value, "unitText")) == (
        140000, 175000, "YEAR")

    ident = typed(one(node, "identifier"), "PropertyValue")
    assert (text(ident, "name"), text(ident, "value")) == ("Acme Corp", "BE-2026-17")

    assert texts(node, "responsibilities")[0].startswith("Design the server-side architecture")
    assert texts(node, "qualifications")[0].startswith("A degree in computer science")
    assert texts(node, "skills")[0] == "Java, Python or Ruby"
    assert texts(node, "jobBenefits")[1] == "A 401(k) plan with a 4% company match."


def test_description_is_html_of_paragraphs_and_lists_holding_the_posting() -> None:
    data = render_cli("senior-backend", "acme")
    html = data["description"]
    assert description_tags(html) <= {"p", "ul", "li", "br"}
    body = description_text(html)
    for key in ("responsibilities", "qualifications", "skills", "jobBenefits"):
        for item in data[key]:
            assert item in body, item
    assert "Hybrid" in body
    assert "What does a Senior Backend Engineer earn" not in body  # the FAQ stays out
    assert body != data["title"]


def test_fully_remote_company_is_telecommute_with_applicant_countries() -> None:
    node = expand(render_cli("backend-software-engineer", "nordlicht"))
    assert text(node, "jobLocationType") == "TELECOMMUTE"
    areas = [typed(a, "Country") for a in node[S + "applicantLocationRequirements"]]
    assert [pycountry.countries.lookup(text(a, "name")).alpha_2 for a in areas] == [
        "DE", "AT", "NL"]
    # Nordlicht also names its Hamburg office, so jobLocation stays.
    address = one(one(node, "jobLocation"), "address")
    assert text(address, "addressCountry") == "DE"
    pay = one(node, "baseSalary")
    assert text(pay, "currency") == "EUR"


def test_remote_without_an_office_has_no_job_location() -> None:
    data = fmt.build(posting_from({"name": "Far Away", "workplace": "remote",
                              "remote_regions": ["US", "CA", "US-NY", "Europe"]}))
    node = expand(data)
    assert S + "jobLocation" not in node
    assert text(node, "jobLocationType") == "TELECOMMUTE"
    areas = node[S + "applicantLocationRequirements"]
    assert [(a["@type"][0].removeprefix(S), text(a, "name")) for a in areas] == [
        ("Country", "United States"), ("Country", "Canada"), ("State", "NY, United States"),
        ("AdministrativeArea", "Europe")]
    assert fmt.problems(posting_from({"name": "Far Away", "workplace": "remote",
                                 "remote_regions": ["US"]})) == []


@pytest.mark.parametrize("workplace", ["onsite", "hybrid", None])
def test_on_site_and_hybrid_roles_are_never_telecommute(workplace: str | None) -> None:
    values = {"name": "Here Inc", "locations": [{"city": "Oslo", "country": "NO"}],
              "remote_regions": ["NO"]}
    if workplace:
        values["workplace"] = workplace
    data = fmt.build(posting_from(values))
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data
    assert data["jobLocation"] == [{"@type": "Place", "address": {
        "@type": "PostalAddress", "addressLocality": "Oslo", "addressCountry": "NO"}}]


def test_market_salary_facts_are_never_base_salary() -> None:
    p = posting_from({"name": "No Range Ltd", "locations": [{"country": "US"}]},
                "backend-software-engineer")
    market = p.profile.market.salary
    assert market is not None and market.average
    data = fmt.build(p)
    assert "baseSalary" not in data
    out = fmt.render(p).decode()
    for number in (market.average, market.min, market.max):
        assert str(number) not in out


@pytest.mark.parametrize(("ours", "google"), [
    ("full-time", "FULL_TIME"), ("part-time", "PART_TIME"), ("contract", "CONTRACTOR"),
    ("temporary", "TEMPORARY"), ("internship", "INTERN")])
def test_employment_type_uses_google_values(ours: str, google: str) -> None:
    data = fmt.build(posting_from({"name": "E", "locations": [{"country": "US"}],
                              "employment_type": ours}))
    assert data["employmentType"] == google


@pytest.mark.parametrize(("salary", "value"), [
    ({"min": 50, "max": 50, "period": "hour"},
     {"@type": "QuantitativeValue", "value": 50, "unitText": "HOUR"}),
    ({"min": 4000, "currency": "GBP", "period": "month"},
     {"@type": "QuantitativeValue", "minValue": 4000, "unitText": "MONTH"}),
    ({"max": 900, "period": "week"},
     {"@type": "QuantitativeValue", "maxValue": 900, "unitText": "WEEK"}),
    ({"min": 300, "max": 400, "period": "day"},
     {"@type": "QuantitativeValue", "minValue": 300, "maxValue": 400, "unitText": "DAY"}),
])
def test_base_salary_shapes(salary: dict[str, Any], value: dict[str, Any]) -> None:
    data = fmt.build(posting_from({"name": "P", "locations": [{"country": "GB"}],
                              "salary": salary}))
    assert data["baseSalary"] == {"@type": "MonetaryAmount",
                                  "currency": salary.get("currency", "USD"), "value": value}


def test_direct_apply_and_logo_only_when_the_company_says() -> None:
    data = fmt.build(posting_from({"name": "Q", "locations": [{"country": "US"}],
                              "apply": {"url": "https://q.example/apply"}}))
    assert "directApply" not in data
    assert "logo" not in data["hiringOrganization"]
    no = fmt.build(posting_from({"name": "Q", "locations": [{"country": "US"}],
                            "apply": {"email": "jobs@q.example", "direct": "false"}}))
    assert no["directApply"] is False


def test_logo_url_must_be_a_web_address() -> None:
    result = run("render", "senior-backend", "-c", "acme", "-f", "jsonld", "-o", "-",
                 "--var", "logo_url=javascript:alert(1)")
    assert result.exit_code == 2
    assert result.stderr == ("error: --var 'logo_url=javascript:alert(1)': 'logo_url' has an "
                             "invalid value — use an https:// or http:// address\n")


# --- escaping -----------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script> <!-- & <b>x</b> \u2028 {{ 7*7 }}"


def test_script_json_cannot_close_the_script_tag() -> None:
    p = posting_from({"name": HOSTILE, "about": HOSTILE, "benefits": [HOSTILE],
                 "locations": [{"city": HOSTILE, "country": "US"}]})
    block = fmt.script_json(p)
    assert not set("<>&\u2028") & set(block)
    page = (f'<!DOCTYPE html><html><head><script type="application/ld+json">{block}</script>'
            "</head><body><p>after</p></body></html>")
    doc = html5lib.parse(page, namespaceHTMLElements=False)
    scripts = doc.findall(".//script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text) == fmt.build(p)
    assert json.loads(scripts[0].text) == json.loads(fmt.render(p))
    assert fmt.build(p)["hiringOrganization"]["name"] == " ".join(HOSTILE.split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_value_leaves_one_script_block_with_the_same_data(value: str) -> None:
    p = posting_from({"name": f"N{value}", "about": value, "benefits": [value],
                 "locations": [{"city": value, "country": "US"}], "requisition_id": value})
    block = fmt.script_json(p)
    assert not set("<>&") & set(block)
    doc = html5lib.parse(f'<!DOCTYPE html><head><script type="application/ld+json">{block}'
                         "</script></head><body></body>", namespaceHTMLElements=False)
    (script,) = doc.findall(".//script")
    assert json.loads(script.text) == json.loads(fmt.render(p)) == fmt.build(p)
    assert fmt.build(p).get("identifier", {"value": "x"})["value"] != ""


def test_company_values_stay_text_in_the_description() -> None:
    data = fmt.build(posting_from({"name": "A", "about": "<b>bold</b> & <script>x</script>",
                              "locations": [{"country": "US"}]}))
    assert description_tags(data["description"]) <= {"p", "ul", "li", "br"}
    assert "<b>bold</b> & <script>x</script>" in description_text(data["description"])


def test_profile_inline_markdown_becomes_plain_text() -> None:
    data = render_cli("api-developer", "acme")
    assert description_tags(data["description"]) <= {"p", "ul", "li", "br"}
    body = description_text(data["description"])
    assert "OpenAPI" in body and "**" not in body and "](" not in body


# --- the block embedded in the HTML page -----------------------------------------


def _embedded(page: str) -> list[str]:
    doc = html5lib.parse(page, namespaceHTMLElements=False)
    return [el.text for el in doc.findall("./head/script")
            if el.get("type") == "application/ld+json"]


@pytest.mark.parametrize("company", ["acme", "nordlicht"])
def test_html_head_embeds_the_same_json_ld(company: str) -> None:
    args = ("senior-backend", "-c", company, "-o", "-", "--date", DATE, "--var",
            "requisition_id=A-1")
    page = run("render", *args, "-f", "html").stdout
    standalone = run("render", *args, "-f", "jsonld").stdout
    (block,) = _embedded(page)
    assert json.loads(block) == json.loads(standalone)
    assert "\n" not in block and "<" not in block


def test_html_of_hostile_values_has_one_intact_script_block() -> None:
    result = run("render", "senior-backend", "-c", "acme", "-f", "html", "-o", "-",
                 "--var", f"name={HOSTILE}", "--var", f"about={HOSTILE}")
    assert result.exit_code == 0, result.stderr
    (block,) = _embedded(result.stdout)
    assert json.loads(block)["hiringOrganization"]["name"] == " ".join(HOSTILE.split())


def test_html_leaves_json_ld_out_where_it_cannot_be_complete() -> None:
    result = run("render", "senior-backend", "-c", "Initech", "-f", "html", "-o", "-")
    assert result.exit_code == 0
    assert _embedded(result.stdout) == []
    assert "ld+json" not in result.stdout


# --- determinism ----------------------------------------------------------------


def test_render_twice_gives_identical_bytes_and_dates_follow_the_clock(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = run("render", "senior-backend", "-c", "acme", "-f", "jsonld", "-o", "-", "--date",
                DATE).stdout_bytes
    assert first == run("render", "senior-backend", "-c", "acme", "-f", "jsonld", "-o", "-",
                        "--date", DATE).stdout_bytes
    assert first.endswith(b"}\n") and first.startswith(b'{\n  "@context"')
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    data = json.loads(run("render", "senior-backend", "-c", "acme", "-f", "jsonld", "-o", "-"
                          ).stdout)
    assert data["datePosted"] == "2026-01-01"


def test_every_key_is_a_schema_org_term_of_the_context() -> None:
    terms = set(CONTEXT["@context"])

    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return {k for k in value if not k.startswith("@")} | {
                t for v in value.values() for t in keys(v)}
        if isinstance(value, list):
            return {t for v in value for t in keys(v)}
        return set()

    data = fmt.build(posting_from({"name": "K", "workplace": "remote", "remote_regions": ["US"],
                              "locations": [{"city": "X", "region": "Y", "country": "US"}],
                              "website": "https://k.example",
                              "logo_url": "https://k.example/l.png", "industry": "I",
                              "salary": {"min": 1, "max": 2}, "employment_type": "full-time",
                              "apply": {"direct": True}, "requisition_id": "R",
                              "valid_through": "2027-01-01", "benefits": ["B"]}))
    assert keys(data) <= terms
    types = {v["@type"] for v in _nodes(data)}
    assert types <= terms


def _nodes(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return ([value] if "@type" in value else []) + [n for v in value.values()
                                                         for n in _nodes(v)]
    if isinstance(value, list):
        return [n for v in value for n in _nodes(v)]
    return []


# --- what cannot produce the required properties --------------------------------


def test_name_only_company_renders_markdown_but_not_jsonld(isolated: Path) -> None:
    assert run("render", "senior-backend", "-c", "Initech", "-o", "-").exit_code == 0
    result = run("render", "senior-backend", "-c", "Initech", "-f", "md,jsonld", "--date", DATE)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no company file for 'Initech': JSON-LD needs 'locations' (Google requires "
        "jobLocation unless the role is fully remote) — add companies/initech.yaml with "
        "locations or remote_regions, or pass --var locations.0.city=CITY "
        "--var locations.0.country=CC\n")
    assert list(isolated.iterdir()) == []  # not even the Markdown file
    assert run("render", "senior-backend", "-c", "Initech", "-f", "jsonld", "-o", "-",
               "--var", "locations.0.country=US").exit_code == 0


LIB_FILES = {
    "companies/bare.yaml": "name: Bare Co\n",
    "companies/faraway.yaml": "name: Far Away\nworkplace: remote\n",
    "companies/fine.yaml": "name: Fine\nlocations: [{city: Lyon, country: FR}]\n",
}
BARE = ("companies/bare.yaml: JSON-LD needs 'locations' (Google requires jobLocation unless "
        "the role is fully remote) — add locations: [{city: Denver, region: CO, country: US}], "
        "or workplace: remote with remote_regions")
FARAWAY = ("companies/faraway.yaml: JSON-LD for a fully remote role needs 'remote_regions' or "
           "'locations' (Google requires applicantLocationRequirements or jobLocation) — add "
           "remote_regions: [US] (ISO 3166 codes of where applicants may live)")


def test_render_names_the_company_file_and_the_missing_key(isolated: Path) -> None:
    make_library(isolated, LIB_FILES)
    for company, line in (("bare", BARE), ("faraway", FARAWAY)):
        result = run("render", "senior-backend", "-c", company, "-f", "jsonld", "-o", "-")
        assert (result.exit_code, result.stderr) == (2, f"error: {line}\n")
    assert run("render", "senior-backend", "-c", "fine", "-f", "jsonld", "-o", "-"
               ).exit_code == 0


def test_validate_warns_unless_the_library_asks_for_jsonld(isolated: Path) -> None:
    make_library(isolated, LIB_FILES)
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert f"warning: {BARE}\n" in result.stderr
    assert f"warning: {FARAWAY}\n" in result.stderr
    assert result.stderr.endswith(" (2 warning(s))\n")
    report = json.loads(run("validate", "--format", "json").stdout)
    assert report["ok"] is True
    assert [w["path"] for w in report["warnings"]] == ["companies/bare.yaml",
                                                      "companies/faraway.yaml"]

    (isolated / "jdgen.toml").write_text('[render]\nformats = ["md", "jsonld"]\n')
    result = run("validate")
    assert result.exit_code == 2
    assert f"error: {BARE}\n" in result.stderr and "warning:" not in result.stderr


def test_validate_of_a_name_only_library_passes(isolated: Path) -> None:
    make_library(isolated, {"profiles/solo.yaml": "title: Solo Engineer\n"})
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr


def test_country_names_cover_exactly_iso_3166() -> None:
    assert set(fmt.country_names()) == {c.alpha_2 for c in pycountry.countries}


@pytest.mark.parametrize(("values", "line"), [
    (["locations.1.country=XK"], "error: 'locations.1.country' 'XK' is not an ISO 3166 country "
                                 "code — use a code such as US, DE or GB\n"),
    (["salary.currency=ABC", "salary.min=5"], "error: 'salary.currency' 'ABC' is not an ISO "
                                              "4217 currency code — use a code such as USD, "
                                              "EUR or GBP\n"),
    (["salary.currency=ABC"], ""),  # a currency without amounts is never emitted
])
def test_codes_must_be_iso_codes(values: list[str], line: str) -> None:
    args = [a for v in values for a in ("--var", v)]
    result = run("render", "senior-backend", "-c", "Initech", "-f", "jsonld", "-o", "-",
                 "--var", "locations.0.city=Pristina", "--var", "locations.0.country=RS", *args)
    if line:
        assert (result.exit_code, result.stderr) == (2, line)
    else:
        assert result.exit_code == 0 and "baseSalary" not in json.loads(result.stdout)


def test_lint_reports_structured_data_as_a_configurable_warning(isolated: Path) -> None:
    make_library(isolated, LIB_FILES)
    def found(company: str) -> list[dict[str, Any]]:
        report = json.loads(run("lint", "senior-backend", "-c", company, "--format", "json"
                                ).stdout)
        return [f for p in report["postings"] for f in p["findings"]
                if f["rule"] == "structured-data"]

    assert [(f["level"], f["message"], f["suggestion"]) for f in found("bare")] == [
        ("warning", *BARE.split(" — "))]
    assert found("fine") == []
    (isolated / "jdgen.toml").write_text('[lint.rules]\nstructured-data = "off"\n')
    text = run("lint", "senior-backend", "-c", "bare").stdout
    assert "structured-data" not in text
