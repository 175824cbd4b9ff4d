"""Turn a posting's places, pay, benefits and deadline into pay-transparency duties it misses.

The laws are data (``jdgen/data/pay-transparency.yaml``): places, a start date per
duty, and their sources. A law applies when it is in force on the posting date and
one of the posting's places (or, for remote roles, allowed regions) falls under it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import msgspec

from ..yamlfile import load_yaml

LAWS_FILE = Path(__file__).resolve().parent.parent / "data" / "pay-transparency.yaml"
DUTIES = ("pay_range", "period", "benefits", "deadline")
_YEARLY = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}


class Place(msgspec.Struct, frozen=True):
    country: str
    region: str | None = None
    city: str | None = None

    @classmethod
    def parse(cls, code: str) -> Place | None:
        """``US``, ``US-CO`` or ``CA-ON`` (ISO 3166); None for anything else."""
        m = re.fullmatch(r"([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?", code.strip())
        if not m:
            return None
        return cls(m.group(1).upper(), m.group(2).upper() if m.group(2) else None)

    def within(self, area: Place) -> bool:
        """True when this place lies inside ``area`` (a law's place)."""
        if self.country != area.country:
            return False
        if area.region and self.region != area.region:
            return False
        return not area.city or (self.city or "").casefold() == area.city.casefold()

    def reaches(self, area: Place) -> bool:
        """For remote work: the allowed region includes some of ``area``."""
        if self.country != area.country:
            return False
        return not self.region or not area.region or self.region == area.region


class Law(msgspec.Struct, frozen=True):
    code: str
    name: str
    places: tuple[Place, ...]
    remote: bool
    employers: str
    requires: dict[str, dt.date]
    fixed_ok: bool
    sources: tuple[str, ...]
    max_width: int | None = None
    exempt_above: int | None = None

    @property
    def effective(self) -> dt.date:
        return min(self.requires.values())

    def duties_on(self, date: dt.date) -> list[str]:
        """The duties in force on ``date``, in the order of DUTIES."""
        return [d for d in DUTIES if d in self.requires and self.requires[d] <= date]


@lru_cache(maxsize=1)
def load_laws() -> tuple[Law, ...]:
    """Every law in the data file."""
    data = load_yaml(LAWS_FILE, "jdgen/data/pay-transparency.yaml").data
    laws = []
    for item in data["laws"]:
        laws.append(Law(
            code=item["code"], name=item["name"],
            places=tuple(Place(p["country"], p.get("region"), p.get("city"))
                         for p in item["places"]),
            remote=item["remote"] == "true", employers=item["employers"],
            requires={k: dt.date.fromisoformat(v) for k, v in item["requires"].items()},
            fixed_ok=item["fixed_ok"] == "true", sources=tuple(item["sources"]),
            max_width=int(item["max_width"]) if item.get("max_width") else None,
            exempt_above=int(item["exempt_above"]) if item.get("exempt_above") else None))
    return tuple(laws)


class Pay(msgspec.Struct, frozen=True):
    """What the posting says about pay."""

    min: float | None
    max: float | None
    period: str | None
    currency: str | None
    text: str


class Facts(msgspec.Struct):
    """What the pay rule needs to know about one posting."""

    date: dt.date
    places: list[Place] = msgspec.field(default_factory=list)
    remote_regions: list[Place] = msgspec.field(default_factory=list)
    pay: Pay | None = None
    benefits: bool = False
    deadline: bool = False


def laws_for(facts: Facts, laws: tuple[Law, ...] | None = None) -> list[Law]:
    """The laws that reach the posting's places and are in force on its date."""
    found = []
    for law in laws if laws is not None else load_laws():
        if law.effective > facts.date:
            continue
        here = any(p.within(a) for p in facts.places for a in law.places)
        # A remote region may also name a law's own area by its code ("EU").
        remote = law.remote and any(r.country == law.code or r.reaches(a)
                                    for r in facts.remote_regions for a in law.places)
        if here or remote:
            found.append(law)
    return found


class Missing(msgspec.Struct, frozen=True):
    """One duty the posting misses, and the laws that impose it."""

    duty: str
    message: str
    laws: tuple[Law, ...]


def missing_duties(facts: Facts, laws: list[Law]) -> list[Missing]:
    """Duties not met, grouped by what is missing (one entry may name several laws)."""
    problems: dict[str, tuple[str, list[Law]]] = {}

    def add(key: str, message: str, law: Law) -> None:
        problems.setdefault(key, (message, []))[1].append(law)

    pay = facts.pay
    for law in laws:
        duties = law.duties_on(facts.date)
        if "pay_range" in duties:
            if pay is None or (pay.min is None and pay.max is None):
                add("pay_range", "no pay range is given", law)
            elif pay.min is None or pay.max is None:
                add("open", f"the pay range is open-ended ({pay.text}); give a minimum and "
                            "a maximum", law)
            elif pay.min > pay.max:
                add("order", f"the pay minimum is above the maximum ({pay.text})", law)
            elif pay.min == pay.max and not law.fixed_ok:
                add("fixed", f"a single figure ({pay.text}) is not a range", law)
            elif law.max_width and pay.period:
                _check_width(law, pay, add)
        if "period" in duties and pay is not None and (pay.min or pay.max) and not pay.period:
            add("period", "the pay period (per hour, per year, ...) is missing", law)
        if "benefits" in duties and not facts.benefits:
            add("benefits", "no description of benefits and other compensation", law)
        if "deadline" in duties and not facts.deadline:
            add("deadline", "no date when the application window closes", law)
    return [Missing(key, message, tuple(found)) for key, (message, found) in problems.items()]


def _check_width(law: Law, pay: Pay, add) -> None:
    assert pay.min is not None and pay.max is not None and pay.period
    factor = _YEARLY.get(pay.period, 1)
    low, high = pay.min * factor, pay.max * factor
    if law.exempt_above and high > law.exempt_above:
        return
    if law.max_width and high - low > law.max_width:
        add("width", f"the pay range is wider than {law.max_width:,} a year ({pay.text})", law)


# --- pay written as text ------------------------------------------------------

_CUR = r"(?:[$€£]|USD|EUR|GBP|CAD|CHF|AUD)"
_NUM = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{2})?|\d+(?:[.,]\d+)?"
_AMOUNT = rf"(?:{_CUR}\s?(?:{_NUM})\s?[kK]?|(?:{_NUM})\s?[kK]?\s?{_CUR})"
@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """The pay-text regexes, compiled on first use (a rendered posting never needs them)."""
    return {
        "range": re.compile(rf"(?P<low>{_AMOUNT})\s*(?:–|—|-|to|and)\s*"
                            rf"(?P<high>{_AMOUNT}|{_NUM}\s?[kK]?)"),
        "single": re.compile(_AMOUNT),
        "upper": re.compile(rf"\b(?:up to|max(?:imum)?|as much as)\s*{_AMOUNT}", re.IGNORECASE),
        "lower": re.compile(rf"(?:\b(?:from|starting (?:at|from)|min(?:imum)?|at least)\s*"
                            rf"{_AMOUNT}|{_AMOUNT}\s*(?:\+|and up|or more|and above))",
                            re.IGNORECASE),
        "period": re.compile(
            r"\b(?:per|a|an|each|every)\s+(hour|day|week|month|year|annum)\b|/\s?(h|hr|hour|"
            r"day|wk|week|mo|month|yr|year|a)\b|\b(hourly|daily|weekly|monthly|yearly|annually|"
            r"annual)\b", re.IGNORECASE),
    }


_PERIOD_NAMES = {"h": "hour", "hr": "hour", "wk": "week", "mo": "month", "yr": "year",
                 "a": "year", "annum": "year", "hourly": "hour", "daily": "day",
                 "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year",
                 "annual": "year"}


def _number(text: str) -> float:
    digits = re.sub(r"[^\d.,kK]", "", text)
    k = digits[-1:] in ("k", "K")
    digits = digits.rstrip("kK")
    # 140,000 / 140.000 / 85.000,50: a separator followed by exactly three digits groups.
    digits = re.sub(r"[.,](?=\d{3}(?:\D|$))", "", digits).replace(",", ".")
    value = float(digits or 0)
    return value * 1000 if k else value


def _currency(text: str) -> str | None:
    m = re.search(_CUR, text)
    if not m:
        return None
    return {"$": "USD", "€": "EUR", "£": "GBP"}.get(m.group(0), m.group(0))


def find_pay(text: str) -> Pay | None:
    """Pay in a line of posting text: a range, an open-ended figure, or one figure."""
    pattern = _patterns()
    period_m = pattern["period"].search(text)
    period = None
    if period_m:
        word = next(g for g in period_m.groups() if g).lower()
        period = _PERIOD_NAMES.get(word, word)
    if m := pattern["range"].search(text):
        return Pay(_number(m.group("low")), _number(m.group("high")), period,
                   _currency(m.group(0)), m.group(0).strip())
    if m := pattern["upper"].search(text):
        return Pay(None, _number(m.group(0)), period, _currency(m.group(0)), m.group(0).strip())
    if m := pattern["lower"].search(text):
        return Pay(_number(m.group(0)), None, period, _currency(m.group(0)), m.group(0).strip())
    if m := pattern["single"].search(text):
        value = _number(m.group(0))
        if period:  # a lone figure is pay only when it has a period
            return Pay(value, value, period, _currency(m.group(0)), m.group(0).strip())
    return None
