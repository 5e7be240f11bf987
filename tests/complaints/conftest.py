"""Builders for complaints and concerns at each stage, made through the real use cases."""

import pytest

from portal.complaints import concerns, services
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import ReportBuilder


class ComplaintBuilder:
    def __init__(self, db, make, world):
        self.world = world
        self.reports = ReportBuilder(db, make, world)

    def prepared(self, inspection=None, points=2, now=FROZEN, files=()):
        """A complaint ready to lodge, about an inspection whose draft was issued at ``now``."""
        inspection = inspection or self.reports.issued(now=now).inspection
        complaint = services.start(inspection, self.world.rm, now)
        services.save_details(
            complaint,
            ["conduct", "judgements"],
            "Raised with the lead inspector at feedback.",
            "A review of the judgement on leadership.",
            self.world.rm,
            now,
        )
        for n in range(points):
            services.save_point(
                complaint, None, f"Point {n + 1}: what happened.", list(files) if n == 0 else [], self.world.rm, now
            )
        return complaint

    def lodged(self, now=FROZEN, **options):
        return services.lodge(self.prepared(now=now, **options), self.world.ri, now)

    def investigating(self, investigator=None, now=FROZEN, **options):
        complaint = self.lodged(now=now, **options)
        services.acknowledge(complaint, self.world.manager, now)
        services.assign(complaint, investigator or self.world.colleague, self.world.manager, now)
        return complaint

    def responded(self, now=FROZEN, **options):
        complaint = self.investigating(now=now, **options)
        for point in complaint.points:
            services.answer_point(
                point, "not_upheld", "The evidence supports the finding.", None, complaint.investigator, now
            )
        services.respond(complaint, "We have looked at each point carefully.", complaint.investigator, now)
        return complaint

    def concern(self, inspection, text="An inspector arrived at 6am and woke the children.", now=FROZEN, key=None):
        return concerns.raise_concern(
            inspection, key or f"concern-{inspection.id}-{text[:8]}", text, self.world.rm, now
        )


@pytest.fixture
def complaints(db, make, world):
    return ComplaintBuilder(db, make, world)
