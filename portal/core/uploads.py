"""Checks on uploaded documents: safe names, size, and the real type by content.

A file is judged by what it contains, never by its name: a PDF must open as a PDF and not be
encrypted; a DOCX or ODT must be a sound archive with the parts of its format and no macros,
found by what its parts are declared to be. Nothing inside an archive is ever read whole
(portal/core/office_archives.py).
"""

import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath

from flask import Flask
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from werkzeug.datastructures import FileStorage

from portal.core import office_archives, storage, storage_spool, upload_limits
from portal.core.storage import Spooled

MB = 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * MB
MAX_ARCHIVE_MEMBERS = 2000
MAX_UNCOMPRESSED = 200 * MB

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "MPO": "image/jpeg"}  # MPO: phone cameras' JPEGs


NOT_SAVED = (
    "The selected file could not be saved just now, so nothing was sent: "
    "try again in a few minutes, selecting the file again"
)


class UploadRejected(Exception):
    """The message tells the user what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def safe_name(name: str | None, subject: str = "The selected file") -> str:
    """The file's own name; refuse names with folders or other path parts in them."""
    if not name or not name.strip():
        raise UploadRejected("Select a file")
    name = name.strip()
    if (
        "/" in name
        or "\\" in name
        or name in (".", "..")
        or "\x00" in name
        or PurePosixPath(name).name != name
        or PureWindowsPath(name).name != name
    ):
        raise UploadRejected(f"{subject} has a name with folder names in it: rename it and select it again")
    if len(name) > 255:
        raise UploadRejected(f"{subject} must have a name of 255 characters or fewer")
    return name


def document_type(spooled: Spooled) -> str:
    """The real type of a PDF, DOCX or ODT document, or UploadRejected saying what is wrong."""
    if spooled.size == 0:
        raise UploadRejected("The selected file is empty")
    with spooled.open() as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return _check_pdf(spooled)
    if head.startswith(b"PK\x03\x04"):
        return _check_office_archive(spooled)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRejected(
            "The selected file is password-protected or an old Word format: "
            "remove the password and save it as a PDF, DOCX or ODT"
        )
    raise UploadRejected("The selected file must be a PDF, DOCX or ODT")


def _check_pdf(spooled: Spooled) -> str:
    try:
        with spooled.open() as handle:
            reader = PdfReader(handle)
            # Only a password needed to open it refuses the file: one that guards printing or
            # editing alone (an owner password, with an empty one to open) opens for everyone.
            if reader.is_encrypted and not reader.decrypt(""):
                raise UploadRejected("The selected file is password-protected: remove the password and try again")
            if len(reader.pages) < 1:
                raise UploadRejected("The selected file is damaged or has no pages: save it again and try again")
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        raise UploadRejected("The selected file is damaged and cannot be opened: save it again and try again") from None
    return PDF


TOO_LARGE_TO_CHECK = (
    "The selected file could not be checked because part of it is too large when unpacked: "
    "save it as a PDF and try again"
)
DAMAGED = "The selected file is damaged and cannot be opened: save it again and try again"
MACROS = "The selected file contains macros: save it without macros and try again"


def _check_office_archive(spooled: Spooled) -> str:
    """A DOCX or ODT, judged by its parts; every part read is read with a cap (office_archives)."""
    try:
        with zipfile.ZipFile(spooled.path) as archive:
            if len(archive.infolist()) > MAX_ARCHIVE_MEMBERS:
                raise UploadRejected("The selected file is too complex to accept: save it as a PDF and try again")
            package = office_archives.Package(archive)
            package.check_sizes(MAX_UNCOMPRESSED)
            if "[Content_Types].xml" in package and "word/document.xml" in package:
                if office_archives.ooxml_has_macros(package):
                    raise UploadRejected(MACROS)
                return DOCX
            if "mimetype" in package and package.read("mimetype", cap=100).strip() == ODT.encode():
                if "content.xml" not in package:
                    raise UploadRejected(DAMAGED)
                if office_archives.odf_is_encrypted(package):
                    raise UploadRejected("The selected file is password-protected: remove the password and try again")
                if office_archives.odf_has_macros(package):
                    raise UploadRejected(MACROS)
                return ODT
    except UploadRejected:
        raise
    except office_archives.ArchiveRefused as refused:
        raise UploadRejected(TOO_LARGE_TO_CHECK if refused.reason == office_archives.TOO_LARGE else DAMAGED) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        OSError,
        RuntimeError,
        EOFError,
        ValueError,
        NotImplementedError,
        zlib.error,
    ):
        raise UploadRejected(DAMAGED) from None
    raise UploadRejected("The selected file must be a PDF, DOCX or ODT")


def evidence_type(spooled: Spooled) -> str:
    """Evidence may also be a photograph or a scan: a PNG or JPEG that really is one."""
    with spooled.open() as handle:
        head = handle.read(8)
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(spooled.path) as image:
                image.verify()
                kind = image.format
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise UploadRejected(
                "The selected file is damaged and cannot be opened: save it again and try again"
            ) from None
        if kind not in IMAGE_TYPES:
            raise UploadRejected("The selected file must be a PDF, DOCX, ODT, JPEG or PNG")
        return IMAGE_TYPES[kind]
    try:
        return document_type(spooled)
    except UploadRejected as error:
        if error.message.endswith("must be a PDF, DOCX or ODT"):
            raise UploadRejected("The selected file must be a PDF, DOCX, ODT, JPEG or PNG") from None
        raise


AUDIO_TYPES = {
    "MP3": "audio/mpeg",
    "MP4": "audio/mp4",
    "OggVorbis": "audio/ogg",
    "OggOpus": "audio/ogg",
    "OggFLAC": "audio/ogg",
    "WAVE": "audio/wav",
}


def audio_type(spooled: Spooled) -> str:
    """A voice recording must really be MP3, M4A, OGG or WAV audio: mutagen parses its headers."""
    import mutagen

    if spooled.size == 0:
        raise UploadRejected("The selected file is empty")
    try:
        audio = mutagen.File(spooled.path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, IndexError, KeyError, TypeError):
        audio = None
    kind = type(audio).__name__ if audio is not None else None
    if kind not in AUDIO_TYPES or not getattr(audio.info, "length", 0):
        raise UploadRejected("The selected file must be an MP3, M4A, OGG or WAV recording")
    return AUDIO_TYPES[kind]


def receive_document(
    upload: FileStorage,
    now: datetime,
    checker: Callable[[Spooled], str] = document_type,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> storage.StoredFile:
    """Stream an uploaded document to storage after checking its name, size and real type
    (``checker`` returns the type or refuses the file)."""
    name = safe_name(getattr(upload, "filename", None))
    try:
        spooled = storage.spool(upload.stream, max_bytes)
    except storage.TooLarge:
        raise UploadRejected(f"The selected file must be smaller than {max_bytes // MB} MB") from None
    try:
        content_type = checker(spooled)
    except UploadRejected:
        spooled.discard()
        raise
    try:
        return storage.keep(spooled, name, content_type, now)
    except storage.StorageUnavailable:
        raise UploadRejected(NOT_SAVED) from None


def init_app(app: Flask) -> None:
    """Uploads arrive in the spool folder and are counted per user (see storage_spool, upload_limits)."""

    storage_spool.init_app(app)
    upload_limits.init_app(app)
