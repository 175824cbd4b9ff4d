"""Turn a resolved profile plus posting values into the one content model every format renders."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import msgspec

from . import models
from .errors import SchemaError
from .library import Entry, display_path
from .output import slugify

# --- inline content ----------------------------------------------------------


class Plain(msgspec.Struct, frozen=True):
    """Literal text (company and variable values): escaped by every format."""

    text: str
    kind = "plain"


class Prose(msgspec.Struct, frozen=True):
    """Inline Markdown written in a profile (emphasis, links, code)."""

    text: str
    kind = "prose"


class Strong(msgspec.Struct, frozen=True):
    """Literal text shown bold (labels)."""

    text: str
    kind = "strong"


class Link(msgspec.Struct, frozen=True):
    """A hyperlink with literal text."""

    text: str
    href: str
    kind = "link"


Inline = Plain | Prose | Strong | Link
Parts = tuple[Inline, ...]


class Paragraph(msgspec.Struct, frozen=True):
    parts: Parts
    role: str = "text"
    kind = "paragraph"


class BulletList(msgspec.Struct, frozen=True):
    items: tuple[Parts, ...]
    kind = "list"


Block = Paragraph | BulletList


class Section(msgspec.Struct, frozen=True):
    """A part of the posting; ``heading`` None is the untitled opening section."""

    id: str
    heading: str | None
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


class Posting(msgspec.Struct, frozen=True):
    """Everything a format needs; formats never look at the YAML themselves."""

    profile_id: str
    company_slug: str
    title: str
    company: models.PostingVars
    profile: models.Profile
    date: dt.date
    sections: tuple[Section, ...]
    meta: tuple[str, ...]
    salary: str | None
    locale: str
    lang: str
    logo: Path | None
    library_root: Path
    warnings: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # the skills, cleaned
    company_file: str | None = None  # as shown to users; None for a name-only company

    @property
    def company_name(self) -> str:
        """The cleaned name (``company.name`` is the raw value)."""
        return self.meta[0]

    def section(self, id: str) -> Section | None:
        return next((s for s in self.sections if s.id == id), None)


# --- text hygiene ------------------------------------------------------------

# XML 1.0 cannot hold these; bidi overrides and invisible characters can make a
# name read differently from what it is, so they go too (with one warning).
# ZWJ and ZWNJ (U+200C, U+200D) stay: emoji sequences and scripts such as
# Persian and the Indic ones need them.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff"
    "\U000e0000-\U000e007f]")


class _Cleaner:
    """Normalise text values; remember what was removed, for one warning per posting."""

    def __init__(self) -> None:
        self.removed: dict[str, None] = {}
        self.places: dict[str, None] = {}

    def __call__(self, text: str, where: str, *, single_line: bool = False) -> str:
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        text = text.replace("\t", " ")
        found = _CONTROL.findall(text)
        if found:
            self.removed.update(dict.fromkeys(found))
            self.places[where] = None
            text = _CONTROL.sub("", text)
        lines = [" ".join(line.split()) for line in text.split("\n")]
        if single_line:
            return " ".join(x for x in lines if x)
        return "\n".join(x for x in lines if x)

    @property
    def warnings(self) -> list[str]:
        if not self.removed:
            return []
        codes = ", ".join(sorted(f"U+{ord(c):04X}" for c in self.removed))
        return [f"warning: removed invisible or control characters ({codes}) "
                f"from {', '.join(self.places)}"]


def company_slug(entry: Entry | None, name: str) -> str:
    """The company part of file names: the company file's name, else a slug of ``name``."""
    return entry.name if entry else slugify(name)


def clean_line(text: str | None) -> str:
    """One line of text as the content model shows it (for values outside its sections)."""
    return _Cleaner()(text or "", "", single_line=True)


LOCALE_HINT = "use a locale such as en_US or de_DE"


def known_locale(locale: str) -> bool:
    """True for a locale Babel's CLDR data knows (``en_US``, ``de_DE``, ``fr``)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return False
    return True


# --- labels ------------------------------------------------------------------

WORKPLACE = {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}
EMPLOYMENT = {"full-time": "Full-time", "part-time": "Part-time", "contract": "Contract",
              "temporary": "Temporary", "internship": "Internship"}
TOOL_GROUPS = (("languages", "Languages"), ("frameworks", "Frameworks"),
               ("databases", "Databases"), ("cloud", "Cloud"),
               ("version_control", "Version control"), ("build", "Build"),
               ("testing", "Testing"), ("api", "API tooling"))


def format_money(amount: int, currency: str, locale: str) -> str:
    """``$140,000`` (en_US), ``140.000 €`` (de_DE): the locale's pattern, no decimals."""
    from babel import Locale
    from babel.numbers import format_currency

    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    pattern = re.sub(r"\.0+", "", pattern.split(";")[0])
    return format_currency(amount, currency, format=pattern, locale=locale,
                           currency_digits=False)


def salary_text(salary: models.Salary | None, locale: str) -> str | None:
    """``$140,000 – $175,000 per year``; open ends read "From …" / "Up to …"."""
    if salary is None or (salary.min is None and salary.max is None):
        return None
    low, high = (None if v is None else format_money(v, salary.currency, locale)
                 for v in (salary.min, salary.max))
    if low and high:
        amount = low if salary.min == salary.max else f"{low} – {high}"
    else:
        amount = f"From {low}" if low else f"Up to {high}"
    return f"{amount} per {salary.period}"


def content_language(locale: str) -> str:
    """BCP 47 tag of the posting's text: English, which profiles and labels are written in.

    The company locale formats money and picks the paper size, but a German
    company posting English text is still ``en``; an English locale keeps its
    region (``en_GB`` -> ``en-GB``).
    """
    language, _, region = locale.partition("_")
    return f"en-{region}" if language == "en" and region else "en"


def location_text(loc: models.Location) -> str:
    return ", ".join(p for p in (loc.city, loc.region, loc.country) if p)


# --- the builder -------------------------------------------------------------


def _list(items: list[str], clean: _Cleaner, where: str, prose: bool) -> BulletList | None:
    kind = Prose if prose else Plain
    parts = tuple((kind(clean(i, where, single_line=True)),) for i in items)
    parts = tuple(p for p in parts if p[0].text)
    return BulletList(parts) if parts else None


def _paragraph(part: Plain | Prose, role: str = "text") -> Paragraph | None:
    return Paragraph((part,), role) if part.text else None


def _section(id: str, heading: str | None, *blocks: Block | None,
             subsections: tuple[Section, ...] = ()) -> Section | None:
    kept = tuple(b for b in blocks if b is not None)
    if not kept and not subsections:
        return None
    return Section(id, heading, kept, subsections)


def build_posting(resolved: models.ResolvedProfile, values: models.PostingVars,
                  company_entry: Entry | None, library_root: Path,
                  date: dt.date) -> Posting:
    """The content model: sections in order, empty ones left out."""
    clean = _Cleaner()
    p = resolved.profile
    c = values
    if not known_locale(c.locale):
        raise SchemaError(f"unknown locale {c.locale!r}", path=_where(company_entry),
                          hint=LOCALE_HINT)
    name = clean(c.name, "company name", single_line=True)
    title = clean(p.title or "", "profile title", single_line=True)
    if not name:
        raise SchemaError("the company name is empty", path=_where(company_entry),
                          hint="set 'name:' to visible text")
    if not title:
        raise SchemaError("the profile title is empty", path=resolved.path,
                          hint="set 'title:' to visible text")

    meta = [name]
    places = [location_text(loc) for loc in c.locations if location_text(loc)]
    meta += [clean(x, "location", single_line=True) for x in places]
    if c.workplace:
        label = WORKPLACE[c.workplace]
        if c.workplace == "remote" and c.remote_regions:
            regions = ", ".join(clean(r, "remote_regions", single_line=True)
                                for r in c.remote_regions)
            label += f" ({regions})"
        meta.append(label)
    if c.employment_type:
        meta.append(EMPLOYMENT[c.employment_type])
    salary = salary_text(c.salary, c.locale)

    intro = _section(
        "intro", None,
        Paragraph((Plain(" · ".join(meta)),), "meta"),
        Paragraph((Plain(salary),), "salary") if salary else None,
        _paragraph(Prose(clean(p.summary or "", "summary", single_line=True)), "summary"),
    )
    about_blocks: list[Block | None] = []
    about_text = clean(c.about or "", "about")
    if about_text:
        about_blocks.append(Paragraph((Plain(about_text),)))
    if c.website:
        about_blocks.append(Paragraph((Plain("Website: "), Link(c.website, c.website)), "website"))
    about = _section("about", f"About {name}", *about_blocks)

    tools = tuple(
        (Strong(f"{label}:"), Plain(" " + ", ".join(clean(t, key, single_line=True)
                                                   for t in getattr(p.tools, key))))
        for key, label in TOOL_GROUPS if getattr(p.tools, key))
    tools_section = _section("tools", "Tools", BulletList(tools) if tools else None)

    apply_blocks: list[Block] = []
    if c.apply and c.apply.url:
        apply_blocks.append(Paragraph((Plain("Apply online: "), Link(c.apply.url, c.apply.url))))
    if c.apply and c.apply.email:
        lead = "Or e-mail us: " if apply_blocks else "E-mail your application to "
        apply_blocks.append(Paragraph((Plain(lead),
                                       Link(c.apply.email, f"mailto:{c.apply.email}"))))

    if c.valid_through:
        from babel.dates import format_date

        apply_blocks.append(Paragraph((Plain("Applications close on "),
                                       Plain(format_date(c.valid_through, "long",
                                                         locale=c.locale)),
                                       Plain(".")), "deadline"))

    faq = tuple(
        Section(f"faq-{i + 1}", clean(f.question, "faq question", single_line=True),
                (Paragraph((Prose(clean(f.answer, "faq answer", single_line=True)),)),))
        for i, f in enumerate(p.faq))

    skills = _list(p.skills, clean, "skills", True)
    sections = [
        intro,
        about,
        _section("responsibilities", "Responsibilities",
                 _list(p.responsibilities, clean, "responsibilities", True)),
        _section("requirements", "Requirements",
                 _list(p.qualifications.required, clean, "qualifications.required", True)),
        _section("nice-to-have", "Nice to have",
                 _list(p.qualifications.preferred, clean, "qualifications.preferred", True)),
        _section("skills", "Skills and tools", skills,
                 subsections=(tools_section,) if tools_section else ()),
        _section("benefits", "Benefits", _list(c.benefits, clean, "benefits", False)),
        _section("apply", "How to apply", *apply_blocks),
        _section("equal-opportunity", "Equal opportunity",
                 _paragraph(Plain(clean(c.equal_opportunity or "", "equal_opportunity")))),
        _section("faq", "Frequently asked questions", subsections=faq) if faq else None,
    ]
    return Posting(
        profile_id=resolved.id, title=title,
        company_slug=company_slug(company_entry, name),
        company=c, profile=p, date=date,
        sections=tuple(s for s in sections if s is not None),
        meta=tuple(meta), salary=salary, locale=c.locale,
        lang=content_language(c.locale),
        logo=_logo(c.logo, company_entry),
        library_root=library_root,
        keywords=tuple(item[0].text for item in skills.items) if skills else (),
        warnings=tuple(clean.warnings),
        company_file=_where(company_entry),
    )


def _where(entry: Entry | None) -> str | None:
    return entry.display() if entry else None


def _logo(logo: str | None, entry: Entry | None) -> Path | None:
    """The logo file, relative to its company file; it must exist inside that library."""
    if not logo:
        return None
    if entry is None:
        raise SchemaError("'logo' needs a company file to be relative to",
                          hint="set logo in companies/<name>.yaml, not with --var")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", logo):
        raise SchemaError(f"logo {logo!r} is an address, not a file",
                          path=entry.display(), hint="save the image beside the company file "
                          "and give its file name (e.g. logo: acme-logo.png)")
    base = entry.path.resolve().parent
    home = base.parent if base.name == "companies" else base
    path = (base / logo).resolve()
    if not path.is_relative_to(home):
        raise SchemaError(f"logo {logo!r} is outside the library folder",
                          path=entry.display(), hint="put the logo file beside the company file")
    if not path.is_file():
        raise SchemaError(f"logo file {display_path(path)!r} does not exist",
                          path=entry.display(), hint="fix 'logo:' or add the file")
    return path
