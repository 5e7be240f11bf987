"""What the stores (``storage_local``, ``storage_s3``) and ``storage`` share: the backend's shape,
a spooled upload and the errors, in a module of their own so that neither imports the other."""

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol


class TooLarge(Exception):
    pass


class StorageUnavailable(Exception):
    """The store could not take or give back a file just now: nothing may be recorded as received."""


class MissingFile(StorageUnavailable):
    """A record names content the store does not hold."""


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


class Backend(Protocol):
    def put(self, spooled: Spooled) -> None:
        """Store the spooled bytes under their sha256 and check them, or raise StorageUnavailable."""

    def open(self, sha256: str) -> BinaryIO:
        """A stream of the stored bytes, or MissingFile / StorageUnavailable."""


__all__ = ["Backend", "MissingFile", "Spooled", "StorageUnavailable", "TooLarge"]
