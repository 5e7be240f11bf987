"""Uploaded office documents are checked within bounds and by content (DESIGN.md convention 9).

A small ODT whose manifest unpacks to 190 MB is refused without being unpacked (it used to make a
worker allocate the whole manifest); a Word package whose VBA project has another name, or an ODT
with Basic or script macros, is refused as containing macros; real documents are still accepted.
"""

import io
import shutil
import subprocess
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from portal.annex_a.parser import WorkbookRejected, check_archive
from portal.core import office_archives, uploads
from portal.core.storage import Spooled, StoredFile
from tests.monitoring_reports.test_uploads import post

ODT_TYPE = "application/vnd.oasis.opendocument.text"
MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_WORD_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
DOCUMENT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def spooled(tmp_path, data: bytes, name: str = "upload") -> Spooled:
    path = tmp_path / name
    path.write_bytes(data)
    return Spooled(path=path, sha256="", size=len(data))


def content_types(
    overrides: dict[str, str] | None = None, defaults: dict[str, str] | None = None, main: str = WORD_MAIN
) -> str:
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
        **(defaults or {}),
    }
    overrides = {"/word/document.xml": main, **(overrides or {})}
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults.items())
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items())
        + "</Types>"
    )


def relationships(*pairs: tuple[str, str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
            for n, (kind, target) in enumerate(pairs, start=1)
        )
        + "</Relationships>"
    )


def docx(
    types: str | None = None,
    parts: dict[str, bytes | str] | None = None,
    document_rels: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """A Word package laid out as Word writes one, with extra ``parts``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types or content_types())
        archive.writestr("_rels/.rels", relationships((DOCUMENT_RELATIONSHIP, "word/document.xml")))
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
        )
        archive.writestr("word/_rels/document.xml.rels", relationships(*document_rels))
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def manifest(*paths: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="{MANIFEST_NS}" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_TYPE}"/>'
        + "".join(f'<manifest:file-entry manifest:full-path="{p}" manifest:media-type="text/xml"/>' for p in paths)
        + "</manifest:manifest>"
    )


def odt(parts: dict[str, bytes | str] | None = None, listed: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_TYPE)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", manifest("content.xml", *listed))
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def manifest_bomb(unpacked: int) -> bytes:
    """An ODT of about 190 KB whose manifest unpacks to ``unpacked`` bytes (spaces after the XML),
    written a megabyte at a time so the test itself never holds it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_TYPE)
        archive.writestr("content.xml", "<office:document-content/>")
        with archive.open("META-INF/manifest.xml", "w") as part:
            part.write(manifest("content.xml").encode())
            chunk = b" " * uploads.MB
            for _ in range(unpacked // uploads.MB):
                part.write(chunk)
    return buffer.getvalue()


def test_a_manifest_bomb_is_refused_without_being_unpacked(tmp_path):
    bomb = manifest_bomb(190 * uploads.MB)  # under the 200 MB the whole archive may unpack to
    assert len(bomb) < 400 * 1024
    upload = spooled(tmp_path, bomb)
    tracemalloc.start()
    try:
        with pytest.raises(uploads.UploadRejected) as refused:
            uploads.document_type(upload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.message.startswith("The selected file could not be checked because part of it is too large")
    assert peak < 3 * uploads.MB, peak


def test_a_long_manifest_that_packs_plausibly_is_refused_unread(tmp_path):
    """Not absurdly packed, but declared longer than any manifest: refused before it is read."""
    filler = "".join(
        f'<manifest:file-entry manifest:full-path="Pictures/{n:08x}.png" manifest:media-type="image/png"/>'
        for n in range(40_000)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_TYPE)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr(
            "META-INF/manifest.xml",
            manifest("content.xml").replace("</manifest:manifest>", filler + "</manifest:manifest>"),
        )
    data = buffer.getvalue()
    with pytest.raises(uploads.UploadRejected, match="could not be checked"):
        uploads.document_type(spooled(tmp_path, data))


def test_the_refusal_is_a_govuk_error_and_nothing_is_stored(client, login_as, world, db):
    login_as(world.rm)
    response = post(client, world, manifest_bomb(190 * uploads.MB), "visit.odt")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert "could not be checked because part of it is too large when unpacked" in page
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


MACRO_PACKAGES = {
    # The VBA project under another name, declared by an Override, as Word itself would read it.
    "vba part renamed": lambda: docx(
        content_types({"/word/macros.dat": VBA_TYPE}),
        {"word/macros.dat": b"\xcc" * 64},
        ((VBA_RELATIONSHIP, "macros.dat"),),
    ),
    "vba part by extension": lambda: docx(content_types(defaults={"dat": VBA_TYPE}), {"word/stuff.dat": b"\xcc" * 64}),
    "vba relationship only": lambda: docx(document_rels=((VBA_RELATIONSHIP, "x.bin"),), parts={"word/x.bin": b"\xcc"}),
    "macro-enabled main part": lambda: docx(content_types(main=MACRO_WORD_MAIN)),
    "vba data": lambda: docx(
        content_types({"/word/vbaData.xml": "application/vnd.ms-word.vbaData+xml"}),
        {"word/vbaData.xml": "<wne:vbaSuppData/>"},
    ),
    "activex control": lambda: docx(
        content_types({"/word/activeX/activeX1.xml": "application/vnd.ms-office.activeX+xml"}),
        {"word/activeX/activeX1.xml": "<ax:ocx/>"},
    ),
    "odt with basic macros": lambda: odt(
        {"Basic/Standard/Module1.xml": "<script:module/>", "Basic/script-lc.xml": "<library:libraries/>"},
        ("Basic/Standard/Module1.xml", "Basic/script-lc.xml"),
    ),
    "odt with python scripts": lambda: odt({"Scripts/python/run.py": "import os"}, ("Scripts/python/run.py",)),
    "odt manifest lists basic": lambda: odt(listed=("Basic/",)),
}


@pytest.mark.parametrize("make", MACRO_PACKAGES.values(), ids=MACRO_PACKAGES.keys())
def test_macros_are_found_by_content_not_by_name(tmp_path, make):
    with pytest.raises(uploads.UploadRejected, match="contains macros"):
        uploads.document_type(spooled(tmp_path, make()))


def test_a_dtd_in_a_part_is_refused_as_damaged(tmp_path):
    types = content_types().replace(
        '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY a "aaaa">]>'
    )
    with pytest.raises(uploads.UploadRejected, match="damaged"):
        uploads.document_type(spooled(tmp_path, docx(types)))


def test_clean_packages_are_still_accepted(tmp_path):
    assert uploads.document_type(spooled(tmp_path, docx(), "a")) == uploads.DOCX
    # A blank 6 MB bitmap packs a thousandfold; the portal never unpacks it, so it may.
    blank = docx(content_types(defaults={"bmp": "image/bmp"}), {"word/media/image1.bmp": b"BM" + bytes(6 * uploads.MB)})
    assert uploads.document_type(spooled(tmp_path, blank, "blank")) == uploads.DOCX
    assert uploads.document_type(spooled(tmp_path, odt(), "b")) == uploads.ODT
    buffer = io.BytesIO()
    Workbook().save(buffer)
    check_archive(spooled(tmp_path, buffer.getvalue(), "c"))


@pytest.mark.parametrize(
    "content_type",
    [VBA_TYPE, "application/vnd.ms-excel.macrosheet+xml"],
    ids=["renamed vba project", "excel 4.0 macro sheet"],
)
def test_a_workbook_with_macros_under_any_name_is_refused(tmp_path, content_type):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>", f'<Override PartName="/xl/code.dat" ContentType="{content_type}"/></Types>'.encode()
                )
            archive.writestr(info.filename, data)
        archive.writestr("xl/code.dat", b"\xcc" * 64)
    with pytest.raises(WorkbookRejected, match="contains macros"):
        check_archive(spooled(tmp_path, out.getvalue()))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_packages_an_office_suite_saves_have_no_macros(tmp_path):
    """The machine has LibreOffice Calc only (no Writer): its .xlsx and .ods have the content types,
    relationships and manifest a real office suite writes, and none of them is taken for macros."""
    table = tmp_path / "annex.csv"
    table.write_text("a,b\n1,2\n")
    for target in ("xlsx:Calc MS Excel 2007 XML", "ods"):
        done = subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path / "out"),
                str(table),
            ],
            capture_output=True,
            timeout=180,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 0, done.stderr
    workbook = tmp_path / "out" / "annex.xlsx"
    check_archive(spooled(tmp_path, workbook.read_bytes(), "x"))
    with zipfile.ZipFile(workbook) as archive:
        assert not office_archives.ooxml_has_macros(office_archives.Package(archive))
    with zipfile.ZipFile(tmp_path / "out" / "annex.ods") as archive:
        package = office_archives.Package(archive)
        assert "META-INF/manifest.xml" in package
        assert not office_archives.odf_has_macros(package) and not office_archives.odf_is_encrypted(package)


def test_a_workbook_part_too_large_for_openpyxl_to_read_whole_is_refused(tmp_path):
    """openpyxl reads a workbook's shared strings whole: a part over 10 MB is refused unread, even
    when the archive as a whole is under the 50 MB it may unpack to and packs plausibly."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr(
            "xl/sharedStrings.xml",
            "<sst>" + "".join(f"<si><t>{n * 7919 % 999983}</t></si>" for n in range(800_000)) + "</sst>",
        )
    with pytest.raises(WorkbookRejected, match="could not be checked because part of it is too large"):
        check_archive(spooled(tmp_path, out.getvalue()))
