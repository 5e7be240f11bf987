"""Bulk submission of visit reports: many documents with a CSV manifest, or named URN_YYYY-MM-DD.

Every row and file is checked before anything is kept; one problem anywhere and nothing is stored.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.core import audit, storage, uploads
from portal.core.clock import UK
from portal.extensions import db
from portal.monitoring_reports import confirmations, rules
from portal.monitoring_reports.models import MonitoringReport, ReportVersion
from portal.monitoring_reports.services import new_reference
from portal.providers.access import visible_settings

MAX_FILES = 100
MAX_REQUEST_BYTES = 300 * uploads.MB
MAX_MANIFEST_BYTES = 1 * uploads.MB
NAME_PATTERN = re.compile(r"^(?P<urn>[A-Za-z]{2}\d{6})_(?P<date>\d{4}-\d{2}-\d{2})\.(pdf|docx|odt)$", re.IGNORECASE)
COLUMNS = ("urn", "visit_date", "file_name")


@dataclass
class BulkResult:
    reports: list[MonitoringReport] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    where: str
    urn: str
    visit_date: str
    file_name: str


def _problem(result: BulkResult, text: str, anchor: str = "documents") -> None:
    result.problems.append({"text": text, "href": f"#{anchor}"})


def _parse_date(text: str) -> date | None:
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _manifest_rows(manifest, result: BulkResult) -> list[Row]:
    try:
        raw = manifest.stream.read(MAX_MANIFEST_BYTES + 1)
        if len(raw) > MAX_MANIFEST_BYTES:
            _problem(result, "The manifest must be smaller than 1 MB", "manifest")
            return []
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _problem(result, "The manifest must be a CSV file saved as UTF-8", "manifest")
        return []
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        _problem(
            result,
            f"The manifest must have the columns urn, visit_date and file_name (missing: {', '.join(missing)})",
            "manifest",
        )
        return []
    rows = []
    try:
        for number, record in enumerate(reader, start=2):
            if number > MAX_FILES + 1:
                _problem(result, f"The manifest must list {MAX_FILES} reports or fewer", "manifest")
                return []
            values = {
                (k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else "" for k, v in record.items()
            }
            if not any(values.get(c) for c in COLUMNS):
                continue
            rows.append(Row(f"Row {number}", values["urn"].upper(), values["visit_date"], values["file_name"]))
    except csv.Error:
        _problem(result, "The manifest is not a readable CSV file: save it as CSV and try again", "manifest")
        return []
    if not rows:
        _problem(result, "The manifest lists no reports", "manifest")
    return rows


def _named_rows(names: list[str], result: BulkResult) -> list[Row]:
    rows = []
    for name in names:
        match = NAME_PATTERN.match(name)
        if not match:
            _problem(
                result,
                f"File {name}: name it like SC123456_2027-03-14.pdf (URN, underscore, date of the visit), "
                "or add a manifest",
            )
            continue
        rows.append(Row(f"File {name}", match["urn"].upper(), match["date"], name))
    return rows


def _receive(documents, result: BulkResult) -> dict[str, tuple[storage.Spooled, str]]:
    received: dict[str, tuple[storage.Spooled, str]] = {}
    for upload in documents:
        try:
            name = uploads.safe_name(upload.filename, "A selected file")
        except uploads.UploadRejected as error:
            _problem(result, error.message)
            continue
        if name in received:
            _problem(result, f"File {name}: two files have this name; each file needs its own name")
            continue
        try:
            spooled = storage.spool(upload.stream, uploads.MAX_DOCUMENT_BYTES)
        except storage.TooLarge:
            _problem(result, f"File {name}: must be smaller than 20 MB")
            continue
        try:
            content_type = uploads.document_type(spooled)
        except uploads.UploadRejected as error:
            spooled.discard()
            _problem(
                result, f"File {name}: {error.message[0].lower()}{error.message[1:]}".replace("the selected file", "it")
            )
            continue
        received[name] = (spooled, content_type)
    return received


def submit(user: User, manifest, documents, now: datetime, key: str) -> BulkResult:
    result = BulkResult()
    documents = [d for d in documents if d and d.filename]
    if not documents:
        _problem(result, "Select the report documents")
        return result
    if len(documents) > MAX_FILES:
        _problem(result, f"Select {MAX_FILES} files or fewer at a time")
        return result
    received = _receive(documents, result)
    try:
        has_manifest = manifest is not None and getattr(manifest, "filename", "")
        rows = _manifest_rows(manifest, result) if has_manifest else _named_rows(list(received), result)
        planned = _check_rows(user, rows, received, documents, now, result)
        if result.problems:
            return result
        return _store(user, planned, received, now, key, result)
    finally:
        for spooled, _ in received.values():
            spooled.discard()


def _check_rows(user, rows, received, documents, now, result):
    settings = {s.urn: s for s in db.session.scalars(visible_settings(user))}
    today = now.astimezone(UK).date()
    used, planned = set(), []
    for row in rows:
        setting = settings.get(row.urn)
        visit_day = _parse_date(row.visit_date)
        if setting is None:
            _problem(result, f"{row.where}: {row.urn or 'the URN'} is not the URN of one of your settings")
        elif rules.visit_regulation(setting.type_enum) is None:
            _problem(result, f"{row.where}: {setting.name} is a secure training centre, which sends no visit reports")
        elif visit_day is None:
            _problem(result, f"{row.where}: the date of the visit must be a real date, like 2027-03-14")
        elif problem := rules.visit_date_problem(visit_day, today, setting.registered_on, False):
            if problem.startswith("Enter why"):
                problem = "the visit was more than 12 months ago: send this report on its own, with the reason"
            _problem(result, f"{row.where}: {problem[0].lower()}{problem[1:]}")
        elif row.file_name not in received:
            if any(getattr(d, "filename", "") == row.file_name for d in documents):
                continue  # the file itself was refused, and said so
            _problem(result, f"{row.where}: no file called {row.file_name} was selected")
        elif row.file_name in used:
            _problem(result, f"{row.where}: {row.file_name} is listed twice")
        else:
            used.add(row.file_name)
            planned.append((row, setting, visit_day))
    for name in received:
        if name not in used and not any(r.file_name == name for r in rows):
            _problem(result, f"File {name}: it is not listed in the manifest")
    return planned


def _store(user, planned, received, now, key, result) -> BulkResult:
    """Keep every file and report in one transaction; a repeated POST finds the first one's reports."""
    try:
        for index, (row, setting, visit_day) in enumerate(planned):
            spooled, content_type = received[row.file_name]
            stored = storage.keep(spooled, row.file_name, content_type, now)
            report = MonitoringReport(
                setting_id=setting.id,
                setting=setting,
                kind=rules.VISIT,
                regulation=rules.visit_regulation(setting.type_enum),
                reference=new_reference(rules.VISIT),
                received_at=now,
                submitted_by_id=user.id,
                latest_version=1,
            )
            db.session.add(report)
            db.session.add(
                ReportVersion(
                    report=report,
                    number=1,
                    submission_key=f"{key}:{index}",
                    submitted_at=now,
                    submitted_by_id=user.id,
                    file=stored,
                    urn=setting.urn,
                    visit_date=visit_day,
                    serious_concern=False,
                )
            )
            db.session.flush()
            audit.record(
                user,
                "report_received",
                report,
                now,
                after={
                    "reference": report.reference,
                    "kind": rules.VISIT,
                    "version": 1,
                    "sha256": stored.sha256,
                    "bulk": True,
                },
            )
            result.reports.append(report)
        if result.reports:
            confirmations.received_in_bulk(result.reports, user, now)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        result.reports = already_received(key)
    return result


def already_received(key: str) -> list[MonitoringReport]:
    """The reports a bulk submission with this key made (a repeated POST shows them again)."""
    return list(
        db.session.scalars(
            select(MonitoringReport)
            .join(ReportVersion)
            .where(ReportVersion.submission_key.like(f"{key}:%"))
            .order_by(MonitoringReport.id)
        )
    )
