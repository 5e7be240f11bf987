"""The writing aid's advice (R-CFS-3 and easy-read practice), as pure rules."""

from portal.providers.models import SettingType
from portal.summaries import rules
from tests.summaries.conftest import good_sections


def kinds(found, section=None):
    return {a.kind for a in found if section is None or a.section == section}


def test_a_good_summary_gets_no_advice():
    assert rules.advice(good_sections()) == []


def test_long_sentences_are_flagged_with_their_word_count():
    sentence = " ".join(["we"] * 16) + "."
    found = rules.advice(good_sections(good=sentence + " Short one."))
    long = [a for a in found if a.kind == "long_sentence"]
    assert len(long) == 1 and "16 words" in long[0].message and not long[0].blocking
    assert long[0].message.endswith('we we we."') and "…" not in long[0].message
    cut = rules.advice(good_sections(good=" ".join(["words"] * 16) + "."))[0].message
    assert cut.endswith('words words…"')
    assert rules.advice(good_sections(good=" ".join(["word"] * 15) + ".")) == []


def test_jargon_and_acronyms_get_plain_alternatives_once_each():
    found = rules.advice(good_sections(better="Safeguarding must improve. The RI must visit. Safeguarding matters."))
    messages = [a.message for a in found if a.section == "better"]
    assert messages.count('Instead of "Safeguarding", say "keeping you safe"') == 1
    assert 'Instead of "RI", say "the person in charge of the company"' in messages


def test_words_of_many_syllables_are_flagged():
    found = rules.advice(good_sections(good="Staff are unbelievably organised."))
    assert any(a.kind == "long_word" and "unbelievably" in a.message for a in found)


def test_the_reading_age_is_flagged_when_well_above_nine():
    hard = (
        "Consequently, institutional arrangements necessitate comprehensive organisational "
        "restructuring. Administrative considerations predominate. "
    )
    found = rules.advice(good_sections(better=hard * 2))
    assert "reading_age" in kinds(found)
    assert rules.reading_age(" ".join(t["text"] for t in good_sections().values())) < 11


def test_r_cfs_3_what_every_summary_must_say_blocks_saving():
    scattered = good_sections(
        who="Staff were there.",
        good="You get help with school.",
        next="Tell someone if you do not understand something.",
    )
    assert "Say that staff will help children understand this summary" in [
        a.message for a in rules.blocking(rules.advice(scattered))
    ]
    without_help = rules.advice(good_sections(next="The home will get our report."))
    assert [a.message for a in rules.blocking(without_help)] == [
        "Say that staff will help children understand this summary"
    ]
    without_telling = rules.advice(good_sections(worried="Worries are normal."))
    assert [a.section for a in rules.blocking(without_telling)] == ["worried"]
    empty = rules.advice(good_sections(good=" "))
    assert [(a.section, a.kind) for a in rules.blocking(empty)] == [("good", "empty")]


def test_r_cfs_1_a_summary_is_expected_after_full_inspections_of_secure_settings():
    assert rules.expected(SettingType.SECURE_CHILDRENS_HOME, "full")
    assert rules.expected(SettingType.SECURE_TRAINING_CENTRE, "full")
    assert not rules.expected(SettingType.SECURE_TRAINING_CENTRE, "assurance")
    assert not rules.expected(SettingType.CHILDRENS_HOME, "full")
    assert len(rules.PICTURES) >= 12
