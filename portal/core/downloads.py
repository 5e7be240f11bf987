"""Files sent back to the user: stored documents byte for byte, and generated PDFs or audio.
Nothing confidential is ever kept by a shared cache."""

from io import BytesIO

from flask import send_file

from portal.core import storage

PRIVATE = "private, no-store"


def stored_file(record: storage.StoredFile, inline: bool = False):
    """A received file exactly as it was stored, under the name it was sent with."""
    response = send_file(storage.open_stored(record), mimetype=record.content_type, as_attachment=not inline,
                         download_name=record.original_name, max_age=0)
    response.headers["Cache-Control"] = PRIVATE
    return response


def generated(data: bytes, mimetype: str, name: str, inline: bool = True, cache_control: str = PRIVATE):
    """A document the portal made for this request (a PDF, a recording)."""
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=not inline, download_name=name, max_age=0)
    response.headers["Cache-Control"] = cache_control
    return response
