"""Easy-read rules for child-friendly summaries (R-CFS-1..3): the fixed sections, the pictures,
and the advice the writing aid gives. Pure functions: no Flask, no database."""

import re
from dataclasses import dataclass
from typing import Any

import textstat

from portal.inspections import rules as inspection_rules
from portal.providers.models import SettingType

MAX_SENTENCE_WORDS = 15  # easy-read practice: one idea per sentence, about 15 words or fewer
LONG_WORD_SYLLABLES = 4  # words this long are hard at a reading age of about 9
TARGET_READING_AGE = 9
SECTION_MAX = 3000


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    picture: str  # the default pictogram


SECTIONS = (
    Section(
        "who", "Who we are and why we came", "Say who the inspectors are and what they came to do.", "people_talking"
    ),
    Section("good", "What is good", "What is going well for the children.", "thumbs_up"),
    Section("better", "What needs to get better", "What the home must do better, in plain words.", "arrow_up"),
    Section("next", "What happens next", "What happens now, and that staff will help you understand this.", "calendar"),
    Section("worried", "If you are worried, who you can tell", "Who children can talk to, and how.", "telephone"),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}

# The pictograms drawn in portal/summaries/pictograms.py, with their plain names.
PICTURES = {
    "home": "A house",
    "people_talking": "People talking",
    "thumbs_up": "Thumbs up",
    "arrow_up": "Arrow going up",
    "calendar": "Calendar",
    "worried_face": "Worried face",
    "helping_hands": "Helping hands",
    "school": "School",
    "health": "Health",
    "star": "Star",
    "ear": "Ear listening",
    "telephone": "Telephone",
}

# Words children should not have to know, with what to say instead.
JARGON = {
    "regulation": "rule",
    "regulations": "rules",
    "safeguarding": "keeping you safe",
    "requirement": "something they must do",
    "requirements": "things they must do",
    "provision": "what the home gives you",
    "provider": "the company that runs your home",
    "compliance": "following the rules",
    "inadequate": "not good enough",
    "judgement": "what we decided",
    "inspectorate": "us",
    "placement": "living here",
    "multi-agency": "different people working together",
    "statutory": "by law",
    "deprivation": "taking away",
    "recommendation": "idea to make things better",
    "recommendations": "ideas to make things better",
}
ACRONYMS = {
    "RI": "the person in charge of the company",
    "RM": "the manager",
    "IP": "the visitor",
    "SCH": "secure home",
    "STC": "secure training centre",
    "LA": "the council",
    "CAMHS": "mental health team",
    "SCCIF": "the way we inspect",
    "DBS": "safety checks",
}

# R-CFS-3: what every summary must say.
HELP_UNDERSTAND = re.compile(r"\bstaff\b.*\bhelp\b.*\bunderstand", re.IGNORECASE)
RAISE_WORRY = re.compile(r"\b(tell|talk|speak|call|phone|ring|contact)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Advice:
    section: str | None  # None for advice about the whole summary
    kind: str  # long_sentence | long_word | jargon | acronym | reading_age | missing | empty
    message: str
    blocking: bool = False


def expected(setting_type: SettingType, inspection_type: str) -> bool:
    """R-CFS-1: after every full inspection of a secure children's home or secure training centre."""
    return inspection_type == inspection_rules.FULL and setting_type in (
        SettingType.SECURE_CHILDRENS_HOME,
        SettingType.SECURE_TRAINING_CENTRE,
    )


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text or "") if s.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'\-]*", text or "")


def _opening(sentence: str, limit: int = 60) -> str:
    """The start of a sentence, cut at a word, with an ellipsis only when something was cut."""
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def reading_age(text: str) -> float | None:
    """Flesch-Kincaid grade plus five: the age of a reader in the grade (US grades start at 6)."""
    if len(words(text)) < 10:
        return None
    grade: float = textstat.flesch_kincaid_grade(text)
    return round(grade + 5, 1)


def advice(sections: dict[str, dict[str, Any]]) -> list[Advice]:
    """What to change, section by section; ``blocking`` advice stops the summary being saved."""
    found: list[Advice] = []
    for section in SECTIONS:
        text = (sections.get(section.key) or {}).get("text", "").strip()
        if not text:
            found.append(Advice(section.key, "empty", f"Write '{section.title}'", blocking=True))
            continue
        for sentence in sentences(text):
            count = len(words(sentence))
            if count > MAX_SENTENCE_WORDS:
                found.append(
                    Advice(
                        section.key,
                        "long_sentence",
                        f"This sentence has {count} words: split it so each has "
                        f'{MAX_SENTENCE_WORDS} or fewer: "{_opening(sentence)}"',
                    )
                )
        seen = set()
        for word in words(text):
            lower = word.lower()
            if lower in seen:
                continue
            seen.add(lower)
            if lower in JARGON:
                found.append(Advice(section.key, "jargon", f'Instead of "{word}", say "{JARGON[lower]}"'))
            elif word in ACRONYMS:
                found.append(Advice(section.key, "acronym", f'Instead of "{word}", say "{ACRONYMS[word]}"'))
            elif len(word) > 3 and textstat.syllable_count(word) >= LONG_WORD_SYLLABLES:
                found.append(Advice(section.key, "long_word", f'"{word}" is a long word: use a shorter one if you can'))
    everything = "\n".join((sections.get(s.key) or {}).get("text", "") for s in SECTIONS)
    age = reading_age(everything)
    if age is not None and age > TARGET_READING_AGE + 2:
        found.append(
            Advice(
                None,
                "reading_age",
                f"The reading age is about {age:g}: aim for about "
                f"{TARGET_READING_AGE}. Use shorter sentences and words.",
            )
        )
    if everything.strip() and not any(HELP_UNDERSTAND.search(s) for s in sentences(everything)):
        found.append(
            Advice("next", "missing", "Say that staff will help children understand this summary", blocking=True)
        )
    worried = (sections.get("worried") or {}).get("text", "")
    if worried.strip() and not RAISE_WORRY.search(worried):
        found.append(
            Advice("worried", "missing", "Tell children how to raise a worry: who they can tell or call", blocking=True)
        )
    return found


def blocking(found: list[Advice]) -> list[Advice]:
    return [a for a in found if a.blocking]
