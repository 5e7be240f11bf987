"""Looking inside an uploaded office document (DOCX, XLSX, ODT: zip archives) with every read bounded.

A part the checks read (content types, relationships, the ODF manifest) is read at most
``MAX_PART_BYTES`` at a time, and all of them together at most ``MAX_READ_BYTES``: a small file whose
manifest unpacks to hundreds of megabytes is refused before it is unpacked. A part to be read that
is declared larger than it may be, or packed far tighter than any real document (``MAX_RATIO``),
is refused unread.

Macros are found by what the package says a part is, never by the part's name alone: an OOXML
content type or relationship of a VBA project, VBA data, ActiveX control, Excel 4.0 macro sheet or
macro-enabled document,
and an ODF package's Basic/ or Scripts/ folders (the places LibreOffice keeps Basic, Python and
JavaScript macros), whether present as entries or listed in the manifest.
"""

import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator

KB, MB = 1024, 1024 * 1024
MAX_PART_BYTES = 2 * MB
MAX_READ_BYTES = 16 * MB
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 * MB  # small parts may pack tightly (an empty XML part); large ones may not pack absurdly

CONTENT_TYPES = "[content_types].xml"
MANIFEST = "meta-inf/manifest.xml"
# Words in a content type or relationship type that only macro-bearing parts have (macrosheet:
# Excel 4.0 macros, which need no VBA project).
OOXML_MACRO_WORDS = ("vbaproject", "vbadata", "macroenabled", "activex", "macrosheet")
# What a package saved in a macro-enabled format (.xlsm, .docm) declares even with no macro in it.
MACRO_ENABLED_FORMAT = "macroenabled"
ODF_MACRO_FOLDERS = ("basic/", "scripts/")

TOO_LARGE, DAMAGED = "too large", "damaged"


class ArchiveRefused(Exception):
    """``reason`` is TOO_LARGE (a part could not be checked within the bounds) or DAMAGED."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Package:
    """The members of an open zip archive by lower-case name, with bounded reads."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            key = info.filename.lower()
            if key in self.members:  # two parts with one name: which one an office suite opens is a guess
                raise ArchiveRefused(DAMAGED)
            self.members[key] = info
        self.read_so_far = 0

    def __contains__(self, name: str) -> bool:
        return name.lower() in self.members

    def check_sizes(self, max_total: int, max_member: int | None = None, every_ratio: bool = False) -> None:
        """Refuse, unread, an archive that unpacks too large overall or in one part; with
        ``every_ratio`` (for a reader that unpacks every part), also one with any part packed
        absurdly tightly. Parts only stored, never unpacked by the portal (a picture in a
        document, which may be a blank bitmap), may pack as tightly as they like."""
        infos = self.members.values()
        if sum(info.file_size for info in infos) > max_total:
            raise ArchiveRefused(TOO_LARGE)
        for info in infos:
            if max_member is not None and info.file_size > max_member:
                raise ArchiveRefused(TOO_LARGE)
            if every_ratio and _absurdly_packed(info):
                raise ArchiveRefused(TOO_LARGE)

    def read(self, name: str, cap: int = MAX_PART_BYTES) -> bytes:
        """At most ``cap`` bytes of the part; a part that is longer, or packed absurdly tightly,
        is refused, never read whole."""
        info = self.members[name.lower()]
        if (
            info.file_size > cap
            or _absurdly_packed(info)
            or self.read_so_far + min(info.file_size, cap) > MAX_READ_BYTES
        ):
            raise ArchiveRefused(TOO_LARGE)
        with self.archive.open(info) as part:
            data = part.read(cap + 1)
        self.read_so_far += len(data)
        if len(data) > cap:
            raise ArchiveRefused(TOO_LARGE)
        return data

    def xml(self, name: str) -> ElementTree.Element:
        """A part parsed as XML. Office parts never declare a DTD, so one that does is refused
        (no entity of it is ever expanded)."""
        data = self.read(name)
        if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
            raise ArchiveRefused(DAMAGED)
        try:
            return ElementTree.fromstring(data)
        except ElementTree.ParseError:
            raise ArchiveRefused(DAMAGED) from None


def _absurdly_packed(info: zipfile.ZipInfo) -> bool:
    return info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attributes(root: ElementTree.Element, wanted: str) -> Iterator[str]:
    for element in root.iter():
        for key, value in element.attrib.items():
            if _local(key) == wanted:
                yield value


def ooxml_has_macros(package: Package, format_counts: bool = True) -> bool:
    """A Word or Excel package with a VBA project, VBA data, ActiveX controls or macro sheets,
    whatever its parts are called; with ``format_counts``, also a macro-enabled main part (a
    document saved as .docm whether or not it holds a macro)."""
    words = OOXML_MACRO_WORDS if format_counts else tuple(w for w in OOXML_MACRO_WORDS if w != MACRO_ENABLED_FORMAT)
    if any(name.endswith("vbaproject.bin") for name in package.members):
        return True
    if CONTENT_TYPES in package:
        types = [value.lower() for value in _attributes(package.xml(CONTENT_TYPES), "ContentType")]
        if any(word in value for value in types for word in words):
            return True
    for name in [name for name in package.members if name.endswith(".rels")]:
        kinds = [value.lower() for value in _attributes(package.xml(name), "Type")]
        if any(word in kind for kind in kinds for word in words):
            return True
    return False


def odf_has_macros(package: Package) -> bool:
    """An OpenDocument package with Basic or script macros in it, or listed in its manifest."""
    if any(name.startswith(ODF_MACRO_FOLDERS) for name in package.members):
        return True
    if MANIFEST in package:
        paths = [value.lower().lstrip("/") for value in _attributes(package.xml(MANIFEST), "full-path")]
        return any(path.startswith(ODF_MACRO_FOLDERS) for path in paths)
    return False


def odf_is_encrypted(package: Package) -> bool:
    if MANIFEST not in package:
        return False
    return any(_local(element.tag) == "encryption-data" for element in package.xml(MANIFEST).iter())
