"""Upload fixtures made in the test itself: a real one-page PDF, real images with metadata, and impostors."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Datasheet"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_upload(name: str = "datasheet.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def html_as_pdf_upload() -> SimpleUploadedFile:
    body = b"<html><body><script>alert(document.cookie)</script></body></html>"
    return SimpleUploadedFile("datasheet.pdf", body, content_type="application/pdf")


def oversize_pdf_upload() -> SimpleUploadedFile:
    """A real PDF padded (with a trailing comment) to one byte over 10 MB."""
    data = pdf_bytes()
    padding = 10 * 1024 * 1024 + 1 - len(data)
    return SimpleUploadedFile("big.pdf", data + b"%" + b"x" * (padding - 1), content_type="application/pdf")


def png_with_metadata_bytes(size: tuple[int, int] = (64, 32)) -> bytes:
    image = Image.new("RGB", size, (0, 87, 183))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Secret Engineer")
    info.add_text("Comment", "GPS 50.4501N 30.5234E")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    output = io.BytesIO()
    image.save(output, format="PNG", pnginfo=info, exif=exif)
    return output.getvalue()


def png_upload(name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_with_metadata_bytes(), content_type="image/png")


def text_as_png_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.png", b"just some text, not an image\n", content_type="image/png")


def png_of_dimensions(width: int, height: int) -> bytes:
    """A real black-and-white PNG of any size, built row by row: small on disk, huge once decoded."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(row * height, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def pdf_with_open_action_script_bytes() -> bytes:
    """A one-page PDF whose catalog runs JavaScript when the document opens."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_embedded_file_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("payload.exe", b"MZ not really a program")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_script_in_object_stream_bytes() -> bytes:
    """A PDF 1.5 whose catalog, with its launch script, sits in a compressed object stream: the script's
    name never appears in the file's raw bytes."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>"
    index = b"1 0 "
    packed = zlib.compress(index + catalog)
    parts = [b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"]
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = sum(len(part) for part in parts)
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    add(
        4,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(index), len(packed))
        + packed
        + b"\nendstream",
    )
    offsets[5] = sum(len(part) for part in parts)
    rows = [struct.pack(">BIH", 0, 0, 65535), struct.pack(">BIH", 2, 4, 0)]
    rows += [struct.pack(">BIH", 1, offsets[number], 0) for number in (2, 3, 4, 5)]
    table = b"".join(rows)
    parts.append(
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    parts.append(b"startxref\n%d\n%%%%EOF\n" % offsets[5])
    return b"".join(parts)
