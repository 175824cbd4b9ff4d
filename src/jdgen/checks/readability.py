"""Turn text into Flesch reading ease and Flesch-Kincaid grade (words, sentences, syllables).

Flesch (1948): ease = 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words).
Kincaid et al. (1975): grade = 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59.
Syllables are counted with spelling rules (no dictionary), exact for common English words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import msgspec

_URL = re.compile(r"\b(?:https?://|mailto:|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A sentence ends at . ! or ? followed by a space, or at the end of a unit (list item, heading).
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|inc|no)\.(?=\s)", re.IGNORECASE)

# Words the spelling rules get wrong, with their dictionary syllable counts.
_EXCEPTIONS = {
    "area": 3, "idea": 3, "being": 2, "every": 3, "everyone": 4, "business": 2,
    "people": 2, "science": 2, "create": 2, "created": 3, "creating": 3, "really": 2,
    "ruby": 2, "python": 2, "via": 2, "api": 3, "apis": 3, "aws": 3, "sql": 3,
    "covered": 2, "poem": 2, "quiet": 2, "diet": 2, "client": 2, "clients": 2,
    "science's": 2, "towards": 2, "toward": 2, "whole": 1, "one": 1, "once": 1,
    "choir": 1, "colonel": 2, "recipe": 3, "simile": 3, "apostrophe": 4, "epitome": 4,
    "coyote": 3, "maybe": 2, "somewhere": 2, "someone": 2, "sometimes": 2, "something": 2,
    "therefore": 2, "anywhere": 3, "everywhere": 3, "whereas": 2, "themselves": 2,
    "lived": 1, "moved": 1, "used": 1, "based": 1, "named": 1, "shipped": 1,
}
_VOWELS = re.compile(r"[aeiouy]+")
# Vowel pairs read as two syllables (ri-ot, cre-ate, li-on), unless in -tion/-cial/-gious.
_SPLIT_PAIRS = re.compile(r"(?<![tcsgxq])(?:ia|io|iu|eo|ua|uo|ii|ie(?=n[ct]|t))")


def syllables(word: str) -> int:
    """Syllables in one English word, by spelling rules; at least 1."""
    return _syllables(word.lower())


@lru_cache(maxsize=8192)
def _syllables(word: str) -> int:
    w = word.replace("’", "'")
    if "-" in w:
        return sum(_syllables(p) for p in w.split("-") if p)
    w = w.removesuffix("'s").replace("'", "")
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    count = 0
    stem = w
    # Silent final -e, -es, -ed (but not -le, -ted/-ded, -ses/-ces/-ges/-zes/-xes).
    silent_ed = re.search(r"[^aeiouy]ed$", stem) and not re.search(r"[td]ed$", stem)
    silent_es = re.search(r"[^aeiouy]es$", stem) and not re.search(r"(?:[sxzc]|ch|sh|g)es$", stem)
    if silent_ed or silent_es:
        stem = stem[:-2]
    elif stem.endswith("e") and not stem.endswith(("ee", "ye")):
        if re.search(r"[^aeiouy]le$", stem):
            count += 1  # ta-ble: the final e is silent but -le is a syllable
        stem = stem[:-1]
    count += len(_VOWELS.findall(stem))
    count += len(_SPLIT_PAIRS.findall(stem))
    if re.search(r"[aeiouy]ing$", stem):
        count += 1  # go-ing, play-ing
    return max(1, count)


class Readability(msgspec.Struct, frozen=True):
    words: int
    sentences: int
    syllables: int

    @property
    def reading_ease(self) -> float:
        if not self.words:
            return 0.0
        return round(206.835 - 1.015 * self.words / self.sentences
                     - 84.6 * self.syllables / self.words, 1)

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return round(0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words
                     - 15.59, 1)

    def to_dict(self) -> dict[str, float | int]:
        return {"words": self.words, "sentences": self.sentences, "syllables": self.syllables,
                "flesch_reading_ease": self.reading_ease, "flesch_kincaid_grade": self.grade}


def words_of(text: str) -> list[str]:
    """The words of ``text``: runs of letters (with inner ' or -), URLs and e-mails left out."""
    return _WORD.findall(_URL.sub(" ", text))


def measure(blocks: list[str]) -> Readability:
    """Counts over text blocks; each block (paragraph, list item, heading) ends a sentence."""
    words = sentences = syl = 0
    for block in blocks:
        block = _ABBREVIATION.sub(lambda m: m.group(0)[:-1], _URL.sub(" ", block))
        for sentence in _SENTENCE_END.split(block):
            found = words_of(sentence)
            if found:
                sentences += 1
                words += len(found)
                syl += sum(syllables(w) for w in found)
    return Readability(words, max(sentences, 1), syl)
