"""Precedence of posting values: company file < --vars file < --var; one merge rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.context import Layer, Var, load_posting_input, merge_layers, parse_vars
from jdgen.library import Library
from jdgen.models import merge

from .conftest import make_library

COMPANY = {"name": "Acme", "industry": "Software", "salary": {"min": "100", "max": "200"},
           "benefits": ["gym"], "locations": [{"city": "Denver", "region": "CO"}]}


@pytest.mark.parametrize(("case", "vars_file", "var", "expected"), [
    pytest.param("company alone", {}, [], {"industry": "Software", "min": 100, "max": 200},
                 id="company"),
    pytest.param("vars file over company", {"industry": "Retail", "salary": {"max": "300"}}, [],
                 {"industry": "Retail", "min": 100, "max": 300}, id="vars-file"),
    pytest.param("--var over vars file", {"industry": "Retail"},
                 ["industry=Health", "salary.min=150"],
                 {"industry": "Health", "min": 150, "max": 200}, id="var"),
    pytest.param("empty --var clears", {}, ["industry="], {"industry": None, "min": 100,
                                                           "max": 200}, id="clear"),
])
def test_precedence(case: str, vars_file: dict, var: list[str], expected: dict) -> None:
    values = merge_layers([Layer(COMPANY), Layer(vars_file)], parse_vars(var))
    got = {"industry": values.industry, "min": values.salary.min, "max": values.salary.max}
    assert got == expected, case


def test_var_reaches_into_lists_and_appends() -> None:
    values = merge_layers([Layer(COMPANY)], parse_vars(["locations.0.city=Boulder",
                                                        "locations.1.city=Austin"]))
    assert [(loc.city, loc.region) for loc in values.locations] == [
        ("Boulder", "CO"), ("Austin", None)]
    # Items of a list of text: replace one, add one at the end.
    values = merge_layers([Layer(COMPANY)], parse_vars(["benefits.0=Dental", "benefits.1=Bikes"]))
    assert values.benefits == ["Dental", "Bikes"]
    assert COMPANY["benefits"] == ["gym"]  # the company layer itself is untouched


def test_lists_replace_in_merge_and_plus_appends() -> None:
    assert merge({"a": [1], "m": {"x": 1, "y": 2}}, {"a": [2], "m": {"y": 3}}) == {
        "a": [2], "m": {"x": 1, "y": 3}}
    assert merge({"a": [1]}, {"a+": [2]}) == {"a": [1, 2]}
    assert merge({}, {"a+": [2]}) == {"a": [2]}
    assert merge({"a": [1, 2]}, {"a+": [2, 3]}) == {"a": [1, 2, 3]}  # no item twice


def test_parse_vars_keeps_everything_after_the_first_equals() -> None:
    assert parse_vars(["about=a=b=c", "salary.min=1"]) == [
        Var(("about",), "a=b=c", "about=a=b=c"), Var(("salary", "min"), "1", "salary.min=1")]
    assert parse_vars(["locations.0.city=X"])[0].key == ("locations", 0, "city")


def test_values_are_converted_to_schema_types() -> None:
    values = merge_layers([Layer({"name": "X"})], parse_vars([
        "salary.min=140000", "date=2026-03-01", "valid_through=2026-04-01", "requisition_id=7"]))
    assert values.salary.min == 140000
    assert values.date.isoformat() == "2026-03-01"
    assert values.requisition_id == "7"


def test_company_found_by_slug_name_or_path_case_insensitively(isolated: Path) -> None:
    lib = Library.discover(make_library(isolated / "lib", {
        "companies/globex.yaml": "name: Globex Corporation\n"}))
    for name in ("globex", "GLOBEX", "Globex Corporation", "globex corporation",
                 "lib/companies/globex.yaml"):
        given = load_posting_input(lib, name)
        assert given.vars.name == "Globex Corporation", name
        assert given.notices == []
    assert load_posting_input(lib, "acme").vars.name == "Acme Corp"  # built-in fallback
    unknown = load_posting_input(lib, "Hooli")
    assert unknown.vars.name == "Hooli" and unknown.company_entry is None
    assert len(unknown.notices) == 1
