"""Use cases of a report's requirements and recommendations: add, edit, move and remove them
(R-RPT-6, R-RPT-7). The working copy can change until the final report is sent; every change is
audited with what it was before, through the report's one way of saving its content."""

from datetime import date, datetime

from portal.accounts.models import User
from portal.inspection_reports import improvements
from portal.inspection_reports.improvements import KINDS
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.services import ReportError, _copy, _editable, _save_content

UP, DOWN = "up", "down"


def _setting_type(report: InspectionReport):
    return report.inspection.setting.type_enum


def _refuse(errors: dict[str, str]) -> None:
    """The first problem, on its field (or the page when it has none)."""
    field, message = next(iter(errors.items()))
    raise ReportError(message, field or None)


def _items(content: dict, kind: str) -> list:
    if kind not in KINDS:
        raise ReportError("Select a requirement or a recommendation")
    return content[kind]


def item_at(report: InspectionReport, kind: str, index: int) -> dict | None:
    """The item shown at ``index`` (from 0), or None when there is none."""
    items = report.content.get(kind, []) if kind in KINDS else []
    return items[index] if 0 <= index < len(items) else None


def _store(
    report: InspectionReport, kind: str, index: int | None, item: dict, expected: str | None, actor: User, now: datetime
) -> None:
    """Add the item (``index`` None) or replace the one at ``index``, audited with what it replaced."""
    content, action = _copy(report), f"report_{kind[:-1]}_"
    if index is None:
        content[kind].append(item)
        _save_content(report, content, action + "added", actor, now, {"item": item})
        return
    before = _existing(content, kind, index, expected)
    content[kind][index] = item
    _save_content(report, content, action + "changed", actor, now, {"index": index, "before": before, "item": item})


def _save_requirement(
    report: InspectionReport,
    index: int | None,
    text: str,
    regulation: str,
    comply_by: date | None,
    actor: User,
    now: datetime,
    expected: str | None = None,
) -> None:
    _editable(report)
    item, errors = improvements.requirement_item(
        _setting_type(report), text, regulation, comply_by, report.inspection.end_date
    )
    if errors:
        _refuse(errors)
    _store(report, "requirements", index, item, expected, actor, now)


def add_requirement(
    report: InspectionReport, text: str, regulation: str, comply_by: date | None, actor: User, now: datetime
) -> None:
    """R-RPT-6: a requirement cites a regulation of the setting's instrument and a compliance date."""
    _save_requirement(report, None, text, regulation, comply_by, actor, now)


def update_requirement(
    report: InspectionReport,
    index: int,
    text: str,
    regulation: str,
    comply_by: date | None,
    actor: User,
    now: datetime,
    expected: str | None = None,
) -> None:
    _save_requirement(report, index, text, regulation, comply_by, actor, now, expected)


def _save_recommendation(
    report: InspectionReport, index: int | None, fields: dict, actor: User, now: datetime, expected: str | None = None
) -> None:
    _editable(report)
    item, errors = improvements.recommendation_item(_setting_type(report), **fields)
    if errors:
        _refuse(errors)
    _store(report, "recommendations", index, item, expected, actor, now)


def add_recommendation(report: InspectionReport, fields: dict, actor: User, now: datetime) -> None:
    """R-RPT-7: ``fields`` are those of ``improvements.recommendation_item`` (cites, text, and the
    page and paragraph of the Guide, the NMS standard, or the guidance and its section)."""
    _save_recommendation(report, None, fields, actor, now)


def update_recommendation(
    report: InspectionReport, index: int, fields: dict, actor: User, now: datetime, expected: str | None = None
) -> None:
    _save_recommendation(report, index, fields, actor, now, expected)


def _existing(content: dict, kind: str, index: int, expected: str | None = None) -> dict:
    """The item at ``index``, which must still be the one the page showed (``expected``)."""
    items = _items(content, kind)
    if not 0 <= index < len(items):
        raise ReportError(f"That {kind[:-1]} is no longer in the report: it may have been removed")
    if expected is not None and improvements.item_key(items[index]) != expected:
        raise ReportError(f"Someone else changed the {kind} at the same moment. Check them and try again.")
    return items[index]


def move_item(
    report: InspectionReport,
    kind: str,
    index: int,
    direction: str,
    actor: User,
    now: datetime,
    expected: str | None = None,
) -> bool:
    """Swap an item with the one above or below; at either end, or for an index that is not
    there, nothing changes (and False says so)."""
    _editable(report)
    content = _copy(report)
    items = _items(content, kind)
    other = index - 1 if direction == UP else index + 1 if direction == DOWN else -1
    if not (0 <= index < len(items) and 0 <= other < len(items)):
        return False
    _existing(content, kind, index, expected)
    items[index], items[other] = items[other], items[index]
    _save_content(
        report,
        content,
        "report_item_moved",
        actor,
        now,
        {"kind": kind, "from": index, "to": other, "item": items[other]},
    )
    return True


def remove_item(
    report: InspectionReport, kind: str, index: int, actor: User, now: datetime, expected: str | None = None
) -> bool:
    """Remove a requirement or recommendation; an index that is not there changes nothing."""
    _editable(report)
    content = _copy(report)
    items = _items(content, kind)
    if not 0 <= index < len(items):
        return False
    _existing(content, kind, index, expected)
    removed = items.pop(index)
    _save_content(report, content, "report_item_removed", actor, now, {"kind": kind, "index": index, "item": removed})
    return True
