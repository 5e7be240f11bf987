"""Builders for reports at each stage, made through the real use cases."""

from datetime import date, timedelta

import pytest

from portal.inspection_reports import rules, sending, services
from portal.inspection_reports.comments import save_comment, submit_return
from portal.inspections import rules as inspection_rules
from portal.providers.models import SettingType
from portal.summaries import services as summary_services
from tests.conftest import FROZEN
from tests.inspection_reports.quality_support import assure, sign_off

CH_FULL = rules.template_for(SettingType.CHILDRENS_HOME, inspection_rules.FULL)


def written_content(areas: dict[str, str], grade: str = inspection_rules.GOOD, template=CH_FULL) -> dict:
    """A report with every section of its template written, two paragraphs each (partner
    inspectorates' sections too, attributed to nobody: only the use case checks who wrote them)."""
    content = rules.empty_content()
    for section in template.text_sections:
        content["sections"][section.key] = [f"{section.title}: first paragraph.", f"{section.title}: second paragraph."]
    content["judgements"] = {area: grade for area in areas}
    if template.may_give_new_judgement:
        content["new_judgement"] = bool(areas)
    if template.records_outcome:
        content["outcome"] = {"progress": inspection_rules.IMPROVEMENT, "concerns": inspection_rules.NO_SERIOUS}
    content["requirements"] = (
        []
        if template.setting_type == SettingType.SECURE_TRAINING_CENTRE
        else [{"text": "Make sure every child's plan is reviewed.", "regulation": "14", "comply_by": "2027-01-31"}]
    )
    content["recommendations"] = [
        {"text": "Improve the recording of restraint.", "guide_page": 45, "guide_paragraph": "9.7"}
    ]
    return content


class ReportBuilder:
    def __init__(self, db, make, world):
        self.db, self.make, self.world = db, make, world

    def ended(self, setting=None, lead=None, end=date(2026, 11, 6), grade=inspection_rules.GOOD, **extra):
        """An ended full inspection with provisional judgements of ``grade``."""
        from portal.inspections.models import ProvisionalJudgement

        setting = setting or self.world.home
        inspection = self.make.inspection(
            setting,
            lead or self.world.inspector,
            status=inspection_rules.ENDED,
            start=end - timedelta(days=2),
            end=end,
            **extra,
        )
        areas = services.areas_of(inspection)
        inspection.provisional_judgements = [ProvisionalJudgement(area=a, grade=grade) for a in areas]
        self.db.session.commit()
        return inspection

    def written(self, inspection=None, now=FROZEN, **content_options):
        inspection = inspection or self.ended()
        report = services.start_report(inspection, inspection.lead_inspector, now)
        report.content = written_content(
            services.areas_of(inspection), template=services.template_of(inspection), **content_options
        )
        self.db.session.commit()
        return report

    def issued(self, inspection=None, now=FROZEN, reasons=None, **content_options):
        report = self.written(inspection, now, **content_options)
        assure(report, now)  # R-QA-1, R-QA-2
        sending.issue_draft(report, reasons, report.inspection.lead_inspector, now)
        return report

    def comment(
        self,
        report,
        user=None,
        paragraph=1,
        text="The date in this paragraph is wrong.",
        now=FROZEN,
        key=None,
        kind=rules.TYPING,
        files=(),
    ):
        return save_comment(
            report,
            key or f"key-{report.id}-{paragraph}-{len(report.comments)}-{text[:10]}",
            paragraph,
            kind,
            text,
            None,
            list(files),
            user or self.world.rm,
            now,
        )

    def returned(self, report=None, comments=1, now=FROZEN):
        report = report or self.issued()
        for n in range(comments):
            self.comment(report, paragraph=n + 1, now=now)
        submit_return(report, comments == 0, self.world.ri, now)
        return report

    def amend(self, report, number: int, words: str = " (amended after the provider's comment)"):
        """Changes the working copy's text of the draft's paragraph ``number`` (R-DR-4), unless the
        working copy has already changed or removed it."""
        paragraph = next(p for p in report.draft["paragraphs"] if p["number"] == number)
        content = services._copy(report)
        if paragraph["kind"] in ("requirement", "recommendation"):
            items = content[f"{paragraph['kind']}s"]
            if paragraph["item"] in items:
                index = items.index(paragraph["item"])
                items[index] = items[index] | {"text": items[index]["text"] + words}
        else:
            texts = content["sections"][paragraph["section"]] = list(content["sections"].get(paragraph["section"], []))
            if paragraph["text"] in texts:
                texts[texts.index(paragraph["text"])] += words
        report.content = content
        self.db.session.commit()
        return report

    def final(self, report=None, now=FROZEN):
        """Each comment accepted and its paragraph amended (a judgement's line: not accepted)."""
        report = report or self.returned()
        lead = report.inspection.lead_inspector
        for comment in report.comments:
            kind = next(p["kind"] for p in report.draft["paragraphs"] if p["number"] == comment.paragraph_number)
            if kind in ("text", "requirement", "recommendation"):
                self.amend(report, comment.paragraph_number)
                sending.respond(
                    comment, rules.ACCEPTED, "Amended as suggested.", lead, now, paragraphs=[comment.paragraph_number]
                )
            else:
                sending.respond(comment, rules.NOT_ACCEPTED, "The judgement stands.", lead, now)
        if summary_services.final_problem(report.inspection):  # a full SCH or STC inspection (R-CFS-1)
            from tests.summaries.conftest import good_sections

            summary_services.save(report.inspection, good_sections(), report.inspection.lead_inspector, now)
        sign_off(report, now)  # R-QA-2
        sending.send_final(report, report.inspection.lead_inspector, now)
        return report


@pytest.fixture
def reports(db, make, world):
    return ReportBuilder(db, make, world)
