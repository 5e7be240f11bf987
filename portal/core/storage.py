"""Stored files: streamed to disk in chunks, named by their sha256, never held whole in memory.

Callers use four functions: ``spool`` (copy an upload to a temporary file in the instance's spool
folder, hashing it), ``keep`` (put its bytes in the configured store, then add the record),
``open_stored`` and ``find``. The store behind them is a backend chosen by STORAGE_BACKEND: the
local folder (``storage_local``) or an S3-compatible bucket shared by every app instance
(``storage_s3``). Both are content-addressed, so the same content is stored once.
"""

import hashlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import IO, BinaryIO

from flask import Flask, current_app
from sqlalchemy import BigInteger, String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.storage_backends import (  # the names callers know them by
    Backend,
    MissingFile as MissingFile,
    Spooled as Spooled,
    StorageUnavailable as StorageUnavailable,
    TooLarge as TooLarge,
)
from portal.core.storage_local import LocalBackend
from portal.extensions import Model, db

CHUNK = 64 * 1024


class StoredFile(Model):
    """A received file: what the sender called it, its size, real type and sha256."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(120))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_at: Mapped[datetime]


def spool_dir(app: Flask | None = None) -> Path:
    """Where uploads wait while they arrive and are checked: under the instance, never in the store."""
    app = app or current_app
    folder = Path(app.config.get("SPOOL_DIR") or Path(app.instance_path) / "spool")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def backend() -> Backend:
    """The configured store, made once per app."""
    made = current_app.extensions.get("portal_storage")
    if made is None:
        config = current_app.config
        if config.get("STORAGE_BACKEND", "local") == "s3":
            from portal.core.storage_s3 import S3Backend  # boto3 is loaded only when S3 is configured

            made = S3Backend(
                bucket=config["S3_BUCKET"],
                prefix=config.get("S3_PREFIX", ""),
                endpoint_url=config.get("S3_ENDPOINT_URL"),
                region=config.get("S3_REGION"),
            )
        else:
            made = LocalBackend(Path(config.get("STORAGE_DIR") or Path(current_app.instance_path) / "files"))
        current_app.extensions["portal_storage"] = made
    return made


def spool(stream: IO[bytes], max_bytes: int) -> Spooled:
    """Copy ``stream`` to a temporary file in chunks, hashing as it goes; refuse past ``max_bytes``."""
    digest = hashlib.sha256()
    size = 0
    handle, name = tempfile.mkstemp(prefix="upload-", dir=spool_dir())
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge()
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Spooled(Path(name), digest.hexdigest(), size)


def keep(spooled: Spooled, original_name: str, content_type: str, now: datetime) -> StoredFile:
    """Store the spooled file at its content address, then add its record to this transaction.

    The bytes are stored and checked before the record exists, so a committed record always has
    its bytes; if the store fails, StorageUnavailable is raised and nothing is recorded. A file
    whose record never commits is an unreferenced blob, never a receipt.
    """
    try:
        backend().put(spooled)
    finally:
        spooled.discard()
    record = StoredFile(
        sha256=spooled.sha256, size=spooled.size, content_type=content_type, original_name=original_name, stored_at=now
    )
    db.session.add(record)
    db.session.flush()
    return record


def open_stored(record: StoredFile) -> BinaryIO:
    return backend().open(record.sha256)


def find(file_id: int) -> StoredFile | None:
    return db.session.scalar(select(StoredFile).where(StoredFile.id == file_id))
