"""Stored files: streamed to disk in chunks, named by their sha256, never held whole in memory.

The local backend keeps files under ``instance/files/<first two hex digits>/<sha256>``; a
shared backend for many app instances can replace it behind the same two functions.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import BigInteger, String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

CHUNK = 64 * 1024


class StoredFile(db.Model):
    """A received file: what the sender called it, its size, real type and sha256."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(120))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_at: Mapped[datetime]


class TooLarge(Exception):
    pass


@dataclass(frozen=True)
class Spooled:
    """An upload written to a temporary file, with its digest and size, not yet kept."""

    path: Path
    sha256: str
    size: int

    def open(self) -> BinaryIO:
        return self.path.open("rb")

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _root() -> Path:
    root = Path(current_app.config.get("STORAGE_DIR") or Path(current_app.instance_path) / "files")
    root.mkdir(parents=True, exist_ok=True)
    return root


def spool(stream: BinaryIO, max_bytes: int) -> Spooled:
    """Copy ``stream`` to a temporary file in chunks, hashing as it goes; refuse past ``max_bytes``."""
    digest = hashlib.sha256()
    size = 0
    handle, name = tempfile.mkstemp(prefix="upload-", dir=_root())
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


def _path(sha256: str) -> Path:
    return _root() / sha256[:2] / sha256


def keep(spooled: Spooled, original_name: str, content_type: str, now: datetime) -> StoredFile:
    """Move the spooled file to its content address and add its record to this transaction.

    The file is in place before the record can commit, so a committed record always has its
    bytes; a file whose record never commits is an unreferenced blob, never a receipt.
    """
    target = _path(spooled.sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        spooled.discard()
    else:
        os.replace(spooled.path, target)
    record = StoredFile(sha256=spooled.sha256, size=spooled.size, content_type=content_type,
                        original_name=original_name, stored_at=now)
    db.session.add(record)
    db.session.flush()
    return record


def open_stored(record: StoredFile) -> BinaryIO:
    return _path(record.sha256).open("rb")


def find(file_id: int) -> StoredFile | None:
    return db.session.scalar(select(StoredFile).where(StoredFile.id == file_id))
