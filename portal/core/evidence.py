"""Evidence files a provider attaches to what it writes: a complaint's point, a comment on a draft report.

Both take up to ten files a record, checked by content like any document (PDF, DOCX, ODT, JPEG or
PNG), and a request that carries them may be as large as ten of the largest.
"""

from datetime import datetime

from werkzeug.datastructures import FileStorage

from portal.core import storage, uploads
from portal.core.use_cases import Refusal

MAX_FILES = 10
MAX_REQUEST_BYTES = MAX_FILES * uploads.MAX_DOCUMENT_BYTES + uploads.MB


def receive(
    files: list[FileStorage], existing: int, now: datetime, refusal: type[Refusal], too_many: str
) -> list[storage.StoredFile]:
    """Store the files chosen on a form (an empty file input sends a part with no name, left out)
    for a record that has ``existing`` files already. Too many are refused with ``too_many``; a file
    that is not acceptable is refused with its name, so the person knows which one to change."""
    files = [f for f in files if getattr(f, "filename", "")]
    if existing + len(files) > MAX_FILES:
        raise refusal(too_many, "evidence")
    stored = []
    for upload in files:
        try:
            stored.append(uploads.receive_document(upload, now, uploads.evidence_type))
        except uploads.UploadRejected as error:
            raise refusal(f"{upload.filename}: {error.message}", "evidence") from None
    return stored
