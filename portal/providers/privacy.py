"""The one privacy check of what is written about children and families (R-AXA-5).

STC and RFC store no personal data about children or parents: counts only, no initials (S0 ¶40;
S4 §"Request for information…"). SCH and CH describe children only as initials or counts.
Names, dates of birth and addresses are refused everywhere. Used by the Annex A web form, the
spreadsheet parser and every other free-text field about children, so none of them can be a way
round it. Pure: a value and a setting type in, a finding (or None) out.

Dates in any form are refused (a date of birth cannot be told from any other date), as are
spreadsheet date cells and date values, postcodes, street addresses and words shaped like names.
Names are recognised by a title ("Mr Jones"), a surname prefix ("O'Neil", "McDonald"), a common
given name, or two capitalised words together that are not at the start of a sentence and not
the words professionals capitalise (organisations, services, places: ``privacy_words``).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from portal.providers.models import SettingType
from portal.providers.privacy_words import ACRONYMS, COMMON_CAPITALISED, GIVEN_NAMES

RULE = "R-AXA-5"
# Settings that store no personal data at all: counts only, no initials.
COUNTS_ONLY = frozenset({SettingType.SECURE_TRAINING_CENTRE, SettingType.RESIDENTIAL_FAMILY_CENTRE})
DATE, POSTCODE, ADDRESS, NAME, INITIALS = "a date", "a postcode", "an address", "a name", "initials"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,4}\b")
_WORD_DATES = [
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{_MONTH})(?![a-z])", re.I),  # 12 May, 3rd of March
    re.compile(
        rf"\b(?P<month>{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:children|families|parents|staff))", re.I
    ),  # May 12th
    re.compile(rf"\b(?P<month>{_MONTH})\s+'?(?:\d{{4}}|\d{{2}})\b", re.I),  # May 2014
]
_BIRTH = re.compile(r"\bd\.?o\.?b\b\.?|\bdate of birth\s*[:=-]|\bborn\b[^.;\n]{0,20}?(?:\d|" + _MONTH + r"\b)", re.I)
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d(?!(?:st|nd|rd|th|am|pm)\b)[A-Z]{2}\b", re.I)
_SUFFIX = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Crescent|Terrace|Gardens|Grove|Place|Square|Mews|Way|Parade"
)
_ADDRESSES = [
    re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z'’\-]+\s+){{1,3}}(?:{_SUFFIX})\b"),  # 14 Acacia Avenue
    re.compile(
        r"\b\d{1,4}[a-z]?,?\s+(?:[a-z'’\-]+\s+){1,2}(?:street|road|avenue|lane|crescent|terrace|gardens|mews)\b", re.I
    ),  # 14 acacia avenue
    re.compile(
        r"\b(?:on|at|in|lives|living|from)\s+(?:[A-Z][a-z'’\-]+\s+){1,2}"
        r"(?:Street|Road|Avenue|Lane|Crescent|Terrace|Gardens|Mews|Close|Drive)\b"
    ),  # lives on Acacia Avenue
    re.compile(r"\b(?:Flat|Apartment|Apt)\.?\s+\d+[A-Za-z]?\s*,", re.I),  # Flat 2, ...
]
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Master|Dr)\.?\s+[A-Z][A-Za-z'’\-]+")
_SURNAME_PREFIX = re.compile(r"\b(?:O['’]|Mc)[A-Z][a-z]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_CAPITALISED = re.compile(r"^[A-Z][a-z]+(?:['’\-][A-Z]?[a-z]+)*$")
_CLAUSE_END = re.compile(r"[.!?:;()\n\u2022*\-–—]\s*$|^\s*$")
_DOTTED_INITIALS = re.compile(r"\b(?:[A-Z]\.\s?){2,3}(?![a-z])")
_CAPITAL_LETTERS = re.compile(r"\b[A-Z]{2,3}\b")
_SHORT_WORDS = frozenset(
    "and the for all but not are was has had who any one two six ten off out our new old day per "
    "via yes can may did due get got its let may nor now own see she her him his how use way "
    "why yet".split()
)


@dataclass(frozen=True)
class Finding:
    """What was found (``DATE``, ``POSTCODE``, ``ADDRESS``, ``NAME``, ``INITIALS``) and the text found."""

    kind: str
    text: str


def counts_only(setting_type: SettingType | None) -> bool:
    """STC and RFC (and an unknown type, to be safe) store no initials (R-AXA-5)."""
    return setting_type is None or setting_type in COUNTS_ONLY


def advice(setting_type: SettingType | None) -> str:
    """What to write instead, per setting type."""
    if counts_only(setting_type):
        people = "children or parents" if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE else "children"
        return f"use counts only, not names, initials, dates of birth or addresses of {people}"
    return "use initials or counts, not names, dates of birth or addresses"


def message(label: str, finding: Finding, setting_type: SettingType | None) -> str:
    """A GOV.UK error message: what is wrong and what to write instead."""
    return f"{label} must not include {finding.kind}: {advice(setting_type)}"


def find(value, setting_type: SettingType | None, dates: bool = True) -> Finding | None:
    """The first personal detail in ``value`` (text, or a spreadsheet cell's value), or None.

    With ``dates=False`` only a date of birth said as one ("born on …", "DOB") is refused: for
    text about an event, whose days are part of what happened (a notification)."""
    if isinstance(value, (datetime, date, time)):
        return Finding(DATE, value.isoformat())
    if value is None or isinstance(value, (bool, int, float)):
        return None
    text = str(value)
    for kind, found in (
        (DATE, _date(text) if dates else _BIRTH.search(text)),
        (POSTCODE, _POSTCODE.search(text)),
        (ADDRESS, _address(text)),
        (NAME, _name(text)),
    ):
        if found:
            return Finding(kind, found.group(0) if hasattr(found, "group") else found)
    if counts_only(setting_type):
        initials = _initials(text)
        if initials:
            return Finding(INITIALS, initials)
    return None


def _date(text: str):
    found = _NUMERIC_DATE.search(text) or _BIRTH.search(text)
    if found:
        return found
    for pattern in _WORD_DATES:
        for match in pattern.finditer(text):
            month = match.group("month")
            # "may" and "mar" in lower case are words ("staff may 2…"), not months.
            if month.rstrip(".").lower() in ("may", "mar", "march") and month[0].islower():
                continue
            return match
    return None


def _address(text: str):
    return next((found for pattern in _ADDRESSES if (found := pattern.search(text))), None)


def _ordinary(word: str) -> bool:
    """A capitalised word professionals write that is not a name."""
    base = re.sub(r"['’]s$", "", word).lower()
    return base in COMMON_CAPITALISED or all(part in COMMON_CAPITALISED for part in base.split("-") if part)


def _name(text: str) -> str | None:
    found = _TITLE.search(text) or _SURNAME_PREFIX.search(text)
    if found:
        return found.group(0)
    words = list(_WORD.finditer(text))
    for index, match in enumerate(words):
        word = match.group(0)
        if not _CAPITALISED.match(word):
            continue
        if re.sub(r"['’]s$", "", word).lower() in GIVEN_NAMES:
            return word
        if index + 1 >= len(words):
            continue
        following = words[index + 1]
        between = text[match.end() : following.start()]
        starts_clause = bool(_CLAUSE_END.search(text[: match.start()]))
        if (
            between == " "
            and not starts_clause
            and _CAPITALISED.match(following.group(0))
            and not _ordinary(word)
            and not _ordinary(following.group(0))
        ):
            return f"{word} {following.group(0)}"
    return None


def _initials(text: str) -> str | None:
    found = _DOTTED_INITIALS.search(text)
    if found:
        return found.group(0).strip()
    for match in _CAPITAL_LETTERS.finditer(text):
        letters = match.group(0)
        if letters not in ACRONYMS and letters.lower() not in _SHORT_WORDS:
            return letters
    return None
