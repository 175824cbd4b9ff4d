"""Gender-coded wording (Gaucher, Friesen & Kay 2011) and exclusionary terms, hand-worked."""

from __future__ import annotations

import pytest

from jdgen.checks.document import parse_markdown
from jdgen.checks.wording import gender_coding, split_words, verdict, word_list
from jdgen.lint import LintSettings, lint_text, settings_from


def coding(text: str, allowed: frozenset[str] = frozenset()):
    result = gender_coding(parse_markdown(text), allowed)
    return result.verdict, result.counts("masculine"), result.counts("feminine")


def test_word_list_is_the_shared_data_file() -> None:
    words = word_list()
    assert words.masculine[:3] == ("active", "adventurous", "aggress")
    assert "sharin" in words.feminine and "sharepoint" in words.exceptions
    assert words.source.startswith("Gaucher, D., Friesen, J., & Kay, A. C. (2011).")


@pytest.mark.parametrize(("masculine", "feminine", "expected"), [
    (0, 0, "empty"),
    (2, 2, "neutral"),
    (0, 1, "feminine-coded"),
    (1, 4, "feminine-coded"),  # score 3: still feminine-coded
    (0, 4, "strongly feminine-coded"),  # score 4
    (1, 0, "masculine-coded"),
    (4, 1, "masculine-coded"),  # score -3
    (5, 1, "strongly masculine-coded"),  # score -4
])
def test_verdict_thresholds(masculine: int, feminine: int, expected: str) -> None:
    assert verdict(masculine, feminine) == expected


def test_punctuation_splits_words() -> None:
    # "leader," "(analytical)!" "team's" "support/trust" "yield—then"
    assert coding("A leader, (analytical)! The team's support/trust; yield—then go.") == (
        "feminine-coded", {"analytical": 1, "leader": 1},
        {"support": 1, "trust": 1, "yield": 1})
    words = [w for w, _ in split_words("Don't stop: re_use it.", ())]
    assert words == ["don", "t", "stop", "re", "use", "it"]


def test_hyphenated_words() -> None:
    # Kept whole when they start with a hyphenated stem, else split on '-'.
    assert coding("self-confident co-operative inter-personal") == (
        "feminine-coded", {"self-confident": 1}, {"co-operative": 1, "inter-personal": 1})
    # "data-driven" splits, so "driven" is coded; "head-strong" splits into two plain words
    # (the stem 'head-strong' is not in hyphenated_stems, so it never matches).
    assert coding("data-driven head-strong") == ("masculine-coded", {"driven": 1}, {})
    assert [w for w, _ in split_words("self-reliant well-known", word_list().hyphenated)] == [
        "self-reliant", "well", "known"]


def test_repeated_words_count_each_time() -> None:
    assert coding("Lead. Lead the leads; leadership.") == (
        "strongly masculine-coded", {"lead": 2, "leads": 1, "leadership": 1}, {})
    assert coding("Support, support and support our supportive team.") == (
        "strongly feminine-coded", {}, {"support": 3, "supportive": 1})


def test_prefix_match_and_exceptions() -> None:
    # Stems match the start of a word only; 'sharepoint' is an exception, 'shared' is not.
    assert coding("We use SharePoint and shared drives; misleading unkind") == (
        "feminine-coded", {}, {"shared": 1})


def test_every_verdict_through_the_rule() -> None:
    cases = {
        "We ship software for clinics.": "empty",
        "Lead the project and support the team.": "neutral",
        "You are kind and honest.": "feminine-coded",
        "Kind, warm, honest, loyal and polite.": "strongly feminine-coded",
        "A competitive salary.": "masculine-coded",
        "A competitive, driven, decisive and fearless leader.": "strongly masculine-coded",
    }
    for text, expected in cases.items():
        result = lint_text(text)
        assert result.metrics["gender"]["verdict"] == expected, text
        found = [f for f in result.findings if f.rule == "gender-coded"]
        if expected == "empty":
            assert not found
        else:
            level = "warning" if "masculine" in expected else "info"
            assert [f.level for f in found] == [level], text
            assert found[0].message.startswith(f"{expected} wording")


def test_gender_finding_lists_words_with_locations() -> None:
    result = lint_text("# Job\n\nA competitive team.\n\n## Requirements\n\n- Be competitive.\n"
                       "- Be dominant.\n")
    (f,) = [f for f in result.findings if f.rule == "gender-coded"]
    assert f.level == "warning"
    assert f.message == ("masculine-coded wording (3 masculine, 0 feminine: "
                         "competitive ×2, dominant)")
    assert f.brief == "masculine-coded wording (3: competitive, dominant)"
    assert (f.location.section, f.location.line, f.location.text) == (
        "intro", 3, "competitive")
    assert [(r.section, r.line, r.text) for r in f.related] == [
        ("intro", 3, "competitive"), ("requirements", 7, "competitive"),
        ("requirements", 8, "dominant")]


def test_section_headings_are_not_coded() -> None:
    # "Responsibilities" (a feminine-coded stem) heads every built-in posting: as a label
    # it says nothing about the wording, so it must not make every posting feminine-coded.
    result = lint_text("# Lead Engineer\n\n## Responsibilities\n\n- Ship software.\n\n"
                       "## FAQ\n\n### Is the team supportive?\n\nYes.\n")
    assert result.metrics["gender"] == {"verdict": "neutral", "masculine": {"lead": 1},
                                        "feminine": {"supportive": 1}}


def test_neutral_finding_names_both_sides() -> None:
    (f,) = [f for f in lint_text("Lead and support.").findings if f.rule == "gender-coded"]
    assert (f.level, f.message) == (
        "info", "neutral wording (1 masculine, 1 feminine: lead, support)")


def test_allowed_words_are_not_coded() -> None:
    settings = settings_from({"allow": {"Lead": "our job title is Tech Lead"}})
    result = lint_text("Lead the lead team.", settings)
    assert result.metrics["gender"]["verdict"] == "empty"
    assert result.allowed == {"lead": "our job title is Tech Lead"}


# --- exclusionary terms -------------------------------------------------------------------


def terms(text: str, settings: LintSettings | None = None) -> list[tuple[str, str, str]]:
    return [(f.level, f.location.text, f.suggestion) for f in lint_text(text, settings).findings
            if f.rule == "exclusionary-term"]


@pytest.mark.parametrize(("text", "found", "level"), [
    ("We want a rockstar.", "rockstar", "warning"),
    ("Are you a Rock-Star?", "Rock-Star", "warning"),
    ("A coding ninja", "ninja", "warning"),
    ("Our Python guru", "guru", "warning"),
    ("Join a young team", "young", "error"),
    ("You are a digital native.", "digital native", "error"),
    ("A strong culture fit.", "culture fit", "warning"),
    ("Hey guys!", "guys", "warning"),
    ("Enough manpower.", "manpower", "warning"),
    ("He or she will lead.", "He or she", "warning"),
    ("s/he writes code", "s/he", "warning"),
    ("Native English speaker required.", "Native English speaker", "error"),
    ("The ideal candidate knows his tools.", "his", "warning"),
])
def test_terms_are_found(text: str, found: str, level: str) -> None:
    hits = terms(text)
    assert [(lv, t) for lv, t, _ in hits] == [(level, found)]
    assert hits[0][2]  # every term has a suggestion


@pytest.mark.parametrize("text", [
    "The youngest service in our stack.",  # not 'young'
    "A history of shipping on time.",  # not 'his'
    "Fluent in English.",
    "Guyana office",
    "Thesis work welcome.",
])
def test_terms_negative(text: str) -> None:
    assert terms(text) == []


def test_overlapping_terms_give_one_finding() -> None:
    assert [t for _, t, _ in terms("He/she and him or her.")] == ["He/she", "him or her"]


def test_library_extends_and_drops_terms(tmp_path) -> None:
    extra = tmp_path / "terms.yaml"
    extra.write_text("terms:\n  - term: hustle\n    match: [hustle, hustler]\n    level: error\n"
                     "    why: Signals unpaid overtime.\n    suggest: work steadily\n"
                     "  - term: guru\n    level: 'off'\n", "utf-8")
    settings = settings_from({}, terms=[extra])
    assert terms("A hustler and a guru.", settings) == [
        ("error", "hustler", "work steadily")]


def test_allowed_term() -> None:
    settings = settings_from({"allow": {"guru": "the product is called Guru"}})
    assert terms("Work on Guru.", settings) == []


def test_allowed_phrase_matches_across_hyphens() -> None:
    settings = settings_from({"allow": {"man hours": "a quote from our 1950s ad"}})
    assert terms("Count the man-hours and the manpower.", settings) == [
        ("warning", "manpower", "staff, workforce, person-hours")]
