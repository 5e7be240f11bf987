"""Bulk submission of visit reports: many documents with a CSV manifest, or named URN_YYYY-MM-DD.

Every row and file is checked before anything is kept; one problem anywhere and nothing is stored.
Then each report waits, with its file, for the answers a single visit report gives (its own form,
the same one); check your answers shows them all, and one declaration sends them together.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.core import storage, uploads
from portal.core.clock import UK
from portal.extensions import db
from portal.monitoring_reports import confirmations, rules, services
from portal.monitoring_reports.access import visible_monitoring_reports
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission, ReportVersion
from portal.providers.access import visible_settings

MAX_FILES = 100
MAX_REQUEST_BYTES = 300 * uploads.MB
MAX_MANIFEST_BYTES = 1 * uploads.MB
NAME_PATTERN = re.compile(r"^(?P<urn>[A-Za-z]{2}\d{6})_(?P<date>\d{4}-\d{2}-\d{2})\.(pdf|docx|odt)$", re.IGNORECASE)
COLUMNS = ("urn", "visit_date", "file_name")


@dataclass
class BulkResult:
    batch: str | None = None  # the files kept, each waiting for its report's answers
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
                f"File {name}: name it like SC123456_2025-03-14.pdf (URN, underscore, date of the visit), "
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
        planned = _check_rows(user, rows, received, documents, now, result, bool(has_manifest))
        if result.problems:
            return result
        return _prepare(user, planned, received, now, key, result)
    finally:
        for spooled, _ in received.values():
            spooled.discard()


def _check_rows(user, rows, received, documents, now, result, has_manifest: bool):
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
            _problem(result, f"{row.where}: the date of the visit must be a real date, like 2025-03-14")
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
    for name in received:  # without a manifest, a file not named as asked has had its problem already
        if has_manifest and name not in used and not any(r.file_name == name for r in rows):
            _problem(result, f"File {name}: it is not listed in the manifest")
    return planned


def _prepare(user, planned, received, now, batch, result) -> BulkResult:
    """Keep every file, each with a report waiting for its answers (issue 18: a visit report sent
    in bulk says what a single one says); nothing is received yet. A repeated POST of the same
    form finds the batch the first one made."""
    try:
        for index, (row, setting, visit_day) in enumerate(planned):
            spooled, content_type = received[row.file_name]
            stored = storage.keep(spooled, row.file_name, content_type, now)
            db.session.add(
                PendingSubmission(
                    key=f"{batch}:{index}",
                    user_id=user.id,
                    setting_id=setting.id,
                    kind=rules.VISIT,
                    answers={"visit_date": visit_day.isoformat()},
                    file_id=stored.id,
                    created_at=now,
                )
            )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    result.batch = batch
    return result


def waiting(user: User, batch: str) -> list[PendingSubmission]:
    """The reports of a batch still waiting to be sent, in the order they were listed."""
    pendings = db.session.scalars(
        select(PendingSubmission)
        .where(PendingSubmission.user_id == user.id, PendingSubmission.key.like(f"{_escaped(batch)}:%", escape="\\"))
        .options(selectinload(PendingSubmission.setting), selectinload(PendingSubmission.file))
    )
    return sorted(pendings, key=lambda p: int(p.key.rsplit(":", 1)[1]))


def answered(pending: PendingSubmission) -> bool:
    """Whether the visit report's own questions are answered (the form's, not only the date)."""
    return "records_inspected" in pending.answers


def send(pendings: list[PendingSubmission], actor: User, now: datetime) -> list[MonitoringReport]:
    """Receive every report of the batch in one transaction, with one confirmation for all of
    them; a repeated send (a double click, a retry) returns the reports the first one made."""
    batch = pendings[0].key.rsplit(":", 1)[0]
    try:
        reports = [services.receive(pending, actor, now, bulk=True) for pending in pendings]
        for pending in pendings:
            db.session.delete(pending)
        confirmations.received_in_bulk(reports, actor, now)
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        reports = already_received(batch)
        if not reports:
            raise
    return reports


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def sent_batch(user: User, batch: str) -> list[MonitoringReport]:
    """The reports a batch made, for someone who may see every one of them (the provider's staff
    of those settings); nothing for anyone else."""
    reports = already_received(batch)
    if not reports:
        return []
    ids = [report.id for report in reports]
    visible = set(
        db.session.scalars(
            visible_monitoring_reports(user).where(MonitoringReport.id.in_(ids)).with_only_columns(MonitoringReport.id)
        )
    )
    return reports if visible == set(ids) else []


def already_received(key: str) -> list[MonitoringReport]:
    """The reports a bulk submission with this key made (a repeated POST shows them again)."""
    return list(
        db.session.scalars(
            select(MonitoringReport)
            .join(ReportVersion)
            .where(ReportVersion.submission_key.like(f"{_escaped(key)}:%", escape="\\"))
            .order_by(MonitoringReport.id)
        )
    )
