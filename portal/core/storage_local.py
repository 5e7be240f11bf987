"""The local store: ``<STORAGE_DIR>/<first two hex digits>/<sha256>``, for a single app instance.

A file is flushed to disk and moved into place in one rename, so its content address never holds
half a file, even if the process is killed.
"""

import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from portal.core.storage_backends import MissingFile, Spooled, StorageUnavailable


class LocalBackend:
    def __init__(self, root: Path):
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, spooled: Spooled) -> None:
        target = self.path(spooled.sha256)
        try:
            if target.exists() and target.stat().st_size == spooled.size:
                return  # the same content is stored once
            target.parent.mkdir(parents=True, exist_ok=True)
            _flush(spooled.path)
            _move_into_place(spooled.path, target)
            _flush_folder(target.parent)
        except OSError as error:
            raise StorageUnavailable(f"cannot store {spooled.sha256}: {error}") from error

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path(sha256).open("rb")
        except FileNotFoundError:
            raise MissingFile(sha256) from None
        except OSError as error:
            raise StorageUnavailable(f"cannot read {sha256}: {error}") from error


def _flush(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _move_into_place(source: Path, target: Path) -> None:
    """Rename; across file systems, copy next to the target first so the final step is still a rename."""
    try:
        os.replace(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        handle, partial = tempfile.mkstemp(prefix=".partial-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out, source.open("rb") as data:
                shutil.copyfileobj(data, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
