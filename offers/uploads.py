"""How the files startups upload are checked: a datasheet by its PDF content, a logo re-encoded clean."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader

DATASHEET_MAX_BYTES = 10 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512
LOGO_MAX_PIXELS = 40_000_000
LOGO_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})


def check_datasheet(upload) -> None:
    """Accepts a PDF by its content, not its name: the `%PDF-` signature, then a parse by pypdf."""
    if upload.size > DATASHEET_MAX_BYTES:
        raise ValidationError({"datasheet": _("The datasheet is larger than 10 MB. Upload a smaller PDF.")})
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError({"datasheet": _("This file is not a PDF. Upload the datasheet as a PDF document.")})
    upload.seek(0)
    try:
        pages = len(PdfReader(upload).pages)
    except Exception as error:  # noqa: BLE001 - a parser fed untrusted bytes may fail in any way
        raise ValidationError(
            {"datasheet": _("This PDF is damaged and cannot be read. Export it again and retry.")}
        ) from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError({"datasheet": _("This PDF has no pages.")})


def reencode_logo(upload) -> ContentFile:
    """A clean PNG copy of an uploaded logo: decoded by Pillow, scaled down, without any metadata."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("The logo is larger than 2 MB. Upload a smaller image.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS or image.width * image.height > LOGO_MAX_PIXELS:
                raise ValueError(image.format)
            image.load()
            image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            pixels = image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError({"logo": _("Upload the logo as a PNG, JPEG or WebP image.")}) from error
    # A fresh image carries pixels only: no EXIF, no text chunks, no colour-profile payloads.
    clean = Image.new("RGBA", pixels.size)
    clean.paste(pixels)
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
