"""Turn posting text into gender-coded-wording and exclusionary-term findings (data: jdgen/data)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import msgspec

from ..errors import SchemaError
from ..yamlfile import YamlDoc, load_yaml
from .document import Document

DATA = Path(__file__).resolve().parent.parent / "data"
GENDER_FILE = DATA / "gendered-wording.yaml"
TERMS_FILE = DATA / "exclusionary-terms.yaml"
LEVELS = ("error", "warning", "info")

# --- gender-coded wording (Gaucher, Friesen & Kay 2011) ----------------------


class WordList(msgspec.Struct, frozen=True):
    """The stems, hyphenated stems and exceptions of ``gendered-wording.yaml``."""

    masculine: tuple[str, ...]
    feminine: tuple[str, ...]
    hyphenated: tuple[str, ...]
    exceptions: frozenset[str]
    source: str


@lru_cache(maxsize=1)
def word_list() -> WordList:
    data = load_yaml(GENDER_FILE, "jdgen/data/gendered-wording.yaml").data
    return WordList(tuple(data["masculine_stems"]), tuple(data["feminine_stems"]),
                    tuple(data["hyphenated_stems"]), frozenset(data["exceptions"]),
                    " ".join(data["source"].split()))


# Everything but letters, digits and '-' separates words ('_' too).
_SEPARATOR = re.compile(r"[^\w-]+|_+")


class Word(msgspec.Struct, frozen=True):
    """A word of the text as the matching rule sees it, and where it came from."""

    word: str
    unit: int  # index into Document.units
    offset: int  # character offset in that unit's text


def split_words(text: str, hyphenated: tuple[str, ...]) -> list[tuple[str, int]]:
    """Lower-cased words and their offsets: split on whitespace and punctuation, then on
    '-' unless the word starts with a hyphenated stem."""
    out: list[tuple[str, int]] = []
    lowered = text.lower()
    pos = 0
    for piece in _SEPARATOR.split(lowered):
        start = lowered.index(piece, pos) if piece else pos
        pos = start + len(piece)
        if not piece:
            continue
        if "-" in piece and not piece.startswith(hyphenated):
            offset = start
            for part in piece.split("-"):
                if part:
                    out.append((part, offset))
                offset += len(part) + 1
        else:
            out.append((piece, start))
    return out


def code_of(word: str, words: WordList) -> str | None:
    """``masculine``, ``feminine`` or None: a word is coded when it starts with a stem."""
    if word in words.exceptions:
        return None
    if word.startswith(words.masculine):
        return "masculine"
    if word.startswith(words.feminine):
        return "feminine"
    return None


def verdict(masculine: int, feminine: int) -> str:
    """The file's verdict rule: score = feminine - masculine."""
    if masculine == 0 and feminine == 0:
        return "empty"
    score = feminine - masculine
    if score == 0:
        return "neutral"
    if score > 3:
        return "strongly feminine-coded"
    if score > 0:
        return "feminine-coded"
    if score < -3:
        return "strongly masculine-coded"
    return "masculine-coded"


class GenderResult(msgspec.Struct, frozen=True):
    verdict: str
    masculine: tuple[Word, ...]
    feminine: tuple[Word, ...]

    def counts(self, coded: str) -> dict[str, int]:
        """Word -> occurrences, most frequent first, then alphabetical."""
        found = Counter(w.word for w in getattr(self, coded))
        return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def gender_coding(doc: Document, allowed: frozenset[str] = frozenset()) -> GenderResult:
    """Coded words of the whole posting and the verdict; ``allowed`` words are not coded.

    Section headings (``## Responsibilities``) are labels every posting shares, not
    wording anyone chose: they are not counted. The title and FAQ questions are.
    """
    words = word_list()
    found: dict[str, list[Word]] = {"masculine": [], "feminine": []}
    for i, unit in enumerate(doc.units):
        if unit.kind == "heading" and unit.level == 2:
            continue
        for word, offset in split_words(unit.text, words.hyphenated):
            coded = None if word in allowed else code_of(word, words)
            if coded:
                found[coded].append(Word(word, i, offset))
    m, f = found["masculine"], found["feminine"]
    return GenderResult(verdict(len(m), len(f)), tuple(m), tuple(f))


# --- exclusionary terms ------------------------------------------------------


class Term(msgspec.Struct, frozen=True):
    term: str
    match: tuple[str, ...]
    level: str  # error | warning | info | off
    why: str
    suggest: str


def _terms_from(doc: YamlDoc) -> list[Term]:
    items = doc.data.get("terms")
    if not isinstance(items, list):
        raise SchemaError("'terms' must be a list", path=doc.name, line=doc.line_of(("terms",)),
                          hint="see jdgen/data/exclusionary-terms.yaml for the form")
    terms = []
    for i, item in enumerate(items):
        where = {"path": doc.name, "line": doc.line_of(("terms", i))}
        if not isinstance(item, dict) or not item.get("term"):
            raise SchemaError("each term needs 'term:'", **where)
        level = item.get("level") or "warning"
        if level not in (*LEVELS, "off"):
            raise SchemaError(f"term {item['term']!r}: level {level!r} is unknown", **where,
                              hint="use error, warning, info or off")
        match = item.get("match") or [item["term"]]
        if not isinstance(match, list) or not all(isinstance(m, str) and m for m in match):
            raise SchemaError(f"term {item['term']!r}: 'match' must be a list of phrases",
                              **where)
        if level != "off" and not item.get("suggest"):
            raise SchemaError(f"term {item['term']!r} has no 'suggest:'", **where,
                              hint="say what to write instead")
        terms.append(Term(item["term"], tuple(match), level, item.get("why") or "",
                          item.get("suggest") or ""))
    return terms


def load_terms(extra: list[Path] = ()) -> list[Term]:
    """The built-in terms, then each library file's: a same-named term replaces, ``off`` drops."""
    stamps = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in extra)
    return list(_merged_terms(stamps))


@lru_cache(maxsize=8)
def _merged_terms(stamps: tuple[tuple[Path, int, int], ...]) -> tuple[Term, ...]:
    """Read once per process for each state of the library's term files (lint runs per posting)."""
    from ..library import display_path

    merged = {t.term.lower(): t for t in _builtin_terms()}
    for path, _, _ in stamps:
        for term in _terms_from(load_yaml(path, display_path(path))):
            merged[term.term.lower()] = term
    return tuple(t for t in merged.values() if t.level != "off")


@lru_cache(maxsize=1)
def _builtin_terms() -> tuple[Term, ...]:
    return tuple(_terms_from(load_yaml(TERMS_FILE, "jdgen/data/exclusionary-terms.yaml")))


_GAP = re.compile(r"[\s,-]+")


def _key(phrase: str) -> str:
    return _GAP.sub(" ", phrase.lower()).strip()


@lru_cache(maxsize=16)
def _matcher(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], dict[str, Term]]:
    """One regex for all phrases, longest first, so the longest phrase at a place wins.

    A space in a phrase also matches hyphens, commas and line breaks.
    """
    by_key: dict[str, Term] = {}
    for term in terms:
        for phrase in term.match:
            by_key.setdefault(_key(phrase), term)
    alts = sorted({r"[\s,-]+".join(re.escape(w) for w in p.split()) for t in terms
                   for p in t.match}, key=len, reverse=True)
    return (re.compile(rf"(?<![\w/-])(?:{'|'.join(alts)})(?![\w/-])", re.IGNORECASE),
            by_key)


class TermMatch(msgspec.Struct, frozen=True):
    term: Term
    unit: int
    start: int
    text: str


def find_terms(doc: Document, terms: list[Term],
               allowed: frozenset[str] = frozenset()) -> list[TermMatch]:
    """Every match in reading order; where phrases overlap the longest wins."""
    if not terms:
        return []
    pattern, by_key = _matcher(tuple(terms))
    allowed = frozenset(_key(a) for a in allowed)
    found: list[TermMatch] = []
    for i, unit in enumerate(doc.units):
        for m in pattern.finditer(unit.text):
            key = _key(m.group(0))
            if key not in allowed:
                found.append(TermMatch(by_key[key], i, m.start(), m.group(0)))
    return found
