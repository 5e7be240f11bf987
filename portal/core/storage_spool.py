"""Uploads arrive in the instance's spool folder, and what a killed process leaves there is swept.

The request writes each file part of a form straight to a named file in the spool folder (not an
anonymous temporary file, nor memory), deleted when the request ends. A process killed while a
body arrives, or while a file is being checked, leaves such a file behind: no record refers to it,
so nothing counts it, and ``flask --app wsgi portal sweep-uploads`` removes it.
"""

import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO

from flask import Flask, Request, current_app

from portal.core.storage import spool_dir

PREFIXES = ("part-", "upload-")


def init_app(app: Flask) -> None:
    """Wrap the app's request class (htmx-flask's, which adds ``request.htmx``), keeping its behaviour."""
    base: type[Request] = app.request_class

    class SpoolingRequest(base):  # type: ignore[valid-type,misc]
        def _get_file_stream(
            self,
            total_content_length: int | None,
            content_type: str | None,
            filename: str | None = None,
            content_length: int | None = None,
        ) -> IO[bytes]:
            return tempfile.NamedTemporaryFile(mode="w+b", prefix="part-", dir=spool_dir(current_app))

    app.request_class = SpoolingRequest


@dataclass(frozen=True)
class Swept:
    removed: int
    kept: int


def sweep(now: datetime, hours: float, app: Flask | None = None) -> Swept:
    """Remove spool files untouched for ``hours``; a file still arriving is written to, so it stays."""
    cutoff = (now - timedelta(hours=hours)).timestamp()
    removed = kept = 0
    for path in spool_dir(app).iterdir():
        if not path.is_file() or not path.name.startswith(PREFIXES):
            continue
        try:
            if path.stat().st_mtime <= cutoff:
                path.unlink()
                removed += 1
            else:
                kept += 1
        except FileNotFoundError:
            continue  # its request ended while we looked
    return Swept(removed, kept)
