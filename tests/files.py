"""Real documents made on the fly for upload tests: valid, disguised, damaged and encrypted."""

import io
import zipfile

from pypdf import PdfWriter
from reportlab.pdfgen import canvas
from werkzeug.datastructures import FileStorage


def pdf_bytes(text: str = "Visit report") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def owner_password_pdf_bytes() -> bytes:
    """A PDF that opens without a password but has an owner password guarding printing and editing."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes("Visit report, printing restricted")))
    writer.encrypt(user_password="", owner_password="owner-only", permissions_flag=0, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 10)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(data: bytes, name: str = "report.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def field(data: bytes, name: str = "report.pdf"):
    """A file as the test client posts it."""
    return (io.BytesIO(data), name)
