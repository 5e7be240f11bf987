"""R-AXA-5, the one privacy check (S0 ¶40; S4 §"Request for information…"): STC and RFC store
no personal data (counts only, no initials, about children or parents); SCH and CH describe
children only by initials or counts; names, dates of birth and addresses are refused everywhere.
What professionals ordinarily write must still pass."""

from datetime import date, datetime, time

import pytest

from portal.providers import privacy
from portal.providers.models import SettingType

ALL = list(SettingType)
CH, SCH = SettingType.CHILDRENS_HOME, SettingType.SECURE_CHILDRENS_HOME
STC, RFC = SettingType.SECURE_TRAINING_CENTRE, SettingType.RESIDENTIAL_FAMILY_CENTRE

REFUSED = [
    # Dates in any form: typed, ISO, with month names, month and year, as a spreadsheet cell's text.
    ("12/05/2014", privacy.DATE),
    ("12.5.14", privacy.DATE),
    ("12-05-2014", privacy.DATE),
    ("2014-05-12", privacy.DATE),
    ("2014-05-12 00:00:00", privacy.DATE),
    ("12 May 2014", privacy.DATE),
    ("12th May", privacy.DATE),
    ("3rd of March", privacy.DATE),
    ("March 3rd, 2014", privacy.DATE),
    ("May 2014", privacy.DATE),
    ("sept '14", privacy.DATE),
    ("born in 2012", privacy.DATE),
    ("DOB 3 4 11", privacy.DATE),
    ("A child, d.o.b. known to staff", privacy.DATE),
    # Postcodes, in capitals or not, with or without the space.
    ("Lives near LS1 4AB", privacy.POSTCODE),
    ("ls14ab", privacy.POSTCODE),
    ("SW1A 1AA", privacy.POSTCODE),
    # Street addresses.
    ("14 Acacia Avenue", privacy.ADDRESS),
    ("Flat 2, 3 High Street", privacy.ADDRESS),
    ("lives at 22b Baker Street", privacy.ADDRESS),
    ("14 acacia avenue", privacy.ADDRESS),
    ("Her family lives on Acacia Avenue", privacy.ADDRESS),
    ("Flat 2, the Old Mill", privacy.ADDRESS),
    # Things shaped like names.
    ("John Smith attends college", privacy.NAME),
    ("Amira O'Neil", privacy.NAME),
    ("Mr Jones visits", privacy.NAME),
    ("Jamie has settled well", privacy.NAME),
    ("works with Wiktor Nowak weekly", privacy.NAME),
    ("Seen by Ms. Patel", privacy.NAME),
    ("Aiden McDonald", privacy.NAME),
    ("sister Chloe visits", privacy.NAME),
]

ALLOWED = [
    "All four children attend local schools.",
    "Ofsted was notified of 3 incidents.",
    "The Local Authority arranged return home interviews after each episode.",
    "CAMHS attend weekly and the Youth Justice Board is kept informed.",
    "Registered with a local GP; weekly CAMHS clinic",
    "Education is provided on site by Oakwood Academy.",
    "Staff work with Leeds Youth Offending Team and West Yorkshire Police.",
    "Placing authorities include Milton Keynes and Tower Hamlets.",
    "Separations are reviewed by the Registered Manager within 24 hours.",
    "Healthcare is commissioned by NHS England.",
    "Two children receive speech and language therapy from Leeds Community Healthcare.",
    "In March 3 children were admitted.",
    "Children may be separated for up to 4 hours; staff may 2 times a night check on them.",
    "Children are seen 24/7 by staff, with 1:1 support at night.",
    "Most children attend Harrowgate Park School.",
    "Year 9 2nd set maths at 2pm.",
    "Local Authority social workers visit every 6 weeks.",
    "The Family Court asked for 3 reports.",
    "Inspected with His Majesty's Inspectorate of Prisons and the Care Quality Commission.",
    "Children are supported through the Channel programme and Prevent duty training.",
    "Return home interviews were offered after all 4 episodes.",
    "Education: 2 children study GCSE English and Maths.",
    "A multi-agency strategy meeting is held within 24 hours.",
    "St Mary's Catholic Primary School.",
    "The Youth Custody Service places children here.",
    "Key Stage 4 pupils sit exams in the summer.",
    "The kitchen was refitted in the summer.",
    "Care for up to four children aged 10 to 17",
    "Final reports go to the court and the placing authority within the timescale set.",
    "Parents and children are supported by the Independent Reviewing Officer and the YOT.",
    "Since the last inspection, 2 families left before the end of their assessment.",
    "Staff are trained in Safer Handling and Positive Behaviour Support.",
    "We use Trauma Informed Care and Life Story work.",
    "The home uses the Secure Stairs framework and Team Teach.",
    "Children go to Forest School and do the Duke of Edinburgh Award.",
    "Weekly sessions with the Speech and Language Therapy team.",
]


@pytest.mark.parametrize("setting_type", ALL, ids=[t.value for t in ALL])
@pytest.mark.parametrize("text, kind", REFUSED, ids=[t for t, _ in REFUSED])
def test_names_dates_addresses_and_postcodes_are_refused_for_every_type(text, kind, setting_type):
    """R-AXA-5: "Names, dates of birth and addresses are rejected everywhere"."""
    finding = privacy.find(text, setting_type)
    assert finding is not None and finding.kind == kind, (text, finding)


@pytest.mark.parametrize("setting_type", ALL, ids=[t.value for t in ALL])
@pytest.mark.parametrize("text", ALLOWED)
def test_what_professionals_ordinarily_write_passes(text, setting_type):
    """R-AXA-5 without false alarms: sentence capitals, Ofsted, the Local Authority, CAMHS, the
    Youth Justice Board, school and place names, counts and times are not personal data."""
    assert privacy.find(text, setting_type) is None


@pytest.mark.parametrize("value", [datetime(2014, 5, 12), date(2014, 5, 12), time(9, 30)])
@pytest.mark.parametrize("setting_type", ALL, ids=[t.value for t in ALL])
def test_date_values_from_a_spreadsheet_are_refused(value, setting_type):
    """A spreadsheet date cell arrives as a date or datetime: refused, never stored as
    ``2014-05-12 00:00:00`` (R-AXA-5)."""
    assert privacy.find(value, setting_type).kind == privacy.DATE


@pytest.mark.parametrize("value", [None, 3, 0, 2.0])
def test_numbers_are_counts(value):
    assert privacy.find(value, STC) is None


@pytest.mark.parametrize(
    "text", ["AB attends school", "A.B. was restrained", "J. S. went missing twice", "Restraint of JS and KT"]
)
def test_initials_are_refused_for_stcs_and_family_centres_only(text):
    """R-AXA-5: STC and RFC store no initials; SCH and CH may describe children by initials."""
    assert privacy.find(text, STC).kind == privacy.INITIALS
    assert privacy.find(text, RFC).kind == privacy.INITIALS
    assert privacy.find(text, CH) is None and privacy.find(text, SCH) is None


def test_abbreviations_are_not_initials():
    text = "The YOT, CAMHS, the IRO, the LADO and the YCS attend; all PEPs are reviewed; DBS checks done"
    assert privacy.find(text, STC) is None and privacy.find(text, RFC) is None


def test_an_unknown_setting_type_is_treated_as_the_strictest():
    assert privacy.counts_only(None) and privacy.find("AB attends", None).kind == privacy.INITIALS


def test_the_message_says_what_to_write_instead_per_type():
    """R-AXA-5: SCH, CH: initials or counts; STC: counts only; RFC: counts only, children or parents."""
    finding = privacy.Finding(privacy.NAME, "John Smith")
    assert privacy.message("Education provision", finding, CH) == (
        "Education provision must not include a name: use initials or counts, not names, dates of birth or addresses"
    )
    assert privacy.message("Education provision", finding, SCH).endswith(
        "use initials or counts, not names, dates of birth or addresses"
    )
    assert privacy.message("Court work", finding, STC) == (
        "Court work must not include a name: use counts only, not names, initials, dates of birth or addresses of "
        "children"
    )
    assert privacy.message("Court work", finding, RFC).endswith("addresses of children or parents")
    assert privacy.RULE == "R-AXA-5"


def test_a_director_of_childrens_services_is_not_taken_for_initials():
    assert privacy.find("Told the LADO and the DCS by phone", SettingType.RESIDENTIAL_FAMILY_CENTRE) is None
