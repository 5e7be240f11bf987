"""The kinds of notification per setting type (R-NTF-1..7) and the visit after a compliance
notice (R-REQ-3), as pure rules."""

from datetime import date

import pytest

from portal.accounts.roles import Role
from portal.inspections.rules import compliance_visit_due
from portal.notifications import rules
from portal.providers.models import SettingType

SCH, CH = SettingType.SECURE_CHILDRENS_HOME, SettingType.CHILDRENS_HOME
RFC, STC = SettingType.RESIDENTIAL_FAMILY_CENTRE, SettingType.SECURE_TRAINING_CENTRE


def test_homes_notify_every_kind_and_family_centres_all_but_the_statement_of_purpose():
    everything = [
        "serious_event",
        "urgent_concern",
        "enquiry_outcome",
        "manager_leaving",
        "manager_absence",
        "accommodating_again",
        "statement_of_purpose",
    ]  # the order the inspectorate's queue ranks them in
    assert rules.notification_kinds(SCH) == rules.notification_kinds(CH) == everything
    assert rules.notification_kinds(RFC) == [k for k in everything if k != "statement_of_purpose"]  # R-NTF-5


def test_a_secure_training_centre_notifies_nothing_through_the_portal():
    assert rules.notification_kinds(STC) == []  # R-NTF-7


@pytest.mark.parametrize(
    "kind, setting_type, regulation",
    [
        ("serious_event", CH, "40"),
        ("serious_event", SCH, "40"),
        ("serious_event", RFC, "26"),  # R-NTF-1
        ("manager_absence", CH, "48"),
        ("manager_absence", RFC, "27"),
        ("manager_leaving", SCH, "49"),
        ("manager_leaving", RFC, "28"),  # R-NTF-4
    ],
)
def test_each_kind_names_the_regulation_of_the_setting_type(kind, setting_type, regulation):
    assert rules.regulation_of(kind, setting_type) == regulation


def test_only_the_responsible_individual_tells_of_the_manager_and_an_outcome_follows_its_event():
    assert rules.KIND_BY_KEY["manager_absence"].senders == {Role.RESPONSIBLE_INDIVIDUAL}
    assert Role.REGISTERED_MANAGER in rules.KIND_BY_KEY["serious_event"].senders
    assert rules.KIND_BY_KEY["enquiry_outcome"].follows == "serious_event"  # R-NTF-2
    assert rules.KIND_BY_KEY["accommodating_again"].notice_months == 3  # R-NTF-6
    assert {k.rule for k in rules.KINDS} == {"R-MON-3", "R-NTF-1", "R-NTF-2", "R-NTF-4", "R-NTF-5", "R-NTF-6"}
    assert rules.KIND_BY_KEY["urgent_concern"].senders == {Role.INDEPENDENT_PERSON}  # R-MON-3


@pytest.mark.parametrize(
    "notice, due",
    [
        (date(2026, 12, 1), date(2026, 12, 8)),  # Tuesday: the Tuesday after
        (date(2026, 12, 4), date(2026, 12, 11)),  # Friday: its own day never counts
        (date(2026, 12, 23), date(2027, 1, 4)),  # over Christmas, Boxing Day's substitute and New Year
        (date(2026, 12, 26), date(2027, 1, 5)),  # a Saturday
    ],
)
def test_the_visit_after_a_compliance_notice_is_within_five_working_days_of_its_date(notice, due):
    assert compliance_visit_due(notice) == due  # R-REQ-3, R-WD-2


def test_a_registered_manager_is_not_offered_the_notices_about_the_manager_nor_an_outcome_on_its_own():
    assert rules.offered(CH, Role.REGISTERED_MANAGER) == [
        "serious_event",
        "accommodating_again",
        "statement_of_purpose",
    ]
    assert rules.offered(RFC, Role.RESPONSIBLE_INDIVIDUAL) == [
        "serious_event",
        "manager_leaving",
        "manager_absence",
        "accommodating_again",
    ]  # R-NTF-2: an outcome is sent from its event's page
    assert rules.offered(STC, Role.RESPONSIBLE_INDIVIDUAL) == []  # R-NTF-7
    assert rules.offered(RFC, Role.INDEPENDENT_PERSON) == ["urgent_concern"]  # R-MON-3, regulation 25
    assert rules.offered(STC, Role.INDEPENDENT_PERSON) == []  # no regulation 44 visits


@pytest.mark.parametrize(
    "kind, on, problem",
    [
        ("serious_event", date(2026, 12, 4), "The date must be today or in the past"),
        ("serious_event", date(2026, 12, 3), None),
        ("statement_of_purpose", date(2027, 1, 1), "The date must be today or in the past"),
        ("manager_absence", date(2027, 1, 1), None),  # a known absence is told before it starts
        ("accommodating_again", date(2026, 12, 3), "The date must be in the future"),
        ("accommodating_again", date(2026, 12, 4), None),
    ],
)
def test_each_kind_takes_the_days_its_tense_allows(kind, on, problem):
    assert rules.day_problem(kind, on, date(2026, 12, 3)) == problem


def test_short_notice_is_flagged_not_refused():
    sent = date(2026, 12, 3)
    assert (
        rules.short_notice("accommodating_again", CH, date(2027, 3, 2), sent) == "Less than 3 months' notice (89 days)"
    )
    assert rules.short_notice("accommodating_again", CH, date(2027, 3, 3), sent) is None  # R-NTF-6
    assert rules.short_notice("manager_absence", RFC, date(2026, 12, 30), sent) == "Less than 28 days' notice (27 days)"
    assert rules.short_notice("manager_absence", RFC, date(2026, 12, 31), sent) is None  # RFC regulation 27
    assert rules.short_notice("manager_absence", CH, date(2026, 12, 4), sent) is None  # timing not in S2 (R-NTF-4)
    assert rules.short_notice("manager_absence", RFC, date(2026, 11, 1), sent) == "Less than 28 days' notice (0 days)"
