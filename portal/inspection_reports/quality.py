"""What each kind of report needs before its draft and before its final goes out, as data
(R-QA-1..3, DESIGN.md convention 5), and the problems that follow from what was recorded.

- R-QA-1 SCH, CH, RFC: the inspector's manager checks the report before the draft is shared (S2, S4
  §"Quality assurance and arrangements for publishing the report"); at a monitoring visit the
  manager reviews the report and its evidence base (S2, S4 §"Review of the monitoring report and
  evidence base"). Nothing is required before the final.
- R-QA-2 STC: Ofsted's quality assurance manager, an internal consistency panel at a full
  inspection, then HMIP and CQC before the draft (S0 timetables after ¶106 and ¶128, ¶160); the
  three inspectorates sign off before the final (S0 ¶163, "multi-inspectorate sign-off"). Every STC
  inspection type: ¶160–163 are headed "all inspection types".
- R-QA-3 STC copies: the draft to the MoJ and the YCS, the final under embargo to the STC, MoJ, YCS
  and YJB (S0 timetables). They never block: the portal shows what is outstanding.

Pure: no Flask, no queries. ``draft_problems`` and ``final_problems`` read what the report holds
(``report.quality_records``, the relationship declared in ``models_quality``).
"""

import hashlib
import json
from dataclasses import dataclass

from portal.accounts.roles import CQC, HMIP, OFSTED
from portal.core.formatting import uk_date
from portal.inspections import rules as inspection_rules
from portal.providers.models import SettingType

DRAFT, FINAL = "draft", "final"
INSPECTORATE_NAMES = {OFSTED: "Ofsted", HMIP: "HMIP", CQC: "CQC"}


@dataclass(frozen=True)
class Step:
    """One quality assurance step or sign-off. ``named``: given at a partner inspectorate, so the
    inspectorate manager who records it names the person who gave it."""

    key: str
    title: str
    inspectorate: str
    before: str
    hint: str
    named: bool = False

    @property
    def missing(self) -> str:
        """What the page says while the step is not recorded."""
        title = (
            self.title
            if self.title.startswith(tuple(INSPECTORATE_NAMES.values()))
            else ("the " + self.title[0].lower() + self.title[1:])
        )
        return f"Record {title}"


MANAGER_CHECK = Step(
    "manager_check",
    "Quality check by the inspector's manager",
    OFSTED,
    DRAFT,
    "The manager checks the completed report before it is shared with the provider.",
)
MONITORING_REVIEW = Step(
    "manager_check",
    "Review of the monitoring report and its evidence base by the inspector's manager",
    OFSTED,
    DRAFT,
    "The manager reviews the report and its evidence base: that they accurately reflect the "
    "improvements made and that the evidence supports any further enforcement action.",
)
OFSTED_QA = Step(
    "ofsted_qa",
    "Ofsted's quality assurance by a quality assurance manager",
    OFSTED,
    DRAFT,
    "The report is sent to a quality assurance manager at Ofsted.",
)
CONSISTENCY_PANEL = Step(
    "consistency_panel",
    "Ofsted's internal consistency panel",
    OFSTED,
    DRAFT,
    "At a full inspection, an internal consistency panel reads the report.",
)
HMIP_QA = Step(
    "hmip_qa", "HMIP's quality assurance", HMIP, DRAFT, "The draft is sent to HMIP for quality assurance.", named=True
)
CQC_QA = Step(
    "cqc_qa", "CQC's quality assurance", CQC, DRAFT, "The draft is sent to CQC for quality assurance.", named=True
)
SIGN_OFFS = {
    OFSTED: Step(
        "sign_off_ofsted",
        "Ofsted's sign-off",
        OFSTED,
        FINAL,
        "Ofsted checks the report and agrees to final publication.",
    ),
    HMIP: Step(
        "sign_off_hmip",
        "HMIP's sign-off",
        HMIP,
        FINAL,
        "HMIP checks the report and agrees to final publication.",
        named=True,
    ),
    CQC: Step(
        "sign_off_cqc",
        "CQC's sign-off",
        CQC,
        FINAL,
        "CQC checks the report and agrees to final publication.",
        named=True,
    ),
}
ALL_STEPS = {
    step.key: step for step in (MANAGER_CHECK, OFSTED_QA, CONSISTENCY_PANEL, HMIP_QA, CQC_QA, *SIGN_OFFS.values())
}


def steps(setting_type: SettingType | str, inspection_type: str) -> tuple[Step, ...]:
    """Every step this kind of report needs, in the order the frameworks take them."""
    if SettingType(setting_type) != SettingType.SECURE_TRAINING_CENTRE:
        return (MONITORING_REVIEW if inspection_type == inspection_rules.MONITORING else MANAGER_CHECK,)
    ofsted = (OFSTED_QA, CONSISTENCY_PANEL) if inspection_type == inspection_rules.FULL else (OFSTED_QA,)
    return (*ofsted, HMIP_QA, CQC_QA, *SIGN_OFFS.values())


def draft_steps(setting_type, inspection_type) -> tuple[Step, ...]:
    return tuple(step for step in steps(setting_type, inspection_type) if step.before == DRAFT)


def final_steps(setting_type, inspection_type) -> tuple[Step, ...]:
    return tuple(step for step in steps(setting_type, inspection_type) if step.before == FINAL)


def is_joint(setting_type) -> bool:
    """R-QA-2: only an STC is quality assured and signed off by three inspectorates."""
    return SettingType(setting_type) == SettingType.SECURE_TRAINING_CENTRE


# R-QA-3: who is sent a copy of what. The STC's own copy of the final is the final report the
# portal sends it, so it is never recorded by hand.
RECIPIENTS = {
    "stc": "the secure training centre",
    "moj": "the Ministry of Justice (MoJ)",
    "ycs": "the Youth Custody Service (YCS)",
    "yjb": "the Youth Justice Board (YJB)",
}


@dataclass(frozen=True)
class Copy:
    document: str
    recipient: str
    by_portal: bool = False

    @property
    def key(self) -> str:
        return f"{self.document}_{self.recipient}"

    @property
    def title(self) -> str:
        what = "The draft report" if self.document == DRAFT else "The final report, under embargo,"
        return f"{what} to {RECIPIENTS[self.recipient]}"


STC_COPIES = (
    Copy(DRAFT, "moj"),
    Copy(DRAFT, "ycs"),
    Copy(FINAL, "stc", by_portal=True),
    Copy(FINAL, "moj"),
    Copy(FINAL, "ycs"),
    Copy(FINAL, "yjb"),
)


def copies(setting_type) -> tuple[Copy, ...]:
    return STC_COPIES if is_joint(setting_type) else ()


def recorded_copies(setting_type) -> tuple[Copy, ...]:
    """The copies sent outside the portal, which someone records."""
    return tuple(copy for copy in copies(setting_type) if not copy.by_portal)


def fingerprint(content: dict) -> str:
    """The sha256 of the report's working copy, to tell whether it changed since a step."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest(records, key: str):
    """The newest record of step ``key``: recording a step again adds a record, never rewrites one."""
    matching = [record for record in records if record.step == key]
    return max(matching, key=lambda record: (record.recorded_at, record.id or 0)) if matching else None


def _kind(report) -> tuple[str, str]:
    inspection = report.inspection
    return inspection.setting.type_enum, inspection.inspection_type


def draft_problems(report) -> list[str]:
    """What stops the draft going out (R-QA-1, R-QA-2). A quality assurance step still stands when
    the report changes after it: the frameworks' timetables put the amendments after the QA
    (S0: QAM day 10, amendments days 12–16; assurance: QA days 6–7, amends day 8)."""
    records = list(report.quality_records)
    return [step.missing for step in draft_steps(*_kind(report)) if latest(records, step.key) is None]


def final_problems(report) -> list[str]:
    """What stops an STC's final going out (R-QA-2): each inspectorate's sign-off, of the report
    as it now stands. A sign-off is the agreement to publish (S0 ¶163), so a change after it needs
    the sign-off again."""
    records, problems = list(report.quality_records), []
    now_print = fingerprint(report.content)
    for step in final_steps(*_kind(report)):
        record = latest(records, step.key)
        if record is None:
            problems.append(step.missing)
        elif record.content_sha256 != now_print:
            problems.append(f"The report has changed since {step.title} on {uk_date(record.given_on)}: record it again")
    return problems


def changed_since(record, report) -> bool:
    return record.content_sha256 != fingerprint(report.content)
