"""Upload fixtures made in the test itself: a real one-page PDF, real images with metadata, and impostors."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter


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
