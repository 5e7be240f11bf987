"""Annex A rules: item checks, privacy (R-AXA-5), consistency, status (R-AXA-1), due times (R-AXA-2)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.annex_a import rules
from portal.annex_a.schema import SECTION_BY_KEY, Item
from portal.providers.models import SettingType
from tests.annex_a.answers import complete_answers

UK = ZoneInfo("Europe/London")
COUNT = Item("x", "Admissions", "count")


@pytest.mark.parametrize("raw, expected", [("3", 3), (" 12 ", 12), (4, 4), (5.0, 5), ("1,200", 1200), ("", None)])
def test_counts(raw, expected):
    assert rules.parse_item(COUNT, raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("three", "must be a whole number"),
        ("-1", "must be 0 or more"),
        ("2.5", "must be a whole number"),
        ("1000001", "or fewer"),
        (True, "whole"),
    ],
)
def test_bad_counts(raw, message):
    with pytest.raises(rules.ItemProblem, match=message):
        rules.parse_item(COUNT, raw)


def test_contact_details_are_validated():
    email, phone = Item("e", "E-mail address", "email"), Item("p", "Telephone number", "phone")
    assert rules.parse_item(email, "sw@leeds.gov.uk") == "sw@leeds.gov.uk"
    assert rules.parse_item(phone, "07700 900982") == "07700 900982"
    assert rules.parse_item(phone, "+44 113 496 0000") == "+44 113 496 0000"
    with pytest.raises(rules.ItemProblem, match="correct format"):
        rules.parse_item(email, "not an email")
    with pytest.raises(rules.ItemProblem, match="UK number"):
        rules.parse_item(phone, "12345")


def test_children_appear_only_as_initials_or_counts():
    """R-AXA-5: SCH and CH may give initials; free text about children refuses what identifies them."""
    initials = Item("i", "Initials", "initials")
    assert rules.parse_item(initials, "ab, c.d.", "children", SettingType.CHILDRENS_HOME) == "AB, CD"
    with pytest.raises(rules.ItemProblem, match="initials only"):
        rules.parse_item(initials, "Jamie Smith", "children", SettingType.CHILDRENS_HOME)
    with pytest.raises(rules.ItemProblem, match="counts only"):
        rules.parse_item(initials, "AB", "children", SettingType.SECURE_TRAINING_CENTRE)
    text = Item("t", "Education provision", "text")
    for identifying in ("Child born 14/03/2012 attends", "Lives at 4 High St, LS1 4AB", "born 3 March 2011"):
        with pytest.raises(rules.ItemProblem, match=r"Use initials or counts|use initials or counts"):
            rules.parse_item(text, identifying, "education_health", SettingType.CHILDRENS_HOME)
    assert rules.parse_item(text, "Attends the local academy", "education_health", SettingType.CHILDRENS_HOME)


def test_items_per_setting_type():
    """R-AXA-6: separations for SCH, CH and STC; initials never for an STC (R-AXA-5)."""
    children = SECTION_BY_KEY["children"]
    stc_items = {i.key for i in children.items_for(SettingType.SECURE_TRAINING_CENTRE)}
    assert "at_risk_initials" not in stc_items and "single_separations" in stc_items
    assert {"single_separations", "at_risk_initials"} <= {i.key for i in children.items_for(SettingType.CHILDRENS_HOME)}


def test_consistency_checks():
    answers = complete_answers()
    assert rules.consistency(answers, capacity=4) == []
    answers["children"]["restraint_children"] = 9
    answers["children"]["missing_children"] = 5
    answers["children"]["resident"] = 6
    answers["staffing"]["vacancies"] = 11
    answers["staffing"]["care_staff_working_towards"] = 4
    errors = {c.where for c in rules.consistency(answers, capacity=4) if c.severity == rules.ERROR}
    assert errors == {
        "children.restraint_children",
        "children.missing_children",
        "children.resident",
        "staffing.vacancies",
        "staffing.care_staff_qualified",
    }


def test_warnings_do_not_stop_a_return():
    answers = complete_answers()
    answers["children"]["leavers"] = 50
    checks = rules.consistency(answers, capacity=4)
    assert [c.severity for c in checks] == [rules.WARNING]
    assert rules.ready_to_return(answers, SettingType.CHILDRENS_HOME, 4) == []


def test_section_status_is_derived_from_answers():
    children = SECTION_BY_KEY["children"]
    assert rules.section_status(children, {}, SettingType.CHILDRENS_HOME) == rules.NOT_STARTED
    assert (
        rules.section_status(children, {"children": {"admissions": 1}}, SettingType.CHILDRENS_HOME) == rules.IN_PROGRESS
    )
    assert rules.section_status(children, complete_answers(), SettingType.CHILDRENS_HOME) == rules.COMPLETED
    # A secure children's home is asked the same; a part-filled section is in progress.
    partial = complete_answers()
    del partial["children"]["extremism"]
    assert rules.section_status(children, partial, SettingType.SECURE_CHILDRENS_HOME) == rules.IN_PROGRESS


def test_stc_due_at_17_00_on_the_announcement_day_and_17_01_is_late():
    """R-AXA-2: an STC announced at 09:00 must return by 17:00 UK time that day."""
    announced = datetime(2027, 6, 14, 8, 0, tzinfo=UTC)  # 09:00 BST
    due = rules.default_due("full", SettingType.SECURE_TRAINING_CENTRE, announced, date(2027, 6, 21))
    assert due == datetime(2027, 6, 14, 17, 0, tzinfo=UK)
    assert rules.is_on_time(datetime(2027, 6, 14, 17, 0, tzinfo=UK), due)
    assert not rules.is_on_time(datetime(2027, 6, 14, 17, 1, tzinfo=UK), due)
    other = rules.default_due("full", SettingType.CHILDRENS_HOME, None, date(2027, 6, 21))
    assert other == datetime(2027, 6, 21, 17, 0, tzinfo=UK)


def test_a_due_time_is_proposed_only_while_it_is_ahead():
    """R-AXA-2: the default is offered until it passes; a due time must be after the moment it is set."""
    due = datetime(2027, 6, 14, 17, 0, tzinfo=UK)
    assert rules.proposed_due(due, datetime(2027, 6, 14, 16, 59, tzinfo=UK)) == due
    assert rules.proposed_due(due, datetime(2027, 6, 14, 17, 0, tzinfo=UK)) is None
    assert rules.is_ahead(due, datetime(2027, 6, 14, 16, 0, tzinfo=UK))
    assert not rules.is_ahead(due, due)
