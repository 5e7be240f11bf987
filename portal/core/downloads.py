"""Files sent back to the user: stored documents byte for byte, and generated PDFs, spreadsheets
or audio. Every route that sends a file or a document sends it through here.

Nothing confidential is ever kept by any cache, the browser's own disk cache included: a
confidential download is ``private, no-store`` (a signed-out browser keeps no copy of an Annex A
or a draft report). Only a published report, which anyone may read, may be cached, briefly
(``published``). tests/core/test_confidential_downloads.py walks every route to hold this.
"""

from io import BytesIO

from flask import Response, send_file

from portal.core import storage

PRIVATE = "private, no-store"
PUBLIC = "public, max-age=300"


def stored_file(record: storage.StoredFile, inline: bool = False) -> Response:
    """A received file exactly as it was stored, under the name it was sent with."""
    response = send_file(
        storage.open_stored(record),
        mimetype=record.content_type,
        as_attachment=not inline,
        download_name=record.original_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = PRIVATE
    return response


def generated(data: bytes, mimetype: str, name: str, inline: bool = True) -> Response:
    """A confidential document the portal made for this request (a PDF, a spreadsheet, a recording)."""
    return _send(data, mimetype, name, inline, PRIVATE)


def published(data: bytes, mimetype: str, name: str) -> Response:
    """A document published to everyone (a final report on the public pages): a cache may keep it
    for five minutes."""
    return _send(data, mimetype, name, True, PUBLIC)


def _send(data: bytes, mimetype: str, name: str, inline: bool, cache_control: str) -> Response:
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=not inline, download_name=name, max_age=0)
    response.headers["Cache-Control"] = cache_control
    return response
