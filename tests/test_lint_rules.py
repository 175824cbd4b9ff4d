"""Readability, length, requirement count, degree gates, completeness and [lint] settings."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jdgen.checks.findings import RULES
from jdgen.checks.readability import measure, syllables
from jdgen.errors import SchemaError
from jdgen.lint import lint_text, settings_from

# Dictionary syllable counts (Merriam-Webster) that the spelling rules must get right.
SYLLABLES = {
    "cat": 1, "the": 1, "jumped": 1, "makes": 1, "queue": 1, "designed": 2, "table": 2,
    "little": 2, "people": 2, "create": 2, "wanted": 2, "boxes": 2, "changes": 2,
    "going": 2, "being": 2, "client": 2, "quiet": 2, "hybrid": 2, "mammal": 2,
    "creature": 2, "science": 2, "engineer": 3, "platypus": 3, "seemingly": 3, "created": 3,
    "database": 3, "services": 3, "scalable": 3, "religion": 3, "veteran": 3, "period": 3,
    "experience": 4, "Australian": 4, "reptilian": 4, "engineering": 4, "architecture": 4,
    "reliable": 4, "security": 4, "collaborate": 4, "application": 4, "equivalent": 4,
    "discriminate": 4, "communication": 5, "opportunity": 5, "orientation": 5,
    "disability": 5, "accommodation": 5, "qualifications": 5, "responsibilities": 6,
    "self-reliant": 4, "team's": 1,
}


@pytest.mark.parametrize(("word", "count"), sorted(SYLLABLES.items()))
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


@pytest.mark.parametrize(("text", "words", "sentences", "syl", "ease", "grade"), [
    # Wikipedia, "Flesch–Kincaid readability tests": the cat sentence scores 116.
    ("The cat sat on the mat.", 6, 1, 6, 116.1, -1.4),
    # Same article: 13 words and 26 syllables score 24.4.
    ("The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.",
     13, 1, 26, 24.4, 13.1),
    # By hand: 206.835 - 1.015 * 9/2 - 84.6 * 12/9 = 89.47; 0.39 * 9/2 + 11.8 * 12/9 - 15.59
    # = 1.90.
    ("We ship code. Clinics use our software each morning!", 9, 2, 12, 89.5, 1.9),
])
def test_flesch_known_values(text, words, sentences, syl, ease, grade) -> None:
    r = measure([text])
    assert (r.words, r.sentences, r.syllables) == (words, sentences, syl)
    assert (r.reading_ease, r.grade) == (ease, grade)


def test_list_items_and_headings_end_sentences_urls_do_not_count() -> None:
    r = measure(["Benefits", "Paid leave", "See https://acme.example/jobs or jobs@acme.example."])
    assert (r.words, r.sentences) == (5, 3)


def rules(text: str, settings=None) -> list[tuple[str, str]]:
    return [(f.rule, f.level) for f in lint_text(text, settings).findings
            if f.rule != "gender-coded"]


def test_readability_warns_above_grade_12() -> None:
    hard = ("Comprehensive organizational responsibilities necessitate extraordinary "
            "administrative capabilities, considerable interdisciplinary communication, "
            "and sophisticated technological understanding.")
    result = lint_text(hard)
    (f,) = [f for f in result.findings if f.rule == "readability"]
    grade = result.metrics["readability"]["flesch_kincaid_grade"]
    assert grade > 12 and f.level == "warning"
    assert f.message.startswith(f"grade {grade:.1f} readability (Flesch reading ease ")
    assert ("readability", "warning") not in rules("We ship code. You test it.")


def words_text(n: int) -> str:
    return " ".join(["Ship code."] * (n // 2) + ["Ship."] * (n % 2))


@pytest.mark.parametrize(("n", "warned"), [(299, True), (300, False), (900, False),
                                           (901, True)])
def test_length(n: int, warned: bool) -> None:
    result = lint_text(words_text(n))
    assert result.metrics["readability"]["words"] == n
    assert (("length", "warning") in rules(words_text(n))) is warned


def requirements(n: int) -> str:
    return "## Requirements\n\n" + "".join(f"- Skill number {i}.\n" for i in range(n))


def test_requirements_count() -> None:
    assert ("requirements-count", "warning") not in rules(requirements(8))
    result = lint_text(requirements(9))
    (f,) = [f for f in result.findings if f.rule == "requirements-count"]
    assert f.message == "9 required qualifications; keep to 8 or fewer"
    assert (f.location.section, f.location.line) == ("requirements", 11)


@pytest.mark.parametrize(("item", "flagged"), [
    ("A bachelor's degree in computer science.", True),
    ("BSc in Computer Science required.", True),
    ("A degree in computer science, or equivalent experience.", False),
    ("A CS degree or equal hands-on experience.", False),
    ("Five years of Java.", False),
])
def test_degree_gate(item: str, flagged: bool) -> None:
    found = ("degree-gate", "info") in rules(f"## Qualifications\n\n- {item}\n")
    assert found is flagged


def test_completeness() -> None:
    assert ("equal-opportunity", "error") in rules("We hire people.")
    assert ("how-to-apply", "error") in rules("We hire people.")
    ok = ("## How to apply\n\nApply at https://acme.example/apply.\n\n"
          "## Equal opportunity\n\nAcme is an equal opportunity employer.\n")
    assert rules(ok) == [("length", "warning")]


def test_empty_section_and_placeholders() -> None:
    result = lint_text("# {{ title }}\n\n## Benefits\n\n## About\n\nWe are [Company]. TODO: "
                       "pay TBD. Call todo-list.\n")
    found = [(f.rule, f.location.line, f.location.text) for f in result.findings
             if f.rule in ("placeholder", "empty-section")]
    assert sorted(found) == [
        ("empty-section", 3, "Benefits"),
        ("placeholder", 1, "{{"), ("placeholder", 1, "}}"),
        ("placeholder", 7, "TBD"), ("placeholder", 7, "TODO"),
        ("placeholder", 7, "[Company]")]


def test_settings_relevel_and_switch_off() -> None:
    settings = settings_from({"rules": {"how-to-apply": "warning", "equal-opportunity": "off",
                                        "length": "info"}})
    assert rules("We hire people.", settings) == [("how-to-apply", "warning"),
                                                  ("length", "info")]


def test_settings_errors() -> None:
    with pytest.raises(SchemaError) as e:
        settings_from({"rules": {"degree-gates": "off"}}, "jdgen.toml")
    assert str(e.value) == ("jdgen.toml: [lint.rules] unknown rule 'degree-gates' — "
                            "did you mean 'degree-gate'?")
    with pytest.raises(SchemaError) as e:
        settings_from({"allow": {"lead": " "}}, "jdgen.toml")
    assert str(e.value) == ("jdgen.toml: [lint.allow] 'lead' has no reason — write why it "
                            "is fine: lead = \"our job title\"")
    with pytest.raises(SchemaError) as e:
        settings_from({"rules": {"length": "loud"}}, "jdgen.toml")
    assert str(e.value) == ("jdgen.toml: [lint.rules] 'length' cannot be 'loud' — use one of: "
                            "error, warning, info, off")
    with pytest.raises(SchemaError) as e:
        settings_from({"fail_on": "never"}, "jdgen.toml")
    assert str(e.value) == ("jdgen.toml: 'lint.fail_on' cannot be 'never' — use one of: "
                            "error, warning, info")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_lints_the_same_twice_with_findings_on_its_lines(text: str) -> None:
    result = lint_text(text)
    assert result.to_dict() == lint_text(text).to_dict()
    lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for finding in result.findings:
        assert finding.rule in RULES
        assert finding.level in ("error", "warning", "info")
        assert finding.location.line is None or 1 <= finding.location.line <= lines
    assert [f.location.line or 0 for f in result.findings] == sorted(
        f.location.line or 0 for f in result.findings)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_a_term_in_its_own_paragraph_is_found_after_any_text(text: str) -> None:
    assume("```" not in text and "~~~" not in text)  # an open code fence would swallow it
    result = lint_text(f"{text}\n\nWe want a rockstar on the team.\n")
    assert [f.location.text for f in result.findings
            if f.rule == "exclusionary-term"][-1:] == ["rockstar"]
