"""Builders for child-friendly summaries, made through the real use cases."""

import pytest

from portal.summaries import services
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import ReportBuilder

GOOD_TEXT = {
    "who": "We are inspectors. We visit homes to see if children are safe and happy. We came to your home for "
    "three days.",
    "good": "Staff know you well. You told us you feel safe here. You go to school every day.",
    "better": "Staff must write down what happens when they hold you. The manager must check this every week.",
    "next": "The home will get our report. Staff will help you understand this summary. You can ask them about it.",
    "worried": "If you are worried, tell a member of staff you trust. You can also call Childline on 0800 1111.",
}


def good_sections(**changes) -> dict:
    sections = {key: {"text": text, "picture": None} for key, text in GOOD_TEXT.items()}
    for key, text in changes.items():
        sections[key] = {"text": text, "picture": None}
    return sections


class SummaryBuilder:
    def __init__(self, db, make, world):
        self.db, self.make, self.world = db, make, world
        self.reports = ReportBuilder(db, make, world)
        self.secure_home = make.setting(world.provider, "SCH", name="Oak Secure Children's Home")
        from portal.accounts.roles import Role

        self.secure_rm = make.user(Role.REGISTERED_MANAGER, world.provider, [self.secure_home])

    def inspection(self):
        """An ended full inspection of a secure children's home, with its draft issued."""
        return self.reports.issued(self.reports.ended(setting=self.secure_home)).inspection

    def written(self, inspection=None, now=FROZEN, **changes):
        inspection = inspection or self.inspection()
        services.save(inspection, good_sections(**changes), inspection.lead_inspector, now)
        return services.summary_of(inspection)

    def released(self, now=FROZEN):
        """A summary whose final report has been sent."""
        summary = self.written(now=now)
        report = self.reports.final(self.reports.returned(summary.inspection.report, comments=0, now=now), now=now)
        assert report.final is not None
        return summary


@pytest.fixture
def summaries(db, make, world):
    return SummaryBuilder(db, make, world)
