"""Pay-transparency laws: which apply where and when, and what a posting then must show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jdgen.checks.pay import Facts, Place, find_pay, laws_for, load_laws
from jdgen.library import Library
from jdgen.lint import lint_posting, lint_text
from jdgen.render import load_posting

DATE = dt.date(2026, 11, 22)
FULL = {"salary": "{min: 120000, max: 150000, currency: USD, period: year}",
        "benefits": "[Health insurance, 401(k) match]", "application_days": "30"}
US_REMOTE_LAWS = ["US-CO", "US-NY-NYC", "US-NY", "US-CA", "US-WA", "US-DC", "US-MD", "US-IL",
                  "US-MN", "US-NJ"]


def company(tmp_path: Path, location: str, workplace: str = "onsite", **values: str) -> str:
    lines = ["name: Initrode", "equal_opportunity: We are an equal opportunity employer.",
             "apply: {url: https://initrode.example/apply}", f"workplace: {workplace}",
             f"locations: [{location}]"]
    lines += [f"{k}: {v}" for k, v in values.items()]
    path = tmp_path / "initrode.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return str(path)


def pay_check(tmp_path: Path, location: str, date: dt.date = DATE, workplace: str = "onsite",
              **values: str):
    posting, _ = load_posting(Library.discover(), "senior-backend", company(
        tmp_path, location, workplace, **values), date=date)
    result = lint_posting(posting)
    return result.metrics["pay_laws"], [f.message for f in result.findings
                                        if f.rule == "pay-transparency"]


def test_laws_data_has_dates_and_sources() -> None:
    laws = {law.code: law for law in load_laws()}
    assert laws["US-CO"].requires["deadline"] == dt.date(2024, 1, 1)
    assert laws["US-CO"].effective == dt.date(2021, 1, 1)
    assert laws["US-NY-NYC"].effective == dt.date(2022, 11, 1)
    assert laws["CA-ON"].max_width == 50000
    assert all(law.sources for law in laws.values())


def test_denver_colorado(tmp_path: Path) -> None:
    denver = "{city: Denver, region: CO, country: US}"
    assert pay_check(tmp_path, denver, **FULL) == (["US-CO"], [])
    no_deadline = {k: v for k, v in FULL.items() if k != "application_days"}
    assert pay_check(tmp_path, denver, **no_deadline) == (
        ["US-CO"], ["no date when the application window closes — required by US-CO"])
    # The deadline duty came with SB 23-105 on 2024-01-01; benefits were due from 2021.
    assert pay_check(tmp_path, denver, dt.date(2023, 12, 31), **no_deadline) == (["US-CO"], [])
    assert pay_check(tmp_path, denver, dt.date(2023, 12, 31)) == (["US-CO"], [
        "no pay range is given — required by US-CO",
        "no description of benefits and other compensation — required by US-CO"])


def test_colorado_before_the_law(tmp_path: Path) -> None:
    assert pay_check(tmp_path, "{city: Denver, region: CO, country: US}",
                     dt.date(2020, 12, 31)) == ([], [])


def test_new_york_city(tmp_path: Path) -> None:
    nyc = "{city: New York, region: NY, country: US}"
    assert pay_check(tmp_path, nyc, salary="{min: 120000, period: year}") == (
        ["US-NY-NYC", "US-NY"],
        ["the pay range is open-ended (From $120,000 per year); give a minimum and a maximum "
         "— required by US-NY-NYC, US-NY"])
    # Neither NYC nor the state asks for benefits or a deadline.
    assert pay_check(tmp_path, nyc, salary=FULL["salary"]) == (["US-NY-NYC", "US-NY"], [])
    # Before the state law (2023-09-17) only the city law applies.
    assert pay_check(tmp_path, nyc, dt.date(2023, 1, 1))[0] == ["US-NY-NYC"]
    # Buffalo is under the state law only.
    assert pay_check(tmp_path, "{city: Buffalo, region: NY, country: US}",
                     salary=FULL["salary"])[0] == ["US-NY"]


def test_seattle_washington(tmp_path: Path) -> None:
    assert pay_check(tmp_path, "{city: Seattle, region: WA, country: US}",
                     salary=FULL["salary"]) == (
        ["US-WA"], ["no description of benefits and other compensation — required by US-WA"])


def test_remote_role_open_to_all_us_states(tmp_path: Path) -> None:
    laws, messages = pay_check(tmp_path, "{city: Austin, region: TX, country: US}", DATE,
                               "remote", remote_regions="[US]")
    assert laws == US_REMOTE_LAWS
    assert messages == [
        f"no pay range is given — required by {', '.join(US_REMOTE_LAWS)}",
        "no description of benefits and other compensation — required by US-CO, US-WA, "
        "US-MD, US-IL, US-MN, US-NJ",
        "no date when the application window closes — required by US-CO"]
    assert pay_check(tmp_path, "{city: Austin, region: TX, country: US}", DATE, "remote",
                     remote_regions="[US]", **FULL) == (US_REMOTE_LAWS, [])


def test_remote_role_limited_to_texas_and_florida(tmp_path: Path) -> None:
    assert pay_check(tmp_path, "{city: Austin, region: TX, country: US}", DATE, "remote",
                     remote_regions="[US-TX, US-FL]") == ([], [])


def test_toronto_ontario(tmp_path: Path) -> None:
    toronto = "{city: Toronto, region: ON, country: CA}"
    assert pay_check(tmp_path, toronto, salary="{min: 100000, max: 140000, currency: CAD}"
                     ) == (["CA-ON"], [])
    assert pay_check(tmp_path, toronto, salary="{min: 100000, max: 170000, currency: CAD}"
                     )[1] == ["the pay range is wider than 50,000 a year (CA$100,000 – "
                              "CA$170,000 per year) — required by CA-ON"]
    # Ranges topping 200,000 a year are exempt from the width cap.
    assert pay_check(tmp_path, toronto, salary="{min: 150000, max: 260000, currency: CAD}"
                     ) == (["CA-ON"], [])
    # Hourly pay is compared as yearly pay (2,080 hours).
    assert pay_check(tmp_path, toronto,
                     salary="{min: 30, max: 60, currency: CAD, period: hour}")[1] == [
        "the pay range is wider than 50,000 a year (CA$30 – CA$60 per hour) — required by "
        "CA-ON"]
    # In force from 2026-01-01.
    assert pay_check(tmp_path, toronto, dt.date(2025, 12, 31)) == ([], [])


def test_austin_texas_has_no_law(tmp_path: Path) -> None:
    assert pay_check(tmp_path, "{city: Austin, region: TX, country: US}") == ([], [])


def test_places() -> None:
    assert Place.parse("us-co") == Place("US", "CO")
    assert Place.parse("Colorado") is None
    nyc = Place("US", "NY", "New York")
    assert Place("US", "NY", "new york").within(nyc)
    assert not Place("US", "NY", "Albany").within(nyc)
    assert Place("US").reaches(nyc) and not Place("US", "TX").reaches(nyc)
    facts = Facts(DATE, places=[Place("US", "HI")])
    assert [law.code for law in laws_for(facts)] == ["US-HI"]
    assert [law.code for law in laws_for(Facts(DATE, remote_regions=[Place("EU")]))] == [
        "EU"]
    assert laws_for(Facts(dt.date(2026, 6, 6), remote_regions=[Place("DE")])) == []
    # Hawaii's law does not reach remote roles.
    assert laws_for(Facts(DATE, remote_regions=[Place("US", "HI")])) == []


@pytest.mark.parametrize(("text", "low", "high", "period"), [
    ("Pay: $120,000 – $150,000 per year", 120000, 150000, "year"),
    ("USD 120k-150k annually", 120000, 150000, "year"),
    ("85.000 € – 100.000 € pro Jahr, or 85.000 EUR to 100.000 EUR a year", 85000, 100000,
     "year"),
    ("$30 to $45/hr", 30, 45, "hour"),
    ("Up to $150,000 a year", None, 150000, "year"),
    ("From $120,000 per year", 120000, None, "year"),
    ("$120,000+ per year", 120000, None, "year"),
    ("$55 per hour", 55, 55, "hour"),
    ("$120,000 – $150,000", 120000, 150000, None),
])
def test_find_pay_in_text(text: str, low, high, period) -> None:
    pay = find_pay(text)
    assert pay is not None
    assert (pay.min, pay.max, pay.period) == (low, high, period)


def test_find_pay_needs_money() -> None:
    assert find_pay("We have 80 people and ship 52 releases a year.") is None


def test_text_posting_with_region() -> None:
    text = ("# Engineer\n\n$120,000 – $150,000 per year\n\n## Benefits\n\n- Health insurance\n\n"
            "## How to apply\n\nApply by December 31, 2026 at https://x.example/apply.\n")
    result = lint_text(text, regions=["US-CO"], date=DATE)
    assert result.metrics["pay_laws"] == ["US-CO"]
    assert [f for f in result.findings if f.rule == "pay-transparency"] == []
    bare = lint_text("# Engineer\n\nUp to $150,000 a year.\n", regions=["US-CO"], date=DATE)
    found = [(f.message, f.location.line) for f in bare.findings
             if f.rule == "pay-transparency"]
    deadline = [f for f in bare.findings if "application window" in f.message][0]
    assert deadline.sources == (
        "US-CO: Colorado Equal Pay for Equal Work Act, as amended by SB 23-105, in force from "
        "2024-01-01 (employers: at least 1 employee in Colorado; sources: gp1.com "
        "2023-the-year-of-pay-transparency, bartkolaw.com/?p=6553, coloradostaffing.org "
        "sb-23-105)",)
    assert found == [
        ("the pay range is open-ended (Up to $150,000); give a minimum and a maximum — "
         "required by US-CO", 3),
        ("no description of benefits and other compensation — required by US-CO", 3),
        ("no date when the application window closes — required by US-CO", 3)]
    no_period = lint_text("# Engineer\n\n$120,000 – $150,000\n\n## Benefits\n\n- Health\n\n"
                          "Applications close on 2026-12-31.\n", regions=["US-NY"], date=DATE)
    # A region given for text covers all of it, New York City included.
    assert [f.message for f in no_period.findings if f.rule == "pay-transparency"] == [
        "the pay period (per hour, per year, ...) is missing — required by US-NY-NYC, US-NY"]
    # Without a region the pay rule cannot know the place and does not run.
    assert lint_text("# Engineer\n").metrics["pay_laws"] is None


def test_application_days_sets_and_shows_the_deadline(tmp_path: Path) -> None:
    path = company(tmp_path, "{city: Denver, region: CO, country: US}", **FULL)
    posting, _ = load_posting(Library.discover(), "senior-backend", path, date=DATE)
    assert posting.company.valid_through == dt.date(2026, 12, 22)
    apply = posting.section("apply")
    assert apply is not None
    assert "".join(p.text for p in apply.blocks[-1].parts) == (
        "Applications close on December 22, 2026.")
    # An explicit valid_through wins over application_days.
    posting, _ = load_posting(Library.discover(), "senior-backend", path, date=DATE,
                              var=["valid_through=2027-01-15"])
    assert posting.company.valid_through == dt.date(2027, 1, 15)
