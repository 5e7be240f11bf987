"""Re-hash every stored file on the configured store and name any missing or altered one."""

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select

from portal.core import storage
from portal.core.storage import StoredFile
from portal.extensions import db


@dataclass
class Verification:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        return not self.missing and not self.altered


def verify_all() -> Verification:
    """Each distinct content is read once, streamed, whatever number of records share it."""
    result = Verification()
    sizes: dict[str, int] = {}
    for record in db.session.scalars(select(StoredFile).order_by(StoredFile.id)):
        sizes.setdefault(record.sha256, record.size)
        result.names.setdefault(record.sha256, []).append(f"file {record.id} ({record.original_name})")
    for sha256, size in sizes.items():
        result.checked += 1
        try:
            stream = storage.backend().open(sha256)
        except storage.MissingFile:
            result.missing.append(sha256)
            continue
        digest, length = hashlib.sha256(), 0
        with stream:
            while chunk := stream.read(storage.CHUNK):
                digest.update(chunk)
                length += len(chunk)
        if digest.hexdigest() != sha256 or length != size:
            result.altered.append(sha256)
    return result
